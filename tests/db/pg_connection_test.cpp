// PgConnection against the throwaway PostgreSQL server (RETORT_TEST_PG_URL; never skipped).
#include "db/pg_connection.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <thread>

#include "support/pg_env.hpp"
#include "support/timing.hpp"

namespace retort {
namespace {

using testing::pg_test_url;
using testing::pg_url_port;
using testing::pg_url_with_database;
using testing::PgTestDatabase;

// A loopback port with nothing listening on it (bound, then released).
int closed_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

// A TCP forwarder that starts listening on a free loopback port only after `delay` and then
// relays every connection to `target_port`: a database that is "still starting".
class DelayedProxy {
 public:
  DelayedProxy(int target_port, std::chrono::milliseconds delay)
      : target_port_(target_port), port_(closed_port()) {
    thread_ = std::thread([this, delay] { run(delay); });
  }
  ~DelayedProxy() {
    stop_ = true;
    thread_.join();
    for (auto& t : pumps_) t.join();
  }
  int port() const { return port_; }

 private:
  void run(std::chrono::milliseconds delay) {
    std::this_thread::sleep_for(delay);
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port_));
    if (bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        listen(listener, 8) != 0) {
      close(listener);
      return;
    }
    while (!stop_) {
      pollfd p{listener, POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      int client = accept(listener, nullptr, nullptr);
      if (client < 0) continue;
      pumps_.emplace_back([this, client] { pump(client); });
    }
    close(listener);
  }

  void pump(int client) {
    int server = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(target_port_));
    if (connect(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
      char buf[16384];
      pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
      while (!stop_) {
        if (poll(fds, 2, 50) <= 0) continue;
        bool closed = false;
        for (int i = 0; i < 2; ++i) {
          if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
          ssize_t n = read(fds[i].fd, buf, sizeof buf);
          if (n <= 0 || write(fds[1 - i].fd, buf, static_cast<size_t>(n)) != n) closed = true;
        }
        if (closed) break;
      }
    }
    close(server);
    close(client);
  }

  int target_port_;
  int port_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::vector<std::thread> pumps_;
};

std::string message_of(const std::function<void()>& f, ErrorKind expected_kind) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(static_cast<int>(e.kind()), static_cast<int>(expected_kind)) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "expected an error";
  return "";
}

TEST(PgConnection, QueriesWithParametersNullsAndAffectedRows) {
  PgTestDatabase db;
  auto conn = db.connect();
  conn->execute("CREATE TABLE people (id integer PRIMARY KEY, name text, note text)");
  QueryResult ins = conn->query("INSERT INTO people VALUES ($1, $2, $3), ($4, $5, $6)",
                                {Param::of("1"), Param::of("O'Brien; DROP TABLE people"),
                                 Param::null(), Param::of("2"), Param::of("b"), Param::of("x")});
  EXPECT_EQ(ins.affected, 2);

  QueryResult r =
      conn->query("SELECT id, name, note FROM people WHERE id >= $1 ORDER BY id", {Param::of("1")});
  ASSERT_EQ(r.columns, (std::vector<std::string>{"id", "name", "note"}));
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0][1], "O'Brien; DROP TABLE people");
  EXPECT_EQ(r.rows[0][2], std::nullopt);
  EXPECT_EQ(r.rows[1][2], "x");
  EXPECT_EQ(r.affected, 0);  // reading changes nothing
  EXPECT_EQ(conn->query("UPDATE people SET note = 'y'").affected, 2);
  QueryResult returning =
      conn->query("DELETE FROM people WHERE id = $1 RETURNING name", {Param::of("2")});
  EXPECT_EQ(returning.affected, 1);
  EXPECT_EQ(returning.scalar(), "b");
  EXPECT_EQ(conn->execute("CREATE TABLE copy AS SELECT * FROM people"), 0);
  EXPECT_EQ(conn->query("SELECT 1 WHERE false").scalar(), std::nullopt);
}

