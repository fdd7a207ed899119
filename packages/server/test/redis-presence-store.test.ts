import type { PresenceContext } from '@wordsocket/server-core';
import { describe, expect, it } from 'vitest';
import { RedisPresenceStore } from '../src/redis/presence-store.js';
import { eventually } from './support/cluster.js';
import { redisAvailable, useRedisPrefix } from './support/redis.js';

/** A relay's side of a store: the channels it holds, and what it was told. */
function context(channels: string[]) {
  const left: { channel: string; ids: string[] }[] = [];
  const restored: { channel: string; id: string }[] = [];
  const reported: string[] = [];
  const hooks: PresenceContext = {
    channels: () => channels,
    left: (channel, ids) => left.push({ channel, ids }),
    restored: (channel, member) => restored.push({ channel, id: member.id }),
    report: (_error, where) => reported.push(where),
  };
  return { hooks, left, restored, reported };
}

const member = (id: string, n = 1) => ({ id, user_id: `u-${id}`, state: { n } });

describe.runIf(redisAvailable)('RedisPresenceStore', () => {
  const { redis, prefix } = useRedisPrefix();

  it('lists the members of every node, updated in place and gone on leave', async () => {
    const one = new RedisPresenceStore(redis(), prefix(), { nodeId: 'one' });
    const two = new RedisPresenceStore(redis(), prefix(), { nodeId: 'two' });

    await one.join('room', member('a'));
    await two.join('room', member('b'));
    await two.join('room', member('b', 2));
    expect(await one.members('room')).toEqual(
      expect.arrayContaining([member('a'), member('b', 2)]),
    );

    await one.leave('room', 'a');
    expect(await two.members('room')).toEqual([member('b', 2)]);
  });

  it('hands over as left the members of a node whose heartbeat stopped', async () => {
    const leaseMs = 600;
    const silent = new RedisPresenceStore(redis(), prefix(), { nodeId: 'silent', leaseMs });
    const live = new RedisPresenceStore(redis(), prefix(), { nodeId: 'live', leaseMs });
    const seen = context(['room']);
    live.start(seen.hooks);
    try {
      await silent.join('room', member('gone'));
      await live.join('room', member('here'));
      expect(await live.members('room')).toHaveLength(2);

      expect(await eventually(() => seen.left.length > 0)).toBe(true);
      expect(seen.left).toEqual([{ channel: 'room', ids: ['gone'] }]);
      expect(await live.members('room')).toEqual([member('here')]);
      expect(seen.reported).toEqual([]);
    } finally {
      await live.close();
    }
    expect(await redis().exists(`${prefix()}presence:room`)).toBe(0);
  });

  it('writes back its own members that went missing, and says so', async () => {
    const store = new RedisPresenceStore(redis(), prefix(), { nodeId: 'one' });
    const seen = context([]);
    store.start(seen.hooks);
    try {
      await store.join('room', member('a'));
      await store.join('room', member('b'));
      await redis().hdel(`${prefix()}presence:room`, 'm:a');
      await store.beat();
      expect(await store.members('room')).toEqual(
        expect.arrayContaining([member('a'), member('b')]),
      );
      expect(seen.restored).toEqual([{ channel: 'room', id: 'a' }]);
    } finally {
      await store.close();
    }
  });

  it('skips, removes and reports bad data under its keys instead of failing', async () => {
    const store = new RedisPresenceStore(redis(), prefix(), { nodeId: 'one' });
    const seen = context([]);
    store.start(seen.hooks);
    try {
      await redis().set(`${prefix()}presence:room`, 'garbage');
      await store.join('room', member('a'));
      const far = String(Date.now() + 3_600_000);
      await redis().hset(
        `${prefix()}presence:room`,
        'm:x',
        'one {nope',
        'm:y',
        'nospace',
        'e:z',
        far,
      );
      expect(await store.members('room')).toEqual([member('a')]);
      expect(seen.reported).toEqual(['presence.data', 'presence.data']);
    } finally {
      await store.close();
    }
  });
});
