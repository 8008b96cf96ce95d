An empty model (the empty models/ that `retort init` writes) compared with a database that has
tables is refused by `revision --autogenerate` and `check` (exit 2, nothing written) instead of
meaning "drop every table"; --allow-empty-model says that this is what is meant
(docs/autogenerate.md, "An empty model").

  $ . "$TESTDIR/lib.sh"
  $ fresh_db
  $ retort init -q

An empty model and an empty database agree, with no flag.

  $ retort check
  OK: the model \(models\) matches the database \(.+\) (re)

Once the database has tables:

  $ cat > migrations/versions/001_users.yaml <<'YAML'
  > revision: "001"
  > down_revision: null
  > message: users and posts
  > upgrade:
  >   - create_table: {table: users, columns: [{name: id, type: integer, primary_key: true}]}
  >   - create_table: {table: posts, columns: [{name: id, type: integer, primary_key: true}]}
  > downgrade:
  >   - drop_table: {table: posts}
  >   - drop_table: {table: users}
  > YAML
  $ retort upgrade head -q
  $ retort revision --autogenerate -m "oops"
  error: the model (models) declares no tables, but the database has 2 (posts, users): autogenerate would take an empty model to mean "drop every table". Write the desired schema in the model (`retort sql-schema > models/schema.yaml` starts it from the database; see docs/autogenerate.md), or pass --allow-empty-model if dropping every table is what you want
  [2]
  $ ls migrations/versions
  001_users.yaml
  $ retort check
  error: the model (models) declares no tables, but the database has 2 (posts, users): check would take an empty model to mean "drop every table". Write the desired schema in the model (`retort sql-schema > models/schema.yaml` starts it from the database; see docs/autogenerate.md), or pass --allow-empty-model if dropping every table is what you want
  [2]
  $ retort check --scratch 2>&1 | grep -c "declares no tables"
  1
  [2]
  $ retort --json check 2>/dev/null | grep '"exit_code"'
      "exit_code": 2,
  [2]

A model file with only comments in it is just as empty.

  $ echo "# the schema, one day" > models/schema.yaml
  $ retort revision --autogenerate -m "oops" 2>&1 | cut -c1-60
  error: the model (models) declares no tables, but the databa
  [2]

With the flag, the comparison is made: check lists the tables as removed, and autogenerate
writes the drop.

  $ retort check --allow-empty-model
  Differences between the model \(models\) and the database \(.+\): (re)
    removed table posts
    removed table users
  FAILED: 2 difference(s)
  [1]
  $ retort revision --autogenerate -m "drop everything" --allow-empty-model
  Generating migrations/versions/002_drop_everything.yaml ...  done
  $ grep -A2 "^upgrade:" migrations/versions/002_drop_everything.yaml | sort
    - drop_table: {table: posts}
    - drop_table: {table: users}
  upgrade:

