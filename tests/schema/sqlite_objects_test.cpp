// Reflection of SQLite's views and triggers (schema/sqlite_objects.hpp): the text after a view's
// AS, each part of a CREATE TRIGGER as written, triggers of left-out tables left out.
#include "schema/sqlite_objects.hpp"

#include <gtest/gtest.h>

#include "db/sqlite_connection.hpp"
#include "schema/sqlite_reflect.hpp"

namespace retort {
namespace {

TEST(SqliteObjects, ReflectsViewsAndTriggersAsWritten) {
  auto conn = SqliteConnection::open(":memory:", SqliteConnection::OpenMode::read_write_create);
  conn->execute(R"sql(
CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER, note TEXT);
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL);
CREATE VIEW "big orders" AS
  SELECT id, total FROM orders WHERE total > 10;
CREATE VIEW IF NOT EXISTS plain (a) AS SELECT 1;
CREATE TRIGGER orders_note AFTER UPDATE OF total, "note" ON orders FOR EACH ROW
  WHEN NEW.total > (SELECT 0)
BEGIN
  UPDATE orders SET note = 'end' WHERE id = NEW.id;
  SELECT CASE WHEN 1 THEN 2 END;
END;
CREATE TRIGGER "default timing" DELETE ON orders BEGIN SELECT 1; END;
CREATE TRIGGER version_guard BEFORE INSERT ON alembic_version BEGIN SELECT 1; END;
)sql");
  Schema s = reflect_sqlite(*conn);
  ASSERT_EQ(s.views.size(), 2u);
  EXPECT_EQ(s.views[0].name, "big orders");
  EXPECT_EQ(s.views[0].definition.common, "SELECT id, total FROM orders WHERE total > 10");
  EXPECT_FALSE(s.views[0].materialized);
  EXPECT_EQ(s.views[1].definition.common, "SELECT 1");

  ASSERT_EQ(s.triggers.size(), 2u);  // not the version table's
  const TriggerSpec& t = s.triggers[0];
  EXPECT_EQ(t.name, "orders_note");
  EXPECT_EQ(t.table, "orders");
  EXPECT_EQ(t.timing, "after");
  EXPECT_EQ(t.events, (std::vector<std::string>{"update"}));
  EXPECT_EQ(t.update_of, (std::vector<std::string>{"total", "note"}));
  EXPECT_TRUE(t.for_each_row);
  EXPECT_EQ(t.when.common, "NEW.total > (SELECT 0)");
  EXPECT_EQ(t.body,
            "UPDATE orders SET note = 'end' WHERE id = NEW.id;\n  SELECT CASE WHEN 1 THEN 2 END;");
  const TriggerSpec& d = s.triggers[1];
  EXPECT_EQ(d.name, "default timing");
  EXPECT_EQ(d.timing, "before");  // SQLite's default
  EXPECT_EQ(d.events, (std::vector<std::string>{"delete"}));
  EXPECT_TRUE(d.when.empty());
  EXPECT_EQ(d.body, "SELECT 1;");

  EXPECT_FALSE(parse_sqlite_trigger("CREATE TRIGGER x"));
  EXPECT_FALSE(parse_sqlite_view("CREATE VIEW v"));
}

}  // namespace
}  // namespace retort
