import { describe, expect, it } from 'vitest';
import { type StateChange, WordSocketError } from '../src/index.js';
import { makeClient } from './support/clients.js';
import { mintToken } from './support/relay.js';
import { relayPerTest } from './support/relay-per-test.js';
import { reach, until } from './support/wait.js';

describe('a getToken() that fails', () => {
  const t = relayPerTest();

  it('emits a token_failed error with the cause on each failure, then connects once it works', async () => {
    const causes = [new Error('wp-json down'), new TypeError('fetch failed')];
    let calls = 0;
    const client = makeClient(t.base, t.site, {
      reconnectDelay: 10,
      getToken: () => {
        const cause = causes[calls++];
        return cause ? Promise.reject(cause) : mintToken(t.site);
      },
    });
    const errors: WordSocketError[] = [];
    const states: StateChange[] = [];
    client.on('error', (error) => errors.push(error));
    client.on('state', (change) => states.push(change));
    client.connect();

    await reach(client, 'connected');
    await until(() => errors.length >= 2, 10_000, 'two token_failed errors');

    expect(errors).toHaveLength(2);
    for (const [i, error] of errors.entries()) {
      expect(error).toBeInstanceOf(WordSocketError);
      expect(error.code).toBe('token_failed');
      expect(error.cause).toBe(causes[i]);
      expect(error.message).toContain((causes[i] as Error).message);
    }
    const retries = states.filter((s) => s.state === 'reconnecting');
    expect(retries.map((s) => s.reason)).toEqual(['token_failed', 'token_failed']);
  });
});
