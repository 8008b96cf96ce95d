-- create_enum
CREATE TYPE "buy_status" AS ENUM ('draft', 'pending', 'active', 'it''s done');

-- create_table
CREATE TABLE "tenants" (
  "tenant_id" VARCHAR(50) NOT NULL,
  "name" VARCHAR(200) NOT NULL,
  "billing_plan" VARCHAR(50) NOT NULL DEFAULT 'standard',
  "is_active" BOOLEAN NOT NULL DEFAULT true,
  "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY ("tenant_id")
);
COMMENT ON TABLE "tenants" IS 'Publishers using the sales agent';

-- create_table
CREATE TABLE "products" (
  "tenant_id" VARCHAR(50) NOT NULL,
  "product_id" VARCHAR(100) NOT NULL,
  "name" TEXT NOT NULL,
  "measurement" JSONB DEFAULT '{"provider": "publisher"}'::jsonb,
  CONSTRAINT "pk_products" PRIMARY KEY ("tenant_id", "product_id"),
  CONSTRAINT "fk_products_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("tenant_id") ON DELETE CASCADE
);

-- create_table
CREATE TABLE "pricing_options" (
  "id" SERIAL NOT NULL,
  "tenant_id" VARCHAR(50) NOT NULL,
  "product_id" VARCHAR(100) NOT NULL,
  "pricing_model" VARCHAR(20) NOT NULL,
  "rate" NUMERIC(10, 2),
  "floor" REAL DEFAULT 0.5,
  "ceiling" DOUBLE PRECISION DEFAULT -1,
  "status" "buy_status" NOT NULL DEFAULT 'draft',
  "code" UUID UNIQUE,
  "payload" BYTEA,
  "raw" JSON,
  "starts_on" DATE,
  "opens_at" TIME,
  "updated_at" TIMESTAMP WITHOUT TIME ZONE,
  "counter" BIGINT DEFAULT 0,
  "tiny" SMALLINT,
  "label" VARCHAR,
  "address" INET,
  "tags" TEXT[],
  PRIMARY KEY ("id"),
  CONSTRAINT "fk_po_product" FOREIGN KEY ("tenant_id", "product_id") REFERENCES "products" ("tenant_id", "product_id") ON DELETE CASCADE ON UPDATE SET NULL,
  CONSTRAINT "uq_po" UNIQUE ("tenant_id", "product_id", "pricing_model"),
  CONSTRAINT "ck_po_rate" CHECK (rate >= 0),
  CONSTRAINT "ck_po_json" CHECK (jsonb_typeof(raw::jsonb) = 'object')
);
CREATE INDEX "idx_po_product" ON "pricing_options" ("tenant_id", "product_id");
CREATE UNIQUE INDEX "idx_po_active" ON "pricing_options" ("tenant_id") WHERE status = 'active';
CREATE INDEX "idx_po_label" ON "pricing_options" ((lower(label)), "tenant_id");
COMMENT ON TABLE "pricing_options" IS 'Pricing models attached to products (a product''s "rate card")';
COMMENT ON COLUMN "pricing_options"."rate" IS 'Rate in the currency''s unit';

-- create_table
-- guard: if_not_exists (IF NOT EXISTS in the statement)
CREATE TABLE IF NOT EXISTS "audit_logs" (
  "id" BIGSERIAL NOT NULL,
  "details" JSONB,
  PRIMARY KEY ("id")
);
CREATE INDEX IF NOT EXISTS "idx_audit_details" ON "audit_logs" USING gin ("details");

-- execute
CREATE SCHEMA billing;

-- create_table
CREATE TABLE "billing"."invoices" (
  "id" INTEGER NOT NULL,
  "tenant_id" VARCHAR(50),
  PRIMARY KEY ("id"),
  FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants" ("tenant_id") ON DELETE SET DEFAULT
);
CREATE INDEX "idx_invoices_tenant" ON "billing"."invoices" ("tenant_id");
COMMENT ON TABLE "billing"."invoices" IS 'In another schema';
COMMENT ON COLUMN "billing"."invoices"."tenant_id" IS 'Owner';
