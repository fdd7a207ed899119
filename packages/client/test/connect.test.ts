import { deriveChannelKey, deriveV1Key, sealV1, sealV2 } from '@wordsocket/crypto';
import { describe, expect, it } from 'vitest';
import type { Message } from '../src/index.js';
import { makeClient } from './support/clients.js';
import { mintToken, publish } from './support/relay.js';
import { relayPerTest } from './support/relay-per-test.js';
import { next, reach, sleep } from './support/wait.js';

const seed = 'an-encryption-seed-that-only-wordpress-holds';

describe.each(['websocket', 'sse'] as const)('a client on %s against a real relay', (transport) => {
  const t = relayPerTest();

  const connected = async (options = {}) => {
    const client = makeClient(t.base, t.site, { transports: [transport], ...options });
    client.connect();
    await reach(client, 'connected');
    return client;
  };

  it('connects and announces its transport', async () => {
    const client = await connected();

    expect(client.transport).toBe(transport);
  });

  it('receives a message published by WordPress, marked with server origin', async () => {
    const client = await connected();
    await client.subscribe('posts');

    const received = next(client, 'message');
    const id = await publish(t.base, t.site, {
      channel: 'posts',
      event: 'created',
      data: { id: 7 },
    });

    expect(await received).toEqual({
      channel: 'posts',
      event: 'created',
      data: { id: 7 },
      id,
      origin: 'server',
      encryption: 0,
      sealedAt: undefined,
    } satisfies Message);
  });

  it('decrypts a v2 envelope with the channel key', async () => {
    const key = await deriveChannelKey(seed, t.site.site_key, 'posts');
    const client = await connected({ getChannelKey: () => key });
    await client.subscribe('posts');

    const received = next(client, 'message');
    const sealed = await sealV2(key, 'posts', { event: 'post.published', data: { title: 'Hi' } });
    await publish(t.base, t.site, { channel: 'posts', ...sealed });

    expect(await received).toMatchObject({
      event: 'post.published',
      data: { title: 'Hi' },
      encryption: 2,
      origin: 'server',
    });
  });

  it('decrypts a v1 envelope with the site key', async () => {
    const key = await deriveV1Key(seed, t.site.site_key);
    const client = await connected({ getChannelKey: () => key });
    await client.subscribe('posts');

    const received = next(client, 'message');
    const sealed = await sealV1(key, { event: 'comment.approved', data: 3 });
    await publish(t.base, t.site, { channel: 'posts', ...sealed });

    expect(await received).toMatchObject({ event: 'comment.approved', data: 3, encryption: 1 });
  });

  it('drops a second copy of a v2 message with the same inner id', async () => {
    const key = await deriveChannelKey(seed, t.site.site_key, 'posts');
    const client = await connected({ getChannelKey: () => key });
    await client.subscribe('posts');
    const events: string[] = [];
    client.on('message', (m) => events.push(m.event));

    const sealed = await sealV2(key, 'posts', { event: 'once', data: null });
    await publish(t.base, t.site, { channel: 'posts', ...sealed });
    await publish(t.base, t.site, { channel: 'posts', ...sealed });
    const after = next(client, 'message', (m) => m.event === 'after');
    await publish(t.base, t.site, { channel: 'posts', event: 'after', data: null });
    await after;

    expect(events).toEqual(['once', 'after']);
  });

  it('reports a message that does not decrypt as a decrypt_failed error, not a message', async () => {
    const wrong = await deriveChannelKey('another seed', t.site.site_key, 'posts');
    const right = await deriveChannelKey(seed, t.site.site_key, 'posts');
    const client = await connected({ getChannelKey: () => wrong });
    await client.subscribe('posts');
    const messages: Message[] = [];
    client.on('message', (m) => messages.push(m));

    const failed = next(client, 'error');
    const sealed = await sealV2(right, 'posts', { event: 'secret', data: 1 });
    await publish(t.base, t.site, { channel: 'posts', ...sealed });

    expect(await failed).toMatchObject({ code: 'decrypt_failed', channel: 'posts' });
    expect(messages).toEqual([]);
  });

  it('reports an encrypted message without a key as key_unavailable', async () => {
    const key = await deriveChannelKey(seed, t.site.site_key, 'posts');
    const client = await connected();
    await client.subscribe('posts');

    const failed = next(client, 'error');
    await publish(t.base, t.site, {
      channel: 'posts',
      ...(await sealV2(key, 'posts', { event: 'x', data: 1 })),
    });

    expect(await failed).toMatchObject({ code: 'key_unavailable' });
  });

  it('publishes a message and resolves with the ack position, and receives its own copy', async () => {
    const client = await connected();
    await client.subscribe('chat');

    const copy = next(client, 'message');
    const ack = await client.publish('chat', 'said', { text: 'hello' });

    expect(ack.id).toMatch(/:1$/);
    expect(await copy).toMatchObject({
      event: 'said',
      data: { text: 'hello' },
      id: ack.id,
      origin: 'client',
    });
  });

  it('rejects a publish the token does not grant with forbidden', async () => {
    const client = await connected({
      getToken: () => mintToken(t.site, { v: 2, allowed_publish_prefixes: ['chat'] }),
    });

    await expect(client.publish('posts', 'e', 1)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('rejects a subscription the token does not grant and drops it from the set', async () => {
    const client = await connected({
      getToken: () => mintToken(t.site, { allowed_channel_prefixes: ['posts'] }),
    });

    await expect(client.subscribe('secret')).rejects.toMatchObject({ code: 'forbidden' });
    expect(client.channels).toEqual([]);
  });

  it('delivers binary payloads from another client as Uint8Array', async () => {
    const receiver = await connected();
    const sender = await connected();
    await receiver.subscribe('yjs:doc');

    const received = next(receiver, 'binary');
    await sender.publishBinary('yjs:doc', new Uint8Array([1, 2, 250]));
    const { channel, data } = await received;

    expect(channel).toBe('yjs:doc');
    expect(data).toBeInstanceOf(Uint8Array);
    expect([...data]).toEqual([1, 2, 250]);
  });

  it('does not hand a binary payload back to its sender', async () => {
    const sender = await connected();
    const other = await connected();
    await sender.subscribe('yjs:doc');
    await other.subscribe('yjs:doc');
    const echoes: Uint8Array[] = [];
    sender.on('binary', ({ data }) => echoes.push(data));

    const received = next(other, 'binary');
    await sender.publishBinary('yjs:doc', new Uint8Array([5]));
    await received;
    await sleep(100);

    expect(echoes).toEqual([]);
  });

  it('announces presence members and their departures', async () => {
    const alice = await connected();
    const bob = await connected();
    await alice.subscribe('room');
    await bob.subscribe('room');

    const synced = next(alice, 'presence', (p) => p.action === 'sync');
    alice.setPresence('room', { name: 'Alice' });
    expect((await synced).members.map((m) => m.state)).toEqual([{ name: 'Alice' }]);

    const joined = next(alice, 'presence', (p) => p.action === 'join');
    bob.setPresence('room', { name: 'Bob' });
    expect((await joined).member?.state).toEqual({ name: 'Bob' });

    const left = next(alice, 'presence', (p) => p.action === 'leave');
    bob.setPresence('room', null);
    await left;
    expect(alice.members('room').map((m) => m.state)).toEqual([{ name: 'Alice' }]);
  });
});
