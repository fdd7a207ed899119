import { describe, expect, it } from 'vitest';
import type { Unsubscribed, WordSocketError } from '../src/index.js';
import { makeClient } from './support/clients.js';
import { mintToken, publish } from './support/relay.js';
import { relayPerTest } from './support/relay-per-test.js';
import { reach, sleep, until } from './support/wait.js';

const now = () => Math.floor(Date.now() / 1000);

/** A token refresh that no longer grants a channel reads the same on both transports. */
describe('a channel revoked by a token refresh', () => {
  const t = relayPerTest({ timings: { clockSkewSec: 0 } });

  it.each(['websocket', 'sse'] as const)(
    'is reported on %s as unsubscribed (revoked), without an error',
    async (transport) => {
      let calls = 0;
      const client = makeClient(t.base, t.site, {
        transports: [transport],
        getToken: () => {
          calls++;
          const prefixes = calls === 1 ? ['a', 'b'] : ['a'];
          return mintToken(t.site, {
            iat: now(),
            exp: now() + 3,
            allowed_channel_prefixes: prefixes,
          });
        },
      });
      const unsubscribed: Unsubscribed[] = [];
      const errors: WordSocketError[] = [];
      const events: string[] = [];
      client.on('unsubscribed', (u) => unsubscribed.push(u));
      client.on('error', (e) => errors.push(e));
      client.on('message', (m) => events.push(m.event));
      client.connect();
      await client.subscribe('a');
      await client.subscribe('b');
      await reach(client, 'connected');

      await until(() => unsubscribed.length === 1, 10_000, 'the revocation');
      await publish(t.base, t.site, { channel: 'a', event: 'kept', data: 1 });
      await until(() => events.includes('kept'));
      await sleep(100);

      expect(unsubscribed).toEqual([{ channel: 'b', reason: 'revoked' }]);
      expect(errors).toEqual([]);
      expect(client.channels).toEqual(['a']);
      expect(client.state).toBe('connected');
    },
  );
});
