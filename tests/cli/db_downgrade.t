downgrade: -1, REV, base, LABEL@base, --dry-run (human and --json), undoing a merge, and an
irreversible downgrade. Same expected output on SQLite and PostgreSQL.

  $ . "$TESTDIR/lib.sh"
  $ retort init -q
  $ rev 001 ""
  $ rev 002 001
  $ rev 010 001 "create invoices" billing
  $ rev 003 "002 010" "merge billing"
  $ rev 004 003
  $ fresh_db
  $ retort upgrade head -q
  $ retort current
  004 (head)

-1 undoes the newest revision.

  $ retort downgrade -1
  Running downgrade 004 -> 003, create t_004
    done in \d+ ms (re)
  $ retort current
  003 (mergepoint)

From a merge point -1 is ambiguous, as in Alembic (exit 2, nothing changed): name the target.

  $ retort downgrade -1 --dry-run
  error: Ambiguous walk: 1 step(s) down from revision 003 cannot choose a way, because revision 003 is a merge (down revisions 002, 010); it could end at 002 or 010: name the one you mean instead of the relative step
  [2]
  $ retort downgrade -1
  error: Ambiguous walk: 1 step(s) down from revision 003 cannot choose a way, because revision 003 is a merge (down revisions 002, 010); it could end at 002 or 010: name the one you mean instead of the relative step
  [2]
  $ retort current
  003 (mergepoint)
  $ db_state
  tables: alembic_version retort_history t_001 t_002 t_010
  versions: 003
  history rows: 6

To a revision: every applied descendant is undone, newest first; undoing a merge restores its
parents' rows (Alembic's HeadMaintainer); LABEL@base undoes the branch down to base.

  $ retort downgrade billing@base --dry-run --json
  {
    "steps": [
      {
        "direction": "downgrade",
        "from": [
          "003"
        ],
        "message": "merge billing",
        "revision": "003",
        "to": [
          "002",
          "010"
        ]
      },
      {
        "direction": "downgrade",
        "from": [
          "002"
        ],
        "message": "create t_002",
        "revision": "002",
        "to": [
          "001"
        ]
      },
      {
        "direction": "downgrade",
        "from": [
          "010"
        ],
        "message": "create invoices",
        "revision": "010",
        "to": [
          "001"
        ]
      },
      {
        "direction": "downgrade",
        "from": [
          "001"
        ],
        "message": "create t_001",
        "revision": "001",
        "to": []
      }
    ],
    "transaction": "per-revision"
  }
  $ retort downgrade 001 --dry-run
  Would run downgrade 003 -> 002, 010, merge billing
  Would run downgrade 002 -> 001, create t_002
  Would run downgrade 010 -> 001, create invoices
  $ retort downgrade 002
  Running downgrade 003 -> 002, 010, merge billing
    done in \d+ ms (re)
  $ retort current
  002
  010

Nothing to undo: exit 0. Downgrading to a revision above the current one is an error.

  $ retort downgrade 002
  Nothing to do: the database is already at 002
  $ retort downgrade 004
  error: Destination 004 is not a valid downgrade target from current head(s)
  [2]
  $ retort current
  002
  010

base undoes everything; the version table stays (empty), as Alembic leaves it.

  $ retort downgrade base
  Running downgrade 002 -> 001, create t_002
    done in \d+ ms (re)
  Running downgrade 010 -> 001, create invoices
    done in \d+ ms (re)
  Running downgrade 001 -> , create t_001
    done in \d+ ms (re)
  $ retort current
  $ db_state
  tables: alembic_version retort_history
  versions: (none)
  history rows: 10
  $ retort downgrade base
  Nothing to do: the database is already at base
  $ retort downgrade -1
  error: Relative revision -1 didn't produce 1 migrations
  [2]

An irreversible downgrade fails before anything runs (exit 1) with the reason; the database is
unchanged. A dry run refuses it the same way. Downgrading to it (not past it) works.

  $ cat > migrations/versions/005.yaml <<'YAML'
  > revision: "005"
  > down_revision: "004"
  > message: drop t_002
  > upgrade:
  >   - drop_table: {table: t_002}
  > downgrade:
  >   - irreversible: "t_002's rows are gone; restore them from the backup"
  > YAML
  $ rev 006 005
  $ retort upgrade head -q
  $ retort downgrade base
  error: cannot downgrade past revision 005 (migrations/versions/005.yaml): its downgrade is irreversible: t_002's rows are gone; restore them from the backup
    nothing was changed; pick a target at or after 005
  [1]
  $ retort downgrade base --dry-run
  error: cannot downgrade past revision 005 (migrations/versions/005.yaml): its downgrade is irreversible: t_002's rows are gone; restore them from the backup
    nothing was changed; pick a target at or after 005
  [1]
  $ retort downgrade base --dry-run --json | grep '"kind"'
  error: cannot downgrade past revision 005 (migrations/versions/005.yaml): its downgrade is irreversible: t_002's rows are gone; restore them from the backup
    nothing was changed; pick a target at or after 005
      "kind": "failure",
  [1]
  $ retort current
  006 (head)
  $ db_state
  tables: alembic_version retort_history t_001 t_004 t_006 t_010
  versions: 006
  history rows: 17
  $ retort downgrade 005
  Running downgrade 006 -> 005, create t_006
    done in \d+ ms (re)
  $ retort current
  005
