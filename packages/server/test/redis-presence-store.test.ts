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

  /** Runs `body` with node `one` started on a relay holding `channels`, closing it afterwards. */
  async function withNodeOne(
    channels: string[],
    body: (store: RedisPresenceStore, seen: ReturnType<typeof context>) => Promise<void>,
  ): Promise<void> {
    const store = new RedisPresenceStore(redis(), prefix(), { nodeId: 'one' });
    const seen = context(channels);
    store.start(seen.hooks);
    try {
      await body(store, seen);
    } finally {
      await store.close();
    }
  }

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
    await withNodeOne([], async (store, seen) => {
      await store.join('room', member('a'));
      await store.join('room', member('b'));
      await redis().hdel(`${prefix()}presence:room`, 'm:a');
      await store.beat();
      expect(await store.members('room')).toEqual(
        expect.arrayContaining([member('a'), member('b')]),
      );
      expect(seen.restored).toEqual([{ channel: 'room', id: 'a' }]);
    });
  });

  it('skips, removes and reports bad data under its keys instead of failing', async () => {
    await withNodeOne([], async (store, seen) => {
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
    });
  });

  it('deletes members that are not members, and forged or non-canonical leases', async () => {
    const key = `${prefix()}presence:room`;
    const json = (id: string, rest = '') => `{"id":"${id}","user_id":"u"${rest}}`;
    await withNodeOne([], async (store, seen) => {
      await store.join('room', member('a'));
      const [seconds] = await redis().time();
      const soon = String((Number(seconds) + 60) * 1000);
      const never = String((Number(seconds) + 2 * 86_400) * 1000);
      await redis().hset(key, 'm:g1', 'two {notjson', 'm:g4', 'two [1,2]', 'm:g5', 'nospace');
      await redis().hset(key, 'm:g6', `two ${json('other', ',"state":{}')}`);
      await redis().hset(key, 'm:g7', `two ${json('g7', ',"state":[1]')}`);
      await redis().hset(key, 'm:g8', `two ${json('g8')}`, 'e:two', soon);
      await redis().hset(key, 'm:g9', `far ${json('g9', ',"state":{}')}`, 'e:far', never);
      await redis().hset(key, 'e:hex', '0x10', 'e:sp', ` ${soon}`, 'a:x', 'yes');
      await redis().hset(key, 'm:g10', `two ${json('g10', ',"state":[]')}`);

      expect(await store.members('room')).toEqual([member('a')]);
      expect(seen.reported).toEqual(['presence.data']);
      // g9 is a member, of a node without a lease now: not listed, and gone at the next reap.
      const fields = Object.keys(await redis().hgetall(key)).sort();
      expect(fields).toEqual(['a:a', 'e:one', 'e:two', 'm:a', 'm:g9']);
      expect(await store.members('room')).toEqual([member('a')]);
      expect(seen.reported).toEqual(['presence.data']);
    });
  });

  it('announces the leave of a member forged under its id only when it was listed', async () => {
    const other = new RedisPresenceStore(redis(), prefix(), { nodeId: 'two' });
    const key = `${prefix()}presence:room`;
    await withNodeOne(['room'], async (store, seen) => {
      await store.join('room', member('a'));
      await redis().hset(key, 'm:listed', `one ${JSON.stringify(member('listed'))}`);
      await redis().hset(key, 'm:unseen', `one ${JSON.stringify(member('unseen'))}`);
      expect(await other.members('room')).toEqual(
        expect.arrayContaining([member('a'), member('listed'), member('unseen')]),
      );
      await redis().hset(key, 'm:never', `one ${JSON.stringify(member('never'))}`);
      await redis().hdel(key, 'a:unseen');

      await store.beat();
      expect(seen.left).toEqual([{ channel: 'room', ids: ['listed'] }]);
      expect(await other.members('room')).toEqual([member('a')]);
      expect(seen.reported).toEqual([]);
    });
  });

  it('does not announce again a member that left it since the last heartbeat', async () => {
    await withNodeOne(['room'], async (store, seen) => {
      await store.join('room', member('a'));
      await store.join('room', member('b'));
      await store.leave('room', 'a');
      await redis().hset(
        `${prefix()}presence:room`,
        'm:a',
        `one ${JSON.stringify(member('a'))}`,
        'a:a',
        '1',
      );
      await store.beat();
      expect(await store.members('room')).toEqual([member('b')]);
      expect(seen.left).toEqual([]);
    });
  });

  it('hands over as left only the announced members of a dead node', async () => {
    const key = `${prefix()}presence:room`;
    await withNodeOne(['room'], async (store, seen) => {
      await store.join('room', member('a'));
      await redis().hset(key, 'm:x', `dead ${JSON.stringify(member('x'))}`, 'a:x', '1');
      await redis().hset(key, 'm:y', `dead ${JSON.stringify(member('y'))}`);
      await store.beat();
      expect(seen.left).toEqual([{ channel: 'room', ids: ['x'] }]);
      expect(Object.keys(await redis().hgetall(key)).sort()).toEqual(['a:a', 'e:one', 'm:a']);
    });
  });
});
