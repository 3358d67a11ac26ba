#!/usr/bin/env bash
# Throwaway SMTP server for the test suite (see smtp-test-server.py).
#
#   .ci/smtp-test-server.sh start   start one; prints two lines, its URL
#                                   (smtp://127.0.0.1:PORT) and the directory its mails land in
#   .ci/smtp-test-server.sh stop    stop it and delete that directory
#
# CAMPGRID_SMTP_STATE (default /tmp/campgrid-smtp.state) records the running server so that
# `stop` needs no argument; give each concurrent user its own state file.
set -euo pipefail

STATE=${CAMPGRID_SMTP_STATE:-/tmp/campgrid-smtp.state}
HERE=$(cd "$(dirname "$0")" && pwd)
# Debian's python3 (with python3-aiosmtpd), not whatever python3 comes first on PATH.
PY=/usr/bin/python3

stop_server() {
  [[ -s "$STATE" ]] || return 0
  local pid dir
  read -r pid dir <"$STATE"
  kill "$pid" 2>/dev/null || true
  [[ "$(basename "$dir")" == campgrid-mail-* ]] && rm -rf "$dir"
  rm -f "$STATE"
}

start_server() {
  stop_server
  "$PY" -c 'import aiosmtpd' 2>/dev/null \
    || { echo "smtp-test-server: $PY has no aiosmtpd (apt-get install python3-aiosmtpd)" >&2; exit 1; }
  local dir pid
  dir=$(mktemp -d /tmp/campgrid-mail-XXXXXX)
  mkdir "$dir/mails"
  nohup "$PY" "$HERE/smtp-test-server.py" "$dir/mails" >"$dir/url" 2>"$dir/log" &
  pid=$!
  echo "$pid $dir" >"$STATE"
  for _ in $(seq 100); do
    [[ -s "$dir/url" ]] && break
    kill -0 "$pid" 2>/dev/null || { cat "$dir/log" >&2; exit 1; }
    sleep 0.1
  done
  [[ -s "$dir/url" ]] || { echo "smtp-test-server: no URL after 10 s" >&2; exit 1; }
  cat "$dir/url"
  echo "$dir/mails"
}

case "${1:-}" in
  start) start_server ;;
  stop) stop_server ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
