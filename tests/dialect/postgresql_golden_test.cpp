// Golden files for the PostgreSQL renderer: tests/dialect/golden/postgresql/<case>.yaml (a list
// of ops) renders to <case>.sql. RETORT_UPDATE_GOLDEN=1 rewrites the .sql files. Every case is
// also run, statement by statement, on a fresh database of the throwaway server, so the golden
// SQL is known to be valid PostgreSQL, not just stable text.
#include <gtest/gtest.h>

#include <algorithm>

#include "base/overloaded.hpp"
#include "dialect/postgresql_dialect.hpp"
#include "ops/load_revision.hpp"
#include "support/golden_cases.hpp"
#include "support/pg_env.hpp"

namespace retort {
namespace {

// The golden text of a case: each op as a comment line with its name, then its statements each
// ended by ";", a blank line between ops.
std::string render_case(const std::vector<Op>& ops) {
  std::string out;
  const SqlDialect& d = postgresql_dialect();
  for (const Op& op : ops) {
    if (!out.empty()) out += "\n";
    out += "-- " + std::string(op_name(op.body)) + "\n";
    for (const std::string& g : d.describe_guards(op)) out += "-- guard: " + g + "\n";
    std::vector<std::string> statements = d.render(op, RenderContext{});
    if (statements.empty()) out += "-- (nothing on postgresql)\n";
    for (const std::string& s : statements) out += s + ";\n";
  }
  return out;
}

TEST(PostgresqlGolden, EveryCaseRendersAsItsSqlFile) {
  testing::expect_golden_files("postgresql", render_case);
}

TEST(PostgresqlGolden, EveryOpKindHasACase) {
  testing::expect_every_op_kind_has_a_case("postgresql");
}

TEST(PostgresqlGolden, EveryCaseRunsOnTheServer) {
  const SqlDialect& d = postgresql_dialect();
  for (const std::filesystem::path& yaml : testing::golden_cases("postgresql")) {
    SCOPED_TRACE(yaml.filename().string());
    testing::PgTestDatabase db;
    auto conn = db.connect();
    for (const Op& op : testing::load_golden_case(yaml)) {
      std::vector<std::string> statements = d.render(op, RenderContext{});
      // The runner's part, reduced to what these cases use: guards and asserts.
      bool skip = false;
      for (const GuardQuery& g : d.guard_queries(op))
        skip |= conn->query(g.query).empty() == g.run_when_row;
      if (skip) continue;
      for (const std::string& s : statements) {
        if (std::holds_alternative<Assert>(op.body)) {
          EXPECT_EQ(conn->query(s).scalar(), "t") << s;
          continue;
        }
        try {
          conn->execute(s);
        } catch (const Error& e) {
          ADD_FAILURE() << e.what();
        }
      }
    }
  }
}

}  // namespace
}  // namespace retort
