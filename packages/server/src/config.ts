import { resolve } from 'node:path';
import { ServerError } from './errors.js';
import { MAX_LEASE_MS, MIN_LEASE_MS } from './redis/lease.js';

/** Everything the server needs to start, after flags and environment are merged. */
export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  /** The operator key from `WORDSOCKET_ADMIN_KEY`; absent means "use or create the stored one". */
  adminKey: string | undefined;
  redisUrl: string | undefined;
  redisPrefix: string;
  /** Keep sites in Redis instead of SQLite (needs `redisUrl`). */
  redisSites: boolean;
  /**
   * How long a node's connection counts and presence members outlive its last heartbeat in
   * Redis (heartbeats come every third of it); from `MIN_LEASE_MS` (1 s) to `MAX_LEASE_MS`
   * (one day).
   */
  redisLeaseMs: number;
  logLevel: LogLevel;
  /** How long shutdown waits for clients to go before it closes what is left. */
  shutdownTimeoutMs: number;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** The shortest operator key accepted from the environment: 128 bits written as hex. */
export const MIN_ADMIN_KEY_LENGTH = 32;

/** Flag values for the server, as given on the command line (all optional). */
export interface ServerFlags {
  host?: string | undefined;
  port?: string | undefined;
  'data-dir'?: string | undefined;
  redis?: string | undefined;
  'redis-prefix'?: string | undefined;
  'redis-sites'?: boolean | undefined;
  'log-level'?: string | undefined;
}

/**
 * Merges flags over environment over defaults and checks every value.
 *
 * @throws {ServerError} `invalid_value` naming the flag or variable that is wrong.
 */
export function resolveConfig(
  flags: ServerFlags,
  env: NodeJS.ProcessEnv,
  cwd: string = process.cwd(),
): ServerConfig {
  const host = pick(flags.host, env.HOST, '127.0.0.1');
  if (host.length === 0 || /\s/.test(host)) {
    throw new ServerError('invalid_value', `host must be a hostname or address, got "${host}"`);
  }

  const port = parsePort(
    pick(flags.port, env.PORT, '8080'),
    flags.port !== undefined ? '--port' : 'PORT',
  );
  const dataDir = resolve(cwd, pick(flags['data-dir'], env.WORDSOCKET_DATA_DIR, './data'));
  const adminKey = parseAdminKey(env.WORDSOCKET_ADMIN_KEY);
  const redisUrl = parseRedisUrl(flags.redis ?? emptyToUndefined(env.WORDSOCKET_REDIS_URL));
  const redisPrefix = pick(flags['redis-prefix'], env.WORDSOCKET_REDIS_PREFIX, 'wordsocket:');
  const redisSites = flags['redis-sites'] ?? parseBoolean(env.WORDSOCKET_REDIS_SITES);
  if (redisSites && !redisUrl) {
    throw new ServerError('invalid_value', '--redis-sites needs --redis or WORDSOCKET_REDIS_URL');
  }

  const redisLeaseMs = parseIntInRange(
    pick(undefined, env.WORDSOCKET_REDIS_LEASE_MS, '15000'),
    'WORDSOCKET_REDIS_LEASE_MS',
    MIN_LEASE_MS,
    MAX_LEASE_MS,
  );

  const logLevel = pick(flags['log-level'], env.WORDSOCKET_LOG_LEVEL, 'info');
  if (!LOG_LEVELS.includes(logLevel as LogLevel)) {
    throw new ServerError(
      'invalid_value',
      `log level must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`,
    );
  }

  const shutdownTimeoutMs = parsePositiveInt(
    pick(undefined, env.WORDSOCKET_SHUTDOWN_TIMEOUT_MS, '10000'),
    'WORDSOCKET_SHUTDOWN_TIMEOUT_MS',
  );

  return {
    host,
    port,
    dataDir,
    adminKey,
    redisUrl,
    redisPrefix,
    redisSites,
    redisLeaseMs,
    logLevel: logLevel as LogLevel,
    shutdownTimeoutMs,
  };
}

function pick(flag: string | undefined, envValue: string | undefined, fallback: string): string {
  return flag ?? emptyToUndefined(envValue) ?? fallback;
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function parsePort(text: string, label: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) {
    throw new ServerError(
      'invalid_value',
      `${label} must be an integer from 0 to 65535, got "${text}"`,
    );
  }

  return Number(text);
}

function parsePositiveInt(text: string, label: string): number {
  if (!/^\d{1,9}$/.test(text) || Number(text) === 0) {
    throw new ServerError('invalid_value', `${label} must be a positive integer, got "${text}"`);
  }

  return Number(text);
}

function parseIntInRange(text: string, label: string, min: number, max: number): number {
  const value = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw new ServerError(
      'invalid_value',
      `${label} must be an integer from ${min} to ${max} (milliseconds), got "${text}"`,
    );
  }

  return value;
}

function parseBoolean(text: string | undefined): boolean {
  return text === '1' || text === 'true';
}

function parseAdminKey(text: string | undefined): string | undefined {
  const key = emptyToUndefined(text);
  if (key === undefined) return undefined;

  if (key.length < MIN_ADMIN_KEY_LENGTH || /\s/.test(key)) {
    throw new ServerError(
      'invalid_admin_key',
      `WORDSOCKET_ADMIN_KEY must be at least ${MIN_ADMIN_KEY_LENGTH} characters without whitespace (try: openssl rand -hex 32)`,
    );
  }

  return key;
}

function parseRedisUrl(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;

  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ServerError(
      'invalid_value',
      'the Redis URL is not a URL (expected redis://host:port)',
    );
  }

  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new ServerError('invalid_value', `the Redis URL must start with redis:// or rediss://`);
  }

  return text;
}
