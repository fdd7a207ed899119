import { describe, expect, it } from 'vitest';
import {
  deriveChannelKey,
  deriveV1Key,
  openV1,
  openV2,
  signPublish,
  verifyPublishSignature,
} from '../src/index.js';
import { expectedBackend } from './support/backend.js';
import { expectCode } from './support/expect-code.js';
import { hex, toHexString } from './support/hex.js';
import { shared } from './support/shared-vectors.js';

describe(`PHP-sealed shared vectors on ${expectedBackend}`, () => {
  it('holds non-ASCII data and slashes that PHP escaped as \\/', () => {
    const plaintexts = shared.envelopes.map((v) => v.plaintext).join('');

    expect(plaintexts).toContain('\\/');
    expect(plaintexts).toContain('\\ud83c\\udf89');
    expect(plaintexts).toContain('\\u65e5');
  });

  for (const v of shared.keys) {
    it(`derives the key ${v.name}`, async () => {
      const key =
        v.channel === undefined
          ? await deriveV1Key(v.seed, v.site_key)
          : await deriveChannelKey(v.seed, v.site_key, v.channel);

      expect(toHexString(key)).toBe(v.key_hex);
    });
  }

  for (const v of shared.envelopes) {
    it(`opens the envelope ${v.name}`, async () => {
      const key = hex(v.key_hex);
      const opened =
        v.version === 1
          ? await openV1(key, v.message)
          : await openV2(key, v.channel as string, v.message);

      expect(opened.event).toBe(v.event);
      expect(opened.data).toEqual(v.data);
      expect(opened.data).toEqual(JSON.parse(v.plaintext).data);
      if (v.version === 2) expect(opened).toMatchObject({ ts: v.ts, id: v.id });
    });
  }

  for (const v of shared.signatures) {
    it(`signs and verifies the signature ${v.name}`, async () => {
      expect(await signPublish(v.publish_secret, v.body, v.ts)).toBe(v.signature);
      expect(
        await verifyPublishSignature({
          secret: v.publish_secret,
          body: v.body,
          ts: String(v.ts),
          signature: v.signature,
        }),
      ).toBe(true);
    });
  }

  for (const v of shared.failures) {
    it(`refuses "${v.name}" as ${v.error}`, async () => {
      const key = hex(v.key_hex);
      const opening =
        v.version === 1 ? openV1(key, v.message) : openV2(key, v.channel as string, v.message);

      await expectCode(opening, v.error);
    });
  }
});
