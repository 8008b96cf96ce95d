// --transaction all (docs/commands.md "upgrade", docs/configuration.md `[migrations] transaction`):
// every revision of a run in one transaction, so that a failure anywhere — a bad statement in the
// 14th revision, an interrupt — leaves schema, data and version rows where the run started, on
// SQLite and PostgreSQL, with one history row, written after the rollback, saying so. A
// transactional: false revision in such a run is refused before anything runs, online and
// offline. The concurrent runs of this mode are in concurrency_test.cpp.
#include <gtest/gtest.h>

#include <csignal>
#include <memory>

#include "base/error.hpp"
#include "db/interrupt.hpp"
#include "db/pg_connection.hpp"
#include "db/sqlite_connection.hpp"
#include "runner/history_table.hpp"
#include "runner/migrator.hpp"
#include "runner/offline.hpp"
#include "runner/reliability_helpers.hpp"
#include "runner/version_table.hpp"
#include "support/db_snapshot.hpp"
#include "support/pg_env.hpp"

namespace retort {
namespace {

using testing::rev_id;

using testing::ProjectDir;
using testing::RevisionFiles;
using testing::write_and_build;

constexpr int kHistoryLength = 20;

// 20 revisions: 001 creates `items` (with rows) and `applied_log`; each other one creates its
// table and logs itself; 008 also changes the data and (on SQLite) rebuilds `items`; 014 does
// the same and then runs `failing` (YAML op lines), or, with an empty `failing`, succeeds.
RevisionFiles long_history(const std::string& failing) {
  RevisionFiles files;
  files.push_back({"001.yaml", R"Y(revision: "001"
down_revision: null
message: items and the log
upgrade:
  - create_table: {table: applied_log, columns: [{name: rev, type: string(32), nullable: false}]}
  - create_table:
      table: items
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: name, type: string(50), nullable: false}
        - {name: qty, type: integer}
  - bulk_insert: {table: items, rows: [{id: 1, name: bolt, qty: 10}, {id: 2, name: "nut's", qty: 5}]}
  - bulk_insert: {table: applied_log, rows: [{rev: "001"}]}
downgrade:
  - drop_table: {table: items}
  - drop_table: {table: applied_log}
)Y"});
  for (int n = 2; n <= kHistoryLength; ++n) {
    std::string yaml = testing::table_revision_yaml(rev_id(n), {rev_id(n - 1)}, "applied_log");
    if (n == 8 || n == 14) {
      std::string extra =
          "  - alter_column: {table: items, column: qty, nullable: false, server_default: 0}\n"
          "  - execute: \"UPDATE items SET qty = qty + 1, name = name || '+'\"\n";
      if (n == 8)
        extra +=
            "  - alter_column: {table: items, column: qty, nullable: true, server_default: "
            "null}\n";
      if (n == 14) extra += failing;
      yaml.insert(yaml.find("downgrade:"), extra);
    }
    files.push_back({rev_id(n) + ".yaml", yaml});
  }
  return files;
}

const std::string kBadStatement = "  - execute: \"INSERT INTO no_such_table VALUES (1)\"\n";

MigratorOptions all_mode() {
  MigratorOptions o;
  o.transaction = RunTransaction::all;
  return o;
}

std::string snapshot(Connection& conn) {
  return conn.dialect() == Dialect::sqlite ? testing::sqlite_dump(conn, {"retort_history"})
                                           : testing::pg_snapshot(conn, {"retort_history"});
}

// Upgrades per revision to 003, then `upgrade head` with --transaction all fails in 014: the
// database is as it was at 003 (schema, data, version rows), and the history gained exactly
// one row, failed, for 014, in mode "all", saying the run was rolled back.
void expect_failed_run_leaves_the_start(Connection& conn, const ProjectDir& dir) {
  RevisionGraph graph = write_and_build(dir, long_history(kBadStatement));
  Migrator(graph, conn, {}).upgrade("003");
  const std::string before = snapshot(conn);
  ASSERT_NE(before.find("alembic_version"), std::string::npos);
  const size_t history_before = HistoryTable(conn, "retort_history").read().size();
  testing::RecordingObserver observer;
  try {
    Migrator(graph, conn, all_mode()).upgrade("head", &observer);
    FAIL() << "the upgrade should fail";
  } catch (const Error& e) {
    const std::string path = dir.file("migrations/versions/014.yaml");
    const std::string message = e.what();
    EXPECT_EQ(e.kind(), ErrorKind::database);
    EXPECT_EQ(message.rfind("revision 014 (" + path + "), upgrade op 5 (execute at " + path, 0), 0u)
        << message;
    EXPECT_NE(message.find("\n  the whole run was rolled back (--transaction all) to its starting "
                           "revision (003): the database is as it was before the run; none of "
                           "the 11 revision(s) it had started stays applied"),
              std::string::npos)
        << message;
  }
  // The progress said what started and finished, and never that the run committed.
  ASSERT_EQ(observer.lines.size(), 21u);
  EXPECT_EQ(observer.lines.front(), "started upgrade 004");
  EXPECT_EQ(observer.lines.back(), "started upgrade 014");
  EXPECT_EQ(snapshot(conn), before);
  EXPECT_EQ(VersionTable(conn, "alembic_version").read(), std::vector<std::string>{"003"});
  std::vector<HistoryRecord> history = HistoryTable(conn, "retort_history").read();
  ASSERT_EQ(history.size(), history_before + 1);
  const HistoryEntry& row = history.back().entry;
  EXPECT_EQ(row.revision, "014");
  EXPECT_FALSE(row.success);
  EXPECT_EQ(row.transaction_mode, "all");
  EXPECT_NE(row.error.find("\nthe whole run was rolled back (--transaction all) to its starting "
                           "revision (003)"),
            std::string::npos)
      << row.error;
  for (size_t i = 0; i < history_before; ++i)
    EXPECT_EQ(history[i].entry.transaction_mode, "per-revision");

  // The same history without the bad statement: one run, every row in mode "all".
  RevisionGraph fixed = write_and_build(dir, long_history(""));
  testing::RecordingObserver ok;
  Migrator(fixed, conn, all_mode()).upgrade("head", &ok);
  EXPECT_EQ(VersionTable(conn, "alembic_version").read(),
            std::vector<std::string>{rev_id(kHistoryLength)});
  history = HistoryTable(conn, "retort_history").read();
  ASSERT_EQ(history.size(), history_before + 1 + (kHistoryLength - 3));
  for (size_t i = history_before + 1; i < history.size(); ++i) {
    EXPECT_TRUE(history[i].entry.success);
    EXPECT_EQ(history[i].entry.transaction_mode, "all");
  }
  EXPECT_EQ(conn.query("SELECT count(*) FROM applied_log").scalar(),
            std::to_string(kHistoryLength));
  // And back down to 003 in one transaction too (008 and 014 do not undo their data changes).
  Migrator(fixed, conn, all_mode()).downgrade("003");
  EXPECT_EQ(VersionTable(conn, "alembic_version").read(), std::vector<std::string>{"003"});
  EXPECT_EQ(conn.query("SELECT count(*) FROM applied_log").scalar(), "3");
  EXPECT_FALSE(table_exists(conn, "t_004"));
}

TEST(RunTransactionAll, FailureInTheFourteenthRevisionLeavesSqliteAtItsStart) {
  ProjectDir dir;
  auto conn =
      SqliteConnection::open(dir.file("app.db"), SqliteConnection::OpenMode::read_write_create);
  expect_failed_run_leaves_the_start(*conn, dir);
}

TEST(RunTransactionAll, FailureInTheFourteenthRevisionLeavesPostgresAtItsStart) {
  testing::PgTestDatabase db;
  ProjectDir dir;
  auto conn = db.connect();
  expect_failed_run_leaves_the_start(*conn, dir);
}

// From base: the version table the run created is rolled back with it, and the failure's
// history row is still there.
void expect_failed_run_from_base_leaves_nothing_but_history(Connection& conn,
                                                            const ProjectDir& dir) {
  RevisionGraph graph = write_and_build(dir, long_history(kBadStatement));
  const std::string before = snapshot(conn);
  EXPECT_THROW(Migrator(graph, conn, all_mode()).upgrade("head"), Error);
  EXPECT_EQ(snapshot(conn), before);
  EXPECT_FALSE(table_exists(conn, "alembic_version"));
  std::vector<HistoryRecord> history = HistoryTable(conn, "retort_history").read();
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].entry.revision, "014");
  EXPECT_NE(history[0].entry.error.find("to its starting revision (base)"), std::string::npos)
      << history[0].entry.error;
}

