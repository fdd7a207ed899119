import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertPublishSignature,
  publishHeaders,
  signPublish,
  verifyPublishSignature,
} from '../src/signature.js';
import { expectedBackend } from './support/backend.js';
import { expectCode } from './support/expect-code.js';

const secret = '3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a';
const body = '{"channel":"posts","event":"encrypted","data":{"v":1,"p":"AAAA"}}';
const ts = 1767225600000;

describe(`publish signatures on ${expectedBackend}`, () => {
  it('is the lowercase hex HMAC-SHA256 of body + "." + ts under the secret text', async () => {
    const { createHmac } = await import('node:crypto');
    const expected = createHmac('sha256', secret).update(`${body}.${ts}`).digest('hex');

    expect(await signPublish(secret, body, ts)).toBe(expected);
  });

  it('signs bytes and the same text identically', async () => {
    const text = '{"t":"é🎉"}';

    expect(await signPublish(secret, new TextEncoder().encode(text), ts)).toBe(
      await signPublish(secret, text, ts),
    );
  });

  it('returns the three headers the relay reads', async () => {
    const headers = await publishHeaders({ siteKey: 'key', publishSecret: secret }, body, ts);

    expect(headers).toEqual({
      'X-WP-Signal-Key': 'key',
      'X-WP-Signal-Ts': '1767225600000',
      'X-WP-Signal-Sign': await signPublish(secret, body, ts),
    });
  });

  it('verifies what it signed, with the signature in either case', async () => {
    const signature = await signPublish(secret, body, ts);

    expect(await verifyPublishSignature({ secret, body, ts: String(ts), signature })).toBe(true);
    expect(
      await verifyPublishSignature({
        secret,
        body,
        ts: String(ts),
        signature: signature.toUpperCase(),
      }),
    ).toBe(true);
  });

  it('refuses any change to the body, timestamp, signature or secret', async () => {
    const signature = await signPublish(secret, body, ts);

    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('body', 'ts', 'signature', 'secret'),
        fc.nat(),
        async (field, at) => {
          const request = { secret, body, ts: String(ts), signature };
          const value = request[field as keyof typeof request];
          const index = at % value.length;
          const replacement = value[index] === '1' ? '2' : '1';
          const changed = {
            ...request,
            [field]: value.slice(0, index) + replacement + value.slice(index + 1),
          };

          expect(await verifyPublishSignature(changed)).toBe(false);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('refuses timestamps with leading zeros, signs or fractions, which PHP would not sign', async () => {
    const signature = await signPublish(secret, body, ts);

    for (const written of [`0${ts}`, `+${ts}`, `${ts}.0`, ` ${ts}`, '']) {
      expect(await verifyPublishSignature({ secret, body, ts: written, signature })).toBe(false);
    }
  });

  it('refuses signatures that are not 64 hex characters', async () => {
    for (const signature of ['', 'abc', 'zz'.repeat(32), '0'.repeat(66)]) {
      expect(await verifyPublishSignature({ secret, body, ts: String(ts), signature })).toBe(false);
    }
  });

  it('assertPublishSignature accepts a fresh valid signature', async () => {
    const signature = await signPublish(secret, body, ts);

    await expect(
      assertPublishSignature({ secret, body, ts: String(ts), signature }, { now: ts + 59_000 }),
    ).resolves.toBeUndefined();
  });

  it('assertPublishSignature refuses a timestamp more than 60 s away as stale_timestamp', async () => {
    const signature = await signPublish(secret, body, ts);

    await expectCode(
      assertPublishSignature({ secret, body, ts: String(ts), signature }, { now: ts + 60_001 }),
      'stale_timestamp',
    );
    await expectCode(
      assertPublishSignature({ secret, body, ts: String(ts), signature }, { now: ts - 60_001 }),
      'stale_timestamp',
    );
  });

  it('assertPublishSignature refuses a bad signature as invalid_signature', async () => {
    await expectCode(
      assertPublishSignature(
        { secret, body, ts: String(ts), signature: '0'.repeat(64) },
        { now: ts },
      ),
      'invalid_signature',
    );
  });
});
