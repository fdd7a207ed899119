import { describe, expect, it } from 'vitest';
import {
  CRYPTO_ERROR_CODES,
  isWordSocketCryptoError,
  WordSocketCryptoError,
} from '../src/index.js';

describe('WordSocketCryptoError', () => {
  it('carries a stable code, a name and the cause', () => {
    const cause = new Error('inner');
    const error = new WordSocketCryptoError('tampered', 'authentication failed', { cause });

    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('WordSocketCryptoError');
    expect(error.code).toBe('tampered');
    expect(error.cause).toBe(cause);
  });

  it('is recognised across two copies of the module, as ESM and CommonJS builds are', async () => {
    const copy: typeof import('../src/errors.js') = await import(
      `../src/errors.js?${'second-copy'}`
    );

    expect(copy.WordSocketCryptoError).not.toBe(WordSocketCryptoError);
    expect(new copy.WordSocketCryptoError('tampered', 'x')).toBeInstanceOf(WordSocketCryptoError);
    expect(
      isWordSocketCryptoError(new copy.WordSocketCryptoError('tampered', 'x'), 'tampered'),
    ).toBe(true);
  });

  it('is not confused with other errors or look-alikes', () => {
    expect(new Error('x')).not.toBeInstanceOf(WordSocketCryptoError);
    expect(isWordSocketCryptoError({ code: 'tampered', name: 'WordSocketCryptoError' })).toBe(
      false,
    );
    expect(
      isWordSocketCryptoError(new WordSocketCryptoError('tampered', 'x'), 'wrong_channel'),
    ).toBe(false);
  });

  it('lists every code once', () => {
    expect(new Set(CRYPTO_ERROR_CODES).size).toBe(CRYPTO_ERROR_CODES.length);
    expect(Object.isFrozen(CRYPTO_ERROR_CODES)).toBe(true);
  });
});
