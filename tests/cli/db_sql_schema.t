sql-schema prints the database's schema as YAML in the model format (docs/models.md). Fed back as
the model, it makes `check` clean: this is how a project adopts retort's model for a database
that already exists, including one that Alembic built. Same transcript on SQLite and
PostgreSQL; where the two databases store a schema differently (PostgreSQL names every
constraint and rewrites expressions), the expected output of each is written to
expect.DIALECT and compared with `diff`.

  $ . "$TESTDIR/lib.sh"
  $ fresh_db
  $ retort init -q

An empty database has no tables; sql-schema only reads (no SQLite file is created).

  $ retort sql-schema | tail -n +3
  tables: []
  $ db_state
  tables: (none)
  versions: (none)
  history rows: 0

A schema with every kind of object the model has: keys, a foreign key with an action, a unique
column, a check, indexes (one partial), defaults.

  $ cat > migrations/versions/001_shop.yaml <<'YAML'
  > revision: "001"
  > down_revision: null
  > message: the shop
  > upgrade:
  >   - create_table:
  >       table: customers
  >       columns:
  >         - {name: id, type: integer, primary_key: true, autoincrement: true}
  >         - {name: email, type: string(255), nullable: false, unique: true}
  >         - {name: created_at, type: datetime(tz), nullable: false, server_default: CURRENT_TIMESTAMP}
  >   - create_table:
  >       table: orders
  >       columns:
  >         - {name: id, type: bigint, primary_key: true}
  >         - {name: customer_id, type: integer, nullable: false}
  >         - {name: total, type: numeric(10,2), nullable: false, server_default: 0}
  >         - {name: status, type: string(20), nullable: false, server_default: "'new'"}
  >         - {name: paid, type: boolean, nullable: false, server_default: false}
  >         - {name: data, type: json}
  >       foreign_keys:
  >         - {name: fk_orders_customer, columns: [customer_id], references: {table: customers, columns: [id]}, on_delete: CASCADE}
  >       checks:
  >         - {name: ck_orders_total, expression: "total >= 0"}
  >       indexes:
  >         - {name: ix_orders_customer, columns: [customer_id]}
  >         - {name: ix_orders_open, columns: [customer_id, status], where: "status <> 'done'"}
  > downgrade:
  >   - drop_table: {table: orders}
  >   - drop_table: {table: customers}
  > YAML
  $ retort upgrade head -q
  $ retort sql-schema > schema.out
  $ head -2 schema.out
  # The schema of .+, reflected by retort \d+\.\d+\.\d+ (re)
  # in the model format (models/*.yaml): see docs/models.md
  $ cat > expect.sqlite <<'YAML'
  > tables:
  >   - table: customers
  >     columns:
  >       - {name: id, type: integer, primary_key: true, autoincrement: true}
  >       - {name: email, type: string(255), nullable: false}
  >       - {name: created_at, type: datetime, nullable: false, server_default: CURRENT_TIMESTAMP}
  >     primary_key: [id]
  >     unique:
  >       - {columns: [email]}
  > 
  >   - table: orders
  >     columns:
  >       - {name: id, type: bigint, primary_key: true}
  >       - {name: customer_id, type: integer, nullable: false}
  >       - {name: total, type: numeric(10,2), nullable: false, server_default: 0}
  >       - {name: status, type: string(20), nullable: false, server_default: "'new'"}
  >       - {name: paid, type: boolean, nullable: false, server_default: 0}
  >       - {name: data, type: json}
  >     primary_key: [id]
  >     foreign_keys:
  >       - name: fk_orders_customer
  >         columns: [customer_id]
  >         references: {table: customers, columns: [id]}
  >         on_delete: CASCADE
  >     checks:
  >       - {name: ck_orders_total, expression: "total >= 0"}
  >     indexes:
  >       - {name: ix_orders_customer, columns: [customer_id]}
  >       - {name: ix_orders_open, columns: [customer_id, status], where: "status <> 'done'"}
  > YAML
  $ cat > expect.postgresql <<'YAML'
  > tables:
  >   - table: customers
  >     columns:
  >       - {name: id, type: integer, primary_key: true, autoincrement: true}
  >       - {name: email, type: string(255), nullable: false}
  >       - {name: created_at, type: datetime(tz), nullable: false, server_default: CURRENT_TIMESTAMP}
  >     primary_key: {name: customers_pkey, columns: [id]}
  >     unique:
  >       - {name: customers_email_key, columns: [email]}
  > 
  >   - table: orders
  >     columns:
  >       - {name: id, type: bigint, primary_key: true}
  >       - {name: customer_id, type: integer, nullable: false}
  >       - {name: total, type: numeric(10,2), nullable: false, server_default: 0}
  >       - {name: status, type: string(20), nullable: false, server_default: "'new'"}
  >       - {name: paid, type: boolean, nullable: false, server_default: false}
  >       - {name: data, type: json}
  >     primary_key: {name: orders_pkey, columns: [id]}
  >     foreign_keys:
  >       - name: fk_orders_customer
  >         columns: [customer_id]
  >         references: {table: customers, columns: [id]}
  >         on_delete: CASCADE
  >     checks:
  >       - {name: ck_orders_total, expression: "total >= 0::numeric"}
  >     indexes:
  >       - {name: ix_orders_customer, columns: [customer_id]}
  >       - name: ix_orders_open
  >         columns: [customer_id, status]
  >         where: "status::text <> 'done'::text"
  > YAML
  $ tail -n +3 schema.out | diff expect.$RETORT_TEST_DIALECT -

