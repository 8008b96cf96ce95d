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

-- bulk_insert
INSERT INTO "principals" ("tenant_id", "principal_id", "email") VALUES
    ('t1', 'p1', 'a@example.com');

-- bulk_insert
INSERT INTO "media_buys" ("id", "tenant_id", "principal_id", "budget") VALUES
    (1, 't1', 'p1', 100),
    (2, NULL, NULL, 5);

-- create_primary_key
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_principals";
CREATE TABLE "_retort_new_principals" (
    "tenant_id" VARCHAR(50) NOT NULL,
    "principal_id" VARCHAR(50) NOT NULL,
    "email" TEXT,
    CONSTRAINT "pk_principals" PRIMARY KEY ("tenant_id", "principal_id")
);
INSERT INTO "_retort_new_principals" ("tenant_id", "principal_id", "email") SELECT "tenant_id", "principal_id", "email" FROM "principals";
DROP TABLE "principals";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_principals" RENAME TO "principals";
PRAGMA legacy_alter_table=OFF;
PRAGMA foreign_key_check("principals");

-- create_primary_key
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_media_buys";
CREATE TABLE "_retort_new_media_buys" (
    "id" INTEGER NOT NULL,
    "tenant_id" VARCHAR(50),
    "principal_id" VARCHAR(50),
    "budget" NUMERIC(12, 2),
    PRIMARY KEY ("id")
);
INSERT INTO "_retort_new_media_buys" ("id", "tenant_id", "principal_id", "budget") SELECT "id", "tenant_id", "principal_id", "budget" FROM "media_buys";
DROP TABLE "media_buys";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_media_buys" RENAME TO "media_buys";
PRAGMA legacy_alter_table=OFF;
PRAGMA foreign_key_check("media_buys");

