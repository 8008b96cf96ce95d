// The PostgreSQL migration lock and session timeouts, against the throwaway server.
#include "db/pg_lock.hpp"

#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "db/pg_connection.hpp"
#include "support/pg_env.hpp"
#include "support/timing.hpp"

namespace retort {
namespace {

using namespace std::chrono_literals;
using testing::PgTestDatabase;

TEST(PgLockKey, IsTheFirstEightBytesOfSha256) {
  // python3 -c "import hashlib,struct; print(struct.unpack('>q',
  //   hashlib.sha256(b'postgres|public|alembic_version').digest()[:8])[0])"
  // Every retort version must agree on this value, or two versions would not exclude each other.
  EXPECT_EQ(pg_lock_key("postgres", "public", "alembic_version"), 6281174849799367373);
  EXPECT_NE(pg_lock_key("postgres", "public", "alembic_version"),
            pg_lock_key("postgres", "billing", "alembic_version"));
  EXPECT_NE(pg_lock_key("postgres", "public", "alembic_version"),
            pg_lock_key("app", "public", "alembic_version"));
  EXPECT_NE(pg_lock_key("postgres", "public", "alembic_version"),
            pg_lock_key("postgres", "public", "other_version"));
}

TEST(PgAdvisoryLock, SecondSessionTimesOutNamingTheHolder) {
  PgTestDatabase db;
  auto first = db.connect();
  auto second = db.connect();
  PgAdvisoryLock held = PgAdvisoryLock::for_version_table(*first, "alembic_version", 1s);
  EXPECT_EQ(held.key(), pg_lock_key(db.name(), "public", "alembic_version"));

  auto started = std::chrono::steady_clock::now();
  try {
    PgAdvisoryLock::for_version_table(*second, "alembic_version", 300ms);
    FAIL() << "the second session got a lock the first one holds";
  } catch (const Error& e) {
    auto waited = std::chrono::steady_clock::now() - started;
    EXPECT_GE(waited, 300ms);
    EXPECT_TRUE(testing::ends_within_generous_bound(waited, 300ms));
    EXPECT_EQ(e.kind(), ErrorKind::lock);
    std::string since = *second
                             ->query(
                                 "SELECT date_trunc('second', backend_start)::text FROM "
                                 "pg_stat_activity WHERE pid = $1",
                                 {Param::of(std::to_string(first->backend_pid()))})
                             .scalar();
    EXPECT_EQ(std::string(e.what()),
              "could not take the migration lock on " + db.url() + " within 0.3 s: held by pid " +
                  std::to_string(first->backend_pid()) +
                  " (application 'retort', user retort, client 127.0.0.1, connected since " +
                  since +
                  ", idle)\n"
                  "  another retort is probably migrating this database; it will see the work "
                  "done when it gets the lock (raise --lock-timeout to wait longer)");
  }
  EXPECT_EQ(exit_code_for(ErrorKind::lock), 3);
}

TEST(PgAdvisoryLock, WaiterGetsTheLockWhenTheHolderReleasesIt) {
  PgTestDatabase db;
  auto first = db.connect();
  auto second = db.connect();
  std::optional<PgAdvisoryLock> held(
      PgAdvisoryLock::for_version_table(*first, "alembic_version", 1s));

  auto waiter = std::async(std::launch::async, [&] {
    PgAdvisoryLock got = PgAdvisoryLock::for_version_table(*second, "alembic_version", 10s);
    return got.waited();
  });
  std::this_thread::sleep_for(400ms);
  EXPECT_EQ(waiter.wait_for(0ms), std::future_status::timeout) << "the waiter did not wait";
  held.reset();  // RAII release
  std::chrono::milliseconds waited = waiter.get();
  EXPECT_GE(waited, 350ms);
  EXPECT_TRUE(testing::ends_within_generous_bound(waited, 400ms));
}

TEST(PgAdvisoryLock, ExplicitReleaseAndOtherTablesDoNotConflict) {
  PgTestDatabase db;
  auto first = db.connect();
  auto second = db.connect();
  PgAdvisoryLock a = PgAdvisoryLock::for_version_table(*first, "alembic_version", 1s);
  // A different version table (another project sharing the database) has its own lock.
  PgAdvisoryLock b = PgAdvisoryLock::for_version_table(*second, "billing_version", 200ms);
  EXPECT_NE(a.key(), b.key());
  a.release();
  a.release();  // no-op
  PgAdvisoryLock c = PgAdvisoryLock::for_version_table(*second, "alembic_version", 200ms);
  EXPECT_EQ(c.key(), a.key());
  EXPECT_EQ(second
                ->query("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = "
                        "pg_backend_pid()")
                .scalar(),
            "2");
}

TEST(PgAdvisoryLock, SchemaQualifiedVersionTableKeysOnItsSchema) {
  PgTestDatabase db;
  auto conn = db.connect();
  PgAdvisoryLock a = PgAdvisoryLock::for_version_table(*conn, "tenant1.alembic_version", 1s);
  EXPECT_EQ(a.key(), pg_lock_key(db.name(), "tenant1", "alembic_version"));
}

TEST(PgAdvisoryLock, IsReleasedWhenTheHoldingSessionDies) {
  PgTestDatabase db;
  auto holder = db.connect();
  auto other = db.connect();
  {
    PgAdvisoryLock held = PgAdvisoryLock::for_version_table(*holder, "alembic_version", 1s);
    EXPECT_THROW(PgAdvisoryLock::for_version_table(*other, "alembic_version", 100ms), Error);
    // The migrator crashes: its backend goes away without unlocking.
    other->query("SELECT pg_terminate_backend($1::int)",
                 {Param::of(std::to_string(holder->backend_pid()))});
    // Taken within its timeout (it would throw otherwise): the dead session's lock is gone.
    PgAdvisoryLock taken = PgAdvisoryLock::for_version_table(*other, "alembic_version", 2s);
  }  // `held` is destroyed on a dead connection: no throw
  holder.reset();

  // A process that exits (closes its connection without unlocking) releases it too.
  auto third = db.connect();
  auto fourth = db.connect();
  int64_t key = pg_lock_key(db.name(), "public", "other_version");
  fourth->query("SELECT pg_advisory_lock($1::bigint)", {Param::of(std::to_string(key))});
  EXPECT_THROW(PgAdvisoryLock::for_version_table(*third, "other_version", 100ms), Error);
  fourth.reset();
  PgAdvisoryLock taken = PgAdvisoryLock::for_version_table(*third, "other_version", 2s);
}

TEST(PgTimeouts, ParsesPostgresDurations) {
  EXPECT_EQ(parse_pg_duration("10s", "lock_timeout"), 10s);
  EXPECT_EQ(parse_pg_duration("500ms", "lock_timeout"), 500ms);
  EXPECT_EQ(parse_pg_duration("250", "lock_timeout"), 250ms);
  EXPECT_EQ(parse_pg_duration("2min", "lock_timeout"), 2min);
  EXPECT_EQ(parse_pg_duration("1h", "lock_timeout"), 1h);
  EXPECT_EQ(parse_pg_duration("1d", "lock_timeout"), 24h);
  EXPECT_EQ(parse_pg_duration(" 1.5 s ", "lock_timeout"), 1500ms);
  EXPECT_EQ(parse_pg_duration("0", "lock_timeout"), 0ms);
  for (std::string_view bad : {"", "s", "10 seconds", "-1s", "1..5s", "10s later", "30d"}) {
    try {
      parse_pg_duration(bad, "statement_timeout");
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::input);
      EXPECT_EQ(std::string(e.what()),
                "invalid statement_timeout '" + std::string(bad) +
                    "': expected a duration such as 10s, 500ms, 2min, 1h (a bare number is "
                    "milliseconds; 0 means no limit)");
    }
  }
}

TEST(PgTimeouts, StatementTimeoutCancelsALongStatement) {
  PgTestDatabase db;
  auto conn = db.connect();
  apply_pg_timeouts(*conn, "", "200ms");
  EXPECT_EQ(conn->query("SHOW statement_timeout").scalar(), "200ms");
  EXPECT_EQ(conn->query("SHOW lock_timeout").scalar(), "0");  // "" leaves the default
  auto started = std::chrono::steady_clock::now();
  try {
    conn->query("SELECT pg_sleep(5)");
    FAIL() << "pg_sleep(5) was not cancelled";
  } catch (const PgDatabaseError& e) {
    EXPECT_EQ(e.sqlstate(), "57014");
    EXPECT_EQ(std::string(e.what()),
              "canceling statement due to statement timeout (SQLSTATE 57014)\n"
              "  SQL: SELECT pg_sleep(5)");
  }
  EXPECT_TRUE(
      testing::ends_within_generous_bound(std::chrono::steady_clock::now() - started, 200ms));
}

TEST(PgTimeouts, LockTimeoutStopsWaitingForATableLock) {
  PgTestDatabase db;
  auto holder = db.connect();
  auto migrator = db.connect();
  holder->execute("CREATE TABLE busy (id int)");
  holder->execute("BEGIN; LOCK TABLE busy IN ACCESS EXCLUSIVE MODE");
  apply_pg_timeouts(*migrator, "1.5s", "");
  EXPECT_EQ(migrator->query("SHOW lock_timeout").scalar(), "1500ms");
  auto started = std::chrono::steady_clock::now();
  try {
    migrator->execute("ALTER TABLE busy ADD COLUMN n int");
    FAIL() << "the ALTER did not time out";
  } catch (const PgDatabaseError& e) {
    EXPECT_EQ(e.sqlstate(), "55P03");
  }
  auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_GE(waited, 1400ms);
  EXPECT_TRUE(testing::ends_within_generous_bound(waited, 1500ms));
  holder->execute("ROLLBACK");
}

TEST(PgTimeouts, BadValueChangesNothing) {
  PgTestDatabase db;
  auto conn = db.connect();
  EXPECT_THROW(apply_pg_timeouts(*conn, "5s", "forever"), Error);
  EXPECT_EQ(conn->query("SHOW lock_timeout").scalar(), "0");
}

}  // namespace
}  // namespace retort