TEST(PgConnection, ExecuteRunsAScriptAndReturnsTheLastStatementsRowCount) {
  PgTestDatabase db;
  auto conn = db.connect();
  EXPECT_EQ(conn->execute("CREATE TABLE x (a int);\n"
                          "INSERT INTO x VALUES (1), (2), (3);\n"
                          "UPDATE x SET a = a + 10 WHERE a > 1;"),
            2);
  EXPECT_EQ(conn->query("SELECT sum(a) FROM x").scalar(), "26");
  EXPECT_EQ(conn->execute(""), 0);
}

TEST(PgConnection, StatementErrorCarriesServerMessageSqlstateDetailAndSql) {
  PgTestDatabase db;
  auto conn = db.connect();
  conn->execute("CREATE TABLE u (id int PRIMARY KEY)");
  conn->execute("INSERT INTO u VALUES (1)");
  try {
    conn->query("INSERT INTO u VALUES ($1)", {Param::of("1")});
    FAIL() << "expected a unique violation";
  } catch (const PgDatabaseError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::database);
    EXPECT_EQ(e.sqlstate(), "23505");
    EXPECT_EQ(std::string(e.what()),
              "duplicate key value violates unique constraint \"u_pkey\" (SQLSTATE 23505)\n"
              "  DETAIL: Key (id)=(1) already exists.\n"
              "  SQL: INSERT INTO u VALUES ($1)");
  }

  std::string hint =
      message_of([&] { conn->execute("SELECT no_such_function(1, 2)"); }, ErrorKind::database);
  EXPECT_EQ(hint,
            "function no_such_function(integer, integer) does not exist (SQLSTATE 42883)\n"
            "  HINT: No function matches the given name and argument types. You might need to "
            "add explicit type casts.\n"
            "  SQL: SELECT no_such_function(1, 2)");

  // A long statement is folded onto one line and cut.
  std::string sql = "SELECT\n  1 AS a,\n  " + std::string(400, 'x') + " FROM nowhere";
  std::string long_message = message_of([&] { conn->query(sql); }, ErrorKind::database);
  EXPECT_EQ(long_message,
            "relation \"nowhere\" does not exist (SQLSTATE 42P01)\n  SQL: SELECT 1 AS a, " +
                std::string(300 - 15, 'x') + "...");
}

TEST(PgConnection, QueryRefusesSeveralStatements) {
  PgTestDatabase db;
  auto conn = db.connect();
  try {
    conn->query("SELECT 1; SELECT 2");
    FAIL() << "expected an error";
  } catch (const PgDatabaseError& e) {
    EXPECT_EQ(e.sqlstate(), "42601");
  }
}

TEST(PgConnection, BatchRunsInOrderAndReturnsEachResult) {
  PgTestDatabase db;
  auto conn = db.connect();
  conn->execute("CREATE TABLE b (id int PRIMARY KEY, name text)");
  conn->execute("BEGIN");
  std::vector<QueryResult> r = conn->query_batch(
      {{"INSERT INTO b VALUES ($1, $2), ($3, $4)",
        {Param::of("1"), Param::of("it's"), Param::of("2"), Param::null()}},
       {"UPDATE b SET name = $1 WHERE id = $2 RETURNING id", {Param::of("two"), Param::of("2")}},
       {"SELECT name FROM b ORDER BY id", {}},
       {"COMMIT", {}}});
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0].affected, 2);
  EXPECT_EQ(r[1].affected, 1);
  EXPECT_EQ(r[1].scalar(), "2");
  ASSERT_EQ(r[2].rows.size(), 2u);
  EXPECT_EQ(r[2].rows[0][0], "it's");
  EXPECT_EQ(r[2].rows[1][0], "two");
  EXPECT_FALSE(conn->in_transaction());  // the COMMIT ran
  EXPECT_EQ(conn->query("SELECT count(*) FROM b").scalar(), "2");
}

