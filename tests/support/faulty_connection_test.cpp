// FaultyConnection, over a real SQLite database.
#include "support/faulty_connection.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "db/sqlite_connection.hpp"

namespace retort {
namespace {

using Mode = SqliteConnection::OpenMode;

TEST(FaultyConnection, FailsTheNthStatementWithoutRunningIt) {
  auto real = SqliteConnection::open(":memory:", Mode::read_write_create);
  real->execute("CREATE TABLE t (a INTEGER)");
  FaultyConnection faulty(*real, FaultPlan{3, "", false});
  faulty.execute("INSERT INTO t VALUES (1)");
  faulty.query("INSERT INTO t VALUES (?)", {Param::of("2")});
  try {
    faulty.execute("INSERT INTO t VALUES (3)");
    FAIL() << "no fault";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::database);
    EXPECT_EQ(std::string(e.what()),
              "injected fault: statement 3 failed\n  SQL: INSERT INTO t VALUES (3)");
  }
  EXPECT_TRUE(faulty.fired());
  // Later statements run again (keep_failing is off), and the failed one never ran.
  faulty.execute("INSERT INTO t VALUES (4)");
  EXPECT_EQ(faulty.query("SELECT group_concat(a) FROM t").scalar(), "1,2,4");
  EXPECT_EQ(faulty.counted(), 5);
  EXPECT_EQ(faulty.dialect(), Dialect::sqlite);
  EXPECT_EQ(faulty.describe(), ":memory:");
}

TEST(FaultyConnection, CountsOnlyMatchingStatementsAndCanKeepFailing) {
  auto real = SqliteConnection::open(":memory:", Mode::read_write_create);
  real->execute("CREATE TABLE t (a INTEGER)");
  FaultyConnection faulty(*real, FaultPlan{2, "INSERT", true});
  faulty.execute("INSERT INTO t VALUES (1)");
  EXPECT_EQ(faulty.query("SELECT count(*) FROM t").scalar(), "1");  // not counted
  EXPECT_THROW(faulty.execute("INSERT INTO t VALUES (2)"), Error);
  EXPECT_THROW(faulty.execute("INSERT INTO t VALUES (3)"), Error);
  EXPECT_EQ(faulty.query("SELECT count(*) FROM t").scalar(), "1");
  faulty.arm(FaultPlan{});  // never fails
  faulty.execute("INSERT INTO t VALUES (5)");
  EXPECT_FALSE(faulty.fired());
  EXPECT_EQ(faulty.query("SELECT group_concat(a) FROM t").scalar(), "1,5");
}

TEST(FaultyConnection, AFaultInsideATransactionLeavesTheRollbackToTheCaller) {
  auto real = SqliteConnection::open(":memory:", Mode::read_write_create);
  real->execute("CREATE TABLE t (a INTEGER)");
  FaultyConnection faulty(*real, FaultPlan{3, "", false});
  faulty.execute("BEGIN IMMEDIATE");
  faulty.execute("INSERT INTO t VALUES (1)");
  EXPECT_THROW(faulty.execute("INSERT INTO t VALUES (2)"), Error);
  EXPECT_TRUE(faulty.in_transaction());
  faulty.execute("ROLLBACK");
  EXPECT_EQ(real->query("SELECT count(*) FROM t").scalar(), "0");
}

}  // namespace
}  // namespace retort
