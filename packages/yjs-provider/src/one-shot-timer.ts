/** The timer functions of the host (the package compiles without DOM or Node types). */
declare function setTimeout(callback: () => void, ms: number): unknown;
declare function clearTimeout(handle: unknown): void;

/**
 * A host timer that holds at most one pending callback: starting it while a callback is pending
 * does nothing.
 */
export class OneShotTimer {
  private handle: unknown;

  /** Runs `callback` after `ms` milliseconds, unless a callback is already pending. */
  start(ms: number, callback: () => void): void {
    if (this.handle !== undefined) return;

    this.handle = setTimeout(() => {
      this.handle = undefined;
      callback();
    }, ms);
  }

  /** Drops the pending callback, if there is one. */
  cancel(): void {
    if (this.handle === undefined) return;

    clearTimeout(this.handle);
    this.handle = undefined;
  }
}
