A migration that fails exits 1: the revisions before it stay applied, the failing one is
rolled back whole (its DDL too), and the attempt is recorded in the history table.
Same output on SQLite and PostgreSQL (the database's own message, and the word introducing the
statement, which differs between the two connections, are masked).

  $ . "$TESTDIR/lib.sh"
  $ retort init -q
  $ rev 001 ""
  $ cat > migrations/versions/002.yaml <<'YAML'
  > revision: "002"
  > down_revision: "001"
  > message: half done
  > upgrade:
  >   - create_table:
  >       table: t_002
  >       columns:
  >         - {name: id, type: integer, primary_key: true}
  >   - execute: {sql: "INSERT INTO no_such_table VALUES (1)"}
  > downgrade:
  >   - drop_table: {table: t_002}
  > YAML
  $ rev 003 002
  $ fresh_db

  $ retort upgrade head 2>&1 | sed -E -e 's/\(execute at ([^)]*)\): .*/(execute at \1): <database error>/' -e 's/^  (SQL|in statement): /  <statement>: /'
  Running upgrade  -> 001, create t_001
    done in \d+ ms (re)
  Running upgrade 001 -> 002, half done
  error: revision 002 (migrations/versions/002.yaml), upgrade op 2 (execute at migrations/versions/002.yaml:9:5): <database error>
    <statement>: INSERT INTO no_such_table VALUES (1)
    the revision was rolled back; the database is as it was before it
  [1]
  $ db_state
  tables: alembic_version retort_history t_001
  versions: 001
  history rows: 2
  $ sql "SELECT revision, direction, CASE WHEN success THEN 'ok' ELSE 'failed' END, CASE WHEN error <> '' THEN 'error recorded' END FROM retort_history ORDER BY id"
  001|upgrade|ok|
  002|upgrade|failed|error recorded
  $ retort current
  001

The --dry-run does not see the failure coming (it plans, it does not run); fixed, it runs.

  $ retort upgrade head --dry-run
  Would run upgrade 001 -> 002, half done
  Would run upgrade 002 -> 003, create t_003
  $ sed -i 's/INSERT INTO no_such_table VALUES (1)/INSERT INTO t_002 VALUES (1)/' migrations/versions/002.yaml
  $ retort upgrade head
  Running upgrade 001 -> 002, half done
    done in \d+ ms (re)
  Running upgrade 002 -> 003, create t_003
    done in \d+ ms (re)
  $ sql "SELECT id FROM t_002"
  1
  $ db_state
  tables: alembic_version retort_history t_001 t_002 t_003
  versions: 003
  history rows: 4

An error located in the op's file names the place once: after the op, not twice.

  $ mkdir once && cd once && retort init -q
  $ cat > migrations/versions/001.yaml <<'YAML'
  > revision: "001"
  > down_revision: null
  > upgrade:
  >   - create_table: {table: t, columns: [{name: id, type: integer, primary_key: true}]}
  >   - alter_column: {table: nosuch, column: x, nullable: false}
  > downgrade:
  >   - drop_table: {table: t}
  > YAML
  $ retort --url "sqlite:///$PWD/a.db" upgrade head
  Running upgrade  -> 001
  error: revision 001 (migrations/versions/001.yaml), upgrade op 2 (alter_column): migrations/versions/001.yaml:5:5: alter_column on SQLite rebuilds table "nosuch", which needs the table's current definition: no such table: nosuch
    the revision was rolled back; the database is as it was before it
  [1]
