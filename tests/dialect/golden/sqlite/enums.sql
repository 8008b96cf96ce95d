-- create_enum
-- (nothing on sqlite)

-- add_enum_value
-- (nothing on sqlite)

-- add_enum_value
-- (nothing on sqlite)

-- create_table
CREATE TABLE "workflows" (
    "id" INTEGER PRIMARY KEY,
    "state" VARCHAR(9) NOT NULL DEFAULT 'new' CONSTRAINT "workflow_state" CHECK ("state" IN ('new', 'in_review', 'won''t do'))
);

-- drop_constraint
PRAGMA defer_foreign_keys=ON;
DROP TABLE IF EXISTS "_retort_new_workflows";
CREATE TABLE "_retort_new_workflows" (
    "id" INTEGER PRIMARY KEY,
    "state" VARCHAR(9) NOT NULL DEFAULT 'new'
);
INSERT INTO "_retort_new_workflows" ("id", "state") SELECT "id", "state" FROM "workflows";
DROP TABLE "workflows";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_retort_new_workflows" RENAME TO "workflows";
PRAGMA legacy_alter_table=OFF;
PRAGMA foreign_key_check("workflows");

-- drop_enum
-- (nothing on sqlite)
