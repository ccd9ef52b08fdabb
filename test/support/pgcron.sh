#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster with pg_cron preloaded, for test/verify/pgCron.test.ts.
# pg_cron must be in shared_preload_libraries, which the shared server at :5432 does not have,
# so the test gets a private cluster in a temporary folder it owns, and removes it after.
#
#   pgcron.sh start <dir> <port>   install pg_cron if missing, initdb into <dir>/data, start on <port>
#   pgcron.sh stop <dir>           stop the cluster in <dir>/data (the caller removes <dir>)
#
# Exit 3: pg_cron is missing and cannot be installed here (not root, or apt-get failed).
set -euo pipefail

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_LIB="$("$PG_BIN/pg_config" --pkglibdir 2>/dev/null || echo /usr/lib/postgresql/15/lib)"

# initdb refuses to run as root; the cluster belongs to the postgres OS user then.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

ensure_pg_cron() {
  [ -f "$PG_LIB/pg_cron.so" ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "pg_cron is not installed ($PG_LIB/pg_cron.so) and installing it needs root" >&2
    exit 3
  fi
  echo "installing postgresql-15-cron" >&2
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15-cron; } >&2; then
    echo "apt-get could not install postgresql-15-cron" >&2
    exit 3
  fi
}

cmd="${1:-}"
dir="${2:-}"
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start <dir> <port> | stop <dir>" >&2; exit 2; }

case "$cmd" in
  start)
    port="${3:?usage: $0 start <dir> <port>}"
    ensure_pg_cron
    if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
    as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    # Unix socket in <dir>: no clash with the system cluster's /var/run/postgresql socket.
    as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c shared_preload_libraries=pg_cron -c cron.database_name=postgres -c fsync=off" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null
    fi
    ;;
  *)
    echo "unknown command '$cmd'. Expected start or stop." >&2
    exit 2
    ;;
esac
