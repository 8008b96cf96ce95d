// What a failing revision's message promises is what happened (docs/commands.md "When a
// migration fails"), on SQLite and PostgreSQL: an op that ends the revision's transaction itself
// is stopped at once and the message never claims a rollback; a failing transactional: false
// revision never says "rolled back"; a failure creating the version table names that statement,
// not "op 1". Also the PostgreSQL session settings of an offline script.
#include <gtest/gtest.h>

#include <memory>

#include "base/error.hpp"
#include "db/pg_connection.hpp"
#include "db/sqlite_connection.hpp"
#include "runner/migrator.hpp"
#include "runner/offline.hpp"
#include "runner/reliability_helpers.hpp"
#include "runner/version_table.hpp"
#include "support/pg_env.hpp"

namespace retort {
namespace {

using testing::ProjectDir;
using testing::write_and_build;

const char* kCommitByCall = R"Y(revision: "001"
down_revision: null
message: a call step that commits
upgrade:
  - create_table: {table: kept, columns: [{name: id, type: integer, primary_key: true}]}
  - call: {name: commit_it}
  - execute: "INSERT INTO no_such_table VALUES (1)"
downgrade: []
)Y";

const char* kNonTransactional = R"Y(revision: "001"
down_revision: null
message: not in a transaction
transactional: false
upgrade:
  - execute: "INSERT INTO no_such_table VALUES (1)"
  - create_table: {table: never, columns: [{name: id, type: integer, primary_key: true}]}
downgrade: []
)Y";

bool has_table(Connection& conn, const std::string& table) {
  return table_exists(conn, table);
}

// An embedding program's `call` step (or a function) that COMMITs: the runner notices right after
// the op, stops, and says that what ran stays applied.
void expect_commit_in_an_op_is_reported_not_rolled_back(Connection& conn, const ProjectDir& dir) {
  RevisionGraph graph = write_and_build(dir, {{"001_commit.yaml", kCommitByCall}});
  Migrator migrator(graph, conn, {});
  migrator.register_call("commit_it", [&](Connection& c) { c.execute("COMMIT"); });
  try {
    migrator.upgrade("head");
    FAIL() << "the upgrade should fail";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_EQ(e.kind(), ErrorKind::failure);
    EXPECT_NE(message.find("upgrade op 2 (call at "), std::string::npos) << message;
    EXPECT_NE(message.find("this op ended the revision's transaction"), std::string::npos)
        << message;
    EXPECT_NE(message.find("nothing could be undone: the revision's transaction had already "
                           "ended, so what ran up to op 2 stays applied; the version table still "
                           "says the revision is not applied"),
              std::string::npos)
        << message;
    EXPECT_EQ(message.find("rolled back"), std::string::npos) << message;
  }
  // The COMMIT made op 1 permanent; op 3 never ran; the version table did not move.
  EXPECT_TRUE(has_table(conn, "kept"));
  EXPECT_FALSE(conn.in_transaction());
  EXPECT_EQ(migrator.current(), std::vector<std::string>{});
}

// A transactional: false revision whose first op fails: nothing to roll back, and the message
// does not pretend there was.
void expect_non_transactional_failure_never_says_rolled_back(Connection& conn,
                                                             const ProjectDir& dir) {
  RevisionGraph graph = write_and_build(dir, {{"001_nontx.yaml", kNonTransactional}});
  Migrator migrator(graph, conn, {});
  try {
    migrator.upgrade("head");
    FAIL() << "the upgrade should fail";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("upgrade op 1 (execute at "), std::string::npos) << message;
    EXPECT_NE(message.find("this revision is transactional: false; its ops are not undone: op 1 "
                           "failed"),
              std::string::npos)
        << message;
    EXPECT_EQ(message.find("rolled back"), std::string::npos) << message;
  }
  EXPECT_FALSE(has_table(conn, "never"));
  EXPECT_EQ(migrator.current(), std::vector<std::string>{});
}

TEST(TransactionSafetySqlite, AnOpThatCommitsIsStoppedAndNotCalledRolledBack) {
  ProjectDir dir;
  auto conn =
      SqliteConnection::open(dir.file("app.db"), SqliteConnection::OpenMode::read_write_create);
  expect_commit_in_an_op_is_reported_not_rolled_back(*conn, dir);
}

TEST(TransactionSafetyPostgres, AnOpThatCommitsIsStoppedAndNotCalledRolledBack) {
  testing::PgTestDatabase db;
  ProjectDir dir;
  auto conn = db.connect();
  expect_commit_in_an_op_is_reported_not_rolled_back(*conn, dir);
}

TEST(TransactionSafetySqlite, AFailingNonTransactionalRevisionNeverSaysRolledBack) {
  ProjectDir dir;
  auto conn =
      SqliteConnection::open(dir.file("app.db"), SqliteConnection::OpenMode::read_write_create);
  expect_non_transactional_failure_never_says_rolled_back(*conn, dir);
}

TEST(TransactionSafetyPostgres, AFailingNonTransactionalRevisionNeverSaysRolledBack) {
  testing::PgTestDatabase db;
  ProjectDir dir;
  auto conn = db.connect();
  expect_non_transactional_failure_never_says_rolled_back(*conn, dir);
}

// A failure creating the version table (here: its schema does not exist) names that statement,
// not the revision's first op, which never ran.
TEST(TransactionSafetyPostgres, AFailureCreatingTheVersionTableNamesThatStatement) {
  testing::PgTestDatabase db;
  ProjectDir dir;
  auto conn = db.connect();
  RevisionGraph graph =
      write_and_build(dir, {{"001.yaml", testing::table_revision_yaml("001", {})}});
  MigratorOptions options;
  options.version_table = "no_such_schema.alembic_version";
  Migrator migrator(graph, *conn, options);
  try {
    migrator.upgrade("head");
    FAIL() << "the upgrade should fail";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("revision 001 (" + dir.file("migrations/versions/001.yaml") +
                           "), upgrade (creating the version table "
                           "no_such_schema.alembic_version or the history table retort_history): "
                           "schema \"no_such_schema\" does not exist"),
              std::string::npos)
        << message;
    EXPECT_EQ(message.find("op 1"), std::string::npos) << message;
    EXPECT_NE(message.find("the revision was rolled back"), std::string::npos) << message;
  }
  EXPECT_FALSE(has_table(*conn, "t_001"));
}

// `upgrade --sql` on PostgreSQL sets the timeouts an online run sets (docs/commands.md, upgrade).
TEST(OfflineScript, PostgresScriptSetsTheConfiguredTimeoutsFirst) {
  OfflineOptions o;
  o.dialect = Dialect::postgresql;
  o.pg_lock_timeout = "10s";
  o.pg_statement_timeout = "2min";
  const std::string script = render_offline_script({}, o);
  EXPECT_NE(script.find("\n\nSET lock_timeout = '10000ms';\nSET statement_timeout = '120000ms';\n\n"
                        "CREATE TABLE IF NOT EXISTS"),
            std::string::npos)
      << script;
  // Unset settings are left to the server; SQLite has none.
  o.pg_statement_timeout = "";
  EXPECT_EQ(render_offline_script({}, o).find("statement_timeout"), std::string::npos);
  o.dialect = Dialect::sqlite;
  EXPECT_EQ(render_offline_script({}, o).find("SET "), std::string::npos);
  // A bad value is refused before anything is written.
  o.dialect = Dialect::postgresql;
  o.pg_lock_timeout = "10 seconds";
  EXPECT_THROW(render_offline_script({}, o), Error);
}

}  // namespace
}  // namespace retort
