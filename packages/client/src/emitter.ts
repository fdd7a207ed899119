/** A listener of event `K` of map `M`. */
export type Listener<M, K extends keyof M> = (payload: M[K]) => void;

/**
 * A minimal typed event emitter. A listener that throws does not disturb the emitter or the
 * other listeners: its error is rethrown on a fresh task, where the host reports it.
 */
export class Emitter<M> {
  private readonly listeners = new Map<keyof M, Set<Listener<M, never>>>();

  /**
   * Calls `listener` for every `event`. Returns a function that removes it.
   *
   * @example
   * ```ts
   * const off = client.on('message', (message) => render(message));
   * off();
   * ```
   */
  on<K extends keyof M>(event: K, listener: Listener<M, K>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener<M, never>);

    return () => this.off(event, listener);
  }

  /** Removes a listener added with {@link Emitter.on}. */
  off<K extends keyof M>(event: K, listener: Listener<M, K>): void {
    this.listeners.get(event)?.delete(listener as Listener<M, never>);
  }

  /** Calls every listener of `event` with `payload`. */
  protected emit<K extends keyof M>(event: K, payload: M[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;

    for (const listener of [...set]) {
      try {
        (listener as Listener<M, K>)(payload);
      } catch (error) {
        setTimeout(() => {
          throw error;
        });
      }
    }
  }
}