TEST(PgConnection, BatchStopsAtTheFirstFailureAndLeavesTheTransactionToRollBack) {
  PgTestDatabase db;
  auto conn = db.connect();
  conn->execute("CREATE TABLE b (id int PRIMARY KEY)");
  conn->execute("BEGIN");
  conn->execute("INSERT INTO b VALUES (1)");
  try {
    conn->query_batch({{"INSERT INTO b VALUES ($1)", {Param::of("2")}},
                       {"INSERT INTO b VALUES ($1)", {Param::of("1")}},
                       {"INSERT INTO b VALUES ($1)", {Param::of("3")}},
                       {"COMMIT", {}}});
    FAIL() << "expected a unique violation";
  } catch (const PgDatabaseError& e) {
    EXPECT_EQ(e.sqlstate(), "23505");
    EXPECT_NE(std::string(e.what()).find("SQL: INSERT INTO b VALUES ($1)"), std::string::npos);
  }
  // The statements after the failure, COMMIT included, did not run: the transaction is open
  // and failed, and rolling it back leaves nothing.
  EXPECT_TRUE(conn->in_transaction());
  conn->execute("ROLLBACK");
  EXPECT_EQ(conn->query("SELECT count(*) FROM b").scalar(), "0");
  // The connection is usable again, in and out of pipeline mode.
  EXPECT_EQ(conn->query_batch({{"SELECT 1", {}}, {"SELECT 2", {}}})[1].scalar(), "2");
  EXPECT_EQ(conn->query("SELECT 3").scalar(), "3");
}

TEST(PgConnection, UnreachableServerIsAConnectionErrorWithoutThePassword) {
  int port = closed_port();
  std::string url = "postgresql://alice:s3cr3t-Pa55@127.0.0.1:" + std::to_string(port) + "/app";
  std::string message = message_of([&] { PgConnection::open(url); }, ErrorKind::connection);
  EXPECT_EQ(message.find("s3cr3t"), std::string::npos) << message;
  std::string expected_start =
      "could not connect to postgresql://alice:***@127.0.0.1:" + std::to_string(port) +
      "/app: connection to server at \"127.0.0.1\", port " + std::to_string(port) +
      " failed: Connection refused";
  EXPECT_EQ(message.substr(0, expected_start.size()), expected_start) << message;
}

TEST(PgConnection, ServerRefusalIsAConnectionErrorWithoutThePassword) {
  std::string url = pg_url_with_database(pg_test_url(), "no_such_db_here");
  // Put a password in (trust authentication ignores it).
  size_t at = url.find('@');
  url.insert(at, ":hunter2-secret");
  std::string message = message_of([&] { PgConnection::open(url); }, ErrorKind::connection);
  EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
  EXPECT_NE(message.find(":***@"), std::string::npos) << message;
  EXPECT_NE(message.find("FATAL:  database \"no_such_db_here\" does not exist"), std::string::npos)
      << message;
}

TEST(PgConnection, MalformedUrlIsAnInputErrorThatDoesNotEchoThePassword) {
  // libpq quotes the bad token, which here is the password itself.
  std::string message = message_of(
      [] { PgConnection::open("postgresql://alice:pa%zzword@127.0.0.1:1/app"); }, ErrorKind::input);
  EXPECT_EQ(message,
            "invalid database URL postgresql://alice:***@127.0.0.1:1/app: "
            "invalid percent-encoded token: \"***\"");
  std::string unknown =
      message_of([] { PgConnection::open("postgresql://alice:pw@127.0.0.1:1/app?colour=red"); },
                 ErrorKind::input);
  EXPECT_EQ(unknown,
            "invalid database URL postgresql://alice:***@127.0.0.1:1/app?colour=red: "
            "invalid URI query parameter: \"colour\"");
}

