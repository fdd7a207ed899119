import { describe, expect, it } from 'vitest';
import {
  deriveChannelKey,
  deriveV1Key,
  hkdfSha256,
  openMessage,
  openV2,
  publishHeaders,
  sealV1,
  sealV2,
  signPublish,
  verifyPublishSignature,
} from '../src/index.js';

const key = new Uint8Array(32);
const siteKey = 'b6f1c0e2d3a4958677e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0';
const anyValue = (value: unknown) => value as never;

describe('API misuse throws TypeError or RangeError, not a coded error', () => {
  const typeErrors: Record<string, () => Promise<unknown>> = {
    'a key that is a string': () => sealV1(anyValue('k'.repeat(32)), { event: 'e', data: 1 }),
    'a message that is not an object': () => sealV1(key, anyValue('hello')),
    'an event that is not a string': () => sealV1(key, anyValue({ event: 7, data: 1 })),
    'data that JSON cannot write (a BigInt)': () => sealV1(key, { event: 'e', data: 1n }),
    'data that JSON cannot write (a function)': () => sealV1(key, { event: 'e', data: () => 1 }),
    'a channel that is not a string': () => sealV2(key, anyValue(null), { event: 'e', data: 1 }),
    'a seed that is a number': () => deriveV1Key(anyValue(12), siteKey),
    'a site key that is bytes': () =>
      deriveChannelKey('seed', anyValue(new Uint8Array(4)), 'posts'),
    'hkdf info that is a number': () => hkdfSha256('ikm', 'salt', anyValue(3), 32),
    'keys for openMessage that are missing': () => openMessage({}, anyValue(undefined)),
    'a publish secret that is bytes': () => signPublish(anyValue(new Uint8Array(4)), 'body', 1),
    'a publish ts that is a string': () => signPublish('secret', 'body', anyValue('1')),
    'credentials that are missing': () => publishHeaders(anyValue(null), 'body'),
    'a signed request that is missing': () => verifyPublishSignature(anyValue(undefined)),
    'a key for openV2 that is an array': () => openV2(anyValue([1, 2]), 'posts', {}),
  };

  for (const [what, call] of Object.entries(typeErrors)) {
    it(`throws a TypeError for ${what}`, async () => {
      await expect(call()).rejects.toThrow(TypeError);
    });
  }

  const rangeErrors: Record<string, () => Promise<unknown>> = {
    'an empty event': () => sealV1(key, { event: '', data: 1 }),
    'data with a lone surrogate PHP could not decode': () =>
      sealV1(key, { event: 'e', data: 'a\ud800' }),
    'an empty seed': () => deriveV1Key('', siteKey),
    'an empty site key': () => deriveV1Key('seed', ''),
    'a negative publish ts': () => signPublish('secret', 'body', -1),
    'an empty publish secret': () => signPublish('', 'body', 1),
  };

  for (const [what, call] of Object.entries(rangeErrors)) {
    it(`throws a RangeError for ${what}`, async () => {
      await expect(call()).rejects.toThrow(RangeError);
    });
  }
});
