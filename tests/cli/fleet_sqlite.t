Fleet commands on a glob of 50 SQLite files (docs/multi-tenant.md): each file at head with each
revision applied once, a failing file left at its previous revision with its data, --canary,
--max-failures, --resume, the live lines and the summary, --json, selection and configuration
errors.

  $ . "$TESTDIR/lib.sh"
  $ mkdir -p migrations/versions data
  $ cat > migrations/versions/001.yaml <<'EOF'
  > revision: "001"
  > down_revision: null
  > message: accounts
  > upgrade:
  >   - create_table:
  >       table: accounts
  >       columns:
  >         - {name: id, type: integer, primary_key: true}
  >         - {name: email, type: string(100)}
  > downgrade:
  >   - drop_table: {table: accounts}
  > EOF
  $ cat > migrations/versions/002.yaml <<'EOF'
  > revision: "002"
  > down_revision: "001"
  > message: unique emails
  > upgrade:
  >   - create_index: {name: ux_accounts_email, table: accounts, columns: [email], unique: true}
  > downgrade:
  >   - drop_index: {name: ux_accounts_email, table: accounts}
  > EOF
  $ cat > migrations/versions/003.yaml <<'EOF'
  > revision: "003"
  > down_revision: "002"
  > message: notes
  > upgrade:
  >   - create_table:
  >       table: notes
  >       columns:
  >         - {name: id, type: integer, primary_key: true}
  > downgrade:
  >   - drop_table: {table: notes}
  > EOF
  $ cat > retort.toml <<'EOF'
  > [[targets]]
  > name = "devices"
  > sqlite_glob = "data/*.db"
  > EOF
  $ for i in $(seq -w 1 50); do : > data/dev$i.db; done

