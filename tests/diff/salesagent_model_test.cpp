// The differ on a real model: the Prebid Sales Agent's (examples/salesagent). Its 36 migrations
// applied to an empty database must reflect to exactly its models/ (what `check --scratch`
// does), and a database built from the model by the differ's own ops must too, with a downgrade
// back to nothing — on SQLite and PostgreSQL. The model's view, function and trigger compare in
// the server's form on PostgreSQL (schema/stored_form), as `check` compares them.
#include <gtest/gtest.h>

#include "db/sqlite_connection.hpp"
#include "dialect/dialect.hpp"
#include "diff/schema_diff.hpp"
#include "graph/revision_graph.hpp"
#include "ops/load_model.hpp"
#include "ops/load_revision.hpp"
#include "runner/migrator.hpp"
#include "schema/pg_reflect.hpp"
#include "schema/sqlite_reflect.hpp"
#include "schema/stored_form.hpp"
#include "support/pg_env.hpp"

namespace retort {
namespace {

const std::string kExample = std::string(RETORT_SOURCE_DIR) + "/examples/salesagent";

Schema salesagent_model() {
  return load_model(kExample + "/models");
}

RevisionGraph salesagent_graph() {
  return RevisionGraph::build(load_revisions({kExample + "/migrations/versions"}));
}

Schema reflect(Connection& conn) {
  if (conn.dialect() == Dialect::sqlite) return reflect_sqlite(conn);
  return reflect_postgresql(conn, "public", {"alembic_version", "retort_history"});
}

// The database against the model as `check` compares them: the model's expressions and objects
// in the database's own form.
DiffResult compare(Connection& conn, const Schema& model) {
  Schema stored = model_as_stored(conn, model);
  DiffOptions options;
  options.expressions = DiffOptions::Expressions::stored;
  options.model_stored = &stored;
  return diff_schemas(reflect(conn), model, conn.dialect(), options);
}

void run_ops(Connection& conn, const std::vector<Op>& ops) {
  RenderContext ctx;
  if (conn.dialect() == Dialect::sqlite)
    ctx.lookup_table = [&conn](const std::string& t) { return reflect_sqlite_table(conn, t); };
  for (const Op& op : ops)
    for (const std::string& sql : dialect_for(conn.dialect()).render(op, ctx)) conn.execute(sql);
}

void expect_migrations_match_model(Connection& conn) {
  RevisionGraph graph = salesagent_graph();
  Migrator(graph, conn, {}).upgrade("heads");
  DiffResult r = compare(conn, salesagent_model());
  EXPECT_EQ(describe_differences(r), std::vector<std::string>{});
  EXPECT_TRUE(r.upgrade.empty());
}

void expect_model_round_trip(Connection& conn) {
  Schema model = salesagent_model();
  DiffResult create = compare(conn, model);
  ASSERT_FALSE(create.empty());
  run_ops(conn, create.upgrade);
  DiffResult left = compare(conn, model);
  EXPECT_EQ(describe_differences(left), std::vector<std::string>{});
  run_ops(conn, create.downgrade);
  Schema emptied = reflect(conn);
  EXPECT_TRUE(emptied.tables.empty());
  EXPECT_TRUE(emptied.enums.empty());
  EXPECT_TRUE(emptied.views.empty());
  EXPECT_TRUE(emptied.triggers.empty());
  EXPECT_TRUE(emptied.functions.empty());
}

TEST(DiffSalesAgent, SqliteMigrationsMatchTheModel) {
  auto conn = SqliteConnection::open(":memory:", SqliteConnection::OpenMode::read_write_create);
  expect_migrations_match_model(*conn);
}

TEST(DiffSalesAgent, PostgresqlMigrationsMatchTheModel) {
  testing::PgTestDatabase db;
  auto conn = db.connect();
  expect_migrations_match_model(*conn);
}

TEST(DiffSalesAgent, SqliteModelRoundTrip) {
  auto conn = SqliteConnection::open(":memory:", SqliteConnection::OpenMode::read_write_create);
  expect_model_round_trip(*conn);
}

TEST(DiffSalesAgent, PostgresqlModelRoundTrip) {
  testing::PgTestDatabase db;
  auto conn = db.connect();
  expect_model_round_trip(*conn);
}

}  // namespace
}  // namespace retort
