/** Reports a listener's exception to the page (window.onerror) without stopping the others. */
export function report(error: unknown): void {
  setTimeout(() => {
    throw error;
  });
}

/** A small typed event emitter whose listeners cannot break each other. */
export class Emitter<M> {
  readonly #listeners = new Map<keyof M, Set<(payload: never) => void>>();

  /** Calls `listener` for every `event`; returns a function that removes it. */
  on<K extends keyof M>(event: K, listener: (payload: M[K]) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener as (payload: never) => void);

    return () => {
      set.delete(listener as (payload: never) => void);
    };
  }

  /** Calls every listener of `event`. */
  emit<K extends keyof M>(event: K, payload: M[K]): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      try {
        (listener as (payload: M[K]) => void)(payload);
      } catch (error) {
        report(error);
      }
    }
  }
}
