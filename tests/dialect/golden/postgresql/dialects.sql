-- create_table
-- (nothing on postgresql)

-- execute
-- (nothing on postgresql)

-- execute
-- (nothing on postgresql)

-- execute
SELECT 2;

-- call
-- (nothing on postgresql)

-- irreversible
-- (nothing on postgresql)
