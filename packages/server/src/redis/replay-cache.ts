import type { ReplayCache } from '@wordsocket/server-core';
import type { Redis } from 'ioredis';

/**
 * Accepted publish signatures in Redis, shared by every node: `SET key 1 NX PX ttl` succeeds for
 * exactly one caller, so a signature replayed against another node is refused too.
 */
export class RedisReplayCache implements ReplayCache {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#prefix = `${prefix}replay:`;
  }

  async remember(signature: string, ttlMs: number): Promise<boolean> {
    const reply = await this.#redis.set(this.#prefix + signature, '1', 'PX', ttlMs, 'NX');
    return reply === 'OK';
  }
}
