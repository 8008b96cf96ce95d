`[autogenerate] exclude` in retort.toml (docs/configuration.md): tables matching a glob, or in a
schema named `schema.*`, are left out of check, revision --autogenerate and sql-schema, on the
database's side and the model's. Same transcript on SQLite and PostgreSQL.

  $ . "$TESTDIR/lib.sh"
  $ fresh_db
  $ retort init -q
  $ rev 001 ""
  $ retort upgrade head -q

Tables another application owns, created behind retort's back.

  $ sql "CREATE TABLE celery_taskmeta (id integer PRIMARY KEY, status text)"
  $ sql "CREATE TABLE celery_tasksetmeta (id integer PRIMARY KEY)"
  $ sql "CREATE TABLE spatial_ref_sys (srid integer PRIMARY KEY)"
  $ cat > models/schema.yaml <<'YAML'
  > tables:
  >   - table: t_001
  >     columns:
  >       - {name: id, type: integer, primary_key: true}
  >   - table: audit.events
  >     columns:
  >       - {name: id, type: integer, primary_key: true}
  > YAML

Without exclusions, check reports them (and the model's table in schema audit, which no
migration creates).

  $ retort check
  Differences between the model \(models\) and the database \(.+\): (re)
    added table audit.events
    removed table celery_taskmeta
    removed table celery_tasksetmeta
    removed table spatial_ref_sys
  FAILED: 4 difference(s)
  [1]

With them, the database is what the model says.

  $ cat >> retort.toml <<'TOML'
  > 
  > [autogenerate]
  > exclude = ["celery_*", "spatial_ref_sys", "audit.*"]
  > TOML
  $ retort check
  OK: the model \(models\) matches the database \(.+\) (re)
  $ retort revision --autogenerate -m "nothing"
  No changes in schema detected; no revision written (use --empty to write one anyway)
  $ ls migrations/versions
  001.yaml
  $ retort sql-schema | grep -c "table: "
  1

The version table is still left out, whatever the patterns say.

  $ retort sql-schema | grep -c alembic_version
  0
  [1]

A bad pattern is an error at its place in retort.toml (exit 2).

  $ sed -i 's/"audit.\*"\]/"audit.*", "tmp_[0-9"]/' retort.toml
  $ retort check
  error: retort.toml:*: invalid pattern 'tmp_[0-9' in autogenerate.exclude: an unclosed '[' at character 5 (glob)
    exclude = ["celery_*", "spatial_ref_sys", "audit.*", "tmp_[0-9"]
                                                         ^
    a pattern is a table name or `schema.table`, with * ? and [...] as in the shell
  [2]
  $ sed -i 's/exclude = .*/exclude = "celery_*"/' retort.toml
  $ retort check
  error: retort.toml:*: expected a list of patterns for autogenerate.exclude, found a string (glob)
    exclude = "celery_*"
              ^
    write exclude = ["celery_*", "audit.*"]
  [2]
  $ sed -i 's/exclude = .*/exlude = ["celery_*"]/' retort.toml
  $ retort check
  error: retort.toml:*: unknown key 'exlude' in [autogenerate] (glob)
    exlude = ["celery_*"]
    ^
    did you mean 'exclude'?
  [2]
