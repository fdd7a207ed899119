import { afterEach, describe, expect, it } from 'vitest';
import type { StateChange } from '../src/index.js';
import { closeAll, makeClient } from './support/clients.js';
import { FaultyProxy } from './support/proxy.js';
import { mintToken, publish, startRelay, type TestRelay } from './support/relay.js';
import { reach, sleep, until } from './support/wait.js';

const now = () => Math.floor(Date.now() / 1000);

describe('tokens against a real relay', () => {
  let t: TestRelay;
  let proxy: FaultyProxy | undefined;

  afterEach(async () => {
    closeAll();
    await proxy?.stop();
    proxy = undefined;
    await t.stop();
  });

  it.each(['websocket', 'sse'] as const)(
    'replaces an expiring token in-band on %s without reconnecting',
    async (transport) => {
      t = await startRelay({ timings: { clockSkewSec: 0 } });
      let calls = 0;
      const client = makeClient(t.base, t.site, {
        transports: [transport],
        getToken: () => {
          calls++;
          return mintToken(t.site, { iat: now(), exp: now() + 3 });
        },
      });
      const states: StateChange[] = [];
      const events: string[] = [];
      client.on('state', (s) => states.push(s));
      client.on('message', (m) => events.push(m.event));
      client.connect();
      await client.subscribe('posts');
      await reach(client, 'connected');

      await sleep(4500);
      await publish(t.base, t.site, { channel: 'posts', event: 'after-expiry', data: 1 });
      await until(() => events.length === 1);

      expect(calls).toBeGreaterThanOrEqual(2);
      expect(states.map((s) => s.state)).toEqual(['connecting', 'connected']);
    },
  );

  it('calls a slow getToken() once per expiry however often the connection is forced to reconnect', async () => {
    t = await startRelay();
    proxy = await FaultyProxy.start(t.port);
    let calls = 0;
    const client = makeClient(proxy.base, t.site, {
      restartWindow: 50,
      reconnectDelay: 50,
      getToken: async () => {
        calls++;
        await sleep(1000);
        return mintToken(t.site, { iat: now(), exp: now() + 4 });
      },
    });
    client.connect();
    await client.subscribe('posts');
    await reach(client, 'connected');
    const started = Date.now();

    while (Date.now() - started < 5000) {
      proxy.dropAll();
      await sleep(150);
    }
    await reach(client, 'connected', 5000);

    expect(calls).toBe(2);
  });

  it('halts with token_rejected after a fresh token is refused too, calling getToken() twice', async () => {
    t = await startRelay();
    let calls = 0;
    const client = makeClient(t.base, t.site, {
      getToken: () => {
        calls++;
        return mintToken({ ...t.site, jwt_secret: 'f'.repeat(64) });
      },
    });
    const states: StateChange[] = [];
    client.on('state', (s) => states.push(s));
    client.connect();
    await reach(client, 'halted');
    await sleep(300);

    expect(calls).toBe(2);
    expect(states.at(-1)).toMatchObject({ state: 'halted', code: 4001, reason: 'token_rejected' });
    expect(states.filter((s) => s.state === 'halted')).toHaveLength(1);
  });

  it('halts with token_unavailable when getToken() resolves without a token', async () => {
    t = await startRelay();
    const client = makeClient(t.base, t.site, { getToken: () => null });
    client.connect();
    await reach(client, 'halted');

    expect(client.state).toBe('halted');
  });

  it('keeps retrying with backoff while getToken() throws, without halting', async () => {
    t = await startRelay();
    let calls = 0;
    const client = makeClient(t.base, t.site, {
      reconnectDelay: 20,
      getToken: () => {
        calls++;
        if (calls < 3) throw new Error('token endpoint unreachable');
        return mintToken(t.site);
      },
    });
    const reasons: string[] = [];
    client.on('state', (s) => reasons.push(s.reason));
    client.connect();
    await reach(client, 'connected');

    expect(reasons.filter((r) => r === 'token_failed')).toHaveLength(2);
  });

  it('halts with site_unknown when the site is removed while connected', async () => {
    t = await startRelay();
    const client = makeClient(t.base, t.site);
    client.connect();
    await reach(client, 'connected');

    const halted = reach(client, 'halted');
    await t.relay.removeSite(t.site.site_key);
    await halted;

    expect(client.state).toBe('halted');
  });
});
