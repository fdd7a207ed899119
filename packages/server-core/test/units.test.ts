import { describe, expect, it } from 'vitest';
import { MemoryHistory, RelayError, resolveChannel } from '../src/index.js';

const SITE = 'a'.repeat(64);

describe('channel names', () => {
  it.each([['posts'], ['yjs:postType/post:42'], ['é'.repeat(100)], ['x'.repeat(200)]])(
    'accepts %s',
    (name) => {
      expect(resolveChannel(name, SITE)).toEqual({
        full: `site:${SITE}:${name}`,
        bare: name,
        spelling: name,
      });
    },
  );

  it.each([
    ['empty', ''],
    ['over 200 bytes', 'é'.repeat(101)],
    ['a space', 'a b'],
    ['a tab', 'a\tb'],
    ['a control character', 'a\u0001b'],
    ['DEL', 'a\u007fb'],
    ['a no-break space', 'a\u00a0b'],
    ['an ideographic space', 'a\u3000b'],
    ['a lone surrogate', 'a\ud800b'],
    ['a malformed qualified name', 'site:abc:posts'],
    ['a qualified name with no bare part', `site:${SITE}:`],
  ])('refuses %s with invalid_channel', (_, name) => {
    expect(() => resolveChannel(name, SITE)).toThrow(
      expect.objectContaining({ code: 'invalid_channel' }) as unknown as RelayError,
    );
  });

  it('refuses a qualified name of another site with forbidden', () => {
    expect(() => resolveChannel(`site:${'b'.repeat(64)}:posts`, SITE)).toThrow(
      expect.objectContaining({ code: 'forbidden' }) as unknown as RelayError,
    );
  });

  it('refuses a value that is not a string', () => {
    expect(() => resolveChannel(42, SITE)).toThrow(RelayError);
  });
});

describe('MemoryHistory', () => {
  it('keeps the epoch of an empty log once it was read', () => {
    const history = new MemoryHistory();
    const { head } = history.read('c');
    expect(head).toMatch(/:0$/);
    const id = history.append('c', { event: 'e', data: 1, origin: 'server' });
    expect(id.split(':')[0]).toBe(head.split(':')[0]);
    expect(history.read('c', head)).toMatchObject({ recovered: true, messages: [{ id }] });
  });

  it('forgets messages older than the TTL', () => {
    let now = 0;
    const history = new MemoryHistory({ ttlMs: 1000, now: () => now });
    const since = history.read('c').head;
    history.append('c', { event: 'e', data: 1, origin: 'server' });
    now = 1500;
    expect(history.read('c', since).recovered).toBe(false);
  });

  it('keeps at most its size per channel', () => {
    const history = new MemoryHistory({ size: 3 });
    const since = history.read('c').head;
    const ids = [1, 2, 3, 4].map((n) =>
      history.append('c', { event: 'e', data: n, origin: 'server' }),
    );
    expect(history.read('c', since).recovered).toBe(false);
    expect(history.read('c', ids[0]).messages.map((m) => m.data)).toEqual([2, 3, 4]);
  });

  it('keeps at most 8 MiB of one channel by default', () => {
    const history = new MemoryHistory();
    const data = 'x'.repeat(1024 * 1024);
    for (let n = 0; n < 100; n++) history.append('c', { event: 'e', data, origin: 'server' });
    expect(history.bytes).toBeLessThanOrEqual(8 * 1024 * 1024);
    expect(history.bytes).toBeGreaterThan(6 * 1024 * 1024);
  });

  it('forgets another channel’s expired messages when a message is appended', () => {
    let now = 0;
    const history = new MemoryHistory({ ttlMs: 1000, now: () => now });
    history.append('a', { event: 'e', data: 'x'.repeat(10_000), origin: 'server' });
    now = 1500;
    history.append('b', { event: 'e', data: 1, origin: 'server' });
    expect(history.bytes).toBeLessThan(1000);
  });

  it('refuses a malformed position', () => {
    const history = new MemoryHistory();
    expect(history.read('c', 'garbage').recovered).toBe(false);
    expect(history.read('c', 'x:-1').recovered).toBe(false);
  });
});
