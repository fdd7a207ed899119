/**
 * `@wordsocket/crypto`: HKDF-SHA256, AES-256-GCM payload envelopes (v1 and v2) and publish
 * signatures for WordSocket, byte-compatible with PHP. Runs on WebCrypto where it exists and on
 * a pure-JavaScript fallback where it does not.
 */
export { defaultBackend } from './backend/select.js';
export type { BackendOptions, CryptoBackend } from './backend/types.js';
export { webCryptoBackend } from './backend/webcrypto.js';
export { constantTimeEqual } from './encoding/compare.js';
export { fromHex, toHex } from './encoding/hex.js';
export { utf8Decode, utf8Encode } from './encoding/utf8.js';
export * from './envelope.js';
export { HKDF_SHA256_MAX_LENGTH, hkdfSha256 } from './hkdf.js';
export { siteId, tenantId } from './ids.js';
export { randomBytes } from './random.js';
export * from './signature.js';
