Fleet commands on PostgreSQL (docs/multi-tenant.md): 200 tenant schemas of one database and 20
databases migrated in one run with --parallel 8, each at head with each revision applied once;
one tenant made to fail by a conflicting row stays at its previous revision with its data and
--resume completes it; --canary stops before the rest is touched. And `[database] schema`: the
version and history tables, the lock and `check` in one schema. Needs RETORT_TEST_PG_URL (fails
without it, never skips).

  $ . "$TESTDIR/lib.sh"
  $ test -n "$RETORT_TEST_PG_URL"
  $ base="${RETORT_TEST_PG_URL%/*}"
  $ saas="fleet_saas_$$"
  $ psql -qAt "$RETORT_TEST_PG_URL" -c "CREATE DATABASE $saas"
  $ (echo "CREATE SCHEMA other;"; for i in $(seq -w 1 200); do echo "CREATE SCHEMA tenant_$i;"; done) | psql -qAt "$base/$saas"
  $ for i in $(seq -w 1 20); do echo "CREATE DATABASE fleet_shard_$$_$i;"; done | psql -qAt "$RETORT_TEST_PG_URL"
  $ mkdir -p migrations/versions
  $ cat > migrations/versions/001.yaml <<'EOF'
  > revision: "001"
  > down_revision: null
  > message: accounts
  > upgrade:
  >   - create_table:
  >       table: accounts
  >       columns:
  >         - {name: id, type: integer, primary_key: true}
  >         - {name: email, type: string(100)}
  > downgrade:
  >   - drop_table: {table: accounts}
  > EOF
  $ cat > migrations/versions/002.yaml <<'EOF'
  > revision: "002"
  > down_revision: "001"
  > message: unique emails
  > upgrade:
  >   - create_index: {name: ux_accounts_email, table: accounts, columns: [email], unique: true}
  > downgrade:
  >   - drop_index: {name: ux_accounts_email, table: accounts}
  > EOF
  $ cat > migrations/versions/003.yaml <<'EOF'
  > revision: "003"
  > down_revision: "002"
  > message: notes
  > upgrade:
  >   - create_table:
  >       table: notes
  >       columns:
  >         - {name: id, type: integer, primary_key: true}
  > downgrade:
  >   - drop_table: {table: notes}
  > EOF
  $ export SAAS_URL="$base/$saas"
  $ cat > retort.toml <<'EOF'
  > [[targets]]
  > name = "tenants"
  > url = "${SAAS_URL}"
  > schemas_query = "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'tenant_%'"
  > EOF
  $ for i in $(seq -w 1 20); do printf '[[targets]]\nname = "shard%s"\nurl = "%s"\n' $i "$base/fleet_shard_$$_$i"; done >> retort.toml

Where the 220 targets stand (how many at each revision), and any revision applied more than
once successfully to a target (none is printed), read with psql from the version and history
tables:

  $ union() { for i in $(seq -w 1 200); do printf '%s UNION ALL ' "${1//@/tenant_$i}"; done | sed 's/ UNION ALL $//'; }
  $ each() { psql -qAt "$SAAS_URL" -c "$(union "$1")"; for i in $(seq -w 1 20); do psql -qAt "$base/fleet_shard_$$_$i" -c "${1//@/public}"; done; }
  $ at() { each "SELECT coalesce((SELECT string_agg(version_num, ',') FROM @.alembic_version), 'base')" | sort | uniq -c | sed 's/^ *//'; }
  $ twice() { each "SELECT '@', revision FROM @.retort_history WHERE direction = 'upgrade' AND success GROUP BY revision HAVING count(*) <> 1"; }
  $ applied() { each "SELECT count(*) FROM @.retort_history WHERE direction = 'upgrade' AND success" | sort | uniq -c | sed 's/^ *//'; }

  $ retort current --all-targets -q
  $ retort upgrade 001 --all-targets --parallel 8 -q
  $ at
  220 001

Nothing reached the public schema of the tenants' database or the other schema:

  $ psql -qAt "$SAAS_URL" -c "SELECT table_schema, count(*) FROM information_schema.tables WHERE table_schema IN ('public', 'other') GROUP BY 1"

A conflicting row in tenant_003: a canary of 5 targets (tenant_001 to tenant_005) stops the run
before the other 215 are touched:

  $ psql -qAt "$SAAS_URL" -c "INSERT INTO tenant_003.accounts (id, email) VALUES (1, 'a@example.com'), (2, 'a@example.com')"
  $ retort upgrade head --all-targets --parallel 8 --canary 5 -q 2>&1 | sed -n 1,4p
  error: tenants/tenant_003: revision 002 (migrations/versions/002.yaml), upgrade op 1 (create_index at migrations/versions/002.yaml:5:5): could not create unique index "ux_accounts_email" (SQLSTATE 23505)
    DETAIL: Key (email)=(a@example.com) is duplicated.
    SQL: CREATE UNIQUE INDEX "ux_accounts_email" ON "accounts" ("email")
    the revision was rolled back; the database is as it was before it
  [1]
  $ at
  216 001
  4 003

The whole fleet with --parallel 8: every other target at head, tenant_003 at 001 with its rows:

  $ retort upgrade head --all-targets --parallel 8 2>&1 | tail -5
  error: tenants/tenant_003: revision 002 (migrations/versions/002.yaml), upgrade op 1 (create_index at migrations/versions/002.yaml:5:5): could not create unique index "ux_accounts_email" (SQLSTATE 23505)
    DETAIL: Key (email)=(a@example.com) is duplicated.
    SQL: CREATE UNIQUE INDEX "ux_accounts_email" ON "accounts" ("email")
    the revision was rolled back; the database is as it was before it
  hint: fix the cause, then rerun the failed and unreached targets with `retort upgrade head --resume` and the same selection
  [1]
  $ at
  1 001
  219 003
  $ twice
  $ psql -qAt "$SAAS_URL" -c "SELECT count(*) FROM tenant_003.accounts; SELECT version_num FROM tenant_003.alembic_version"
  2
  001

