#!/usr/bin/env bash
# Runs a command against a fresh release server: an empty SQLite database in a temporary
# directory, listening on $1. The command sees CAMPGRID_BASE_URL and CAMPGRID_SERVER_PID; the
# server is stopped and its directory removed afterwards, also on failure. CAMPGRID_DATA_DIR is
# the data directory (for `campgrid seed-demo --data-dir`).
#   .ci/with-fresh-server.sh 127.0.0.1:3198 node end2end/bench/board-page.mjs
set -euo pipefail
listen=$1; shift
root=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
if curl -fsS -o /dev/null "http://$listen/healthz" 2>/dev/null; then
  echo "with-fresh-server: something already answers on $listen" >&2; exit 1
fi
dir=$(mktemp -d /tmp/campgrid-fresh.XXXXXX)
LEPTOS_SITE_ROOT=$root/target/site LEPTOS_OUTPUT_NAME=campgrid \
  "$target/release/campgrid" serve --data-dir "$dir" --listen "$listen" >"$dir/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 150); do
  curl -fsS -o /dev/null "http://$listen/healthz" 2>/dev/null && break
  kill -0 $pid 2>/dev/null || { cat "$dir/server.log"; exit 1; }
  sleep 0.2
done
export CAMPGRID_BASE_URL="http://$listen" CAMPGRID_SERVER_PID=$pid CAMPGRID_DATA_DIR=$dir
"$@"
