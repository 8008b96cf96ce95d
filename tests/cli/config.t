Configuration: -c FILE, RETORT_CONFIG, the database URL's precedence (--url >
RETORT_DATABASE_URL > DATABASE_URL > the file), relative paths, SKIP_MIGRATIONS, an unreachable
database (exit 3) and a password that is never printed.

  $ . "$TESTDIR/lib.sh"
  $ retort init -q
  $ sed -i 's#^url = .*#url = "sqlite:///file.db"#' retort.toml
  $ rev 001 ""
  $ rev 002 001
  $ rev 003 002
  $ rev 004 003

Four SQLite databases, each stamped at a different revision, show which one a command uses.

  $ retort stamp 001 -q
  $ retort --url sqlite:///env.db stamp 002 -q
  $ retort --url sqlite:///retort_env.db stamp 003 -q
  $ retort --url sqlite:///flag.db stamp 004 -q
  $ ls *.db
  env.db
  file.db
  flag.db
  retort_env.db

  $ retort current
  001
  $ DATABASE_URL=sqlite:///env.db retort current
  002
  $ RETORT_DATABASE_URL=sqlite:///retort_env.db DATABASE_URL=sqlite:///env.db retort current
  003
  $ RETORT_DATABASE_URL=sqlite:///retort_env.db DATABASE_URL=sqlite:///env.db retort current --url sqlite:///flag.db
  004 (head)
  $ RETORT_DATABASE_URL=sqlite:///retort_env.db DATABASE_URL=sqlite:///env.db retort --url sqlite:///flag.db current
  004 (head)

An empty variable counts as unset.

  $ RETORT_DATABASE_URL= DATABASE_URL= retort current
  001

Without a URL anywhere, commands that need the database say so (exit 2).

  $ sed -i 's#^url = .*#\# no url#' retort.toml
  $ retort current
  error: no database URL: pass --url, set RETORT_DATABASE_URL or DATABASE_URL, or set [database] url in retort.toml
  [2]
  $ retort upgrade head --sql | head -n 1
  error: no database URL: pass --url, set RETORT_DATABASE_URL or DATABASE_URL, or set [database] url in retort.toml
  [2]
  $ sed -i 's#^\# no url#url = "sqlite:///file.db"#' retort.toml

-c FILE and RETORT_CONFIG: relative paths in the file (migrations, the SQLite file) resolve
against the file's directory; -c wins over RETORT_CONFIG.

  $ mkdir elsewhere && cd elsewhere
  $ retort current
  error: migrations directory 'migrations/versions' does not exist (no retort.toml here: run `retort init`, or pass -c FILE)
  [2]
  $ retort -c ../retort.toml current
  001
  $ retort current -c ../retort.toml
  001
  $ RETORT_CONFIG=../retort.toml retort current
  001
  $ RETORT_CONFIG=../retort.toml retort history -r 003:
  003 -> 004 (head), create t_004
  002 -> 003, create t_003
  $ RETORT_CONFIG=nope.toml retort -c ../retort.toml current
  001
  $ RETORT_CONFIG=nope.toml retort current
  error: config file 'nope.toml' (from RETORT_CONFIG) does not exist
  [2]
  $ retort -c nope.toml current
  error: config file 'nope.toml' (from -c) does not exist
  [2]
  $ ls
  $ cd ..

A URL from the environment or --url is relative to the working directory.

  $ mkdir sub && cd sub && DATABASE_URL=sqlite:///../env.db retort -c ../retort.toml current && cd ..
  002

