// What each dialect refuses among the ops of views, functions, triggers, sequences, extensions
// and schemas (dialect/object_sql.hpp): an error at the op's place naming the op and the fix.
#include <gtest/gtest.h>

#include "dialect/dialect.hpp"
#include "ops/load_revision.hpp"

namespace retort {
namespace {

std::string object_render_error(Dialect d, const std::string& yaml) {
  std::vector<Op> ops = parse_op_list("ops.yaml", yaml);
  try {
    dialect_for(d).render(ops.at(0), RenderContext{});
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    return e.what();
  }
  return "(no error)";
}

TEST(ObjectSql, SqliteRefusesWhatItCannotDo) {
  const std::string hint =
      "; give the op `dialect: postgresql` (docs/migration-files.md, \"Views, functions, "
      "triggers, sequences, extensions\")";
  EXPECT_EQ(object_render_error(
                Dialect::sqlite,
                "- create_function: {name: f, returns: int, language: sql, body: SELECT 1}\n"),
            "ops.yaml:1:3: create_function: SQLite has no functions" + hint);
  EXPECT_EQ(object_render_error(Dialect::sqlite, "- create_extension: {name: pg_trgm}\n"),
            "ops.yaml:1:3: create_extension: SQLite has no extensions" + hint);
  EXPECT_EQ(
      object_render_error(Dialect::sqlite,
                          "- create_view: {name: v, definition: SELECT 1, materialized: true}\n"),
      "ops.yaml:1:3: create_view: SQLite has no materialized views" + hint);
  EXPECT_EQ(object_render_error(Dialect::sqlite, "- drop_schema: {name: s}\n"),
            "ops.yaml:1:3: drop_schema: SQLite has no schemas (an attached database is SQLite's "
            "nearest thing)" +
                hint);
  EXPECT_EQ(object_render_error(Dialect::sqlite,
                                "- create_trigger: {name: t, table: x, timing: after, "
                                "events: insert, function: f}\n"),
            "ops.yaml:1:3: create_trigger: trigger t has no `body`: an SQLite trigger runs the "
            "statements of its body (give `body:`, or `dialect: postgresql` for a trigger that "
            "only runs a function)");
  EXPECT_EQ(object_render_error(Dialect::sqlite,
                                "- create_trigger: {name: t, table: x, timing: after, "
                                "events: [insert, delete], body: SELECT 1}\n"),
            "ops.yaml:1:3: create_trigger: trigger t has several events: an SQLite trigger has "
            "one (write one trigger per event)");
  EXPECT_EQ(object_render_error(Dialect::sqlite,
                                "- create_trigger: {name: t, table: x, timing: after, "
                                "events: insert, for_each_row: false, body: SELECT 1}\n"),
            "ops.yaml:1:3: create_trigger: trigger t: SQLite triggers are row-level "
            "(for_each_row: true)");
  // The same ops limited to PostgreSQL render to nothing on SQLite.
  EXPECT_EQ(object_render_error(Dialect::sqlite,
                                "- create_extension: {name: pg_trgm, dialect: postgresql}\n"),
            "(no error)");
}

TEST(ObjectSql, PostgresqlNeedsATriggersFunction) {
  EXPECT_EQ(object_render_error(Dialect::postgresql,
                                "- create_trigger: {name: t, table: x, timing: "
                                "after, events: insert, body: SELECT 1}\n"),
            "ops.yaml:1:3: create_trigger: trigger t has no `function`: a PostgreSQL trigger runs "
            "a function (give `function:`, or `dialect: sqlite` for a trigger with only a "
            "`body`)");
}

}  // namespace
}  // namespace retort
