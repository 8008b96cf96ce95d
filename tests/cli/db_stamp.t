stamp sets the version table without running migrations: REV, several revisions, base,
--purge, --json. Same output on SQLite and PostgreSQL.

  $ . "$TESTDIR/lib.sh"
  $ retort init -q
  $ rev 001 ""
  $ rev 002 001
  $ rev 003 002
  $ rev 010 001 "create invoices" billing
  $ fresh_db

Stamping creates the version table (and the history table) but runs no migration.

  $ retort stamp 002
  Running stamp  -> 002, create t_002
    done in \d+ ms (re)
  $ retort current
  002
  $ db_state
  tables: alembic_version retort_history
  versions: 002
  history rows: 1
  $ sql "SELECT revision, direction FROM retort_history ORDER BY id"
  002|stamp

Up and down one branch; a second branch by label; several revisions at once.

  $ retort stamp 003
  Running stamp 002 -> 003, create t_003
    done in \d+ ms (re)
  $ retort stamp 001
  Running stamp 003 -> 001, create t_001
    done in \d+ ms (re)
  $ retort current
  001 (branchpoint)
  $ retort stamp billing@head
  Running stamp 001 -> 010, create invoices
    done in \d+ ms (re)
  $ retort current
  010 (head)
  $ retort stamp base
  Running stamp 010 -> , create invoices
    done in \d+ ms (re)
  $ retort current
  $ retort stamp 003 010
  Running stamp  -> 003, create t_003
    done in \d+ ms (re)
  Running stamp  -> 010, create invoices
    done in \d+ ms (re)
  $ retort current
  003 (head)
  010 (head)
  $ retort --json stamp 002
  {
    "current": [
      "002",
      "010"
    ],
    "steps": [
      {
        "direction": "stamp",
        "from": [
          "003"
        ],
        "message": "create t_002",
        "revision": "002",
        "to": [
          "002"
        ]
      }
    ]
  }

Unknown revisions are refused (exit 2), nothing changes.

  $ retort stamp nope
  error: Can't locate revision identified by 'nope'
  [2]
  $ retort stamp 002 nope
  error: Can't locate revision identified by 'nope'
  [2]
  $ retort current
  002
  010 (head)

--purge empties the version table first (it also clears a ghost, which plain stamp refuses).

  $ sql "INSERT INTO alembic_version (version_num) VALUES ('gone')"
  $ retort current
  002
  010 (head)
  gone (ghost: not in the migration files)
  the database is at revision 'gone', which no migration file contains (a ghost revision: deleted, renamed, or these files are older than the database)
    to recover, record the revision(s) whose schema the database really has:
      retort stamp --purge 002 010    (keeps the rows the files know; the ghost's changes stay in the database)
      retort stamp --purge 003 010    (if the database already matches the newest files)
    or restore the missing migration file(s) from version control
  [1]
  $ retort stamp 001
  error: the database is at revision 'gone', which no migration file contains (a ghost revision: deleted, renamed, or these files are older than the database)
    to recover, record the revision(s) whose schema the database really has:
      retort stamp --purge 002 010    (keeps the rows the files know; the ghost's changes stay in the database)
      retort stamp --purge 003 010    (if the database already matches the newest files)
    or restore the missing migration file(s) from version control
  [2]
  $ retort stamp --purge 001
  Running stamp  -> 001, create t_001
    done in \d+ ms (re)
  $ retort current
  001 (branchpoint)
  $ db_state
  tables: alembic_version retort_history
  versions: 001
  history rows: 9

After a stamp, upgrade runs only what is above it.

  $ retort upgrade 002
  Running upgrade 001 -> 002, create t_002
    done in \d+ ms (re)
  $ db_state
  tables: alembic_version retort_history t_002
  versions: 002
  history rows: 10

The example of docs/commands.md ("stamp"): two branches stamped at once, then their common
ancestor (both rows become one), then base.

  $ retort stamp --purge base -q
  $ retort stamp 003 010
  Running stamp  -> 003, create t_003
    done in \d+ ms (re)
  Running stamp  -> 010, create invoices
    done in \d+ ms (re)
  $ retort stamp 001
  Running stamp 003, 010 -> 001, create t_001
    done in \d+ ms (re)
  $ retort current
  001 (branchpoint)
  $ retort stamp base
  Running stamp 001 -> , create t_001
    done in \d+ ms (re)
