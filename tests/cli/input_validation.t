Input that retort must refuse before it creates or changes anything (exit 2, a located message
with a suggestion): configuration, command-line values, files that never end, revision ids.

  $ . "$TESTDIR/lib.sh"
  $ retort init -q
  $ rev 001 ""
  $ rev 002 001

A configuration error quotes the line of retort.toml it is about; a URL's password is masked in
it, in the plain message and in --json's, whatever the error (a bad port, an unclosed string, a
misspelt scheme, text after the value).

  $ cp retort.toml good.toml
  $ sed -i 's#^url = .*#url = "postgresql://u:S3cr3t@127.0.0.1:99999/db"#' retort.toml
  $ retort current
  error: retort.toml:4:7: invalid database URL: invalid port '99999' (a number from 1 to 65535)
    url = "postgresql://u:***@127.0.0.1:99999/db"
          ^
  [2]
  $ retort --json current
  error: retort.toml:4:7: invalid database URL: invalid port '99999' (a number from 1 to 65535)
    url = "postgresql://u:***@127.0.0.1:99999/db"
          ^
  {
    "error": {
      "exit_code": 2,
      "kind": "input",
      "message": "retort.toml:4:7: invalid database URL: invalid port '99999' (a number from 1 to 65535)\n  url = \"postgresql://u:***@127.0.0.1:99999/db\"\n        ^"
    },
    "ok": false
  }
  [2]
  $ sed -i 's#^url = .*#url = "postgresql://u:S3cr3t@127.0.0.1/db#' retort.toml
  $ retort current
  error: retort.toml:4:42: invalid TOML: Error while parsing string: unescaped control characters other than TAB (U+0009) are explicitly prohibited
    url = "postgresql://u:***@127.0.0.1/db
                                          ^
  [2]
  $ sed -i 's#^url = .*#url = "postgressql://u:S3cr3t@127.0.0.1/db"#' retort.toml
  $ retort current
  error: retort.toml:4:7: invalid database URL: unsupported scheme 'postgressql' (did you mean 'postgresql'?)
    url = "postgressql://u:***@127.0.0.1/db"
          ^
  [2]
  $ sed -i 's#^url = .*#url = "postgresql://u:S3cr3t@127.0.0.1/db" trailing#' retort.toml
  $ retort current
  error: retort.toml:4:44: invalid TOML: Error while parsing key-value pair: expected a comment or whitespace, saw 't'
    url = "postgresql://u:***@127.0.0.1/db" trailing
                                            ^
  [2]
  $ retort --json current | grep -c S3cr3t
  error: retort.toml:4:44: invalid TOML: Error while parsing key-value pair: expected a comment or whitespace, saw 't'
    url = "postgresql://u:***@127.0.0.1/db" trailing
                                            ^
  0
  [1]
  $ cp good.toml retort.toml

--url "" is an error, never "use the config file's database instead"; so is -c "".

  $ retort --url "" current
  error: --url is empty: give a database URL such as sqlite:///app.db or postgresql://user@host/db, or leave --url out to use the environment or the config file
  [2]
  $ retort -c "" current
  error: -c/--config is empty: give the configuration file's path
  [2]

version_table is a table or schema.table.

  $ sed -i 's#^version_table = .*#version_table = "a.b.c"#' retort.toml
  $ retort current
  error: retort.toml:8:17: invalid version_table 'a.b.c'
    version_table = "a.b.c"
                    ^
    use a table name such as alembic_version, or schema.table
  [2]
  $ cp good.toml retort.toml

Only regular files are read, and none over 32 MiB: a device or a FIFO is refused at once.

  $ retort -c /dev/zero current
  error: cannot read '/dev/zero': it is a character device, not a regular file (retort reads only regular files)
  [2]
  $ mkfifo fifo.toml
  $ retort -c fifo.toml current
  error: cannot read 'fifo.toml': it is a pipe, not a regular file (retort reads only regular files)
  [2]
  $ truncate -s 33M big.toml
  $ retort -c big.toml current
  error: cannot read 'big.toml': it is 34603008 bytes, larger than the limit of 32 MiB for a configuration, migration or model file
  [2]

