#!/usr/bin/env bash
# The product end to end (tests/e2e): WordPress 7.1 from scripts/wp-env with the plugin installed
# from dist/wordsocket.zip, the reference relay and a recording proxy started by the suite on
# loopback ports, headless Chromium. Builds what it needs first. Under WORDSOCKET_REQUIRE_SERVICES=1
# a missing PHP, Chromium or MariaDB fails the suite instead of skipping it.
set -euo pipefail
cd "$(dirname "$0")/../.."

npm run build
npm run dist:plugin

results=artifacts/test-results
mkdir -p "$results"
node --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=./packages/wp-plugin/tests/e2e-admin/json-reporter.mjs \
  --test-reporter-destination="$results/e2e.json" \
  tests/e2e/
