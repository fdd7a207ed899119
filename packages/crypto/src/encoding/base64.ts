import { assertBytes, assertString } from '../assert.js';
import { WordSocketCryptoError } from '../errors.js';

const standard = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const urlSafe = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const standardLookup = lookupTable(standard);
const urlSafeLookup = lookupTable(urlSafe);

/**
 * Standard base64 (RFC 4648 §4) with `=` padding, as PHP's `base64_encode` writes it.
 *
 * @throws TypeError when `bytes` is not a Uint8Array
 * @example
 * ```ts
 * toBase64(utf8Encode('hi?')); // 'aGk/'
 * ```
 */
export function toBase64(bytes: Uint8Array): string {
  assertBytes(bytes, 'bytes');

  return encode(bytes, standard, true);
}

/**
 * Decodes standard base64 strictly: padding is required, whitespace and characters outside the
 * alphabet are refused, and so are non-zero bits after the last byte. Every byte string
 * therefore has exactly one accepted spelling.
 *
 * @throws WordSocketCryptoError `invalid_base64` when `text` is not canonical standard base64
 * @throws TypeError when `text` is not a string
 * @example
 * ```ts
 * utf8Decode(fromBase64('aGk/')); // 'hi?'
 * ```
 */
export function fromBase64(text: string): Uint8Array {
  assertString(text, 'text');

  return decode(text, standardLookup, true);
}

/**
 * URL-safe base64 (RFC 4648 §5) without padding, as used in JWTs and URLs.
 *
 * @throws TypeError when `bytes` is not a Uint8Array
 * @example
 * ```ts
 * toBase64Url(utf8Encode('hi?')); // 'aGk_'
 * ```
 */
export function toBase64Url(bytes: Uint8Array): string {
  assertBytes(bytes, 'bytes');

  return encode(bytes, urlSafe, false);
}

/**
 * Decodes URL-safe base64, with or without padding (padding, when present, must be correct).
 * Otherwise as strict as {@link fromBase64}.
 *
 * @throws WordSocketCryptoError `invalid_base64` when `text` is not canonical URL-safe base64
 * @throws TypeError when `text` is not a string
 * @example
 * ```ts
 * utf8Decode(fromBase64Url('aGk_')); // 'hi?'
 * ```
 */
export function fromBase64Url(text: string): Uint8Array {
  assertString(text, 'text');

  return decode(text, urlSafeLookup, false);
}

function lookupTable(alphabet: string): Int8Array {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;

  return table;
}

function encode(bytes: Uint8Array, alphabet: string, pad: boolean): string {
  let out = '';
  let i = 0;

  for (; i + 2 < bytes.length; i += 3) {
    const n =
      ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out +=
      alphabet.charAt(n >> 18) +
      alphabet.charAt((n >> 12) & 63) +
      alphabet.charAt((n >> 6) & 63) +
      alphabet.charAt(n & 63);
  }

  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] as number) << 16;
    out += alphabet.charAt(n >> 18) + alphabet.charAt((n >> 12) & 63) + (pad ? '==' : '');
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    out +=
      alphabet.charAt(n >> 18) +
      alphabet.charAt((n >> 12) & 63) +
      alphabet.charAt((n >> 6) & 63) +
      (pad ? '=' : '');
  }

  return out;
}

function decode(text: string, lookup: Int8Array, padRequired: boolean): Uint8Array {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61) end--;

  const padding = text.length - end;
  const tail = end % 4;
  const padded = padding > 0;

  if (tail === 1 || padding > 2) fail('impossible length');
  if (padded && (text.length % 4 !== 0 || padding !== (4 - tail) % 4)) fail('wrong padding');
  if (padRequired && !padded && tail !== 0) fail('missing padding');

  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let bits = 0;
  let buffer = 0;
  let o = 0;

  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? (lookup[code] as number) : -1;
    if (value < 0) fail(`unexpected character at offset ${i}`);

    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
    }
  }

  if ((buffer & ((1 << bits) - 1)) !== 0) fail('non-zero trailing bits');

  return out;
}

function fail(reason: string): never {
  throw new WordSocketCryptoError('invalid_base64', `invalid base64: ${reason}`);
}
