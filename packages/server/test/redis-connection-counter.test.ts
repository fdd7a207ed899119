import type { CounterContext } from '@wordsocket/server-core';
import { describe, expect, it } from 'vitest';
import { RedisConnectionCounter } from '../src/redis/connection-counter.js';
import { eventually } from './support/cluster.js';
import { redisAvailable, useRedisPrefix } from './support/redis.js';

/** A relay's side of a counter: its own connections per site, and what it was told. */
function context(local: Map<string, number>): CounterContext & { reported: string[] } {
  const reported: string[] = [];
  return { local: () => local, report: (_error, where) => reported.push(where), reported };
}

describe.runIf(redisAvailable)('RedisConnectionCounter', () => {
  const { redis, prefix } = useRedisPrefix();

  it('admits exactly the limit when two nodes admit at once', async () => {
    const one = new RedisConnectionCounter(redis(), prefix(), { nodeId: 'one' });
    const two = new RedisConnectionCounter(redis(), prefix(), { nodeId: 'two' });

    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? one : two).acquire('site', 7)),
    );

    expect(answers.filter(Boolean)).toHaveLength(7);
    expect(await one.count('site')).toBe(7);
    expect(await two.count('site')).toBe(7);
  });

  it('frees a slot on release, never below zero', async () => {
    const one = new RedisConnectionCounter(redis(), prefix(), { nodeId: 'one' });
    expect(await one.acquire('site', 1)).toBe(true);
    expect(await one.acquire('site', 1)).toBe(false);
    await one.release('site');
    await one.release('site');
    expect(await one.count('site')).toBe(0);
    expect(await one.acquire('site', 1)).toBe(true);
  });

  it('stops counting a node whose heartbeat stopped once its lease ends', async () => {
    const leaseMs = 600;
    const silent = new RedisConnectionCounter(redis(), prefix(), { nodeId: 'silent', leaseMs });
    const live = new RedisConnectionCounter(redis(), prefix(), { nodeId: 'live', leaseMs });
    const liveContext = context(new Map([['site', 1]]));
    live.start(liveContext);
    try {
      expect(await silent.acquire('site', 3)).toBe(true);
      expect(await silent.acquire('site', 3)).toBe(true);
      expect(await live.acquire('site', 3)).toBe(true);
      expect(await live.acquire('site', 3)).toBe(false);

      expect(await eventually(async () => (await live.count('site')) === 1)).toBe(true);
      expect(await live.acquire('site', 3)).toBe(true);
      expect(liveContext.reported).toEqual([]);
    } finally {
      await live.close();
    }
  });

  it('rewrites its own count on each heartbeat, so lost data heals', async () => {
    const counter = new RedisConnectionCounter(redis(), prefix(), { nodeId: 'one' });
    const local = new Map([['site', 2]]);
    counter.start(context(local));
    try {
      await counter.acquire('site', 5);
      await counter.acquire('site', 5);
      await redis().del(`${prefix()}conns:site`);
      expect(await counter.count('site')).toBe(0);

      await counter.beat();
      expect(await counter.count('site')).toBe(2);
    } finally {
      await counter.close();
    }
    expect(await redis().exists(`${prefix()}conns:site`)).toBe(0);
  });

  it('removes and reports bad data under its keys instead of failing', async () => {
    const counter = new RedisConnectionCounter(redis(), prefix(), { nodeId: 'one' });
    const seen = context(new Map());
    counter.start(seen);
    try {
      await redis().set(`${prefix()}conns:site`, 'garbage');
      expect(await counter.acquire('site', 2)).toBe(true);
      await redis().hset(`${prefix()}conns:site`, 'c:ghost', 'many', 'x', '1');
      expect(await counter.count('site')).toBe(1);

      expect(seen.reported).toEqual(['connections.data', 'connections.data']);
      expect(await redis().hgetall(`${prefix()}conns:site`)).toEqual({
        'c:one': '1',
        'e:one': expect.stringMatching(/^\d+$/),
      });
    } finally {
      await counter.close();
    }
  });

  it('takes only canonical non-negative integers as counts, and sane lease ends', async () => {
    const counter = new RedisConnectionCounter(redis(), prefix(), { nodeId: 'one' });
    const seen = context(new Map());
    counter.start(seen);
    const key = `${prefix()}conns:site`;
    try {
      expect(await counter.acquire('site', 2)).toBe(true);
      const [seconds] = await redis().time();
      const soon = String((Number(seconds) + 60) * 1000);
      const never = String((Number(seconds) + 2 * 86_400) * 1000);
      await redis().hset(key, 'c:inf', '1e309', 'e:inf', '1e309');
      expect(await counter.count('site')).toBe(1);
      await redis().hset(key, 'c:hex', '0x2', 'e:hex', soon, 'c:sp', ' 1', 'e:sp', soon);
      await redis().hset(key, 'c:lead', '01', 'e:lead', soon, 'c:neg', '-1', 'e:neg', soon);
      await redis().hset(key, 'c:frac', '1.0', 'e:frac', soon, 'c:far', '1', 'e:far', never);
      await redis().hset(key, 'c:soon', '1', 'e:soon', `${soon}.5`);
      expect(await counter.count('site')).toBe(1);
      expect(await counter.acquire('site', 2)).toBe(true);
      expect(await counter.acquire('site', 2)).toBe(false);

      expect(seen.reported).toEqual(['connections.data', 'connections.data']);
      expect(await redis().hgetall(key)).toEqual({
        'c:one': '2',
        'e:one': expect.stringMatching(/^\d+$/),
        'e:hex': soon,
        'e:sp': soon,
        'e:lead': soon,
        'e:neg': soon,
        'e:frac': soon,
      });
    } finally {
      await counter.close();
    }
  });

  it('refuses a lease that is not a whole number of milliseconds up to a day', () => {
    for (const leaseMs of [0, 1.5, 86_400_001]) {
      expect(() => new RedisConnectionCounter(redis(), prefix(), { leaseMs })).toThrow(
        expect.objectContaining({ code: 'invalid_value' }),
      );
    }
  });
});
