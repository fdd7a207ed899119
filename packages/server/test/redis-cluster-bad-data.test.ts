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

  it('counts only canonical integers, reports the rest and admits to the limit', async () => {
    errors.length = 0;
    const site = await server.server.relay.registerSite({
      site_url: 'https://n.test',
      site_name: 'n',
      max_connections: 2,
    });
    const token = await mintToken(site);
    const key = `${prefix}conns:${site.site_id}`;
    const [seconds] = await redis.time();
    const soon = String((Number(seconds) + 3600) * 1000);

    expect(await attempt(server.url, token, open)).toBe('admitted');
    await redis.hset(key, 'c:inf', '1e309', 'e:inf', '1e309');
    expect(await siteStats(server.url, site)).toEqual({
      active_connections: 1,
      max_connections: 2,
    });
    await redis.hset(key, 'c:hex', '0x2', 'e:hex', soon, 'c:sp', ' 1', 'e:sp', soon);
    expect(await attempt(server.url, token, open)).toBe('admitted');
    expect(await attempt(server.url, token, open)).toBe(4029);
    expect(await siteStats(server.url, site)).toEqual({
      active_connections: 2,
      max_connections: 2,
    });

    expect(errors.map((e) => e.context)).toEqual(['connections.data', 'connections.data']);
    expect(errors.map((e) => (e.error as ServerError).code)).toEqual([
      'redis_data_invalid',
      'redis_data_invalid',
    ]);
    expect(await redis.hmget(key, 'c:inf', 'e:inf', 'c:hex', 'c:sp')).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });

  it('tells the members that listed a member forged under its id when it drops it', async () => {
    const quick = await startTestServer(
      { redis: REDIS_URL, 'redis-prefix': prefix },
      {},
      undefined,
      { WORDSOCKET_REDIS_LEASE_MS: '1000' },
    );
    try {
      const site = await quick.server.relay.registerSite({
        site_url: 'https://g.test',
        site_name: 'g',
      });
      const token = await mintToken(site);
      const key = `${prefix}presence:site:${site.site_id}:room`;
      const first = await TestSocket.connect(quick.url, token);
      await first.subscribe(['room']);
      first.send({ type: 'presence', channel: 'room', state: { who: 'first' } });
      await first.next(sync);

      const node = Object.keys(await redis.hgetall(key))
        .find((field) => field.startsWith('e:'))
        ?.slice(2);
      const ghost = { id: 'ghost', user_id: 'x', state: { who: 'ghost' } };
      await redis.hset(key, 'm:ghost', `${node} ${JSON.stringify(ghost)}`, 'm:bad', 'x {no');

      const second = await TestSocket.connect(quick.url, token);
      await second.subscribe(['room']);
      second.send({ type: 'presence', channel: 'room', state: { who: 'second' } });
      const listed = await second.next(sync);
      expect((listed.data as { members: unknown[] }).members).toContainEqual(ghost);

      const leave = await second.next(
        (f) => f.event === 'wps.presence' && (f.data as { action?: string }).action === 'leave',
      );
      expect(leave.data).toEqual({ action: 'leave', id: 'ghost' });
      expect(await redis.hexists(key, 'm:ghost')).toBe(0);
      expect(await redis.hexists(key, 'm:bad')).toBe(0);
      first.close();
      second.close();
    } finally {
      await quick.stop();
    }
  });
});
