test builds a scratch database (in memory on SQLite, a temporary database on the PostgreSQL
server, dropped afterwards) and upgrades it one revision at a time; after each revision it
downgrades and upgrades again, and compares the reflected schemas. A downgrade that does not
restore the schema before its upgrade fails the test (exit 1) with the difference; a revision
with an irreversible downgrade is skipped. The configured database is only used for its
dialect and server: it is never touched. Same transcript on SQLite and PostgreSQL.

  $ . "$TESTDIR/lib.sh"
  $ fresh_db
  $ scratch_left() {
  >   local n
  >   if [ "$RETORT_TEST_DIALECT" = postgresql ]; then
  >     n=$(psql -qAt "$RETORT_TEST_PG_URL" -c "SELECT count(*) FROM pg_database WHERE datname LIKE 'retort\_scratch\_%'")
  >   else
  >     n=$(ls -A | grep -c scratch)
  >   fi
  >   echo "scratch databases left: $n"
  > }
  $ retort init -q

No revisions: nothing to test.

  $ retort test
  Testing 0 revision\(s\) on a scratch database \((sqlite:///:memory:|postgresql://retort@127\.0\.0\.1:\d+/retort_scratch_\d+_\d+)\): upgrade one at a time; after each, downgrade and upgrade again (re)
  OK: 0 revision(s) round-trip

A history with a branch and a merge, a column with an index, and data: every revision
round-trips.

  $ rev 001 ""
  $ rev 002 001
  $ rev 003 001
  $ rev 004 "002 003" "merge the branches"
  $ cat > migrations/versions/005.yaml <<'YAML'
  > revision: "005"
  > down_revision: "004"
  > message: name with an index
  > upgrade:
  >   - add_column: {table: t_001, column: {name: name, type: string(50), nullable: false, server_default: "'x'"}}
  >   - create_index: {name: ix_t_001_name, table: t_001, columns: [name], unique: true}
  >   - bulk_insert: {table: t_001, rows: [{id: 1, name: one}, {id: 2, name: two}]}
  > downgrade:
  >   - execute: "DELETE FROM t_001"
  >   - drop_index: {name: ix_t_001_name, table: t_001}
  >   - drop_column: {table: t_001, column: name}
  > YAML
  $ retort test
  Testing 5 revision\(s\) on a scratch database \((sqlite:///:memory:|postgresql://retort@127\.0\.0\.1:\d+/retort_scratch_\d+_\d+)\): upgrade one at a time; after each, downgrade and upgrade again (re)
  ok   001 create t_001
  ok   003 create t_003
  ok   002 create t_002
  ok   004 merge the branches
  ok   005 name with an index
  OK: 5 revision(s) round-trip
  $ scratch_left
  scratch databases left: 0

The database under test was not touched: test runs on its own scratch database.

  $ db_state
  tables: (none)
  versions: (none)
  history rows: 0

A downgrade that forgets to drop the index its upgrade created: test names the revision, its
file and the difference (from the schema before the upgrade to the one after the downgrade),
and stops there with exit 1.

  $ cat > migrations/versions/006.yaml <<'YAML'
  > revision: "006"
  > down_revision: "005"
  > message: index the ids of t_002
  > upgrade:
  >   - create_index: {name: ix_t_002_id, table: t_002, columns: [id]}
  > downgrade: []
  > YAML
  $ cat > migrations/versions/007.yaml <<'YAML'
  > revision: "007"
  > down_revision: "006"
  > message: after the broken one
  > upgrade: []
  > downgrade: []
  > YAML
  $ retort test
  Testing 7 revision\(s\) on a scratch database \((sqlite:///:memory:|postgresql://.*/retort_scratch_\d+_\d+)\): upgrade one at a time; after each, downgrade and upgrade again (re)
  ok   001 create t_001
  ok   003 create t_003
  ok   002 create t_002
  ok   004 merge the branches
  ok   005 name with an index
  FAILED revision 006 (migrations/versions/006.yaml): downgrade does not restore the schema before it (from the schema before the upgrade to the one after the downgrade):
      added index ix_t_002_id on t_002 (id)
  [1]
  $ retort test --json
  {
    "ok": false,
    "results": [
      {
        "ok": true,
        "revision": "001"
      },
      {
        "ok": true,
        "revision": "003"
      },
      {
        "ok": true,
        "revision": "002"
      },
      {
        "ok": true,
        "revision": "004"
      },
      {
        "ok": true,
        "revision": "005"
      },
      {
        "message": "revision 006 (migrations/versions/006.yaml): downgrade does not restore the schema before it (from the schema before the upgrade to the one after the downgrade):\n    added index ix_t_002_id on t_002 (id)",
        "ok": false,
        "revision": "006"
      }
    ]
  }
  [1]
  $ retort -q test
  [1]
  $ scratch_left
  scratch databases left: 0

A downgrade that undoes the wrong thing: it drops the column but restores it with another
type.

  $ cat > migrations/versions/006.yaml <<'YAML'
  > revision: "006"
  > down_revision: "005"
  > message: widen the name
  > upgrade:
  >   - alter_column: {table: t_001, column: name, type: string(100)}
  > downgrade:
  >   - alter_column: {table: t_001, column: name, type: text}
  > YAML
  $ retort test 2>&1 | tail -2
  FAILED revision 006 (migrations/versions/006.yaml): downgrade does not restore the schema before it (from the schema before the upgrade to the one after the downgrade):
      column t_001.name: type string(50) -> text
  [1]

Fixed; and a revision whose downgrade is irreversible is not undone: it is skipped, and the
revisions after it are still tested.

  $ cat > migrations/versions/006.yaml <<'YAML'
  > revision: "006"
  > down_revision: "005"
  > message: widen the name
  > upgrade:
  >   - alter_column: {table: t_001, column: name, type: string(100)}
  > downgrade:
  >   - alter_column: {table: t_001, column: name, type: string(50)}
  > YAML
  $ cat > migrations/versions/007.yaml <<'YAML'
  > revision: "007"
  > down_revision: "006"
  > message: drop t_003
  > upgrade:
  >   - drop_table: {table: t_003}
  > downgrade:
  >   - irreversible: t_003's rows are gone
  > YAML
  $ rev 008 007
  $ retort test
  Testing 8 revision\(s\) on a scratch database \((sqlite:///:memory:|postgresql://.*/retort_scratch_\d+_\d+)\): upgrade one at a time; after each, downgrade and upgrade again (re)
  ok   001 create t_001
  ok   003 create t_003
  ok   002 create t_002
  ok   004 merge the branches
  ok   005 name with an index
  ok   006 widen the name
  skip 007 (its downgrade is irreversible)
  ok   008 create t_008
  OK: 7 revision(s) round-trip; 1 with an irreversible downgrade not undone
  $ retort test --json | grep -E '"(checked|revision|skipped)"'
    "checked": 7,
        "revision": "001"
        "revision": "003"
        "revision": "002"
        "revision": "004"
        "revision": "005"
        "revision": "006"
        "revision": "007",
        "skipped": "irreversible downgrade"
        "revision": "008"
    "skipped": 1

A revision that fails to upgrade fails the test with the migration's error; the scratch
database is still dropped, and the database under test is still untouched.

  $ cat > migrations/versions/009.yaml <<'YAML'
  > revision: "009"
  > down_revision: "008"
  > message: broken
  > upgrade:
  >   - execute: "INSERT INTO no_such_table VALUES (1)"
  > downgrade: []
  > YAML
  $ retort test 2>&1 | grep -E '^(ok|skip|error)'
  ok   001 create t_001
  ok   003 create t_003
  ok   002 create t_002
  ok   004 merge the branches
  ok   005 name with an index
  ok   006 widen the name
  skip 007 (its downgrade is irreversible)
  ok   008 create t_008
  error: revision 009 \(migrations/versions/009.yaml\), upgrade op 1 \(execute at migrations/versions/009.yaml:5:5\): (no such table: no_such_table|relation "no_such_table" does not exist \(SQLSTATE 42P01\)) (re)
  [1]
  $ scratch_left
  scratch databases left: 0
  $ db_state
  tables: (none)
  versions: (none)
  history rows: 0
