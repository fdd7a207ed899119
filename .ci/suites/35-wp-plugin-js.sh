#!/usr/bin/env bash
# The WordPress plugin's browser side: checks that languages/wordsocket.pot is current, then runs
# the browser suite (packages/wp-plugin/tests/e2e-admin) against a WordPress 7.1 that the suite
# brings up and stops with scripts/wp-env, a reference relay it starts on a free loopback port,
# and headless Chromium. Skips with a message when PHP, Chromium or MariaDB is missing, unless
# WORDSOCKET_REQUIRE_SERVICES=1, where that is a failure. Expects `npm run build` to have run.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
plugin=packages/wp-plugin

pot="$plugin/languages/wordsocket.pot"
before=$(sha256sum "$pot")
node "$plugin/js/tools/make-pot.mjs" >/dev/null
if [ "$before" != "$(sha256sum "$pot")" ]; then
  echo "wp-plugin js suite: $pot was out of date; run npm run make-pot -w @wordsocket/wp-plugin and commit it" >&2
  exit 1
fi

missing=()
command -v php >/dev/null || missing+=("php")
[ -x /usr/bin/chromium ] || missing+=("/usr/bin/chromium")
php -r 'exit(@fsockopen("127.0.0.1", 3306) ? 0 : 1);' 2>/dev/null || missing+=("MariaDB on 127.0.0.1:3306")
[ -f "$plugin/build/wpsignal.js" ] || missing+=("the plugin's build (npm run build)")
[ -f packages/server/dist/bin.js ] || missing+=("the reference server's build (npm run build)")

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "${WORDSOCKET_REQUIRE_SERVICES:-}" = "1" ]; then
    echo "wp-plugin js suite: missing ${missing[*]}; WORDSOCKET_REQUIRE_SERVICES=1 requires it" >&2
    exit 1
  fi
  echo "skipping wp-plugin js suite: missing ${missing[*]}"
  exit 0
fi

results="$root/artifacts/test-results"
mkdir -p "$results"
cd "$plugin"
node --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=./tests/e2e-admin/json-reporter.mjs \
  --test-reporter-destination="$results/wp-plugin-js.json" \
  tests/e2e-admin/
