import { describe, expect, it } from 'vitest';
import type { Message } from '../src/index.js';
import { makeClient } from './support/clients.js';
import { publish } from './support/relay.js';
import { relayPerTest } from './support/relay-per-test.js';
import { reach, sleep, until } from './support/wait.js';

describe('subscription changes on SSE', () => {
  const t = relayPerTest();

  it('loses nothing on a subscribed channel while the stream reopens for another one', async () => {
    const client = makeClient(t.base, t.site, { transports: ['sse'] });
    const messages: Message[] = [];
    client.on('message', (m) => messages.push(m));
    client.connect();
    await client.subscribe('a');
    await reach(client, 'connected');

    const published: Promise<string>[] = [];
    let stop = false;
    const publisher = (async () => {
      for (let i = 0; !stop; i++) {
        published.push(publish(t.base, t.site, { channel: 'a', event: `a${i}`, data: i }));
        await sleep(5);
      }
    })();

    await client.subscribe('b');
    await client.subscribe('c');
    client.unsubscribe('c');
    await sleep(100);
    stop = true;
    await publisher;
    const ids = await Promise.all(published);
    await until(() => messages.length >= ids.length, 5000, 'all messages');

    const offset = (id: string | undefined) => Number(id?.split(':')[1]);
    const inLogOrder = [...ids].sort((x, y) => offset(x) - offset(y));
    expect(messages.map((m) => m.id)).toEqual(inLogOrder);
  });

  it('stops delivering a channel once it is unsubscribed', async () => {
    const client = makeClient(t.base, t.site, { transports: ['sse'] });
    const events: string[] = [];
    client.on('message', (m) => events.push(`${m.channel}:${m.event}`));
    client.connect();
    await client.subscribe('a');
    await client.subscribe('b');
    client.unsubscribe('a');
    await sleep(100);

    await publish(t.base, t.site, { channel: 'a', event: 'gone', data: 1 });
    await publish(t.base, t.site, { channel: 'b', event: 'kept', data: 1 });
    await until(() => events.length >= 1);
    await sleep(100);

    expect(events).toEqual(['b:kept']);
  });
});

describe('publishing while offline', () => {
  const t = relayPerTest();

  it.each(['websocket', 'sse'] as const)(
    'queues publishes made before connecting and sends them once connected on %s',
    async (transport) => {
      const client = makeClient(t.base, t.site, { transports: [transport] });
      const events: string[] = [];
      client.on('message', (m) => events.push(m.event));
      client.subscribe('chat');
      const acks = [client.publish('chat', 'one', 1), client.publish('chat', 'two', 2)];
      client.connect();

      const [first, second] = await Promise.all(acks);
      await until(() => events.length === 2);

      expect(first?.id).not.toBe(second?.id);
      expect(events).toEqual(['one', 'two']);
    },
  );

  it('rejects queued publishes with client_closed when the client is closed', async () => {
    const client = makeClient(t.base, t.site);
    client.connect();
    const pending = client.publish('chat', 'never', 1);
    client.close();

    await expect(pending).rejects.toMatchObject({ code: 'client_closed' });
  });
});
