-- create_table
CREATE TABLE "principals" (
  "tenant_id" VARCHAR(50) NOT NULL,
  "principal_id" VARCHAR(50) NOT NULL,
  "email" TEXT
);

-- create_table
CREATE TABLE "media_buys" (
  "id" INTEGER NOT NULL,
  "tenant_id" VARCHAR(50),
  "principal_id" VARCHAR(50),
  "budget" NUMERIC(12, 2)
);

-- create_primary_key
ALTER TABLE "principals" ADD CONSTRAINT "pk_principals" PRIMARY KEY ("tenant_id", "principal_id");

-- create_primary_key
ALTER TABLE "media_buys" ADD PRIMARY KEY ("id");

-- create_foreign_key
ALTER TABLE "media_buys" ADD CONSTRAINT "fk_buys_principal" FOREIGN KEY ("tenant_id", "principal_id") REFERENCES "principals" ("tenant_id", "principal_id") ON DELETE SET NULL ON UPDATE CASCADE;

-- create_foreign_key
ALTER TABLE "media_buys" ADD CONSTRAINT "fk_buys_principal_nv" FOREIGN KEY ("tenant_id", "principal_id") REFERENCES "principals" ("tenant_id", "principal_id") ON DELETE RESTRICT NOT VALID;

-- create_unique_constraint
ALTER TABLE "principals" ADD CONSTRAINT "uq_principals_email" UNIQUE ("email");

-- create_check_constraint
ALTER TABLE "media_buys" ADD CONSTRAINT "ck_buys_budget" CHECK (budget > 0);

-- create_check_constraint
-- (nothing on postgresql)

-- drop_constraint
ALTER TABLE "media_buys" DROP CONSTRAINT "fk_buys_principal_nv";

-- drop_constraint
ALTER TABLE "principals" DROP CONSTRAINT "uq_principals_email";

-- drop_constraint
ALTER TABLE "media_buys" DROP CONSTRAINT "ck_buys_budget";

-- drop_constraint
ALTER TABLE "media_buys" DROP CONSTRAINT "media_buys_pkey";