TEST(RunTransactionAll, FailureFromBaseLeavesNoTableButTheHistorySqlite) {
  ProjectDir dir;
  auto conn =
      SqliteConnection::open(dir.file("app.db"), SqliteConnection::OpenMode::read_write_create);
  expect_failed_run_from_base_leaves_nothing_but_history(*conn, dir);
}

TEST(RunTransactionAll, FailureFromBaseLeavesNoTableButTheHistoryPostgres) {
  testing::PgTestDatabase db;
  ProjectDir dir;
  auto conn = db.connect();
  expect_failed_run_from_base_leaves_nothing_but_history(*conn, dir);
}

// SIGINT while the run is in its 14th revision (an embedding program's `call` step records it):
// the next safe point stops the run, and the whole run is rolled back.
void expect_interrupt_rolls_back_the_whole_run(Connection& conn, const ProjectDir& dir) {
  RevisionGraph graph = write_and_build(
      dir,
      long_history("  - call: {name: interrupt_me}\n  - execute: \"UPDATE items SET qty = 0\"\n"));
  Migrator(graph, conn, {}).upgrade("003");
  const std::string before = snapshot(conn);
  Migrator migrator(graph, conn, all_mode());
  migrator.register_call("interrupt_me", [](Connection&) { request_interrupt(SIGINT); });
  try {
    migrator.upgrade("head");
    clear_interrupt();
    FAIL() << "the upgrade should be interrupted";
  } catch (const Error& e) {
    clear_interrupt();
    const std::string message = e.what();
    EXPECT_NE(message.find("upgrade op 6 (execute at "), std::string::npos) << message;
    EXPECT_NE(message.find("interrupted by SIGINT"), std::string::npos) << message;
    EXPECT_NE(message.find("the whole run was rolled back (--transaction all) to its starting "
                           "revision (003)"),
              std::string::npos)
        << message;
  }
  EXPECT_EQ(snapshot(conn), before);
  EXPECT_EQ(HistoryTable(conn, "retort_history").read().back().entry.transaction_mode, "all");
}