The version and history tables are not part of it. --json wraps the same YAML.

  $ grep -cE 'alembic_version|retort_history' schema.out
  0
  [1]
  $ retort sql-schema --json > schema.json
  $ python3 -c 'import json, sys; j = json.load(open("schema.json")); print(j["dialect"], j["tables"]); sys.stdout.write(j["yaml"])' | diff <(echo "$RETORT_TEST_DIALECT 2"; tail -n +3 schema.out) -

Fed back as the model, it matches the database, and a scratch database built from the
migrations.

  $ cp schema.out models/schema.yaml
  $ retort check
  OK: the model \(models\) matches the database \(.+\) (re)
  $ retort check --scratch
  OK: the model \(models\) matches a scratch database built from the migrations \(.+\) (re)

A change made by hand, outside the migrations (drift), shows up in check; taking a new
sql-schema makes the model match the database again, and then the migrations are what differ.

  $ sql "ALTER TABLE orders ADD COLUMN note TEXT"
  $ sql "CREATE INDEX ix_orders_paid ON orders (paid)"
  $ retort check
  Differences between the model \(models\) and the database \(.+\): (re)
    removed column orders.note
    removed index ix_orders_paid on orders (paid)
  FAILED: 2 difference(s)
  [1]
  $ retort sql-schema > models/schema.yaml
  $ retort check
  OK: the model \(models\) matches the database \(.+\) (re)
  $ retort check --scratch
  Differences between the model \(models\) and a scratch database built from the migrations \(.+\): (re)
    added column orders.note (text)
    added index ix_orders_paid on orders (paid)
  FAILED: 2 difference(s)
  [1]

