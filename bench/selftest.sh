#!/usr/bin/env bash
# Self-test of the benchmark inputs: the three forms gen_history.py writes (retort YAML, Alembic
# project, plain SQL) must be the same history. For small linear and branchy histories and a few
# seeds it checks that
#   - the sqlite3 shell running upgrade.sqlite.sql,
#   - `alembic upgrade heads` on SQLite (then `alembic downgrade base` leaves only an empty
#     alembic_version table),
#   - with --pg: psql running upgrade.postgresql.sql and Alembic (psycopg2) on a throwaway server,
#   - with --retort BIN: `retort upgrade heads` on SQLite (then `retort downgrade base` leaves no
#     table but its own) and, with --pg, on PostgreSQL,
# all reach the state the manifest says (verify_db.py), and that the script's alembic_version
# statements are, in order, those of `alembic upgrade heads --sql`.
#
#   bench/selftest.sh [--pg] [--retort BIN]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
pg=0
retort=""
while [ $# -gt 0 ]; do
  case "$1" in
    --pg) pg=1 ;;
    --retort) retort=$(realpath "$2"); shift ;;
    *) echo "usage: selftest.sh [--pg] [--retort BIN]" >&2; exit 2 ;;
  esac
  shift
done

work=$(mktemp -d /tmp/retort-bench-selftest.XXXXXX)
chmod 755 "$work"  # the PostgreSQL server runs as another user when we are root
pgdir="$work/pg"
cleanup() {
  [ "$pg" = 1 ] && "$here/../tests/support/pg_server.sh" stop "$pgdir" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ "$pg" = 1 ]; then
  pg_url=$("$here/../tests/support/pg_server.sh" start "$pgdir")
  pg_base=${pg_url%/postgres}
fi
fresh_pg() {  # drop and recreate the database "$1"; print its URL
  PGOPTIONS="-c client_min_messages=warning" psql -q -X -v ON_ERROR_STOP=1 "$pg_url" -c "DROP DATABASE IF EXISTS \"$1\"" -c "CREATE DATABASE \"$1\"" >/dev/null
  echo "$pg_base/$1"
}

# The alembic_version statements of a script, normalised to the verb and the values in order
# ("UPDATE 0002 0001"), Alembic spelling the rest differently. A merge's DELETEs and the UPDATE
# after them become one "MERGE to from…" with the from-set sorted: which parent's row Alembic
# updates and which it deletes follows Python's set order, which changes from run to run.
version_lines() {
  "$py" - "$1" <<'PY'
import re, sys
out = []
for line in open(sys.argv[1]):
    m = re.match(r'(INSERT INTO|UPDATE|DELETE FROM) "?alembic_version', line, re.I)
    if not m:
        continue
    verb, values = m.group(1).split()[0].upper(), re.findall(r"'([^']*)'", line)
    if verb == "UPDATE" and out and out[-1][0] == "DELETE":
        gone = []
        while out and out[-1][0] == "DELETE":
            gone.append(out.pop()[1])
        out.append(("MERGE", values[0], " ".join(sorted(gone + [values[1]]))))
    else:
        out.append((verb,) + tuple(values))
for item in out:
    print(" ".join(item))
PY
}

fail=0
for case in linear:40:1 linear:40:7 branchy:150:1 branchy:150:2 branchy:300:3; do
  IFS=: read -r shape n seed <<<"$case"
  d="$work/$shape-$n-$seed"
  "$py" "$here/gen_history.py" --shape "$shape" --revisions "$n" --seed "$seed" --out "$d" >"$d.summary"
  echo "== $shape n=$n seed=$seed: $(cut -c1-160 "$d.summary")"
  m="$d/manifest.json"

  sqlite3 -bail "$d/sqlite3.db" ".read $d/sql/upgrade.sqlite.sql"
  "$py" "$here/verify_db.py" "$m" "$d/sqlite3.db" --label "sqlite3 shell" || fail=1

  (cd "$d/alembic" && ALEMBIC_URL="sqlite:///$d/alembic.db" "$py" -m alembic upgrade heads 2>/dev/null)
  "$py" "$here/verify_db.py" "$m" "$d/alembic.db" --label "alembic sqlite" || fail=1
  (cd "$d/alembic" && ALEMBIC_URL="sqlite:///$d/alembic.db" "$py" -m alembic downgrade base 2>/dev/null)
  left=$(sqlite3 "$d/alembic.db" "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name <> 'alembic_version'")
  rows=$(sqlite3 "$d/alembic.db" "SELECT count(*) FROM alembic_version")
  if [ "$left" = 0 ] && [ "$rows" = 0 ]; then echo "ok alembic downgrade base: empty"; else
    echo "FAILED alembic downgrade base: $left tables, $rows version rows left"; fail=1; fi

  (cd "$d/alembic" && ALEMBIC_URL="sqlite:///$d/offline.db" "$py" -m alembic upgrade heads --sql 2>/dev/null) >"$d/alembic-offline.sql"
  if diff <(version_lines "$d/alembic-offline.sql") <(version_lines "$d/sql/upgrade.sqlite.sql") >"$d/version.diff"; then
    echo "ok version statements: $(version_lines "$d/sql/upgrade.sqlite.sql" | wc -l) match alembic --sql"
  else
    echo "FAILED version statements differ from alembic --sql:"; head -20 "$d/version.diff"; fail=1
  fi

  if [ -n "$retort" ]; then
    "$retort" -c "$d/retort/retort.toml" --url "sqlite:///$d/retort.db" upgrade heads >/dev/null
    "$py" "$here/verify_db.py" "$m" "$d/retort.db" --label "retort sqlite" || fail=1
    "$retort" -c "$d/retort/retort.toml" --url "sqlite:///$d/retort.db" downgrade base >/dev/null
    left=$(sqlite3 "$d/retort.db" "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT IN ('alembic_version', 'retort_history')")
    rows=$(sqlite3 "$d/retort.db" "SELECT count(*) FROM alembic_version")
    if [ "$left" = 0 ] && [ "$rows" = 0 ]; then echo "ok retort downgrade base: empty"; else
      echo "FAILED retort downgrade base: $left tables, $rows version rows left"; fail=1; fi
  fi

  if [ "$pg" = 1 ]; then
    url=$(fresh_pg psql_db)
    psql -q -X -v ON_ERROR_STOP=1 "$url" -f "$d/sql/upgrade.postgresql.sql" >/dev/null
    "$py" "$here/verify_db.py" "$m" "$url" --label "psql" || fail=1
    url=$(fresh_pg alembic_db)
    (cd "$d/alembic" && ALEMBIC_URL="$url" "$py" -m alembic upgrade heads 2>/dev/null)
    "$py" "$here/verify_db.py" "$m" "$url" --label "alembic postgresql" || fail=1
    if [ -n "$retort" ]; then
      url=$(fresh_pg retort_db)
      "$retort" -c "$d/retort/retort.toml" --url "$url" upgrade heads >/dev/null
      "$py" "$here/verify_db.py" "$m" "$url" --label "retort postgresql" || fail=1
    fi
  fi
done
if [ "$fail" = 0 ]; then echo "selftest: all ok"; else echo "selftest: FAILED"; fi
exit "$fail"
