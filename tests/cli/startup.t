What a run loads (docs/install.md, "What the binary loads"): the C++ runtime, fmt and toml++ are
linked into the binary; Nettle (SHA-256), libpq and libpg_query are loaded only by the work that needs
them, because every shared library costs the dynamic loader time at each start.

  $ . "$TESTDIR/lib.sh"
  $ readelf -d "$(command -v retort)" | grep NEEDED | grep -E 'lib(stdc\+\+|fmt|tomlplusplus|crypto|nettle|pq|pg_query)'
  [1]
  $ loaded() { LD_DEBUG=files "$@" 2>&1 >/dev/null | { grep -o 'file=lib\(crypto\|nettle\|pq\|pg_query\)\.so' || true; } | sort -u; }
  $ loaded retort --version

Files the header cache knows (older than its 2-second margin, docs/configuration.md): `heads`,
`history` and a no-op `upgrade` hash nothing; `verify`, which promises to hash the files, does.

  $ retort init -q
  $ rev 001 ""
  $ rev 002 001
  $ fresh_db
  $ loaded retort upgrade head -q
  file=libnettle.so
  $ sleep 3
  $ retort heads
  002 (head)
  $ loaded retort heads
  $ loaded retort history
  $ loaded retort upgrade head
  $ loaded retort verify
  file=libnettle.so

PostgreSQL's grammar is loaded to read SQL of a PostgreSQL project (here offline: no connection,
so no libpq); a SQLite project's SQL is read by SQLite's own parser.

  $ cat >migrations/versions/003.yaml <<'YAML'
  > revision: "003"
  > down_revision: "002"
  > message: a view
  > upgrade:
  >   - execute: CREATE VIEW v AS SELECT 1
  > downgrade:
  >   - execute: DROP VIEW v
  > YAML
  $ loaded retort upgrade head --sql
  file=libnettle.so
  $ loaded retort --url postgresql://nobody@127.0.0.1:1/x upgrade 002:head --sql
  file=libnettle.so
  file=libpg_query.so
