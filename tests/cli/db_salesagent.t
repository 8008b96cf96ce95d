The Sales Agent example (examples/salesagent: 36 revisions, models/, seed/demo.yaml and the
example app) end to end, on SQLite and on PostgreSQL with the same expected output:
base -> head; down to the irreversible revision 033 and up to head again, twice, with the
reflected schema identical each time; downgrading past 033 refused with its reason and nothing
changed; every other revision's downgrade exercised by `retort test`; check, check --scratch,
verify and lint; the app migrating on start-up, seeding once, and not migrating with
SKIP_MIGRATIONS. The data migrations on seeded rows are in tests/runner/salesagent_data_test.cpp.

The example's files are copied as they are (the app and its SQLite file are left behind):

  $ . "$TESTDIR/lib.sh"
  $ cp -r "$RETORT_SOURCE_DIR/examples/salesagent/retort.toml" "$RETORT_SOURCE_DIR/examples/salesagent/migrations" "$RETORT_SOURCE_DIR/examples/salesagent/models" "$RETORT_SOURCE_DIR/examples/salesagent/seed" .
  $ ls migrations/versions | wc -l
  36
  $ fresh_db
  $ db_state
  tables: (none)
  versions: (none)
  history rows: 0

schema FILE: the reflected schema in the model format, without its two header lines (they name
the database, which differs between runs).

  $ schema() { retort sql-schema | sed 1,2d >"$1"; }

Base to head: every revision once, in topological order (the 028/029 branch, then 027, then
the merge 030).

  $ retort upgrade head
  Running upgrade  -> 001, initial_schema
    done in \d+ ms (re)
  Running upgrade 001 -> 002, add_policy_compliance_fields
    done in \d+ ms (re)
  Running upgrade 002 -> 003, add_superadmin_configuration
    done in \d+ ms (re)
  Running upgrade 003 -> 004, add_users_table
    done in \d+ ms (re)
  Running upgrade 004 -> 005, add_gam_inventory_and_sync_tracking
    done in \d+ ms (re)
  Running upgrade 005 -> 006, add_principal_advertiser_mapping
    done in \d+ ms (re)
  Running upgrade 006 -> 007, add_context_persistence
    done in \d+ ms (re)
  Running upgrade 007 -> 008, add_json_validation_constraints
    done in \d+ ms (re)
  Running upgrade 008 -> 009, add_product_currency_and_min_spend
    done in \d+ ms (re)
  Running upgrade 009 -> 010, split_pricing_options_from_products
    done in \d+ ms (re)
  Running upgrade 010 -> 011, add_currency_limits
    done in \d+ ms (re)
  Running upgrade 011 -> 012, rename_product_formats_to_format_ids
    done in \d+ ms (re)
  Running upgrade 012 -> 013, convert_media_buy_budget_to_decimal
    done in \d+ ms (re)
  Running upgrade 013 -> 014, convert_timestamps_to_timezone_aware
    done in \d+ ms (re)
  Running upgrade 014 -> 015, add_audit_logs_timestamp_index_concurrently
    done in \d+ ms (re)
  Running upgrade 015 -> 016, add_adapter_credentials_and_axe_signals
    done in \d+ ms (re)
  Running upgrade 016 -> 017, add_creative_review_settings
    done in \d+ ms (re)
  Running upgrade 017 -> 018, add_tenant_ai_config
    done in \d+ ms (re)
  Running upgrade 018 -> 019, add_creative_format_namespace
    done in \d+ ms (re)
  Running upgrade 019 -> 020, add_adcp_product_fields
    done in \d+ ms (re)
  Running upgrade 020 -> 021, add_product_properties_xor
    done in \d+ ms (re)
  Running upgrade 021 -> 022, add_strategies
    done in \d+ ms (re)
  Running upgrade 022 -> 023, add_tenant_auth_configs
    done in \d+ ms (re)
  Running upgrade 023 -> 024, add_accounts
    done in \d+ ms (re)
  Running upgrade 024 -> 025, add_media_buy_idempotency
    done in \d+ ms (re)
  Running upgrade 025 -> 026, add_media_buy_flight_times_and_pause
    done in \d+ ms (re)
  Running upgrade 026 -> 028, add_signals_agents
    done in \d+ ms (re)
  Running upgrade 028 -> 029, add_dynamic_product_variants
    done in \d+ ms (re)
  Running upgrade 026 -> 027, add_creative_agents
    done in \d+ ms (re)
  Running upgrade 027, 029 -> 030, merge_creative_and_signals_agents
    done in \d+ ms (re)
  Running upgrade 030 -> 031, add_product_catalog_and_targeting_fields
    done in \d+ ms (re)
  Running upgrade 031 -> 032, add_tenant_branding_and_naming_templates
    done in \d+ ms (re)
  Running upgrade 032 -> 033, lowercase_user_emails
    done in \d+ ms (re)
  Running upgrade 033 -> 034, add_unique_user_email_per_tenant
    done in \d+ ms (re)
  Running upgrade 034 -> 035, add_product_allowed_principals
    done in \d+ ms (re)
  Running upgrade 035 -> 036, add_media_buy_updated_at_trigger_and_active_view
    done in \d+ ms (re)
  $ retort current
  036 (head)
  $ db_state
  tables: accounts adapter_config alembic_version audit_logs contexts creative_agents creatives currency_limits inventory_profiles media_buys pricing_options principals products retort_history signals_agents strategies tenant_auth_configs tenants users workflow_steps
  versions: 036
  history rows: 36
  $ retort upgrade head
  Nothing to do: the database is already at head (036)
  $ schema head-1.yaml
  $ grep -c '^  - table: ' head-1.yaml
  18

