// What a page served over plain HTTP sees: `crypto.getRandomValues` exists, `crypto.subtle`
// does not (browsers expose SubtleCrypto in secure contexts only).
const platform = globalThis.crypto;

Object.defineProperty(globalThis, 'crypto', {
  configurable: true,
  enumerable: true,
  writable: true,
  value: { getRandomValues: platform.getRandomValues.bind(platform) },
});
