/**
 * `@wordsocket/crypto/signature`: signing and verifying WordPress → relay calls.
 */
export type { BackendOptions, CryptoBackend } from './backend/types.js';
export {
  CRYPTO_ERROR_CODES,
  type CryptoErrorCode,
  isWordSocketCryptoError,
  WordSocketCryptoError,
} from './errors.js';
export {
  type PublishHeaders,
  publishHeaders,
  SIGNATURE_HEADER,
  SITE_KEY_HEADER,
  signPublish,
  TIMESTAMP_HEADER,
} from './signature/sign.js';
export {
  assertPublishSignature,
  DEFAULT_TOLERANCE_MS,
  type FreshnessOptions,
  type SignedRequest,
  verifyPublishSignature,
} from './signature/verify.js';
