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
-- guard: if_not_exists (checked in the table's current definition)
ALTER TABLE "orders" ADD COLUMN "note" TEXT;

-- add_column
-- guard: if_not_exists (checked in the table's current definition)
-- (nothing on sqlite)

-- create_primary_key
-- guard: if_not_exists (checked in the table's current definition)
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_orders";
CREATE TABLE "_retort_new_orders" (
    "id" INTEGER NOT NULL,
    "account_id" INTEGER,
    "total" NUMERIC(10, 2),
    "note" TEXT,
    CONSTRAINT "pk_orders" PRIMARY KEY ("id")
);
INSERT INTO "_retort_new_orders" ("id", "account_id", "total", "note") SELECT "id", "account_id", "total", "note" FROM "orders";
DROP TABLE "orders";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_orders" RENAME TO "orders";
PRAGMA legacy_alter_table=OFF;
PRAGMA foreign_key_check("orders");

-- create_primary_key
-- guard: if_not_exists (checked in the table's current definition)
-- (nothing on sqlite)

-- create_foreign_key
-- guard: if_not_exists (checked in the table's current definition)
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_orders";
CREATE TABLE "_retort_new_orders" (
    "id" INTEGER NOT NULL,
    "account_id" INTEGER,
    "total" NUMERIC(10, 2),
    "note" TEXT,
    CONSTRAINT "pk_orders" PRIMARY KEY ("id"),
    CONSTRAINT "fk_orders_account" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id")
);
INSERT INTO "_retort_new_orders" ("id", "account_id", "total", "note") SELECT "id", "account_id", "total", "note" FROM "orders";
DROP TABLE "orders";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_orders" RENAME TO "orders";
PRAGMA legacy_alter_table=OFF;
PRAGMA foreign_key_check("orders");

-- create_foreign_key
-- guard: if_not_exists (checked in the table's current definition)
-- (nothing on sqlite)

-- create_unique_constraint
-- guard: if_not_exists (checked in the table's current definition)
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_accounts";
CREATE TABLE "_retort_new_accounts" (
    "id" INTEGER NOT NULL,
    "code" VARCHAR(20) NOT NULL,
    PRIMARY KEY ("id"),
    CONSTRAINT "uq_accounts_code" UNIQUE ("code")
);
INSERT INTO "_retort_new_accounts" ("id", "code") SELECT "id", "code" FROM "accounts";
DROP TABLE "accounts";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_accounts" RENAME TO "accounts";
PRAGMA legacy_alter_table=OFF;
PRAGMA foreign_key_check("accounts");

-- create_unique_constraint
-- guard: if_not_exists (checked in the table's current definition)
-- (nothing on sqlite)

-- create_check_constraint
-- guard: if_not_exists (checked in the table's current definition)
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_orders";
CREATE TABLE "_retort_new_orders" (
    "id" INTEGER NOT NULL,
    "account_id" INTEGER,
    "total" NUMERIC(10, 2),
    "note" TEXT,
    CONSTRAINT "pk_orders" PRIMARY KEY ("id"),
    CONSTRAINT "fk_orders_account" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id"),
    CONSTRAINT "ck_orders_total" CHECK (total >= 0)
);
INSERT INTO "_retort_new_orders" ("id", "account_id", "total", "note") SELECT "id", "account_id", "total", "note" FROM "orders";
DROP TABLE "orders";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_orders" RENAME TO "orders";
PRAGMA legacy_alter_table=OFF;
PRAGMA foreign_key_check("orders");

-- create_check_constraint
-- guard: if_not_exists (checked in the table's current definition)
-- (nothing on sqlite)

-- create_index
-- guard: if_not_exists (IF NOT EXISTS in the statement)
CREATE INDEX IF NOT EXISTS "ix_orders_account" ON "orders" ("account_id");

-- create_enum
-- (nothing on sqlite)

-- create_enum
-- (nothing on sqlite)

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
-- guard: only_if: SELECT 1 FROM orders WHERE total IS NULL
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_orders";
CREATE TABLE "_retort_new_orders" (
    "id" INTEGER NOT NULL,
    "account_id" INTEGER,
    "total" NUMERIC(10, 2) NOT NULL,
    "note" TEXT,
    CONSTRAINT "pk_orders" PRIMARY KEY ("id"),
    CONSTRAINT "fk_orders_account" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id"),
    CONSTRAINT "ck_orders_total" CHECK (total >= 0)
);
INSERT INTO "_retort_new_orders" ("id", "account_id", "total", "note") SELECT "id", "account_id", "total", "note" FROM "orders";
DROP TABLE "orders";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_orders" RENAME TO "orders";
PRAGMA legacy_alter_table=OFF;
CREATE INDEX "ix_orders_account" ON "orders" ("account_id");
PRAGMA foreign_key_check("orders");

-- drop_constraint
-- guard: if_exists (checked in the table's current definition)
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_orders";
CREATE TABLE "_retort_new_orders" (
    "id" INTEGER NOT NULL,
    "account_id" INTEGER,
    "total" NUMERIC(10, 2),
    "note" TEXT,
    CONSTRAINT "pk_orders" PRIMARY KEY ("id"),
    CONSTRAINT "fk_orders_account" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id")
);
INSERT INTO "_retort_new_orders" ("id", "account_id", "total", "note") SELECT "id", "account_id", "total", "note" FROM "orders";
DROP TABLE "orders";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_orders" RENAME TO "orders";
PRAGMA legacy_alter_table=OFF;
CREATE INDEX "ix_orders_account" ON "orders" ("account_id");
PRAGMA foreign_key_check("orders");

-- drop_constraint
-- guard: if_exists (checked in the table's current definition)
-- (nothing on sqlite)

-- drop_constraint
-- guard: if_exists (checked in the table's current definition)
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_orders";
CREATE TABLE "_retort_new_orders" (
    "id" INTEGER NOT NULL,
    "account_id" INTEGER,
    "total" NUMERIC(10, 2),
    "note" TEXT,
    CONSTRAINT "pk_orders" PRIMARY KEY ("id")
);
INSERT INTO "_retort_new_orders" ("id", "account_id", "total", "note") SELECT "id", "account_id", "total", "note" FROM "orders";
DROP TABLE "orders";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_orders" RENAME TO "orders";
PRAGMA legacy_alter_table=OFF;
CREATE INDEX "ix_orders_account" ON "orders" ("account_id");
PRAGMA foreign_key_check("orders");

-- drop_index
-- guard: if_exists (IF EXISTS in the statement)
DROP INDEX IF EXISTS "ix_orders_account";

-- drop_index
-- guard: if_exists (IF EXISTS in the statement)
DROP INDEX IF EXISTS "ix_orders_account";

-- drop_enum
-- (nothing on sqlite)

-- drop_enum
-- (nothing on sqlite)

-- drop_column
-- guard: if_exists (checked in the table's current definition)
ALTER TABLE "orders" DROP COLUMN "note";

-- drop_column
-- guard: if_exists (checked in the table's current definition)
-- (nothing on sqlite)

-- rename_table
-- guard: unless: SELECT 1 FROM sqlite_master WHERE name = 'purchases'
ALTER TABLE "orders" RENAME TO "purchases";

-- drop_table
-- guard: if_exists (IF EXISTS in the statement)
DROP TABLE IF EXISTS "purchases";

-- drop_table
-- guard: if_exists (IF EXISTS in the statement)
DROP TABLE IF EXISTS "purchases";
