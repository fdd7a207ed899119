#!/usr/bin/env bash
# The WordPress plugin's phpunit suite against a real WordPress 7.1 on MariaDB: brings up the
# "phpunit" site with scripts/wp-env (downloading WordPress from Debian when needed), runs
# phpunit, and stops the server it started. Skips with a message when PHP, phpunit or MariaDB
# is missing, unless WORDSOCKET_REQUIRE_SERVICES=1, where that is a failure.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

missing=()
command -v php >/dev/null || missing+=("php")
command -v phpunit >/dev/null || missing+=("phpunit")
php -r 'exit(@fsockopen("127.0.0.1", 3306) ? 0 : 1);' 2>/dev/null || missing+=("MariaDB on 127.0.0.1:3306")

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "${WORDSOCKET_REQUIRE_SERVICES:-}" = "1" ]; then
    echo "wp-plugin suite: missing ${missing[*]}; WORDSOCKET_REQUIRE_SERVICES=1 requires it" >&2
    exit 1
  fi
  echo "skipping wp-plugin suite: missing ${missing[*]}"
  exit 0
fi

site=phpunit
started=0
if ! node scripts/wp-env/index.mjs info --site "$site" --json 2>/dev/null | grep -q '"running": true'; then
  started=1
fi
cleanup() {
  if [ "$started" = "1" ]; then node "$root/scripts/wp-env/index.mjs" down --site "$site"; fi
}
trap cleanup EXIT

node scripts/wp-env/index.mjs up --site "$site" >/dev/null
site_dir=$(node scripts/wp-env/index.mjs info --site "$site" --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).dir))')

results="$root/artifacts/test-results"
mkdir -p "$results"
status=0
(cd packages/wp-plugin && WP_ENV_SITE_DIR="$site_dir" phpunit --log-junit "$results/wp-plugin.junit.xml" "$@") || status=$?
php packages/wp-plugin/tests/junit-summary.php "$results/wp-plugin.junit.xml" "$results/wp-plugin.json"
exit "$status"
