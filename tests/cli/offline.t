Offline SQL (Alembic's --sql): upgrade, downgrade FROM:TO and stamp print the script for the
configured dialect instead of running it. They never connect: the PostgreSQL server below is
unreachable.

  $ . "$TESTDIR/lib.sh"
  $ retort init -q
  $ rev 001 "" "create users"
  $ cat > migrations/versions/002.yaml <<'YAML'
  > revision: "002"
  > down_revision: "001"
  > message: add email
  > upgrade:
  >   - add_column:
  >       table: t_001
  >       column: {name: email, type: string(120), nullable: true}
  >   - execute:
  >       sql: UPDATE t_001 SET email = 'x'
  >       only_if: SELECT 1 FROM t_001
  > downgrade:
  >   - drop_column: {table: t_001, column: email}
  > YAML
  $ cat > migrations/versions/003.yaml <<'YAML'
  > revision: "003"
  > down_revision: "002"
  > message: index email
  > transactional: false
  > upgrade:
  >   - create_index: {name: ix_email, table: t_001, columns: [email], concurrently: true, dialect: postgresql}
  >   - create_index: {name: ix_email, table: t_001, columns: [email], dialect: sqlite}
  > downgrade:
  >   - drop_index: {name: ix_email, table: t_001, concurrently: true, dialect: postgresql}
  >   - drop_index: {name: ix_email, table: t_001, dialect: sqlite}
  > YAML
  $ export DATABASE_URL=postgresql://app:secret@127.0.0.1:1/appdb

From base to head on PostgreSQL: the script first sets the configured lock_timeout (10s by
default), as an online run does; then the version table is created; each revision is one
transaction with its version-row change, except transactional: false.

  $ retort upgrade head --sql
  -- retort 0.1.0 offline script for postgresql
  
  SET lock_timeout = '10000ms';
  
  CREATE TABLE IF NOT EXISTS "alembic_version" ("version_num" VARCHAR(32) NOT NULL, CONSTRAINT "alembic_version_pkc" PRIMARY KEY ("version_num"));
  
  -- Running upgrade  -> 001, create users
  BEGIN;
  CREATE TABLE "t_001" (
    "id" INTEGER NOT NULL,
    PRIMARY KEY ("id")
  );
  INSERT INTO "alembic_version" (version_num) VALUES ('001');
  COMMIT;
  
  -- Running upgrade 001 -> 002, add email
  BEGIN;
  ALTER TABLE "t_001" ADD COLUMN "email" VARCHAR(120);
  DO $retort_guard$
  BEGIN
    IF EXISTS (SELECT 1 FROM t_001)  -- only_if
    THEN
      EXECUTE $retort_sql$UPDATE t_001 SET email = 'x'$retort_sql$;
    END IF;
  END
  $retort_guard$;
  UPDATE "alembic_version" SET version_num = '002' WHERE version_num = '001';
  COMMIT;
  
  -- Running upgrade 002 -> 003, index email
  -- transactional: false: these statements run outside a transaction
  CREATE INDEX CONCURRENTLY "ix_email" ON "t_001" ("email");
  -- skipped on postgresql: create_index
  BEGIN;
  UPDATE "alembic_version" SET version_num = '003' WHERE version_num = '002';
  COMMIT;
  

FROM:TO starts from a revision (no CREATE TABLE for the version table).

  $ retort upgrade 002:head --sql
  -- retort 0.1.0 offline script for postgresql
  
  SET lock_timeout = '10000ms';
  
  -- Running upgrade 002 -> 003, index email
  -- transactional: false: these statements run outside a transaction
  CREATE INDEX CONCURRENTLY "ix_email" ON "t_001" ("email");
  -- skipped on postgresql: create_index
  BEGIN;
  UPDATE "alembic_version" SET version_num = '003' WHERE version_num = '002';
  COMMIT;
  
  $ retort downgrade 003:001 --sql
  -- retort 0.1.0 offline script for postgresql
  
  SET lock_timeout = '10000ms';
  
  -- Running downgrade 003 -> 002, index email
  -- transactional: false: these statements run outside a transaction
  DROP INDEX CONCURRENTLY "ix_email";
  -- skipped on postgresql: drop_index
  BEGIN;
  UPDATE "alembic_version" SET version_num = '002' WHERE version_num = '003';
  COMMIT;
  
  -- Running downgrade 002 -> 001, add email
  BEGIN;
  ALTER TABLE "t_001" DROP COLUMN "email";
  UPDATE "alembic_version" SET version_num = '001' WHERE version_num = '002';
  COMMIT;
  

downgrade --sql needs FROM:TO: there is no database to read the starting point from (exit 2).

  $ retort downgrade 001 --sql
  error: downgrade with --sql requires <fromrev>:<torev> (there is no database to read the starting revision from)
  [2]

stamp --sql, and the same script for SQLite (the dialect comes from the URL).

  $ retort stamp 002 --sql
  -- retort 0.1.0 offline script for postgresql
  
  SET lock_timeout = '10000ms';
  
  CREATE TABLE IF NOT EXISTS "alembic_version" ("version_num" VARCHAR(32) NOT NULL, CONSTRAINT "alembic_version_pkc" PRIMARY KEY ("version_num"));
  
  -- Running stamp  -> 002, add email
  BEGIN;
  INSERT INTO "alembic_version" (version_num) VALUES ('002');
  COMMIT;
  
A guarded op is written as a DO block on PostgreSQL (above). SQLite has no conditional
statement: a script through such an op is refused, naming it (exit 2); one that starts after it
is written.

  $ retort --url sqlite:///never-created.db upgrade 001:003 --sql
  error: revision 002, op 2 (execute at migrations/versions/002.yaml:8:5) has a guard (only_if) that must be checked against the database when the op runs, and SQLite has no conditional statement an offline script could write it with; run `retort upgrade` against the database instead, or drop the guard (docs/migration-files.md, "Guards")
  [2]
  $ retort --url sqlite:///never-created.db upgrade 002:003 --sql
  -- retort \d+\.\d+\.\d+ offline script for sqlite (re)
  
  -- Running upgrade 002 -> 003, index email
  -- transactional: false: these statements run outside a transaction
  -- skipped on sqlite: create_index
  CREATE INDEX "ix_email" ON "t_001" ("email");
  BEGIN;
  UPDATE "alembic_version" SET version_num = '003' WHERE version_num = '002';
  COMMIT;
  
  $ ls
  migrations
  models
  retort.toml

Bad targets exit 2 as online. A range that goes down is an empty script, as in Alembic.

  $ retort upgrade nope --sql
  error: Can't locate revision identified by 'nope'
  [2]
  $ retort upgrade 003:001 --sql
  -- retort 0.1.0 offline script for postgresql
  
  SET lock_timeout = '10000ms';
  

An SQLite table rebuild (here: a column made NOT NULL with a default) is written as retort runs
it, from the table's definition at that point of the history — followed on a private in-memory
database, never the configured one: foreign keys off around the transaction, the rebuild, the
indexes recreated, `foreign_key_check` before COMMIT. The sqlite3 shell applies the script, and
the result is what an online upgrade makes.

  $ cat > migrations/versions/004.yaml <<'YAML'
  > revision: "004"
  > down_revision: "003"
  > message: email required
  > upgrade:
  >   - alter_column: {table: t_001, column: email, nullable: false, server_default: "''"}
  > downgrade:
  >   - alter_column: {table: t_001, column: email, nullable: true, server_default: null}
  > YAML
  $ retort --url sqlite:///never-created.db upgrade 003:004 --sql > up.sql
  $ sed -n '/Running upgrade 003/,$p' up.sql
  -- Running upgrade 003 -> 004, email required
  PRAGMA foreign_keys=OFF;
  BEGIN;
  PRAGMA defer_foreign_keys=ON;
  DROP TABLE IF EXISTS "_retort_new_t_001";
  CREATE TABLE "_retort_new_t_001" (
      "id" INTEGER NOT NULL,
      "email" VARCHAR(120) NOT NULL DEFAULT '',
      PRIMARY KEY ("id")
  );
  INSERT INTO "_retort_new_t_001" ("id", "email") SELECT "id", "email" FROM "t_001";
  DROP TABLE "t_001";
  PRAGMA legacy_alter_table=ON;
  ALTER TABLE "_retort_new_t_001" RENAME TO "t_001";
  PRAGMA legacy_alter_table=OFF;
  CREATE INDEX "ix_email" ON "t_001" ("email");
  PRAGMA foreign_key_check("t_001");
  UPDATE "alembic_version" SET version_num = '004' WHERE version_num = '003';
  PRAGMA foreign_key_check;  -- must return no rows
  COMMIT;
  PRAGMA foreign_keys=ON;
  
  $ ls never-created.db 2>/dev/null || echo "no database file"
  no database file
  $ retort --url sqlite:///offline.db upgrade 003 -q
  $ sqlite3 -bail offline.db < up.sql
  $ retort --url sqlite:///online.db upgrade 004 -q
  $ diff <(retort --url sqlite:///offline.db sql-schema | tail -n +2) <(retort --url sqlite:///online.db sql-schema | tail -n +2) && echo "same schema"
  same schema
  $ retort --url sqlite:///x.db downgrade 004:003 --sql | grep -c "PRAGMA foreign_keys=OFF"
  1
