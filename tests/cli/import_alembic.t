retort import alembic writes one YAML revision per Alembic script, with the same ids, parents,
labels, dependencies, messages and create dates; what it cannot translate becomes an op that
fails with its reason, the Python kept above it (docs/alembic-import.md). Needs no database.

  $ . "$TESTDIR/lib.sh"
  $ cp -r "$TESTDIR/../importer/fixtures/shop" shop

The shop fixture converts whole, and retort.toml is written with Alembic's version table.

  $ retort import alembic shop
  converted     shop/migrations/versions/1a0c5e7d2b01_create_accounts_and_users.py -> migrations/versions/1a0c5e7d2b01_create_accounts_and_users.yaml
  converted     shop/migrations/versions/2b7e9f3c4d02_profile_columns.py -> migrations/versions/2b7e9f3c4d02_profile_columns.yaml
  converted     shop/migrations/versions/3c8f0a4d5e03_events.py -> migrations/versions/3c8f0a4d5e03_events.yaml
  converted     shop/migrations/versions/4d9a1b5e6f04_rename_and_retype_user_columns.py -> migrations/versions/4d9a1b5e6f04_rename_and_retype_user_columns.yaml
  converted     shop/migrations/versions/5e0b2c6f7a05_orders.py -> migrations/versions/5e0b2c6f7a05_orders.yaml
  converted     shop/migrations/versions/6f1c3d7a8b06_audit_log.py -> migrations/versions/6f1c3d7a8b06_audit_log.yaml
  converted     shop/migrations/versions/7a2d4e8b9c07_merge_orders_and_audit.py -> migrations/versions/7a2d4e8b9c07_merge_orders_and_audit.yaml
  converted     shop/migrations/versions/8b3e5f9c0d08_guards_and_concurrent_index.py -> migrations/versions/8b3e5f9c0d08_guards_and_concurrent_index.yaml
  converted     shop/migrations/versions/9c4f6a0d1e09_constraints_after_the_fact.py -> migrations/versions/9c4f6a0d1e09_constraints_after_the_fact.yaml
  Wrote retort.toml (version table "alembic_version"; set the database URL with RETORT_DATABASE_URL or DATABASE_URL)
  9 scripts: 9 converted, 0 need review
  $ grep -v '^#' retort.toml
  [migrations]
  directory = "migrations/versions"
  version_table = "alembic_version"  # Alembic's, so the database continues as is
  history_table = "retort_history"
  revision_ids = "hex"
  file_template = "{rev}_{slug}"
  $ head -8 migrations/versions/6f1c3d7a8b06_audit_log.yaml
  # Imported from shop/migrations/versions/6f1c3d7a8b06_audit_log.py by `retort import alembic`.
  revision: "6f1c3d7a8b06"
  down_revision: "4d9a1b5e6f04"
  branch_labels: [audit]
  depends_on: ["3c8f0a4d5e03"]
  message: audit log
  created: "2024-03-02 09:00:00.000000"
  upgrade:
  $ retort history
  8b3e5f9c0d08 -> 9c4f6a0d1e09 (audit, orders) (head), constraints after the fact
  7a2d4e8b9c07 -> 8b3e5f9c0d08 (audit, orders), guards and a concurrent index
  5e0b2c6f7a05, 6f1c3d7a8b06 -> 7a2d4e8b9c07 (audit, orders) (mergepoint), merge orders and audit
  4d9a1b5e6f04 -> 5e0b2c6f7a05 (orders), orders
  4d9a1b5e6f04 (3c8f0a4d5e03) -> 6f1c3d7a8b06 (audit), audit log
  3c8f0a4d5e03 -> 4d9a1b5e6f04 (branchpoint), rename and retype user columns
  2b7e9f3c4d02 -> 3c8f0a4d5e03, events, per database
  1a0c5e7d2b01 -> 2b7e9f3c4d02, profile columns, filled in
  <base> -> 1a0c5e7d2b01, create accounts and users

Running it again refuses to overwrite anything; --force replaces the files.

  $ retort import alembic shop
  error: refusing to overwrite migrations/versions/1a0c5e7d2b01_create_accounts_and_users.yaml (nothing was written; --force replaces the files)
  [2]
  $ retort import alembic shop --force -q

