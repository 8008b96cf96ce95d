// The loader refuses `execute` SQL that begins or ends a transaction in a transactional revision
// (docs/migration-files.md "Transactions"): a COMMIT there would make a later failure's
// "rolled back" untrue.
#include "ops/transaction_control.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "ops/load_fixtures.hpp"
#include "ops/load_revision.hpp"

namespace retort {
namespace {

using testing::kHead;
using testing::revision_error;

TEST(TransactionControl, FindsStatementsThatBeginOrEndATransaction) {
  EXPECT_EQ(transaction_control_statement("COMMIT"), "COMMIT");
  EXPECT_EQ(transaction_control_statement("insert into t values (1); commit;"), "COMMIT");
  EXPECT_EQ(transaction_control_statement("  -- note\n  Begin;"), "BEGIN");
  EXPECT_EQ(transaction_control_statement("END"), "END");
  EXPECT_EQ(transaction_control_statement("ROLLBACK"), "ROLLBACK");
  EXPECT_EQ(transaction_control_statement("rollback work"), "ROLLBACK");
  EXPECT_EQ(transaction_control_statement("ABORT"), "ABORT");
  EXPECT_EQ(transaction_control_statement("start transaction isolation level serializable"),
            "START TRANSACTION");
  EXPECT_EQ(transaction_control_statement("/* x */ PREPARE TRANSACTION 'x'"),
            "PREPARE TRANSACTION");
  EXPECT_EQ(transaction_control_statement("SELECT 1;\n/* a /* nested */ comment */ COMMIT"),
            "COMMIT");
}

TEST(TransactionControl, LeavesQuotedTextBodiesAndSavepointsAlone) {
  EXPECT_EQ(transaction_control_statement("SELECT 'COMMIT'; SELECT \"commit\" FROM t"),
            std::nullopt);
  EXPECT_EQ(transaction_control_statement("SELECT 'it''s; COMMIT'"), std::nullopt);
  EXPECT_EQ(transaction_control_statement("SELECT E'\\'; COMMIT'"), std::nullopt);
  EXPECT_EQ(transaction_control_statement("-- COMMIT\nUPDATE t SET a = 1"), std::nullopt);
  EXPECT_EQ(transaction_control_statement(
                "DO $$ BEGIN PERFORM 1; COMMIT; END $$; DO $body$ BEGIN NULL; END $body$"),
            std::nullopt);
  EXPECT_EQ(transaction_control_statement(
                "CREATE TRIGGER tr AFTER INSERT ON a BEGIN UPDATE b SET n = n + 1; "
                "SELECT CASE WHEN 1 THEN 2 END; END;"),
            std::nullopt);
  EXPECT_EQ(transaction_control_statement(
                "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END"),
            std::nullopt);
  EXPECT_EQ(transaction_control_statement("SAVEPOINT s; ROLLBACK TO SAVEPOINT s; ROLLBACK TO s; "
                                          "RELEASE SAVEPOINT s"),
            std::nullopt);
  EXPECT_EQ(transaction_control_statement("SELECT $1::int, ARRAY[1,2]"), std::nullopt);
  EXPECT_EQ(transaction_control_statement("UPDATE t SET ended = true WHERE kind = 'x'"),
            std::nullopt);
}

TEST(TransactionControl, ATransactionalRevisionRejectsItAtLoadNamingTheStatement) {
  EXPECT_EQ(
      revision_error(kHead + "upgrade:\n  - execute: \"INSERT INTO t VALUES (1); COMMIT\"\n"
                             "downgrade: []\n"),
      "m/001.yaml:4:14: execute runs COMMIT in a transactional revision: retort runs each "
      "revision in one transaction and a failure rolls all of it back, which a COMMIT inside it "
      "would defeat\n"
      "    - execute: \"INSERT INTO t VALUES (1); COMMIT\"\n"
      "               ^\n"
      "  remove the COMMIT (retort begins and commits the transaction itself), or set "
      "`transactional: false` on this revision to run its ops one by one");
  // The long form, a per-dialect text, and the downgrade too.
  EXPECT_NE(revision_error(kHead + "upgrade:\n  - execute: {sql: {sqlite: \"BEGIN\"}}\n"
                                   "downgrade: []\n")
                .find("m/001.yaml:4:29: execute runs BEGIN in a transactional revision"),
            std::string::npos);
  EXPECT_NE(revision_error(kHead + "upgrade: []\ndowngrade:\n  - execute: {sql: \"ROLLBACK\"}\n")
                .find("execute runs ROLLBACK in a transactional revision"),
            std::string::npos);
}

TEST(TransactionControl, ANonTransactionalRevisionMayManageItsOwnTransactions) {
  Revision r = parse_revision(
      "m/001.yaml", kHead +
                        "transactional: false\nupgrade:\n  - execute: \"BEGIN; UPDATE t SET "
                        "a = 1; COMMIT\"\ndowngrade: []\n");
  EXPECT_FALSE(r.transactional);
  ASSERT_EQ(r.upgrade.size(), 1u);
}

}  // namespace
}  // namespace retort
