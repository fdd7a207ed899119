/** The backend the current vitest project must run on (set in vitest.config.ts). */
export const expectedBackend =
  process.env.WORDSOCKET_CRYPTO_BACKEND === 'fallback' ? 'fallback' : 'webcrypto';
