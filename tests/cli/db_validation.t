Names, defaults, SQL fragments, dialect guards and index order (docs/migration-files.md):
what loading refuses (exit 2, the database untouched) and what runs, on SQLite and PostgreSQL.
Where the dialects differ, the expected text is per dialect (expect.$RETORT_TEST_DIALECT).

  $ . "$TESTDIR/lib.sh"
  $ retort init -q
  $ rev 001 ""
  $ fresh_db
  $ retort upgrade head -q
  $ db_state
  tables: alembic_version retort_history t_001
  versions: 001
  history rows: 1

A name over PostgreSQL's 63 bytes: the server would cut it silently (the column would then
never match the file). With a PostgreSQL database it is a load error naming the limit, the name
and its place; with SQLite the file loads and lint reports it (R114).

  $ long=c234567890123456789012345678901234567890123456789012345678901234
  $ cat > migrations/versions/002.yaml <<YAML
  > revision: "002"
  > down_revision: "001"
  > message: long name
  > upgrade:
  >   - add_column: {table: t_001, column: {name: $long, type: integer}}
  > downgrade:
  >   - drop_column: {table: t_001, column: $long}
  > YAML
  $ cat > expect.postgresql <<'EOF'
  > error: migrations/versions/002.yaml:5:47: identifier 'c234567890123456789012345678901234567890123456789012345678901234' for 'name' in column is 64 bytes long; PostgreSQL's limit is 63 bytes and the server would silently cut it to 'c23456789012345678901234567890123456789012345678901234567890123'
  >     - add_column: {table: t_001, column: {name: c234567890123456789012345678901234567890123456789012345678901234, type: integer}}
  >                                                 ^
  >   shorten it to at most 63 bytes (two names that share their first 63 bytes are the same name)
  > [2]
  > EOF
  $ cat > expect.sqlite <<'EOF'
  > Would run upgrade 001 -> 002, long name
  > [0]
  > EOF
  $ (retort upgrade head --dry-run 2>&1; echo "[$?]") | diff expect.$RETORT_TEST_DIALECT -
  $ retort lint --url sqlite:///lint.db 002 2>&1 | head -3
  migrations/versions/002.yaml:5:47: R114 identifier 'c234567890123456789012345678901234567890123456789012345678901234' is 64 bytes long: PostgreSQL silently cuts names to 63 bytes, so the database would not have the name this file says (and two names that share their first 63 bytes collide)
      safer: shorten it to at most 63 bytes, or give the op `dialect: sqlite`
      after review, allow it with: lint_allow: [R114] on the op
  [1]
  $ rm migrations/versions/002.yaml
  $ db_state
  tables: alembic_version retort_history t_001
  versions: 001
  history rows: 1

Empty and blank names, and a column name with a '.', are refused wherever a name is taken.

  $ bad() {
  >   cat > migrations/versions/002.yaml <<YAML
  > revision: "002"
  > down_revision: "001"
  > upgrade:
  >   - $1
  > downgrade: []
  > YAML
  >   retort upgrade head
  > }
  $ bad 'drop_table: {table: ""}'
  error: migrations/versions/002.yaml:4:25: expected a name for 'table' in drop_table, found an empty string
      - drop_table: {table: ""}
                            ^
    write the table's, column's or constraint's name
  [2]
  $ bad 'add_column: {table: t_001, column: {name: "   ", type: text}}'
  error: migrations/versions/002.yaml:4:47: expected a name for 'name' in column, found a blank string
      - add_column: {table: t_001, column: {name: "   ", type: text}}
                                                  ^
    write the table's, column's or constraint's name
  [2]
  $ bad 'add_column: {table: t_001, column: {name: a.b, type: text}}'
  error: migrations/versions/002.yaml:4:47: invalid name 'a.b' for 'name' in column: a '.' would make it a qualified name, and this name cannot be qualified
      - add_column: {table: t_001, column: {name: a.b, type: text}}
                                                  ^
    choose a name without '.' (only tables, enum types and indexes take a schema: "schema.name")
  [2]

Alembic's `server_default: 'active'` is the bare word active in SQL: refused, with the fix.

  $ bad "add_column: {table: t_001, column: {name: status, type: text, server_default: 'active'}}"
  error: migrations/versions/002.yaml:4:83: server_default 'active' is SQL, and a bare word is neither a value nor an expression (PostgreSQL would read it as a column name)
      - add_column: {table: t_001, column: {name: status, type: text, server_default: 'active'}}
                                                                                      ^
    for the text 'active' write server_default: "'active'" (SQL quotes inside YAML quotes)
  [2]

SQL fragments cannot end the statement they are put in.

  $ bad 'create_index: {name: ix, table: t_001, columns: [id], where: "id > 0; DROP TABLE t_001"}'
  error: migrations/versions/002.yaml:4:66: ';' in 'where' in create_index: this is an SQL fragment spliced into a statement, and ';' would end it
      - create_index: {name: ix, table: t_001, columns: [id], where: "id > 0; DROP TABLE t_001"}
                                                                     ^
    remove the ';' (run separate statements with an `execute` op)
  [2]
  $ db_state
  tables: alembic_version retort_history t_001
  versions: 001
  history rows: 1