TEST(RunTransactionAll, InterruptRollsBackTheWholeRunSqlite) {
  ProjectDir dir;
  auto conn =
      SqliteConnection::open(dir.file("app.db"), SqliteConnection::OpenMode::read_write_create);
  expect_interrupt_rolls_back_the_whole_run(*conn, dir);
}

TEST(RunTransactionAll, InterruptRollsBackTheWholeRunPostgres) {
  testing::PgTestDatabase db;
  ProjectDir dir;
  auto conn = db.connect();
  expect_interrupt_rolls_back_the_whole_run(*conn, dir);
}

const char* kConcurrentIndex = R"Y(revision: "004"
down_revision: "003"
message: index t_003 concurrently
transactional: false
upgrade:
  - create_index: {name: ix_t_003_note, table: t_003, columns: [note], concurrently: true, dialect: postgresql}
downgrade:
  - drop_index: {name: ix_t_003_note, concurrently: true, dialect: postgresql}
)Y";

// A transactional: false revision cannot run inside the run's transaction: the run is refused
// before anything is written (also as a dry run and offline), naming it.
void expect_non_transactional_revision_refused(Connection& conn, const ProjectDir& dir) {
  RevisionFiles files = long_history("");
  files.resize(3);
  files.push_back({"004.yaml", kConcurrentIndex});
  RevisionGraph graph = write_and_build(dir, files);
  const std::string before = snapshot(conn);
  const std::string expected =
      "revision 004 (" + dir.file("migrations/versions/004.yaml") +
      ") is transactional: false (its ops cannot run inside a transaction), so it cannot be part "
      "of a --transaction all run, which applies every revision in one transaction\n  nothing "
      "was changed; run the revisions up to it with --transaction all, this one on its own with "
      "--transaction per-revision, then the rest (before it: 003)";
  auto expect_refused = [&](const std::function<void()>& run) {
    try {
      run();
      FAIL() << "should be refused";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::input);
      EXPECT_EQ(std::string(e.what()), expected);
    }
  };
  expect_refused([&] { Migrator(graph, conn, all_mode()).upgrade("head"); });
  expect_refused(
      [&] { Migrator(graph, conn, all_mode()).plan(MigrationStep::Direction::upgrade, "head"); });
  OfflineOptions offline;
  offline.dialect = conn.dialect();
  offline.one_transaction = true;
  expect_refused([&] { render_offline_script(graph.plan_upgrade("head", {}), offline); });
  EXPECT_EQ(snapshot(conn), before);
  EXPECT_FALSE(table_exists(conn, "alembic_version"));
  EXPECT_FALSE(table_exists(conn, "retort_history"));
  // Run as the message says: up to 003 in one transaction, 004 on its own, and nothing after.
  Migrator(graph, conn, all_mode()).upgrade("003");
  Migrator(graph, conn, {}).upgrade("004");
  EXPECT_EQ(VersionTable(conn, "alembic_version").read(), std::vector<std::string>{"004"});
}

