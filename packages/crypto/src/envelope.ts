/**
 * `@wordsocket/crypto/envelope`: everything a page needs to open (and seal) payload envelopes,
 * and nothing else. The pure-JavaScript fallback is loaded only where `crypto.subtle` is
 * missing.
 */
export type { BackendOptions, CryptoBackend } from './backend/types.js';
export { bareChannel, MAX_CHANNEL_BYTES } from './channel.js';
export { fromBase64, fromBase64Url, toBase64, toBase64Url } from './encoding/base64.js';
export { BOX_OVERHEAD, openBox, sealBox } from './envelope/box.js';
export {
  ENCRYPTED_EVENT,
  IV_LENGTH,
  isEncryptedMessage,
  KEY_LENGTH,
  TAG_LENGTH,
} from './envelope/format.js';
export { type OpenKeys, openMessage } from './envelope/open.js';
export type {
  EncryptedMessage,
  EnvelopeV1,
  EnvelopeV2,
  OpenedMessage,
  OpenedMessageV2,
  PlainMessage,
} from './envelope/types.js';
export { openV1, sealV1 } from './envelope/v1.js';
export { openV2, type SealV2Options, sealV2 } from './envelope/v2.js';
export {
  CRYPTO_ERROR_CODES,
  type CryptoErrorCode,
  isWordSocketCryptoError,
  WordSocketCryptoError,
} from './errors.js';
export { deriveChannelKey, deriveV1Key, V1_INFO, V2_INFO_PREFIX } from './keys.js';
