import { assertBytes, assertString } from '../assert.js';
import { WordSocketCryptoError } from '../errors.js';

const digits = '0123456789abcdef';

/**
 * Lowercase hexadecimal, two characters per byte (what PHP's `bin2hex` and `hash_hmac` print).
 *
 * @throws TypeError when `bytes` is not a Uint8Array
 * @example
 * ```ts
 * toHex(new Uint8Array([1, 254])); // '01fe'
 * ```
 */
export function toHex(bytes: Uint8Array): string {
  assertBytes(bytes, 'bytes');

  let out = '';
  for (const byte of bytes) out += digits.charAt(byte >> 4) + digits.charAt(byte & 15);

  return out;
}

/**
 * Decodes hexadecimal (either case). The length must be even.
 *
 * @throws WordSocketCryptoError `invalid_hex` for an odd length or a non-hex character
 * @throws TypeError when `hex` is not a string
 * @example
 * ```ts
 * fromHex('01FE'); // Uint8Array [1, 254]
 * ```
 */
export function fromHex(hex: string): Uint8Array {
  assertString(hex, 'hex');
  if (hex.length % 2 !== 0) throw new WordSocketCryptoError('invalid_hex', 'odd-length hex');

  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const high = nibble(hex.charCodeAt(2 * i));
    const low = nibble(hex.charCodeAt(2 * i + 1));
    if (high < 0 || low < 0) {
      throw new WordSocketCryptoError('invalid_hex', `non-hex character near offset ${2 * i}`);
    }
    out[i] = (high << 4) | low;
  }

  return out;
}

function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;

  return -1;
}