Where the files stand (how many at each revision), and any revision applied more than once
successfully to a file (none is printed):

  $ at() { for f in data/*.db; do sqlite3 "$f" "SELECT group_concat(version_num) FROM alembic_version" 2>/dev/null || echo base; done | sort | uniq -c | sed 's/^ *//'; }
  $ twice() { for f in data/*.db; do sqlite3 "$f" "SELECT '$f', revision FROM retort_history WHERE direction = 'upgrade' AND success GROUP BY revision HAVING count(*) <> 1"; done; }
  $ times() { sed -E 's/[0-9]+ ms/N ms/; s/fleet run [0-9TZ-]+/fleet run ID/'; }

  $ retort current --all-targets -q
  $ at
  50 base
  $ retort upgrade 001 --all-targets --parallel 8 -q
  $ at
  50 001

A conflicting row in one file: two accounts with the same email, which 002's unique index
refuses. A canary of 10 files (dev07 among them) stops the run before the other 40 are touched:

  $ sqlite3 data/dev07.db "INSERT INTO accounts (email) VALUES ('a@example.com'), ('a@example.com')"
  $ retort upgrade head --all-targets --parallel 8 --canary 10 -q 2>&1 >/dev/null | sed -n 1,4p
  error: devices/dev07.db: revision 002 (migrations/versions/002.yaml), upgrade op 1 (create_index at migrations/versions/002.yaml:5:5): UNIQUE constraint failed: accounts.email
    SQL: CREATE UNIQUE INDEX "ux_accounts_email" ON "accounts" ("email")
    the revision was rolled back; the database is as it was before it
  warning: a canary target failed: the other targets were not started
  [1]
  $ retort upgrade head --all-targets --parallel 8 --canary 10 -q 2>/dev/null
  [1]
  $ at
  41 001
  9 003

Without the canary every other file reaches head; dev07 stays at 001 with its rows, and the
failed attempt is in its history:

  $ retort upgrade head --all-targets --parallel 8 -q 2>/dev/null
  [1]
  $ at
  1 001
  49 003
  $ twice
  $ sqlite3 data/dev07.db "SELECT count(*) FROM accounts; SELECT version_num FROM alembic_version"
  2
  001
  $ sqlite3 data/dev07.db "SELECT revision, success FROM retort_history WHERE direction = 'upgrade' ORDER BY id"
  001|1
  002|0
  002|0
  002|0

--resume reruns only the files that failed or were not reached in the last fleet run; -v adds
each step's lines, prefixed by the target's name:

  $ sqlite3 data/dev07.db "DELETE FROM accounts WHERE id = 2"
  $ retort upgrade head --all-targets --resume -v 2>/dev/null | times
  Resuming fleet run ID: 1 target(s) to run, 49 done in it
  start   devices/dev07.db
  devices/dev07.db: Running upgrade 001 -> 002, unique emails
  devices/dev07.db:   done in N ms
  devices/dev07.db: Running upgrade 002 -> 003, notes
  devices/dev07.db:   done in N ms
  ok      devices/dev07.db: at 003 (2 step(s) run) (N ms; 1/1 done)
  
  TARGET            STATUS       RESULT
  devices/dev07.db  ok           at 003 (2 step(s) run)
  1 target(s): 1 ok, 0 failed, 0 not started (fleet run ID)
  $ at
  50 003
  $ twice
  $ retort upgrade head --all-targets --resume -q
  $ retort current --all-targets --max-failures 1 -q

The fleet marks are history rows of direction `fleet`; `verify` and the other readers skip them:

  $ sqlite3 data/dev07.db "SELECT count(*), min(success), max(success) FROM retort_history WHERE direction = 'fleet'"
  5|0|1
  $ retort verify --all-targets -q

--max-failures: with two conflicting files and one target at a time, the first failure stops
the run:

  $ retort downgrade 001 --all-targets --parallel 4 -q
  $ at
  50 001
  $ for f in data/dev03.db data/dev05.db; do sqlite3 $f "INSERT INTO accounts (email) VALUES ('b@x'), ('b@x')"; done
  $ retort upgrade head --all-targets --max-failures 1 2>/dev/null | times | head -14
  start   devices/dev01.db
  ok      devices/dev01.db: at 003 (2 step(s) run) (N ms; 1/50 done)
  start   devices/dev02.db
  ok      devices/dev02.db: at 003 (2 step(s) run) (N ms; 2/50 done)
  start   devices/dev03.db
  FAILED  devices/dev03.db: * (glob)
  
  TARGET            STATUS       RESULT
  devices/dev01.db  ok           at 003 (2 step(s) run)
  devices/dev02.db  ok           at 003 (2 step(s) run)
  devices/dev03.db  failed       * (glob)
  devices/dev04.db  not started
  devices/dev05.db  not started
  devices/dev06.db  not started
  [1]
  $ at
  48 001
  2 003
  $ retort upgrade head --all-targets --max-failures 1 -q 2>&1 | tail -2
  warning: 1 target(s) failed (--max-failures 1): no further target was started
  hint: fix the cause, then rerun the failed and unreached targets with `retort upgrade head --resume` and the same selection
  [1]

Selection: a group, or one of its targets by its display name; --json per target:

  $ retort current --target devices/dev01.db --target devices/dev03.db --json
  {
    "command": "current",
    "counts": {
      "failed": 0,
      "not_started": 0,
      "ok": 2,
      "targets": 2
    },
    "fleet_run": null,
    "ok": true,
    "stopped_by": null,
    "targets": [
      {
        "duration_ms": *, (glob)
        "group": "devices",
        "name": "devices/dev01.db",
        "result": {
          "at_head": true,
          "current": [
            "003"
          ],
          "ghost": []
        },
        "status": "ok"
      },
      {
        "duration_ms": *, (glob)
        "group": "devices",
        "name": "devices/dev03.db",
        "result": {
          "at_head": false,
          "current": [
            "001"
          ],
          "ghost": []
        },
        "status": "ok"
      }
    ]
  }
  $ retort stamp 002 --target devices/dev03.db -v 2>/dev/null | times | head -3
  start   devices/dev03.db
  devices/dev03.db: Running stamp 001 -> 002, unique emails
  devices/dev03.db:   done in N ms
  $ retort current --target devices/dev1.db
  error: unknown target 'devices/dev1.db': group 'devices' has 50 target(s)
    did you mean 'devices/dev01.db'?
  [2]
  $ retort current --target device
  error: unknown target 'device'
    did you mean 'devices'?
  [2]
  $ retort upgrade head --all-targets --sql
  error: --sql cannot be used with --all-targets or --target: run it on one database (--url, or the configured one)
  [2]
  $ retort upgrade head --all-targets --parallel 0
  error: --parallel: expected a whole number from 1 to 64, got '0'
  Run retort upgrade --help for the options.
  [2]

Configuration errors are located, exit 2, and change nothing:

  $ cat > bad.toml <<'EOF'
  > [migrations]
  > directory = "migrations/versions"
  > [[targets]]
  > name = "devices"
  > url = "sqlite:///one.db"
  > sqlite_glob = "data/*.db"
  > EOF
  $ retort -c bad.toml current --all-targets
  error: bad.toml:6:15: target 'devices' has both url and sqlite_glob: give one of them
    sqlite_glob = "data/*.db"
                  ^
    a url is one database (with schemas_query: one per schema); sqlite_glob is one per file
  [2]
  $ cat > bad.toml <<'EOF'
  > [[targets]]
  > name = "devices"
  > url = "sqlite:///one.db"
  > schemas_query = "SELECT 1"
  > EOF
  $ retort -c bad.toml current --all-targets
  error: bad.toml:4:17: schemas_query is for PostgreSQL, and target 'devices' is an SQLite database
    schemas_query = "SELECT 1"
                    ^
    remove it, or use sqlite_glob for one target per file
  [2]
  $ cat > bad.toml <<'EOF'
  > [[targets]]
  > name = "devices"
  > sqlite_glob = "data/*.db"
  > shema = "x"
  > EOF
  $ retort -c bad.toml current --all-targets
  error: bad.toml:4:1: unknown key 'shema' in [[targets]]
    shema = "x"
    ^
    did you mean 'schema'?
  [2]
  $ ls one.db
  ls: cannot access 'one.db': No such file or directory
  [2]
