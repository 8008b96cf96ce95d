#!/usr/bin/env bash
# The retort benchmarks (docs/BENCHMARKS.md): retort against the sqlite3 shell, psql and
# Alembic 1.8 on the same generated histories. `make bench` runs `bench/run.sh build/retort`.
#
#   bench/run.sh [RETORT_BINARY] [--quick] [--only graph,noop,sqlite,rebuild,postgresql,scale,import] [--rounds N] [--keep]
#
# Builds the histories in a temporary directory, starts and stops its own throwaway PostgreSQL,
# prints the tables and writes bench/results/*.json and bench/results/summary.md. Without a
# working RETORT_BINARY the retort rows are "pending" and only the baselines are measured.
# Takes about 5 to 8 minutes on 2 cores; --quick runs each command a few times only (a smoke
# test of the harness, not results).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
for tool in hyperfine sqlite3 psql /usr/bin/time /usr/bin/python3; do
  command -v "$tool" >/dev/null || { echo "bench: '$tool' is needed (see scripts/install-deps.sh)" >&2; exit 2; }
done
# dbmate, a peer in the no-op benchmark: a Go binary from npm (`dbmate`), installed once into a
# cache directory when it is not on PATH (docs/BENCHMARKS.md). Without npm its rows are missing.
dbmate=$(command -v dbmate || true)
if [ -z "$dbmate" ]; then
  prefix="${XDG_CACHE_HOME:-$HOME/.cache}/retort-bench/npm"
  dbmate="$prefix/node_modules/.bin/dbmate"
  if [ ! -x "$dbmate" ] && command -v npm >/dev/null; then
    npm install --silent --no-audit --no-fund --prefix "$prefix" dbmate >&2 || true
  fi
  [ -x "$dbmate" ] || dbmate=""
fi
DBMATE="$dbmate" exec /usr/bin/python3 "$here/harness.py" "$@"
