verify compares the checksum recorded when each applied revision ran with its file today:
clean (exit 0), modified (V001, exit 1), ghost (V003, exit 1), --json. Same output on SQLite
and PostgreSQL.

  $ . "$TESTDIR/lib.sh"
  $ retort init -q
  $ rev 001 ""
  $ rev 002 001
  $ rev 003 002
  $ fresh_db

Nothing applied: nothing to check. verify never creates the database or a table.

  $ retort verify
  OK: 0 applied revision(s) match their files
  $ retort verify --json
  {
    "checked": 0,
    "findings": [],
    "ok": true,
    "unrecorded": 0
  }
  $ db_state
  tables: (none)
  versions: (none)
  history rows: 0

  $ retort upgrade 002 -q
  $ retort verify
  OK: 2 applied revision(s) match their files
  $ retort --json verify
  {
    "checked": 2,
    "findings": [],
    "ok": true,
    "unrecorded": 0
  }

A revision edited after it was applied: V001 names the file and both checksums (exit 1).
A revision not applied yet (003) is not checked.

  $ echo "# reviewed" >> migrations/versions/002.yaml
  $ echo "# not applied" >> migrations/versions/003.yaml
  $ retort verify | sed -E 's/[0-9a-f]{12}/<sha>/g'
  migrations/versions/002.yaml:1: V001 revision 002 was modified after it was applied (applied checksum <sha>, file now <sha>)
  FAILED: 1 finding(s); 1 of 2 applied revision(s) match their files
  [1]
  $ retort verify --json | sed -E 's/[0-9a-f]{12}/<sha>/g'
  {
    "checked": 2,
    "findings": [
      {
        "code": "V001",
        "file": "migrations/versions/002.yaml",
        "line": 1,
        "message": "revision 002 was modified after it was applied (applied checksum <sha>, file now <sha>)",
        "revision": "002"
      }
    ],
    "ok": false,
    "unrecorded": 0
  }
  [1]
  $ retort verify -q
  [1]

Only line-ending changes (CRLF) do not count as a modification.

  $ sed -i '$ d' migrations/versions/002.yaml
  $ retort verify
  OK: 2 applied revision(s) match their files
  $ sed -i 's/$/\r/' migrations/versions/002.yaml
  $ retort verify
  OK: 2 applied revision(s) match their files

A stamped revision has no recorded checksum: it is counted, not judged.

  $ retort stamp 003 -q
  $ retort verify
  OK: 2 applied revision(s) match their files; 1 without a recorded checksum (applied by another tool or stamped)

A ghost revision: V003 and the stamp that recovers.

  $ sql "INSERT INTO alembic_version (version_num) VALUES ('zzz')"
  $ retort verify
  V003 revision zzz is applied to the database but no migration file has it
  FAILED: 1 finding(s); 2 applied revision(s) match their files; 1 without a recorded checksum (applied by another tool or stamped)
  the database is at revision 'zzz', which no migration file contains (a ghost revision: deleted, renamed, or these files are older than the database)
    to recover, record the revision(s) whose schema the database really has:
      retort stamp --purge 003    (keeps the rows the files know; the ghost's changes stay in the database)
    or restore the missing migration file(s) from version control
  [1]
  $ retort verify --json
  {
    "checked": 2,
    "findings": [
      {
        "code": "V003",
        "file": "",
        "line": 0,
        "message": "revision zzz is applied to the database but no migration file has it",
        "revision": "zzz"
      }
    ],
    "ok": false,
    "unrecorded": 1
  }
  [1]
