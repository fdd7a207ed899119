import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  deriveChannelKey,
  deriveV1Key,
  fromBase64,
  isWordSocketCryptoError,
  openV1,
  openV2,
  sealV1,
  sealV2,
  toBase64,
} from '../src/index.js';
import { channelName, eventName, jsonData, viaJson } from './support/arbitraries.js';
import { expectedBackend } from './support/backend.js';

const seed = 'property seed';
const siteKey = 'f00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfeed';
const runs = { numRuns: 60 };

/** Replaces `p` of an encrypted message with the given bytes. */
function withPayload<T extends { data: { p: string } }>(sealed: T, payload: Uint8Array): T {
  return { ...sealed, data: { ...sealed.data, p: toBase64(payload) } };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'opened';
  } catch (error) {
    return isWordSocketCryptoError(error) ? error.code : `untyped ${String(error)}`;
  }
}

describe(`envelope properties on ${expectedBackend}`, () => {
  let v1Key: Uint8Array;

  beforeAll(async () => {
    v1Key = await deriveV1Key(seed, siteKey);
  });

  it('v1: open(seal(message)) is the message, for any event and JSON data', async () => {
    await fc.assert(
      fc.asyncProperty(eventName, jsonData, async (event, data) => {
        const opened = await openV1(v1Key, await sealV1(v1Key, { event, data }));

        expect(opened).toEqual({ event, data: viaJson(data) });
      }),
      runs,
    );
  });

  it('v2: open(seal(message)) is the message, for any channel, event and JSON data', async () => {
    await fc.assert(
      fc.asyncProperty(channelName, eventName, jsonData, async (channel, event, data) => {
        const key = await deriveChannelKey(seed, siteKey, channel);
        const opened = await openV2(key, channel, await sealV2(key, channel, { event, data }));

        expect(opened.event).toBe(event);
        expect(opened.data).toEqual(viaJson(data));
      }),
      runs,
    );
  });

  it('v1: flipping any single bit of iv, ciphertext or tag is refused as tampered', async () => {
    await fc.assert(
      fc.asyncProperty(
        jsonData,
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        async (data, at, bit) => {
          const sealed = await sealV1(v1Key, { event: 'e', data });
          const payload = fromBase64(sealed.data.p);
          const index = at % payload.length;
          payload[index] = (payload[index] as number) ^ (1 << bit);

          expect(await codeOf(openV1(v1Key, withPayload(sealed, payload)))).toBe('tampered');
        },
      ),
      runs,
    );
  });

  it('v2: flipping any single bit of iv, ciphertext or tag is refused as tampered', async () => {
    await fc.assert(
      fc.asyncProperty(
        channelName,
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        async (channel, at, bit) => {
          const key = await deriveChannelKey(seed, siteKey, channel);
          const sealed = await sealV2(key, channel, { event: 'e', data: channel });
          const payload = fromBase64(sealed.data.p);
          const index = at % payload.length;
          payload[index] = (payload[index] as number) ^ (1 << bit);

          expect(await codeOf(openV2(key, channel, withPayload(sealed, payload)))).toBe('tampered');
        },
      ),
      runs,
    );
  });

  it('v2: a message moved to any other channel is refused as wrong_channel', async () => {
    await fc.assert(
      fc.asyncProperty(channelName, channelName, jsonData, async (from, to, data) => {
        fc.pre(from !== to);
        const sealed = await sealV2(await deriveChannelKey(seed, siteKey, from), from, {
          event: 'e',
          data,
        });
        const toKey = await deriveChannelKey(seed, siteKey, to);

        expect(await codeOf(openV2(toKey, to, sealed))).toBe('wrong_channel');
      }),
      runs,
    );
  });

  it('v2: a moved message with its hint rewritten is refused as tampered', async () => {
    await fc.assert(
      fc.asyncProperty(channelName, channelName, async (from, to) => {
        fc.pre(from !== to);
        const sealed = await sealV2(await deriveChannelKey(seed, siteKey, from), from, {
          event: 'e',
          data: 1,
        });
        const moved = { ...sealed, data: { ...sealed.data, c: to } };

        expect(await codeOf(openV2(await deriveChannelKey(seed, siteKey, to), to, moved))).toBe(
          'tampered',
        );
      }),
      runs,
    );
  });

  it('a tag truncated by 1 to 16 bytes is refused as tampered', async () => {
    await fc.assert(
      fc.asyncProperty(jsonData, fc.integer({ min: 1, max: 16 }), async (data, cut) => {
        const sealed = await sealV1(v1Key, { event: 'e', data });
        const payload = fromBase64(sealed.data.p);

        expect(await codeOf(openV1(v1Key, withPayload(sealed, payload.subarray(0, -cut))))).toBe(
          'tampered',
        );
      }),
      runs,
    );
  });

  it('a payload cut below iv and tag is refused as malformed_envelope', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 27 }), async (length) => {
        const sealed = await sealV1(v1Key, { event: 'e', data: 1 });
        const payload = fromBase64(sealed.data.p).subarray(0, length);

        expect(await codeOf(openV1(v1Key, withPayload(sealed, payload)))).toBe(
          'malformed_envelope',
        );
      }),
      runs,
    );
  });

  it('bytes appended after the tag are refused as tampered', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 32 }), async (extra) => {
        const sealed = await sealV1(v1Key, { event: 'e', data: 1 });
        const payload = fromBase64(sealed.data.p);

        expect(
          await codeOf(openV1(v1Key, withPayload(sealed, new Uint8Array([...payload, ...extra])))),
        ).toBe('tampered');
      }),
      runs,
    );
  });
});