A database built by Alembic (Debian's python3-alembic, SQLAlchemy's op.create_table with
foreign keys, indexes, server defaults, a check and a partial index), in a new project.

  $ mkdir alembic-built && cd alembic-built
  $ fresh_db
  $ alembic() { /usr/bin/python3 -m alembic "$@"; }
  $ mkdir -p alembic/versions
  $ printf '[alembic]\nscript_location = alembic\n' > alembic.ini
  $ cat > alembic/env.py <<'PY'
  > import os
  > from alembic import context
  > from sqlalchemy import create_engine
  > with create_engine(os.environ["DATABASE_URL"]).connect() as connection:
  >     context.configure(connection=connection)
  >     with context.begin_transaction():
  >         context.run_migrations()
  > PY
  $ cat > alembic/versions/a1.py <<'PY'
  > """tenants and users"""
  > from alembic import op
  > import sqlalchemy as sa
  > revision = "a1"
  > down_revision = None
  > branch_labels = None
  > depends_on = None
  > def upgrade():
  >     op.create_table(
  >         "tenants",
  >         sa.Column("id", sa.Integer, primary_key=True),
  >         sa.Column("name", sa.String(100), nullable=False),
  >         sa.Column("is_active", sa.Boolean, nullable=False, server_default=sa.true()),
  >         sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.current_timestamp()),
  >         sa.UniqueConstraint("name", name="uq_tenants_name"),
  >     )
  >     op.create_table(
  >         "users",
  >         sa.Column("id", sa.Integer, primary_key=True),
  >         sa.Column("tenant_id", sa.Integer, sa.ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False),
  >         sa.Column("email", sa.String(255), nullable=False),
  >         sa.Column("role", sa.String(20), nullable=False, server_default="viewer"),
  >     )
  >     op.create_index("ix_users_tenant_email", "users", ["tenant_id", "email"], unique=True)
  > def downgrade():
  >     op.drop_index("ix_users_tenant_email", table_name="users")
  >     op.drop_table("users")
  >     op.drop_table("tenants")
  > PY
  $ cat > alembic/versions/a2.py <<'PY'
  > """products"""
  > from alembic import op
  > import sqlalchemy as sa
  > revision = "a2"
  > down_revision = "a1"
  > branch_labels = None
  > depends_on = None
  > def upgrade():
  >     op.create_table(
  >         "products",
  >         sa.Column("id", sa.Integer, primary_key=True),
  >         sa.Column("tenant_id", sa.Integer, nullable=False),
  >         sa.Column("sku", sa.String(50), nullable=False),
  >         sa.Column("price", sa.Numeric(10, 2), nullable=False, server_default="0"),
  >         sa.Column("owner_id", sa.Integer, nullable=True),
  >         sa.Column("notes", sa.Text),
  >         sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name="fk_products_tenant"),
  >         sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name="fk_products_owner", ondelete="SET NULL"),
  >         sa.CheckConstraint("price >= 0", name="ck_products_price"),
  >     )
  >     op.create_index("ix_products_sku", "products", ["sku"])
  > def downgrade():
  >     op.drop_index("ix_products_sku", table_name="products")
  >     op.drop_table("products")
  > PY
  $ cat > alembic/versions/a3.py <<'PY'
  > """product status"""
  > from alembic import op
  > import sqlalchemy as sa
  > revision = "a3"
  > down_revision = "a2"
  > branch_labels = None
  > depends_on = None
  > def upgrade():
  >     op.add_column("products", sa.Column("status", sa.String(20), nullable=False, server_default="active"))
  >     op.create_index("ix_products_active", "products", ["tenant_id"],
  >                     sqlite_where=sa.text("status = 'active'"), postgresql_where=sa.text("status = 'active'"))
  > def downgrade():
  >     op.drop_index("ix_products_active", table_name="products")
  >     op.drop_column("products", "status")
  > PY
  $ alembic upgrade head
  $ alembic current
  a3 (head)

retort takes it over from a baseline: the model is what sql-schema reads; the baseline revision
has the id Alembic's version table holds (a3) and is generated from the model against an empty
database (so a fresh database can still be built from the migrations). Then check against the
Alembic-built database is clean.

  $ retort init -q
  $ retort sql-schema > models/schema.yaml
  $ grep -E '^  - table:' models/schema.yaml
    - table: products
    - table: tenants
    - table: users
  $ empty=$(mkdir empty && cd empty && fresh_db && echo "$DATABASE_URL")
  $ retort revision --autogenerate -m "baseline from alembic" --rev-id a3 --url "$empty"
  Generating migrations/versions/a3_baseline_from_alembic.yaml ...  done
  $ grep -E '^  - ' migrations/versions/a3_baseline_from_alembic.yaml
    - create_table:
    - create_table:
    - create_table:
    - drop_table: {table: products}
    - drop_table: {table: users}
    - drop_table: {table: tenants}
  $ retort current
  a3 (head)
  $ retort check
  OK: the model \(models\) matches the database \(.+\) (re)
  $ retort check --scratch
  OK: the model \(models\) matches a scratch database built from the migrations \(.+\) (re)
  $ retort test | tail -1
  OK: 1 revision(s) round-trip

From here on, changes go through the model: autogenerate writes the next revision on top of
Alembic's, and retort applies it (sequential ids count only all-digit ids, so it is 001).

  $ sed -i 's/      - {name: notes, type: text}/      - {name: notes, type: text}\n      - {name: discontinued, type: boolean}/' models/schema.yaml
  $ retort check
  Differences between the model \(models\) and the database \(.+\): (re)
    added column products.discontinued (boolean)
  FAILED: 1 difference(s)
  [1]
  $ retort revision --autogenerate -m "discontinued products"
  Generating migrations/versions/001_discontinued_products.yaml ...  done
  $ retort upgrade head
  Running upgrade a3 -> 001, discontinued products
    done in \d+ ms (re)
  $ retort check
  OK: the model \(models\) matches the database \(.+\) (re)
  $ db_state
  tables: alembic_version products retort_history tenants users
  versions: 001
  history rows: 1
