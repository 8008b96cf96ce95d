`--transaction all` (or `[migrations] transaction = "all"`) applies every revision of an upgrade
or downgrade in one transaction: a failure anywhere leaves schema, data and version rows where
the run started, and one history row says so. A transactional: false revision in such a run is
refused before anything runs. Same transcript on SQLite and PostgreSQL (docs/commands.md,
"One transaction for the whole run"; docs/configuration.md).

  $ . "$TESTDIR/lib.sh"
  $ fresh_db
  $ retort init -q
  $ history_rows() {
  >   sql "SELECT revision || ' ' || direction || ' ' || CASE WHEN success THEN 'ok' ELSE 'failed' END || ' ' || COALESCE(transaction_mode, '') FROM retort_history ORDER BY id"
  > }
  $ rev 001 ""
  $ rev 002 001
  $ cat > migrations/versions/003.yaml <<'YAML'
  > revision: "003"
  > down_revision: "002"
  > message: broken
  > upgrade:
  >   - execute: "INSERT INTO t_002 (id) VALUES (1)"
  >   - execute: "INSERT INTO no_such_table VALUES (1)"
  > downgrade:
  >   - execute: "DELETE FROM t_002"
  > YAML

The third revision fails: the two before it ran in the same transaction and are rolled back
with it. The progress lines show what started; the error says the whole run was rolled back.

  $ retort upgrade head --transaction all
  Running upgrade  -> 001, create t_001
    done in \d+ ms (re)
  Running upgrade 001 -> 002, create t_002
    done in \d+ ms (re)
  Running upgrade 002 -> 003, broken
  error: revision 003 \(migrations/versions/003.yaml\), upgrade op 2 \(execute at migrations/versions/003.yaml:6:5\): (no such table: no_such_table|relation "no_such_table" does not exist \(SQLSTATE 42P01\)) (re)
    SQL: INSERT INTO no_such_table VALUES (1)
    the whole run was rolled back (--transaction all) to its starting revision (base): the database is as it was before the run; none of the 3 revision(s) it had started stays applied
  [1]
  $ db_state
  tables: retort_history
  versions: (none)
  history rows: 1
  $ history_rows
  003 upgrade failed all
  $ sql "SELECT error FROM retort_history" | tail -1
  the whole run was rolled back (--transaction all) to its starting revision (base)

Per revision (the default), the same history keeps 001 and 002:

  $ retort upgrade head 2>&1 | tail -1
  \s+the revision was rolled back; the database is as it was before it (re)
  [1]
  $ db_state
  tables: alembic_version retort_history t_001 t_002
  versions: 002
  history rows: 4
  $ history_rows
  003 upgrade failed all
  001 upgrade ok per-revision
  002 upgrade ok per-revision
  003 upgrade failed per-revision

Fixed, from 002: the dry run and the run say it is one transaction, and the run ends with the
commit.

  $ sed -i 's/INTO no_such_table VALUES (1)/INTO t_002 (id) VALUES (2)/' migrations/versions/003.yaml
  $ rev 004 003
  $ retort upgrade head --transaction all --dry-run
  Would run upgrade 002 -> 003, broken
  Would run upgrade 003 -> 004, create t_004
  Would commit them in one transaction (--transaction all)
  $ retort upgrade head --transaction all
  Running upgrade 002 -> 003, broken
    done in \d+ ms (re)
  Running upgrade 003 -> 004, create t_004
    done in \d+ ms (re)
  Committed 2 revision\(s\) in one transaction \(--transaction all\) in \d+ ms (re)
  $ history_rows | tail -2
  003 upgrade ok all
  004 upgrade ok all

In the configuration, with --json; `--transaction per-revision` overrides it:

  $ sed -i 's/^transaction = "per-revision" .*/transaction = "all"/' retort.toml
  $ grep '^transaction' retort.toml
  transaction = "all"
  $ retort downgrade 002 --json | grep -E '"(transaction|revision)"'
        "revision": "004",
        "revision": "003",
    "transaction": "all"
  $ retort upgrade head --transaction per-revision --json | grep '"transaction"'
    "transaction": "per-revision"
  $ history_rows | tail -4
  004 downgrade ok all
  003 downgrade ok all
  003 upgrade ok per-revision
  004 upgrade ok per-revision

A transactional: false revision cannot run inside the run's transaction: the run is refused
before anything runs (exit 2), also as a dry run and offline.

  $ cat > migrations/versions/005.yaml <<'YAML'
  > revision: "005"
  > down_revision: "004"
  > message: index concurrently
  > transactional: false
  > upgrade:
  >   - create_index: {name: ix_t_004_id, table: t_004, columns: [id], concurrently: true, dialect: postgresql}
  > downgrade: []
  > YAML
  $ rev 006 005
  $ retort upgrade head
  error: revision 005 (migrations/versions/005.yaml) is transactional: false (its ops cannot run inside a transaction), so it cannot be part of a --transaction all run, which applies every revision in one transaction
    nothing was changed; run the revisions up to it with --transaction all, this one on its own with --transaction per-revision, then the rest (before it: 004)
  [2]
  $ retort upgrade head --dry-run 2>&1 | sed -n 1p
  error: revision 005 (migrations/versions/005.yaml) is transactional: false (its ops cannot run inside a transaction), so it cannot be part of a --transaction all run, which applies every revision in one transaction
  [2]
  $ retort upgrade 004:head --sql 2>&1 | sed -n 1p
  error: revision 005 (migrations/versions/005.yaml) is transactional: false (its ops cannot run inside a transaction), so it cannot be part of a --transaction all run, which applies every revision in one transaction
  [2]
  $ db_state
  tables: alembic_version retort_history t_001 t_002 t_004
  versions: 004
  history rows: 10
  $ retort upgrade 005 --transaction per-revision
  Running upgrade 004 -> 005, index concurrently
    done in \d+ ms (re)
  $ retort upgrade head
  Running upgrade 005 -> 006, create t_006
    done in \d+ ms (re)
  Committed 1 revision\(s\) in one transaction \(--transaction all\) in \d+ ms (re)

Offline, one BEGIN and one COMMIT around everything, the version table included:

  $ retort upgrade base:004 --sql | grep -E '^(BEGIN|COMMIT|CREATE TABLE IF|-- )'
  -- retort 0.1.0 offline script for (sqlite|postgresql) (re)
  -- --transaction all: every revision in one transaction
  BEGIN;
  CREATE TABLE IF NOT EXISTS "alembic_version" .* (re)
  -- Running upgrade  -> 001, create t_001
  -- Running upgrade 001 -> 002, create t_002
  -- Running upgrade 002 -> 003, broken
  -- Running upgrade 003 -> 004, create t_004
  COMMIT;

Bad values are usage or configuration errors (exit 2):

  $ retort upgrade head --transaction al
  error: --transaction: al not in {per-revision,all}
  Run retort upgrade --help for the options.
  [2]
  $ sed -i 's/^transaction = "all"/transaction = "al"/' retort.toml
  $ retort upgrade head
  error: retort.toml:12:15: invalid transaction 'al'
    transaction = "al"
                  ^
    did you mean 'all'?
  [2]
