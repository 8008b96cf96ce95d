// Golden files for the PostgreSQL renderer: tests/dialect/golden/postgresql/<case>.yaml (a list
// of ops) renders to <case>.sql. RETORT_UPDATE_GOLDEN=1 rewrites the .sql files. Every case is
// also run, statement by statement, on a fresh database of the throwaway server, so the golden
// SQL is known to be valid PostgreSQL, not just stable text.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/overloaded.hpp"
#include "dialect/postgresql_dialect.hpp"
#include "ops/load_revision.hpp"
#include "support/pg_env.hpp"

namespace retort {
namespace {

namespace fs = std::filesystem;

fs::path golden_dir() {
  return fs::path(RETORT_SOURCE_DIR) / "tests/dialect/golden/postgresql";
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

// The golden text of a case: each op as a comment line with its name, then its statements each
// ended by ";", a blank line between ops.
std::string render_case(const std::vector<Op>& ops) {
  std::string out;
  const SqlDialect& d = postgresql_dialect();
  for (const Op& op : ops) {
    if (!out.empty()) out += "\n";
    out += "-- " + std::string(op_name(op.body)) + "\n";
    std::vector<std::string> statements = d.render(op, RenderContext{});
    if (statements.empty()) out += "-- (nothing on postgresql)\n";
    for (const std::string& s : statements) out += s + ";\n";
  }
  return out;
}

TEST(PostgresqlGolden, EveryCaseRendersAsItsSqlFile) {
  std::vector<fs::path> all = cases();
  ASSERT_GE(all.size(), 8u);
  const char* update = std::getenv("RETORT_UPDATE_GOLDEN");
  for (const fs::path& yaml : all) {
    SCOPED_TRACE(yaml.filename().string());
    std::string rendered = render_case(load_case(yaml));
    fs::path sql = fs::path(yaml).replace_extension(".sql");
    if (update && std::string(update) == "1") {
      std::ofstream(sql, std::ios::binary) << rendered;
      continue;
    }
    ASSERT_TRUE(fs::exists(sql)) << sql << " is missing (run with RETORT_UPDATE_GOLDEN=1)";
    EXPECT_EQ(rendered, read_text(sql));
  }
}

TEST(PostgresqlGolden, EveryOpKindHasACase) {
  std::vector<std::string> seen;
  for (const fs::path& yaml : cases())
    for (const Op& op : load_case(yaml)) seen.emplace_back(op_name(op.body));
  for (std::string_view name : op_names())
    EXPECT_NE(std::find(seen.begin(), seen.end(), name), seen.end())
        << name << " has no golden case";
}

TEST(PostgresqlGolden, EveryCaseRunsOnTheServer) {
  const SqlDialect& d = postgresql_dialect();
  for (const fs::path& yaml : cases()) {
    SCOPED_TRACE(yaml.filename().string());
    testing::PgTestDatabase db;
    auto conn = db.connect();
    for (const Op& op : load_case(yaml)) {
      std::vector<std::string> statements = d.render(op, RenderContext{});
      // The runner's part, reduced to what these cases use: guards and asserts.
      if (const auto* ex = std::get_if<Execute>(&op.body)) {
        if (const std::string* g = ex->unless.for_dialect(Dialect::postgresql))
          if (!conn->query(*g).empty()) continue;
        if (const std::string* g = ex->only_if.for_dialect(Dialect::postgresql))
          if (conn->query(*g).empty()) continue;
      }
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
