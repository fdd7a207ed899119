import type { RelayOptions } from '@wordsocket/server-core';
import type { Redis } from 'ioredis';
import type { Logger } from './logger.js';
import { RedisBroker } from './redis/broker.js';
import { RedisConnectCodes } from './redis/connect-codes.js';
import { RedisConnectionCounter } from './redis/connection-counter.js';
import { RedisHistory } from './redis/history.js';
import { newNodeId } from './redis/lease.js';
import { RedisPresenceStore } from './redis/presence-store.js';
import { RedisReplayCache } from './redis/replay-cache.js';
import { SqliteConnectCodes } from './sqlite/connect-codes.js';
import type { SqliteDatabase } from './sqlite/database.js';

/**
 * The relay's backends. Alone, the relay keeps fan-out, history, the replay cache, connection
 * counts and presence in memory and connect codes in SQLite; with Redis, all of them live in
 * Redis so every node shares them (counts and presence members owned per node, under a lease of
 * `leaseMs`).
 */
export function relayBackends(
  db: SqliteDatabase,
  redis: Redis | undefined,
  prefix: string,
  logger: Logger,
  leaseMs?: number,
): Pick<
  RelayOptions,
  'broker' | 'history' | 'replayCache' | 'connectCodes' | 'connectionCounter' | 'presenceStore'
> {
  if (!redis) return { connectCodes: new SqliteConnectCodes(db) };

  const lease = { leaseMs, nodeId: newNodeId() };

  return {
    broker: new RedisBroker(redis, prefix, {
      onUndecodable: (channel) =>
        logger.warn('broker_message_undecodable', { redis_channel: channel }),
      onError: (error) => logger.error('redis_error', { connection: 'subscriber', error }),
    }),
    history: new RedisHistory(redis, prefix),
    replayCache: new RedisReplayCache(redis, prefix),
    connectCodes: new RedisConnectCodes(redis, prefix),
    connectionCounter: new RedisConnectionCounter(redis, prefix, lease),
    presenceStore: new RedisPresenceStore(redis, prefix, lease),
  };
}
