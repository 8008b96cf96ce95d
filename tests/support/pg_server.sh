#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test suite, on a free loopback port.
#   pg_server.sh start DIR   initdb into DIR, start the server, print its URL on stdout
#   pg_server.sh stop DIR    stop it and remove DIR
#   pg_server.sh restart DIR stop it (fast: ending every session) and start it again, same port
# As root, the server runs as the unprivileged 'postgres' user (created by Debian's package).
# Fails loudly (exit 1 with the server's log) when the server cannot start: the suite never
# skips PostgreSQL tests.
set -euo pipefail

cmd=${1:?usage: pg_server.sh start|stop DIR}
dir=${2:?usage: pg_server.sh start|stop DIR}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bindir/initdb" ] || { echo "pg_server: no PostgreSQL server binaries (install 'postgresql')" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    as_owner "$bindir/initdb" -D "$dir/data" -U retort --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { echo "pg_server: initdb failed:" >&2; cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null \
      || { echo "pg_server: the server did not start:" >&2; cat "$dir/server.log" >&2; exit 1; }
    echo "$port" >"$dir/port"
    echo "postgresql://retort@127.0.0.1:$port/postgres"
    ;;
  restart)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m fast -w -t 60 restart >/dev/null \
      || { echo "pg_server: the server did not restart:" >&2; cat "$dir/server.log" >&2; exit 1; }
    ;;
  stop)
    if [ -d "$dir/data" ]; then as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    ;;
  *) echo "usage: pg_server.sh start|stop|restart DIR" >&2; exit 2 ;;
esac
