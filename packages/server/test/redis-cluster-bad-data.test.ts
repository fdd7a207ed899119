import type { RelayEvents, Site } from '@wordsocket/server-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { ServerError } from '../src/errors.js';
import { attempt, redisCluster, siteStats } from './support/cluster.js';
import { redisAvailable } from './support/redis.js';
import { mintToken } from './support/relay-http.js';
import { startTestServer } from './support/server.js';
import { type FrameJson, TestSocket } from './support/ws-client.js';

const errors: RelayEvents['error'][] = [];
const open: WebSocket[] = [];

const sync = (frame: FrameJson) =>
  frame.event === 'wps.presence' && (frame.data as { action?: string }).action === 'sync';

describe.runIf(redisAvailable)('bad data under the cluster keys', () => {
  const cluster = redisCluster(['node'], { sites: false, open });

  beforeAll(() => {
    cluster.node.server.relay.on('error', (event) => errors.push(event));
  });

  /** Clears the errors reported so far and registers a site named `name` on the node. */
  async function freshSite(name: string, limits: { max_connections?: number } = {}) {
    errors.length = 0;
    return cluster.node.server.relay.registerSite({
      site_url: `https://${name}.test`,
      site_name: name,
      ...limits,
    });
  }

  const admit = (token: string) => attempt(cluster.node.url, token, open);
  const connsKey = (site: Site) => `${cluster.prefix}conns:${site.site_id}`;
  const roomKey = (site: Site) => `${cluster.prefix}presence:site:${site.site_id}:room`;

  /** A lease end an hour past the Redis clock. */
  async function anHourAhead(): Promise<string> {
    const [seconds] = await cluster.redis.time();
    return String((Number(seconds) + 3600) * 1000);
  }

  /** Joins `room` of `site` on the node with `state`; answers the members its sync lists. */
  async function membersOnJoin(site: Site, state: object): Promise<unknown[]> {
    const socket = await TestSocket.connect(cluster.node.url, await mintToken(site));
    await socket.subscribe(['room']);
    socket.send({ type: 'presence', channel: 'room', state });
    const frame = await socket.next(sync);
    socket.close();
    return (frame.data as { members: unknown[] }).members;
  }

  it('replaces a garbage connection count, keeps admitting to the limit and reports it', async () => {
    const site = await freshSite('x', { max_connections: 2 });
    const token = await mintToken(site);
    const key = connsKey(site);

    await cluster.redis.set(key, 'garbage');
    expect(await admit(token)).toBe('admitted');
    await cluster.redis.hset(key, 'c:ghost', 'lots', 'e:ghost', 'never');
    expect(await admit(token)).toBe('admitted');
    expect(await admit(token)).toBe(4029);
    expect(await siteStats(cluster.node.url, site)).toEqual({
      active_connections: 2,
      max_connections: 2,
    });

    expect(errors.map((e) => e.context)).toEqual(['connections.data', 'connections.data']);
    expect(errors[0]?.error).toBeInstanceOf(ServerError);
    expect(errors[0]?.error).toMatchObject({ code: 'redis_data_invalid' });
    expect(cluster.node.logs().filter((l) => l.event === 'relay_error')).toHaveLength(2);
  });

  it('lists the members it can read when a channel holds garbage, and reports it', async () => {
    const site = await freshSite('y');
    const later = await anHourAhead();
    const key = roomKey(site);
    await cluster.redis.hset(
      key,
      'm:bogus',
      'elsewhere {not json',
      'e:elsewhere',
      later,
      'junk',
      '1',
    );

    expect(await membersOnJoin(site, { n: 1 })).toEqual([
      { id: expect.any(String), user_id: '1', state: { n: 1 } },
    ]);
    expect(errors.map((e) => e.context)).toEqual(['presence.data']);
  });

  it('starts a channel afresh when its key holds another type', async () => {
    const site = await freshSite('z');
    await cluster.redis.rpush(roomKey(site), 'not', 'a', 'hash');

    expect(await membersOnJoin(site, { n: 2 })).toHaveLength(1);
    expect(errors.map((e) => e.context)).toEqual(['presence.data']);
  });

  it('counts only canonical integers, reports the rest and admits to the limit', async () => {
    const site = await freshSite('n', { max_connections: 2 });
    const token = await mintToken(site);
    const key = connsKey(site);
    const soon = await anHourAhead();

    expect(await admit(token)).toBe('admitted');
    await cluster.redis.hset(key, 'c:inf', '1e309', 'e:inf', '1e309');
    expect(await siteStats(cluster.node.url, site)).toEqual({
      active_connections: 1,
      max_connections: 2,
    });
    await cluster.redis.hset(key, 'c:hex', '0x2', 'e:hex', soon, 'c:sp', ' 1', 'e:sp', soon);
    expect(await admit(token)).toBe('admitted');
    expect(await admit(token)).toBe(4029);
    expect(await siteStats(cluster.node.url, site)).toEqual({
      active_connections: 2,
      max_connections: 2,
    });

    expect(errors.map((e) => e.context)).toEqual(['connections.data', 'connections.data']);
    expect(errors.map((e) => (e.error as ServerError).code)).toEqual([
      'redis_data_invalid',
      'redis_data_invalid',
    ]);
    expect(await cluster.redis.hmget(key, 'c:inf', 'e:inf', 'c:hex', 'c:sp')).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });

  it('tells the members that listed a member forged under its id when it drops it', async () => {
    const quick = await startTestServer(cluster.flags, {}, undefined, {
      WORDSOCKET_REDIS_LEASE_MS: '1000',
    });
    try {
      const site = await quick.server.relay.registerSite({
        site_url: 'https://g.test',
        site_name: 'g',
      });
      const token = await mintToken(site);
      const key = roomKey(site);
      const first = await TestSocket.connect(quick.url, token);
      await first.subscribe(['room']);
      first.send({ type: 'presence', channel: 'room', state: { who: 'first' } });
      await first.next(sync);

      const node = Object.keys(await cluster.redis.hgetall(key))
        .find((field) => field.startsWith('e:'))
        ?.slice(2);
      const ghost = { id: 'ghost', user_id: 'x', state: { who: 'ghost' } };
      await cluster.redis.hset(
        key,
        'm:ghost',
        `${node} ${JSON.stringify(ghost)}`,
        'm:bad',
        'x {no',
      );

      const second = await TestSocket.connect(quick.url, token);
      await second.subscribe(['room']);
      second.send({ type: 'presence', channel: 'room', state: { who: 'second' } });
      const listed = await second.next(sync);
      expect((listed.data as { members: unknown[] }).members).toContainEqual(ghost);

      const leave = await second.next(
        (f) => f.event === 'wps.presence' && (f.data as { action?: string }).action === 'leave',
      );
      expect(leave.data).toEqual({ action: 'leave', id: 'ghost' });
      expect(await cluster.redis.hexists(key, 'm:ghost')).toBe(0);
      expect(await cluster.redis.hexists(key, 'm:bad')).toBe(0);
      first.close();
      second.close();
    } finally {
      await quick.stop();
    }
  });
});
