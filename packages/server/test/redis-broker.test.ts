import type { BrokerControl, BrokerMessage } from '@wordsocket/server-core';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RedisBroker } from '../src/redis/broker.js';
import { deletePrefix, newRedis, randomPrefix, redisAvailable } from './support/redis.js';

interface Node {
  broker: RedisBroker;
  messages: [string, BrokerMessage][];
  controls: BrokerControl[];
}

let prefix: string;
let connections: Redis[];

async function node(): Promise<Node> {
  const redis = newRedis();
  connections.push(redis);
  const received: Node = { broker: new RedisBroker(redis, prefix), messages: [], controls: [] };
  await received.broker.start({
    message: (channel, message) => received.messages.push([channel, message]),
    control: (event) => received.controls.push(event),
  });
  return received;
}

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.runIf(redisAvailable)('RedisBroker', () => {
  beforeEach(() => {
    prefix = randomPrefix();
    connections = [];
  });

  afterEach(async () => {
    const [first] = connections;
    if (first) await deletePrefix(first, prefix);
    for (const redis of connections) redis.disconnect();
  });

  it('delivers a message published on one node to a subscriber on another', async () => {
    const a = await node();
    const b = await node();
    await a.broker.subscribe('site:s:news');

    const message: BrokerMessage = {
      kind: 'message',
      event: 'e',
      data: { n: 1 },
      id: 'ep:1',
      origin: 'server',
    };
    await b.broker.publish('site:s:news', message);

    await until(() => a.messages.length === 1);
    expect(a.messages[0]).toEqual(['site:s:news', message]);
    await a.broker.close();
    await b.broker.close();
  });

  it('keeps the order in which one node published', async () => {
    const a = await node();
    const b = await node();
    await a.broker.subscribe('site:s:order');

    for (let n = 0; n < 50; n++) {
      await b.broker.publish('site:s:order', {
        kind: 'message',
        event: 'e',
        data: n,
        origin: 'client',
      });
    }

    await until(() => a.messages.length === 50);
    expect(a.messages.map(([, message]) => (message as { data: number }).data)).toEqual(
      Array.from({ length: 50 }, (_, n) => n),
    );
    await a.broker.close();
    await b.broker.close();
  });

  it('carries binary payloads byte for byte with the sender to exclude', async () => {
    const a = await node();
    await a.broker.subscribe('site:s:yjs:doc');
    const payload = new Uint8Array([0, 1, 2, 254, 255]);

    await a.broker.publish('site:s:yjs:doc', { kind: 'binary', payload, exclude: 'conn-1' });

    await until(() => a.messages.length === 1);
    expect(a.messages[0]?.[1]).toEqual({ kind: 'binary', payload, exclude: 'conn-1' });
    await a.broker.close();
  });

  it('stops delivering a channel after unsubscribe', async () => {
    const a = await node();
    await a.broker.subscribe('site:s:gone');
    await a.broker.subscribe('site:s:kept');
    await a.broker.unsubscribe('site:s:gone');

    await a.broker.publish('site:s:gone', {
      kind: 'message',
      event: 'e',
      data: 1,
      origin: 'server',
    });
    await a.broker.publish('site:s:kept', {
      kind: 'message',
      event: 'e',
      data: 2,
      origin: 'server',
    });

    await until(() => a.messages.length === 1);
    expect(a.messages[0]?.[0]).toBe('site:s:kept');
    await a.broker.close();
  });

  it('broadcasts a control event to every node, the sender included', async () => {
    const a = await node();
    const b = await node();

    await a.broker.broadcast({ kind: 'site_removed', site_id: 'abc' });

    await until(() => a.controls.length === 1 && b.controls.length === 1);
    expect(b.controls[0]).toEqual({ kind: 'site_removed', site_id: 'abc' });
    await a.broker.close();
    await b.broker.close();
  });

  it('ignores a malformed message on its channels and reports it', async () => {
    const redis = newRedis();
    connections.push(redis);
    const undecodable: string[] = [];
    const broker = new RedisBroker(redis, prefix, {
      onUndecodable: (channel) => undecodable.push(channel),
    });
    const messages: unknown[] = [];
    await broker.start({ message: (...args) => messages.push(args), control: () => {} });
    await broker.subscribe('site:s:x');

    await redis.publish(`${prefix}ch:site:s:x`, 'not a frame');
    await broker.publish('site:s:x', { kind: 'message', event: 'e', data: 1, origin: 'server' });

    await until(() => messages.length === 1);
    expect(undecodable).toEqual([`${prefix}ch:site:s:x`]);
    await broker.close();
  });
});
