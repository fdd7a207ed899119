export { type LogLevel, resolveConfig, type ServerConfig, type ServerFlags } from './config.js';
export { ServerError, type ServerErrorCode } from './errors.js';
export { createLogger, type LogFields, type Logger, silentLogger } from './logger.js';
export { OperatorKey, resolveOperatorKey, rotateOperatorKey } from './operator-key.js';
export { RedisBroker } from './redis/broker.js';
export { RedisConnectCodes } from './redis/connect-codes.js';
export { closeRedis, connectRedis } from './redis/connection.js';
export { RedisConnectionCounter } from './redis/connection-counter.js';
export { RedisHistory, type RedisHistoryOptions } from './redis/history.js';
export {
  DEFAULT_LEASE_MS,
  MAX_LEASE_MS,
  MIN_LEASE_MS,
  type NodeLeaseOptions,
} from './redis/lease.js';
export { RedisPresenceStore } from './redis/presence-store.js';
export { RedisReplayCache } from './redis/replay-cache.js';
export { RedisSiteStore } from './redis/site-store.js';
export { type RunningServer, type StartOptions, startServer } from './server.js';
export { SqliteConnectCodes } from './sqlite/connect-codes.js';
export { openDatabase, type SqliteDatabase } from './sqlite/database.js';
export { SqliteSiteStore } from './sqlite/site-store.js';
