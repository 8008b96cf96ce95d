lint reports risky ops with a safer recipe (exit 1), needs no database, and respects
lint_allow on an op and --ignore on the command line.

  $ . "$TESTDIR/lib.sh"
  $ retort init -q
  $ rev 001 ""
  $ rev 002 001

Creating tables is not risky.

  $ retort lint
  OK: 2 revision(s), no findings
  $ retort lint --json
  {
    "findings": [],
    "ok": true,
    "revisions": 2
  }

  $ cat > migrations/versions/003.yaml <<'YAML'
  > revision: "003"
  > down_revision: "002"
  > message: drop a column
  > upgrade:
  >   - drop_column: {table: t_001, column: id}
  > downgrade: []
  > YAML
  $ retort lint
  migrations/versions/003.yaml:5:5: R102 drops column t_001.id and its data
      safer: stop reading and writing the column in the application first, deploy, then drop it in a later revision
      after review, allow it with: lint_allow: [R102] on the op
  migrations/versions/003.yaml:1:1: R111 revision 003 changes the schema but its downgrade is [] (nothing to undo)
      safer: write the inverse ops in downgrade, or say why not with `- irreversible: "reason"`
      after review, allow it with: make the downgrade `- irreversible: "reason"` and put lint_allow: [R113] on that op
  2 finding(s) in 3 revision(s)
  [1]
  $ retort lint 002
  OK: 1 revision(s), no findings
  $ retort lint 003 --ignore R111
  migrations/versions/003.yaml:5:5: R102 drops column t_001.id and its data
      safer: stop reading and writing the column in the application first, deploy, then drop it in a later revision
      after review, allow it with: lint_allow: [R102] on the op
  1 finding(s) in 1 revision(s)
  [1]
  $ retort lint --json | grep -E '"(allow|code|line|ok|revisions)"'
        "allow": "lint_allow: [R102] on the op",
        "code": "R102",
        "line": 5,
        "allow": "make the downgrade `- irreversible: \"reason\"` and put lint_allow: [R113] on that op",
        "code": "R111",
        "line": 1,
    "ok": false,
    "revisions": 3
  [1]

Allowed after review: the finding is no longer reported.

  $ sed -i 's/  - drop_column: {table: t_001, column: id}/  - drop_column: {table: t_001, column: id, lint_allow: [R102]}/' migrations/versions/003.yaml
  $ retort lint --ignore R111
  OK: 3 revision(s), no findings
  $ retort lint nope
  error: Can't locate revision identified by 'nope'
  [2]

R111 is about the revision as a whole (no op carries it); its hint works: an irreversible
downgrade says why, and lint_allow: [R113] on that op accepts it (docs/lint.md).

  $ sed -i 's/^downgrade: \[\]$/downgrade:\n  - irreversible: {reason: t_001.id is gone, lint_allow: [R113]}/' migrations/versions/003.yaml
  $ retort lint
  OK: 3 revision(s), no findings

