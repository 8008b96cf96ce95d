#!/usr/bin/env bash
# A throwaway PgBouncer in transaction pooling mode in front of the test PostgreSQL server, on a
# free loopback port (for the tests of docs/configuration.md "Connection poolers").
#   pgbouncer.sh start DIR PG_URL   start it in DIR for the server at PG_URL (as pg_server.sh
#                                   prints it), print its URL on stdout
#   pgbouncer.sh stop DIR           stop it and remove DIR
# Every database of the server is reachable through it under the same name, as the same user,
# without a password (the test server trusts loopback). As root it runs as the 'postgres' user
# (PgBouncer refuses to run as root). Fails loudly (exit 1 with its log) when it cannot start:
# the tests that need it never skip.
set -euo pipefail

cmd=${1:?usage: pgbouncer.sh start DIR PG_URL | stop DIR}
dir=${2:?usage: pgbouncer.sh start DIR PG_URL | stop DIR}
bin=$(command -v pgbouncer || ls /usr/sbin/pgbouncer 2>/dev/null || true)
[ -n "$bin" ] || { echo "pgbouncer.sh: no pgbouncer binary (install the 'pgbouncer' package)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    url=${3:?usage: pgbouncer.sh start DIR PG_URL}
    # postgresql://USER@HOST:PORT/DB
    rest=${url#*://}
    user=${rest%%@*}
    hostport=${rest#*@}
    hostport=${hostport%%/*}
    pghost=${hostport%%:*}
    pgport=${hostport##*:}
    mkdir -p "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    printf '"%s" ""\n' "$user" >"$dir/userlist.txt"
    cat >"$dir/pgbouncer.ini" <<INI
[databases]
* = host=$pghost port=$pgport

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $dir/userlist.txt
pool_mode = transaction
default_pool_size = 4
max_client_conn = 400
max_db_connections = 0
server_login_retry = 1
ignore_startup_parameters = extra_float_digits,options
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
    [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$dir"
    as_owner "$bin" -d -q "$dir/pgbouncer.ini" \
      || { echo "pgbouncer.sh: pgbouncer did not start:" >&2; cat "$dir/pgbouncer.log" >&2 2>/dev/null; exit 1; }
    for _ in $(seq 1 100); do
      if python3 -c "import socket,sys; socket.create_connection(('127.0.0.1',$port),0.2)" 2>/dev/null; then
        echo "postgresql://$user@127.0.0.1:$port/postgres"
        exit 0
      fi
      sleep 0.1
    done
    echo "pgbouncer.sh: pgbouncer is not listening on 127.0.0.1:$port:" >&2
    cat "$dir/pgbouncer.log" >&2 2>/dev/null || true
    exit 1
    ;;
  stop)
    if [ -f "$dir/pgbouncer.pid" ]; then kill "$(cat "$dir/pgbouncer.pid")" 2>/dev/null || true; fi
    rm -rf "$dir"
    ;;
  *) echo "usage: pgbouncer.sh start DIR PG_URL | stop DIR" >&2; exit 2 ;;
esac
