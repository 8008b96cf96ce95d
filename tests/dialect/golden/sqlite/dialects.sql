-- create_table
-- (nothing on sqlite)

-- create_table
CREATE TABLE "only_sqlite" (
    "id" INTEGER
);

-- execute
-- (nothing on sqlite)

-- execute
PRAGMA optimize;

-- execute
-- (nothing on sqlite)

-- execute
SELECT 2;

-- call
-- (nothing on sqlite)

-- irreversible
-- (nothing on sqlite)
