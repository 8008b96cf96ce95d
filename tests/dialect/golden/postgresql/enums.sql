-- create_enum
CREATE TYPE "workflow_state" AS ENUM ('new', 'in_review', 'won''t do');

-- add_enum_value
ALTER TYPE "workflow_state" ADD VALUE IF NOT EXISTS 'approved';

-- add_enum_value
ALTER TYPE "workflow_state" ADD VALUE IF NOT EXISTS 'drafted' BEFORE 'new';

-- add_enum_value
ALTER TYPE "workflow_state" ADD VALUE IF NOT EXISTS 'reviewed' AFTER 'in_review';

-- execute
CREATE SCHEMA wf;

-- create_enum
CREATE TYPE "wf"."step_kind" AS ENUM ('manual', 'automatic');

-- drop_enum
DROP TYPE "wf"."step_kind";

-- drop_enum
DROP TYPE "workflow_state";