After the row is fixed, --resume runs tenant_003 alone:

  $ psql -qAt "$SAAS_URL" -c "DELETE FROM tenant_003.accounts WHERE id = 2"
  $ retort upgrade head --all-targets --parallel 8 --resume | sed -E 's/[0-9]+ ms/N ms/; s/fleet run [0-9TZ-]+/fleet run ID/'
  Resuming fleet run ID: 1 target(s) to run, 219 done in it
  start   tenants/tenant_003
  ok      tenants/tenant_003: at 003 (2 step(s) run) (N ms; 1/1 done)
  
  TARGET              STATUS       RESULT
  tenants/tenant_003  ok           at 003 (2 step(s) run)
  1 target(s): 1 ok, 0 failed, 0 not started (fleet run ID)
  $ at
  220 003
  $ twice
  $ applied
  220 3
  $ retort current --target tenants/tenant_003 --target shard07 | sed -E 's/[0-9]+ ms/N ms/'
  start   tenants/tenant_003
  ok      tenants/tenant_003: at 003 (head) (N ms; 1/2 done)
  start   shard07
  ok      shard07: at 003 (head) (N ms; 2/2 done)
  
  TARGET              STATUS       RESULT
  tenants/tenant_003  ok           at 003 (head)
  shard07             ok           at 003 (head)
  2 target(s): 2 ok, 0 failed, 0 not started

A target whose database is down (here: does not exist) fails alone, as does a group whose
schemas_query cannot run:

  $ cat > down.toml <<EOF
  > [migrations]
  > directory = "migrations/versions"
  > [[targets]]
  > name = "gone"
  > url = "$base/fleet_no_such_db_$$"
  > schemas_query = "SELECT 'x'"
  > [[targets]]
  > name = "shard01"
  > url = "$base/fleet_shard_$$_01"
  > EOF
  $ retort -c down.toml upgrade head --all-targets 2>&1 | sed -E "s/[0-9]+ ms/N ms/; s/fleet run [0-9TZ-]+/fleet run ID/; s/_$$//g; s|$base|BASE|g; s/(fleet_no_such_db):.*\(N ms/\1: ... (N ms/; s/(fleet_no_such_db):.*(port) [0-9]+/\1: ... \2 N/; s/(fleet_no_such_db): connection.*/\1: .../"
  start   gone
  FAILED  gone: cannot list the schemas of target 'gone' (schemas_query): could not connect to BASE/fleet_no_such_db: ... (N ms; 1/2 done)
  start   shard01
  ok      shard01: at 003 (nothing to do) (N ms; 2/2 done)
  
  TARGET   STATUS       RESULT
  gone     failed       cannot list the schemas of target 'gone' (schemas_query): could not connect to BASE/fleet_no_such_db: ...
  shard01  ok           at 003 (nothing to do)
  2 target(s): 1 ok, 1 failed, 0 not started (fleet run ID)
  error: gone: cannot list the schemas of target 'gone' (schemas_query): could not connect to BASE/fleet_no_such_db: ... port N failed: FATAL:  database "fleet_no_such_db" does not exist
  hint: fix the cause, then rerun the failed and unreached targets with `retort upgrade head --resume` and the same selection
  [3]

`[database] schema`: one database URL, migrated in one schema — tables, history, lock, `check`
and autogenerate there; public (holding a stray table) is neither changed nor compared:

  $ schemadb="fleet_schema_$$"
  $ psql -qAt "$RETORT_TEST_PG_URL" -c "CREATE DATABASE $schemadb"
  $ psql -qAt "$base/$schemadb" -c "CREATE SCHEMA app; CREATE TABLE public.stray (id integer)"
  $ mkdir sa && cp -r "$RETORT_SOURCE_DIR/examples/salesagent/migrations" "$RETORT_SOURCE_DIR/examples/salesagent/models" sa/
  $ cat > sa/schema.toml <<EOF
  > [database]
  > url = "$base/$schemadb"
  > schema = "app"
  > EOF
  $ retort -c sa/schema.toml upgrade head -q
  $ retort -c sa/schema.toml current
  036 (head)
  $ retort -c sa/schema.toml check | sed "s|$base/$schemadb|DB|"
  OK: the model (sa/models) matches the database (DB)
  $ retort -c sa/schema.toml revision --autogenerate -m nothing
  No changes in schema detected; no revision written (use --empty to write one anyway)
  $ psql -qAt "$base/$schemadb" -c "SELECT table_schema, count(*) FROM information_schema.tables WHERE table_schema IN ('public', 'app') GROUP BY 1 ORDER BY 1"
  app|21
  public|1
  $ psql -qAt "$base/$schemadb" -c "SELECT version_num FROM app.alembic_version"
  036
  $ cat > sa/schema.toml <<EOF
  > [database]
  > url = "$base/$schemadb"
  > schema = "nope"
  > EOF
  $ retort -c sa/schema.toml current 2>&1 | sed "s|$base/$schemadb|DB|"
  error: schema 'nope' does not exist in DB
    hint: create it first (CREATE SCHEMA), or correct the schema setting
  [3]
