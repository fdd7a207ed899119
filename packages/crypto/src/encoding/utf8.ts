import { assertBytes, assertString } from '../assert.js';
import { WordSocketCryptoError } from '../errors.js';
import { runtime } from '../runtime.js';

let encoder: { encode(input: string): Uint8Array } | undefined;
let decoder: { decode(input: Uint8Array): string } | undefined;

/**
 * Encodes a string as UTF-8. A lone surrogate becomes U+FFFD, as in every WHATWG encoder.
 *
 * @throws TypeError when `text` is not a string
 * @example
 * ```ts
 * utf8Encode('café'); // Uint8Array [99, 97, 102, 195, 169]
 * ```
 */
export function utf8Encode(text: string): Uint8Array {
  assertString(text, 'text');
  encoder ??= new runtime.TextEncoder();

  return encoder.encode(text);
}

/**
 * Decodes UTF-8 strictly: bytes that are not well-formed UTF-8 are refused, never replaced.
 *
 * @throws WordSocketCryptoError `invalid_utf8` when `bytes` is not well-formed UTF-8
 * @throws TypeError when `bytes` is not a Uint8Array
 * @example
 * ```ts
 * utf8Decode(new Uint8Array([104, 105])); // 'hi'
 * ```
 */
export function utf8Decode(bytes: Uint8Array): string {
  assertBytes(bytes, 'bytes');
  decoder ??= new runtime.TextDecoder('utf-8', { fatal: true });

  try {
    return decoder.decode(bytes);
  } catch (cause) {
    throw new WordSocketCryptoError('invalid_utf8', 'bytes are not well-formed UTF-8', { cause });
  }
}
