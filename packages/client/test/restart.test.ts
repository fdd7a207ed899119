import { afterEach, describe, expect, it } from 'vitest';
import type { Gap, Message, WordSocketClient } from '../src/index.js';
import { ChildRelay, freePort } from './support/child-relay.js';
import { closeAll, makeClient } from './support/clients.js';
import { FaultyProxy } from './support/proxy.js';
import { publish } from './support/relay.js';
import { next, reach, until } from './support/wait.js';

/**
 * The relay runs in a child process that is killed (SIGKILL: a crash, no close frame) and
 * started again on the same port. The client reaches it through a proxy that is held `down`
 * while messages are published, so the client is certainly offline when they are published and
 * can only get them through recovery.
 */
describe.each(['websocket', 'sse'] as const)(
  'a relay restart seen by a client on %s',
  (transport) => {
    let relay: ChildRelay;
    let proxy: FaultyProxy;

    afterEach(async () => {
      closeAll();
      await proxy?.stop();
      await relay?.stop();
    });

    const setup = async (persistentHistory: boolean) => {
      relay = new ChildRelay(await freePort(), { persistentHistory });
      await relay.start();
      proxy = await FaultyProxy.start(relay.port);
      const client = makeClient(proxy.base, relay.site, {
        transports: [transport],
        restartWindow: 200,
        reconnectDelay: 100,
        maxReconnectDelay: 400,
      });
      const messages: Message[] = [];
      const gaps: Gap[] = [];
      client.on('message', (message) => messages.push(message));
      client.on('gap', (gap) => gaps.push(gap));
      client.connect();
      await client.subscribe('posts');
      await reach(client, 'connected');

      return { client, messages, gaps };
    };

    /** Delivers m1, then crashes the relay while the client is cut off, and starts it again. */
    const crashAfterFirstMessage = async (client: WordSocketClient, messages: Message[]) => {
      await publish(relay.base, relay.site, { channel: 'posts', event: 'm1', data: 1 });
      await until(() => messages.length === 1);

      proxy.mode = 'down';
      await relay.stop('SIGKILL');
      await reach(client, 'reconnecting');
      await relay.start();
    };

    it('reconnects and recovers every message published while it was away, exactly once', async () => {
      const { client, messages, gaps } = await setup(true);
      await crashAfterFirstMessage(client, messages);
      await publish(relay.base, relay.site, { channel: 'posts', event: 'm2', data: 2 });
      await publish(relay.base, relay.site, { channel: 'posts', event: 'm3', data: 3 });

      const recovered = next(client, 'subscribed');
      proxy.mode = 'pass';
      expect((await recovered).recovered).toBe(true);
      await publish(relay.base, relay.site, { channel: 'posts', event: 'm4', data: 4 });
      await until(() => messages.length >= 4);

      expect(messages.map((m) => m.event)).toEqual(['m1', 'm2', 'm3', 'm4']);
      expect(gaps).toEqual([]);
    });

    it('delivers the recovered messages before it announces connected', async () => {
      const { client, messages } = await setup(true);
      await crashAfterFirstMessage(client, messages);
      await publish(relay.base, relay.site, { channel: 'posts', event: 'm2', data: 2 });
      const order: string[] = [];
      client.on('message', (m) => order.push(m.event));
      client.on('state', (s) => order.push(s.state));

      proxy.mode = 'pass';
      await reach(client, 'connected');

      expect(order.slice(-2)).toEqual(['m2', 'connected']);
    });

    it('emits gap when the restarted relay lost the channel log', async () => {
      const { client, messages, gaps } = await setup(false);
      await crashAfterFirstMessage(client, messages);
      await publish(relay.base, relay.site, { channel: 'posts', event: 'lost', data: 2 });

      const gap = next(client, 'gap');
      proxy.mode = 'pass';
      expect(await gap).toMatchObject({ channel: 'posts', since: messages[0]?.id });
      await reach(client, 'connected');
      await publish(relay.base, relay.site, { channel: 'posts', event: 'm3', data: 3 });
      await until(() => messages.length >= 2);

      expect(messages.map((m) => m.event)).toEqual(['m1', 'm3']);
      expect(gaps).toHaveLength(1);
    });

    it('reconnects after a graceful restart (1012) and stays subscribed', async () => {
      const { client, messages } = await setup(true);

      const restarting = next(client, 'state', (s) => s.state === 'reconnecting');
      await relay.stop('SIGTERM');
      const change = await restarting;
      if (transport === 'websocket')
        expect(change).toMatchObject({ code: 1012, reason: 'relay_restarting' });
      await relay.start();
      await reach(client, 'connected');
      await publish(relay.base, relay.site, { channel: 'posts', event: 'after', data: 1 });
      await until(() => messages.length === 1);

      expect(client.channels).toEqual(['posts']);
    });
  },
);
