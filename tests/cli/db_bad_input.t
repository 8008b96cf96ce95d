Bad input changes nothing: each error exits 2 with its message, and the database is checked
unchanged afterwards. Same output on SQLite and PostgreSQL.

  $ . "$TESTDIR/lib.sh"
  $ retort init -q
  $ rev 001 ""
  $ rev abcd01 001 "create reports"
  $ rev abcd02 001 "create exports"
  $ fresh_db
  $ retort upgrade abcd01 -q
  $ db_state
  tables: alembic_version retort_history t_001 t_abcd01
  versions: abcd01
  history rows: 2

An unknown target, with the nearest ids when there are some.

  $ retort upgrade nope
  error: Can't locate revision identified by 'nope'
  [2]
  $ retort upgrade abcd03
  error: Can't locate revision identified by 'abcd03' (did you mean 'abcd01', 'abcd02'?)
  [2]
  $ retort downgrade nope
  error: Can't locate revision identified by 'nope'
  [2]
  $ retort stamp nope
  error: Can't locate revision identified by 'nope'
  [2]
  $ retort upgrade abc
  error: Can't locate revision identified by 'abc'; please ensure at least four characters are present for partial revision identifier matches
  [2]
  $ db_state
  tables: alembic_version retort_history t_001 t_abcd01
  versions: abcd01
  history rows: 2

An ambiguous prefix (4 characters or more) lists the candidates.

  $ retort upgrade abcd
  error: Multiple revisions start with 'abcd': 'abcd01', 'abcd02'
  [2]
  $ retort downgrade abcd --dry-run
  error: Multiple revisions start with 'abcd': 'abcd01', 'abcd02'
  [2]
  $ retort show abcd
  error: Multiple revisions start with 'abcd': 'abcd01', 'abcd02'
  [2]
  $ db_state
  tables: alembic_version retort_history t_001 t_abcd01
  versions: abcd01
  history rows: 2

`head` with several heads: Alembic's message, the heads, and what to use instead.

  $ retort upgrade head
  error: Multiple head revisions are present for given argument 'head'; please specify a specific target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads (heads: abcd01, abcd02)
  [2]
  $ retort upgrade head --dry-run --json
  error: Multiple head revisions are present for given argument 'head'; please specify a specific target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads (heads: abcd01, abcd02)
  {
    "error": {
      "exit_code": 2,
      "kind": "revision",
      "message": "Multiple head revisions are present for given argument 'head'; please specify a specific target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads (heads: abcd01, abcd02)"
    },
    "ok": false
  }
  [2]
  $ db_state
  tables: alembic_version retort_history t_001 t_abcd01
  versions: abcd01
  history rows: 2

A malformed migration file stops every command that reads it: a misspelt op (with "did you
mean"), a misspelt key, a YAML syntax error, a missing parent, a duplicate id. The graph
commands (current, history, heads, show, stamp) read only each file's header, so a bad op
stops upgrade, downgrade, lint, check and test but not them; lint names it too.

  $ cat > migrations/versions/002.yaml <<'YAML'
  > revision: "002"
  > down_revision: abcd01
  > message: add owner
  > upgrade:
  >   - add_colum:
  >       table: t_abcd01
  >       column: {name: owner, type: string(50)}
  > downgrade:
  >   - drop_column: {table: t_abcd01, column: owner}
  > YAML
  $ retort upgrade heads
  error: migrations/versions/002.yaml:5:5: unknown op 'add_colum'
      - add_colum:
        ^
    did you mean 'add_column'?
  [2]
  $ retort lint
  error: migrations/versions/002.yaml:5:5: unknown op 'add_colum'
      - add_colum:
        ^
    did you mean 'add_column'?
  [2]
  $ retort current
  abcd01
  $ retort history
  abcd01 -> 002 (head), add owner
  001 -> abcd01, create reports
  001 -> abcd02 (head), create exports
  <base> -> 001 (branchpoint), create t_001

  $ sed -i 's/add_colum:/add_column:/; s/^message:/mesage:/' migrations/versions/002.yaml
  $ retort upgrade heads
  error: migrations/versions/002.yaml:3:1: unknown key 'mesage' in revision
    mesage: add owner
    ^
    did you mean 'message'?
  [2]

  $ sed -i 's/^mesage: add owner/message: [add owner/' migrations/versions/002.yaml
  $ retort upgrade heads
  error: migrations/versions/002.yaml:4:8: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence at line 3, column 10)
    upgrade:
           ^
  [2]

  $ sed -i 's/^message: .*/message: add owner/; s/^down_revision: .*/down_revision: abcd1/' migrations/versions/002.yaml
  $ retort upgrade heads
  error: migrations/versions/002.yaml:2:16: down_revision 'abcd1' of revision 002 names no revision (did you mean 'abcd01'?)
  [2]

  $ sed -i 's/^down_revision: .*/down_revision: abcd01/; s/^revision: .*/revision: abcd02/' migrations/versions/002.yaml
  $ retort upgrade heads
  error: migrations/versions/abcd02.yaml:1:1: revision id 'abcd02' is already defined in migrations/versions/002.yaml:1:1
  [2]
  $ rm migrations/versions/002.yaml
  $ db_state
  tables: alembic_version retort_history t_001 t_abcd01
  versions: abcd01
  history rows: 2