YAML nested deeper than 100 levels is refused (deep nesting makes parsing quadratic).

  $ python3 -c 'print("revision: \"003\"\ndown_revision: \"002\"\nmessage: deep\ndowngrade: []\nupgrade: " + "[" * 5000 + "]" * 5000)' > migrations/versions/003.yaml
  $ retort upgrade head --sql
  error: migrations/versions/003.yaml:5:109: YAML nested more than 100 levels deep
    ...[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[...
                                                                                       ^
    migration and model files need only a few levels; is a bracket unbalanced?
  [2]
  $ rm migrations/versions/003.yaml

head, heads, base and current are reserved: not revision ids, in a file or with --rev-id.

  $ rev head 002
  $ retort heads
  error: migrations/versions/head.yaml:1:1: revision id 'head' is a reserved word: head, heads, base and current name targets, not revisions; choose another id
  [2]
  $ rm migrations/versions/head.yaml
  $ retort revision -m x --rev-id base
  error: revision id 'base' is a reserved word: head, heads, base and current name targets, not revisions; choose another id
  [2]
  $ retort revision -m x --rev-id heads
  error: revision id 'heads' is a reserved word: head, heads, base and current name targets, not revisions; choose another id
  [2]
  $ ls migrations/versions
  001.yaml
  002.yaml

A missing down_revision's suggestion is never the revision itself.

  $ mkdir other && cd other && retort init -q
  $ rev 5 4
  $ retort heads
  error: migrations/versions/5.yaml:2:16: down_revision '4' of revision 5 names no revision
  [2]
  $ rev 3 ""
  $ retort heads
  error: migrations/versions/5.yaml:2:16: down_revision '4' of revision 5 names no revision (did you mean '3'?)
  [2]
  $ cd ..

An index method must be one PostgreSQL has (or a common extension's).

  $ cat > migrations/versions/003.yaml <<'YAML'
  > revision: "003"
  > down_revision: "002"
  > message: index
  > upgrade:
  >   - create_index: {name: ix_t_002_id, table: t_002, columns: [id], using: gist2}
  > downgrade:
  >   - drop_index: {name: ix_t_002_id, table: t_002}
  > YAML
  $ retort upgrade head --sql > /dev/null
  error: migrations/versions/003.yaml:5:75: unknown index method 'gist2' in 'using'
      - create_index: {name: ix_t_002_id, table: t_002, columns: [id], using: gist2}
                                                                              ^
    did you mean 'gist'?
  [2]
  $ sed -i 's/gist2/bogus/' migrations/versions/003.yaml
  $ retort upgrade head --sql > /dev/null
  error: migrations/versions/003.yaml:5:75: unknown index method 'bogus' in 'using'
      - create_index: {name: ix_t_002_id, table: t_002, columns: [id], using: bogus}
                                                                              ^
    expected one of: btree, hash, gist, spgist, gin, brin, bloom, hnsw, ivfflat, rum
  [2]
  $ rm migrations/versions/003.yaml

Numbers of seconds are from 0 to 86400.

  $ retort upgrade head --wait-for-db -1
  error: --wait-for-db: expected a number of seconds from 0 to 86400, got '-1'
  Run retort upgrade --help for the options.
  [2]
  $ retort upgrade head --lock-timeout=-5
  error: --lock-timeout: expected a number of seconds from 0 to 86400, got '-5'
  Run retort upgrade --help for the options.
  [2]
  $ retort downgrade base --lock-timeout nan
  error: --lock-timeout: expected a number of seconds from 0 to 86400, got 'nan'
  Run retort downgrade --help for the options.
  [2]

Command-line errors: unexpected arguments in the order given, a misspelt option with its
nearest spelling, and with --json the error object on stdout like every other error.

  $ retort upgrade head --dryrun extra
  error: unexpected arguments: --dryrun extra
  --dryrun: did you mean '--dry-run'?
  Run retort upgrade --help for the options.
  [2]
  $ retort upgrade head a b c
  error: unexpected arguments: a b c
  Run retort upgrade --help for the options.
  [2]
  $ retort --json upgrade head --dryrun
  error: unexpected argument: --dryrun
  --dryrun: did you mean '--dry-run'?
  Run retort upgrade --help for the options.
  {
    "error": {
      "exit_code": 2,
      "kind": "usage",
      "message": "unexpected argument: --dryrun\n--dryrun: did you mean '--dry-run'?\nRun retort upgrade --help for the options."
    },
    "ok": false
  }
  [2]
  $ retort --json upgrade
  error: TARGET is required
  Run retort upgrade --help for the options.
  {
    "error": {
      "exit_code": 2,
      "kind": "usage",
      "message": "TARGET is required\nRun retort upgrade --help for the options."
    },
    "ok": false
  }
  [2]
  $ retort upgarde head --json
  error: unknown command 'upgarde' (did you mean 'upgrade'?)
  Run retort --help for the list of commands.
  {
    "error": {
      "exit_code": 2,
      "kind": "usage",
      "message": "unknown command 'upgarde' (did you mean 'upgrade'?)\nRun retort --help for the list of commands."
    },
    "ok": false
  }
  [2]

SQLite URLs take SQLite's own parameters, passed to SQLite; anything else is refused, naming
them. mode=ro never creates or writes the file.

  $ retort --url 'sqlite:///x.db?foo=1' current
  error: --url: invalid database URL: unknown SQLite parameter 'foo' (SQLite URLs take mode, cache, immutable, nolock, vfs)
  [2]
  $ retort --url 'sqlite:///x.db?mod=ro' current
  error: --url: invalid database URL: unknown SQLite parameter 'mod' (did you mean 'mode'? SQLite URLs take mode, cache, immutable, nolock, vfs)
  [2]
  $ retort --url 'sqlite:///x.db?mode=readonly' current
  error: --url: invalid database URL: invalid value 'readonly' for the SQLite parameter 'mode' (expected one of: ro, rw, rwc)
  [2]
  $ retort --url 'sqlite:///x.db?cache=shared&cache=private' current
  error: --url: invalid database URL: the SQLite parameter 'cache' is given twice
  [2]
  $ retort --url 'sqlite:///ro.db?mode=ro' upgrade head
  error: the database URL sqlite:///ro.db?mode=ro opens SQLite read-only (mode=ro), and this command writes to the database: use a URL without mode=ro
  [2]
  $ ls ro.db
  ls: cannot access 'ro.db': No such file or directory
  [2]
  $ retort --url 'sqlite:///ro.db' upgrade 001 -q
  $ retort --url 'sqlite:///ro.db?mode=ro' upgrade head
  error: the database URL sqlite:///ro.db?mode=ro opens SQLite read-only (mode=ro), and this command writes to the database: use a URL without mode=ro
  [2]
  $ retort --url 'sqlite:///ro.db?mode=ro' current
  001
  $ retort --url 'sqlite:///ro.db?mode=ro&cache=shared' history -i -r current:
  001 -> 002 (head), create t_002
  <base> -> 001 (current), create t_001
  $ retort --url 'sqlite:///rw.db?mode=rw' upgrade head
  error: cannot open SQLite database 'rw.db': the file does not exist, and the URL's mode=rw never creates it
  [3]
  $ ls rw.db
  ls: cannot access 'rw.db': No such file or directory
  [2]
  $ retort --url 'sqlite:///ro.db?mode=rw&nolock=1' upgrade head -q
  $ retort --url 'sqlite:///ro.db?immutable=1' current
  002 (head)

The Sales Agent example merges two branches at 030: -10: lists the newest eleven revisions, and
a relative step across the merge says where it could end.

  $ mkdir sales && cd sales
  $ cp -r "$RETORT_SOURCE_DIR/examples/salesagent/retort.toml" "$RETORT_SOURCE_DIR/examples/salesagent/migrations" .
  $ retort history -r -10: | wc -l
  11
  $ retort history -r -10: | tail -n 1
  025 -> 026 (branchpoint), add_media_buy_flight_times_and_pause
  $ retort --url sqlite:///x.db downgrade 035:035-7 --sql
  error: Ambiguous walk: 7 step(s) down from revision 035 cannot choose a way, because revision 030 is a merge (down revisions 027, 029); it could end at 026 or 028: name the one you mean instead of the relative step
  [2]
