-- create_table
CREATE TABLE "currency_limits" (
  "id" INTEGER NOT NULL,
  "currency" VARCHAR(3) NOT NULL,
  "max_daily" NUMERIC(15, 2),
  "enabled" BOOLEAN,
  "rules" JSONB,
  "note" TEXT,
  "ratio" DOUBLE PRECISION,
  PRIMARY KEY ("id")
);

-- bulk_insert
INSERT INTO "currency_limits" ("id", "currency", "max_daily", "enabled", "rules", "note", "ratio") VALUES
  (1, 'USD', 10000.5, true, '{"caps":[1,2],"mode":"strict"}', 'O''Reilly', NULL),
  (2, 'EUR', NULL, false, NULL, E'back\\slash', -0.25),
  (3, 'GBP', NULL, NULL, '["a","b"]', NULL, NULL);

-- execute
UPDATE currency_limits SET max_daily = 0 WHERE max_daily IS NULL;

-- execute
UPDATE currency_limits SET rules = '{}'::jsonb WHERE rules IS NULL;

-- execute
-- guard: unless: SELECT 1 FROM currency_limits WHERE currency = 'JPY'
INSERT INTO currency_limits (id, currency) VALUES (4, 'JPY');

-- assert
SELECT count(*) = 4 FROM currency_limits;

-- assert
SELECT rules @> '{"mode": "strict"}' FROM currency_limits WHERE id = 1;
