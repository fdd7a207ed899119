import { packageTestConfig } from '../../vitest.shared.ts';

/**
 * The whole suite runs twice: once on WebCrypto, once in a global scope without `crypto.subtle`
 * (a plain-HTTP page), where the pure-JavaScript fallback must carry every test.
 */
export default packageTestConfig('@wordsocket/crypto', {
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'webcrypto', env: { WORDSOCKET_CRYPTO_BACKEND: 'webcrypto' } },
      },
      {
        extends: true,
        test: {
          name: 'fallback',
          env: { WORDSOCKET_CRYPTO_BACKEND: 'fallback' },
          setupFiles: ['./test/support/without-subtle.ts'],
        },
      },
    ],
  },
});
