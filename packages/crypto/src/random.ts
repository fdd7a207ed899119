import { WordSocketCryptoError } from './errors.js';
import { runtime } from './runtime.js';

/**
 * `length` bytes from the platform's CSPRNG (`crypto.getRandomValues`, which browsers offer
 * on plain-HTTP pages too).
 *
 * @throws WordSocketCryptoError `unsupported_runtime` when the runtime has no CSPRNG
 */
export function randomBytes(length: number): Uint8Array {
  const crypto = runtime.crypto;
  if (typeof crypto?.getRandomValues !== 'function') {
    throw new WordSocketCryptoError('unsupported_runtime', 'crypto.getRandomValues is missing');
  }

  return crypto.getRandomValues(new Uint8Array(length));
}
