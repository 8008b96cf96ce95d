check --scratch needs no database: with an SQLite URL (the default) it builds the schema from
the migrations in memory and compares it with the model. This is the check that catches a
model the migrations never produced (the Sales Agent's "16 model indexes never existed in
production"). Model files are checked like migration files: errors name file:line:column
(exit 2). The same for a PostgreSQL server that cannot be reached: exit 3, no password shown.

  $ . "$TESTDIR/lib.sh"
  $ retort init -q

No migrations and an empty model directory: both are empty, so they match.

  $ retort check --scratch
  OK: the model (models) matches a scratch database built from the migrations (sqlite:///:memory:)

The migrations create a table; the model has it, and two indexes the migrations never create.

  $ rev 001 ""
  $ cat > models/things.yaml <<'YAML'
  > tables:
  >   - table: t_001
  >     columns:
  >       - {name: id, type: integer, primary_key: true}
  >       - {name: name, type: text}
  >     indexes:
  >       - {name: ix_t_001_name, columns: [name]}
  >       - {name: ix_t_001_lower_name, columns: [{expression: lower(name)}], unique: true}
  > YAML
  $ retort check --scratch
  Differences between the model (models) and a scratch database built from the migrations (sqlite:///:memory:):
    added column t_001.name (text)
    added index ix_t_001_lower_name on t_001 unique (lower(name))
    added index ix_t_001_name on t_001 (name)
  FAILED: 3 difference(s)
  [1]
  $ retort check --scratch --json
  {
    "findings": [
      {
        "code": "add_column",
        "file": "models/things.yaml",
        "line": 5,
        "message": "added column t_001.name (text)"
      },
      {
        "code": "add_index",
        "file": "models/things.yaml",
        "line": 8,
        "message": "added index ix_t_001_lower_name on t_001 unique (lower(name))"
      },
      {
        "code": "add_index",
        "file": "models/things.yaml",
        "line": 7,
        "message": "added index ix_t_001_name on t_001 (name)"
      }
    ],
    "ok": false
  }
  [1]

The revision that makes them real; the model then matches. No database file was created.

  $ cat > migrations/versions/002.yaml <<'YAML'
  > revision: "002"
  > down_revision: "001"
  > message: names
  > upgrade:
  >   - add_column: {table: t_001, column: {name: name, type: text}}
  >   - create_index: {name: ix_t_001_name, table: t_001, columns: [name]}
  >   - create_index: {name: ix_t_001_lower_name, table: t_001, columns: [{expression: lower(name)}], unique: true}
  > downgrade:
  >   - drop_index: {name: ix_t_001_lower_name, table: t_001}
  >   - drop_index: {name: ix_t_001_name, table: t_001}
  >   - drop_column: {table: t_001, column: name}
  > YAML
  $ retort check --scratch
  OK: the model (models) matches a scratch database built from the migrations (sqlite:///:memory:)
  $ ls
  migrations
  models
  retort.toml

A table the migrations create and the model lacks is a difference too; --json points at the
model path (line 0), since the model has no place for it.

  $ rev 003 002
  $ retort check --scratch
  Differences between the model (models) and a scratch database built from the migrations (sqlite:///:memory:):
    removed table t_003
  FAILED: 1 difference(s)
  [1]
  $ retort check --scratch --json | grep -E '"(code|file|line)"'
        "code": "remove_table",
        "file": "models",
        "line": 0,
  [1]
  $ printf '  - table: t_003\n    columns:\n      - {name: id, type: integer, primary_key: true}\n' >> models/things.yaml
  $ retort -q check --scratch

Two heads: the scratch database has both branches, and check fails on the heads alone, with
the merge that fixes them.

  $ rev 010 002 "a branch"
  $ printf '  - table: t_010\n    columns:\n      - {name: id, type: integer, primary_key: true}\n' >> models/things.yaml
  $ retort check --scratch
  Differences between the model (models) and a scratch database built from the migrations (sqlite:///:memory:):
    the revision graph has 2 heads (003, 010): deployments of `upgrade head` will fail; join them with `retort merge -m MESSAGE heads`
  FAILED: 1 difference(s)
  [1]
  $ retort merge -q -m "join" heads
  $ retort check --scratch
  OK: the model (models) matches a scratch database built from the migrations (sqlite:///:memory:)

Model errors are input errors (exit 2), with the place, the line, a caret and a suggestion.

  $ cp models/things.yaml models/again.yaml
  $ retort check --scratch
  error: models/things.yaml:2:5: table 't_001' is defined twice (first at models/again.yaml:2:5)
      - table: t_001
        ^
  [2]
  $ printf 'tables:\n  - table: t_020\n    colums:\n      - {name: id, type: integr}\n' > models/again.yaml
  $ retort check --scratch
  error: models/again.yaml:3:5: unknown key 'colums' in table
        colums:
        ^
    did you mean 'columns'?
  [2]
  $ printf 'tables:\n  - table: t_020\n    columns:\n      - {name: id, type: integr}\n' > models/again.yaml
  $ retort check --scratch
  error: models/again.yaml:4:26: unknown type 'integr'
          - {name: id, type: integr}
                             ^
    did you mean 'integer'?
  [2]
  $ retort check --scratch --json 2>/dev/null | grep -E '"(exit_code|kind|ok)"'
      "exit_code": 2,
      "kind": "input",
    "ok": false
  [2]
  $ rm models/again.yaml

A PostgreSQL server that cannot be reached: exit 3, and the password is masked.

  $ retort --url postgresql://retort:s3cret@127.0.0.1:1/app check --scratch
  error: could not connect to postgresql://retort:\*\*\*@127.0.0.1:1/app: .* (re)
  \tIs the server running on that host and accepting TCP/IP connections? (esc)
  [3]
  $ retort --url postgresql://retort:s3cret@127.0.0.1:1/app test 2>&1 | grep -c s3cret
  0
  [1]

On PostgreSQL the scratch database is created on the server: a user without CREATEDB gets the
server's refusal and the reason (exit 1), and nothing is left behind.

  $ role=retort_nocreate_$$
  $ psql -qAt "$RETORT_TEST_PG_URL" -c "CREATE ROLE $role LOGIN"
  $ url=$(echo "$RETORT_TEST_PG_URL" | sed "s|//[^@]*@|//$role@|")
  $ retort --url "$url" check --scratch
  error: permission denied to create database (SQLSTATE 42501)
    SQL: CREATE DATABASE "retort_scratch_\d+_\d+" (re)
    check --scratch and test build a temporary database on the server: its user needs the CREATEDB privilege
  [1]
  $ retort --url "$url" test 2>&1 | tail -1
    check --scratch and test build a temporary database on the server: its user needs the CREATEDB privilege
  [1]
  $ psql -qAt "$RETORT_TEST_PG_URL" -c "DROP ROLE $role"
  $ psql -qAt "$RETORT_TEST_PG_URL" -c "SELECT count(*) FROM pg_database WHERE datname LIKE 'retort\_scratch\_%'"
  0
