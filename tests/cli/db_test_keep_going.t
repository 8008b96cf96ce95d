`retort test --keep-going` reports every revision that does not round-trip, each with its
difference, and exits 1 at the end; without it the test stops at the first (db_test_cmd.t). A
revision known not to round-trip carries a reviewed `test_allow: {round_trip: "reason"}`: it is
reported as allowed, with its difference, and is not a failure. Same transcript on SQLite and
PostgreSQL (docs/commands.md "test", docs/migration-files.md "Top-level keys").

  $ . "$TESTDIR/lib.sh"
  $ fresh_db
  $ retort init -q
  $ leaky() {
  >   cat > "migrations/versions/$1.yaml" <<YAML
  > revision: "$1"
  > down_revision: "$2"
  > message: index t_001 as ix_$1
  > $3upgrade:
  >   - create_index: {name: ix_$1, table: t_001, columns: [id]}
  > downgrade: []
  > YAML
  > }
  $ refusing() {
  >   cat > "migrations/versions/$1.yaml" <<YAML
  > revision: "$1"
  > down_revision: "$2"
  > message: a column whose downgrade refuses
  > $3upgrade:
  >   - add_column: {table: t_003, column: {name: note, type: text}}
  > downgrade:
  >   - assert: {sql: "SELECT 1 = 0", message: keep the notes}
  >   - drop_column: {table: t_003, column: note}
  > YAML
  > }
  $ rev 001 ""
  $ leaky 002 001
  $ rev 003 002
  $ refusing 004 003
  $ rev 005 004
  $ leaky 006 005
  $ rev 007 006

Three revisions do not round-trip: two downgrades leave their index behind, one fails. Without
--keep-going the test stops at the first:

  $ retort test
  Testing 7 revision\(s\) on a scratch database \((sqlite:///:memory:|postgresql://.*/retort_scratch_\d+_\d+)\): upgrade one at a time; after each, downgrade and upgrade again (re)
  ok   001 create t_001
  FAILED revision 002 (migrations/versions/002.yaml): downgrade does not restore the schema before it (from the schema before the upgrade to the one after the downgrade):
      added index ix_002 on t_001 (id)
  [1]

With --keep-going every one is reported with its difference (or its downgrade's error), and the
revisions after each are still tested, on a scratch database rebuilt up to the failing revision:

  $ retort test --keep-going
  Testing 7 revision\(s\) on a scratch database \((sqlite:///:memory:|postgresql://.*/retort_scratch_\d+_\d+)\): upgrade one at a time; after each, downgrade and upgrade again (re)
  ok   001 create t_001
  FAILED revision 002 (migrations/versions/002.yaml): downgrade does not restore the schema before it (from the schema before the upgrade to the one after the downgrade):
      added index ix_002 on t_001 (id)
  ok   003 create t_003
  FAILED revision 004 (migrations/versions/004.yaml): its downgrade failed:
      revision 004 (migrations/versions/004.yaml), downgrade op 1 (assert at migrations/versions/004.yaml:7:5): assert failed: keep the notes
        query: SELECT 1 = 0
        the revision was rolled back; the database is as it was before it
  ok   005 create t_005
  FAILED revision 006 (migrations/versions/006.yaml): downgrade does not restore the schema before it (from the schema before the upgrade to the one after the downgrade):
      added index ix_006 on t_001 (id)
  ok   007 create t_007
  FAILED: 3 revision(s) do not round-trip: 002, 004, 006; 4 revision(s) round-trip
  [1]
  $ retort test --keep-going --json | grep -E '^  "|"(revision|ok|allowed)"'
    "allowed": [],
    "checked": 4,
    "failed": [
    "ok": false,
    "results": [
        "ok": true,
        "revision": "001"
        "ok": false,
        "revision": "002"
        "ok": true,
        "revision": "003"
        "ok": false,
        "revision": "004"
        "ok": true,
        "revision": "005"
        "ok": false,
        "revision": "006"
        "ok": true,
        "revision": "007"
    "skipped": 0
  [1]
  $ retort test --keep-going --json | grep -A4 '"failed"'
    "failed": [
      "002",
      "004",
      "006"
    ],
  [1]

After review, each is allowed with its reason: the test passes and lists them as allowed, with
what they leave behind.

  $ leaky 002 001 'test_allow: {round_trip: "ix_002 is dropped by hand with the old reports"}
  > '
  $ refusing 004 003 'test_allow: {round_trip: "the notes are kept on purpose (OPS-12)"}
  > '
  $ leaky 006 005 'test_allow: {round_trip: "ix_006 is shared with the reporting replica"}
  > '
  $ retort test
  Testing 7 revision\(s\) on a scratch database \((sqlite:///:memory:|postgresql://.*/retort_scratch_\d+_\d+)\): upgrade one at a time; after each, downgrade and upgrade again (re)
  ok   001 create t_001
  allowed 002 (ix_002 is dropped by hand with the old reports): downgrade does not restore the schema before it (from the schema before the upgrade to the one after the downgrade):
      added index ix_002 on t_001 (id)
  ok   003 create t_003
  allowed 004 (the notes are kept on purpose (OPS-12)): its downgrade failed:
      revision 004 (migrations/versions/004.yaml), downgrade op 1 (assert at migrations/versions/004.yaml:8:5): assert failed: keep the notes
        query: SELECT 1 = 0
        the revision was rolled back; the database is as it was before it
  ok   005 create t_005
  allowed 006 (ix_006 is shared with the reporting replica): downgrade does not restore the schema before it (from the schema before the upgrade to the one after the downgrade):
      added index ix_006 on t_001 (id)
  ok   007 create t_007
  OK: 4 revision(s) round-trip; 3 allowed not to (test_allow): 002, 004, 006
  $ retort test --json | grep -E '"(allowed|failed|ok)"'
    "allowed": [
    "failed": [],
    "ok": true,
        "ok": true,
        "allowed": "ix_002 is dropped by hand with the old reports",
        "ok": true,
        "ok": true,
        "allowed": "the notes are kept on purpose (OPS-12)",
        "ok": true,
        "ok": true,
        "allowed": "ix_006 is shared with the reporting replica",
        "ok": true,
        "ok": true,

An allowance that is no longer needed is pointed out (the revision round-trips):

  $ rev 005 004 "create t_005" && sed -i 's/^message:/test_allow: {round_trip: "was leaky"}\nmessage:/' migrations/versions/005.yaml
  $ retort test | grep 005
  ok   005 create t_005 (round-trips: its test_allow.round_trip is no longer needed)

A bad allow-list entry is a load error at its place (exit 2), and nothing runs:

  $ leaky 006 005 'test_allow: {round_trip: ""}
  > '
  $ retort test
  error: migrations/versions/006.yaml:4:26: the reason for 'round_trip' in test_allow is empty
    test_allow: {round_trip: ""}
                             ^
    say why the revision does not round-trip, for the next reviewer
  [2]
  $ leaky 006 005 'test_allow: [round_trip]
  > '
  $ retort test
  error: migrations/versions/006.yaml:4:13: expected a map of check to reason for 'test_allow', found a list
    test_allow: [round_trip]
                ^
    write `test_allow: {round_trip: "why this revision does not round-trip"}`
  [2]
  $ leaky 006 005 'test_allow: {round_trips: "shared index"}
  > '
  $ retort test --keep-going
  error: migrations/versions/006.yaml:4:14: unknown key 'round_trips' in test_allow
    test_allow: {round_trips: "shared index"}
                 ^
    did you mean 'round_trip'?
  [2]