The docs' old index example (`expression: "ts DESC"`) points at `order:`; the order, NULLs
placement and operator class are written as keys and render on both dialects.

  $ bad 'create_index: {name: ix, table: t_001, columns: [{expression: "id DESC"}]}'
  error: migrations/versions/002.yaml:4:67: the index expression 'id DESC' ends in 'DESC', which is the column's sort order, not part of the expression
      - create_index: {name: ix, table: t_001, columns: [{expression: "id DESC"}]}
                                                                      ^
    write {expression: "id", order: desc} (and nulls: first|last); for a plain column {name: COLUMN, order: desc}
  [2]
  $ cat > migrations/versions/002.yaml <<'YAML'
  > revision: "002"
  > down_revision: "001"
  > message: events
  > upgrade:
  >   - create_table:
  >       table: events
  >       columns:
  >         - {name: id, type: integer, primary_key: true}
  >         - {name: email, type: text}
  >         - {name: ts, type: datetime}
  >       indexes:
  >         - {name: ix_events_ts, columns: [{name: ts, order: desc}]}
  >         - {name: ix_events_email, columns: [{expression: "lower(email)", order: desc}, id]}
  > downgrade:
  >   - drop_table: {table: events}
  > YAML
  $ retort upgrade head --sql 2>&1 | grep INDEX
  CREATE INDEX (ix_events_ts|"ix_events_ts") ON (events|"events") \(("ts"|ts) DESC\); (re)
  CREATE INDEX (ix_events_email|"ix_events_email") ON (events|"events") \(\(?lower\(email\)\)? DESC, "id"\); (re)
  $ retort upgrade head -q
  $ mkdir -p models && cat > models/schema.yaml <<'YAML'
  > tables:
  >   - table: t_001
  >     columns: [{name: id, type: integer, primary_key: true}]
  >   - table: events
  >     columns:
  >       - {name: id, type: integer, primary_key: true}
  >       - {name: email, type: text}
  >       - {name: ts, type: datetime}
  >     indexes:
  >       - {name: ix_events_ts, columns: [{name: ts, order: desc}]}
  >       - {name: ix_events_email, columns: [{expression: "lower(email)", order: desc}, id]}
  > YAML
  $ retort check
  OK: the model \(models\) matches the database \(.+\) (re)

Reflection reads the order back: an ascending model index is a difference.

  $ sed -i 's/{name: ts, order: desc}/ts/' models/schema.yaml
  $ retort check 2>&1 | grep -i ix_events_ts
  .*index ix_events_ts on events: \(ts DESC\) -> \(ts\).* (re)
  [1]
  $ sed -i 's/\[ts\]/[{name: ts, order: desc}]/' models/schema.yaml
  $ retort check
  OK: the model \(models\) matches the database \(.+\) (re)

A guard written for one dialect: on the other the op is skipped (and says so), never run
unguarded.

  $ cat > migrations/versions/003.yaml <<'YAML'
  > revision: "003"
  > down_revision: "002"
  > message: guarded
  > upgrade:
  >   - execute:
  >       sql: "INSERT INTO events (id, email) VALUES (1, 'guarded')"
  >       only_if: {postgresql: "SELECT 1 WHERE current_setting('server_version_num')::int > 0"}
  > downgrade:
  >   - execute: "DELETE FROM events"
  > YAML
  $ cat > expect.postgresql <<'EOF'
  > Running upgrade 002 -> 003, guarded
  > EOF
  $ cat > expect.sqlite <<'EOF'
  > Running upgrade 002 -> 003, guarded
  >   skipped execute at migrations/versions/003.yaml:5:5 in 003: its only_if guard has no sqlite form
  > EOF
  $ retort upgrade head -v 2>&1 | grep -E "skipped|Running" | diff expect.$RETORT_TEST_DIALECT -
  $ cat > expect.postgresql <<'EOF'
  > 1
  > EOF
  $ cat > expect.sqlite <<'EOF'
  > 0
  > EOF
  $ sql "SELECT count(*) FROM events" | diff expect.$RETORT_TEST_DIALECT -
  $ retort upgrade 002:003 --sql 2>&1 | grep -E "skipped|INSERT"
  (-- skipped on sqlite: execute \(its only_if guard has no sqlite form\)|    EXECUTE \$retort_sql\$INSERT INTO events \(id, email\) VALUES \(1, 'guarded'\)\$retort_sql\$;) (re)

An error in SQLite's table rebuild names the user's table, not the scratch table retort
builds (`_retort_new_events`).

  $ sql "INSERT INTO events (id, email) VALUES (2, NULL)"
  $ cat > migrations/versions/004.yaml <<'YAML'
  > revision: "004"
  > down_revision: "003"
  > upgrade:
  >   - alter_column: {table: events, column: email, nullable: false}
  > downgrade:
  >   - alter_column: {table: events, column: email, nullable: true}
  > YAML
  $ cat > expect.postgresql <<'EOF'
  > column "email" of relation "events" contains null values
  > EOF
  $ cat > expect.sqlite <<'EOF'
  > NOT NULL constraint failed: events.email
  > EOF
  $ retort upgrade head 2>&1 | grep -oE '(NOT NULL constraint failed: [a-z_.]+|column "email" of relation "[a-z_]+" contains null values)' | diff expect.$RETORT_TEST_DIALECT -
  [1]
  $ retort current
  003
