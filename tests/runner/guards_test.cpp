// Guards on every op (docs/migration-files.md, "Guards") on real databases: only_if / unless run
// or skip any op; if_exists / if_not_exists skip an op whose work is done, written into the
// statement, checked by a catalog query (PostgreSQL constraints and enums) or in the table's
// definition (SQLite columns and constraints). A guarded revision applied a second time changes
// nothing; an offline PostgreSQL script writes the guards as DO blocks the server runs.
#include <gtest/gtest.h>

#include "db/pg_connection.hpp"
#include "db/sqlite_connection.hpp"
#include "runner/migrator.hpp"
#include "runner/offline.hpp"
#include "runner/reliability_helpers.hpp"
#include "support/db_snapshot.hpp"
#include "support/pg_env.hpp"

namespace retort {
namespace {

using testing::PgTestDatabase;
using testing::ProjectDir;
using testing::RecordingObserver;

// A data migration made safe to run again: every op guarded. Revision 002 is 001's upgrade again
// (what a re-run of the same file, or the same change applied by hand, looks like).
constexpr const char* kGuardedOps = R"Y(
  - create_table:
      table: accounts
      if_not_exists: true
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: code, type: string(20), nullable: false}
  - create_table:
      table: audit
      if_not_exists: true
      columns: [{name: what, type: text}]
  - add_column: {table: accounts, column: {name: plan, type: text}, if_not_exists: true}
  - create_unique_constraint: {name: uq_accounts_code, table: accounts, columns: [code], if_not_exists: true}
  - create_check_constraint: {name: ck_accounts_plan, table: accounts, expression: "plan <> ''", if_not_exists: true}
  - create_enum: {name: account_kind, values: [person, company], if_not_exists: true}
  - create_index: {name: ix_accounts_plan, table: accounts, columns: [plan], if_not_exists: true}
  - bulk_insert:
      table: accounts
      rows: [{id: 1, code: a}, {id: 2, code: b}]
      unless: "SELECT 1 FROM accounts"
  - execute:
      sql: "UPDATE accounts SET plan = 'free' WHERE plan IS NULL"
      only_if: "SELECT 1 FROM accounts WHERE plan IS NULL"
  - bulk_insert:
      table: audit
      rows: [{what: backfilled}]
      only_if: "SELECT 1 FROM accounts WHERE plan = 'free' AND NOT EXISTS (SELECT 1 FROM audit)"
  - drop_constraint: {name: ck_gone, table: accounts, type: check, if_exists: true}
  - drop_column: {table: accounts, column: legacy, if_exists: true}
)Y";

RevisionGraph guarded_graph(const ProjectDir& dir) {
  const std::string first = std::string("revision: \"001\"\ndown_revision: null\nupgrade:") +
                            kGuardedOps + "downgrade: []\n";
  const std::string again = std::string("revision: \"002\"\ndown_revision: \"001\"\nupgrade:") +
                            kGuardedOps + "downgrade: []\n";
  return testing::write_and_build(dir, {{"001.yaml", first}, {"002.yaml", again}});
}

// Every op of 002 was skipped, each for the reason its guard gives.
std::vector<std::string> skip_reasons(const RecordingObserver& observer, bool sqlite) {
  std::vector<std::string> out;
  for (const std::string& line : observer.lines)
    if (line.rfind("skipped 002 ", 0) == 0) out.push_back(line.substr(line.find(": ") + 2));
  (void)sqlite;
  return out;
}

TEST(Guards, AGuardedDataMigrationRunTwiceOnSqliteChangesNothingTheSecondTime) {
  ProjectDir dir;
  RevisionGraph graph = guarded_graph(dir);
  auto conn =
      SqliteConnection::open(dir.file("app.db"), SqliteConnection::OpenMode::read_write_create);
  Migrator migrator(graph, *conn, {});
  migrator.upgrade("001");
  const std::string once = testing::sqlite_dump(*conn, {"alembic_version", "retort_history"});
  EXPECT_NE(once.find("'free'"), std::string::npos) << once;
  EXPECT_NE(once.find("'backfilled'"), std::string::npos) << once;

  RecordingObserver observer;
  migrator.upgrade("002", &observer);
  EXPECT_EQ(testing::sqlite_dump(*conn, {"alembic_version", "retort_history"}), once);
  // Tables and indexes: IF NOT EXISTS in the statement (no skip to report); enums do nothing on
  // SQLite; columns and constraints: the table's definition says the work is done (nothing
  // rendered, reported as a skip like a catalog query's answer); the data ops: their queries.
  EXPECT_EQ(skip_reasons(observer, true),
            (std::vector<std::string>{
                "if_not_exists: it exists already", "if_not_exists: it exists already",
                "if_not_exists: it exists already", "unless returned a row",
                "only_if returned no row", "only_if returned no row",
                "if_exists: it does not exist", "if_exists: it does not exist"}));
}

TEST(Guards, AGuardedDataMigrationRunTwiceOnPostgresqlChangesNothingTheSecondTime) {
  PgTestDatabase db;
  ProjectDir dir;
  RevisionGraph graph = guarded_graph(dir);
  auto conn = db.connect();
  Migrator migrator(graph, *conn, {});
  migrator.upgrade("001");
  const std::string once = testing::pg_snapshot(*conn, {"alembic_version", "retort_history"});
  EXPECT_NE(once.find("free"), std::string::npos) << once;
  EXPECT_NE(once.find("backfilled"), std::string::npos) << once;

  RecordingObserver observer;
  migrator.upgrade("002", &observer);
  EXPECT_EQ(testing::pg_snapshot(*conn, {"alembic_version", "retort_history"}), once);
  // Constraints and enums: a catalog query (PostgreSQL cannot say ADD CONSTRAINT IF NOT EXISTS
  // nor CREATE TYPE IF NOT EXISTS); the rest: IF [NOT] EXISTS in the statement.
  EXPECT_EQ(skip_reasons(observer, false),
            (std::vector<std::string>{"if_not_exists: it exists already",
                                      "if_not_exists: it exists already",
                                      "if_not_exists: it exists already", "unless returned a row",
                                      "only_if returned no row", "only_if returned no row"}));
}

