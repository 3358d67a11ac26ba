#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for the test suite.
#
#   .ci/pg-test-cluster.sh start        start one; last stdout line is its URL:
#                                       postgres://postgres@127.0.0.1:PORT/postgres
#   .ci/pg-test-cluster.sh stop [DIR]   stop it and delete its directory
#                                       (DIR defaults to the one in the state file)
#
# CAMPGRID_PG_STATE (default /tmp/campgrid-pg.state) records the running
# cluster's directory so `stop` needs no argument; give each concurrent user
# its own state file.
set -euo pipefail

STATE=${CAMPGRID_PG_STATE:-/tmp/campgrid-pg.state}
FIRST_PORT=${CAMPGRID_PG_PORT:-55432}

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -n "$PGBIN" ]] || { echo "pg-test-cluster: no /usr/lib/postgresql/*/bin (apt-get install postgresql)" >&2; exit 1; }

# PostgreSQL refuses to run as root, so as root we run it as the Debian
# package's `postgres` user (created if missing); otherwise as ourselves.
# The database superuser is named `postgres` either way (initdb -U).
as_pg() {
  if [[ $EUID -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

stop_cluster() {
  local dir=$1
  # Only ever delete directories this script made.
  [[ "$(basename "$dir")" == campgrid-pg-* ]] || { echo "pg-test-cluster: refusing to remove $dir" >&2; return 1; }
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    (cd "$dir" && as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >&2) || true
  fi
  rm -rf "$dir"
  echo "pg-test-cluster: stopped and removed $dir" >&2
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_cluster() {
  # A cluster left behind by an earlier, killed run is garbage: remove it.
  if [[ -s "$STATE" ]]; then
    stop_cluster "$(cat "$STATE")" || true
    rm -f "$STATE"
  fi

  if [[ $EUID -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  fi

  # /tmp explicitly (not $TMPDIR): the postgres user must be able to reach it.
  local dir port
  dir=$(mktemp -d /tmp/campgrid-pg-XXXXXX)
  if [[ $EUID -eq 0 ]]; then chown postgres: "$dir"; fi
  echo "$dir" >"$STATE"
  cd "$dir"   # the postgres user may not be allowed into our cwd

  as_pg "$PGBIN/initdb" -D "$dir/data" -U postgres --auth=trust \
    --encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }

  port=$FIRST_PORT
  while port_in_use "$port"; do port=$((port + 1)); done

  # Loopback TCP only; unix socket inside our own dir (not /var/run/postgresql).
  # Parallel cargo tests each open a pool, hence the higher max_connections.
  as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200" start >&2 \
    || { cat "$dir/postgres.log" >&2; exit 1; }

  for _ in $(seq 60); do
    "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$port" && break
    sleep 0.5
  done
  "$PGBIN/pg_isready" -h 127.0.0.1 -p "$port" >&2

  echo "pg-test-cluster: dir=$dir (state in $STATE)" >&2
  echo "postgres://postgres@127.0.0.1:$port/postgres"
}

case "${1:-}" in
  start) start_cluster ;;
  stop)
    dir=${2:-$(cat "$STATE" 2>/dev/null || true)}
    [[ -n "$dir" ]] || { echo "pg-test-cluster: nothing to stop" >&2; exit 0; }
    stop_cluster "$dir"
    if [[ "$(cat "$STATE" 2>/dev/null || true)" == "$dir" ]]; then rm -f "$STATE"; fi
    ;;
  *) echo "usage: $0 start | stop [DIR]" >&2; exit 2 ;;
esac
