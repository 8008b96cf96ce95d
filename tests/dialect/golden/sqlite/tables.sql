-- create_table
CREATE TABLE "contexts" (
    "id" INTEGER
);

-- create_table
CREATE TABLE "old_contexts" (
    "id" INTEGER
);

-- set_table_comment
-- (nothing on sqlite)

-- set_table_comment
-- (nothing on sqlite)

-- rename_table
ALTER TABLE "contexts" RENAME TO "conversation_contexts";

-- rename_table
ALTER TABLE "main"."old_contexts" RENAME TO "contexts_2024";

-- drop_table
DROP TABLE "conversation_contexts";

-- drop_table
-- guard: if_exists (IF EXISTS in the statement)
DROP TABLE IF EXISTS "conversation_contexts";

-- drop_table
DROP TABLE "main"."contexts_2024";
