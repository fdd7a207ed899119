/**
 * `@wordsocket/crypto/encoding`: base64 (standard and URL-safe), hex and strict UTF-8, with no
 * cryptography attached.
 */
export { fromBase64, fromBase64Url, toBase64, toBase64Url } from './encoding/base64.js';
export { constantTimeEqual } from './encoding/compare.js';
export { fromHex, toHex } from './encoding/hex.js';
export { utf8Decode, utf8Encode } from './encoding/utf8.js';
export {
  CRYPTO_ERROR_CODES,
  type CryptoErrorCode,
  isWordSocketCryptoError,
  WordSocketCryptoError,
} from './errors.js';
