import { constantTimeEqual } from '../encoding/compare.js';
import { WordSocketCryptoError } from '../errors.js';
import { type SubtleLike, subtleCrypto } from '../runtime.js';
import type { CryptoBackend } from './types.js';

/**
 * The WebCrypto backend: every primitive runs in `crypto.subtle` (native code in browsers, in
 * Node's OpenSSL). Each call looks `crypto.subtle` up afresh, so the backend object is safe to
 * hold on to even where WebCrypto appears later.
 */
export const webCryptoBackend: CryptoBackend = {
  name: 'webcrypto',

  async hkdfSha256(ikm, salt, info, length) {
    const subtle = requireSubtle();
    const key = await subtle.importKey('raw', ikm, 'HKDF', false, ['deriveBits']);
    const bits = await subtle.deriveBits(
      { name: 'HKDF', hash: 'SHA-256', salt, info },
      key,
      length * 8,
    );

    return new Uint8Array(bits);
  },

  async hmacSha256(key, data) {
    const subtle = requireSubtle();
    const hmacKey = await subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);

    return new Uint8Array(await subtle.sign('HMAC', hmacKey, data));
  },

  async sha256(data) {
    return new Uint8Array(await requireSubtle().digest('SHA-256', data));
  },

  async aesGcmEncrypt(key, iv, plaintext, aad) {
    const subtle = requireSubtle();
    const aesKey = await importAesKey(subtle, key);
    const sealed = await subtle.encrypt(gcmParams(iv, aad), aesKey, plaintext);

    return new Uint8Array(sealed);
  },

  async aesGcmDecrypt(key, iv, sealed, aad) {
    const subtle = requireSubtle();
    const aesKey = await importAesKey(subtle, key);

    try {
      return new Uint8Array(await subtle.decrypt(gcmParams(iv, aad), aesKey, sealed));
    } catch (cause) {
      // WebCrypto reports a failed tag check as an OperationError and nothing else as one.
      if ((cause as { name?: unknown } | null)?.name !== 'OperationError') throw cause;
      throw new WordSocketCryptoError('tampered', 'authentication failed', { cause });
    }
  },
};

// Importing a raw key costs about as much as sealing 1 KB (bench/seal-open.mjs), and a page
// opens every message of a channel with the same key object, so imported keys are kept per
// key object, together with a copy of the bytes they were imported from: a key array that is
// changed in place is imported afresh rather than served stale.
const imported = new WeakMap<Uint8Array, { bytes: Uint8Array; key: Promise<unknown> }>();

function importAesKey(subtle: SubtleLike, key: Uint8Array): Promise<unknown> {
  const cached = imported.get(key);
  if (cached && constantTimeEqual(cached.bytes, key)) return cached.key;

  const entry = {
    bytes: key.slice(),
    key: subtle.importKey('raw', key, 'AES-GCM', false, ['encrypt', 'decrypt']),
  };
  imported.set(key, entry);
  entry.key.catch(() => imported.delete(key));

  return entry.key;
}

function gcmParams(iv: Uint8Array, aad: Uint8Array) {
  return { name: 'AES-GCM' as const, iv, additionalData: aad, tagLength: 128 };
}

function requireSubtle(): SubtleLike {
  const subtle = subtleCrypto();
  if (subtle === undefined) {
    throw new WordSocketCryptoError(
      'unsupported_runtime',
      'crypto.subtle is not available here (plain HTTP page?); use the fallback backend',
    );
  }

  return subtle;
}
