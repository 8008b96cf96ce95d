// Offline SQLite scripts (`upgrade --sql`) with table rebuilds: the Sales Agent history, whose
// revisions rebuild tables six times, written as a script and run on a fresh database makes the
// very schema the online upgrade makes — from base, and from the middle of the history.
#include <gtest/gtest.h>

#include "db/sqlite_connection.hpp"
#include "graph/revision_graph.hpp"
#include "ops/load_revision.hpp"
#include "runner/migrator.hpp"
#include "runner/offline.hpp"
#include "support/db_snapshot.hpp"

namespace retort {
namespace {

using Mode = SqliteConnection::OpenMode;

RevisionGraph salesagent_graph() {
  return RevisionGraph::build(load_revisions(
      {std::string(RETORT_SOURCE_DIR) + "/examples/salesagent/migrations/versions"}));
}

std::string online_catalog(const RevisionGraph& graph, const std::string& target) {
  auto conn = SqliteConnection::open(":memory:", Mode::read_write_create);
  Migrator(graph, *conn, {}).upgrade(target);
  return testing::sqlite_catalog(*conn, {"retort_history"});
}

TEST(OfflineSqlite, TheSalesAgentScriptFromBaseMakesTheOnlineSchema) {
  RevisionGraph graph = salesagent_graph();
  OfflineOptions o;
  o.dialect = Dialect::sqlite;
  std::string script = render_offline_script(graph.plan_upgrade("heads", {}), o);
  EXPECT_NE(script.find("PRAGMA foreign_keys=OFF;\nBEGIN;"), std::string::npos);

  auto offline = SqliteConnection::open(":memory:", Mode::read_write_create);
  offline->execute(script);  // foreign_key_check rows would throw here
  EXPECT_EQ(testing::sqlite_catalog(*offline), online_catalog(graph, "heads"));
}

TEST(OfflineSqlite, AScriptStartingMidHistoryRebuildsFromTheSchemaAtItsStart) {
  RevisionGraph graph = salesagent_graph();
  OfflineOptions o;
  o.dialect = Dialect::sqlite;
  o.create_version_table = false;
  o.steps_before = graph.plan_upgrade("010", {});
  std::string script = render_offline_script(graph.plan_upgrade("heads", {"010"}), o);

  auto db = SqliteConnection::open(":memory:", Mode::read_write_create);
  Migrator(graph, *db, {}).upgrade("010");
  db->execute(script);
  EXPECT_EQ(testing::sqlite_catalog(*db, {"retort_history"}), online_catalog(graph, "heads"));
}

TEST(OfflineSqlite, WithoutRebuildsTheScriptIsUnchangedAndNeedsNoShadow) {
  // The first revisions only create tables: no PRAGMA lines, no shadow database.
  RevisionGraph graph = salesagent_graph();
  OfflineOptions o;
  o.dialect = Dialect::sqlite;
  std::string script = render_offline_script(graph.plan_upgrade("001", {}), o);
  EXPECT_EQ(script.find("PRAGMA"), std::string::npos);
}

}  // namespace
}  // namespace retort
