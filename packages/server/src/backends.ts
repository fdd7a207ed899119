import type { RelayOptions } from '@wordsocket/server-core';
import type { Redis } from 'ioredis';
import type { Logger } from './logger.js';
import { RedisBroker } from './redis/broker.js';
import { RedisConnectCodes } from './redis/connect-codes.js';
import { RedisHistory } from './redis/history.js';
import { RedisReplayCache } from './redis/replay-cache.js';
import { SqliteConnectCodes } from './sqlite/connect-codes.js';
import type { SqliteDatabase } from './sqlite/database.js';

/**
 * The relay's backends. Alone, the relay keeps fan-out, history and the replay cache in memory
 * and connect codes in SQLite; with Redis, all four live in Redis so every node shares them.
 */
export function relayBackends(
  db: SqliteDatabase,
  redis: Redis | undefined,
  prefix: string,
  logger: Logger,
): Pick<RelayOptions, 'broker' | 'history' | 'replayCache' | 'connectCodes'> {
  if (!redis) return { connectCodes: new SqliteConnectCodes(db) };

  return {
    broker: new RedisBroker(redis, prefix, {
      onUndecodable: (channel) =>
        logger.warn('broker_message_undecodable', { redis_channel: channel }),
      onError: (error) => logger.error('redis_error', { connection: 'subscriber', error }),
    }),
    history: new RedisHistory(redis, prefix),
    replayCache: new RedisReplayCache(redis, prefix),
    connectCodes: new RedisConnectCodes(redis, prefix),
  };
}
