// Ctrl-C and SIGTERM (docs/commands.md "Interrupting a command"), with the built binary on the
// suite's PostgreSQL server: the command cancels the running statement, stops at a safe point,
// rolls back the revision it was running, releases the lock, drops the scratch database it made,
// and exits 128 + the signal (130, 143).
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <thread>

#include "db/pg_connection.hpp"
#include "support/pg_env.hpp"
#include "support/project_dir.hpp"
#include "support/queries.hpp"

namespace retort {
namespace {

using testing::scalar;

using namespace std::chrono_literals;

// 001 creates a table; 002 creates one and then runs a statement that takes a minute.
void write_slow_history(const testing::ProjectDir& dir) {
  dir.write_revision("001.yaml", testing::table_revision_yaml("001", {}));
  dir.write_revision("002.yaml", R"Y(revision: "002"
down_revision: "001"
message: slow
upgrade:
  - create_table: {table: t_002, columns: [{name: id, type: integer, primary_key: true}]}
  - execute: "SELECT pg_sleep(60)"
downgrade:
  - drop_table: {table: t_002}
)Y");
}

// Waits until a session runs pg_sleep on behalf of `pid`'s retort (in a database whose name
// matches `database_like`), or the child ends. Polls; the bound is only a safety net.
bool wait_for_sleep(Connection& admin, testing::ChildProcess& child,
                    const std::string& database_like) {
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (std::chrono::steady_clock::now() < deadline && child.running()) {
    if (scalar(admin,
               "SELECT count(*) FROM pg_stat_activity WHERE datname LIKE $1 AND query LIKE "
               "'SELECT pg_sleep%' AND state = 'active'",
               {Param::of(database_like)}) != "0")
      return true;
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

std::string scratch_databases(Connection& admin, int pid) {
  return scalar(admin, "SELECT count(*) FROM pg_database WHERE datname LIKE $1",
                {Param::of("retort_scratch_" + std::to_string(pid) + "_%")});
}

TEST(Interrupt, SigintDuringTestDropsTheScratchDatabaseAndExits130) {
  testing::PgTestDatabase db;
  testing::ProjectDir dir;
  dir.write_config(db.url());
  write_slow_history(dir);
  auto admin = PgConnection::open(testing::pg_test_url());
  testing::ChildProcess child = dir.start_retort({"test"});
  ASSERT_TRUE(wait_for_sleep(*admin, child, "retort_scratch_" + std::to_string(child.pid()) + "_%"))
      << child.wait().describe();
  EXPECT_EQ(scratch_databases(*admin, child.pid()), "1");
  child.send_signal(SIGINT);
  testing::ProcessResult r = child.wait();
  EXPECT_EQ(r.exit_code, 130) << r.describe();
  EXPECT_NE(r.err.find("interrupted by SIGINT"), std::string::npos) << r.err;
  EXPECT_EQ(scratch_databases(*admin, child.pid()), "0");
}

TEST(Interrupt, SigtermDuringCheckScratchDropsTheScratchDatabaseAndExits143) {
  testing::PgTestDatabase db;
  testing::ProjectDir dir;
  dir.write_config(db.url());
  dir.write("models/schema.yaml",
            "tables:\n  - table: t_001\n    columns:\n      - {name: id, type: integer, "
            "primary_key: true}\n");
  write_slow_history(dir);
  auto admin = PgConnection::open(testing::pg_test_url());
  testing::ChildProcess child = dir.start_retort({"check", "--scratch"});
  ASSERT_TRUE(wait_for_sleep(*admin, child, "retort_scratch_" + std::to_string(child.pid()) + "_%"))
      << child.wait().describe();
  child.send_signal(SIGTERM);
  testing::ProcessResult r = child.wait();
  EXPECT_EQ(r.exit_code, 143) << r.describe();
  EXPECT_EQ(scratch_databases(*admin, child.pid()), "0");
}

// An interrupted upgrade rolls back the revision it was in (its table is gone), keeps the ones
// before it, records the failed attempt, and leaves no lock and no session behind.
TEST(Interrupt, SigintDuringUpgradeRollsBackTheRevisionAndReleasesTheLock) {
  for (const char* mode : {"transaction", "session"}) {
    SCOPED_TRACE(mode);
    testing::PgTestDatabase db;
    testing::ProjectDir dir;
    dir.write_config(db.url(), std::string("[postgresql]\nmigration_lock = \"") + mode + "\"\n");
    write_slow_history(dir);
    auto admin = PgConnection::open(testing::pg_test_url());
    testing::ChildProcess child = dir.start_retort({"upgrade", "head"});
    ASSERT_TRUE(wait_for_sleep(*admin, child, db.name())) << child.wait().describe();
    child.send_signal(SIGINT);
    testing::ProcessResult r = child.wait();
    EXPECT_EQ(r.exit_code, 130) << r.describe();
    EXPECT_NE(r.err.find("the revision was rolled back"), std::string::npos) << r.err;
    auto conn = db.connect();
    EXPECT_EQ(scalar(*conn, "SELECT string_agg(version_num, ',') FROM alembic_version"), "001");
    EXPECT_EQ(scalar(*conn, "SELECT to_regclass('t_002') IS NULL"), "t");
    EXPECT_EQ(scalar(*conn,
                     "SELECT count(*) FROM retort_history WHERE revision = '002' AND NOT "
                     "success"),
              "1");
    EXPECT_EQ(scalar(*conn,
                     "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = "
                     "(SELECT oid FROM pg_database WHERE datname = current_database())"),
              "0");
  }
}

// With --transaction all, SIGTERM in the second revision rolls back the whole run: the first
// revision, which ran in the same transaction, is gone too, one failed history row says so,
// and no lock is left.
TEST(Interrupt, SigtermDuringOneTransactionRunRollsBackTheWholeRun) {
  testing::PgTestDatabase db;
  testing::ProjectDir dir;
  dir.write_config(db.url());
  write_slow_history(dir);
  auto admin = PgConnection::open(testing::pg_test_url());
  testing::ChildProcess child = dir.start_retort({"upgrade", "head", "--transaction", "all"});
  ASSERT_TRUE(wait_for_sleep(*admin, child, db.name())) << child.wait().describe();
  child.send_signal(SIGTERM);
  testing::ProcessResult r = child.wait();
  EXPECT_EQ(r.exit_code, 143) << r.describe();
  EXPECT_NE(r.err.find("the whole run was rolled back (--transaction all) to its starting "
                       "revision (base)"),
            std::string::npos)
      << r.err;
  auto conn = db.connect();
  EXPECT_EQ(scalar(*conn, "SELECT to_regclass('alembic_version') IS NULL"), "t");
  EXPECT_EQ(scalar(*conn, "SELECT to_regclass('t_001') IS NULL"), "t");
  EXPECT_EQ(scalar(*conn, "SELECT to_regclass('t_002') IS NULL"), "t");
  EXPECT_EQ(scalar(*conn,
                   "SELECT string_agg(revision || ' ' || success || ' ' || transaction_mode, ',') "
                   "FROM retort_history"),
            "002 false all");
  EXPECT_EQ(scalar(*conn,
                   "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = "
                   "(SELECT oid FROM pg_database WHERE datname = current_database())"),
            "0");
}

}  // namespace
}  // namespace retort