The database at head matches the model, and so does a scratch database built from the
migrations; the applied files are unchanged.

  $ retort check
  OK: the model \(models\) matches the database \((/.*/test\.db|postgresql://.*/retort_cli_\d+_\d+)\) (re)
  $ retort check --scratch
  OK: the model \(models\) matches a scratch database built from the migrations \((sqlite:///:memory:|postgresql://.*/retort_scratch_\d+_\d+)\) (re)
  $ retort verify
  OK: 36 applied revision(s) match their files

lint: the one finding is 033's irreversible downgrade (R113); every other risky op carries a
reviewed lint_allow. Exit 1.

  $ retort lint
  migrations/versions/033_lowercase_user_emails.yaml:15:5: R113 the downgrade of revision 033 is irreversible: user emails were lower-cased in place and their original spelling was not kept; restore the users table from a backup taken before revision 033 to go further back
      safer: keep what the downgrade would need (a backup table or column) so it can be undone, or accept it after review with lint_allow: [R113]
      after review, allow it with: lint_allow: [R113] on the op
  1 finding(s) in 36 revision(s)
  [1]
  $ retort lint --json | grep -c '"code": "R113"'
  1
  [1]
  $ retort lint --json | grep -c '"code":'
  1
  [1]

Round 1: down to 033 (036, 035 and 034 undone), then head again.

  $ retort downgrade 033
  Running downgrade 036 -> 035, add_media_buy_updated_at_trigger_and_active_view
    done in \d+ ms (re)
  Running downgrade 035 -> 034, add_product_allowed_principals
    done in \d+ ms (re)
  Running downgrade 034 -> 033, add_unique_user_email_per_tenant
    done in \d+ ms (re)
  $ retort current
  033
  $ schema at-033-1.yaml
  $ cmp -s head-1.yaml at-033-1.yaml || echo differs
  differs

033 as reached by downgrading is 033 as reached by upgrading a fresh database to it:

  $ mkdir direct
  $ (cd direct && fresh_db && retort -c ../retort.toml upgrade 033 -q && retort -c ../retort.toml current && retort -c ../retort.toml sql-schema | sed 1,2d >../direct-033.yaml)
  033
  $ diff at-033-1.yaml direct-033.yaml

Downgrading past 033 is refused before anything runs, whatever the target (exit 1, the
revision's reason, nothing changed: version rows, history and schema as they were).

  $ retort downgrade 032
  error: cannot downgrade past revision 033 (migrations/versions/033_lowercase_user_emails.yaml): its downgrade is irreversible: user emails were lower-cased in place and their original spelling was not kept; restore the users table from a backup taken before revision 033 to go further back
    nothing was changed; pick a target at or after 033
  [1]
  $ retort downgrade -1
  error: cannot downgrade past revision 033 (migrations/versions/033_lowercase_user_emails.yaml): its downgrade is irreversible: user emails were lower-cased in place and their original spelling was not kept; restore the users table from a backup taken before revision 033 to go further back
    nothing was changed; pick a target at or after 033
  [1]
  $ retort downgrade base --dry-run
  error: cannot downgrade past revision 033 (migrations/versions/033_lowercase_user_emails.yaml): its downgrade is irreversible: user emails were lower-cased in place and their original spelling was not kept; restore the users table from a backup taken before revision 033 to go further back
    nothing was changed; pick a target at or after 033
  [1]
  $ retort current
  033
  $ db_state
  tables: accounts adapter_config alembic_version audit_logs contexts creative_agents creatives currency_limits inventory_profiles media_buys pricing_options principals products retort_history signals_agents strategies tenant_auth_configs tenants users workflow_steps
  versions: 033
  history rows: 39
  $ schema after-refusal.yaml
  $ diff at-033-1.yaml after-refusal.yaml

  $ retort upgrade head
  Running upgrade 033 -> 034, add_unique_user_email_per_tenant
    done in \d+ ms (re)
  Running upgrade 034 -> 035, add_product_allowed_principals
    done in \d+ ms (re)
  Running upgrade 035 -> 036, add_media_buy_updated_at_trigger_and_active_view
    done in \d+ ms (re)
  $ retort current
  036 (head)
  $ schema head-2.yaml
  $ diff head-1.yaml head-2.yaml

From head, a target below 033 is refused too: 036, 035 and 034 are not undone either.

  $ retort downgrade base
  error: cannot downgrade past revision 033 (migrations/versions/033_lowercase_user_emails.yaml): its downgrade is irreversible: user emails were lower-cased in place and their original spelling was not kept; restore the users table from a backup taken before revision 033 to go further back
    nothing was changed; pick a target at or after 033
  [1]
  $ retort current
  036 (head)
  $ db_state | tail -2
  versions: 036
  history rows: 42
  $ schema after-refusal-2.yaml
  $ diff head-1.yaml after-refusal-2.yaml

Round 2: the same again, the same schemas.

  $ retort downgrade 033 -q
  $ schema at-033-2.yaml
  $ diff at-033-1.yaml at-033-2.yaml
  $ retort upgrade head -q
  $ schema head-3.yaml
  $ diff head-1.yaml head-3.yaml
  $ retort current
  036 (head)
  $ retort verify
  OK: 36 applied revision(s) match their files
  $ retort check
  OK: the model \(models\) matches the database \((/.*/test\.db|postgresql://.*/retort_cli_\d+_\d+)\) (re)
  $ db_state | tail -2
  versions: 036
  history rows: 48

retort test: on a scratch database, each revision upgraded, downgraded and upgraded again with
the schema compared each time; 033 is the only one not undone. The scratch database is gone
afterwards (PostgreSQL: no retort_scratch_* database is left).

  $ scratch_dbs() { if [ "$RETORT_TEST_DIALECT" = postgresql ]; then sql "SELECT count(*) FROM pg_database WHERE datname LIKE 'retort\_scratch\_%'"; else echo 0; fi; }
  $ before=$(scratch_dbs)
  $ retort test
  Testing 36 revision\(s\) on a scratch database \((sqlite:///:memory:|postgresql://.*/retort_scratch_\d+_\d+)\): upgrade one at a time; after each, downgrade and upgrade again (re)
  ok   001 initial_schema
  ok   002 add_policy_compliance_fields
  ok   003 add_superadmin_configuration
  ok   004 add_users_table
  ok   005 add_gam_inventory_and_sync_tracking
  ok   006 add_principal_advertiser_mapping
  ok   007 add_context_persistence
  ok   008 add_json_validation_constraints
  ok   009 add_product_currency_and_min_spend
  ok   010 split_pricing_options_from_products
  ok   011 add_currency_limits
  ok   012 rename_product_formats_to_format_ids
  ok   013 convert_media_buy_budget_to_decimal
  ok   014 convert_timestamps_to_timezone_aware
  ok   015 add_audit_logs_timestamp_index_concurrently
  ok   016 add_adapter_credentials_and_axe_signals
  ok   017 add_creative_review_settings
  ok   018 add_tenant_ai_config
  ok   019 add_creative_format_namespace
  ok   020 add_adcp_product_fields
  ok   021 add_product_properties_xor
  ok   022 add_strategies
  ok   023 add_tenant_auth_configs
  ok   024 add_accounts
  ok   025 add_media_buy_idempotency
  ok   026 add_media_buy_flight_times_and_pause
  ok   028 add_signals_agents
  ok   029 add_dynamic_product_variants
  ok   027 add_creative_agents
  ok   030 merge_creative_and_signals_agents
  ok   031 add_product_catalog_and_targeting_fields
  ok   032 add_tenant_branding_and_naming_templates
  skip 033 (its downgrade is irreversible)
  ok   034 add_unique_user_email_per_tenant
  ok   035 add_product_allowed_principals
  ok   036 add_media_buy_updated_at_trigger_and_active_view
  OK: 35 revision(s) round-trip; 1 with an irreversible downgrade not undone
  $ [ "$(scratch_dbs)" = "$before" ] && echo "no scratch database left"
  no scratch database left
  $ retort test --json | grep -c '"ok": true'
  37

The test and the scratch check left the database under test alone.

  $ retort current
  036 (head)
  $ db_state | tail -2
  versions: 036
  history rows: 48

The example app on a fresh database: it migrates on start-up through the library, seeds the
demo tenant, lists products with their pricing options, commits a media buy, and shows that a
transaction failing on a foreign key left no row. (SQLite prints numeric(10,2) values as it
stores them: 12.5 where PostgreSQL prints 12.50.)

  $ app=$(dirname "$(command -v retort)")/examples/salesagent/app/salesagent_app
  $ [ -x "$app" ] && echo "app built"
  app built
  $ mkdir app && cd app
  $ fresh_db
  $ "$app" --config ../retort.toml --seed ../seed/demo.yaml
  migrated on start-up: 36 revision(s) applied; at 036
  seeded the demo tenant from ../seed/demo.yaml (15 bulk inserts)
  products of tenant 'demo' with their pricing options:
    ctv_sponsorship  CTV channel sponsorship  flat_rate 25000(\.00)? USD (re)
    display_homepage  Homepage display  cpm 12\.50? USD (re)
    display_homepage  Homepage display  cpm 11\.50? EUR (re)
    video_preroll  Pre-roll video (auction)  cpm NULL USD
  created media buy mb-demo-2 in a transaction (committed)
  a failing transaction was rolled back: (FOREIGN KEY constraint failed|insert or update on table "media_buys" violates foreign key constraint "media_buys_tenant_id_principal_id_fkey" \(SQLSTATE 23503\)) (re)
  rows left by the failed transaction: 0
  media buys of tenant 'demo': 2
  $ sql "SELECT media_buy_id FROM media_buys ORDER BY 1"
  mb-demo-2
  mb_demo_0001
  $ retort -c ../retort.toml current
  036 (head)
  $ retort -c ../retort.toml verify
  OK: 36 applied revision(s) match their files
  $ retort -c ../retort.toml check
  OK: the model \(\.\./models\) matches the database \((/.*/test\.db|postgresql://.*/retort_cli_\d+_\d+)\) (re)

Run again: nothing to migrate, the seed is not applied twice, one more media buy.

  $ "$app" --config ../retort.toml --seed ../seed/demo.yaml
  migrated on start-up: 0 revision(s) applied; at 036
  demo tenant 'demo' already seeded
  products of tenant 'demo' with their pricing options:
    ctv_sponsorship  CTV channel sponsorship  flat_rate 25000(\.00)? USD (re)
    display_homepage  Homepage display  cpm 12\.50? USD (re)
    display_homepage  Homepage display  cpm 11\.50? EUR (re)
    video_preroll  Pre-roll video (auction)  cpm NULL USD
  created media buy mb-demo-3 in a transaction (committed)
  a failing transaction was rolled back: (FOREIGN KEY constraint failed|insert or update on table "media_buys" violates foreign key constraint "media_buys_tenant_id_principal_id_fkey" \(SQLSTATE 23503\)) (re)
  rows left by the failed transaction: 0
  media buys of tenant 'demo': 3
  $ for t in tenants users principals products pricing_options currency_limits media_buys; do echo "$t $(sql "SELECT count(*) FROM $t")"; done
  tenants 1
  users 2
  principals 2
  products 3
  pricing_options 4
  currency_limits 2
  media_buys 3
  $ db_state | tail -2
  versions: 036
  history rows: 36
  $ cd ..

SKIP_MIGRATIONS=true before any migration: the app does not migrate and fails before changing
anything. On SQLite its connections refuse to create the missing file (exit 3: an empty file
would hide a database never migrated); on PostgreSQL the tables are missing (exit 1, the
database's own message). No table, and no SQLite file, is created.

  $ mkdir skip && cd skip
  $ fresh_db
  $ SKIP_MIGRATIONS=true "$app" --config ../retort.toml --seed ../seed/demo.yaml 2>err.txt; echo "$RETORT_TEST_DIALECT exit $?"
  SKIP_MIGRATIONS is set: not migrating
  (sqlite exit 3|postgresql exit 1) (re)
  $ head -1 err.txt
  salesagent_app: (cannot open SQLite database '.*/test.db': the file does not exist \(it is created by `retort upgrade`; was the upgrade skipped, or is the path wrong\?\)|relation "tenants" does not exist \(SQLSTATE 42P01\)) (re)
  $ SKIP_MIGRATIONS=true "$app" --config ../retort.toml 2>err.txt; echo "$RETORT_TEST_DIALECT exit $?"
  SKIP_MIGRATIONS is set: not migrating
  (sqlite exit 3|postgresql exit 1) (re)
  $ head -1 err.txt
  salesagent_app: (cannot open SQLite database '.*/test.db': the file does not exist .*|relation "products" does not exist \(SQLSTATE 42P01\)) (re)
  $ ls test.db 2>/dev/null || echo "no SQLite file"
  no SQLite file
  $ db_state
  tables: (none)
  versions: (none)
  history rows: 0
  $ SKIP_MIGRATIONS=true retort -c ../retort.toml upgrade head
  SKIP_MIGRATIONS is set: skipping migrations
  $ tables
  tables: (none)

Without the switch the same database is migrated and seeded.

  $ "$app" --config ../retort.toml --seed ../seed/demo.yaml >out.txt
  $ head -2 out.txt
  migrated on start-up: 36 revision(s) applied; at 036
  seeded the demo tenant from ../seed/demo.yaml (15 bulk inserts)
  $ cd ..
