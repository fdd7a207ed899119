/**
 * Every failure this package reports about its input, as a stable string. Callers `switch` on
 * `error.code`; the messages are for humans and may change.
 *
 * Misuse of the API (an argument of the wrong type, an impossible length) is not in this list:
 * it throws a plain `TypeError` or `RangeError`.
 */
export type CryptoErrorCode =
  | 'invalid_base64'
  | 'invalid_hex'
  | 'invalid_utf8'
  | 'invalid_key_length'
  | 'invalid_channel'
  | 'malformed_envelope'
  | 'unknown_version'
  | 'wrong_version'
  | 'missing_key'
  | 'wrong_channel'
  | 'tampered'
  | 'malformed_plaintext'
  | 'invalid_signature'
  | 'stale_timestamp'
  | 'unsupported_runtime';

/** The codes of {@link CryptoErrorCode} as a runtime list, in documentation order. */
export const CRYPTO_ERROR_CODES: readonly CryptoErrorCode[] = Object.freeze([
  'invalid_base64',
  'invalid_hex',
  'invalid_utf8',
  'invalid_key_length',
  'invalid_channel',
  'malformed_envelope',
  'unknown_version',
  'wrong_version',
  'missing_key',
  'wrong_channel',
  'tampered',
  'malformed_plaintext',
  'invalid_signature',
  'stale_timestamp',
  'unsupported_runtime',
]);

const brand = Symbol.for('@wordsocket/crypto/error');

/**
 * The one error class of `@wordsocket/crypto`. Thrown for bad input (a tampered ciphertext, a
 * malformed envelope, a signature that does not verify), never for programming mistakes.
 *
 * `instanceof` works across copies of the package (ESM and CommonJS builds, two versions in one
 * bundle) because the check looks for a brand rather than the class identity.
 *
 * @example
 * ```ts
 * try {
 *   await openV2(key, 'posts', message);
 * } catch (error) {
 *   if (error instanceof WordSocketCryptoError && error.code === 'wrong_channel') dropIt();
 *   else throw error;
 * }
 * ```
 */
export class WordSocketCryptoError extends Error {
  /** What went wrong, as a stable string; see {@link CryptoErrorCode}. */
  readonly code: CryptoErrorCode;

  /**
   * @param code - the stable failure code
   * @param message - a human-readable explanation (not part of the API)
   * @param options - `cause`: the underlying error, when there is one
   */
  constructor(code: CryptoErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WordSocketCryptoError';
    this.code = code;
    Object.defineProperty(this, brand, { value: true });
  }

  /** Makes `instanceof` check the brand, so copies of this class recognise each other. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isWordSocketCryptoError(value);
  }
}

/**
 * Whether `value` is a {@link WordSocketCryptoError}, optionally with the given code.
 *
 * @example
 * ```ts
 * if (isWordSocketCryptoError(error, 'tampered')) report(error);
 * ```
 */
export function isWordSocketCryptoError(
  value: unknown,
  code?: CryptoErrorCode,
): value is WordSocketCryptoError {
  if (typeof value !== 'object' || value === null) return false;
  if ((value as Record<symbol, unknown>)[brand] !== true) return false;

  return code === undefined || (value as WordSocketCryptoError).code === code;
}