TEST(Guards, OnlyIfAndUnlessRunOrSkipAnySchemaOp) {
  // A schema op (not only execute) under only_if / unless, on both databases.
  const std::string yaml = R"Y(revision: "001"
down_revision: null
upgrade:
  - create_table: {table: t, columns: [{name: id, type: integer}]}
  - add_column: {table: t, column: {name: a, type: text}, only_if: "SELECT 1 FROM t"}
  - add_column: {table: t, column: {name: b, type: text}, unless: "SELECT 1 FROM t"}
  - create_index: {name: ix_t_id, table: t, columns: [id], only_if: "SELECT 1 WHERE 1 = 0"}
  - rename_table: {table: t, to: u, unless: "SELECT 1 WHERE 1 = 0"}
downgrade: []
)Y";
  auto check = [&](Connection& conn, const std::string& columns_query) {
    ProjectDir dir;
    RevisionGraph graph = testing::write_and_build(dir, {{"001.yaml", yaml}});
    Migrator(graph, conn, {}).upgrade("head");
    QueryResult r = conn.query(columns_query);
    std::vector<std::string> columns;
    for (const auto& row : r.rows) columns.push_back(row[0].value_or(""));
    EXPECT_EQ(columns, (std::vector<std::string>{"id", "b"}));
  };
  auto lite = SqliteConnection::open(":memory:", SqliteConnection::OpenMode::read_write_create);
  check(*lite, "SELECT name FROM pragma_table_info('u') ORDER BY cid");
  EXPECT_TRUE(lite->query("SELECT 1 FROM sqlite_master WHERE name = 'ix_t_id'").empty());
  PgTestDatabase db;
  auto pg = db.connect();
  check(*pg,
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'u' ORDER BY "
        "ordinal_position");
  EXPECT_TRUE(pg->query("SELECT 1 FROM pg_indexes WHERE indexname = 'ix_t_id'").empty());
}

TEST(Guards, AnOfflinePostgresqlScriptWritesGuardsAsDoBlocksTheServerRuns) {
  ProjectDir dir;
  RevisionGraph graph = guarded_graph(dir);
  OfflineOptions o;
  o.dialect = Dialect::postgresql;
  o.version_table = "alembic_version";
  o.create_version_table = true;
  const std::string script = render_offline_script(graph.plan_upgrade("002", {}), o);
  EXPECT_NE(script.find("DO $retort_guard$\nBEGIN\n  IF NOT EXISTS (SELECT 1 FROM "
                        "pg_catalog.pg_constraint WHERE conrelid = to_regclass('\"accounts\"') "
                        "AND conname = 'uq_accounts_code')  -- if_not_exists\n  THEN\n    EXECUTE "
                        "$retort_sql$ALTER TABLE \"accounts\" ADD CONSTRAINT \"uq_accounts_code\" "
                        "UNIQUE (\"code\")$retort_sql$;\n  END IF;\nEND\n$retort_guard$;\n"),
            std::string::npos)
      << script;
  // Both revisions' ops in one script: the second finds everything done and changes nothing.
  PgTestDatabase db;
  auto conn = db.connect();
  conn->execute(script);
  const std::string snapshot = testing::pg_snapshot(*conn, {"alembic_version"});
  EXPECT_EQ(conn->query("SELECT count(*) FROM audit").scalar(), "1");
  EXPECT_EQ(conn->query("SELECT string_agg(plan, ',') FROM accounts").scalar(), "free,free");

  // The same ops online on a second database: the same schema and data.
  PgTestDatabase online;
  auto conn2 = online.connect();
  Migrator(graph, *conn2, {}).upgrade("002");
  EXPECT_EQ(testing::pg_snapshot(*conn2, {"alembic_version", "retort_history"}), snapshot);
}

TEST(Guards, DollarQuotingTagsNeverCollideWithTheStatement) {
  // SQL that holds the tags retort would pick is quoted with other ones, and still runs.
  const std::string yaml = R"Y(revision: "001"
down_revision: null
upgrade:
  - create_table: {table: notes, columns: [{name: body, type: text}]}
  - execute:
      sql: "INSERT INTO notes VALUES ($retort_sql$ $retort_guard$ it's $retort_sql$)"
      only_if: "SELECT 1 WHERE '$retort_guard$' <> ''"
downgrade: []
)Y";
  ProjectDir dir;
  RevisionGraph graph = testing::write_and_build(dir, {{"001.yaml", yaml}});
  OfflineOptions o;
  o.dialect = Dialect::postgresql;
  o.version_table = "alembic_version";
  o.create_version_table = true;
  const std::string script = render_offline_script(graph.plan_upgrade("head", {}), o);
  EXPECT_NE(script.find("EXECUTE $retort_sql_1$INSERT"), std::string::npos) << script;
  EXPECT_NE(script.find("DO $retort_guard_1$"), std::string::npos) << script;
  PgTestDatabase db;
  auto conn = db.connect();
  conn->execute(script);
  EXPECT_EQ(conn->query("SELECT body FROM notes").scalar(), " $retort_guard$ it's ");
}

}  // namespace
}  // namespace retort
