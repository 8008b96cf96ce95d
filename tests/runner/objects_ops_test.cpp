// The ops of views, functions, triggers, sequences, extensions and schemas
// (docs/migration-files.md, "Views, functions, triggers, sequences, extensions") applied for
// real: a revision of them upgraded on SQLite and PostgreSQL does what it says (the trigger
// fires, the view reads, the sequence counts), and its downgrade gives back the database as it
// was before. A PostgreSQL-only op on SQLite is refused at its place, with nothing changed.
#include <gtest/gtest.h>

#include "db/pg_connection.hpp"
#include "db/sqlite_connection.hpp"
#include "runner/migrator.hpp"
#include "runner/reliability_helpers.hpp"
#include "support/db_snapshot.hpp"
#include "support/pg_env.hpp"

namespace retort {
namespace {

using testing::PgTestDatabase;
using testing::ProjectDir;

constexpr const char* kObjectOpsTables = R"Y(revision: "001"
down_revision: null
upgrade:
  - create_table:
      table: orders
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: total, type: numeric(10,2), nullable: false}
        - {name: updated_at, type: text}
downgrade:
  - drop_table: {table: orders}
)Y";

// The objects, on both databases: a view, a trigger maintaining updated_at (a function on
// PostgreSQL, a body on SQLite), and on PostgreSQL a schema, an extension, a materialized view, a
// sequence and a second function.
constexpr const char* kObjectOpsRevision = R"Y(revision: "002"
down_revision: "001"
upgrade:
  - create_view: {name: big_orders, definition: "SELECT id, total FROM orders WHERE total > 100"}
  - replace_view: {name: big_orders, definition: "SELECT id, total FROM orders WHERE total >= 100"}
  - create_function:
      name: touch_updated_at
      returns: trigger
      language: plpgsql
      body: |
        BEGIN
          NEW.updated_at := 'touched';
          RETURN NEW;
        END
      dialect: postgresql
  - create_trigger:
      name: trg_orders_touch
      table: orders
      timing: before
      events: [update]
      function: touch_updated_at
      dialect: postgresql
  - create_trigger:
      name: trg_orders_touch
      table: orders
      timing: after
      events: [update]
      when: "NEW.updated_at IS OLD.updated_at"
      body: "UPDATE orders SET updated_at = 'touched' WHERE id = NEW.id"
      dialect: sqlite
  - create_schema: {name: reporting, dialect: postgresql}
  - create_extension: {name: pg_trgm, schema: reporting, if_not_exists: true, dialect: postgresql}
  - create_view: {name: reporting.totals, materialized: true,
                  definition: "SELECT count(*) AS n FROM orders", dialect: postgresql}
  - create_sequence: {name: reporting.numbers, start: 100, increment: 5, dialect: postgresql}
  - alter_sequence: {name: reporting.numbers, increment: 10, dialect: postgresql}
  - create_function: {name: reporting.twice, arguments: "x integer", returns: integer,
                      language: sql, volatility: immutable, body: "SELECT x * 2",
                      dialect: postgresql}
  - replace_function: {name: reporting.twice, arguments: "x integer", returns: integer,
                       language: sql, volatility: immutable, body: "SELECT x + x",
                       dialect: postgresql}
downgrade:
  - drop_function: {name: reporting.twice, arguments: integer, dialect: postgresql}
  - drop_sequence: {name: reporting.numbers, dialect: postgresql}
  - drop_view: {name: reporting.totals, materialized: true, dialect: postgresql}
  - drop_extension: {name: pg_trgm, dialect: postgresql}
  - drop_schema: {name: reporting, dialect: postgresql}
  - drop_trigger: {name: trg_orders_touch, table: orders}
  - drop_function: {name: touch_updated_at, dialect: postgresql}
  - drop_view: {name: big_orders}
)Y";

// Functions, triggers, extensions and schemas, which pg_snapshot does not list.
std::string pg_object_listing(Connection& conn) {
  std::string out;
  for (const char* q : {
           "SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' FROM "
           "pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname NOT IN "
           "('pg_catalog', 'information_schema') ORDER BY 1",
           "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1",
           "SELECT extname FROM pg_extension ORDER BY 1",
           "SELECT nspname FROM pg_namespace ORDER BY 1",
           "SELECT schemaname || '.' || viewname || ': ' || definition FROM pg_views WHERE "
           "schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
       }) {
    for (const auto& row : conn.query(q).rows) out += row.at(0).value_or("NULL") + "\n";
    out += "--\n";
  }
  return out;
}