A script with Python retort does not run: the ops it could translate are written, each other
statement becomes a failing `assert` with the Python above it, and the exit status is 1.

  $ mkdir -p legacy/versions
  $ cat > legacy/versions/0001_legacy.py <<'PY'
  > """backfill slugs
  > 
  > Revision ID: 0001
  > Revises:
  > Create Date: 2023-06-01 08:00:00
  > 
  > """
  > from alembic import op
  > import sqlalchemy as sa
  > 
  > from myapp.text import slugify
  > 
  > revision = "0001"
  > down_revision = None
  > branch_labels = None
  > depends_on = None
  > 
  > 
  > def upgrade():
  >     op.add_column("posts", sa.Column("slug", sa.String(200), nullable=True))
  >     bind = op.get_bind()
  >     for row in bind.execute(sa.text("SELECT id, title FROM posts")):
  >         bind.execute(sa.text("UPDATE posts SET slug = :s WHERE id = :i"),
  >                      {"s": slugify(row.title), "i": row.id})
  >     op.create_index("ix_posts_slug", "posts", ["slug"], postgresql_with={"fillfactor": 70})
  > 
  > 
  > def downgrade():
  >     op.drop_index("ix_posts_slug", table_name="posts")
  >     op.drop_column("posts", "slug")
  > PY
  $ retort import alembic legacy --into legacy-out
  needs review  legacy/versions/0001_legacy.py -> legacy-out/0001_legacy.yaml
      legacy/versions/0001_legacy.py:22: a loop over the result of `bind.execute(\xe2\x80\xa6)`: only loops over literal lists are unrolled (esc)
      legacy/versions/0001_legacy.py:25: create_index(postgresql_with=\xe2\x80\xa6): an index option retort has no equivalent for (esc)
  1 scripts: 0 converted, 1 need review
  Each op that needs review is an `assert` that fails with its reason; replace it with what the Python in the comment above it does (docs/alembic-import.md).
  [1]
  $ cat legacy-out/0001_legacy.yaml
  # Imported from legacy/versions/0001_legacy.py by `retort import alembic`.
  # NEEDS REVIEW: the ops marked below fail until a person replaces them:
  #   legacy/versions/0001_legacy.py:22: a loop over the result of `bind.execute(\xe2\x80\xa6)`: only loops over literal lists are unrolled (esc)
  #   legacy/versions/0001_legacy.py:25: create_index(postgresql_with=\xe2\x80\xa6): an index option retort has no equivalent for (esc)
  revision: "0001"
  down_revision: null
  message: backfill slugs
  created: "2023-06-01 08:00:00"
  upgrade:
    - add_column:
        table: posts
        column: {name: slug, type: string(200)}
    # Alembic (legacy/versions/0001_legacy.py:22), not converted:
    #   for row in bind.execute(sa.text("SELECT id, title FROM posts")):
    #       bind.execute(sa.text("UPDATE posts SET slug = :s WHERE id = :i"),
    #                    {"s": slugify(row.title), "i": row.id})
    - assert:
        sql: "SELECT 1 = 0"
        message: "not converted from Alembic (legacy/versions/0001_legacy.py:22): a loop over the result of `bind.execute(\xe2\x80\xa6)`: only loops over literal lists are unrolled. Replace this op with what the Python in the comment above does (docs/alembic-import.md)" (esc)
    # Alembic (legacy/versions/0001_legacy.py:25), not converted:
    #   op.create_index("ix_posts_slug", "posts", ["slug"], postgresql_with={"fillfactor": 70})
    - assert:
        sql: "SELECT 1 = 0"
        message: "not converted from Alembic (legacy/versions/0001_legacy.py:25): create_index(postgresql_with=\xe2\x80\xa6): an index option retort has no equivalent for. Replace this op with what the Python in the comment above does (docs/alembic-import.md)" (esc)
  downgrade:
    - drop_index: {name: ix_posts_slug, table: posts}
    - drop_column: {table: posts, column: slug}
  $ retort import alembic legacy --into legacy-out --force --json | python3 -c 'import json, sys; r = json.load(sys.stdin); print(r["ok"], r["converted"], r["needs_review"], [(f["status"], [x["line"] for x in f["reasons"]]) for f in r["files"]])'
  False 0 1 [('needs review', [22, 25])]
  [1]

A script Python cannot parse is bad input: its place, and nothing written.

  $ mkdir -p broken/versions
  $ printf 'revision = "0002"\ndown_revision = None\n\ndef upgrade(:\n    pass\n' > broken/versions/0002_broken.py
  $ retort import alembic broken --into broken-out
  error: broken/versions/0002_broken.py:4:13: Python cannot parse this script: invalid syntax
    def upgrade(:
                ^
    nothing was written
  [2]
  $ ls broken-out
  ls: cannot access 'broken-out': No such file or directory
  [2]

Without a usable Python the command says which one it tried and how to choose another.

  $ retort import alembic shop --into elsewhere --python /nonexistent/python3
  error: cannot run '/nonexistent/python3': No such file or directory
  `retort import alembic` parses the Alembic scripts with Python's own `ast` module and needs Python 3.8 or later (no packages): install python3, or name one with --python PATH or RETORT_PYTHON (docs/alembic-import.md)
  [2]
