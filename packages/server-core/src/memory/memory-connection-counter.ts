import type { ConnectionCounter } from '../interfaces/connection-counter.js';

/** Connections per site in a `Map`: the count of one process, or of relays sharing it. */
export class MemoryConnectionCounter implements ConnectionCounter {
  private readonly counts = new Map<string, number>();

  acquire(siteId: string, limit: number): boolean {
    const count = this.counts.get(siteId) ?? 0;
    if (count >= limit) return false;
    this.counts.set(siteId, count + 1);
    return true;
  }

  release(siteId: string): void {
    const count = (this.counts.get(siteId) ?? 0) - 1;
    if (count > 0) this.counts.set(siteId, count);
    else this.counts.delete(siteId);
  }

  count(siteId: string): number {
    return this.counts.get(siteId) ?? 0;
  }
}