TEST(PgConnection, DisplaysUrlsAndConninfoAlikeWithoutThePassword) {
  EXPECT_EQ(pg_display_url("postgresql://u:secret@h:5432/db?sslmode=require"),
            "postgresql://u:***@h:5432/db");
  EXPECT_EQ(pg_display_url("postgres://u@h/db"), "postgres://u@h/db");
  EXPECT_EQ(pg_display_url("host='h' port='5432' dbname='d b' user='u' password='it\\'s a secret'"),
            "postgresql://u:***@h:5432/d%20b");
  EXPECT_EQ(pg_display_url("postgresql://u:p@h1:1,h2:2/db"), "postgresql://u:***@h1:1,h2:2/db");
  EXPECT_EQ(pg_display_url("postgresql://u@[::1]:5433/db"), "postgresql://u@[::1]:5433/db");
  EXPECT_EQ(pg_display_url("postgresql:///db?host=/var/run/postgresql"),
            "postgresql://%2Fvar%2Frun%2Fpostgresql/db");
  // Text libpq cannot parse falls back to redact_passwords.
  EXPECT_EQ(pg_display_url("postgresql://u:secret@h/db?bogus=1"),
            "postgresql://u:***@h/db?bogus=1");
}

TEST(PgConnection, OpensFromAConninfoStringAndDescribesItAsAUrl) {
  PgTestDatabase db;
  std::string url = db.url();
  std::string conninfo = "host='127.0.0.1' port='" + std::to_string(pg_url_port(url)) +
                         "' dbname='" + db.name() + "' user='retort' password='with space'";
  auto conn = PgConnection::open(conninfo);
  EXPECT_EQ(conn->query("SELECT current_database()").scalar(), db.name());
  EXPECT_EQ(conn->describe(), "postgresql://retort:***@127.0.0.1:" +
                                  std::to_string(pg_url_port(url)) + "/" + db.name());
  std::string bad = "host='127.0.0.1' port='" + std::to_string(closed_port()) +
                    "' user='u' password='with space'";
  std::string message = message_of([&] { PgConnection::open(bad); }, ErrorKind::connection);
  EXPECT_EQ(message.find("with space"), std::string::npos) << message;
  EXPECT_EQ(message.find("space"), std::string::npos) << message;
}

TEST(PgConnection, DescribesItselfWithTheRedactedUrlAndTakesUrlParameters) {
  PgTestDatabase db;
  std::string url = db.url();
  url.insert(url.find('@'), ":topsecret");
  url += "?application_name=from_url&connect_timeout=5";
  auto conn = PgConnection::open(url);
  EXPECT_EQ(conn->describe(), "postgresql://retort:***@127.0.0.1:" +
                                  std::to_string(pg_url_port(url)) + "/" + db.name());
  EXPECT_EQ(conn->query("SELECT current_setting('application_name')").scalar(), "from_url");

  // Without the parameter, the session is labelled for pg_stat_activity and lock messages.
  auto plain = db.connect();
  EXPECT_EQ(plain->query("SELECT current_setting('application_name')").scalar(), "retort");
  EXPECT_EQ(plain->query("SELECT current_database()").scalar(), db.name());

  // postgres:// is accepted too.
  std::string short_scheme = db.url();
  short_scheme.replace(0, short_scheme.find("://"), "postgres");
  EXPECT_EQ(PgConnection::open(short_scheme)->query("SELECT 1").scalar(), "1");
}

TEST(PgConnection, ReportsServerVersionAndBackendPid) {
  PgTestDatabase db;
  auto conn = db.connect();
  int number = std::stoi(*conn->query("SELECT current_setting('server_version_num')").scalar());
  EXPECT_EQ(conn->server_version_number(), number);
  std::string shown = *conn->query("SHOW server_version").scalar();  // "15.18 (Debian …)"
  EXPECT_EQ(shown.substr(0, shown.find(' ')), conn->server_version());
  EXPECT_EQ(std::to_string(conn->backend_pid()), conn->query("SELECT pg_backend_pid()").scalar());
}

TEST(PgConnection, CapturesNotices) {
  PgTestDatabase db;
  auto conn = db.connect();
  conn->execute("DROP TABLE IF EXISTS never_there");
  conn->execute("DO $$ BEGIN RAISE WARNING 'careful: %', 42; END $$");
  EXPECT_EQ(conn->notices(),
            (std::vector<std::string>{"NOTICE:  table \"never_there\" does not exist, skipping",
                                      "WARNING:  careful: 42"}));
  EXPECT_EQ(conn->take_notices().size(), 2u);
  EXPECT_TRUE(conn->notices().empty());
}