TEST(RunTransactionAll, NonTransactionalRevisionIsRefusedBeforeAnythingRunsSqlite) {
  ProjectDir dir;
  auto conn =
      SqliteConnection::open(dir.file("app.db"), SqliteConnection::OpenMode::read_write_create);
  expect_non_transactional_revision_refused(*conn, dir);
}

TEST(RunTransactionAll, NonTransactionalRevisionIsRefusedBeforeAnythingRunsPostgres) {
  testing::PgTestDatabase db;
  ProjectDir dir;
  auto conn = db.connect();
  expect_non_transactional_revision_refused(*conn, dir);
}

// Offline (Alembic's offline mode with transaction_per_migration=False): one BEGIN and one COMMIT
// around the version table and every revision; SQLite's rebuild procedure around all of it.
TEST(RunTransactionAll, OfflineScriptHasOneTransaction) {
  ProjectDir dir;
  RevisionGraph graph = write_and_build(dir, long_history(""));
  auto count = [](const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  };
  for (Dialect d : {Dialect::sqlite, Dialect::postgresql}) {
    OfflineOptions o;
    o.dialect = d;
    o.one_transaction = true;
    std::string script = render_offline_script(graph.plan_upgrade("head", {}), o);
    EXPECT_EQ(count(script, "BEGIN;"), 1u) << script;
    EXPECT_EQ(count(script, "COMMIT;"), 1u) << script;
    EXPECT_LT(script.find("BEGIN;"), script.find("CREATE TABLE"));
    EXPECT_EQ(script.substr(script.rfind("COMMIT;")),
              d == Dialect::sqlite ? "COMMIT;\nPRAGMA foreign_keys=ON;\n" : "COMMIT;\n");
    EXPECT_EQ(count(script, "-- Running upgrade"), static_cast<size_t>(kHistoryLength));
    o.one_transaction = false;
    script = render_offline_script(graph.plan_upgrade("head", {}), o);
    EXPECT_EQ(count(script, "BEGIN;"), static_cast<size_t>(kHistoryLength));
  }
}

// A history table an older retort created has no transaction_mode column: the first write adds
// it; its old rows read as "".
TEST(RunTransactionAll, OlderHistoryTableGainsTheModeColumn) {
  ProjectDir dir;
  auto conn =
      SqliteConnection::open(dir.file("app.db"), SqliteConnection::OpenMode::read_write_create);
  conn->execute(
      "CREATE TABLE retort_history (id INTEGER PRIMARY KEY, revision VARCHAR(32), direction "
      "VARCHAR(16) NOT NULL, from_revisions TEXT, message TEXT, checksum VARCHAR(64), started_at "
      "DATETIME NOT NULL, duration_ms INTEGER, success BOOLEAN NOT NULL, error TEXT, applied_by "
      "TEXT, retort_version VARCHAR(32))");
  conn->execute(
      "INSERT INTO retort_history (revision, direction, started_at, success) VALUES ('000', "
      "'stamp', '2026-01-01T00:00:00.000Z', 1)");
  EXPECT_EQ(HistoryTable(*conn, "retort_history").read().at(0).entry.transaction_mode, "");
  RevisionFiles files = long_history("");
  files.resize(2);
  Migrator(write_and_build(dir, files), *conn, all_mode()).upgrade("head");
  std::vector<HistoryRecord> history = HistoryTable(*conn, "retort_history").read();
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].entry.transaction_mode, "");
  EXPECT_EQ(history[1].entry.transaction_mode, "all");
  EXPECT_EQ(history[2].entry.transaction_mode, "all");
}

}  // namespace
}  // namespace retort
