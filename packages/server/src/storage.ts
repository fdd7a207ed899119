import type { SiteStore } from '@wordsocket/server-core';
import type { Redis } from 'ioredis';
import type { ServerConfig } from './config.js';
import { closeRedis, connectRedis } from './redis/connection.js';
import { RedisSiteStore } from './redis/site-store.js';
import { openDatabase, type SqliteDatabase } from './sqlite/database.js';
import { SqliteSiteStore } from './sqlite/site-store.js';

/** The storage a server or a CLI command works on, opened from a configuration. */
export interface Storage {
  db: SqliteDatabase;
  sites: SiteStore;
  /** The Redis connection in Redis mode. */
  redis: Redis | undefined;
  close(): Promise<void>;
}

/**
 * Opens the data directory's database and, in Redis mode, a Redis connection. Sites live in
 * SQLite unless `redisSites` asks for Redis; the operator key hash always stays in SQLite.
 */
export async function openStorage(
  config: Pick<ServerConfig, 'dataDir' | 'redisUrl' | 'redisPrefix' | 'redisSites'>,
  onRedisError?: (error: Error) => void,
): Promise<Storage> {
  const db = openDatabase(config.dataDir);
  let redis: Redis | undefined;

  try {
    if (config.redisUrl) redis = await connectRedis(config.redisUrl, onRedisError);
  } catch (error) {
    db.close();
    throw error;
  }

  const sites =
    config.redisSites && redis
      ? new RedisSiteStore(redis, config.redisPrefix)
      : new SqliteSiteStore(db);

  return {
    db,
    sites,
    redis,
    close: async () => {
      if (redis) await closeRedis(redis);
      if (db.open) db.close();
    },
  };
}
