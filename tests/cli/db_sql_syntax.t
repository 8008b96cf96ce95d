A syntax error in an execute's SQL is found when the file loads, by the parser of the database
it runs on (PostgreSQL's own grammar, or SQLite's): lint, upgrade --dry-run and upgrade report it
with its place in the file and in the SQL before any statement runs, and the database is left
as it was (docs/migration-files.md, "SQL syntax check").

  $ . "$TESTDIR/lib.sh"
  $ fresh_db
  $ retort init -q
  $ rev 001 ""
  $ retort upgrade head -q
  $ cat > migrations/versions/002.yaml <<'YAML'
  > revision: "002"
  > down_revision: "001"
  > message: backfill
  > upgrade:
  >   - create_table:
  >       table: t_002
  >       columns:
  >         - {name: id, type: integer, primary_key: true}
  >   - execute:
  >       sql: |
  >         INSERT INTO t_002 (id) VALUES (1);
  >         UPDATE t_002 SET id = 2 WHERE id = 1 AND AND id < 3;
  > downgrade:
  >   - drop_table: {table: t_002}
  > YAML
  $ retort lint
  error: migrations/versions/002\.yaml:12:50: SQL syntax error in 'sql' in execute \((PostgreSQL|SQLite)'s parser\): (syntax error at or near "AND"|near "AND": syntax error) \(line 2, column 42 of the SQL\) (re)
            UPDATE t_002 SET id = 2 WHERE id = 1 AND AND id < 3;
                                                     ^
    fix the SQL; if it is written for another database, say so with `dialect:` on the op or a per-dialect map ({postgresql: ..., sqlite: ...})
  [2]
  $ retort upgrade head --dry-run
  error: migrations/versions/002\.yaml:12:50: SQL syntax error in 'sql' in execute \((PostgreSQL|SQLite)'s parser\): (syntax error at or near "AND"|near "AND": syntax error) \(line 2, column 42 of the SQL\) (re)
            UPDATE t_002 SET id = 2 WHERE id = 1 AND AND id < 3;
                                                     ^
    fix the SQL; if it is written for another database, say so with `dialect:` on the op or a per-dialect map ({postgresql: ..., sqlite: ...})
  [2]
  $ retort upgrade head
  error: migrations/versions/002\.yaml:12:50: SQL syntax error in 'sql' in execute \((PostgreSQL|SQLite)'s parser\): (syntax error at or near "AND"|near "AND": syntax error) \(line 2, column 42 of the SQL\) (re)
            UPDATE t_002 SET id = 2 WHERE id = 1 AND AND id < 3;
                                                     ^
    fix the SQL; if it is written for another database, say so with `dialect:` on the op or a per-dialect map ({postgresql: ..., sqlite: ...})
  [2]
  $ retort current
  001
  $ retort sql-schema | grep -c t_002
  0
  [1]

Fixed, it runs.

  $ sed -i 's/AND AND/AND/' migrations/versions/002.yaml
  $ retort upgrade head -q
  $ sql "SELECT id FROM t_002"
  2

A guard's query and an expression are checked too; SQL for the other database is checked with
that database's parser whatever the project's database is.

  $ cat > migrations/versions/003.yaml <<'YAML'
  > revision: "003"
  > down_revision: "002"
  > message: guards
  > upgrade:
  >   - execute:
  >       sql: "DELETE FROM t_002 WHERE id = 2"
  >       only_if: "SELECT 1 FROM t_002 WHERE id = = 2"
  > downgrade: []
  > YAML
  $ retort lint
  error: migrations/versions/003\.yaml:7:48: SQL syntax error in 'only_if' in execute \((PostgreSQL|SQLite)'s parser\): (syntax error at or near "="|near "=": syntax error) \(line 1, column 32 of the SQL\) (re)
          only_if: "SELECT 1 FROM t_002 WHERE id = = 2"
                                                   ^
    fix the SQL; if it is written for another database, say so with `dialect:` on the op or a per-dialect map ({postgresql: ..., sqlite: ...})
  [2]
  $ cat > migrations/versions/003.yaml <<'YAML'
  > revision: "003"
  > down_revision: "002"
  > message: per dialect
  > upgrade:
  >   - execute:
  >       sql: {postgresql: "SELECT 1", sqlite: "SELECT 1 FROM FROM t_002"}
  > downgrade: []
  > YAML
  $ retort lint
  error: migrations/versions/003\.yaml:6:60: SQL syntax error in 'sql' in execute \((PostgreSQL|SQLite)'s parser\): (syntax error at or near "FROM"|near "FROM": syntax error) \(line 1, column 15 of the SQL\) (re)
          sql: {postgresql: "SELECT 1", sqlite: "SELECT 1 FROM FROM t_002"}
                                                               ^
    fix the SQL; if it is written for another database, say so with `dialect:` on the op or a per-dialect map ({postgresql: ..., sqlite: ...})
  [2]
