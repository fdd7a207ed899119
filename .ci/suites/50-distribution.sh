#!/usr/bin/env bash
# What users get, as they get it: the npm tarballs installed into a fresh project
# (npm run test:packages), dist/wordsocket.zip built and checked like a plugin reviewer would
# (npm run dist:plugin), then tests/distribution: the zip installed into a fresh WordPress 7.1,
# the reference server behind Debian's nginx with deploy/nginx.conf, and the systemd unit and
# backup from docs/deploy.md. Every step runs even when an earlier one failed; the suite fails
# if any did. Test counts go to artifacts/test-results/distribution.json for summarize.mjs.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

failed=()

step() {
  local name=$1
  shift
  echo "--- 50-distribution: $name"
  if "$@"; then
    echo "--- 50-distribution: $name ok"
  else
    echo "--- 50-distribution: $name FAILED" >&2
    failed+=("$name")
  fi
}

step "test:packages" npm run --silent test:packages
# A zip left from an earlier run must not stand in for one this run failed to build.
rm -f dist/wordsocket.zip
step "dist:plugin" npm run --silent dist:plugin

results="$root/artifacts/test-results"
mkdir -p "$results"
tap="$results/distribution.tap"

if [ -f dist/wordsocket.zip ]; then
  tests=(tests/distribution/*.test.mjs)
else
  echo "50-distribution: no dist/wordsocket.zip; the install test cannot run" >&2
  failed+=("plugin zip missing")
  tests=(tests/distribution/nginx.test.mjs tests/distribution/operations.test.mjs)
fi

step "tests/distribution" node --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" \
  "${tests[@]}"

node -e '
  const fs = require("node:fs");
  const tap = fs.readFileSync(process.argv[1], "utf8");
  const count = (name) => Number((tap.match(new RegExp(`^# ${name} (\\d+)$`, "m")) ?? [])[1] ?? 0);
  const report = {
    numPassedTests: count("pass"),
    numFailedTests: count("fail") + count("cancelled"),
    numPendingTests: count("skipped"),
    numTodoTests: count("todo"),
  };
  fs.writeFileSync(process.argv[2], JSON.stringify(report) + "\n");
' "$tap" "$results/distribution.json" || failed+=("test report")

if [ "${#failed[@]}" -gt 0 ]; then
  echo "50-distribution: failed: ${failed[*]}" >&2
  exit 1
fi
echo "50-distribution: ok"
