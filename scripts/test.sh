#!/usr/bin/env bash
# The whole test suite (`make test`): builds are already done for $1 (release, -Werror).
#  0. static checks: clang-format (scripts/check-format.sh), ARCHITECTURE.md's "May call" rules
#     (scripts/check-layering.py), the public headers (scripts/check-public-headers.py: each
#     compiles alone and includes only <retort/...> and the standard library; docs/embedding.md's
#     examples compile against them), and the tests of both checkers
#  1. a throwaway PostgreSQL server on loopback, and PgBouncer in transaction pooling mode in
#     front of it (never skipped: failing to start either fails the suite)
#  2. unit + real-database tests (GoogleTest) against SQLite and that server
#  3. the same tests built with ASan+UBSan, and the thread tests with ThreadSanitizer
#     (scripts/test-tsan.sh, on the same server)
#  4. CLI transcript tests against the built binary, on SQLite and PostgreSQL
#  5. the installed tree: `cmake --install` into a temporary prefix, the example app built against
#     it with find_package(retort) and with pkg-config, and run (tests/install/run.sh)
set -euo pipefail
build=${1:-build}
asan_build=${2:-build-asan}
tsan_build=${3:-build-tsan}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

echo "== formatting (.clang-format)"
./scripts/check-format.sh

echo "== layering (ARCHITECTURE.md's May call rules)"
python3 scripts/check-layering.py
tests/layering/check_layering_test.sh

echo "== public headers (docs/embedding.md, The public headers)"
python3 scripts/check-public-headers.py
tests/api/check_public_headers_test.sh

pgdir=$(mktemp -d /tmp/retort-pg.XXXXXX)
bouncerdir=$(mktemp -d /tmp/retort-pgbouncer.XXXXXX)
trap './tests/support/pgbouncer.sh stop "$bouncerdir"; ./tests/support/pg_server.sh stop "$pgdir"' EXIT
export RETORT_TEST_PG_URL RETORT_TEST_PGBOUNCER_URL
RETORT_TEST_PG_URL=$(./tests/support/pg_server.sh start "$pgdir")
echo "test: throwaway PostgreSQL at $RETORT_TEST_PG_URL"
# PgBouncer in transaction pooling mode in front of it (docs/configuration.md "Connection poolers").
RETORT_TEST_PGBOUNCER_URL=$(./tests/support/pgbouncer.sh start "$bouncerdir" "$RETORT_TEST_PG_URL")
echo "test: PgBouncer (transaction pooling) at $RETORT_TEST_PGBOUNCER_URL"

echo "== unit and database tests"
"$build/tests/retort_tests" --gtest_brief=1

echo "== unit and database tests under ASan+UBSan"
cmake -S . -B "$asan_build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DRETORT_WERROR=ON -DRETORT_SANITIZE=ON >/dev/null
cmake --build "$asan_build"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 LSAN_OPTIONS=suppressions=tests/lsan.supp \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  "$asan_build/tests/retort_tests" --gtest_brief=1

./scripts/test-tsan.sh "$tsan_build"

echo "== CLI transcripts"
python3 tests/cli/run_transcripts.py --retort "$build/retort" --pg-url "$RETORT_TEST_PG_URL"

echo "== install: find_package(retort) and pkg-config against an installed tree"
tests/install/run.sh "$build"
