// Golden files of the lint rules (docs/lint.md): tests/lint/golden/<case>.<form>.yaml is a
// revision, <case>.<form>.txt the findings lint reports for it (line:column code message, with
// every opt-in rule enabled); RETORT_UPDATE_GOLDEN=1 rewrites the .txt files. A case written
// both as typed ops (`.typed.yaml`) and as the same change in raw SQL in an `execute`
// (`.sql.yaml`) must report the same rules: the SQL is read by PostgreSQL's parser and goes
// through the same rules.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "lint/lint.hpp"
#include "ops/load_revision.hpp"
#include "support/golden_cases.hpp"

namespace retort {
namespace {

namespace fs = std::filesystem;

fs::path lint_golden_dir() {
  return fs::path(RETORT_SOURCE_DIR) / "tests/lint/golden";
}

std::vector<LintFinding> lint_golden_file(const fs::path& yaml) {
  Revision rev = parse_revision(yaml.filename().string(), testing::read_golden_text(yaml),
                                LoadDepth::full, Dialect::postgresql);
  LintOptions options;
  for (const LintRule& r : lint_rules())
    if (r.opt_in) options.enable.emplace_back(r.code);
  // The cases about R129 are linted as in a project with `[postgresql] lock_timeout = ""`.
  options.lock_timeout = yaml.filename().string().find("r129") == std::string::npos;
  return lint_revisions({&rev}, options);
}

std::string render_findings(const std::vector<LintFinding>& findings) {
  std::string out;
  for (const LintFinding& f : findings)
    out += std::to_string(f.where.line) + ":" + std::to_string(f.where.column) + " " + f.code +
           " " + f.message + "\n";
  return out;
}

std::vector<fs::path> lint_golden_cases() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(lint_golden_dir()))
    if (e.path().extension() == ".yaml") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(LintGolden, EveryCaseReportsWhatItsFileSays) {
  const std::vector<fs::path> all = lint_golden_cases();
  ASSERT_GE(all.size(), 40u);
  const char* update = std::getenv("RETORT_UPDATE_GOLDEN");
  for (const fs::path& yaml : all) {
    SCOPED_TRACE(yaml.filename().string());
    const std::string text = render_findings(lint_golden_file(yaml));
    const fs::path expected = fs::path(yaml).replace_extension(".txt");
    if (update && std::string(update) == "1") {
      std::ofstream(expected, std::ios::binary) << text;
      continue;
    }
    ASSERT_TRUE(fs::exists(expected)) << expected << " is missing (RETORT_UPDATE_GOLDEN=1)";
    EXPECT_EQ(text, testing::read_golden_text(expected));
  }
}

// A case's name starts with the rule it is about (r108_…), or says it reports nothing.
TEST(LintGolden, TypedOpsAndTheSameChangeInSqlReportTheSameRules) {
  std::map<std::string, std::map<std::string, std::set<std::string>>>
      by_case;  // case → form → codes
  for (const fs::path& yaml : lint_golden_cases()) {
    const std::string stem = yaml.stem().string();  // "r108_….typed"
    const std::string name = stem.substr(0, stem.rfind('.'));
    const std::string form = stem.substr(stem.rfind('.') + 1);
    std::set<std::string>& found = by_case[name][form];
    for (const LintFinding& f : lint_golden_file(yaml)) found.insert(f.code);
  }
  std::set<std::string> covered;
  for (const auto& [name, forms] : by_case) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(forms.count("sql")) << "every case has its SQL form";
    if (forms.count("typed")) {
      EXPECT_EQ(forms.at("typed"), forms.at("sql"));
    }
    if (name[0] == 'r') {
      const std::string code = "R" + name.substr(1, 3);
      EXPECT_TRUE(forms.at("sql").count(code)) << name << " does not report " << code;
      covered.insert(code);
    }
  }
  // Every rule about an op or its SQL has a case (R111, R113, R114 are about the revision or a
  // name, not a change).
  for (const LintRule& r : lint_rules()) {
    const std::string code(r.code);
    if (code == "R111" || code == "R113" || code == "R114") continue;
    EXPECT_TRUE(covered.count(code)) << code << " has no golden case";
  }
}

}  // namespace
}  // namespace retort
