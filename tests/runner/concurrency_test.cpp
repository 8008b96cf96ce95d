// N processes running `retort upgrade head` at once on one database (docs/commands.md, "Concurrent
// runs"), directly and through PgBouncer in transaction pooling mode:
// every one exits 0 and every revision is applied exactly once. The built binary runs as 8 real
// processes; the history is 30 revisions, each of which also appends a row to `applied_log`, so
// an upgrade that ran twice shows up in the data as well as in retort_history.
#include <gtest/gtest.h>

#include <map>

#include "db/pg_connection.hpp"
#include "db/sqlite_connection.hpp"
#include "runner/history_table.hpp"
#include "runner/reliability_helpers.hpp"
#include "runner/version_table.hpp"
#include "support/pg_env.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

using testing::rev_id;

constexpr int kRevisions = 30;
constexpr int kProcesses = 8;

void write_history(const testing::ProjectDir& dir) {
  dir.write_revision("001.yaml", R"Y(revision: "001"
down_revision: null
message: create t_001 and the log
upgrade:
  - create_table: {table: applied_log, columns: [{name: rev, type: string(32), nullable: false}]}
  - create_table: {table: t_001, columns: [{name: id, type: integer, primary_key: true}]}
  - bulk_insert: {table: applied_log, rows: [{rev: "001"}]}
downgrade:
  - drop_table: {table: t_001}
  - drop_table: {table: applied_log}
)Y");
  for (int n = 2; n <= kRevisions; ++n)
    dir.write_revision(rev_id(n) + ".yaml",
                       testing::table_revision_yaml(rev_id(n), {rev_id(n - 1)}, "applied_log"));
}

// Starts kProcesses `upgrade head` (plus `extra` arguments) at once, waits for all, and checks
// each exited 0 and that the "Running upgrade" lines of all of them together name each revision
// once.
void run_concurrent_upgrades(const testing::ProjectDir& dir,
                             const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"upgrade", "head"};
  args.insert(args.end(), extra.begin(), extra.end());
  std::vector<testing::ChildProcess> children;
  for (int i = 0; i < kProcesses; ++i) children.push_back(dir.start_retort(args));
  std::map<std::string, int> printed;
  for (auto& child : children) {
    testing::ProcessResult r = child.wait();
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    size_t start = 0;
    while (start < r.out.size()) {
      size_t end = r.out.find('\n', start);
      if (end == std::string::npos) end = r.out.size();
      std::string line = r.out.substr(start, end - start);
      if (line.rfind("Running upgrade ", 0) == 0) {
        size_t arrow = line.find(" -> ");
        ++printed[line.substr(arrow + 4, line.find(',', arrow) - arrow - 4)];
      }
      start = end + 1;
    }
  }
  ASSERT_EQ(printed.size(), static_cast<size_t>(kRevisions));
  for (const auto& [rev, count] : printed) EXPECT_EQ(count, 1) << "revision " << rev;
}

// Each revision has exactly one successful upgrade row in the history (run in `mode`) and one row
// in the log, and the version table is at the head.
void expect_each_revision_once(Connection& conn, const std::string& mode = "per-revision") {
  EXPECT_EQ(VersionTable(conn, "alembic_version").read(),
            std::vector<std::string>{rev_id(kRevisions)});
  std::map<std::string, int> upgrades;
  for (const HistoryRecord& rec : HistoryTable(conn, "retort_history").read()) {
    EXPECT_TRUE(rec.entry.success) << rec.entry.revision << ": " << rec.entry.error;
    EXPECT_EQ(rec.entry.direction, "upgrade");
    EXPECT_EQ(rec.entry.transaction_mode, mode);
    if (rec.entry.success && rec.entry.direction == "upgrade") ++upgrades[rec.entry.revision];
  }
  std::map<std::string, int> logged;
  for (const auto& row : conn.query("SELECT rev FROM applied_log").rows) ++logged[*row[0]];
  for (int n = 1; n <= kRevisions; ++n) {
    EXPECT_EQ(upgrades[rev_id(n)], 1) << "revision " << rev_id(n);
    EXPECT_EQ(logged[rev_id(n)], 1) << "revision " << rev_id(n);
  }
  EXPECT_EQ(upgrades.size(), static_cast<size_t>(kRevisions));
  EXPECT_EQ(logged.size(), static_cast<size_t>(kRevisions));
}

