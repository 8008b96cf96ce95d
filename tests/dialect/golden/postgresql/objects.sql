-- create_schema
CREATE SCHEMA "reporting";

-- create_schema
-- guard: if_not_exists (IF NOT EXISTS in the statement)
CREATE SCHEMA IF NOT EXISTS "reporting";

-- create_extension
-- guard: if_not_exists (IF NOT EXISTS in the statement)
CREATE EXTENSION IF NOT EXISTS "pg_trgm" SCHEMA "reporting";

-- create_table
CREATE TABLE "orders" (
  "id" INTEGER NOT NULL,
  "total" NUMERIC(10, 2),
  "updated_at" TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY ("id")
);

-- create_view
CREATE VIEW "big_orders" AS
SELECT id, total FROM orders WHERE total > 100;

-- replace_view
CREATE OR REPLACE VIEW "big_orders" AS
SELECT id, total, updated_at
FROM orders
WHERE total > 100;

-- create_view
CREATE MATERIALIZED VIEW "reporting"."order_totals" AS
SELECT count(*) AS n, sum(total) AS total FROM orders;

-- refresh_materialized_view
REFRESH MATERIALIZED VIEW "reporting"."order_totals";

-- replace_view
DROP MATERIALIZED VIEW "reporting"."order_totals";
CREATE MATERIALIZED VIEW "reporting"."order_totals" AS
SELECT count(*) AS n FROM orders;

-- create_function
CREATE FUNCTION "set_updated_at"()
  RETURNS trigger
  LANGUAGE plpgsql
AS $body$BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$body$;

-- create_function
CREATE FUNCTION "reporting"."cpm"(spend numeric, impressions bigint)
  RETURNS numeric
  LANGUAGE sql
  IMMUTABLE
AS $body_1$SELECT spend * 1000 / NULLIF(impressions, 0) -- not the end: $body$$body_1$;

-- replace_function
CREATE OR REPLACE FUNCTION "reporting"."cpm"(spend numeric, impressions bigint)
  RETURNS numeric
  LANGUAGE sql
  STABLE
AS $body$SELECT spend * 100 / NULLIF(impressions, 0)$body$;

-- create_trigger
CREATE TRIGGER "trg_orders_updated_at" BEFORE INSERT OR UPDATE OF "total" ON "orders" FOR EACH ROW WHEN (NEW.total IS NOT NULL) EXECUTE FUNCTION "set_updated_at"();

-- create_trigger
CREATE TRIGGER "trg_orders_truncate" AFTER TRUNCATE ON "orders" FOR EACH STATEMENT EXECUTE FUNCTION "set_updated_at"();

-- drop_trigger
DROP TRIGGER "trg_orders_truncate" ON "orders";

-- drop_trigger
-- guard: if_exists (IF EXISTS in the statement)
DROP TRIGGER IF EXISTS "trg_orders_truncate" ON "orders";

-- create_sequence
CREATE SEQUENCE "reporting"."invoice_numbers" AS INTEGER INCREMENT BY 10 MINVALUE 1000 MAXVALUE 99999 START WITH 1000 CACHE 5 CYCLE;

-- create_sequence
-- guard: if_not_exists (IF NOT EXISTS in the statement)
CREATE SEQUENCE IF NOT EXISTS "reporting"."invoice_numbers";

-- alter_sequence
ALTER SEQUENCE "reporting"."invoice_numbers" INCREMENT BY 1 RESTART WITH 2000 NO CYCLE;

-- drop_sequence
DROP SEQUENCE "reporting"."invoice_numbers";

-- drop_sequence
-- guard: if_exists (IF EXISTS in the statement)
DROP SEQUENCE IF EXISTS "reporting"."invoice_numbers";

-- drop_trigger
DROP TRIGGER "trg_orders_updated_at" ON "orders";

-- drop_function
DROP FUNCTION "reporting"."cpm"(numeric, bigint);

-- drop_function
DROP FUNCTION "set_updated_at"();

-- drop_function
-- guard: if_exists (IF EXISTS in the statement)
DROP FUNCTION IF EXISTS "set_updated_at"();

-- drop_view
DROP MATERIALIZED VIEW "reporting"."order_totals";

-- drop_view
DROP VIEW "big_orders";

-- drop_view
-- guard: if_exists (IF EXISTS in the statement)
DROP VIEW IF EXISTS "big_orders";

-- drop_extension
DROP EXTENSION "pg_trgm";

-- drop_extension
-- guard: if_exists (IF EXISTS in the statement)
DROP EXTENSION IF EXISTS "pg_trgm";

-- drop_schema
DROP SCHEMA "reporting";

-- drop_schema
-- guard: if_exists (IF EXISTS in the statement)
DROP SCHEMA IF EXISTS "reporting";
