`upgrade` on a database already at its target (docs/commands.md, "A database already at its
target"): the version rows and the files' headers decide it; the ops are not parsed, no lock is
taken. Anything that is not plainly "already there" takes the full path, whose errors are those
of every other upgrade. Runs on SQLite and on PostgreSQL (RETORT_TEST_DIALECT).

  $ . "$TESTDIR/lib.sh"
  $ retort init -q
  $ rev 001 ""
  $ rev 002 001
  $ fresh_db
  $ retort upgrade head -q
  $ retort upgrade head
  Nothing to do: the database is already at head (002)
  $ retort upgrade head --json
  {
    "current": [
      "002"
    ],
    "steps": [],
    "transaction": "per-revision"
  }

An op misspelt in an applied revision does not stop a no-op upgrade (its ops are not read, as
`heads` does not read them); `lint` and any upgrade that has something to run still stop on it.

  $ sed -i 's/create_table:/create_tabel:/' migrations/versions/001.yaml
  $ retort upgrade head
  Nothing to do: the database is already at head (002)
  $ retort upgrade 001 >out.txt 2>&1; echo "exit $?"; head -1 out.txt
  exit 0
  Nothing to do: the database is at 002, which is past 001 (upgrade never goes back; to return to 001, run `retort downgrade 001`)
  $ rev 003 002
  $ retort upgrade head >out.txt 2>&1; echo "exit $?"; head -1 out.txt
  exit 2
  error: migrations/versions/001.yaml:5:5: unknown op 'create_tabel'
  $ sql "SELECT version_num FROM alembic_version"
  002

A YAML error in a header stops it like any command; so do ghost rows, and a relative target
past the head.

  $ rm migrations/versions/003.yaml
  $ sed -i 's/create_tabel:/create_table:/' migrations/versions/001.yaml
  $ printf 'revision: "003"\ndown_revision: [002\nupgrade: []\ndowngrade: []\n' > migrations/versions/003.yaml
  $ retort upgrade head >out.txt 2>&1; echo "exit $?"; head -1 out.txt
  exit 2
  error: migrations/versions/003.yaml:* (glob)
  $ rm migrations/versions/003.yaml
  $ sql "UPDATE alembic_version SET version_num = '999'"
  $ retort upgrade head >out.txt 2>&1; echo "exit $?"; head -1 out.txt
  exit 2
  error: * (glob)
  $ sql "UPDATE alembic_version SET version_num = '002'"
  $ retort upgrade +1 >out.txt 2>&1; echo "exit $?"; head -1 out.txt
  exit 2
  error: * (glob)

An unreachable database is reported as before, after a bad op in a file.

  $ sed -i 's/create_table:/create_tabel:/' migrations/versions/001.yaml
  $ retort --url postgresql://nobody@127.0.0.1:1/none upgrade head >out.txt 2>&1; echo "exit $?"; head -1 out.txt
  exit 2
  error: migrations/versions/001.yaml:5:5: unknown op 'create_tabel'

With the header cache's record of the heads (docs/configuration.md, "The header cache"): once
the files are older than the cache's 2-second margin, a graph command records the heads beside
the cache, and `upgrade head`/`heads` compares the version rows with them without building the
graph. The answers are the same; a row that is not the head, a changed file or another target
go the usual way.

  $ sed -i 's/create_tabel:/create_table:/' migrations/versions/001.yaml
  $ sleep 3
  $ retort heads
  002 (head)
  $ ls migrations/versions/.retort-cache
  headers
  headers.dirs
  headers.heads
  headers.history
  $ retort upgrade head
  Nothing to do: the database is already at head (002)
  $ retort upgrade heads
  Nothing to do: the database is already at heads (002)
  $ retort upgrade head --json | grep -c '"002"'
  1
  $ retort downgrade 001 -q
  $ retort upgrade head
  Running upgrade 001 -> 002, create t_002
    done in * ms (glob)
  $ sql "SELECT version_num FROM alembic_version"
  002
  $ sed -i 's/create t_002/create t_two/' migrations/versions/002.yaml
  $ retort history
  001 -> 002 (head), create t_two
  <base> -> 001, create t_001
  $ rev 003 002
  $ retort upgrade head
  Running upgrade 002 -> 003, create t_003
    done in * ms (glob)
  $ retort upgrade 003
  Nothing to do: the database is already at 003

A bad op in a project whose database does not exist yet: the error, and nothing created — not
even an empty SQLite file (the check for "already there" only reads).

  $ sed -i 's/create_table:/create_tabel:/' migrations/versions/001.yaml
  $ rm -f test.db && fresh_db
  $ retort upgrade head >out.txt 2>&1; echo "exit $?"; head -1 out.txt
  exit 2
  error: migrations/versions/001.yaml:5:5: unknown op 'create_tabel'
  $ test -e test.db; echo "file exists: $?"
  file exists: 1
  $ tables
  tables: (none)
