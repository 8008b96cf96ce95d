upgrade: head, heads, +N, REV, LABEL@head; --dry-run (human and --json); --json after running.
Runs on SQLite and on PostgreSQL (RETORT_TEST_DIALECT) with the same expected output.

  $ . "$TESTDIR/lib.sh"
  $ retort init -q
  $ rev 001 ""
  $ rev 002 001
  $ rev 003 002
  $ rev 010 001 "create invoices" billing
  $ rev 011 010 "create payments"
  $ fresh_db
  $ db_state
  tables: (none)
  versions: (none)
  history rows: 0

Two heads: `head` is ambiguous (exit 2, nothing created).

  $ retort upgrade head
  error: Multiple head revisions are present for given argument 'head'; please specify a specific target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads (heads: 003, 011)
  [2]
  $ db_state
  tables: (none)
  versions: (none)
  history rows: 0

--dry-run shows the plan and creates nothing, not even the version table.

  $ retort upgrade heads --dry-run
  Would run upgrade  -> 001, create t_001
  Would run upgrade 001 -> 010, create invoices
  Would run upgrade 010 -> 011, create payments
  Would run upgrade 001 -> 002, create t_002
  Would run upgrade 002 -> 003, create t_003
  $ retort upgrade heads --dry-run --json
  {
    "steps": [
      {
        "direction": "upgrade",
        "from": [],
        "message": "create t_001",
        "revision": "001",
        "to": [
          "001"
        ]
      },
      {
        "direction": "upgrade",
        "from": [
          "001"
        ],
        "message": "create invoices",
        "revision": "010",
        "to": [
          "010"
        ]
      },
      {
        "direction": "upgrade",
        "from": [
          "010"
        ],
        "message": "create payments",
        "revision": "011",
        "to": [
          "011"
        ]
      },
      {
        "direction": "upgrade",
        "from": [
          "001"
        ],
        "message": "create t_002",
        "revision": "002",
        "to": [
          "002"
        ]
      },
      {
        "direction": "upgrade",
        "from": [
          "002"
        ],
        "message": "create t_003",
        "revision": "003",
        "to": [
          "003"
        ]
      }
    ],
    "transaction": "per-revision"
  }
  $ db_state
  tables: (none)
  versions: (none)
  history rows: 0

+N moves N steps from the current revision; REV upgrades to that revision and its ancestors;
LABEL@head follows one branch. With two current revisions, +N is ambiguous (Alembic's error).

  $ retort upgrade +1
  Running upgrade  -> 001, create t_001
    done in \d+ ms (re)
  $ retort current
  001 (branchpoint)
  $ retort upgrade 002
  Running upgrade 001 -> 002, create t_002
    done in \d+ ms (re)
  $ retort upgrade billing@head
  Running upgrade 001 -> 010, create invoices
    done in \d+ ms (re)
  Running upgrade 010 -> 011, create payments
    done in \d+ ms (re)
  $ retort current
  002
  011 (head)
  $ retort upgrade +1 --dry-run
  error: Ambiguous upgrade from multiple current revisions (002, 011): name the target revision, one to walk up from as REV+N, or a branch as LABEL@+N
  [2]
  $ retort upgrade heads
  Running upgrade 002 -> 003, create t_003
    done in \d+ ms (re)
  $ retort current
  003 (head)
  011 (head)
  $ db_state
  tables: alembic_version retort_history t_001 t_002 t_003 t_010 t_011
  versions: 003 011
  history rows: 5

At the target already: nothing to do, exit 0.

  $ retort upgrade heads
  Nothing to do: the database is already at heads (003, 011)
  $ retort upgrade 002
  Nothing to do: the database is at 003, 011, which is past 002 (upgrade never goes back; to return to 002, run `retort downgrade 002`)
  $ retort upgrade heads --dry-run --json
  {
    "steps": [],
    "transaction": "per-revision"
  }

The history table recorded every step with its checksum.

  $ sql "SELECT revision, direction, CASE WHEN success THEN 'ok' ELSE 'failed' END, length(checksum) FROM retort_history ORDER BY id"
  001|upgrade|ok|64
  002|upgrade|ok|64
  010|upgrade|ok|64
  011|upgrade|ok|64
  003|upgrade|ok|64

--json after running: the steps that ran and the version rows now.

  $ rev 004 "003 011" "merge"
  $ retort --json upgrade heads
  {
    "current": [
      "004"
    ],
    "steps": [
      {
        "direction": "upgrade",
        "from": [
          "003",
          "011"
        ],
        "message": "merge",
        "revision": "004",
        "to": [
          "004"
        ]
      }
    ],
    "transaction": "per-revision"
  }
  $ retort current
  004 (head) (mergepoint)

-q prints nothing. A relative step past the head is an error (exit 2).

  $ rev 005 004
  $ retort upgrade head -q
  $ retort current
  005 (head)
  $ retort upgrade +1
  error: Relative revision +1 didn't produce 1 migrations
  [2]
  $ retort upgrade 005+1
  error: Relative revision 005+1 didn't produce 1 migrations
  [2]
  $ retort current
  005 (head)

