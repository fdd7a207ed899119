import type { RelayEvents } from '@wordsocket/server-core';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { ServerError } from '../src/errors.js';
import { attempt, siteStats } from './support/cluster.js';
import {
  deletePrefix,
  newRedis,
  REDIS_URL,
  randomPrefix,
  redisAvailable,
} from './support/redis.js';
import { mintToken } from './support/relay-http.js';
import { startTestServer, type TestServer } from './support/server.js';
import { type FrameJson, TestSocket } from './support/ws-client.js';

let server: TestServer;
let redis: Redis;
const prefix = randomPrefix();
const errors: RelayEvents['error'][] = [];
const open: WebSocket[] = [];

const sync = (frame: FrameJson) =>
  frame.event === 'wps.presence' && (frame.data as { action?: string }).action === 'sync';

describe.runIf(redisAvailable)('bad data under the cluster keys', () => {
  beforeAll(async () => {
    redis = newRedis();
    server = await startTestServer({ redis: REDIS_URL, 'redis-prefix': prefix });
    server.server.relay.on('error', (event) => errors.push(event));
  });

  afterAll(async () => {
    for (const ws of open.splice(0)) ws.close();
    await server?.stop();
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('replaces a garbage connection count, keeps admitting to the limit and reports it', async () => {
    errors.length = 0;
    const site = await server.server.relay.registerSite({
      site_url: 'https://x.test',
      site_name: 'x',
      max_connections: 2,
    });
    const token = await mintToken(site);
    const key = `${prefix}conns:${site.site_id}`;

    await redis.set(key, 'garbage');
    expect(await attempt(server.url, token, open)).toBe('admitted');
    await redis.hset(key, 'c:ghost', 'lots', 'e:ghost', 'never');
    expect(await attempt(server.url, token, open)).toBe('admitted');
    expect(await attempt(server.url, token, open)).toBe(4029);
    expect(await siteStats(server.url, site)).toEqual({
      active_connections: 2,
      max_connections: 2,
    });

    expect(errors.map((e) => e.context)).toEqual(['connections.data', 'connections.data']);
    expect(errors[0]?.error).toBeInstanceOf(ServerError);
    expect(errors[0]?.error).toMatchObject({ code: 'redis_data_invalid' });
    expect(server.logs().filter((l) => l.event === 'relay_error')).toHaveLength(2);
  });

  it('lists the members it can read when a channel holds garbage, and reports it', async () => {
    errors.length = 0;
    const site = await server.server.relay.registerSite({
      site_url: 'https://y.test',
      site_name: 'y',
    });
    const key = `${prefix}presence:site:${site.site_id}:room`;
    const [seconds] = await redis.time();
    const later = String((Number(seconds) + 3600) * 1000);
    await redis.hset(key, 'm:bogus', 'elsewhere {not json', 'e:elsewhere', later, 'junk', '1');

    const socket = await TestSocket.connect(server.url, await mintToken(site));
    await socket.subscribe(['room']);
    socket.send({ type: 'presence', channel: 'room', state: { n: 1 } });
    const frame = await socket.next(sync);
    socket.close();

    expect((frame.data as { members: unknown[] }).members).toEqual([
      { id: expect.any(String), user_id: '1', state: { n: 1 } },
    ]);
    expect(errors.map((e) => e.context)).toEqual(['presence.data']);
  });

  it('starts a channel afresh when its key holds another type', async () => {
    errors.length = 0;
    const site = await server.server.relay.registerSite({
      site_url: 'https://z.test',
      site_name: 'z',
    });
    await redis.rpush(`${prefix}presence:site:${site.site_id}:room`, 'not', 'a', 'hash');

    const socket = await TestSocket.connect(server.url, await mintToken(site));
    await socket.subscribe(['room']);
    socket.send({ type: 'presence', channel: 'room', state: { n: 2 } });
    const frame = await socket.next(sync);
    socket.close();

    expect((frame.data as { members: unknown[] }).members).toHaveLength(1);
    expect(errors.map((e) => e.context)).toEqual(['presence.data']);
  });
});
