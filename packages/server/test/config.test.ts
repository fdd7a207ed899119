import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config.js';
import { ServerError } from '../src/errors.js';

const KEY = 'k'.repeat(32);

function errorOf(run: () => unknown): ServerError {
  try {
    run();
  } catch (error) {
    if (error instanceof ServerError) return error;
    throw error;
  }
  throw new Error('expected a ServerError');
}

describe('resolveConfig', () => {
  it('listens on 127.0.0.1:8080 with ./data when nothing is set', () => {
    const config = resolveConfig({}, {}, '/srv');

    expect(config).toMatchObject({ host: '127.0.0.1', port: 8080, dataDir: '/srv/data' });
    expect(config.redisUrl).toBeUndefined();
    expect(config.adminKey).toBeUndefined();
  });

  it('takes HOST, PORT and WORDSOCKET_DATA_DIR from the environment', () => {
    const config = resolveConfig(
      {},
      { HOST: '0.0.0.0', PORT: '9000', WORDSOCKET_DATA_DIR: 'd' },
      '/x',
    );

    expect(config).toMatchObject({ host: '0.0.0.0', port: 9000, dataDir: '/x/d' });
  });

  it('prefers flags over the environment', () => {
    const config = resolveConfig({ port: '7000', host: '::1' }, { PORT: '9000', HOST: 'a' });

    expect(config).toMatchObject({ port: 7000, host: '::1' });
  });

  it('refuses a port that is not an integer from 0 to 65535', () => {
    for (const port of ['http', '-1', '65536', '80.5', '']) {
      const error = errorOf(() => resolveConfig({ port }, {}));
      expect(error.code).toBe('invalid_value');
      expect(error.message).toContain('--port');
    }
  });

  it('names the PORT variable when the bad port came from the environment', () => {
    expect(errorOf(() => resolveConfig({}, { PORT: 'abc' })).message).toContain('PORT');
  });

  it('refuses an operator key shorter than 32 characters', () => {
    const error = errorOf(() => resolveConfig({}, { WORDSOCKET_ADMIN_KEY: 'short' }));

    expect(error.code).toBe('invalid_admin_key');
  });

  it('accepts a long enough operator key from the environment', () => {
    expect(resolveConfig({}, { WORDSOCKET_ADMIN_KEY: KEY }).adminKey).toBe(KEY);
  });

  it('refuses a Redis URL that is not redis:// without echoing it', () => {
    const error = errorOf(() => resolveConfig({ redis: 'http://user:hunter2@127.0.0.1' }, {}));

    expect(error.code).toBe('invalid_value');
    expect(error.message).not.toContain('hunter2');
  });

  it('refuses --redis-sites without a Redis URL', () => {
    expect(errorOf(() => resolveConfig({ 'redis-sites': true }, {})).code).toBe('invalid_value');
  });

  it('refuses an unknown log level', () => {
    expect(errorOf(() => resolveConfig({ 'log-level': 'loud' }, {})).code).toBe('invalid_value');
  });

  it('reads the Redis URL from WORDSOCKET_REDIS_URL', () => {
    const config = resolveConfig({}, { WORDSOCKET_REDIS_URL: 'redis://127.0.0.1:6379' });

    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
  });

  it('refuses a Redis lease under a second or over a day, naming the variable', () => {
    for (const value of ['1', '999', '86400001', '1e4', '-1000']) {
      const error = errorOf(() => resolveConfig({}, { WORDSOCKET_REDIS_LEASE_MS: value }));
      expect(error.code).toBe('invalid_value');
      expect(error.message).toContain('WORDSOCKET_REDIS_LEASE_MS must be an integer from 1000');
    }
    expect(resolveConfig({}, { WORDSOCKET_REDIS_LEASE_MS: '1000' }).redisLeaseMs).toBe(1000);
    expect(resolveConfig({}, {}).redisLeaseMs).toBe(15_000);
  });
});
