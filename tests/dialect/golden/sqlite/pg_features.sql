-- create_table
CREATE TABLE "accounts" (
    "id" INTEGER PRIMARY KEY,
    "email" TEXT,
    "tenant_id" VARCHAR(50),
    "price" NUMERIC(10, 2),
    "quantity" INTEGER,
    "total" NUMERIC(12, 2) GENERATED ALWAYS AS (price * quantity) STORED,
    "label" TEXT GENERATED ALWAYS AS (lower(email)) VIRTUAL,
    CONSTRAINT "uq_accounts_email" UNIQUE ("email")
);
CREATE INDEX "ix_accounts_tenant" ON "accounts" ("tenant_id", "email" DESC);

-- bulk_insert
INSERT INTO "accounts" ("email", "tenant_id", "price", "quantity") VALUES
    ('A@example.com', 't1', 2, 3);

-- create_table
CREATE TABLE "orders" (
    "id" INTEGER NOT NULL,
    "account_id" BIGINT,
    "amount" INTEGER,
    PRIMARY KEY ("id")
);

-- bulk_insert
INSERT INTO "orders" ("id", "account_id", "amount") VALUES
    (1, 1, 5);

-- add_column
ALTER TABLE "orders" ADD COLUMN "amount_x2" INTEGER GENERATED ALWAYS AS (amount * 2) VIRTUAL;

-- add_column
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_orders";
CREATE TABLE "_retort_new_orders" (
    "id" INTEGER NOT NULL,
    "account_id" BIGINT,
    "amount" INTEGER,
    "amount_x2" INTEGER GENERATED ALWAYS AS (amount * 2) VIRTUAL,
    "amount_x3" INTEGER GENERATED ALWAYS AS (amount * 3) STORED,
    PRIMARY KEY ("id")
);
INSERT INTO "_retort_new_orders" ("id", "account_id", "amount") SELECT "id", "account_id", "amount" FROM "orders";
DROP TABLE "orders";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_orders" RENAME TO "orders";
PRAGMA legacy_alter_table=OFF;
PRAGMA foreign_key_check("orders");

-- create_index
CREATE UNIQUE INDEX "ix_orders_amount" ON "orders" ("amount" DESC) WHERE amount > 0;

-- rename_index
DROP INDEX "ix_orders_amount";
CREATE UNIQUE INDEX "ix_orders_amount_desc" ON "orders" ("amount" DESC) WHERE amount > 0;

-- create_foreign_key
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_orders";
CREATE TABLE "_retort_new_orders" (
    "id" INTEGER NOT NULL,
    "account_id" BIGINT,
    "amount" INTEGER,
    "amount_x2" INTEGER GENERATED ALWAYS AS (amount * 2) VIRTUAL,
    "amount_x3" INTEGER GENERATED ALWAYS AS (amount * 3) STORED,
    PRIMARY KEY ("id"),
    CONSTRAINT "fk_orders_account" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id")
);
INSERT INTO "_retort_new_orders" ("id", "account_id", "amount") SELECT "id", "account_id", "amount" FROM "orders";
DROP TABLE "orders";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_orders" RENAME TO "orders";
PRAGMA legacy_alter_table=OFF;
CREATE UNIQUE INDEX "ix_orders_amount_desc" ON "orders" ("amount" DESC) WHERE amount > 0;
PRAGMA foreign_key_check("orders");

-- create_check_constraint
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_orders";
CREATE TABLE "_retort_new_orders" (
    "id" INTEGER NOT NULL,
    "account_id" BIGINT,
    "amount" INTEGER,
    "amount_x2" INTEGER GENERATED ALWAYS AS (amount * 2) VIRTUAL,
    "amount_x3" INTEGER GENERATED ALWAYS AS (amount * 3) STORED,
    PRIMARY KEY ("id"),
    CONSTRAINT "fk_orders_account" FOREIGN KEY ("account_id") REFERENCES "accounts" ("id"),
    CONSTRAINT "ck_orders_amount" CHECK (amount >= 0)
);
INSERT INTO "_retort_new_orders" ("id", "account_id", "amount") SELECT "id", "account_id", "amount" FROM "orders";
DROP TABLE "orders";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_orders" RENAME TO "orders";
PRAGMA legacy_alter_table=OFF;
CREATE UNIQUE INDEX "ix_orders_amount_desc" ON "orders" ("amount" DESC) WHERE amount > 0;
PRAGMA foreign_key_check("orders");

-- validate_constraint
-- (nothing on sqlite)

-- validate_constraint
-- (nothing on sqlite)

-- assert
SELECT amount_x3 = 15 AND amount_x2 = 10 FROM orders;

-- assert
SELECT total = 6 AND label = 'a@example.com' FROM accounts;
