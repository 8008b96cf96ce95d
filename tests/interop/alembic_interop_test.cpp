// Alembic interop (docs/alembic-users.md: a database that Alembic migrated can be taken over by
// retort, and back), with Debian's python3-alembic as the other tool, on SQLite and PostgreSQL. One
// history of five revisions with a branch and a merge (tests/support/alembic_project.py) exists
// both as Alembic scripts and as retort YAML; each test lets one tool migrate part of the way and
// the other continue, and checks both tools' view of the database.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>

#include "db/pg_connection.hpp"
#include "db/sqlite_connection.hpp"
#include "runner/history_table.hpp"
#include "support/alembic_env.hpp"
#include "support/pg_env.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

using testing::ProcessResult;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

class AlembicInterop : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    const bool pg = GetParam() == Dialect::postgresql;
    testing::require_alembic(pg);
    if (pg) {
      pg_ = std::make_unique<testing::PgTestDatabase>();
      url_ = pg_->url();
    } else {
      url_ = dir_.sqlite_url();
    }
    testing::write_interop_project(dir_, url_);
    dir_.write_config(url_);
  }

  // A fresh connection for each look, so no session of the test holds anything while the
  // tools run.
  std::unique_ptr<Connection> connect() {
    if (pg_) return pg_->connect();
    return SqliteConnection::open(dir_.file("app.db"),
                                  SqliteConnection::OpenMode::read_only_if_exists);
  }

  // "table(col,col,…)" for every user table, by name; columns in table order.
  std::vector<std::string> tables() {
    auto conn = connect();
    QueryResult r =
        pg_ ? conn->query(
                  "SELECT table_name || '(' || string_agg(column_name::text, ',' ORDER BY "
                  "ordinal_position) || ')' FROM information_schema.columns WHERE table_schema "
                  "= 'public' GROUP BY table_name ORDER BY table_name COLLATE \"C\"")
            : conn->query(
                  "SELECT m.name || '(' || (SELECT group_concat(name, ',') FROM (SELECT name "
                  "FROM pragma_table_info(m.name) ORDER BY cid)) || ')' FROM sqlite_master m "
                  "WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name");
    std::vector<std::string> out;
    for (const auto& row : r.rows) out.push_back(*row[0]);
    return out;
  }

  std::vector<std::string> version_rows() {
    auto conn = connect();
    std::vector<std::string> out;
    for (const auto& row : conn->query("SELECT version_num FROM alembic_version").rows)
      out.push_back(*row[0]);
    return sorted(out);
  }

  ProcessResult alembic(const std::vector<std::string>& args) {
    return testing::run_alembic(dir_, args);
  }
  ProcessResult retort(const std::vector<std::string>& args) { return dir_.retort(args); }

  // `retort current` prints these lines (order aside).
  void expect_retort_current(const std::vector<std::string>& expected) {
    ProcessResult r = retort({"current"});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(sorted(lines_of(r.out)), sorted(expected)) << r.describe();
  }

  // `alembic current` and `retort current` both print these lines (order aside).
  void expect_both_current(const std::vector<std::string>& expected) {
    ProcessResult a = alembic({"current"});
    ASSERT_EQ(a.exit_code, 0) << a.describe();
    EXPECT_EQ(sorted(lines_of(a.out)), sorted(expected)) << a.describe();
    expect_retort_current(expected);
  }

  testing::ProjectDir dir_;
  std::unique_ptr<testing::PgTestDatabase> pg_;
  std::string url_;
};

const std::vector<std::string> kAllTables{
    "accounts(id,user_id,balance)",
    "alembic_version(version_num)",
    "audit_log(id,entry)",
    "invoices(id,account_id,amount)",
};

std::vector<std::string> at_head(bool with_history) {
  std::vector<std::string> t = kAllTables;
  if (with_history)
    t.push_back(
        "retort_history(id,revision,direction,from_revisions,message,checksum,started_at,"
        "duration_ms,success,error,applied_by,retort_version,transaction_mode)");
  t.push_back("users(id,name,email)");
  return t;
}

