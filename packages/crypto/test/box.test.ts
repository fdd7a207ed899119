import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BOX_OVERHEAD,
  defaultBackend,
  isWordSocketCryptoError,
  openBox,
  sealBox,
  utf8Encode,
} from '../src/index.js';
import { expectedBackend } from './support/backend.js';
import { expectCode } from './support/expect-code.js';

const key = new Uint8Array(32).map((_, index) => index * 7 + 1);
const otherKey = new Uint8Array(32).fill(9);
const aad = 'wordsocket-yjs|yjs:postType/post:42';
const plaintext = utf8Encode('a Yjs update holding the title, é🎉');

describe(`binary boxes on ${expectedBackend}`, () => {
  it('runs on the backend of this project', async () => {
    expect((await defaultBackend()).name).toBe(expectedBackend);
  });

  it('seals to iv[12] ‖ ciphertext ‖ tag[16] and opens to the plaintext', async () => {
    const box = await sealBox(key, plaintext, aad);

    expect(box.length).toBe(plaintext.length + BOX_OVERHEAD);
    expect(Buffer.from(box).includes(Buffer.from(plaintext))).toBe(false);
    expect(await openBox(key, box, aad)).toEqual(plaintext);
    expect(await openBox(key, box, utf8Encode(aad))).toEqual(plaintext);
  });

  it('uses a fresh IV every time', async () => {
    const a = await sealBox(key, plaintext, aad);
    const b = await sealBox(key, plaintext, aad);

    expect(Buffer.from(a.subarray(0, 12)).equals(Buffer.from(b.subarray(0, 12)))).toBe(false);
  });

  it('seals and opens an empty plaintext', async () => {
    const box = await sealBox(key, new Uint8Array(0), aad);

    expect(box.length).toBe(BOX_OVERHEAD);
    expect(await openBox(key, box, aad)).toEqual(new Uint8Array(0));
  });

  it('refuses another key, another aad and every flipped bit of a short box', async () => {
    const box = await sealBox(key, utf8Encode('hi'), aad);

    await expectCode(openBox(otherKey, box, aad), 'tampered');
    await expectCode(openBox(key, box, 'wordsocket-yjs|yjs:postType/post:43'), 'tampered');
    for (let bit = 0; bit < box.length * 8; bit += 1) {
      const altered = box.slice();
      altered[bit >> 3] = (altered[bit >> 3] ?? 0) ^ (1 << (bit & 7));
      await expectCode(openBox(key, altered, aad), 'tampered');
    }
  });

  it('refuses a box shorter than IV and tag as malformed', async () => {
    await expectCode(openBox(key, new Uint8Array(BOX_OVERHEAD - 1), aad), 'malformed_envelope');
  });

  it('throws TypeError / invalid_key_length for misuse', async () => {
    await expect(sealBox(key, 'text' as unknown as Uint8Array, aad)).rejects.toThrow(TypeError);
    await expect(openBox(key, box(), 42 as unknown as string)).rejects.toThrow(TypeError);
    await expectCode(sealBox(new Uint8Array(16), plaintext, aad), 'invalid_key_length');
  });

  it('opens random bytes to nothing but a coded error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (bytes) => {
        const outcome = await openBox(key, bytes, aad).then(
          () => 'opened',
          (error: unknown) => (isWordSocketCryptoError(error) ? error.code : String(error)),
        );
        expect(['tampered', 'malformed_envelope']).toContain(outcome);
      }),
      { numRuns: 200 },
    );
  });

  it('round-trips any bytes under any aad', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), fc.string(), async (bytes, label) => {
        expect(await openBox(key, await sealBox(key, bytes, label), label)).toEqual(bytes);
      }),
      { numRuns: 60 },
    );
  });
});

function box(): Uint8Array {
  return new Uint8Array(BOX_OVERHEAD);
}
