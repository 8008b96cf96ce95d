retort init writes a starting project: retort.toml, migrations/versions/ and models/.

  $ . "$TESTDIR/lib.sh"

  $ retort init
  Created retort.toml
  Created migrations/versions/
  Created models/
  $ find . | sort
  .
  ./migrations
  ./migrations/versions
  ./models
  ./retort.toml
  $ cat retort.toml
  # retort configuration (every key is described in retort's docs/configuration.md)
  [database]
  # precedence: --url > RETORT_DATABASE_URL > DATABASE_URL > this file
  url = "sqlite:///app.db"
  
  [migrations]
  directory = "migrations/versions"
  version_table = "alembic_version"
  history_table = "retort_history"
  revision_ids = "sequential"        # or "hex"
  file_template = "{rev}_{slug}"
  transaction = "per-revision"       # or "all": each upgrade/downgrade in one transaction
  
  [models]
  path = "models"
  
  [postgresql]
  lock_timeout = "10s"
  statement_timeout = ""

The written configuration works as is: the project has no revisions yet.

  $ retort heads
  $ retort history
  $ retort current
  $ retort upgrade head --dry-run
  Nothing to do: the database is already at head (base)

Reading commands created no database file.

  $ ls
  migrations
  models
  retort.toml

It refuses to overwrite an existing configuration (exit 2, nothing changed).

  $ echo "# mine" >> retort.toml
  $ retort init
  error: retort.toml already exists; refusing to overwrite it
  [2]
  $ tail -n 1 retort.toml
  # mine

Into another directory (created when missing), and with --json.

  $ retort init deploy/db
  Created deploy/db/retort.toml
  Created deploy/db/migrations/versions/
  Created deploy/db/models/
  $ retort --json init other
  {
    "config": "other/retort.toml",
    "migrations": "other/migrations/versions",
    "models": "other/models"
  }
  $ ls deploy/db other
  deploy/db:
  migrations
  models
  retort.toml
  
  other:
  migrations
  models
  retort.toml
  $ cd deploy && retort -c db/retort.toml revision -m "first"
  Generating db/migrations/versions/001_first.yaml ...  done
  $ cd ..
  $ RETORT_CONFIG=deploy/db/retort.toml retort heads
  001 (head)
