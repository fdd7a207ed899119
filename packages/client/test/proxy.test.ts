import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../src/index.js';
import { closeAll, makeClient } from './support/clients.js';
import { FaultyProxy } from './support/proxy.js';
import { publish, startRelay, type TestRelay } from './support/relay.js';
import { next, reach, sleep, until } from './support/wait.js';

/**
 * A loopback proxy between client and relay breaks WebSockets in the ways real proxies do. The
 * timeouts are shortened so that each recovery happens within a second or two.
 */
describe('a client behind a faulty proxy', () => {
  let t: TestRelay;
  let proxy: FaultyProxy;
  let messages: Message[];

  beforeEach(async () => {
    t = await startRelay({ timings: { pingIntervalMs: 250, sseHeartbeatMs: 250 } });
    proxy = await FaultyProxy.start(t.port);
    messages = [];
  });
  afterEach(async () => {
    closeAll();
    await proxy.stop();
    await t.stop();
  });

  const start = async () => {
    const client = makeClient(proxy.base, t.site, {
      connectTimeout: 1000,
      livenessTimeout: 1000,
      restartWindow: 200,
      reconnectDelay: 100,
      upgradeInterval: 300,
    });
    client.on('message', (message) => messages.push(message));
    client.connect();
    await client.subscribe('posts');
    await reach(client, 'connected');
    return client;
  };

  const send = (event: string) => publish(t.base, t.site, { channel: 'posts', event, data: event });
  const events = () => messages.map((m) => m.event);

  it('falls back to SSE when the upgrade is refused, and delivers everything', async () => {
    proxy.mode = 'refuse-upgrade';
    const client = await start();

    expect(client.transport).toBe('sse');
    await send('m1');
    await send('m2');
    await until(() => messages.length === 2);
    expect(events()).toEqual(['m1', 'm2']);
  });

  it('moves back to WebSocket once upgrades work again, losing and repeating nothing', async () => {
    proxy.mode = 'refuse-upgrade';
    const client = await start();
    await send('m1');
    await until(() => messages.length === 1);

    const upgraded = next(client, 'transport');
    proxy.mode = 'pass';
    const during = Promise.all([send('m2'), send('m3')]);
    expect(await upgraded).toBe('websocket');
    await during;
    await send('m4');
    await until(() => messages.length >= 4);

    expect(client.transport).toBe('websocket');
    expect(events()).toEqual(['m1', 'm2', 'm3', 'm4']);
  });

  it('falls back to SSE when a WebSocket opens but no frame gets through', async () => {
    const client = await start();
    expect(client.transport).toBe('websocket');
    await send('m1');
    await until(() => messages.length === 1);

    const fellBack = next(client, 'transport');
    proxy.mode = 'swallow';
    proxy.dropAll();
    await send('m2');
    expect(await fellBack).toBe('sse');
    await reach(client, 'connected', 5000);
    await send('m3');
    await until(() => messages.length >= 3, 5000);

    expect(client.transport).toBe('sse');
    expect(events()).toEqual(['m1', 'm2', 'm3']);
    expect(proxy.maxOpenWebSockets).toBe(1);
  });

  it('catches a blackholed connection with its watchdog and recovers what was published', async () => {
    const client = await start();
    await send('m1');
    await until(() => messages.length === 1);

    const lost = next(client, 'state', (s) => s.state === 'reconnecting', 5000);
    proxy.blackholeExisting();
    await send('m2');
    await send('m3');
    expect(await lost).toMatchObject({ code: 1006, reason: 'liveness_timeout' });
    await reach(client, 'connected', 5000);
    await send('m4');
    await until(() => messages.length >= 4, 5000);

    expect(client.transport).toBe('websocket');
    expect(events()).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(proxy.maxOpenWebSockets).toBe(1);
  });

  it('catches a blackholed SSE stream by its ping events and recovers what was published', async () => {
    proxy.mode = 'refuse-upgrade';
    const client = await start();
    expect(client.transport).toBe('sse');
    await send('m1');
    await until(() => messages.length === 1);
    // The liveness timer arms on the first ping event (every 250 ms here), never before.
    await sleep(600);

    const lost = next(client, 'state', (s) => s.state === 'reconnecting', 5000);
    proxy.blackholeExisting();
    await send('m2');
    expect(await lost).toMatchObject({ code: 1006, reason: 'liveness_timeout' });
    await reach(client, 'connected', 5000);
    await send('m3');
    await until(() => messages.length >= 3, 5000);

    expect(events()).toEqual(['m1', 'm2', 'm3']);
  });

  it('reconnects at once when a probe finds the connection dead', async () => {
    const client = await makeClient(proxy.base, t.site, { probeTimeout: 300, restartWindow: 200 });
    client.connect();
    await reach(client, 'connected');

    const lost = next(client, 'state', (s) => s.state === 'reconnecting', 2000);
    proxy.blackholeExisting();
    client.probe();

    expect(await lost).toMatchObject({ reason: 'liveness_timeout' });
    await reach(client, 'connected', 5000);
  });

  it.each(['websocket', 'sse'] as const)(
    'delivers binary payloads as Uint8Array after a reconnect on %s',
    async (transport) => {
      const receiver = makeClient(proxy.base, t.site, {
        transports: [transport],
        restartWindow: 100,
      });
      const sender = makeClient(t.base, t.site);
      receiver.connect();
      sender.connect();
      await receiver.subscribe('yjs:doc');
      await reach(sender, 'connected');

      const lost = next(receiver, 'state', (s) => s.state === 'reconnecting');
      proxy.dropAll();
      await lost;
      await next(receiver, 'subscribed');

      const received = next(receiver, 'binary');
      await sender.publishBinary('yjs:doc', new Uint8Array([0, 255, 1]));
      const { data } = await received;

      expect(data).toBeInstanceOf(Uint8Array);
      expect([...data]).toEqual([0, 255, 1]);
    },
  );
});
