Guards (docs/migration-files.md, "Guards"): `upgrade --dry-run` lists each guarded op and how
it is checked, `-v` says which ops a guard skipped. Same transcript on SQLite and PostgreSQL;
where the databases check differently, each has its expected text.

  $ . "$TESTDIR/lib.sh"
  $ fresh_db
  $ retort init -q
  $ rev 001 ""
  $ cat > migrations/versions/002.yaml <<'YAML'
  > revision: "002"
  > down_revision: "001"
  > message: guarded
  > upgrade:
  >   - add_column: {table: t_001, column: {name: code, type: text}, if_not_exists: true}
  >   - create_unique_constraint: {name: uq_t_001_code, table: t_001, columns: [code], if_not_exists: true}
  >   - execute: {sql: "INSERT INTO t_001 (id, code) VALUES (1, 'a')", unless: "SELECT 1 FROM t_001 WHERE id = 1"}
  > downgrade:
  >   - drop_constraint: {name: uq_t_001_code, table: t_001, type: unique, if_exists: true}
  >   - drop_column: {table: t_001, column: code, if_exists: true}
  > YAML
  $ retort upgrade 001 -q
  $ cat > expect.postgresql <<'EOF'
  > Would run upgrade 001 -> 002, guarded
  >   op 1 add_column at migrations/versions/002.yaml:5:5, guarded: if_not_exists (IF NOT EXISTS in the statement)
  >   op 2 create_unique_constraint at migrations/versions/002.yaml:6:5, guarded: if_not_exists (checked first: SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = to_regclass('"t_001"') AND conname = 'uq_t_001_code')
  >   op 3 execute at migrations/versions/002.yaml:7:5, guarded: unless: SELECT 1 FROM t_001 WHERE id = 1
  > EOF
  $ cat > expect.sqlite <<'EOF'
  > Would run upgrade 001 -> 002, guarded
  >   op 1 add_column at migrations/versions/002.yaml:5:5, guarded: if_not_exists (checked in the table's current definition)
  >   op 2 create_unique_constraint at migrations/versions/002.yaml:6:5, guarded: if_not_exists (checked in the table's current definition)
  >   op 3 execute at migrations/versions/002.yaml:7:5, guarded: unless: SELECT 1 FROM t_001 WHERE id = 1
  > EOF
  $ retort upgrade head --dry-run | diff expect.$RETORT_TEST_DIALECT -

The row is there already (added by hand): the execute is skipped, and -v says why.

  $ sql "INSERT INTO t_001 (id) VALUES (1)"
  $ retort upgrade head -v 2>&1 | grep skipped
    skipped execute at migrations/versions/002.yaml:7:5 in 002: unless returned a row
  $ sql "SELECT id, coalesce(code, '-') FROM t_001"
  1|-

Downgrade and upgrade again after the column was added by hand: nothing fails.

  $ retort downgrade 001 -q
  $ sql "ALTER TABLE t_001 ADD COLUMN code text"
  $ retort upgrade head -q
  $ retort downgrade 001 -q
  $ sql "SELECT version_num FROM alembic_version"
  001
