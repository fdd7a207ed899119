import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_CHANNEL_BYTES, RedisHistory } from '../src/redis/history.js';
import { deletePrefix, redisAvailable, useRedisPrefix } from './support/redis.js';

let now = 1_700_000_000_000;

const msg = (n: number) => ({ event: 'e', data: { n }, origin: 'server' as const });

describe.runIf(redisAvailable)('RedisHistory', () => {
  const { redis, prefix } = useRedisPrefix();
  const history = (options = {}) =>
    new RedisHistory(redis(), prefix(), { now: () => now, ...options });

  it('numbers messages of a channel 1, 2, 3 in one epoch', async () => {
    const log = history();
    const ids = [
      await log.append('c', msg(1)),
      await log.append('c', msg(2)),
      await log.append('c', msg(3)),
    ];
    const epoch = ids[0]?.split(':')[0];

    expect(ids).toEqual([`${epoch}:1`, `${epoch}:2`, `${epoch}:3`]);
  });

  it('gives an empty log a head of "<epoch>:0" that later appends continue', async () => {
    const log = history();
    const { head } = await log.read('empty');
    const id = await log.append('empty', msg(1));

    expect(head).toMatch(/:0$/);
    expect(id).toBe(head.replace(/:0$/, ':1'));
  });

  it('replays every message after since, in order, on another node', async () => {
    const writer = history();
    const first = await writer.append('c', msg(1));
    await writer.append('c', msg(2));
    await writer.append('c', msg(3));

    const read = await history().read('c', first);

    expect(read.recovered).toBe(true);
    expect(read.messages.map((m) => m.data)).toEqual([{ n: 2 }, { n: 3 }]);
    expect(read.messages[1]).toMatchObject({ id: read.head, event: 'e', origin: 'server' });
  });

  it('recovers with nothing to replay when since is the head', async () => {
    const log = history();
    const head = await log.append('c', msg(1));

    expect(await log.read('c', head)).toEqual({ head, recovered: true, messages: [] });
  });

  it('does not recover a position from another epoch', async () => {
    const log = history();
    await log.append('c', msg(1));

    const read = await log.read('c', 'otherepoch:1');
    expect(read).toMatchObject({ recovered: false, messages: [] });
  });

  it('does not recover a position from the future', async () => {
    const log = history();
    const head = await log.append('c', msg(1));
    const future = head.replace(/:1$/, ':5');

    expect((await log.read('c', future)).recovered).toBe(false);
  });

  it('does not recover once the log no longer reaches back to since', async () => {
    const log = history({ maxMessages: 3 });
    const first = await log.append('c', msg(1));
    for (let n = 2; n <= 5; n++) await log.append('c', msg(n));

    expect((await log.read('c', first)).recovered).toBe(false);
  });

  it('does not replay messages older than the age limit', async () => {
    const log = history({ maxAgeMs: 1000 });
    const first = await log.append('c', msg(1));
    await log.append('c', msg(2));
    now += 2000;

    expect((await log.read('c', first)).recovered).toBe(false);
  });

  it('answers recovered false for a malformed since', async () => {
    const log = history();
    await log.append('c', msg(1));

    for (const since of ['', 'nocolon', 'e:-1', 'e:1.5', ':3']) {
      expect((await log.read('c', since)).recovered).toBe(false);
    }
  });

  it('starts a new epoch when the log was lost', async () => {
    const log = history();
    const before = await log.append('c', msg(1));
    await deletePrefix(redis(), prefix());
    const after = await log.append('c', msg(2));

    expect(after.split(':')[0]).not.toBe(before.split(':')[0]);
    expect((await log.read('c', before)).recovered).toBe(false);
  });

  it('gives concurrent appends from two nodes gap-free, distinct offsets', async () => {
    const a = history();
    const b = history();
    const ids = await Promise.all(
      Array.from({ length: 60 }, (_, n) => (n % 2 ? a : b).append('busy', msg(n))),
    );
    const offsets = ids.map((id) => Number(id.split(':')[1])).sort((x, y) => x - y);

    expect(new Set(ids.map((id) => id.split(':')[0])).size).toBe(1);
    expect(offsets).toEqual(Array.from({ length: 60 }, (_, n) => n + 1));
  });

  const big = (n: number, bytes: number) => ({
    event: 'e',
    data: { n, pad: 'x'.repeat(bytes) },
    origin: 'server' as const,
  });
  const logKey = (channel: string) => `${prefix()}history:{${channel}}:log`;
  const storedBytes = async (channel: string) =>
    (await redis().lrange(logKey(channel), 0, -1)).reduce(
      (sum, e) => sum + Buffer.byteLength(e),
      0,
    );

  it('drops the oldest messages once a channel holds more than maxChannelBytes', async () => {
    const log = history({ maxChannelBytes: 1000 });
    const ids: string[] = [];
    for (let n = 1; n <= 5; n++) ids.push(await log.append('c', big(n, 300)));

    const kept = await redis().lrange(logKey('c'), 0, -1);
    expect(kept.length).toBeLessThan(5);
    expect(await storedBytes('c')).toBeLessThanOrEqual(1000);
    const first = 5 - kept.length;
    const recovered = await log.read('c', ids[first - 1]);
    expect(recovered.recovered).toBe(true);
    expect(recovered.messages.map((m) => (m.data as { n: number }).n)).toEqual(
      [1, 2, 3, 4, 5].slice(first),
    );
    expect((await log.read('c', ids[first - 2])).recovered).toBe(false);
  });

  it('keeps at most 8 MiB per channel by default', async () => {
    const log = history();
    const mib = 1024 * 1024;
    for (let n = 1; n <= 9; n++) await log.append('c', big(n, mib));

    expect(DEFAULT_MAX_CHANNEL_BYTES).toBe(8 * mib);
    expect(await storedBytes('c')).toBeLessThanOrEqual(8 * mib);
    expect(await redis().llen(logKey('c'))).toBe(7);
  });

  it('does not keep a message larger than maxChannelBytes, and the next one still fits', async () => {
    const log = history({ maxChannelBytes: 1000 });
    const before = await log.append('c', msg(1));
    const huge = await log.append('c', big(2, 2000));
    await log.append('c', msg(3));

    expect(await redis().llen(logKey('c'))).toBe(1);
    expect((await log.read('c', before)).recovered).toBe(false);
    expect((await log.read('c', huge)).messages.map((m) => m.data)).toEqual([{ n: 3 }]);
  });

  it('counts bytes afresh when the log list has expired but the epoch lives on', async () => {
    const log = history({ maxChannelBytes: 1000 });
    await log.append('c', big(1, 800));
    await redis().del(logKey('c'));
    const id = await log.append('c', big(2, 500));
    await log.append('c', msg(3));

    expect(await redis().llen(logKey('c'))).toBe(2);
    expect((await log.read('c', id)).recovered).toBe(true);
  });
});
