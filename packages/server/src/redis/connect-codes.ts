import { createHash } from 'node:crypto';
import type { ConnectCodes, ConnectGrant } from '@wordsocket/server-core';
import type { Redis } from 'ioredis';

/**
 * Connect codes in Redis, so the node that approved a connect and the node that answers the
 * exchange need not be the same. Keys hold a SHA-256 of the code, expire with the grant, and
 * `GETDEL` (Redis 6.2+) makes each code single-use across nodes.
 */
export class RedisConnectCodes implements ConnectCodes {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #now: () => number;

  constructor(redis: Redis, prefix: string, now: () => number = Date.now) {
    this.#redis = redis;
    this.#prefix = `${prefix}connect:`;
    this.#now = now;
  }

  async put(code: string, grant: ConnectGrant): Promise<void> {
    const ttlMs = Math.max(1, grant.expires_at - this.#now());
    await this.#redis.set(this.#key(code), JSON.stringify(grant), 'PX', ttlMs);
  }

  async take(code: string): Promise<ConnectGrant | undefined> {
    if (typeof code !== 'string' || code.length === 0 || code.length > 512) return undefined;

    const json = await this.#redis.getdel(this.#key(code));
    if (json === null) return undefined;

    const grant = JSON.parse(json) as ConnectGrant;
    return grant.expires_at > this.#now() ? grant : undefined;
  }

  #key(code: string): string {
    return this.#prefix + createHash('sha256').update(code, 'utf8').digest('hex');
  }
}
