import { describe, expect, it } from 'vitest';
import type { Message, Unsubscribed } from '../src/index.js';
import { makeClient } from './support/clients.js';
import { publish } from './support/relay.js';
import { relayPerTest } from './support/relay-per-test.js';
import { reach, sleep, until } from './support/wait.js';

/**
 * Subscribe and unsubscribe calls in one tick: the relay answers each frame in order, and the
 * client's subscription set must match the relay's once every answer is in.
 */
describe.each(['websocket', 'sse'] as const)('quick subscription changes on %s', (transport) => {
  const t = relayPerTest();

  const connected = async () => {
    const client = makeClient(t.base, t.site, { transports: [transport] });
    const messages: Message[] = [];
    const unsubscribed: Unsubscribed[] = [];
    client.on('message', (m) => messages.push(m));
    client.on('unsubscribed', (u) => unsubscribed.push(u));
    client.connect();
    await client.subscribe('other');
    await reach(client, 'connected');
    return { client, messages, unsubscribed };
  };

  /** Waits until the relay has answered every frame sent so far (an ack follows them on WS). */
  const settled = async (client: ReturnType<typeof makeClient>) => {
    await client.publish('other', 'marker', 1);
    await sleep(transport === 'sse' ? 300 : 50);
  };

  it('keeps a channel subscribed, unsubscribed and subscribed again in one tick', async () => {
    const { client, messages, unsubscribed } = await connected();

    const first = client.subscribe('news');
    client.unsubscribe('news');
    const second = client.subscribe('news');
    await expect(first).rejects.toMatchObject({ code: 'client_closed' });
    await second;
    await settled(client);

    expect(client.channels).toEqual(['other', 'news']);
    expect(unsubscribed).toEqual([{ channel: 'news', reason: 'requested' }]);
    await publish(t.base, t.site, { channel: 'news', event: 'after', data: 1 });
    await until(() => messages.some((m) => m.channel === 'news'), 5000, 'the news message');
  });

  it('keeps a confirmed channel unsubscribed and subscribed again in one tick', async () => {
    const { client, messages, unsubscribed } = await connected();
    await client.subscribe('news');

    client.unsubscribe('news');
    await client.subscribe('news');
    await settled(client);

    expect(client.channels).toEqual(['other', 'news']);
    expect(unsubscribed).toEqual([{ channel: 'news', reason: 'requested' }]);
    await publish(t.base, t.site, { channel: 'news', event: 'after', data: 1 });
    await until(() => messages.some((m) => m.channel === 'news'), 5000, 'the news message');
  });

  it('ends unsubscribed after subscribe, unsubscribe, subscribe, unsubscribe in one tick', async () => {
    const { client, messages, unsubscribed } = await connected();

    const first = client.subscribe('news');
    client.unsubscribe('news');
    const second = client.subscribe('news');
    client.unsubscribe('news');
    await expect(first).rejects.toMatchObject({ code: 'client_closed' });
    await expect(second).rejects.toMatchObject({ code: 'client_closed' });
    await settled(client);

    expect(client.channels).toEqual(['other']);
    expect(unsubscribed.map((u) => u.reason)).toEqual(['requested', 'requested']);
    await publish(t.base, t.site, { channel: 'news', event: 'gone', data: 1 });
    await publish(t.base, t.site, { channel: 'other', event: 'kept', data: 1 });
    await until(() => messages.some((m) => m.event === 'kept'), 5000, 'the other message');
    expect(messages.filter((m) => m.channel === 'news')).toEqual([]);
  });
});
