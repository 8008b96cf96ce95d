// Golden files for the SQLite renderer: tests/dialect/golden/sqlite/<case>.yaml (a list of ops)
// renders to <case>.sql. RETORT_UPDATE_GOLDEN=1 rewrites the .sql files.
//
// Each case runs op by op on a fresh in-memory SQLite database, the way the runner runs a
// revision (BEGIN IMMEDIATE, foreign keys off around a table rebuild): ops that rebuild a table
// render from the table as reflected at that moment, and the golden SQL is known to run, not
// just to be stable text.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/error.hpp"
#include "db/sqlite_connection.hpp"
#include "dialect/sqlite_dialect.hpp"
#include "ops/load_revision.hpp"
#include "schema/sqlite_reflect.hpp"

namespace retort {
namespace {

namespace fs = std::filesystem;

fs::path golden_dir() {
  return fs::path(RETORT_SOURCE_DIR) / "tests/dialect/golden/sqlite";
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<fs::path> cases() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(golden_dir()))
    if (e.path().extension() == ".yaml") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Op> load_case(const fs::path& yaml) {
  return parse_op_list(yaml.filename().string(), read_text(yaml));
}

// Renders and runs every op of a case; returns the golden text: each op as a comment line with
// its name, then its statements each ended by ";", a blank line between ops.
std::string run_case(const std::vector<Op>& ops) {
  const SqlDialect& d = sqlite_dialect();
  auto conn = SqliteConnection::open(":memory:", SqliteConnection::OpenMode::read_write_create);
  RenderContext ctx;
  ctx.lookup_table = [&](const std::string& t) { return reflect_sqlite_table(*conn, t); };
  std::string out;
  for (const Op& op : ops) {
    if (!out.empty()) out += "\n";
    out += "-- " + std::string(op_name(op.body)) + "\n";
    bool rebuilds = d.needs_table_state(op);
    if (rebuilds) conn->execute("PRAGMA foreign_keys=OFF");
    conn->execute("BEGIN IMMEDIATE");
    std::vector<std::string> statements = d.render(op, ctx);
    if (statements.empty()) out += "-- (nothing on sqlite)\n";
    for (const std::string& s : statements) out += s + ";\n";
    // The runner's part, reduced to what these cases use: guards and asserts.
    bool skip = false;
    if (const auto* ex = std::get_if<Execute>(&op.body)) {
      if (const std::string* g = ex->unless.for_dialect(Dialect::sqlite))
        skip |= !conn->query(*g).empty();
      if (const std::string* g = ex->only_if.for_dialect(Dialect::sqlite))
        skip |= conn->query(*g).empty();
    }
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
  std::vector<fs::path> all = cases();
  ASSERT_GE(all.size(), 8u);
  const char* update = std::getenv("RETORT_UPDATE_GOLDEN");
  for (const fs::path& yaml : all) {
    SCOPED_TRACE(yaml.filename().string());
    std::string rendered = run_case(load_case(yaml));
    fs::path sql = fs::path(yaml).replace_extension(".sql");
    if (update && std::string(update) == "1") {
      std::ofstream(sql, std::ios::binary) << rendered;
      continue;
    }
    ASSERT_TRUE(fs::exists(sql)) << sql << " is missing (run with RETORT_UPDATE_GOLDEN=1)";
    EXPECT_EQ(rendered, read_text(sql));
  }
}

TEST(SqliteGolden, EveryOpKindHasACase) {
  std::vector<std::string> seen;
  for (const fs::path& yaml : cases())
    for (const Op& op : load_case(yaml)) seen.emplace_back(op_name(op.body));
  for (std::string_view name : op_names())
    EXPECT_NE(std::find(seen.begin(), seen.end(), name), seen.end())
        << name << " has no golden case";
}

}  // namespace
}  // namespace retort
