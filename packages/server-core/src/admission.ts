import type { ConnectionCounter } from './interfaces/connection-counter.js';

/**
 * Decides admissions through a {@link ConnectionCounter}, synchronously when the counter is.
 * When the counter fails, the failure is reported and the node decides by its own count, as a
 * single node would, so a backend outage does not turn every visitor away.
 */
export class Admission {
  /** Admissions per site whose counter answer is still awaited. */
  private readonly pending = new Map<string, number>();

  constructor(
    private readonly counter: ConnectionCounter,
    /** This node's admitted connections per site. */
    private readonly admitted: () => ReadonlyMap<string, number>,
    private readonly report: (error: unknown, context: string) => void,
  ) {}

  /** Whether one more connection of the site fits under `limit`; counts it when it does. */
  acquire(siteId: string, limit: number): boolean | Promise<boolean> {
    let answer: boolean | Promise<boolean>;
    try {
      answer = this.counter.acquire(siteId, limit);
    } catch (error) {
      return this.fallback(error, siteId, limit);
    }
    if (!(answer instanceof Promise)) return answer;

    this.add(siteId, 1);
    return answer.then(
      (ok) => {
        this.add(siteId, -1);
        return ok;
      },
      (error: unknown) => {
        this.add(siteId, -1);
        return this.fallback(error, siteId, limit);
      },
    );
  }

  /** Stops counting one admitted connection. */
  release(siteId: string): void {
    try {
      const result = this.counter.release(siteId);
      if (result instanceof Promise) {
        result.catch((error: unknown) => this.report(error, 'connections.release'));
      }
    } catch (error) {
      this.report(error, 'connections.release');
    }
  }

  /** The site's connections across nodes; this node's own when the counter fails. */
  async count(siteId: string): Promise<number> {
    try {
      return await this.counter.count(siteId);
    } catch (error) {
      this.report(error, 'connections.count');
      return this.admitted().get(siteId) ?? 0;
    }
  }

  /** This node's connections per site, admissions being decided included. */
  local(): Map<string, number> {
    const counts = new Map(this.admitted());
    for (const [siteId, n] of this.pending) counts.set(siteId, (counts.get(siteId) ?? 0) + n);
    return counts;
  }

  private fallback(error: unknown, siteId: string, limit: number): boolean {
    this.report(error, 'connections.acquire');
    const here = (this.admitted().get(siteId) ?? 0) + (this.pending.get(siteId) ?? 0);
    return here < limit;
  }

  private add(siteId: string, n: number): void {
    const count = (this.pending.get(siteId) ?? 0) + n;
    if (count > 0) this.pending.set(siteId, count);
    else this.pending.delete(siteId);
  }
}
