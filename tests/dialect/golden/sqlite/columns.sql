-- create_enum
-- (nothing on sqlite)

-- create_table
CREATE TABLE "media_buys" (
    "id" INTEGER PRIMARY KEY,
    "budget" VARCHAR(20),
    "notes" TEXT DEFAULT 'none',
    "flags" TEXT,
    "old_name" TEXT
);
CREATE INDEX "idx_buys_budget" ON "media_buys" ("budget");

-- execute
CREATE TRIGGER trg_buys_notes AFTER UPDATE OF notes ON media_buys BEGIN UPDATE media_buys SET old_name = old.notes WHERE id = new.id; END;

-- bulk_insert
INSERT INTO "media_buys" ("id", "budget", "flags") VALUES
    (1, '12.50', 'happy');

-- add_column
ALTER TABLE "media_buys" ADD COLUMN "priority" INTEGER NOT NULL DEFAULT 0;

-- add_column
-- guard: if_not_exists (checked in the table's current definition)
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_media_buys";
CREATE TABLE "_retort_new_media_buys" (
    "id" INTEGER PRIMARY KEY,
    "budget" VARCHAR(20),
    "notes" TEXT DEFAULT 'none',
    "flags" TEXT,
    "old_name" TEXT,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "external_id" CHAR(36) UNIQUE
);
INSERT INTO "_retort_new_media_buys" ("id", "budget", "notes", "flags", "old_name", "priority") SELECT "id", "budget", "notes", "flags", "old_name", "priority" FROM "media_buys";
DROP TABLE "media_buys";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_media_buys" RENAME TO "media_buys";
PRAGMA legacy_alter_table=OFF;
CREATE INDEX "idx_buys_budget" ON "media_buys" ("budget");
CREATE TRIGGER trg_buys_notes AFTER UPDATE OF notes ON media_buys BEGIN UPDATE media_buys SET old_name = old.notes WHERE id = new.id; END;
PRAGMA foreign_key_check("media_buys");

-- add_column
-- guard: if_not_exists (checked in the table's current definition)
-- (nothing on sqlite)

-- add_column
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_media_buys";
CREATE TABLE "_retort_new_media_buys" (
    "id" INTEGER PRIMARY KEY,
    "budget" VARCHAR(20),
    "notes" TEXT DEFAULT 'none',
    "flags" TEXT,
    "old_name" TEXT,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "external_id" CHAR(36),
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE ("external_id")
);
INSERT INTO "_retort_new_media_buys" ("id", "budget", "notes", "flags", "old_name", "priority", "external_id") SELECT "id", "budget", "notes", "flags", "old_name", "priority", "external_id" FROM "media_buys";
DROP TABLE "media_buys";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_media_buys" RENAME TO "media_buys";
PRAGMA legacy_alter_table=OFF;
CREATE INDEX "idx_buys_budget" ON "media_buys" ("budget");
CREATE TRIGGER trg_buys_notes AFTER UPDATE OF notes ON media_buys BEGIN UPDATE media_buys SET old_name = old.notes WHERE id = new.id; END;
PRAGMA foreign_key_check("media_buys");

-- add_column
ALTER TABLE "media_buys" ADD COLUMN "settings" JSON NOT NULL DEFAULT '{}';

-- alter_column
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_media_buys";
CREATE TABLE "_retort_new_media_buys" (
    "id" INTEGER PRIMARY KEY,
    "budget" NUMERIC(12, 2),
    "notes" TEXT DEFAULT 'none',
    "flags" TEXT,
    "old_name" TEXT,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "external_id" CHAR(36),
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settings" JSON NOT NULL DEFAULT '{}',
    UNIQUE ("external_id")
);
INSERT INTO "_retort_new_media_buys" ("id", "budget", "notes", "flags", "old_name", "priority", "external_id", "created_at", "settings") SELECT "id", "budget", "notes", "flags", "old_name", "priority", "external_id", "created_at", "settings" FROM "media_buys";
DROP TABLE "media_buys";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_media_buys" RENAME TO "media_buys";
PRAGMA legacy_alter_table=OFF;
CREATE INDEX "idx_buys_budget" ON "media_buys" ("budget");
CREATE TRIGGER trg_buys_notes AFTER UPDATE OF notes ON media_buys BEGIN UPDATE media_buys SET old_name = old.notes WHERE id = new.id; END;
PRAGMA foreign_key_check("media_buys");

-- alter_column
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_media_buys";
CREATE TABLE "_retort_new_media_buys" (
    "id" INTEGER PRIMARY KEY,
    "budget" NUMERIC(12, 2) NOT NULL,
    "notes" TEXT DEFAULT 'none',
    "flags" TEXT,
    "old_name" TEXT,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "external_id" CHAR(36),
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settings" JSON NOT NULL DEFAULT '{}',
    UNIQUE ("external_id")
);
INSERT INTO "_retort_new_media_buys" ("id", "budget", "notes", "flags", "old_name", "priority", "external_id", "created_at", "settings") SELECT "id", "budget", "notes", "flags", "old_name", "priority", "external_id", "created_at", "settings" FROM "media_buys";
DROP TABLE "media_buys";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_media_buys" RENAME TO "media_buys";
PRAGMA legacy_alter_table=OFF;
CREATE INDEX "idx_buys_budget" ON "media_buys" ("budget");
CREATE TRIGGER trg_buys_notes AFTER UPDATE OF notes ON media_buys BEGIN UPDATE media_buys SET old_name = old.notes WHERE id = new.id; END;
PRAGMA foreign_key_check("media_buys");

-- alter_column
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_media_buys";
CREATE TABLE "_retort_new_media_buys" (
    "id" INTEGER PRIMARY KEY,
    "budget" NUMERIC(12, 2),
    "notes" TEXT DEFAULT 'none',
    "flags" TEXT,
    "old_name" TEXT,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "external_id" CHAR(36),
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settings" JSON NOT NULL DEFAULT '{}',
    UNIQUE ("external_id")
);
INSERT INTO "_retort_new_media_buys" ("id", "budget", "notes", "flags", "old_name", "priority", "external_id", "created_at", "settings") SELECT "id", "budget", "notes", "flags", "old_name", "priority", "external_id", "created_at", "settings" FROM "media_buys";
DROP TABLE "media_buys";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_media_buys" RENAME TO "media_buys";
PRAGMA legacy_alter_table=OFF;
CREATE INDEX "idx_buys_budget" ON "media_buys" ("budget");
CREATE TRIGGER trg_buys_notes AFTER UPDATE OF notes ON media_buys BEGIN UPDATE media_buys SET old_name = old.notes WHERE id = new.id; END;
PRAGMA foreign_key_check("media_buys");

-- alter_column
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_media_buys";
CREATE TABLE "_retort_new_media_buys" (
    "id" INTEGER PRIMARY KEY,
    "budget" NUMERIC(12, 2),
    "notes" TEXT DEFAULT 'none',
    "flags" TEXT,
    "old_name" TEXT,
    "priority" INTEGER NOT NULL DEFAULT 5,
    "external_id" CHAR(36),
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settings" JSON NOT NULL DEFAULT '{}',
    UNIQUE ("external_id")
);
INSERT INTO "_retort_new_media_buys" ("id", "budget", "notes", "flags", "old_name", "priority", "external_id", "created_at", "settings") SELECT "id", "budget", "notes", "flags", "old_name", "priority", "external_id", "created_at", "settings" FROM "media_buys";
DROP TABLE "media_buys";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_media_buys" RENAME TO "media_buys";
PRAGMA legacy_alter_table=OFF;
CREATE INDEX "idx_buys_budget" ON "media_buys" ("budget");
CREATE TRIGGER trg_buys_notes AFTER UPDATE OF notes ON media_buys BEGIN UPDATE media_buys SET old_name = old.notes WHERE id = new.id; END;
PRAGMA foreign_key_check("media_buys");

-- alter_column
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_media_buys";
CREATE TABLE "_retort_new_media_buys" (
    "id" INTEGER PRIMARY KEY,
    "budget" NUMERIC(12, 2),
    "notes" TEXT DEFAULT 'none',
    "flags" TEXT,
    "old_name" TEXT,
    "priority" INTEGER NOT NULL,
    "external_id" CHAR(36),
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settings" JSON NOT NULL DEFAULT '{}',
    UNIQUE ("external_id")
);
INSERT INTO "_retort_new_media_buys" ("id", "budget", "notes", "flags", "old_name", "priority", "external_id", "created_at", "settings") SELECT "id", "budget", "notes", "flags", "old_name", "priority", "external_id", "created_at", "settings" FROM "media_buys";
DROP TABLE "media_buys";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_media_buys" RENAME TO "media_buys";
PRAGMA legacy_alter_table=OFF;
CREATE INDEX "idx_buys_budget" ON "media_buys" ("budget");
CREATE TRIGGER trg_buys_notes AFTER UPDATE OF notes ON media_buys BEGIN UPDATE media_buys SET old_name = old.notes WHERE id = new.id; END;
PRAGMA foreign_key_check("media_buys");

-- alter_column
-- (nothing on sqlite)

-- alter_column
ALTER TABLE "media_buys" RENAME COLUMN "old_name" TO "new_name";

-- alter_column
ALTER TABLE "media_buys" RENAME COLUMN "flags" TO "mood";
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_media_buys";
CREATE TABLE "_retort_new_media_buys" (
    "id" INTEGER PRIMARY KEY,
    "budget" NUMERIC(12, 2),
    "notes" TEXT DEFAULT 'none',
    "mood" VARCHAR(5) NOT NULL DEFAULT 'happy' CONSTRAINT "mood" CHECK ("mood" IN ('happy', 'sad')),
    "new_name" TEXT,
    "priority" INTEGER NOT NULL,
    "external_id" CHAR(36),
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settings" JSON NOT NULL DEFAULT '{}',
    UNIQUE ("external_id")
);
INSERT INTO "_retort_new_media_buys" ("id", "budget", "notes", "mood", "new_name", "priority", "external_id", "created_at", "settings") SELECT "id", "budget", "notes", "mood", "new_name", "priority", "external_id", "created_at", "settings" FROM "media_buys";
DROP TABLE "media_buys";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_media_buys" RENAME TO "media_buys";
PRAGMA legacy_alter_table=OFF;
CREATE INDEX "idx_buys_budget" ON "media_buys" ("budget");
CREATE TRIGGER trg_buys_notes AFTER UPDATE OF notes ON media_buys BEGIN UPDATE media_buys SET "new_name" = old.notes WHERE id = new.id; END;
PRAGMA foreign_key_check("media_buys");

-- alter_column
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_media_buys";
CREATE TABLE "_retort_new_media_buys" (
    "id" INTEGER PRIMARY KEY,
    "budget" NUMERIC(12, 2),
    "notes" VARCHAR(500),
    "mood" VARCHAR(5) NOT NULL DEFAULT 'happy' CONSTRAINT "mood" CHECK ("mood" IN ('happy', 'sad')),
    "new_name" TEXT,
    "priority" INTEGER NOT NULL,
    "external_id" CHAR(36),
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settings" JSON NOT NULL DEFAULT '{}',
    UNIQUE ("external_id")
);
INSERT INTO "_retort_new_media_buys" ("id", "budget", "notes", "mood", "new_name", "priority", "external_id", "created_at", "settings") SELECT "id", "budget", "notes", "mood", "new_name", "priority", "external_id", "created_at", "settings" FROM "media_buys";
DROP TABLE "media_buys";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_media_buys" RENAME TO "media_buys";
PRAGMA legacy_alter_table=OFF;
CREATE INDEX "idx_buys_budget" ON "media_buys" ("budget");
CREATE TRIGGER trg_buys_notes AFTER UPDATE OF notes ON media_buys BEGIN UPDATE media_buys SET "new_name" = old.notes WHERE id = new.id; END;
PRAGMA foreign_key_check("media_buys");

-- drop_column
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_media_buys";
CREATE TABLE "_retort_new_media_buys" (
    "id" INTEGER PRIMARY KEY,
    "budget" NUMERIC(12, 2),
    "notes" VARCHAR(500),
    "mood" VARCHAR(5) NOT NULL DEFAULT 'happy' CONSTRAINT "mood" CHECK ("mood" IN ('happy', 'sad')),
    "new_name" TEXT,
    "priority" INTEGER NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "settings" JSON NOT NULL DEFAULT '{}'
);
INSERT INTO "_retort_new_media_buys" ("id", "budget", "notes", "mood", "new_name", "priority", "created_at", "settings") SELECT "id", "budget", "notes", "mood", "new_name", "priority", "created_at", "settings" FROM "media_buys";
DROP TABLE "media_buys";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_media_buys" RENAME TO "media_buys";
PRAGMA legacy_alter_table=OFF;
CREATE INDEX "idx_buys_budget" ON "media_buys" ("budget");
CREATE TRIGGER trg_buys_notes AFTER UPDATE OF notes ON media_buys BEGIN UPDATE media_buys SET "new_name" = old.notes WHERE id = new.id; END;
PRAGMA foreign_key_check("media_buys");

-- drop_column
-- guard: if_exists (checked in the table's current definition)
-- (nothing on sqlite)

-- drop_column
ALTER TABLE "media_buys" DROP COLUMN "settings";

-- drop_column
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_media_buys";
CREATE TABLE "_retort_new_media_buys" (
    "id" INTEGER PRIMARY KEY,
    "notes" VARCHAR(500),
    "mood" VARCHAR(5) NOT NULL DEFAULT 'happy' CONSTRAINT "mood" CHECK ("mood" IN ('happy', 'sad')),
    "new_name" TEXT,
    "priority" INTEGER NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "_retort_new_media_buys" ("id", "notes", "mood", "new_name", "priority", "created_at") SELECT "id", "notes", "mood", "new_name", "priority", "created_at" FROM "media_buys";
DROP TABLE "media_buys";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_media_buys" RENAME TO "media_buys";
PRAGMA legacy_alter_table=OFF;
CREATE TRIGGER trg_buys_notes AFTER UPDATE OF notes ON media_buys BEGIN UPDATE media_buys SET "new_name" = old.notes WHERE id = new.id; END;
PRAGMA foreign_key_check("media_buys");
