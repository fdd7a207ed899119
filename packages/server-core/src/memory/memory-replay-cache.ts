import type { ReplayCache } from '../interfaces/replay-cache.js';

/** Remembered signatures in a `Map`, swept as they expire. */
export class MemoryReplayCache implements ReplayCache {
  private readonly seen = new Map<string, number>();
  private lastSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  remember(signature: string, ttlMs: number): boolean {
    const now = this.now();
    this.sweep(now);

    const until = this.seen.get(signature);
    if (until !== undefined && until > now) return false;

    this.seen.set(signature, now + ttlMs);
    return true;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < 10_000) return;
    this.lastSweep = now;

    for (const [signature, until] of this.seen) {
      if (until <= now) this.seen.delete(signature);
    }
  }
}
