#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster of a test's own, for tests that must stop or restart the
# server (test/reliability/dbRestart.test.ts): the shared server at :5432 is used by other test
# files at the same time and must never go down. The cluster lives in a temporary folder the
# caller owns and removes.
#
#   pgcluster.sh start <dir> <port>     initdb into <dir>/data, start on 127.0.0.1:<port>
#   pgcluster.sh stop <dir> [mode]      stop it (mode fast|immediate|smart, default fast)
#   pgcluster.sh restart <dir> [mode]   stop and start again on the same port (default fast)
#   pgcluster.sh resume <dir>           start a stopped cluster again (same port and data)
#
# Exit 3: no PostgreSQL binaries here (PG_BIN), or initdb is impossible (root without a
# postgres OS user).
set -euo pipefail

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"

# initdb refuses to run as root; the cluster belongs to the postgres OS user then.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cmd="${1:-}"
dir="${2:-}"
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start <dir> <port> | stop <dir> [mode] | restart <dir> [mode] | resume <dir>" >&2; exit 2; }

if [ ! -x "$PG_BIN/initdb" ] || [ ! -x "$PG_BIN/pg_ctl" ]; then
  echo "PostgreSQL binaries not found in $PG_BIN (set PG_BIN)" >&2
  exit 3
fi
if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
  echo "running as root without a postgres OS user: initdb cannot run" >&2
  exit 3
fi

pg_ctl_of() {
  as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 "$@" >/dev/null
}

case "$cmd" in
  start)
    port="${3:?usage: $0 start <dir> <port>}"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
    as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    # The port and socket folder go into the cluster's own configuration, so a restart (which
    # pg_ctl does with the options of the last start) and a plain start agree.
    {
      echo "port = $port"
      echo "listen_addresses = '127.0.0.1'"
      # Unix socket in <dir>: no clash with the system cluster's /var/run/postgresql socket.
      echo "unix_socket_directories = '$dir'"
      echo "fsync = off"
      echo "max_connections = 50"
    } | as_owner tee -a "$dir/data/postgresql.auto.conf" >/dev/null
    pg_ctl_of start || { cat "$dir/server.log" >&2; exit 1; }
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then pg_ctl_of -m "${3:-fast}" stop; fi
    ;;
  restart)
    pg_ctl_of -m "${3:-fast}" restart || { tail -n 20 "$dir/server.log" >&2; exit 1; }
    ;;
  resume)
    pg_ctl_of start || { tail -n 20 "$dir/server.log" >&2; exit 1; }
    ;;
  *)
    echo "unknown command '$cmd'. Expected start, stop, restart or resume." >&2
    exit 2
    ;;
esac
