// The Migrator's one rollback path (WriteTransaction in runner/migrator.cpp): whatever fails inside
// a write transaction — an op, the lock, the ROLLBACK itself — the connection is left outside any
// transaction where it can be, the first failure is the one reported, and a report never claims a
// rollback that failed.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "db/sqlite_connection.hpp"
#include "ops/load_revision.hpp"
#include "runner/migrator.hpp"
#include "support/faulty_connection.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

std::vector<Op> seed_ops() {
  return parse_op_list("seed.yaml",
                       "- execute: INSERT INTO t (id) VALUES (1)\n"
                       "- execute: INSERT INTO t (id) VALUES (2)\n");
}

TEST(RollbackGuard, AFailedOpIsRolledBackAndReportedAsSuch) {
  auto sqlite = SqliteConnection::open(":memory:", SqliteConnection::OpenMode::read_write_create);
  sqlite->execute("CREATE TABLE t (id integer primary key)");
  FaultyConnection conn(*sqlite, {.fail_at = 2, .match = "INSERT"});
  RevisionGraph graph;
  Migrator migrator(graph, conn, {});
  try {
    migrator.apply_ops(seed_ops());
    ADD_FAILURE() << "the injected fault did not fail apply_ops";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("op 2 (execute at seed.yaml:2"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("rolled back: none of these ops stayed applied"),
              std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(sqlite->in_transaction());
  EXPECT_EQ(sqlite->query("SELECT COUNT(*) FROM t").scalar(), "0");
}

// The op fails, then so does every statement after it, ROLLBACK included (a database that went
// away): the op's error is reported, not the ROLLBACK's, and it does not claim a rollback.
TEST(RollbackGuard, AFailedRollbackNeitherReplacesTheErrorNorIsClaimed) {
  auto sqlite = SqliteConnection::open(":memory:", SqliteConnection::OpenMode::read_write_create);
  sqlite->execute("CREATE TABLE t (id integer primary key)");
  FaultyConnection conn(*sqlite, {.fail_at = 2, .keep_failing = true});
  RevisionGraph graph;
  Migrator migrator(graph, conn, {});
  try {
    migrator.apply_ops(seed_ops());
    ADD_FAILURE() << "the injected fault did not fail apply_ops";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("op 1 (execute at seed.yaml:1"), std::string::npos) << what;
    EXPECT_NE(what.find("INSERT INTO t"), std::string::npos) << what;
    EXPECT_EQ(what.find("rolled back"), std::string::npos) << what;
    EXPECT_NE(what.find("the rollback failed too"), std::string::npos) << what;
  }
}

// Fails every statement that contains one of `needles` (the op and the ROLLBACK after it).
class FailingStatements final : public Connection {
 public:
  FailingStatements(Connection& inner, std::vector<std::string> needles)
      : inner_(inner), needles_(std::move(needles)) {}
  Dialect dialect() const override { return inner_.dialect(); }
  QueryResult query(std::string_view sql, const std::vector<Param>& params = {}) override {
    check(sql);
    return inner_.query(sql, params);
  }
  int64_t execute(std::string_view sql) override {
    check(sql);
    return inner_.execute(sql);
  }
  std::string server_version() override { return inner_.server_version(); }
  std::string describe() const override { return inner_.describe(); }
  bool in_transaction() override { return inner_.in_transaction(); }

 private:
  void check(std::string_view sql) {
    for (const std::string& n : needles_)
      if (sql.find(n) != std::string_view::npos)
        throw Error(ErrorKind::database, "injected fault: " + std::string(sql));
  }
  Connection& inner_;
  std::vector<std::string> needles_;
};

// A revision's op fails, then its ROLLBACK: the op's error is reported, no rollback is claimed,
// and the message says the transaction is still open — per revision and for a whole run.
TEST(RollbackGuard, AFailedRollbackOfARevisionIsSaidNotClaimed) {
  for (RunTransaction mode : {RunTransaction::per_revision, RunTransaction::all}) {
    SCOPED_TRACE(run_transaction_name(mode));
    testing::ProjectDir dir;
    dir.write_revision("001_a.yaml", testing::table_revision_yaml("001", {}));
    dir.write_revision("002_b.yaml", testing::table_revision_yaml("002", {"001"}));
    RevisionGraph graph = dir.graph();
    auto sqlite = SqliteConnection::open(":memory:", SqliteConnection::OpenMode::read_write_create);
    FailingStatements conn(*sqlite, {"t_002", "ROLLBACK"});
    MigratorOptions options;
    options.transaction = mode;
    Migrator migrator(graph, conn, options);
    try {
      migrator.upgrade("head");
      ADD_FAILURE() << "the injected fault did not fail the upgrade";
    } catch (const Error& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("revision 002"), std::string::npos) << what;
      EXPECT_NE(what.find("injected fault: CREATE TABLE"), std::string::npos) << what;
      EXPECT_EQ(what.find("rolled back"), std::string::npos) << what;
      EXPECT_NE(what.find("its ROLLBACK failed as well"), std::string::npos) << what;
    }
  }
}

}  // namespace
}  // namespace retort