The SQL of an execute is read with PostgreSQL's parser: its DDL goes through the same rules
as typed ops, and the finding says which statement.

  $ cat > migrations/versions/004.yaml <<'YAML'
  > revision: "004"
  > down_revision: "003"
  > message: raw SQL
  > upgrade:
  >   - execute:
  >       dialect: postgresql
  >       sql: |
  >         UPDATE t_001 SET id = id WHERE id > 0;
  >         CREATE INDEX ix_t_001_id ON t_001 (id);
  >         ALTER TABLE t_001 ADD CONSTRAINT ck_t_001 CHECK (id > 0)
  > downgrade:
  >   - execute: {sql: "ALTER TABLE t_001 DROP CONSTRAINT ck_t_001; DROP INDEX ix_t_001_id", dialect: postgresql}
  > YAML
  $ retort lint 004
  migrations/versions/004.yaml:5:5: R108 creates index ix_t_001_id on existing table t_001 without concurrently: PostgreSQL blocks writes to the table while it builds (the statement at line 2 of the execute's SQL)
      safer: use concurrently: true in a revision with transactional: false
      after review, allow it with: lint_allow: [R108] on the op
  migrations/versions/004.yaml:5:5: R120 adds check constraint ck_t_001 on existing table t_001 without not_valid: PostgreSQL scans the table under an exclusive lock (the statement at line 3 of the execute's SQL)
      safer: add it with not_valid: true (new rows are checked at once), then validate_constraint in a later revision: VALIDATE scans without blocking writes
      after review, allow it with: lint_allow: [R120] on the op
  2 finding(s) in 1 revision(s)
  [1]
  $ retort lint 004 --format gcc
  migrations/versions/004.yaml:5:5: warning: R108 creates index ix_t_001_id on existing table t_001 without concurrently: PostgreSQL blocks writes to the table while it builds (the statement at line 2 of the execute's SQL)
  migrations/versions/004.yaml:5:5: note: safer: use concurrently: true in a revision with transactional: false
  migrations/versions/004.yaml:5:5: note: after review, allow it with: lint_allow: [R108] on the op
  migrations/versions/004.yaml:5:5: warning: R120 adds check constraint ck_t_001 on existing table t_001 without not_valid: PostgreSQL scans the table under an exclusive lock (the statement at line 3 of the execute's SQL)
  migrations/versions/004.yaml:5:5: note: safer: add it with not_valid: true (new rows are checked at once), then validate_constraint in a later revision: VALIDATE scans without blocking writes
  migrations/versions/004.yaml:5:5: note: after review, allow it with: lint_allow: [R120] on the op
  [1]
  $ retort lint 004 --format github
  ::warning file=migrations/versions/004.yaml,line=5,col=5,title=retort lint R108::creates index ix_t_001_id on existing table t_001 without concurrently: PostgreSQL blocks writes to the table while it builds (the statement at line 2 of the execute's SQL)%0Asafer: use concurrently: true in a revision with transactional: false%0Aafter review, allow it with: lint_allow: [R108] on the op
  ::warning file=migrations/versions/004.yaml,line=5,col=5,title=retort lint R120::adds check constraint ck_t_001 on existing table t_001 without not_valid: PostgreSQL scans the table under an exclusive lock (the statement at line 3 of the execute's SQL)%0Asafer: add it with not_valid: true (new rows are checked at once), then validate_constraint in a later revision: VALIDATE scans without blocking writes%0Aafter review, allow it with: lint_allow: [R120] on the op
  [1]
  $ retort lint 004 --format sarif | python3 "$RETORT_SOURCE_DIR/tests/lint/sarif_shape.py"
  sarif: 2 result(s), 27 rule(s)
  [1]
  $ retort lint 004 --format sarif | grep -E '"(ruleId|startLine|startColumn|uri)"'
                    "uri": "migrations/versions/004.yaml"
                    "startColumn": 5,
                    "startLine": 5
            "ruleId": "R108",
                    "uri": "migrations/versions/004.yaml"
                    "startColumn": 5,
                    "startLine": 5
            "ruleId": "R120",
  [1]
  $ retort lint 004 --format xml
  error: --format: xml not in {text,json,gcc,sarif,github}
  Run retort lint --help for the options.
  [2]
  $ retort lint 004 --ignore R999
  error: unknown lint rule 'R999' (`retort lint --rules` lists them)
  [2]
  $ retort lint 004 --json | grep -E '"(code|column)"'
        "code": "R108",
        "column": 5,
        "code": "R120",
        "column": 5,
  [1]

Opt-in rules are reported only when enabled; `--rules` lists every rule.

  $ cat > migrations/versions/005.yaml <<'YAML'
  > revision: "005"
  > down_revision: "004"
  > message: a table with an integer key
  > upgrade:
  >   - execute: "CREATE TABLE events (id integer PRIMARY KEY, at timestamp)"
  > downgrade:
  >   - execute: "DROP TABLE events"
  > YAML
  $ retort lint 005
  OK: 1 revision(s), no findings
  $ retort lint 005 --enable R127 --enable R128
  migrations/versions/005.yaml:5:5: R127 primary key events.id is an integer: it overflows at 2^31 rows, and widening it later rewrites the table under lock (the statement at line 1 of the execute's SQL)
      safer: use bigint (the change later is a rewrite of the table under lock)
      after review, allow it with: lint_allow: [R127] on the op
  migrations/versions/005.yaml:5:5: R128 column events.at is a timestamp without time zone: its values are not instants (the statement at line 1 of the execute's SQL)
      safer: use datetime(tz) (timestamptz): it stores an instant
      after review, allow it with: lint_allow: [R128] on the op
  2 finding(s) in 1 revision(s)
  [1]
  $ retort lint --rules | sed -n 1,4p
  R101 warning: `drop_table` (data loss)
      safer: stop using the table in the application first, deploy, then drop it in a later revision (keep a backup)
  R102 warning: `drop_column` (data loss)
      safer: stop reading and writing the column in the application first, deploy, then drop it in a later revision
  $ retort lint --rules | grep -c '^R1'
  27
  $ retort lint --rules --json | grep -c '"code"'
  27
