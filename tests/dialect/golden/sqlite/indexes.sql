-- create_table
CREATE TABLE "creatives" (
    "id" INTEGER NOT NULL,
    "tenant_id" VARCHAR(50),
    "name" TEXT,
    "data" JSON,
    "deleted_at" DATETIME,
    PRIMARY KEY ("id")
);

-- create_index
CREATE INDEX "idx_creatives_tenant" ON "creatives" ("tenant_id");

-- create_index
CREATE UNIQUE INDEX "uq_creatives_name" ON "creatives" ("tenant_id", "name") WHERE deleted_at IS NULL;

-- create_index
CREATE INDEX "idx_creatives_data" ON "creatives" ("data");

-- create_index
CREATE INDEX "idx_creatives_lower" ON "creatives" (lower(name), json_extract(data, '$.kind'));

-- create_index
-- guard: if_not_exists (IF NOT EXISTS in the statement)
CREATE INDEX IF NOT EXISTS "idx_creatives_tenant" ON "creatives" ("tenant_id");

-- create_index
CREATE INDEX "idx_creatives_deleted" ON "creatives" ("deleted_at");

-- create_index
CREATE INDEX "main"."idx_creatives_main" ON "creatives" ("name");

-- create_index
CREATE INDEX "idx_creatives_order" ON "creatives" ("deleted_at" DESC, lower(name) DESC, "tenant_id");

-- create_index
CREATE INDEX "idx_creatives_path" ON "creatives" ("data");

-- drop_index
DROP INDEX "idx_creatives_deleted";

-- drop_index
-- guard: if_exists (IF EXISTS in the statement)
DROP INDEX IF EXISTS "idx_creatives_deleted";

-- drop_index
DROP INDEX "idx_creatives_lower";

-- drop_index
DROP INDEX "main"."idx_creatives_main";