Bad values in the file and bad URLs are input errors (exit 2) that say where they came from.

  $ cp retort.toml retort.toml.orig
  $ sed -i 's/^revision_ids = .*/revision_ids = "sequental"/' retort.toml
  $ retort heads
  error: retort.toml:10:16: invalid revision_ids 'sequental'
    revision_ids = "sequental"
                   ^
    did you mean 'sequential'?
  [2]
  $ sed -i 's/^revision_ids = .*/revision_ids = 5/' retort.toml
  $ retort heads
  error: retort.toml:10:16: expected a string for migrations.revision_ids, found an integer
    revision_ids = 5
                   ^
  [2]
  $ mv retort.toml.orig retort.toml
  $ DATABASE_URL=postgress://u@h/db retort current
  error: DATABASE_URL: invalid database URL: unsupported scheme 'postgress' (did you mean 'postgresql'?)
  [2]
  $ retort --url mysql://u@h/db current
  error: --url: invalid database URL: unsupported scheme 'mysql' (retort supports sqlite:// and postgresql://)
  [2]

The password is never printed: the URL is shown redacted. An unreachable server exits 3.

  $ retort --url postgresql://app:secret@127.0.0.1:1/appdb current
  error: could not connect to postgresql://app:***@127.0.0.1:1/appdb: connection to server at "127.0.0.1", port 1 failed: Connection refused
  \tIs the server running on that host and accepting TCP/IP connections? (esc)
  [3]
  $ retort upgrade head --url postgresql://app:secret@127.0.0.1:1/appdb
  error: could not connect to postgresql://app:***@127.0.0.1:1/appdb: connection to server at "127.0.0.1", port 1 failed: Connection refused
  \tIs the server running on that host and accepting TCP/IP connections? (esc)
  [3]
  $ DATABASE_URL=postgresql://app:secret@127.0.0.1:1/appdb retort current -v
  error: could not connect to postgresql://app:***@127.0.0.1:1/appdb: connection to server at "127.0.0.1", port 1 failed: Connection refused
  \tIs the server running on that host and accepting TCP/IP connections? (esc)
  [3]
  $ retort --url 'postgresql://app@127.0.0.1:1/appdb?password=secret' verify
  error: could not connect to postgresql://app:***@127.0.0.1:1/appdb: connection to server at "127.0.0.1", port 1 failed: Connection refused
  \tIs the server running on that host and accepting TCP/IP connections? (esc)
  [3]

--wait-for-db retries with backoff (shown with -v), then gives up with exit 3; no attempt
prints the password either.

  $ retort --url postgresql://app:secret@127.0.0.1:1/appdb upgrade head --wait-for-db 0.5 -v > out.txt 2>&1
  [3]
  $ grep -c "^database not reachable yet (attempt [0-9]*): could not connect to postgresql://app:\*\*\*@127.0.0.1:1/appdb" out.txt | awk '{ print ($1 >= 2 ? "retried" : "did not retry") }'
  retried
  $ tail -n 3 out.txt | sed -E 's/after [0-9]+ attempts in [0-9.]+ s/after <n> attempts in <t> s/'
  error: could not connect to postgresql://app:***@127.0.0.1:1/appdb: connection to server at "127.0.0.1", port 1 failed: Connection refused
  \tIs the server running on that host and accepting TCP/IP connections? (esc)
    (gave up after <n> attempts in <t> s)
  $ grep secret out.txt || echo "no secret"
  no secret

An unreachable SQLite file (its directory does not exist) exits 3 too.

  $ retort --url sqlite:///no/such/dir/app.db upgrade head
  error: cannot open SQLite database 'no/such/dir/app.db': unable to open database file
  [3]

SKIP_MIGRATIONS=1, true, yes or on (any case) makes upgrade print that it skipped and exit 0
without connecting: the server here is unreachable. Other values, and other commands, are not
affected (docs/commands.md, "Environment"; the Sales Agent app uses the same rule through
retort::skip_migrations_requested()).

  $ SKIP_MIGRATIONS=true retort --url postgresql://app:secret@127.0.0.1:1/appdb upgrade head
  SKIP_MIGRATIONS is set: skipping migrations
  $ SKIP_MIGRATIONS=1 retort upgrade head --url postgresql://app:secret@127.0.0.1:1/appdb
  SKIP_MIGRATIONS is set: skipping migrations
  $ SKIP_MIGRATIONS=yes retort upgrade head --url postgresql://app:secret@127.0.0.1:1/appdb
  SKIP_MIGRATIONS is set: skipping migrations
  $ SKIP_MIGRATIONS=On retort upgrade head --url postgresql://app:secret@127.0.0.1:1/appdb
  SKIP_MIGRATIONS is set: skipping migrations
  $ SKIP_MIGRATIONS=TRUE retort upgrade head --url postgresql://app:secret@127.0.0.1:1/appdb --json
  {
    "reason": "SKIP_MIGRATIONS is set",
    "skipped": true,
    "steps": []
  }
  $ SKIP_MIGRATIONS=0 retort upgrade head --url postgresql://app:secret@127.0.0.1:1/appdb
  error: could not connect to postgresql://app:***@127.0.0.1:1/appdb: connection to server at "127.0.0.1", port 1 failed: Connection refused
  \tIs the server running on that host and accepting TCP/IP connections? (esc)
  [3]
  $ SKIP_MIGRATIONS=false retort upgrade head --url postgresql://app:secret@127.0.0.1:1/appdb
  error: could not connect to postgresql://app:***@127.0.0.1:1/appdb: connection to server at "127.0.0.1", port 1 failed: Connection refused
  \tIs the server running on that host and accepting TCP/IP connections? (esc)
  [3]
  $ SKIP_MIGRATIONS=1 retort downgrade base --url postgresql://app:secret@127.0.0.1:1/appdb
  error: could not connect to postgresql://app:***@127.0.0.1:1/appdb: connection to server at "127.0.0.1", port 1 failed: Connection refused
  \tIs the server running on that host and accepting TCP/IP connections? (esc)
  [3]
