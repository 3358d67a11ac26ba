#!/usr/bin/env bash
# End-to-end tests: run the release build (`cargo leptos build --release --precompress`
# must have run) on a fresh data dir, create a moderator, run Playwright.
#
# Passes to the Playwright specs: CAMPGRID_BASE_URL, CAMPGRID_MOD_EMAIL, CAMPGRID_MOD2_EMAIL,
# CAMPGRID_MOD_PASSWORD, and CAMPGRID_E2E_MAILDIR, where the real SMTP server the server sends
# through (.ci/smtp-test-server.sh) puts each mail as JSON. Extra arguments go to
# `playwright test`.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"  # the server finds its static site at the relative target/site

TARGET=${CARGO_TARGET_DIR:-target}
BIN=$TARGET/release/campgrid
LISTEN=${CAMPGRID_E2E_LISTEN:-127.0.0.1:3137}
LOG=$TARGET/e2e-server.log  # kept after the run, for post-mortems

export LEPTOS_SITE_ROOT=target/site LEPTOS_OUTPUT_NAME=campgrid
# For offline.spec.ts, which starts servers of its own (a release means a restart).
CAMPGRID_E2E_BIN=$(realpath "$BIN")
export CAMPGRID_E2E_BIN
export CAMPGRID_E2E_SITE=$ROOT/target/site
export CAMPGRID_E2E_HASH_FILE=${CAMPGRID_E2E_BIN%/*}/hash.txt
export CAMPGRID_BASE_URL=http://$LISTEN
export CAMPGRID_MOD_EMAIL=mod@example.org
export CAMPGRID_MOD2_EMAIL=mod2@example.org
export CAMPGRID_MOD_PASSWORD=${CAMPGRID_MOD_PASSWORD:-e2e-moderator-Passw0rd-long-enough}

[[ -x "$BIN" ]] || { echo "e2e: $BIN missing; run make build" >&2; exit 1; }
[[ -d end2end/node_modules ]] || { echo "e2e: end2end/node_modules missing; run .ci/install-tools.sh test" >&2; exit 1; }

# A leftover server on our port would answer /healthz in place of ours.
if (exec 3<>"/dev/tcp/${LISTEN%:*}/${LISTEN##*:}") 2>/dev/null; then
  echo "e2e: $LISTEN is already in use (leftover campgrid?)" >&2; exit 1
fi

DATA=$(mktemp -d /tmp/campgrid-e2e-XXXXXX)
SERVER_PID=
CAMPGRID_SMTP_STATE=$DATA/smtp.state
export CAMPGRID_SMTP_STATE
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  "$ROOT/.ci/smtp-test-server.sh" stop || true
  rm -rf "$DATA"
}
trap cleanup EXIT
trap 'exit 130' INT TERM  # so that the EXIT trap runs on Ctrl-C / kill too

SMTP=$("$ROOT/.ci/smtp-test-server.sh" start)
SMTP_URL=$(sed -n 1p <<<"$SMTP")
CAMPGRID_E2E_MAILDIR=$(sed -n 2p <<<"$SMTP")
export CAMPGRID_E2E_MAILDIR

echo "e2e: starting $BIN serve on $LISTEN (data $DATA, log $LOG)"
# The test clock: each browser may set "now" with a cookie (see app/src/server/schedule/clock.rs).
CAMPGRID_TEST_CLOCK=1 "$BIN" serve --listen "$LISTEN" --data-dir "$DATA" --smtp-url "$SMTP_URL" \
  >"$LOG" 2>&1 &
SERVER_PID=$!

# Wait for /healthz; give up early if the server died.
for i in $(seq 120); do
  if curl -fs -o /dev/null --max-time 2 "$CAMPGRID_BASE_URL/healthz"; then break; fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null || [[ $i -eq 120 ]]; then
    echo "e2e: server did not become healthy; log:" >&2; tail -n 50 "$LOG" >&2; exit 1
  fi
  sleep 0.5
done
echo "e2e: server healthy"

# After /healthz so the server has already created/migrated the database.
CAMPGRID_PASSWORD=$CAMPGRID_MOD_PASSWORD \
  "$BIN" create-moderator --email "$CAMPGRID_MOD_EMAIL" --data-dir "$DATA" </dev/null
# A second account that accounts.spec.ts changes (it turns on TOTP), so that the one every
# other spec signs in with stays as it is.
CAMPGRID_PASSWORD=$CAMPGRID_MOD_PASSWORD \
  "$BIN" create-moderator --email "$CAMPGRID_MOD2_EMAIL" --name "Moderation Zwei" --data-dir "$DATA" </dev/null

# --no-install: never let npx fetch some other Playwright version.
status=0
(cd end2end && npx --no-install playwright test "$@") || status=$?
if [[ $status -ne 0 ]]; then
  echo "e2e: Playwright failed ($status); last server log lines:" >&2
  tail -n 30 "$LOG" >&2
fi
exit "$status"
