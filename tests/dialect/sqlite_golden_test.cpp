// Golden files for the SQLite renderer: tests/dialect/golden/sqlite/<case>.yaml (a list of ops)
// renders to <case>.sql. RETORT_UPDATE_GOLDEN=1 rewrites the .sql files.
//
// Each case runs op by op on a fresh in-memory SQLite database, the way the runner runs a
// revision (BEGIN IMMEDIATE, foreign keys off around a table rebuild): ops that rebuild a table
// render from the table as reflected at that moment, and the golden SQL is known to run, not
// just to be stable text.
#include <gtest/gtest.h>

#include <algorithm>

#include "base/error.hpp"
#include "db/sqlite_connection.hpp"
#include "dialect/sqlite_dialect.hpp"
#include "ops/load_revision.hpp"
#include "schema/sqlite_reflect.hpp"
#include "support/golden_cases.hpp"

namespace retort {
namespace {

// Renders and runs every op of a case; returns the golden text: each op as a comment line with
// its name, then its statements each ended by ";", a blank line between ops.
std::string run_case(const std::vector<Op>& ops) {
  const SqlDialect& dialect = sqlite_dialect();
  auto conn = SqliteConnection::open(":memory:", SqliteConnection::OpenMode::read_write_create);
  RenderContext ctx;
  ctx.lookup_table = [&](const std::string& t) { return reflect_sqlite_table(*conn, t); };
  std::string out;
  for (const Op& op : ops) {
    if (!out.empty()) out += "\n";
    out += "-- " + std::string(op_name(op.body)) + "\n";
    for (const std::string& g : dialect.describe_guards(op)) out += "-- guard: " + g + "\n";
    bool rebuilds = dialect.needs_table_state(op);
    if (rebuilds) conn->execute("PRAGMA foreign_keys=OFF");
    conn->execute("BEGIN IMMEDIATE");
    std::vector<std::string> statements = dialect.render(op, ctx);
    if (statements.empty()) out += "-- (nothing on sqlite)\n";
    for (const std::string& s : statements) out += s + ";\n";
    // The runner's part, reduced to what these cases use: guards and asserts.
    bool skip = false;
    for (const GuardQuery& g : dialect.guard_queries(op))
      skip |= conn->query(g.query).empty() == g.run_when_row;
    for (const std::string& s : statements) {
      if (skip) break;
      if (std::holds_alternative<Assert>(op.body)) {
        EXPECT_EQ(conn->query(s).scalar(), "1") << s;
        continue;
      }
      try {
        conn->execute(s);
      } catch (const Error& e) {
        ADD_FAILURE() << op_name(op.body) << ": " << e.what();
      }
    }
    conn->execute("COMMIT");
    if (rebuilds) conn->execute("PRAGMA foreign_keys=ON");
  }
  EXPECT_TRUE(conn->query("PRAGMA foreign_key_check").empty());
  EXPECT_EQ(conn->query("PRAGMA integrity_check").scalar(), "ok");
  return out;
}

TEST(SqliteGolden, EveryCaseRendersAsItsSqlFileAndRuns) {
  testing::expect_golden_files("sqlite", run_case);
}

TEST(SqliteGolden, EveryOpKindHasACase) {
  testing::expect_every_op_kind_has_a_case("sqlite");
}

}  // namespace
}  // namespace retort
