-- create_table
CREATE TABLE "accounts" (
  "id" INTEGER NOT NULL,
  "code" VARCHAR(20) NOT NULL,
  PRIMARY KEY ("id")
);

-- create_table
CREATE TABLE "orders" (
  "id" INTEGER NOT NULL,
  "account_id" INTEGER,
  "total" NUMERIC(10, 2)
);

-- create_table
-- guard: if_not_exists (IF NOT EXISTS in the statement)
CREATE TABLE IF NOT EXISTS "accounts" (
  "id" INTEGER
);

-- add_column
-- guard: if_not_exists (IF NOT EXISTS in the statement)
ALTER TABLE "orders" ADD COLUMN IF NOT EXISTS "note" TEXT;

-- add_column
-- guard: if_not_exists (IF NOT EXISTS in the statement)
ALTER TABLE "orders" ADD COLUMN IF NOT EXISTS "note" TEXT;

-- create_primary_key
-- guard: if_not_exists (checked first: SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = to_regclass('"orders"') AND contype = 'p')
ALTER TABLE "orders" ADD CONSTRAINT "pk_orders" PRIMARY KEY ("id");

-- create_primary_key
-- guard: if_not_exists (checked first: SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = to_regclass('"orders"') AND contype = 'p')
ALTER TABLE "orders" ADD PRIMARY KEY ("id");

-- create_foreign_key
-- guard: if_not_exists (checked first: SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = to_regclass('"orders"') AND conname = 'fk_orders_account')
ALTER TABLE "orders" ADD CONSTRAINT "fk_orders_account" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id");

-- create_foreign_key
-- guard: if_not_exists (checked first: SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = to_regclass('"orders"') AND conname = 'fk_orders_account')
ALTER TABLE "orders" ADD CONSTRAINT "fk_orders_account" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id");

-- create_unique_constraint
-- guard: if_not_exists (checked first: SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = to_regclass('"accounts"') AND conname = 'uq_accounts_code')
ALTER TABLE "accounts" ADD CONSTRAINT "uq_accounts_code" UNIQUE ("code");

-- create_unique_constraint
-- guard: if_not_exists (checked first: SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = to_regclass('"accounts"') AND conname = 'uq_accounts_code')
ALTER TABLE "accounts" ADD CONSTRAINT "uq_accounts_code" UNIQUE ("code");

-- create_check_constraint
-- guard: if_not_exists (checked first: SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = to_regclass('"orders"') AND conname = 'ck_orders_total')
ALTER TABLE "orders" ADD CONSTRAINT "ck_orders_total" CHECK (total >= 0);

-- create_check_constraint
-- guard: if_not_exists (checked first: SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = to_regclass('"orders"') AND conname = 'ck_orders_total')
ALTER TABLE "orders" ADD CONSTRAINT "ck_orders_total" CHECK (total >= 0);

-- create_index
-- guard: if_not_exists (IF NOT EXISTS in the statement)
CREATE INDEX IF NOT EXISTS "ix_orders_account" ON "orders" ("account_id");

-- create_enum
-- guard: if_not_exists (checked first: SELECT 1 WHERE to_regtype('"order_state"') IS NOT NULL)
CREATE TYPE "order_state" AS ENUM ('open', 'closed');

-- create_enum
-- guard: if_not_exists (checked first: SELECT 1 WHERE to_regtype('"order_state"') IS NOT NULL)
CREATE TYPE "order_state" AS ENUM ('open', 'closed');

-- bulk_insert
-- guard: unless: SELECT 1 FROM accounts WHERE id = 1
INSERT INTO "accounts" ("id", "code") VALUES
  (1, 'a');

-- bulk_insert
-- guard: unless: SELECT 1 FROM accounts WHERE id = 1
INSERT INTO "accounts" ("id", "code") VALUES
  (1, 'a');

-- execute
-- guard: only_if: SELECT 1 FROM orders
UPDATE orders SET total = 0 WHERE total IS NULL;

-- alter_column
-- guard: only_if: SELECT 1 FROM accounts
COMMENT ON COLUMN "orders"."note" IS 'free text';

-- drop_constraint
-- guard: if_exists (IF EXISTS in the statement)
ALTER TABLE "orders" DROP CONSTRAINT IF EXISTS "ck_orders_total";

-- drop_constraint
-- guard: if_exists (IF EXISTS in the statement)
ALTER TABLE "orders" DROP CONSTRAINT IF EXISTS "ck_orders_total";

-- drop_constraint
-- guard: if_exists (IF EXISTS in the statement)
ALTER TABLE "orders" DROP CONSTRAINT IF EXISTS "fk_orders_account";

-- drop_index
-- guard: if_exists (IF EXISTS in the statement)
DROP INDEX IF EXISTS "ix_orders_account";

-- drop_index
-- guard: if_exists (IF EXISTS in the statement)
DROP INDEX IF EXISTS "ix_orders_account";

-- drop_enum
-- guard: if_exists (IF EXISTS in the statement)
DROP TYPE IF EXISTS "order_state";

-- drop_enum
-- guard: if_exists (IF EXISTS in the statement)
DROP TYPE IF EXISTS "order_state";

-- drop_column
-- guard: if_exists (IF EXISTS in the statement)
ALTER TABLE "orders" DROP COLUMN IF EXISTS "note";

-- drop_column
-- guard: if_exists (IF EXISTS in the statement)
ALTER TABLE "orders" DROP COLUMN IF EXISTS "note";

-- rename_table
-- guard: unless: SELECT 1 FROM pg_tables WHERE tablename = 'purchases'
ALTER TABLE "orders" RENAME TO "purchases";

-- drop_table
-- guard: if_exists (IF EXISTS in the statement)
DROP TABLE IF EXISTS "purchases";

-- drop_table
-- guard: if_exists (IF EXISTS in the statement)
DROP TABLE IF EXISTS "purchases";
