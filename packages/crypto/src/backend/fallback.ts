import { gcm } from '@noble/ciphers/aes.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { WordSocketCryptoError } from '../errors.js';
import type { CryptoBackend } from './types.js';

/**
 * The pure-JavaScript backend (audited `@noble/hashes` and `@noble/ciphers`), for pages served
 * over plain HTTP where browsers withhold `crypto.subtle`. Slower than WebCrypto and not
 * hardened against timing side channels the way native code is; see the README's Limitations.
 */
export const fallbackBackend: CryptoBackend = {
  name: 'fallback',

  async hkdfSha256(ikm, salt, info, length) {
    return hkdf(sha256, ikm, salt, info, length);
  },

  async hmacSha256(key, data) {
    return hmac(sha256, key, data);
  },

  async sha256(data) {
    return sha256(data);
  },

  async aesGcmEncrypt(key, iv, plaintext, aad) {
    return gcm(key, iv, aad).encrypt(plaintext);
  },

  async aesGcmDecrypt(key, iv, sealed, aad) {
    try {
      return gcm(key, iv, aad).decrypt(sealed);
    } catch (cause) {
      throw new WordSocketCryptoError('tampered', 'authentication failed', { cause });
    }
  },
};
