#!/usr/bin/env bash
# @wordsocket/crypto against PHP, both directions: the committed shared vectors are exactly what
# PHP generates and PHP opens all of them; PHP opens what TypeScript seals (the committed file
# and a fresh run on both backends, WebCrypto and the pure-JS fallback). PHP is required here.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v php >/dev/null 2>&1; then
  echo "10-crypto-php: php is not on PATH; run scripts/install-system-deps.sh" >&2
  exit 1
fi

vectors=packages/crypto/test/php/vectors.php
php "$vectors" check
php "$vectors" verify-ts packages/crypto/test/vectors/ts-sealed-vectors.json

# CI unset: the JSON report of `npm test` for this package stays the one summarize.mjs counts.
env -u CI WORDSOCKET_REQUIRE_SERVICES=1 npm exec -w @wordsocket/crypto -- vitest run test/php-interop.test.ts
