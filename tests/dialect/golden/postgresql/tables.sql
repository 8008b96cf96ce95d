-- execute
CREATE SCHEMA archive;

-- create_table
CREATE TABLE "contexts" (
  "id" INTEGER
);

-- create_table
CREATE TABLE "archive"."old_contexts" (
  "id" INTEGER
);

-- set_table_comment
COMMENT ON TABLE "contexts" IS 'A conversation''s "context"';

-- set_table_comment
COMMENT ON TABLE "archive"."old_contexts" IS 'Before 2025';

-- set_table_comment
COMMENT ON TABLE "archive"."old_contexts" IS NULL;

-- rename_table
ALTER TABLE "contexts" RENAME TO "conversation_contexts";

-- rename_table
ALTER TABLE "archive"."old_contexts" RENAME TO "contexts_2024";

-- drop_table
DROP TABLE "conversation_contexts";

-- drop_table
-- guard: if_exists (IF EXISTS in the statement)
DROP TABLE IF EXISTS "conversation_contexts";

-- drop_table
DROP TABLE "archive"."contexts_2024";