TEST(RunnerConcurrency, EightSqliteProcessesApplyEachRevisionExactlyOnce) {
  testing::ProjectDir dir;
  dir.write_config(dir.sqlite_url());
  write_history(dir);
  run_concurrent_upgrades(dir);
  auto conn =
      SqliteConnection::open(dir.file("app.db"), SqliteConnection::OpenMode::read_only_if_exists);
  expect_each_revision_once(*conn);
  auto ok = conn->query("PRAGMA integrity_check").scalar();
  EXPECT_EQ(ok.value_or(""), "ok");
}

TEST(RunnerConcurrency, EightPostgresProcessesApplyEachRevisionExactlyOnce) {
  testing::PgTestDatabase db;
  testing::ProjectDir dir;
  dir.write_config(db.url());
  write_history(dir);
  run_concurrent_upgrades(dir);
  auto conn = db.connect();
  expect_each_revision_once(*conn);
}

// The same through PgBouncer in transaction pooling mode (docs/configuration.md "Connection
// poolers"), where consecutive transactions of one client may run on different server
// connections: the default transaction-level lock still applies each revision exactly once, and
// no advisory lock is left on the server connections PgBouncer keeps open afterwards (a session
// lock taken through the pooler stayed held there, and two processes both got past it).
TEST(RunnerConcurrency, EightProcessesThroughPgBouncerApplyEachRevisionOnceAndLeaveNoLock) {
  testing::PgTestDatabase db;
  testing::ProjectDir dir;
  dir.write_config(testing::pg_url_with_database(testing::pgbouncer_test_url(), db.name()));
  write_history(dir);
  run_concurrent_upgrades(dir);
  auto conn = db.connect();
  expect_each_revision_once(*conn);
  EXPECT_EQ(conn->query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = "
                        "(SELECT oid FROM pg_database WHERE datname = current_database())")
                .scalar(),
            "0");
}

// --transaction all (docs/commands.md "upgrade"): each process takes the migration lock once, in
// its one transaction, and reads the version rows under it; the first applies all 30 revisions,
// the others then find the head and run nothing. On SQLite, on PostgreSQL directly (with the
// transaction-level lock and with the session lock), and through PgBouncer in transaction mode.
const std::vector<std::string> kAll = {"--transaction", "all"};

TEST(RunnerConcurrency, EightSqliteProcessesInOneTransactionEachApplyEachRevisionOnce) {
  testing::ProjectDir dir;
  dir.write_config(dir.sqlite_url());
  write_history(dir);
  run_concurrent_upgrades(dir, kAll);
  auto conn =
      SqliteConnection::open(dir.file("app.db"), SqliteConnection::OpenMode::read_only_if_exists);
  expect_each_revision_once(*conn, "all");
}

TEST(RunnerConcurrency, EightPostgresProcessesInOneTransactionEachApplyEachRevisionOnce) {
  testing::PgTestDatabase db;
  testing::ProjectDir dir;
  dir.write_config(db.url());
  write_history(dir);
  run_concurrent_upgrades(dir, kAll);
  auto conn = db.connect();
  expect_each_revision_once(*conn, "all");
}

TEST(RunnerConcurrency, EightPostgresProcessesInOneTransactionWithSessionLockApplyEachOnce) {
  testing::PgTestDatabase db;
  testing::ProjectDir dir;
  dir.write_config(db.url(), "[postgresql]\nmigration_lock = \"session\"\n");
  write_history(dir);
  run_concurrent_upgrades(dir, kAll);
  auto conn = db.connect();
  expect_each_revision_once(*conn, "all");
}

TEST(RunnerConcurrency, EightProcessesInOneTransactionThroughPgBouncerApplyEachOnce) {
  testing::PgTestDatabase db;
  testing::ProjectDir dir;
  // Set in the configuration this time (the other tests pass --transaction all).
  dir.write("retort.toml",
            "[database]\nurl = \"" +
                testing::pg_url_with_database(testing::pgbouncer_test_url(), db.name()) +
                "\"\n\n[migrations]\ndirectory = \"migrations/versions\"\ntransaction = \"all\"\n");
  write_history(dir);
  run_concurrent_upgrades(dir);
  auto conn = db.connect();
  expect_each_revision_once(*conn, "all");
  EXPECT_EQ(conn->query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = "
                        "(SELECT oid FROM pg_database WHERE datname = current_database())")
                .scalar(),
            "0");
}

}  // namespace
}  // namespace retort
