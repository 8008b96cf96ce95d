-- create_enum
CREATE TYPE "mood" AS ENUM ('happy', 'sad');

-- create_table
CREATE TABLE "media_buys" (
  "id" INTEGER NOT NULL,
  "budget" VARCHAR(20),
  "notes" TEXT DEFAULT 'none',
  "flags" TEXT,
  "old_name" TEXT,
  PRIMARY KEY ("id")
);

-- bulk_insert
INSERT INTO "media_buys" ("id", "budget", "flags") VALUES
  (1, '12.50', 'happy');

-- add_column
ALTER TABLE "media_buys" ADD COLUMN "priority" INTEGER NOT NULL DEFAULT 0;
COMMENT ON COLUMN "media_buys"."priority" IS 'Campaign priority';

-- add_column
-- guard: if_not_exists (IF NOT EXISTS in the statement)
ALTER TABLE "media_buys" ADD COLUMN IF NOT EXISTS "external_id" UUID UNIQUE;

-- add_column
ALTER TABLE "media_buys" ADD COLUMN "seq" BIGSERIAL;

-- add_column
ALTER TABLE "media_buys" ADD COLUMN "settings" JSONB NOT NULL DEFAULT '{}'::jsonb;

-- alter_column
ALTER TABLE "media_buys" ALTER COLUMN "budget" TYPE NUMERIC(12, 2) USING budget::numeric(12,2);

-- alter_column
ALTER TABLE "media_buys" ALTER COLUMN "budget" SET NOT NULL;

-- alter_column
ALTER TABLE "media_buys" ALTER COLUMN "budget" DROP NOT NULL;

-- alter_column
ALTER TABLE "media_buys" ALTER COLUMN "priority" SET DEFAULT 5;

-- alter_column
ALTER TABLE "media_buys" ALTER COLUMN "priority" DROP DEFAULT;

-- alter_column
COMMENT ON COLUMN "media_buys"."notes" IS 'Free text; may contain ''quotes''';

-- alter_column
COMMENT ON COLUMN "media_buys"."notes" IS NULL;

-- alter_column
ALTER TABLE "media_buys" RENAME COLUMN "old_name" TO "new_name";

-- alter_column
ALTER TABLE "media_buys"
  ALTER COLUMN "flags" DROP DEFAULT,
  ALTER COLUMN "flags" TYPE "mood" USING flags::mood,
  ALTER COLUMN "flags" SET NOT NULL,
  ALTER COLUMN "flags" SET DEFAULT 'happy';
COMMENT ON COLUMN "media_buys"."flags" IS 'How it went';
ALTER TABLE "media_buys" RENAME COLUMN "flags" TO "mood";

-- alter_column
ALTER TABLE "media_buys"
  ALTER COLUMN "notes" DROP DEFAULT,
  ALTER COLUMN "notes" TYPE VARCHAR(500);

-- drop_column
ALTER TABLE "media_buys" DROP COLUMN "external_id";

-- drop_column
-- guard: if_exists (IF EXISTS in the statement)
ALTER TABLE "media_buys" DROP COLUMN IF EXISTS "external_id";
