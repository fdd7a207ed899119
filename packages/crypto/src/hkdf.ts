import { assertInteger, assertText } from './assert.js';
import { chooseBackend } from './backend/select.js';
import type { BackendOptions } from './backend/types.js';
import { utf8Encode } from './encoding/utf8.js';

/** The most output HKDF-SHA256 can produce: 255 blocks of 32 bytes (RFC 5869 §2.3). */
export const HKDF_SHA256_MAX_LENGTH = 255 * 32;

/**
 * HKDF-SHA256 (RFC 5869): extract with `salt`, expand with `info`. Strings are taken as their
 * UTF-8 bytes, exactly as PHP's `hash_hkdf('sha256', $ikm, $length, $info, $salt)` takes them.
 *
 * @param ikm - input keying material (must not be empty, as in PHP)
 * @param salt - salt; empty means a block of zeros (RFC 5869 §2.2)
 * @param info - context and application specific information
 * @param length - output length in bytes, 1 to 8160
 * @throws TypeError for arguments of the wrong type
 * @throws RangeError for an empty `ikm` or a `length` out of range
 * @example
 * ```ts
 * const okm = await hkdfSha256('seed', 'salt', 'info', 32);
 * ```
 */
export async function hkdfSha256(
  ikm: string | Uint8Array,
  salt: string | Uint8Array,
  info: string | Uint8Array,
  length: number,
  options?: BackendOptions,
): Promise<Uint8Array> {
  assertText(ikm, 'ikm');
  assertText(salt, 'salt');
  assertText(info, 'info');
  assertInteger(length, 'length', 1, HKDF_SHA256_MAX_LENGTH);

  const ikmBytes = toBytes(ikm);
  if (ikmBytes.length === 0) throw new RangeError('ikm must not be empty');

  const backend = await chooseBackend(options);

  return backend.hkdfSha256(ikmBytes, toBytes(salt), toBytes(info), length);
}

/** A string's UTF-8 bytes, or the bytes themselves. */
export function toBytes(value: string | Uint8Array): Uint8Array {
  return typeof value === 'string' ? utf8Encode(value) : value;
}
