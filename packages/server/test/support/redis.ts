import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { isListening, requireService } from '../../../../test-support/services';

export const REDIS_URL = 'redis://127.0.0.1:6379';

/** Whether the Redis suites run here (throws under WORDSOCKET_REQUIRE_SERVICES=1 when missing). */
export const redisAvailable = requireService(
  'Redis',
  await isListening(6379),
  'start redis-server on 127.0.0.1:6379',
);

/** A key prefix no other test run uses. */
export function randomPrefix(): string {
  return `wordsocket-test:${randomBytes(6).toString('hex')}:`;
}

/** Deletes every key under `prefix` (SCAN + UNLINK; never FLUSHDB). */
export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}

/** A new connection to the test Redis. */
export function newRedis(): Redis {
  return new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
}

/**
 * Registers hooks that give each test of the suite a fresh key prefix on one shared connection,
 * deleting each prefix's keys afterwards. Call inside a `describe`.
 */
export function useRedisPrefix(): { redis: () => Redis; prefix: () => string } {
  let redis: Redis;
  let prefix = '';

  beforeAll(() => {
    redis = newRedis();
  });

  beforeEach(() => {
    prefix = randomPrefix();
  });

  afterEach(async () => {
    await deletePrefix(redis, prefix);
  });

  afterAll(() => {
    redis.disconnect();
  });

  return { redis: () => redis, prefix: () => prefix };
}
