#!/usr/bin/env bash
# `make test-tsan`: the tests of the code that runs threads or concurrent processes (the loader,
# the session pool, the advisory lock and timeouts, SQLite's busy wait, connection retries,
# concurrent upgrades, interrupts: retort_thread_tests, tests/CMakeLists.txt) built with
# ThreadSanitizer — only that test program, the library and the binary — against a throwaway
# PostgreSQL server and PgBouncer: the ones `make test` (scripts/test.sh) already runs when
# RETORT_TEST_PG_URL is set, else its own.
set -euo pipefail
tsan_build=${1:-build-tsan}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if [ -z "${RETORT_TEST_PG_URL:-}" ]; then
  pgdir=$(mktemp -d /tmp/retort-pg.XXXXXX)
  bouncerdir=$(mktemp -d /tmp/retort-pgbouncer.XXXXXX)
  trap './tests/support/pgbouncer.sh stop "$bouncerdir"; ./tests/support/pg_server.sh stop "$pgdir"' EXIT
  export RETORT_TEST_PG_URL RETORT_TEST_PGBOUNCER_URL
  RETORT_TEST_PG_URL=$(./tests/support/pg_server.sh start "$pgdir")
  RETORT_TEST_PGBOUNCER_URL=$(./tests/support/pgbouncer.sh start "$bouncerdir" "$RETORT_TEST_PG_URL")
fi

echo "== thread tests under ThreadSanitizer"
# -O1 -g1: TSan's own advice for speed, with line tables for its reports, at a fraction of the
# full debug information's compile time.
cmake -S . -B "$tsan_build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" \
  -DRETORT_WERROR=ON -DRETORT_TSAN=ON >/dev/null
cmake --build "$tsan_build" --target retort retort_thread_tests
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$root/tests/tsan.supp" \
  "$tsan_build/tests/retort_thread_tests" --gtest_brief=1
