// FaultyConnection (over a real SQLite database) and the FakeConnection test double.
#include <gtest/gtest.h>

#include "base/error.hpp"
#include "db/faulty_connection.hpp"
#include "db/sqlite_connection.hpp"
#include "support/fake_connection.hpp"

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

TEST(FakeConnection, RecordsEveryStatementWithParameters) {
  FakeConnection fake(Dialect::postgresql);
  fake.execute("BEGIN");
  EXPECT_TRUE(fake.in_transaction());
  fake.query("SELECT $1", {Param::of("x")});
  fake.execute("COMMIT");
  EXPECT_FALSE(fake.in_transaction());
  EXPECT_EQ(fake.statements(), (std::vector<std::string>{"BEGIN", "SELECT $1", "COMMIT"}));
  ASSERT_EQ(fake.calls().size(), 3u);
  EXPECT_TRUE(fake.calls()[1].is_query);
  EXPECT_FALSE(fake.calls()[0].is_query);
  EXPECT_EQ(fake.calls()[1].params.at(0).text, "x");
  EXPECT_EQ(fake.dialect(), Dialect::postgresql);
  fake.clear_calls();
  EXPECT_TRUE(fake.calls().empty());
}

TEST(FakeConnection, AnswersFromScriptedRulesInOrder) {
  FakeConnection fake;
  fake.on("FROM alembic_version", FakeConnection::rows({"version_num"}, {{"001"}, {"002"}}), 1);
  fake.on("FROM alembic_version", FakeConnection::rows({"version_num"}, {}));
  QueryResult deleted;
  deleted.affected = 7;
  fake.on("DELETE", deleted);
  fake.fail_on("DROP TABLE", "permission denied", 1);

  QueryResult first = fake.query("SELECT version_num FROM alembic_version");
  ASSERT_EQ(first.rows.size(), 2u);
  EXPECT_EQ(first.rows[1][0], "002");
  EXPECT_TRUE(fake.query("SELECT version_num FROM alembic_version").empty());  // rule used up
  EXPECT_EQ(fake.execute("DELETE FROM t WHERE x"), 7);
  EXPECT_EQ(fake.execute("UPDATE t SET a = 1"), 0);  // no rule: empty answer
  try {
    fake.execute("DROP TABLE t");
    FAIL() << "no failure";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::database);
    EXPECT_EQ(std::string(e.what()), "permission denied");
  }
  fake.execute("DROP TABLE t");  // the failure was scripted once
  EXPECT_EQ(fake.statements().size(), 6u);
}

TEST(FakeConnection, WrappedByFaultyConnection) {
  FakeConnection fake;
  FaultyConnection faulty(fake, FaultPlan{2, "", false});
  faulty.execute("CREATE TABLE a (x)");
  EXPECT_THROW(faulty.execute("CREATE TABLE b (x)"), Error);
  faulty.execute("CREATE TABLE c (x)");
  // The failed statement never reached the wrapped connection.
  EXPECT_EQ(fake.statements(),
            (std::vector<std::string>{"CREATE TABLE a (x)", "CREATE TABLE c (x)"}));
}

}  // namespace
}  // namespace retort