TEST_P(AlembicInterop, AlembicMigratesPartWayAndRetortContinuesToHead) {
  ProcessResult a = alembic({"upgrade", "ia_003"});
  ASSERT_EQ(a.exit_code, 0) << a.describe();
  EXPECT_EQ(version_rows(), std::vector<std::string>{"ia_003"});
  expect_retort_current({"ia_003"});  // not a head: the merge ia_005 is its child

  ProcessResult r = retort({"upgrade", "head"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  // Only what Alembic had not applied: the other branch, then the merge.
  std::vector<std::string> out = lines_of(r.out);
  ASSERT_EQ(out.size(), 4u) << r.out;
  EXPECT_EQ(out[0], "Running upgrade ia_002 -> ia_004, create audit_log") << r.out;
  EXPECT_EQ(out[1].rfind("  done in ", 0), 0u) << r.out;
  EXPECT_EQ(out[2],
            "Running upgrade ia_003, ia_004 -> ia_005, merge billing and audit, add users.email")
      << r.out;
  EXPECT_EQ(out[3].rfind("  done in ", 0), 0u) << r.out;
  EXPECT_EQ(version_rows(), std::vector<std::string>{"ia_005"});
  EXPECT_EQ(tables(), at_head(true));
  expect_both_current({"ia_005 (head) (mergepoint)"});
  {
    auto conn = connect();
    EXPECT_EQ(conn->query("SELECT name FROM users WHERE id = 1").scalar().value_or(""), "alice");
    std::vector<std::string> recorded;
    for (const auto& rec : HistoryTable(*conn, "retort_history").read())
      recorded.push_back(rec.entry.direction + " " + rec.entry.revision);
    EXPECT_EQ(recorded, (std::vector<std::string>{"upgrade ia_004", "upgrade ia_005"}));
  }

  // Alembic takes the database back and can undo what retort applied.
  a = alembic({"downgrade", "ia_002"});
  ASSERT_EQ(a.exit_code, 0) << a.describe();
  EXPECT_EQ(version_rows(), std::vector<std::string>{"ia_002"});
  expect_retort_current({"ia_002 (branchpoint)"});
}

TEST_P(AlembicInterop, RetortMigratesAndAlembicReadsUpgradesAndDowngrades) {
  ProcessResult r = retort({"upgrade", "ia_003"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  r = retort({"upgrade", "ia_004"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  // Two branch heads: two rows, as Alembic keeps them.
  EXPECT_EQ(version_rows(), (std::vector<std::string>{"ia_003", "ia_004"}));
  expect_both_current({"ia_003", "ia_004"});

  ProcessResult a = alembic({"upgrade", "heads"});
  ASSERT_EQ(a.exit_code, 0) << a.describe();
  EXPECT_EQ(version_rows(), std::vector<std::string>{"ia_005"});
  EXPECT_EQ(tables(), at_head(true));
  expect_retort_current({"ia_005 (head) (mergepoint)"});

  // Down one branch with Alembic (undoing the merge restores both rows), the rest with retort.
  a = alembic({"downgrade", "billing@ia_002"});
  ASSERT_EQ(a.exit_code, 0) << a.describe();
  EXPECT_EQ(version_rows(), std::vector<std::string>{"ia_004"});
  expect_retort_current({"ia_004"});

  r = retort({"upgrade", "heads"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(version_rows(), std::vector<std::string>{"ia_005"});
  r = retort({"downgrade", "ia_001"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  expect_both_current({"ia_001"});

  a = alembic({"downgrade", "base"});
  ASSERT_EQ(a.exit_code, 0) << a.describe();
  EXPECT_EQ(version_rows(), std::vector<std::string>{});
  EXPECT_EQ(tables(),
            (std::vector<std::string>{
                "alembic_version(version_num)",
                "retort_history(id,revision,direction,from_revisions,message,checksum,started_at,"
                "duration_ms,success,error,applied_by,retort_version,transaction_mode)"}));
  expect_retort_current({});
}

INSTANTIATE_TEST_SUITE_P(Dialects, AlembicInterop,
                         ::testing::Values(Dialect::sqlite, Dialect::postgresql),
                         [](const ::testing::TestParamInfo<Dialect>& p) {
                           return p.param == Dialect::sqlite ? std::string("sqlite")
                                                             : std::string("postgresql");
                         });

}  // namespace
}  // namespace retort