-- create_foreign_key
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_media_buys";
CREATE TABLE "_retort_new_media_buys" (
    "id" INTEGER NOT NULL,
    "tenant_id" VARCHAR(50),
    "principal_id" VARCHAR(50),
    "budget" NUMERIC(12, 2),
    PRIMARY KEY ("id"),
    CONSTRAINT "fk_buys_principal" FOREIGN KEY ("tenant_id", "principal_id") REFERENCES "principals" ("tenant_id", "principal_id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "_retort_new_media_buys" ("id", "tenant_id", "principal_id", "budget") SELECT "id", "tenant_id", "principal_id", "budget" FROM "media_buys";
DROP TABLE "media_buys";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_media_buys" RENAME TO "media_buys";
PRAGMA legacy_alter_table=OFF;
PRAGMA foreign_key_check("media_buys");

-- create_foreign_key
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_media_buys";
CREATE TABLE "_retort_new_media_buys" (
    "id" INTEGER NOT NULL,
    "tenant_id" VARCHAR(50),
    "principal_id" VARCHAR(50),
    "budget" NUMERIC(12, 2),
    PRIMARY KEY ("id"),
    CONSTRAINT "fk_buys_principal" FOREIGN KEY ("tenant_id", "principal_id") REFERENCES "principals" ("tenant_id", "principal_id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "fk_buys_principal_nv" FOREIGN KEY ("tenant_id", "principal_id") REFERENCES "principals" ("tenant_id", "principal_id") ON DELETE RESTRICT
);
INSERT INTO "_retort_new_media_buys" ("id", "tenant_id", "principal_id", "budget") SELECT "id", "tenant_id", "principal_id", "budget" FROM "media_buys";
DROP TABLE "media_buys";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_media_buys" RENAME TO "media_buys";
PRAGMA legacy_alter_table=OFF;
PRAGMA foreign_key_check("media_buys");

-- create_unique_constraint
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_principals";
CREATE TABLE "_retort_new_principals" (
    "tenant_id" VARCHAR(50) NOT NULL,
    "principal_id" VARCHAR(50) NOT NULL,
    "email" TEXT,
    CONSTRAINT "pk_principals" PRIMARY KEY ("tenant_id", "principal_id"),
    CONSTRAINT "uq_principals_email" UNIQUE ("email")
);
INSERT INTO "_retort_new_principals" ("tenant_id", "principal_id", "email") SELECT "tenant_id", "principal_id", "email" FROM "principals";
DROP TABLE "principals";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_principals" RENAME TO "principals";
PRAGMA legacy_alter_table=OFF;
PRAGMA foreign_key_check("principals");

-- create_check_constraint
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_media_buys";
CREATE TABLE "_retort_new_media_buys" (
    "id" INTEGER NOT NULL,
    "tenant_id" VARCHAR(50),
    "principal_id" VARCHAR(50),
    "budget" NUMERIC(12, 2),
    PRIMARY KEY ("id"),
    CONSTRAINT "fk_buys_principal" FOREIGN KEY ("tenant_id", "principal_id") REFERENCES "principals" ("tenant_id", "principal_id") ON DELETE RESTRICT,
    CONSTRAINT "fk_buys_principal_nv" FOREIGN KEY ("tenant_id", "principal_id") REFERENCES "principals" ("tenant_id", "principal_id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "ck_buys_budget" CHECK (budget > 0)
);
INSERT INTO "_retort_new_media_buys" ("id", "tenant_id", "principal_id", "budget") SELECT "id", "tenant_id", "principal_id", "budget" FROM "media_buys";
DROP TABLE "media_buys";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_media_buys" RENAME TO "media_buys";
PRAGMA legacy_alter_table=OFF;
PRAGMA foreign_key_check("media_buys");

-- create_check_constraint
-- (nothing on sqlite)

-- drop_constraint
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_media_buys";
CREATE TABLE "_retort_new_media_buys" (
    "id" INTEGER NOT NULL,
    "tenant_id" VARCHAR(50),
    "principal_id" VARCHAR(50),
    "budget" NUMERIC(12, 2),
    PRIMARY KEY ("id"),
    CONSTRAINT "fk_buys_principal" FOREIGN KEY ("tenant_id", "principal_id") REFERENCES "principals" ("tenant_id", "principal_id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "ck_buys_budget" CHECK (budget > 0)
);
INSERT INTO "_retort_new_media_buys" ("id", "tenant_id", "principal_id", "budget") SELECT "id", "tenant_id", "principal_id", "budget" FROM "media_buys";
DROP TABLE "media_buys";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_media_buys" RENAME TO "media_buys";
PRAGMA legacy_alter_table=OFF;
PRAGMA foreign_key_check("media_buys");

-- drop_constraint
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_principals";
CREATE TABLE "_retort_new_principals" (
    "tenant_id" VARCHAR(50) NOT NULL,
    "principal_id" VARCHAR(50) NOT NULL,
    "email" TEXT,
    CONSTRAINT "pk_principals" PRIMARY KEY ("tenant_id", "principal_id")
);
INSERT INTO "_retort_new_principals" ("tenant_id", "principal_id", "email") SELECT "tenant_id", "principal_id", "email" FROM "principals";
DROP TABLE "principals";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_principals" RENAME TO "principals";
PRAGMA legacy_alter_table=OFF;
PRAGMA foreign_key_check("principals");

-- drop_constraint
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_media_buys";
CREATE TABLE "_retort_new_media_buys" (
    "id" INTEGER NOT NULL,
    "tenant_id" VARCHAR(50),
    "principal_id" VARCHAR(50),
    "budget" NUMERIC(12, 2),
    PRIMARY KEY ("id"),
    CONSTRAINT "fk_buys_principal" FOREIGN KEY ("tenant_id", "principal_id") REFERENCES "principals" ("tenant_id", "principal_id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "_retort_new_media_buys" ("id", "tenant_id", "principal_id", "budget") SELECT "id", "tenant_id", "principal_id", "budget" FROM "media_buys";
DROP TABLE "media_buys";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_media_buys" RENAME TO "media_buys";
PRAGMA legacy_alter_table=OFF;
PRAGMA foreign_key_check("media_buys");

-- drop_constraint
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_media_buys";
CREATE TABLE "_retort_new_media_buys" (
    "id" INTEGER NOT NULL,
    "tenant_id" VARCHAR(50),
    "principal_id" VARCHAR(50),
    "budget" NUMERIC(12, 2),
    CONSTRAINT "fk_buys_principal" FOREIGN KEY ("tenant_id", "principal_id") REFERENCES "principals" ("tenant_id", "principal_id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "_retort_new_media_buys" ("id", "tenant_id", "principal_id", "budget") SELECT "id", "tenant_id", "principal_id", "budget" FROM "media_buys";
DROP TABLE "media_buys";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_media_buys" RENAME TO "media_buys";
PRAGMA legacy_alter_table=OFF;
PRAGMA foreign_key_check("media_buys");
