import { Redis } from 'ioredis';
import { ServerError } from '../errors.js';

/**
 * Opens a Redis connection and waits until it is ready, so a wrong URL fails at startup with
 * `redis_unavailable` instead of queueing commands forever. Commands issued later while Redis is
 * briefly away are retried a few times, then rejected; the connection keeps reconnecting and
 * reports each failure to `onError` (without a listener, ioredis would print to the console).
 */
export async function connectRedis(
  url: string,
  onError: (error: Error) => void = () => {},
): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 3,
    connectTimeout: 5000,
  });
  redis.on('error', onError);

  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new ServerError(
      'redis_unavailable',
      `cannot connect to Redis: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }

  return redis;
}

/** Closes a connection politely, falling back to a hard disconnect when QUIT cannot be sent. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;

  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