TEST(ObjectOps, UpgradeWorksAndDowngradeRestoresOnSqlite) {
  ProjectDir dir;
  RevisionGraph graph = testing::write_and_build(
      dir, {{"001.yaml", kObjectOpsTables}, {"002.yaml", kObjectOpsRevision}});
  auto conn =
      SqliteConnection::open(dir.file("app.db"), SqliteConnection::OpenMode::read_write_create);
  Migrator migrator(graph, *conn, {});
  migrator.upgrade("001");
  conn->execute("INSERT INTO orders (id, total) VALUES (1, 50), (2, 150)");
  const std::set<std::string> exclude = {"alembic_version", "retort_history"};
  const std::string before = testing::sqlite_dump(*conn, exclude);

  migrator.upgrade("002");
  EXPECT_EQ(conn->query("SELECT count(*) FROM big_orders").scalar(), "1");
  conn->execute("UPDATE orders SET total = 60 WHERE id = 1");
  EXPECT_EQ(conn->query("SELECT updated_at FROM orders WHERE id = 1").scalar(), "touched");

  migrator.downgrade("001");
  conn->execute("UPDATE orders SET total = 50 WHERE id = 1");
  conn->execute("UPDATE orders SET updated_at = NULL");
  EXPECT_EQ(testing::sqlite_dump(*conn, exclude), before);
}

TEST(ObjectOps, UpgradeWorksAndDowngradeRestoresOnPostgresql) {
  PgTestDatabase db;
  ProjectDir dir;
  RevisionGraph graph = testing::write_and_build(
      dir, {{"001.yaml", kObjectOpsTables}, {"002.yaml", kObjectOpsRevision}});
  auto conn = db.connect();
  Migrator migrator(graph, *conn, {});
  migrator.upgrade("001");
  conn->execute("INSERT INTO orders (id, total) VALUES (1, 50), (2, 150)");
  const std::set<std::string> exclude = {"alembic_version", "retort_history"};
  const std::string before = testing::pg_snapshot(*conn, exclude) + pg_object_listing(*conn);

  migrator.upgrade("002");
  EXPECT_EQ(conn->query("SELECT count(*) FROM big_orders").scalar(), "1");
  conn->execute("UPDATE orders SET total = 60 WHERE id = 1");
  EXPECT_EQ(conn->query("SELECT updated_at FROM orders WHERE id = 1").scalar(), "touched");
  EXPECT_EQ(conn->query("SELECT n FROM reporting.totals").scalar(), "2");
  EXPECT_EQ(conn->query("SELECT nextval('reporting.numbers')").scalar(), "100");
  EXPECT_EQ(conn->query("SELECT nextval('reporting.numbers')").scalar(), "110");
  EXPECT_EQ(conn->query("SELECT reporting.twice(21)").scalar(), "42");
  EXPECT_EQ(conn->query("SELECT reporting.similarity('abc', 'abc')").scalar(), "1");

  migrator.downgrade("001");
  conn->execute("UPDATE orders SET total = 50 WHERE id = 1");
  conn->execute("UPDATE orders SET updated_at = NULL");
  EXPECT_EQ(testing::pg_snapshot(*conn, exclude) + pg_object_listing(*conn), before);
}

TEST(ObjectOps, APostgresqlOnlyOpOnSqliteIsRefusedAtItsPlace) {
  ProjectDir dir;
  const std::string bad = R"Y(revision: "002"
down_revision: "001"
upgrade:
  - create_view: {name: v, definition: "SELECT 1"}
  - create_sequence: {name: numbers}
downgrade: []
)Y";
  RevisionGraph graph =
      testing::write_and_build(dir, {{"001.yaml", kObjectOpsTables}, {"002.yaml", bad}});
  auto conn =
      SqliteConnection::open(dir.file("app.db"), SqliteConnection::OpenMode::read_write_create);
  Migrator migrator(graph, *conn, {});
  migrator.upgrade("001");
  const std::set<std::string> exclude = {"retort_history"};
  const std::string before = testing::sqlite_dump(*conn, exclude);
  try {
    migrator.upgrade("002");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "002.yaml:5:5: create_sequence: SQLite has no sequences; give the op "
                  "`dialect: postgresql`"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(testing::sqlite_dump(*conn, exclude), before);
}

}  // namespace
}  // namespace retort
