import type { ConnectionCounter, CounterContext } from '@wordsocket/server-core';
import type { Redis } from 'ioredis';
import { ServerError } from '../errors.js';
import { ACQUIRE, COUNT, HEARTBEAT, RELEASE } from './counter-scripts.js';
import { checkedLeaseMs, Heartbeat, type NodeLeaseOptions, newNodeId } from './lease.js';

/**
 * Connections per site shared by every node, in the hash `{prefix}conns:{site_id}`: each node
 * owns its count there under a lease it renews every third of `leaseMs`. Admission is one Lua
 * script (live total under the limit, then one more), so nodes admitting at once never pass
 * the limit; a node that dies stops counting when its lease ends. Each heartbeat rewrites this
 * node's counts from the relay's own, so lost or damaged data heals within a heartbeat.
 */
export class RedisConnectionCounter implements ConnectionCounter {
  readonly nodeId: string;
  readonly leaseMs: number;
  readonly #redis: Redis;
  readonly #prefix: string;
  #context: CounterContext | undefined;
  #heartbeat: Heartbeat | undefined;
  /** Sites this node has a count written for. */
  #written = new Set<string>();

  constructor(redis: Redis, prefix: string, options: NodeLeaseOptions = {}) {
    this.#redis = redis;
    this.#prefix = `${prefix}conns:`;
    this.leaseMs = checkedLeaseMs(options.leaseMs);
    this.nodeId = options.nodeId ?? newNodeId();
  }

  start(context: CounterContext): void {
    this.#context = context;
    this.#heartbeat = new Heartbeat(this.leaseMs, () => this.beat());
  }

  async acquire(siteId: string, limit: number): Promise<boolean> {
    const key = this.#key(siteId);
    const [admitted, bad] = (await this.#redis.eval(
      ACQUIRE,
      1,
      key,
      this.nodeId,
      limit,
      this.leaseMs,
    )) as [number, number];
    this.#check(bad, key);
    if (admitted === 1) this.#written.add(siteId);
    return admitted === 1;
  }

  async release(siteId: string): Promise<void> {
    const key = this.#key(siteId);
    this.#check(Number(await this.#redis.eval(RELEASE, 1, key, this.nodeId)), key);
  }

  async count(siteId: string): Promise<number> {
    const key = this.#key(siteId);
    const [total, bad] = (await this.#redis.eval(COUNT, 1, key, this.nodeId)) as [number, number];
    this.#check(bad, key);
    return total;
  }

  /** Rewrites this node's counts and renews its lease; the timer calls it, tests may too. */
  async beat(): Promise<void> {
    const local = this.#context?.local() ?? new Map<string, number>();
    const sites = [...new Set([...this.#written, ...local.keys()])];
    if (sites.length === 0) return;

    const pipeline = this.#redis.pipeline();
    for (const site of sites) {
      pipeline.eval(HEARTBEAT, 1, this.#key(site), this.nodeId, local.get(site) ?? 0, this.leaseMs);
    }
    this.#written = new Set(sites.filter((site) => (local.get(site) ?? 0) > 0));
    let results: [Error | null, unknown][];
    try {
      results = (await pipeline.exec()) ?? [];
    } catch (error) {
      this.#context?.report(error, 'connections.heartbeat');
      return;
    }
    // One report per heartbeat, however many sites failed (an outage fails them all).
    let failure: Error | undefined;
    results.forEach(([error, bad], index) => {
      if (error) failure ??= error;
      else this.#check(Number(bad), this.#key(sites[index] as string));
    });
    if (failure) this.#context?.report(failure, 'connections.heartbeat');
  }

  /** Stops the heartbeat and withdraws this node's counts. */
  async close(): Promise<void> {
    this.#heartbeat?.stop();
    const sites = [...this.#written];
    this.#written.clear();
    if (sites.length === 0) return;

    const pipeline = this.#redis.pipeline();
    for (const site of sites) pipeline.eval(HEARTBEAT, 1, this.#key(site), this.nodeId, 0, 1);
    await pipeline.exec();
  }

  #key(siteId: string): string {
    return this.#prefix + siteId;
  }

  #check(bad: number, key: string): void {
    if (!(bad > 0)) return;
    const error = new ServerError(
      'redis_data_invalid',
      `${bad} malformed entries under ${key} were removed`,
    );
    this.#context?.report(error, 'connections.data');
  }
}
