/**
 * `@wordsocket/crypto/fallback`: the pure-JavaScript backend as a static import, for code that
 * wants it bundled up front (or to compare backends). Pass it as `{ backend: fallbackBackend }`.
 */
export { fallbackBackend } from './backend/fallback.js';
export type { CryptoBackend } from './backend/types.js';
