import { afterEach, describe, expect, it, vi } from 'vitest';
import { fallbackBackend } from '../src/fallback.js';
import {
  defaultBackend,
  deriveChannelKey,
  openV2,
  sealV1,
  sealV2,
  webCryptoBackend,
} from '../src/index.js';
import { expectedBackend } from './support/backend.js';
import { expectCode } from './support/expect-code.js';

const siteKey = 'b6f1c0e2d3a4958677e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0';

describe(`backend selection (${expectedBackend} project)`, () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('picks the backend this project is meant to exercise', async () => {
    const backend = await defaultBackend();

    expect(backend.name).toBe(expectedBackend);
  });

  it(`carries every operation on ${expectedBackend} alone`, async () => {
    const subtle = (globalThis.crypto as { subtle?: SubtleCrypto }).subtle;
    if (expectedBackend === 'fallback') {
      expect(subtle, 'crypto.subtle must not exist in the fallback project').toBeUndefined();
    }
    const spies = subtle
      ? [vi.spyOn(subtle, 'deriveBits'), vi.spyOn(subtle, 'encrypt'), vi.spyOn(subtle, 'decrypt')]
      : [];

    const key = await deriveChannelKey('seed', siteKey, 'posts');
    const opened = await openV2(key, 'posts', await sealV2(key, 'posts', { event: 'e', data: 1 }));

    expect(opened.data).toBe(1);
    expect(spies.map((spy) => spy.mock.calls.length)).toEqual(
      expectedBackend === 'webcrypto' ? [1, 1, 1] : [],
    );
  });

  it('answers a forced WebCrypto backend without crypto.subtle with unsupported_runtime', async () => {
    const sealing = sealV1(
      new Uint8Array(32),
      { event: 'e', data: 1 },
      { backend: webCryptoBackend },
    );

    if (expectedBackend === 'fallback') await expectCode(sealing, 'unsupported_runtime');
    else await expect(sealing).resolves.toMatchObject({ event: 'encrypted' });
  });

  it('uses a backend passed in the options instead of the default', async () => {
    const key = await deriveChannelKey('seed', siteKey, 'posts', { backend: fallbackBackend });
    const sealed = await sealV2(
      key,
      'posts',
      { event: 'e', data: 2 },
      { backend: fallbackBackend },
    );

    expect((await openV2(key, 'posts', sealed)).data).toBe(2);
  });

  it('loads the fallback once and reuses it', async () => {
    expect(await defaultBackend()).toBe(await defaultBackend());
  });
});
