import type { Awaitable } from './awaitable.js';

/** What the relay hands a {@link ConnectionCounter} when it starts. */
export interface CounterContext {
  /**
   * This node's connections per site, admissions still being decided included: the truth a
   * shared counter rewrites this node's share from on each heartbeat.
   */
  local(): ReadonlyMap<string, number>;
  /** Reports a failure of background work or bad stored data as a relay `error` event. */
  report(error: unknown, context: string): void;
}

/**
 * Counts each site's connections against its limit (`max_connections`, close code `4029`).
 * A single-node relay uses {@link MemoryConnectionCounter}; a cluster shares one counter (in
 * Redis, for example) so that the limit holds across nodes.
 *
 * Contract: `acquire` is atomic, so of two nodes admitting the last free slot at once exactly
 * one gets `true`. Every `true` is matched by one `release` when the connection ends. A shared
 * counter must stop counting the connections of a node that died within a bounded time.
 */
export interface ConnectionCounter {
  /** Called once by the relay before anything else. */
  start?(context: CounterContext): Awaitable<void>;
  /** Counts one more connection of the site on this node when the site has fewer than `limit`. */
  acquire(siteId: string, limit: number): Awaitable<boolean>;
  /** Stops counting one connection of the site on this node. */
  release(siteId: string): Awaitable<void>;
  /** The site's connections on every live node. */
  count(siteId: string): Awaitable<number>;
  /** Stops background work and withdraws this node's counts; the relay calls it from `close()`. */
  close?(): Awaitable<void>;
}
