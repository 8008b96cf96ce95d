check compares the model (models/*.yaml) with the database: exit 0 when they match, exit 1
with one line per difference, also when the database is not at the head or the graph has
several heads; exit 2 without a model. `check --scratch` compares the model with a fresh
database built from the migrations (in memory on SQLite, a temporary database on the
PostgreSQL server that is dropped afterwards). Same transcript on SQLite and PostgreSQL.

  $ . "$TESTDIR/lib.sh"
  $ fresh_db
  $ scratch_left() {
  >   local n
  >   if [ "$RETORT_TEST_DIALECT" = postgresql ]; then
  >     n=$(psql -qAt "$RETORT_TEST_PG_URL" -c "SELECT count(*) FROM pg_database WHERE datname LIKE 'retort\_scratch\_%'")
  >   else
  >     n=$(ls -A | grep -c scratch)
  >   fi
  >   echo "scratch databases left: $n"
  > }

A project with two revisions (users, then posts referencing users) and the model they build.

  $ retort init -q
  $ cat > migrations/versions/001_users.yaml <<'YAML'
  > revision: "001"
  > down_revision: null
  > message: create users
  > upgrade:
  >   - create_table:
  >       table: users
  >       columns:
  >         - {name: id, type: integer, primary_key: true}
  >         - {name: email, type: string(100), nullable: false}
  >         - {name: status, type: string(20), nullable: false, server_default: "'active'"}
  >       unique: [{name: uq_users_email, columns: [email]}]
  > downgrade:
  >   - drop_table: {table: users}
  > YAML
  $ cat > migrations/versions/002_posts.yaml <<'YAML'
  > revision: "002"
  > down_revision: "001"
  > message: create posts
  > upgrade:
  >   - create_table:
  >       table: posts
  >       columns:
  >         - {name: id, type: integer, primary_key: true}
  >         - {name: user_id, type: integer, nullable: false}
  >         - {name: title, type: text}
  >       foreign_keys:
  >         - {name: fk_posts_user, columns: [user_id], references: {table: users, columns: [id]}, on_delete: CASCADE}
  >       indexes: [{name: ix_posts_user, columns: [user_id]}]
  > downgrade:
  >   - drop_table: {table: posts}
  > YAML
  $ cat > models/schema.yaml <<'YAML'
  > tables:
  >   - table: users
  >     columns:
  >       - {name: id, type: integer, primary_key: true}
  >       - {name: email, type: string(100), nullable: false}
  >       - {name: status, type: string(20), nullable: false, server_default: "'active'"}
  >     unique: [{name: uq_users_email, columns: [email]}]
  >   - table: posts
  >     columns:
  >       - {name: id, type: integer, primary_key: true}
  >       - {name: user_id, type: integer, nullable: false}
  >       - {name: title, type: text}
  >     foreign_keys:
  >       - {name: fk_posts_user, columns: [user_id], references: {table: users, columns: [id]}, on_delete: CASCADE}
  >     indexes: [{name: ix_posts_user, columns: [user_id]}]
  > YAML

An empty database is not at the head and lacks both tables. check only reads: it creates no
file and no table.

  $ retort check
  Differences between the model \(models\) and the database \(.+\): (re)
    the database is at base, not at the head revision(s) 002: run `retort upgrade heads` first, or use `check --scratch`
    added table posts
    added table users
  FAILED: 3 difference(s)
  [1]
  $ db_state
  tables: (none)
  versions: (none)
  history rows: 0

At the head, the database matches the model.

  $ retort upgrade head
  Running upgrade  -> 001, create users
    done in \d+ ms (re)
  Running upgrade 001 -> 002, create posts
    done in \d+ ms (re)
  $ retort check
  OK: the model \(models\) matches the database \(.+\) (re)
  $ retort check --json
  {
    "findings": [],
    "ok": true
  }
  $ retort -q check

One revision behind: the version is reported, and the schema differences with it.

  $ retort downgrade -1
  Running downgrade 002 -> 001, create posts
    done in \d+ ms (re)
  $ retort check
  Differences between the model \(models\) and the database \(.+\): (re)
    the database is at 001, not at the head revision(s) 002: run `retort upgrade heads` first, or use `check --scratch`
    added table posts
  FAILED: 2 difference(s)
  [1]
  $ retort upgrade head -q

The model moves on: a new column, a wider type, a dropped default, a new index, a dropped
column. Each is one line; --json gives each a stable code and the model line it points at (for
a removed column, its table's line).

  $ cat > models/schema.yaml <<'YAML'
  > tables:
  >   - table: users
  >     columns:
  >       - {name: id, type: integer, primary_key: true}
  >       - {name: email, type: string(200), nullable: false}
  >       - {name: status, type: string(20), nullable: false}
  >       - {name: last_login, type: datetime}
  >     unique: [{name: uq_users_email, columns: [email]}]
  >     indexes: [{name: ix_users_status, columns: [status]}]
  >   - table: posts
  >     columns:
  >       - {name: id, type: integer, primary_key: true}
  >       - {name: user_id, type: integer, nullable: false}
  >     foreign_keys:
  >       - {name: fk_posts_user, columns: [user_id], references: {table: users, columns: [id]}, on_delete: CASCADE}
  >     indexes: [{name: ix_posts_user, columns: [user_id]}]
  > YAML
  $ retort check
  Differences between the model \(models\) and the database \(.+\): (re)
    removed column posts.title
    column users.email: type string(100) -> string(200)
    column users.status: server_default 'active' -> none
    added column users.last_login (datetime)
    added index ix_users_status on users (status)
  FAILED: 5 difference(s)
  [1]
  $ retort check --json
  {
    "findings": [
      {
        "code": "remove_column",
        "file": "models/schema.yaml",
        "line": 10,
        "message": "removed column posts.title"
      },
      {
        "code": "modify_type",
        "file": "models/schema.yaml",
        "line": 5,
        "message": "column users.email: type string(100) -> string(200)"
      },
      {
        "code": "modify_default",
        "file": "models/schema.yaml",
        "line": 6,
        "message": "column users.status: server_default 'active' -> none"
      },
      {
        "code": "add_column",
        "file": "models/schema.yaml",
        "line": 7,
        "message": "added column users.last_login (datetime)"
      },
      {
        "code": "add_index",
        "file": "models/schema.yaml",
        "line": 9,
        "message": "added index ix_users_status on users (status)"
      }
    ],
    "ok": false
  }
  [1]
  $ retort -q check
  [1]

The scratch database is built from the migrations, so it shows the same differences; the
database under test is not touched, and no scratch database is left behind.

  $ retort check --scratch
  Differences between the model \(models\) and a scratch database built from the migrations \((sqlite:///:memory:|postgresql://retort@127\.0\.0\.1:\d+/retort_scratch_\d+_\d+)\): (re)
    removed column posts.title
    column users.email: type string(100) -> string(200)
    column users.status: server_default 'active' -> none
    added column users.last_login (datetime)
    added index ix_users_status on users (status)
  FAILED: 5 difference(s)
  [1]
  $ scratch_left
  scratch databases left: 0

A revision that makes the change brings both back to the model.

  $ cat > migrations/versions/003_users.yaml <<'YAML'
  > revision: "003"
  > down_revision: "002"
  > message: users for the new model
  > upgrade:
  >   - drop_column: {table: posts, column: title}
  >   - alter_column: {table: users, column: email, type: string(200)}
  >   - alter_column: {table: users, column: status, server_default: null}
  >   - add_column: {table: users, column: {name: last_login, type: datetime}}
  >   - create_index: {name: ix_users_status, table: users, columns: [status]}
  > downgrade:
  >   - drop_index: {name: ix_users_status, table: users}
  >   - drop_column: {table: users, column: last_login}
  >   - alter_column: {table: users, column: status, server_default: "'active'"}
  >   - alter_column: {table: users, column: email, type: string(100)}
  >   - add_column: {table: posts, column: {name: title, type: text}}
  > YAML
  $ retort check --scratch
  OK: the model \(models\) matches a scratch database built from the migrations \((sqlite:///:memory:|postgresql://retort@127\.0\.0\.1:\d+/retort_scratch_\d+_\d+)\) (re)
  $ scratch_left
  scratch databases left: 0
  $ retort check --scratch --json
  {
    "findings": [],
    "ok": true
  }
  $ retort upgrade head -q
  $ retort check
  OK: the model \(models\) matches the database \(.+\) (re)

A scratch build whose migration fails reports the failure and still drops its database.

  $ cat > migrations/versions/004_broken.yaml <<'YAML'
  > revision: "004"
  > down_revision: "003"
  > message: broken
  > upgrade:
  >   - execute: "INSERT INTO no_such_table VALUES (1)"
  > downgrade: []
  > YAML
  $ retort check --scratch 2>&1 | grep -c 'error: revision 004'
  1
  [1]
  $ scratch_left
  scratch databases left: 0
  $ rm migrations/versions/004_broken.yaml

Several heads: deploying `upgrade head` would fail, so check says so, with the merge that
fixes it, even though the schema matches.

  $ cat > migrations/versions/010_side.yaml <<'YAML'
  > revision: "010"
  > down_revision: "001"
  > message: a side branch
  > upgrade: []
  > downgrade: []
  > YAML
  $ retort upgrade heads -q
  $ retort check
  Differences between the model \(models\) and the database \(.+\): (re)
    the revision graph has 2 heads (003, 010): deployments of `upgrade head` will fail; join them with `retort merge -m MESSAGE heads`
  FAILED: 1 difference(s)
  [1]
  $ retort check --json | grep -E '"(code|file|line|ok)"'
        "code": "multiple_heads",
        "file": "",
        "line": 0,
    "ok": false
  [1]
  $ retort merge -q -m "join the side branch" heads
  $ retort upgrade head -q
  $ retort check
  OK: the model \(models\) matches the database \(.+\) (re)

A ghost revision in the database (no file has it) is reported with the stamp that recovers,
and nothing is compared: the files do not describe that database. Exit 1.

  $ sql "INSERT INTO alembic_version (version_num) VALUES ('0bad')"
  $ retort check
  the database is at revision '0bad', which no migration file contains (a ghost revision: deleted, renamed, or these files are older than the database)
    to recover, record the revision(s) whose schema the database really has:
      retort stamp --purge 011    (keeps the rows the files know; the ghost's changes stay in the database)
    or restore the missing migration file(s) from version control
  [1]
  $ retort check --json 2>/dev/null
  {
    "findings": [
      {
        "code": "ghost_revision",
        "file": "",
        "line": 0,
        "message": "revision 0bad is applied to the database but no migration file has it"
      }
    ],
    "ok": false
  }
  [1]
  $ sql "DELETE FROM alembic_version WHERE version_num = '0bad'"

Without a model there is nothing to compare: exit 2; with --json the error is the one object
on stdout.

  $ mv models elsewhere
  $ retort check
  error: no model at 'models': write the desired schema in models/*.yaml (see docs/models.md), or set [models] path in retort.toml
  [2]
  $ retort check --json 2>/dev/null
  {
    "error": {
      "exit_code": 2,
      "kind": "input",
      "message": "no model at 'models': write the desired schema in models/*.yaml (see docs/models.md), or set [models] path in retort.toml"
    },
    "ok": false
  }
  [2]

The model path may be a single file, set in retort.toml.

  $ sed -i 's|^path = "models"|path = "elsewhere/schema.yaml"|' retort.toml
  $ retort check
  OK: the model \(elsewhere/schema.yaml\) matches the database \(.+\) (re)
