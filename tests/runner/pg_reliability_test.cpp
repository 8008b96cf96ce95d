// The runner's promises on PostgreSQL (docs/commands.md, "upgrade"), each test on a fresh database
// of the suite's throwaway server (RETORT_TEST_PG_URL; the tests fail when it is unset): round
// trips reflect the same schema; a failing revision leaves schema and data exactly as they were; a
// migrator killed in the middle of a revision leaves the previous revision, no partial DDL and no
// lock behind;
// --wait-for-db waits for a server that is still starting; --lock-timeout gives up naming the
// holder.
#include <gtest/gtest.h>
#include <signal.h>

#include <thread>

#include "base/error.hpp"
#include "db/pg_connection.hpp"
#include "db/pg_lock.hpp"
#include "ops/write_yaml.hpp"
#include "runner/history_table.hpp"
#include "runner/migrator.hpp"
#include "runner/reliability_helpers.hpp"
#include "schema/pg_reflect.hpp"
#include "support/db_snapshot.hpp"
#include "support/pg_cluster.hpp"
#include "support/pg_env.hpp"
#include "support/queries.hpp"
#include "support/timing.hpp"

namespace retort {
namespace {

using testing::scalar;
using testing::with;

using namespace std::chrono_literals;
using testing::PgTestDatabase;
using testing::place_of;
using testing::ProjectDir;
using testing::RevisionFiles;
using testing::write_and_build;
using Clock = std::chrono::steady_clock;

// The schema without the rows (a round trip re-inserts rows with new CURRENT_TIMESTAMPs).
std::string pg_schema_snapshot(Connection& conn) {
  std::string all = testing::pg_snapshot(conn, {"retort_history"});
  std::string out;
  size_t start = 0;
  while (start < all.size()) {
    size_t end = all.find('\n', start);
    std::string line = all.substr(start, end - start);
    if (line.rfind("row ", 0) != 0) out += line + "\n";
    start = end + 1;
  }
  return out;
}

TEST(RunnerPostgres, UpgradeDowngradeUpgradeReflectsTheSameSchema) {
  PgTestDatabase db;
  ProjectDir dir;
  RevisionGraph graph = write_and_build(dir, testing::roundtrip_history());
  auto conn = db.connect();
  Migrator migrator(graph, *conn, {});

  EXPECT_EQ(migrator.upgrade("head").size(), 4u);
  const std::vector<std::string> excluded{"alembic_version", "retort_history"};
  const Schema first = reflect_postgresql(*conn, "public", excluded);
  const std::string first_catalog = pg_schema_snapshot(*conn);
  ASSERT_EQ(first.tables.size(), 2u);
  EXPECT_EQ(first.tables[0].name, "customers");
  EXPECT_EQ(first.tables[1].name, "purchases");
  ASSERT_EQ(first.enums.size(), 1u);
  EXPECT_EQ(
      scalar(*conn, "SELECT string_agg(email || ':' || status, ',' ORDER BY id) FROM customers"),
      "a@example.com:active,b@example.com:closed");

  EXPECT_EQ(migrator.downgrade("base").size(), 4u);
  EXPECT_EQ(migrator.current(), std::vector<std::string>{});
  const Schema empty = reflect_postgresql(*conn, "public", excluded);
  EXPECT_TRUE(empty.tables.empty() && empty.enums.empty()) << render_schema(empty);
  EXPECT_EQ(scalar(*conn,
                   "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class c JOIN "
                   "pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND "
                   "relkind IN ('r', 'S')"),
            "alembic_version,retort_history,retort_history_id_seq");

  EXPECT_EQ(migrator.upgrade("head").size(), 4u);
  const Schema second = reflect_postgresql(*conn, "public", excluded);
  EXPECT_EQ(render_schema(second), render_schema(first));
  EXPECT_EQ(pg_schema_snapshot(*conn), first_catalog);
}

// As on SQLite: upgrade to 002, then to head through a failing 003; checks everything but the
// history is as before and the attempt is recorded; returns the error.
Error pg_fail_on_top_of_002(const ProjectDir& dir, Connection& conn, const std::string& rev003) {
  RevisionGraph graph =
      write_and_build(dir, with(testing::failure_base_history(), "003_fail.yaml", rev003));
  Migrator migrator(graph, conn, {});
  migrator.upgrade("002");
  const std::string before = testing::pg_snapshot(conn, {"retort_history"});
  const size_t history_before = HistoryTable(conn, "retort_history").read().size();
  std::optional<Error> error;
  try {
    migrator.upgrade("head");
  } catch (const Error& e) {
    error = e;
  }
  if (!error) throw std::runtime_error("the failing revision 003 did not fail");
  EXPECT_EQ(testing::pg_snapshot(conn, {"retort_history"}), before);
  EXPECT_EQ(migrator.current(), std::vector<std::string>{"002"});
  EXPECT_FALSE(conn.in_transaction());
  std::vector<HistoryRecord> history = HistoryTable(conn, "retort_history").read();
  EXPECT_EQ(history.size(), history_before + 1);
  const HistoryEntry& last = history.back().entry;
  EXPECT_EQ(last.revision, "003");
  EXPECT_EQ(last.direction, "upgrade");
  EXPECT_FALSE(last.success);
  EXPECT_EQ(last.from_revisions, std::vector<std::string>{"002"});
  EXPECT_EQ(last.checksum, testing::sha256sum_of(dir.file("migrations/versions/003_fail.yaml")));
  // The migration lock went with the run.
  EXPECT_EQ(scalar(conn, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"), "0");
  return *error;
}

TEST(RunnerPostgres, BadSqlInTheThirdOpLeavesSchemaAndDataAsBefore) {
  PgTestDatabase db;
  ProjectDir dir;
  auto conn = db.connect();
  Error e = pg_fail_on_top_of_002(dir, *conn, testing::kBadSqlRevision);
  const std::string path = dir.file("migrations/versions/003_fail.yaml");
  const std::string db_message =
      "relation \"no_such_table\" does not exist (SQLSTATE 42P01)\n"
      "  SQL: UPDATE no_such_table SET x = 1";
  EXPECT_EQ(e.kind(), ErrorKind::database);
  EXPECT_EQ(std::string(e.what()),
            "revision 003 (" + path + "), upgrade op 3 (execute at " +
                place_of(path, testing::kBadSqlRevision, "execute: \"UPDATE no_such") +
                "): " + db_message +
                "\n  the revision was rolled back; the database is as it was before it");
  EXPECT_EQ(HistoryTable(*conn, "retort_history").read().back().entry.error, db_message);
  EXPECT_EQ(
      scalar(*conn, "SELECT count(*) FROM information_schema.columns WHERE column_name = 'price'"),
      "0");
}

TEST(RunnerPostgres, ARefusedAuditRowRollsTheRevisionBack) {
  // The audit row and the COMMIT are sent together (one round trip, pipeline mode): when the
  // server refuses the row, the COMMIT must not take effect.
  PgTestDatabase db;
  ProjectDir dir;
  auto conn = db.connect();
  RevisionGraph graph = write_and_build(
      dir, with(testing::failure_base_history(), "003_price.yaml", R"Y(revision: "003"
down_revision: "002"
message: price
upgrade:
  - add_column: {table: items, column: {name: price, type: "numeric(10,2)"}}
  - execute: "UPDATE items SET price = qty * 2"
downgrade:
  - drop_column: {table: items, column: price}
)Y"));
  Migrator migrator(graph, *conn, {});
  migrator.upgrade("002");
  conn->execute(
      "ALTER TABLE retort_history ADD CONSTRAINT refuse_003 "
      "CHECK (revision <> '003' OR NOT success)");
  const std::string before = testing::pg_snapshot(*conn, {"retort_history"});
  try {
    migrator.upgrade("head");
    FAIL() << "expected the audit row to be refused";
  } catch (const Error& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("violates check constraint \"refuse_003\""), std::string::npos)
        << message;
    EXPECT_NE(message.find("the revision was rolled back"), std::string::npos) << message;
  }
  EXPECT_EQ(testing::pg_snapshot(*conn, {"retort_history"}), before);
  EXPECT_EQ(migrator.current(), std::vector<std::string>{"002"});
  EXPECT_FALSE(conn->in_transaction());
  EXPECT_EQ(scalar(*conn, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"), "0");
  std::vector<HistoryRecord> history = HistoryTable(*conn, "retort_history").read();
  EXPECT_EQ(history.back().entry.revision, "003");
  EXPECT_FALSE(history.back().entry.success);

  conn->execute("ALTER TABLE retort_history DROP CONSTRAINT refuse_003");
  migrator.upgrade("head");
  EXPECT_EQ(migrator.current(), std::vector<std::string>{"003"});
  EXPECT_EQ(scalar(*conn, "SELECT sum(price) FROM items"), "44.00");
}

TEST(RunnerPostgres, FailingAssertLeavesSchemaAndDataAsBefore) {
  PgTestDatabase db;
  ProjectDir dir;
  auto conn = db.connect();
  Error e = pg_fail_on_top_of_002(dir, *conn, testing::kFailingAssertRevision);
  testing::expect_failing_assert_reported(e, dir, *conn);
}

TEST(RunnerPostgres, FailureAfterAlteringATableLeavesSchemaAndDataAsBefore) {
  PgTestDatabase db;
  ProjectDir dir;
  auto conn = db.connect();
  Error e = pg_fail_on_top_of_002(dir, *conn, testing::kFailAfterRebuildRevision);
  const std::string path = dir.file("migrations/versions/003_fail.yaml");
  const std::string db_message =
      "duplicate key value violates unique constraint \"items_pkey\" (SQLSTATE 23505)\n"
      "  DETAIL: Key (id)=(1) already exists.\n"
      "  SQL: INSERT INTO items (id, name, qty) VALUES (1, 'duplicate', 1)";
  EXPECT_EQ(e.kind(), ErrorKind::database);
  EXPECT_EQ(std::string(e.what()),
            "revision 003 (" + path + "), upgrade op 3 (execute at " +
                place_of(path, testing::kFailAfterRebuildRevision, "execute:") +
                "): " + db_message +
                "\n  the revision was rolled back; the database is as it was before it");
  EXPECT_EQ(HistoryTable(*conn, "retort_history").read().back().entry.error, db_message);
  EXPECT_EQ(scalar(*conn, "SELECT to_regclass('ix_items_qty') IS NULL"), "t");
}

// A project whose 002 creates a table and then sleeps as long as the test's `sleep_config`
// says (outside the migrations, so a re-run can be told not to sleep).
void write_sleeping_project(const ProjectDir& dir, const std::string& url) {
  dir.write_config(url);
  dir.write_revision("001.yaml", testing::table_revision_yaml("001", {}));
  dir.write_revision("002.yaml", R"Y(revision: "002"
down_revision: "001"
message: long revision
upgrade:
  - create_table: {table: half_done, columns: [{name: id, type: integer}]}
  - execute: "SELECT pg_sleep((SELECT seconds FROM sleep_config))"
downgrade:
  - drop_table: {table: half_done}
)Y");
}

// Waits until some session of this database runs pg_sleep; returns its pid.
std::string wait_for_sleeper(Connection& conn, testing::ChildProcess& child) {
  const auto deadline = Clock::now() + 20s;
  while (Clock::now() < deadline) {
    auto pid = conn.query(
                       "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND "
                       "state = 'active' AND query LIKE '%pg_sleep%' AND pid <> pg_backend_pid()")
                   .scalar();
    if (pid) return *pid;
    if (!child.running())
      throw std::runtime_error("the migrator ended before it slept:\n" + child.wait().describe());
    std::this_thread::sleep_for(20ms);
  }
  throw std::runtime_error("the migrator never reached pg_sleep");
}

TEST(RunnerPostgres, KilledInTheMiddleOfARevisionLeavesThePreviousRevisionAndNoLock) {
  PgTestDatabase db;
  ProjectDir dir;
  write_sleeping_project(dir, db.url());
  auto conn = db.connect();
  conn->execute("CREATE TABLE sleep_config (seconds float8); INSERT INTO sleep_config VALUES (30)");
  testing::ProcessResult r = dir.retort({"upgrade", "001"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();

  testing::ChildProcess child = dir.start_retort({"upgrade", "head"});
  const std::string holder = wait_for_sleeper(*conn, child);

  // Meanwhile a second migrator gives up on the lock after --lock-timeout, naming the first.
  r = dir.retort({"upgrade", "head", "--lock-timeout", "0.5"});
  EXPECT_EQ(r.exit_code, 3) << r.describe();
  const std::string since =
      scalar(*conn,
             "SELECT date_trunc('second', backend_start)::text FROM pg_stat_activity "
             "WHERE pid = $1",
             {Param::of(holder)});
  EXPECT_EQ(r.err, "error: could not take the migration lock on " + db.url() +
                       " within 0.5 s: held by pid " + holder +
                       " (application 'retort', user retort, client 127.0.0.1, connected since " +
                       since +
                       ", active)\n"
                       "  another retort is probably migrating this database; it will see the "
                       "work done when it gets the lock (raise --lock-timeout to wait longer)\n");
  EXPECT_EQ(r.out, "");

  child.send_signal(SIGKILL);
  testing::ProcessResult killed = child.wait();
  EXPECT_EQ(killed.signal, SIGKILL);
  const auto killed_at = Clock::now();

  // At once: the previous revision, and none of 002's DDL visible.
  EXPECT_EQ(scalar(*conn, "SELECT string_agg(version_num, ',') FROM alembic_version"), "001");
  EXPECT_EQ(scalar(*conn, "SELECT to_regclass('half_done') IS NULL"), "t");

  // The re-run (told not to sleep) neither waits for the dead run's lock nor finds half a
  // revision: it applies 002 whole, long before the orphaned 30 s sleep could have ended.
  conn->execute("UPDATE sleep_config SET seconds = 0");
  r = dir.retort({"upgrade", "head"});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  // The orphaned sleep lasts 30 s; the re-run takes about one second.
  EXPECT_TRUE(testing::ends_within_generous_bound(Clock::now() - killed_at, 1000ms))
      << r.describe();
  EXPECT_NE(r.out.find("Running upgrade 001 -> 002, long revision"), std::string::npos) << r.out;
  EXPECT_EQ(scalar(*conn, "SELECT string_agg(version_num, ',') FROM alembic_version"), "002");
  EXPECT_EQ(scalar(*conn, "SELECT to_regclass('half_done') IS NOT NULL"), "t");
  EXPECT_EQ(scalar(*conn, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"), "0");
  // The killed attempt left no history row; the re-run's is the only one for 002.
  std::vector<HistoryRecord> h = HistoryTable(*conn, "retort_history").read();
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h[1].entry.revision, "002");
  EXPECT_TRUE(h[1].entry.success);
}

TEST(RunnerPostgres, WaitForDbConnectsOnceTheServerIsUp) {
  testing::PgCluster cluster;
  ProjectDir dir;
  dir.write_config(cluster.url());
  dir.write_revision("001.yaml", testing::table_revision_yaml("001", {}));
  dir.write_revision("002.yaml", testing::table_revision_yaml("002", {"001"}));

  testing::ChildProcess child = dir.start_retort({"upgrade", "head", "--wait-for-db", "20", "-v"});
  // The server does not exist yet: initdb takes a few seconds while retort keeps retrying.
  const auto started = Clock::now();
  cluster.init();
  std::this_thread::sleep_for(std::max(
      0ms, std::chrono::duration_cast<std::chrono::milliseconds>(2s - (Clock::now() - started))));
  ASSERT_TRUE(child.running()) << child.wait().describe();
  EXPECT_NE(child.stderr_so_far().find("database not reachable yet (attempt 1)"), std::string::npos)
      << child.stderr_so_far();
  cluster.start();
  testing::ProcessResult r = child.wait();
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_NE(r.out.find("Running upgrade 001 -> 002, create t_002"), std::string::npos) << r.out;
  auto conn = PgConnection::open(cluster.url());
  EXPECT_EQ(scalar(*conn, "SELECT string_agg(version_num, ',') FROM alembic_version"), "002");

  // Without --wait-for-db an unreachable server is exit 3 at once.
  cluster.stop();
  r = dir.retort({"upgrade", "head"});
  EXPECT_EQ(r.exit_code, 3) << r.describe();
  EXPECT_TRUE(testing::ends_within_generous_bound(r.elapsed, 500ms));  // at once: no retries
}

TEST(RunnerPostgres, LockTimeoutExitsThreeNamingTheHolder) {
  PgTestDatabase db;
  ProjectDir dir;
  dir.write_config(db.url());
  dir.write_revision("001.yaml", testing::table_revision_yaml("001", {}));
  auto holder = db.connect();
  auto observer = db.connect();
  PgAdvisoryLock held = PgAdvisoryLock::for_version_table(*holder, "alembic_version", 1s);

  testing::ProcessResult r = dir.retort({"upgrade", "head", "--lock-timeout", "1"});
  EXPECT_EQ(r.exit_code, 3) << r.describe();
  EXPECT_GE(r.elapsed, 1s);
  EXPECT_TRUE(testing::ends_within_generous_bound(r.elapsed, 1000ms));
  const std::string since =
      scalar(*observer,
             "SELECT date_trunc('second', backend_start)::text FROM pg_stat_activity "
             "WHERE pid = $1",
             {Param::of(std::to_string(holder->backend_pid()))});
  EXPECT_EQ(r.err, "error: could not take the migration lock on " + db.url() +
                       " within 1.0 s: held by pid " + std::to_string(holder->backend_pid()) +
                       " (application 'retort', user retort, client 127.0.0.1, connected since " +
                       since +
                       ", idle)\n"
                       "  another retort is probably migrating this database; it will see the "
                       "work done when it gets the lock (raise --lock-timeout to wait longer)\n");
  EXPECT_EQ(scalar(*observer, "SELECT to_regclass('alembic_version') IS NULL"), "t");
}

}  // namespace
}  // namespace retort
