-- create_enum
-- (nothing on sqlite)

-- create_table
CREATE TABLE "tenants" (
    "tenant_id" VARCHAR(50) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "billing_plan" VARCHAR(50) NOT NULL DEFAULT 'standard',
    "is_active" BOOLEAN NOT NULL DEFAULT 1,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME DEFAULT (datetime('now')),
    PRIMARY KEY ("tenant_id")
);

-- create_table
CREATE TABLE "products" (
    "tenant_id" VARCHAR(50) NOT NULL,
    "product_id" VARCHAR(100) NOT NULL,
    "name" TEXT NOT NULL,
    "measurement" JSON DEFAULT '{}',
    CONSTRAINT "pk_products" PRIMARY KEY ("tenant_id", "product_id"),
    CONSTRAINT "fk_products_tenant" FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("tenant_id") ON DELETE CASCADE
);

-- create_table
CREATE TABLE "pricing_options" (
    "id" INTEGER PRIMARY KEY,
    "tenant_id" VARCHAR(50) NOT NULL,
    "product_id" VARCHAR(100) NOT NULL,
    "pricing_model" VARCHAR(20) NOT NULL,
    "rate" NUMERIC(10, 2),
    "floor" FLOAT DEFAULT 0.5,
    "ceiling" DOUBLE DEFAULT -1,
    "status" VARCHAR(9) NOT NULL DEFAULT 'draft' CONSTRAINT "buy_status" CHECK ("status" IN ('draft', 'pending', 'active', 'it''s done')),
    "code" CHAR(36) UNIQUE,
    "payload" BLOB,
    "raw" JSON,
    "starts_on" DATE,
    "opens_at" TIME,
    "updated_at" DATETIME,
    "counter" BIGINT DEFAULT 0,
    "tiny" SMALLINT,
    "label" VARCHAR,
    "address" TEXT,
    "tags" CITEXT,
    CONSTRAINT "fk_po_product" FOREIGN KEY ("tenant_id", "product_id") REFERENCES "products" ("tenant_id", "product_id") ON DELETE CASCADE ON UPDATE SET NULL,
    FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("tenant_id") ON DELETE NO ACTION,
    CONSTRAINT "uq_po" UNIQUE ("tenant_id", "product_id", "pricing_model"),
    CONSTRAINT "ck_po_rate" CHECK (rate >= 0),
    CONSTRAINT "ck_po_json_sqlite" CHECK (json_valid(raw))
);
CREATE INDEX "idx_po_product" ON "pricing_options" ("tenant_id", "product_id");
CREATE UNIQUE INDEX "idx_po_active" ON "pricing_options" ("tenant_id") WHERE status = 'active';
CREATE INDEX "idx_po_label" ON "pricing_options" (lower(label), "tenant_id");

-- create_table
-- guard: if_not_exists (IF NOT EXISTS in the statement)
CREATE TABLE IF NOT EXISTS "audit_logs" (
    "id" INTEGER PRIMARY KEY,
    "details" JSON
);
CREATE INDEX IF NOT EXISTS "idx_audit_details" ON "audit_logs" ("details");

-- create_table
-- guard: if_not_exists (IF NOT EXISTS in the statement)
CREATE TABLE IF NOT EXISTS "audit_logs" (
    "id" INTEGER PRIMARY KEY
);

-- create_table
CREATE TABLE "main"."invoices" (
    "id" INTEGER NOT NULL,
    "tenant_id" VARCHAR(50),
    PRIMARY KEY ("id"),
    FOREIGN KEY ("tenant_id") REFERENCES "tenants" ("tenant_id") ON DELETE SET DEFAULT
);
CREATE INDEX "main"."idx_invoices_tenant" ON "invoices" ("tenant_id");
