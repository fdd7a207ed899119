#!/usr/bin/env bash
# @wordsocket/server as an operator runs it: the built CLI starts on 127.0.0.1 with a fresh data
# directory, prints its operator key once, answers /healthz and (with that key) /metrics,
# registers a site from the shell, and exits 0 on SIGTERM; then the same in Redis mode. Redis is
# required here.
set -euo pipefail
cd "$(dirname "$0")/../.."

bin=packages/server/dist/bin.js
work=$(mktemp -d)
server_pid=""

cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill -KILL "$server_pid"; fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "40-server: $*" >&2
  exit 1
}

# Starts the server with the given extra flags; sets server_pid and url.
start_server() {
  : >"$work/out"
  : >"$work/err"
  node "$bin" start --host 127.0.0.1 --port 0 --data-dir "$work/data" "$@" >"$work/out" 2>"$work/err" &
  server_pid=$!
  for _ in $(seq 1 100); do
    url=$(sed -n 's/.*"event":"listening","url":"\([^"]*\)".*/\1/p' "$work/out")
    [ -n "$url" ] && return 0
    kill -0 "$server_pid" 2>/dev/null || fail "server exited early: $(cat "$work/err")"
    sleep 0.1
  done
  fail "server did not report listening within 10 s"
}

stop_server() {
  kill -TERM "$server_pid"
  wait "$server_pid" || fail "server exited with status $? on SIGTERM"
  server_pid=""
  grep -q '"event":"stopped"' "$work/out" || fail "no stopped line in the log"
}

[ -f "$bin" ] || fail "$bin is missing; run npm run build first"

start_server
key=$(grep -o 'wso_[0-9a-f]\{64\}' "$work/err" | head -n 1)
[ -n "$key" ] || fail "no operator key was printed on first start"
grep -q "$key" "$work/out" && fail "the operator key reached the JSON log"

[ "$(curl -fsS "$url/healthz")" = '{"status":"ok"}' ] || fail "/healthz did not answer ok"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$url/metrics")" = 401 ] || fail "/metrics answered without a key"
curl -fsS -H "authorization: Bearer $key" "$url/metrics" | grep -q '^wordsocket_connections ' ||
  fail "/metrics did not answer Prometheus text with the operator key"

credentials=$(node "$bin" register --url https://ci.example.test --name CI --data-dir "$work/data" --json)
echo "$credentials" | grep -Eq '"jwt_secret":"[0-9a-f]{64}"' || fail "register printed no credentials"
node "$bin" list --data-dir "$work/data" | grep -q 'CI' || fail "list does not show the site"
stop_server
echo "40-server: SQLite mode ok"

prefix="wordsocket-ci:$(node -e 'process.stdout.write(require("crypto").randomBytes(6).toString("hex"))'):"
start_server --redis redis://127.0.0.1:6379 --redis-prefix "$prefix"
grep -q '"redis":true' "$work/out" || fail "Redis mode was not reported"
[ "$(curl -fsS "$url/healthz")" = '{"status":"ok"}' ] || fail "/healthz did not answer ok in Redis mode"
stop_server
echo "40-server: Redis mode ok"

status=0
node "$bin" start --port 0 --data-dir "$work/data" --redis redis://127.0.0.1:1 2>"$work/err" || status=$?
[ "$status" = 1 ] || fail "an unreachable Redis exited $status, expected 1"
grep -q 'cannot connect to Redis' "$work/err" || fail "an unreachable Redis gave no clear message"
echo "40-server: unreachable Redis refused"
