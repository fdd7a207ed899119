import { describe, expect, it } from 'vitest';
import { bareChannel } from '../src/index.js';
import { expectCodeSync } from './support/expect-code.js';

const siteId = 'a'.repeat(64);

describe('bareChannel', () => {
  it('leaves a bare name as it is', () => {
    expect(bareChannel('comments:42')).toBe('comments:42');
  });

  it('strips a well-formed site prefix', () => {
    expect(bareChannel(`site:${siteId}:yjs:postType/post:42`)).toBe('yjs:postType/post:42');
  });

  it('accepts non-ASCII names up to 200 UTF-8 bytes', () => {
    expect(bareChannel('café:ß:評論')).toBe('café:ß:評論');
    expect(bareChannel('é'.repeat(100))).toBe('é'.repeat(100));
  });

  const invalid = {
    empty: '',
    'a qualified name with nothing after the prefix': `site:${siteId}:`,
    'a malformed site prefix': 'site:ABC:posts',
    'a space': 'my posts',
    'a tab': 'posts\t',
    'a no-break space': 'posts\u00a0',
    'an ideographic space': 'posts\u3000',
    'a control character': 'posts\u0007',
    DEL: 'posts\u007f',
    'a C1 control': 'posts\u0085',
    'a byte-order mark': '\ufeffposts',
    'a lone surrogate': 'posts\ud800',
    'more than 200 bytes': 'é'.repeat(101),
  };

  for (const [what, channel] of Object.entries(invalid)) {
    it(`refuses ${what} as invalid_channel`, () => {
      expectCodeSync(() => bareChannel(channel), 'invalid_channel');
    });
  }

  it('throws a TypeError for a non-string', () => {
    expect(() => bareChannel(7 as unknown as string)).toThrow(TypeError);
  });
});
