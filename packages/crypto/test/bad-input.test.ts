import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  deriveChannelKey,
  deriveV1Key,
  isWordSocketCryptoError,
  openMessage,
  openV1,
  openV2,
  sealV1,
  toBase64,
  verifyPublishSignature,
} from '../src/index.js';
import { expectedBackend } from './support/backend.js';
import { expectCode } from './support/expect-code.js';

const siteKey = 'b6f1c0e2d3a4958677e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0';

/** Resolves to the error's code, or fails the test on anything but a WordSocketCryptoError. */
async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isWordSocketCryptoError(error)) return error.code;
    throw new Error(`untyped error on bad input: ${String(error)}`, { cause: error });
  }
  throw new Error('bad input was accepted');
}

const envelopeLike = fc.record(
  {
    event: fc.oneof(fc.constant('encrypted'), fc.string()),
    data: fc.oneof(
      fc.anything(),
      fc.record(
        {
          v: fc.oneof(fc.constantFrom(1, 2, 3, 0, -1, 1.5), fc.anything()),
          p: fc.oneof(fc.base64String(), fc.string()),
          c: fc.anything(),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
);

describe(`bad input on ${expectedBackend}`, () => {
  let v1Key: Uint8Array;
  let postsKey: Uint8Array;

  beforeAll(async () => {
    v1Key = await deriveV1Key('seed', siteKey);
    postsKey = await deriveChannelKey('seed', siteKey, 'posts');
  });

  it('openV1 answers any value with a coded error, never an untyped one', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.anything(), envelopeLike), async (value) => {
        await failure(openV1(v1Key, value));
      }),
      { numRuns: 300 },
    );
  });

  it('openV2 answers any value with a coded error, never an untyped one', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.anything(), envelopeLike), async (value) => {
        await failure(openV2(postsKey, 'posts', value));
      }),
      { numRuns: 300 },
    );
  });

  it('openMessage answers random valid-looking payloads with a coded error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(1, 2),
        fc.uint8Array({ maxLength: 80 }),
        async (v, payload) => {
          const message = { event: 'encrypted', data: { v, c: 'posts', p: toBase64(payload) } };
          const code = await failure(
            openMessage(message, { v1Key, channelKey: postsKey, channel: 'posts' }),
          );

          expect(['tampered', 'malformed_envelope']).toContain(code);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses an envelope whose event is not "encrypted" as malformed_envelope', async () => {
    const sealed = await sealV1(v1Key, { event: 'e', data: 1 });

    await expectCode(openV1(v1Key, { ...sealed, event: 'post.published' }), 'malformed_envelope');
  });

  it('refuses a version written as a string as malformed_envelope', async () => {
    const sealed = await sealV1(v1Key, { event: 'e', data: 1 });

    await expectCode(
      openV1(v1Key, { ...sealed, data: { ...sealed.data, v: '1' } }),
      'malformed_envelope',
    );
  });

  it('refuses a key of the wrong length as invalid_key_length', async () => {
    const sealed = await sealV1(v1Key, { event: 'e', data: 1 });

    await expectCode(openV1(new Uint8Array(16), sealed), 'invalid_key_length');
    await expectCode(sealV1(new Uint8Array(31), { event: 'e', data: 1 }), 'invalid_key_length');
  });

  it('refuses a channel name that breaks the protocol as invalid_channel', async () => {
    const sealed = await sealV1(v1Key, { event: 'e', data: 1 });

    await expectCode(openV2(postsKey, 'two words', sealed), 'invalid_channel');
  });

  it('answers any header values with true or false, never an error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.string(), fc.string(), async (body, ts, signature) => {
        const ok = await verifyPublishSignature({ secret: 's', body, ts, signature });

        expect(ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
