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

// The SQLite script of `upgrade [FROM:]TARGET --sql`, as the CLI asks for it.
std::string sqlite_script(const RevisionGraph& graph, const std::string& from,
                          const std::string& target) {
  OfflineOptions o;
  o.dialect = Dialect::sqlite;
  std::vector<std::string> start;
  if (!from.empty()) {
    start = graph.resolve(from, {});
    o.create_version_table = false;
    o.steps_before = graph.plan_upgrade(from, {});
  }
  return render_offline_script(graph.plan_upgrade(target, start), o);
}

TEST(OfflineSqlite, TheSalesAgentScriptFromBaseMakesTheOnlineSchema) {
  // Up to 009: revision 010 has a guarded op, which an SQLite script cannot write (below).
  RevisionGraph graph = salesagent_graph();
  std::string script = sqlite_script(graph, "", "009");
  EXPECT_NE(script.find("PRAGMA foreign_keys=OFF;\nBEGIN;"), std::string::npos);

  auto offline = SqliteConnection::open(":memory:", Mode::read_write_create);
  offline->execute(script);  // foreign_key_check rows would throw here
  EXPECT_EQ(testing::sqlite_catalog(*offline), online_catalog(graph, "009"));
}

TEST(OfflineSqlite, AGuardedOpIsRefusedNamingTheOp) {
  // SQLite has no conditional statement: writing the op unguarded would run it when its guard
  // says not to, so the script is refused (docs/migration-files.md, "Guards").
  RevisionGraph graph = salesagent_graph();
  try {
    sqlite_script(graph, "009", "010");
    FAIL() << "expected a refusal";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::usage);
    EXPECT_NE(std::string(e.what()).find("revision 010, op 2 (execute at "), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("has a guard (unless)"), std::string::npos) << e.what();
  }
}

TEST(OfflineSqlite, AScriptStartingMidHistoryRebuildsFromTheSchemaAtItsStart) {
  RevisionGraph graph = salesagent_graph();
  std::string script = sqlite_script(graph, "010", "heads");

  auto db = SqliteConnection::open(":memory:", Mode::read_write_create);
  Migrator(graph, *db, {}).upgrade("010");
  db->execute(script);
  EXPECT_EQ(testing::sqlite_catalog(*db, {"retort_history"}), online_catalog(graph, "heads"));
}

TEST(OfflineSqlite, WithoutRebuildsTheScriptIsUnchangedAndNeedsNoShadow) {
  // The first revisions only create tables: no PRAGMA lines, no shadow database.
  std::string script = sqlite_script(salesagent_graph(), "", "001");
  EXPECT_EQ(script.find("PRAGMA"), std::string::npos);
}

}  // namespace
}  // namespace retort
