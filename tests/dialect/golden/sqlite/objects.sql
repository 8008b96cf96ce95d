-- create_table
CREATE TABLE "orders" (
    "id" INTEGER NOT NULL,
    "total" NUMERIC(10, 2),
    "updated_at" DATETIME,
    PRIMARY KEY ("id")
);

-- create_view
CREATE VIEW "big_orders" AS
SELECT id, total FROM orders WHERE total > 100;

-- replace_view
DROP VIEW "big_orders";
CREATE VIEW "big_orders" AS
SELECT id, total, updated_at
FROM orders
WHERE total > 100;

-- create_view
-- (nothing on sqlite)

-- create_trigger
CREATE TRIGGER "trg_orders_updated_at" AFTER UPDATE OF "total" ON "orders" FOR EACH ROW WHEN NEW.updated_at IS OLD.updated_at
BEGIN
UPDATE orders SET updated_at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;

-- create_trigger
CREATE TRIGGER "trg_orders_insert" BEFORE INSERT ON "orders" FOR EACH ROW
BEGIN
SELECT RAISE(ABORT, 'negative total') WHERE NEW.total < 0;
SELECT 1;
END;

-- drop_trigger
DROP TRIGGER "trg_orders_insert";

-- drop_trigger
-- guard: if_exists (IF EXISTS in the statement)
DROP TRIGGER IF EXISTS "trg_orders_insert";

-- drop_trigger
DROP TRIGGER "trg_orders_updated_at";

-- drop_view
DROP VIEW "big_orders";

-- drop_view
-- guard: if_exists (IF EXISTS in the statement)
DROP VIEW IF EXISTS "big_orders";

-- create_view
-- (nothing on sqlite)

-- refresh_materialized_view
-- (nothing on sqlite)

-- drop_view
-- (nothing on sqlite)

-- create_function
-- (nothing on sqlite)

-- replace_function
-- (nothing on sqlite)

-- drop_function
-- (nothing on sqlite)

-- create_sequence
-- (nothing on sqlite)

-- alter_sequence
-- (nothing on sqlite)

-- drop_sequence
-- (nothing on sqlite)

-- create_extension
-- (nothing on sqlite)

-- drop_extension
-- (nothing on sqlite)

-- create_schema
-- (nothing on sqlite)

-- drop_schema
-- (nothing on sqlite)
