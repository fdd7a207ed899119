/**
 * Keeps the results of asynchronous work (sealing, opening) in the order the work was asked for:
 * every task starts at once, and each result is delivered only after the results before it.
 * {@link Sequencer.cancel} drops every result not yet delivered.
 */
export class Sequencer {
  private tail: Promise<void> = Promise.resolve();
  private generation = 0;
  private waiting = 0;

  /** Tasks whose result is not delivered (or dropped) yet. */
  get pending(): number {
    return this.waiting;
  }

  /**
   * Starts `work` now; calls `deliver` with its result, or `fail` with its error, after every
   * earlier task's callback, unless {@link Sequencer.cancel} was called since.
   */
  push<T>(
    work: () => Promise<T>,
    deliver: (value: T) => void,
    fail: (error: unknown) => void,
  ): void {
    const generation = this.generation;
    const result = Promise.resolve().then(work);
    result.catch(() => undefined);
    this.waiting += 1;

    this.tail = this.tail
      .then(() => result)
      .then(
        (value) => {
          if (generation === this.generation) deliver(value);
        },
        (error: unknown) => {
          if (generation === this.generation) fail(error);
        },
      )
      .catch(() => undefined)
      .finally(() => {
        this.waiting -= 1;
      });
  }

  /** Drops the results of every task asked for so far. */
  cancel(): void {
    this.generation += 1;
  }

  /** Resolves once every task asked for so far has delivered or been dropped. */
  idle(): Promise<void> {
    return this.tail;
  }
}