An unknown key in retort.toml, with the nearest valid one (before any database work).

  $ cp retort.toml retort.toml.orig
  $ sed -i 's/^version_table/verison_table/' retort.toml
  $ retort upgrade heads
  error: retort.toml:8:1: unknown key 'verison_table' in [migrations]
    verison_table = "alembic_version"
    ^
    did you mean 'version_table'?
  [2]
  $ retort current
  error: retort.toml:8:1: unknown key 'verison_table' in [migrations]
    verison_table = "alembic_version"
    ^
    did you mean 'version_table'?
  [2]
  $ mv retort.toml.orig retort.toml
  $ db_state
  tables: alembic_version retort_history t_001 t_abcd01
  versions: abcd01
  history rows: 2

A ghost revision in the database: upgrade, downgrade and stamp refuse, naming the stamp that
recovers.

  $ sql "INSERT INTO alembic_version (version_num) VALUES ('f00d')"
  $ retort upgrade heads
  error: the database is at revision 'f00d', which no migration file contains (a ghost revision: deleted, renamed, or these files are older than the database)
    to recover, record the revision(s) whose schema the database really has:
      retort stamp --purge abcd01    (keeps the rows the files know; the ghost's changes stay in the database)
      retort stamp --purge abcd01 abcd02    (if the database already matches the newest files)
    or restore the missing migration file(s) from version control
  [2]
  $ retort downgrade base
  error: the database is at revision 'f00d', which no migration file contains (a ghost revision: deleted, renamed, or these files are older than the database)
    to recover, record the revision(s) whose schema the database really has:
      retort stamp --purge abcd01    (keeps the rows the files know; the ghost's changes stay in the database)
      retort stamp --purge abcd01 abcd02    (if the database already matches the newest files)
    or restore the missing migration file(s) from version control
  [2]
  $ retort stamp abcd02
  error: the database is at revision 'f00d', which no migration file contains (a ghost revision: deleted, renamed, or these files are older than the database)
    to recover, record the revision(s) whose schema the database really has:
      retort stamp --purge abcd01    (keeps the rows the files know; the ghost's changes stay in the database)
      retort stamp --purge abcd01 abcd02    (if the database already matches the newest files)
    or restore the missing migration file(s) from version control
  [2]
  $ db_state
  tables: alembic_version retort_history t_001 t_abcd01
  versions: abcd01 f00d
  history rows: 2

An op the database cannot run (a sequence on SQLite) is found before the first revision runs,
however late in the plan it comes: nothing is applied, and no empty database file is left.

  $ mkdir seq && cd seq && retort init -q
  $ rev 001 ""
  $ cat > migrations/versions/002.yaml <<'YAML'
  > revision: "002"
  > down_revision: "001"
  > upgrade:
  >   - create_sequence: {name: invoice_numbers}
  > downgrade:
  >   - drop_sequence: {name: invoice_numbers}
  > YAML
  $ retort --url "sqlite:///$PWD/new.db" upgrade head
  error: migrations/versions/002.yaml:4:5: create_sequence: SQLite has no sequences; give the op `dialect: postgresql` (docs/migration-files.md, "Views, functions, triggers, sequences, extensions")
    in revision 002 (migrations/versions/002.yaml); nothing was changed
  [2]
  $ ls new.db
  ls: cannot access 'new.db': No such file or directory
  [2]
  $ retort --url "sqlite:///$PWD/new.db" upgrade 001 -q
  $ retort --url "sqlite:///$PWD/new.db" upgrade head
  error: migrations/versions/002.yaml:4:5: create_sequence: SQLite has no sequences; give the op `dialect: postgresql` (docs/migration-files.md, "Views, functions, triggers, sequences, extensions")
    in revision 002 (migrations/versions/002.yaml); nothing was changed
  [2]
  $ sqlite3 new.db "SELECT version_num FROM alembic_version"
  001