TEST(PgConnection, TracksTransactionState) {
  PgTestDatabase db;
  auto conn = db.connect();
  EXPECT_FALSE(conn->in_transaction());
  conn->execute("BEGIN");
  EXPECT_TRUE(conn->in_transaction());
  EXPECT_THROW(conn->execute("SELECT 1/0"), Error);
  EXPECT_TRUE(conn->in_transaction());  // failed, still open until ROLLBACK
  conn->execute("ROLLBACK");
  EXPECT_FALSE(conn->in_transaction());
}

TEST(PgConnection, LosingTheSessionIsAConnectionError) {
  PgTestDatabase db;
  auto victim = db.connect();
  auto killer = db.connect();
  killer->query("SELECT pg_terminate_backend($1::int)",
                {Param::of(std::to_string(victim->backend_pid()))});
  std::string message = message_of([&] { victim->query("SELECT 1"); }, ErrorKind::connection);
  EXPECT_EQ(message.rfind("lost the connection to " + db.url() + ": ", 0), 0u) << message;
}

TEST(PgConnection, WaitForDbGivesUpAfterTheWaitWithBackoff) {
  std::string url = "postgresql://u:pw-secret@127.0.0.1:" + std::to_string(closed_port()) + "/db";
  std::vector<std::chrono::milliseconds> waits;
  auto started = std::chrono::steady_clock::now();
  std::string message = message_of(
      [&] {
        open_with_retry(url, {}, std::chrono::milliseconds(800),
                        [&](int attempt, const Error& e, std::chrono::milliseconds next) {
                          EXPECT_EQ(attempt, static_cast<int>(waits.size()) + 1);
                          EXPECT_EQ(e.kind(), ErrorKind::connection);
                          waits.push_back(next);
                        });
      },
      ErrorKind::connection);
  auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_GE(elapsed, std::chrono::milliseconds(800));
  EXPECT_TRUE(testing::ends_within_generous_bound(elapsed, std::chrono::milliseconds(800)));
  ASSERT_GE(waits.size(), 3u);
  EXPECT_EQ(waits[0], std::chrono::milliseconds(100));
  EXPECT_EQ(waits[1], std::chrono::milliseconds(200));
  EXPECT_EQ(waits[2], std::chrono::milliseconds(400));
  EXPECT_EQ(message.find("pw-secret"), std::string::npos);
  EXPECT_NE(message.find("(gave up after " + std::to_string(waits.size() + 1) + " attempts in "),
            std::string::npos)
      << message;
}

TEST(PgConnection, WaitForDbConnectsOnceTheServerComesUp) {
  std::string url = pg_test_url();
  DelayedProxy proxy(pg_url_port(url), std::chrono::milliseconds(700));
  std::string via_proxy = "postgresql://retort@127.0.0.1:" + std::to_string(proxy.port()) +
                          url.substr(url.find('/', url.find("://") + 3));
  int retries = 0;
  auto started = std::chrono::steady_clock::now();
  {
    auto conn = open_with_retry(via_proxy, {}, std::chrono::seconds(20),
                                [&](int, const Error&, std::chrono::milliseconds) { ++retries; });
    EXPECT_EQ(conn->query("SELECT 40 + 2").scalar(), "42");
  }
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(700));
  EXPECT_GE(retries, 2);
}

TEST(PgConnection, WaitForDbDoesNotRetryABadUrl) {
  int retries = 0;
  message_of(
      [&] {
        open_with_retry("postgresql://h/db?nonsense=1", {}, std::chrono::seconds(5),
                        [&](int, const Error&, std::chrono::milliseconds) { ++retries; });
      },
      ErrorKind::input);
  EXPECT_EQ(retries, 0);  // an input error is final: no waiting, no second attempt
}

}  // namespace
}  // namespace retort
