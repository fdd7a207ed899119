/**
 * Calls `probe` when the network comes back (`online`) or the page becomes visible
 * (`visibilitychange`), where the host has those events. Returns a function that stops
 * listening. In Node there is no such event and this does nothing.
 */
export function watchLifecycle(probe: () => void): () => void {
  const g = globalThis as {
    addEventListener?: (type: string, listener: () => void) => void;
    removeEventListener?: (type: string, listener: () => void) => void;
    document?: {
      visibilityState?: string;
      addEventListener(type: string, listener: () => void): void;
      removeEventListener(type: string, listener: () => void): void;
    };
  };

  const onVisible = () => {
    if (g.document?.visibilityState === 'visible') probe();
  };

  g.addEventListener?.('online', probe);
  g.document?.addEventListener('visibilitychange', onVisible);

  return () => {
    g.removeEventListener?.('online', probe);
    g.document?.removeEventListener('visibilitychange', onVisible);
  };
}
