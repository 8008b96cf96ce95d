// The snapshot helpers (tests/support/db_snapshot) are the oracle of the failure-atomicity
// tests: "the snapshot did not change" only means something if the snapshot sees every kind of
// change a half-applied revision could leave. These tests prove it does.
#include <gtest/gtest.h>

#include "db/sqlite_connection.hpp"
#include "support/db_snapshot.hpp"
#include "support/pg_env.hpp"

namespace retort {
namespace {

TEST(SnapshotOracle, SqliteDumpSeesSchemaDataAndTypeChanges) {
  auto conn = SqliteConnection::open(":memory:", SqliteConnection::OpenMode::read_write_create);
  conn->execute(
      "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, v); INSERT INTO t (v) VALUES (1), "
      "('x'), (NULL); CREATE TABLE hidden (x); CREATE INDEX ix_hidden ON hidden (x)");
  const std::string base = testing::sqlite_dump(*conn, {"hidden"});
  EXPECT_NE(base.find("INSERT INTO \"t\" VALUES(2,'x');"), std::string::npos) << base;
  EXPECT_EQ(base.find("hidden"), std::string::npos) << base;

  auto changed_by = [&](const std::string& change) {
    conn->execute("SAVEPOINT probe");
    conn->execute(change);
    std::string after = testing::sqlite_dump(*conn, {"hidden"});
    conn->execute("ROLLBACK TO probe; RELEASE probe");
    EXPECT_EQ(testing::sqlite_dump(*conn, {"hidden"}), base);
    return after != base;
  };
  EXPECT_TRUE(changed_by("UPDATE t SET v = '1' WHERE id = 1"));  // 1 and '1' differ
  EXPECT_TRUE(changed_by("INSERT INTO t (v) VALUES (NULL)"));
  EXPECT_TRUE(changed_by("DELETE FROM t WHERE id = 3"));
  EXPECT_TRUE(changed_by("ALTER TABLE t ADD COLUMN w"));
  EXPECT_TRUE(changed_by("CREATE INDEX ix_t_v ON t (v)"));
  EXPECT_TRUE(changed_by("CREATE TABLE u (x)"));
  EXPECT_TRUE(changed_by("UPDATE sqlite_sequence SET seq = 99 WHERE name = 't'"));
  EXPECT_FALSE(changed_by("INSERT INTO hidden VALUES (1)"));
}

TEST(SnapshotOracle, PgSnapshotSeesSchemaDataAndTypeChanges) {
  testing::PgTestDatabase db;
  auto conn = db.connect();
  conn->execute(
      "CREATE TYPE mood AS ENUM ('a', 'b'); CREATE TABLE t (id serial PRIMARY KEY, v text, "
      "m mood); INSERT INTO t (v, m) VALUES ('x', 'a'), (NULL, 'b'); CREATE TABLE hidden (id "
      "serial PRIMARY KEY)");
  const std::string base = testing::pg_snapshot(*conn, {"hidden"});
  EXPECT_EQ(base.find("hidden"), std::string::npos) << base;
  auto changed_by = [&](const std::string& change) {
    conn->execute("BEGIN");
    conn->execute(change);
    std::string after = testing::pg_snapshot(*conn, {"hidden"});
    conn->execute("ROLLBACK");
    EXPECT_EQ(testing::pg_snapshot(*conn, {"hidden"}), base);
    return after != base;
  };
  EXPECT_TRUE(changed_by("UPDATE t SET v = 'y' WHERE id = 1"));
  EXPECT_TRUE(changed_by("INSERT INTO t (v) VALUES (NULL)"));
  EXPECT_TRUE(changed_by("ALTER TABLE t ADD COLUMN w int"));
  EXPECT_TRUE(changed_by("ALTER TABLE t ALTER COLUMN m SET NOT NULL"));
  EXPECT_TRUE(changed_by("ALTER TABLE t ALTER COLUMN v SET DEFAULT 'z'"));
  EXPECT_TRUE(changed_by("ALTER TABLE t ADD CONSTRAINT ck CHECK (id > 0)"));
  EXPECT_TRUE(changed_by("CREATE INDEX ix_t_v ON t (v)"));
  EXPECT_TRUE(changed_by("COMMENT ON TABLE t IS 'c'"));
  EXPECT_TRUE(changed_by("ALTER TYPE mood RENAME VALUE 'b' TO 'c'"));
  EXPECT_TRUE(changed_by("CREATE TYPE other AS ENUM ('x')"));
  EXPECT_TRUE(changed_by("CREATE SEQUENCE s"));
  EXPECT_FALSE(changed_by("INSERT INTO hidden DEFAULT VALUES"));
}

}  // namespace
}  // namespace retort
