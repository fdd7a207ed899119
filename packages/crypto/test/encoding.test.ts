import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  constantTimeEqual,
  fromBase64,
  fromBase64Url,
  fromHex,
  toBase64,
  toBase64Url,
  toHex,
  utf8Decode,
  utf8Encode,
} from '../src/encoding.js';
import { expectCodeSync } from './support/expect-code.js';

const ascii = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

describe('base64', () => {
  // RFC 4648 §10.
  const rfc4648 = [
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg=='],
    ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
  ] as const;

  for (const [plain, encoded] of rfc4648) {
    it(`encodes and decodes the RFC 4648 vector ${JSON.stringify(plain)}`, () => {
      expect(toBase64(ascii(plain))).toBe(encoded);
      expect(fromBase64(encoded)).toEqual(ascii(plain));
    });
  }

  it('agrees with Node Buffer for random bytes, both alphabets', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const buffer = Buffer.from(bytes);

        expect(toBase64(bytes)).toBe(buffer.toString('base64'));
        expect(toBase64Url(bytes)).toBe(buffer.toString('base64url'));
        expect(fromBase64(toBase64(bytes))).toEqual(bytes);
        expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
      }),
    );
  });

  it('writes the URL-safe alphabet without padding', () => {
    expect(toBase64Url(new Uint8Array([0xfb, 0xff, 0xbf]))).toBe('-_-_');
    expect(toBase64Url(ascii('f'))).toBe('Zg');
  });

  it('accepts URL-safe input with correct padding too', () => {
    expect(fromBase64Url('Zg==')).toEqual(ascii('f'));
  });

  const badStandard = {
    'a character outside the alphabet': 'Zm9v!A==',
    'the URL-safe alphabet': '-_-_',
    'missing padding': 'Zg',
    'too much padding': 'Zg===',
    'padding in the middle': 'Zg==Zg==',
    whitespace: 'Zm9v\nYmFy',
    'non-zero trailing bits': 'Zh==',
    'an impossible length': 'Zm9vY',
    'a non-ASCII character': 'Zm9é',
  };

  for (const [what, text] of Object.entries(badStandard)) {
    it(`refuses standard base64 with ${what} as invalid_base64`, () => {
      expectCodeSync(() => fromBase64(text), 'invalid_base64');
    });
  }

  it('refuses the standard alphabet in URL-safe input', () => {
    expectCodeSync(() => fromBase64Url('+/+/'), 'invalid_base64');
  });

  it('throws a TypeError for a non-string', () => {
    expect(() => fromBase64(42 as unknown as string)).toThrow(TypeError);
    expect(() => toBase64('text' as unknown as Uint8Array)).toThrow(TypeError);
  });
});

describe('hex', () => {
  it('writes lowercase and reads either case', () => {
    expect(toHex(new Uint8Array([0, 1, 0xab, 0xff]))).toBe('0001abff');
    expect(fromHex('0001ABff')).toEqual(new Uint8Array([0, 1, 0xab, 0xff]));
  });

  it('refuses odd lengths and non-hex characters as invalid_hex', () => {
    expectCodeSync(() => fromHex('abc'), 'invalid_hex');
    expectCodeSync(() => fromHex('zz'), 'invalid_hex');
  });
});

describe('utf8', () => {
  it('round-trips emoji, accents and CJK', () => {
    const text = 'Crème brûlée 🎉 日本語 한국어';

    expect(utf8Decode(utf8Encode(text))).toBe(text);
    expect(utf8Encode(text)).toEqual(new Uint8Array(Buffer.from(text, 'utf8')));
  });

  it('refuses malformed UTF-8 instead of replacing it', () => {
    expectCodeSync(() => utf8Decode(new Uint8Array([0xc3])), 'invalid_utf8');
    expectCodeSync(() => utf8Decode(new Uint8Array([0xed, 0xa0, 0x80])), 'invalid_utf8');
  });
});

describe('constantTimeEqual', () => {
  it('tells equal and different byte strings apart', () => {
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1]))).toBe(false);
  });
});
