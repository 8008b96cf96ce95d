// SessionPool on real databases: commit and rollback, exhaustion, health checks and stale
// connections after a PostgreSQL restart, failing fast while the database is down.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <retort/session_pool.hpp>
#include <thread>

#include "db/pg_connection.hpp"
#include "db/sqlite_connection.hpp"
#include "support/pg_env.hpp"

namespace retort {
namespace {

namespace fs = std::filesystem;

class SqlitePool : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (fs::temp_directory_path() /
             ("retort_pool_" + std::to_string(::getpid()) + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db"))
                .string();
    fs::remove(path_);
    auto c = connect();
    c->execute("CREATE TABLE buys (id TEXT PRIMARY KEY, amount INTEGER NOT NULL)");
  }
  void TearDown() override { fs::remove(path_); }
  std::unique_ptr<Connection> connect() {
    return SqliteConnection::open(path_, SqliteConnection::OpenMode::read_write_create);
  }
  int64_t count() {
    auto c = connect();
    return std::stoll(*c->query("SELECT COUNT(*) FROM buys").scalar());
  }
  std::string path_;
};

TEST_F(SqlitePool, CommitKeepsRowsAndLeavingScopeRollsBack) {
  SessionPool pool([this] { return connect(); });
  {
    Session s = pool.session();
    s.query("INSERT INTO buys VALUES (" + s.placeholder(1) + ", " + s.placeholder(2) + ")",
            {Param::of("a"), Param::of("10")});
    s.commit();
  }
  {
    Session s = pool.session();
    s.query("INSERT INTO buys VALUES (?, ?)", {Param::of("b"), Param::of("20")});
    // no commit: leaving the scope rolls back
  }
  EXPECT_EQ(count(), 1);
  EXPECT_EQ(pool.open_count(), 1u);  // the same connection served both sessions
  EXPECT_EQ(pool.idle_count(), 1u);
}

TEST_F(SqlitePool, AFailedStatementRollsBackTheWholeTransaction) {
  SessionPool pool([this] { return connect(); });
  EXPECT_THROW(
      {
        Session s = pool.session();
        s.query("INSERT INTO buys VALUES ('a', 1)");
        s.query("INSERT INTO buys VALUES ('a', 2)");  // duplicate key
        s.commit();
      },
      Error);
  EXPECT_EQ(count(), 0);
}

TEST_F(SqlitePool, ExhaustionTimesOutWithAClearError) {
  SessionPoolOptions o;
  o.max_connections = 2;
  o.checkout_timeout = std::chrono::milliseconds(150);
  SessionPool pool([this] { return connect(); }, o);
  Session a = pool.session();
  Session b = pool.session();
  auto t0 = std::chrono::steady_clock::now();
  try {
    Session c = pool.session();
    FAIL() << "a third session was handed out";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::lock);
    EXPECT_EQ(std::string(e.what()),
              "no database session within 150 ms: all 2 connections of the pool are in use "
              "(raise max_connections, or find the session that is not released)");
  }
  EXPECT_GE(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(140));
}

TEST_F(SqlitePool, AWaitingCheckoutGetsTheConnectionWhenReleased) {
  SessionPoolOptions o;
  o.max_connections = 1;
  o.checkout_timeout = std::chrono::milliseconds(5000);
  SessionPool pool([this] { return connect(); }, o);
  auto held = std::make_unique<Session>(pool.session());
  std::thread releaser([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    held.reset();
  });
  Session s = pool.session();  // waits for the releaser
  releaser.join();
  EXPECT_EQ(pool.open_count(), 1u);
}

TEST(SessionPoolDown, FailsFastAfterAConnectFailure) {
  int attempts = 0;
  SessionPoolOptions o;
  o.fail_fast_window = std::chrono::milliseconds(2000);
  SessionPool pool(
      [&]() -> std::unique_ptr<Connection> {
        ++attempts;
        return PgConnection::open("postgresql://nobody@127.0.0.1:1/none",
                                  PgOptions{.connect_timeout_seconds = 2});
      },
      o);
  EXPECT_THROW(pool.session(), Error);
  EXPECT_EQ(attempts, 1);
  try {
    pool.session();
    FAIL() << "expected a fast failure";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::connection);
    EXPECT_NE(std::string(e.what()).find("failing fast"), std::string::npos) << e.what();
  }
  EXPECT_EQ(attempts, 1);  // the second call did not try to connect
}

// The pool survives a PostgreSQL restart while idle: health-checked checkout replaces the
// stale connection. Runs its own server, since the suite's shared one must not restart.
TEST(PgSessionPool, SurvivesAServerRestartWhileIdle) {
  testing::pg_test_url();  // the suite's server must be there (fails otherwise)
  const std::string dir =
      (fs::temp_directory_path() / ("retort_pool_pg_" + std::to_string(::getpid()))).string();
  const std::string script = std::string(RETORT_SOURCE_DIR) + "/tests/support/pg_server.sh";
  std::string url;
  {
    FILE* p = ::popen((script + " start " + dir).c_str(), "r");
    ASSERT_NE(p, nullptr);
    char buf[512] = {0};
    if (fgets(buf, sizeof buf, p)) url = buf;
    ASSERT_EQ(::pclose(p), 0) << "could not start a private PostgreSQL server";
    while (!url.empty() && (url.back() == '\n' || url.back() == '\r')) url.pop_back();
  }
  struct Stop {
    std::string cmd;
    ~Stop() { (void)std::system(cmd.c_str()); }
  } stop{script + " stop " + dir};

  SessionPool pool([&] { return PgConnection::open(url); });
  {
    Session s = pool.session();
    s.query("CREATE TABLE buys (id TEXT PRIMARY KEY)");
    s.commit();
  }
  ASSERT_EQ(pool.idle_count(), 1u);
  ASSERT_EQ(std::system((script + " restart " + dir).c_str()), 0);
  {
    Session s = pool.session();  // the idle connection is stale; a new one is opened
    s.query("INSERT INTO buys VALUES ($1)", {Param::of("after-restart")});
    s.commit();
  }
  Session s = pool.session();
  EXPECT_EQ(s.query("SELECT COUNT(*) FROM buys").scalar(), "1");
  EXPECT_EQ(pool.open_count(), 1u);
}

TEST(PgSessionPool, RollbackAndCommitOnARealServer) {
  testing::PgTestDatabase db;
  SessionPool pool([&] { return db.connect(); });
  {
    Session s = pool.session();
    s.query("CREATE TABLE buys (id TEXT PRIMARY KEY)");
    s.commit();
  }
  EXPECT_THROW(
      {
        Session s = pool.session();
        s.query("INSERT INTO buys VALUES ($1)", {Param::of("x")});
        s.query("INSERT INTO buys VALUES ($1)", {Param::of("x")});
      },
      Error);
  Session s = pool.session();
  EXPECT_EQ(s.query("SELECT COUNT(*) FROM buys").scalar(), "0");
}

}  // namespace
}  // namespace retort
