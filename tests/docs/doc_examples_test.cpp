// The docs' examples, run: every ```yaml block of docs/*.md and README.md loads with the real
// loader (a revision, a model, a list of ops, or a revision's upgrade/downgrade), every ```toml
// block loads as retort.toml, docs/lint.md's examples report exactly the codes their first line
// names, every `$ retort …` session prints what the CLI transcripts see, and the model of
// docs/models.md builds on SQLite and PostgreSQL with `revision --autogenerate`, `upgrade` and a
// clean `check`.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "base/error.hpp"
#include "config/config.hpp"
#include "lint/lint.hpp"
#include "ops/load_model.hpp"
#include "ops/load_revision.hpp"
#include "runner/project.hpp"
#include "support/pg_env.hpp"
#include "support/process.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

namespace fs = std::filesystem;

struct Block {
  std::string doc;   // "docs/lint.md"
  int line = 0;      // the line of the opening ```
  std::string lang;  // "yaml"
  std::string text;
  std::string heading;  // the nearest heading above it ("### R101 drop_table")

  std::string where() const { return doc + ":" + std::to_string(line); }
};

std::string read_source(const std::string& relative) {
  std::ifstream in(fs::path(RETORT_SOURCE_DIR) / relative, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + relative);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The fenced code blocks of one Markdown file.
std::vector<Block> blocks_of(const std::string& doc) {
  std::vector<Block> out;
  std::istringstream in(read_source(doc));
  std::string line, heading;
  int n = 0;
  Block* open = nullptr;
  while (std::getline(in, line)) {
    ++n;
    if (open) {
      if (line.rfind("```", 0) == 0)
        open = nullptr;
      else
        open->text += line + "\n";
      continue;
    }
    if (line.rfind("```", 0) == 0) {
      out.push_back({doc, n, line.substr(3), "", heading});
      open = &out.back();
    } else if (line.rfind("#", 0) == 0) {
      heading = line;
    }
  }
  return out;
}

std::vector<std::string> markdown_docs() {
  std::vector<std::string> docs = {"README.md"};
  for (const auto& e : fs::directory_iterator(fs::path(RETORT_SOURCE_DIR) / "docs"))
    if (e.path().extension() == ".md") docs.push_back("docs/" + e.path().filename().string());
  std::sort(docs.begin(), docs.end());
  return docs;
}

std::vector<Block> blocks(const std::string& lang) {
  std::vector<Block> out;
  for (const auto& doc : markdown_docs())
    for (Block& b : blocks_of(doc))
      if (b.lang == lang) out.push_back(std::move(b));
  return out;
}

// The top-level keys of a YAML text (lines that start with a key at column 1).
std::set<std::string> top_level_keys(const std::string& text) {
  std::set<std::string> keys;
  static const std::regex key(R"(^([A-Za-z_][A-Za-z0-9_-]*):)");
  std::istringstream in(text);
  std::string line;
  std::smatch m;
  while (std::getline(in, line))
    if (std::regex_search(line, m, key)) keys.insert(m[1]);
  return keys;
}

bool starts_with_list(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    return line.rfind("- ", 0) == 0;
  }
  return false;
}

std::string indent(const std::string& text, const std::string& by) {
  std::string out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out += (line.empty() ? "" : by + line) + "\n";
  return out;
}

// A revision made of a doc block: the block itself when it is a whole revision; a list of ops
// as the upgrade (with a downgrade that changes nothing, so that no rule fires because of it);
// an `upgrade:`/`downgrade:` fragment completed with the other key. Loaded with the real
// loader; throws Error for a bad block.
Revision revision_of(const Block& b) {
  const std::string name = b.where() + ".yaml";
  std::set<std::string> keys = top_level_keys(b.text);
  if (keys.count("revision")) return parse_revision(name, b.text);
  const std::string header = "revision: \"doc\"\ndown_revision: null\n";
  const std::string transactional =
      b.text.find("concurrently: true") != std::string::npos ? "transactional: false\n" : "";
  if (starts_with_list(b.text))
    return parse_revision(name, header + transactional + "upgrade:\n" + indent(b.text, "  ") +
                                    "downgrade:\n  - execute: \"SELECT 1\"\n");
  std::string text = header + b.text;
  if (!keys.count("upgrade")) text += "upgrade: []\n";
  if (!keys.count("downgrade")) text += "downgrade: []\n";
  return parse_revision(name, text);
}

// What a yaml block is, loaded: "model", "revision"; an Error (with the doc's place) otherwise.
std::string load_yaml_block(const Block& b) {
  std::set<std::string> keys = top_level_keys(b.text);
  static const char* kModelKeys[] = {"tables",   "enums",     "views",     "functions",
                                     "triggers", "sequences", "extensions"};
  if (std::any_of(std::begin(kModelKeys), std::end(kModelKeys),
                  [&](const char* k) { return keys.count(k) > 0; })) {
    parse_model(b.where() + ".yaml", b.text);
    return "model";
  }
  if (keys.count("revision") || starts_with_list(b.text) || keys.count("upgrade") ||
      keys.count("downgrade")) {
    revision_of(b);
    return "revision";
  }
  throw Error(ErrorKind::input,
              "neither a revision, a model nor a list of ops; show it as ```text if it is not "
              "meant to load");
}

TEST(DocExamples, EveryYamlBlockLoads) {
  std::vector<Block> yaml = blocks("yaml");
  ASSERT_GT(yaml.size(), 30u) << "the docs' YAML examples were not found";
  std::set<std::string> kinds;
  for (const Block& b : yaml) {
    try {
      kinds.insert(load_yaml_block(b));
    } catch (const Error& e) {
      ADD_FAILURE() << b.where() << ": the example does not load:\n" << e.what() << "\n" << b.text;
    }
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"model", "revision"}));
}

TEST(DocExamples, EveryTomlBlockLoads) {
  std::vector<Block> toml = blocks("toml");
  ASSERT_FALSE(toml.empty());
  for (const Block& b : toml) {
    testing::ProjectDir dir;
    std::string path = dir.write("retort.toml", b.text);
    // A `${NAME}` the example uses (a target's url) is set to a sample URL; nothing else is.
    auto env = [&](std::string_view name) -> std::optional<std::string> {
      if (b.text.find("${" + std::string(name) + "}") == std::string::npos) return std::nullopt;
      return "postgresql://app@db.example/app";
    };
    try {
      load_config(path, env);
    } catch (const Error& e) {
      ADD_FAILURE() << b.where() << ": the example does not load:\n" << e.what();
    }
  }
}

// docs/lint.md: the first line of each example says what lint reports for it.
TEST(DocExamples, LintExamplesReportWhatTheySay) {
  static const std::regex reports(R"(^# retort lint reports (R1\d\d(?:, R1\d\d)*)\n)");
  static const std::regex clean(R"(^# retort lint: OK\n)");
  std::set<std::string> shown;  // codes with an example that reports them
  int examples = 0;
  for (const Block& b : blocks_of("docs/lint.md")) {
    if (b.lang != "yaml") continue;
    std::smatch m;
    std::set<std::string> expected;
    if (std::regex_search(b.text, m, reports)) {
      std::string list = m[1];
      for (size_t i = 0; i < list.size(); i += 6) expected.insert(list.substr(i, 4));
    } else if (!std::regex_search(b.text, clean)) {
      ADD_FAILURE() << b.where()
                    << ": a lint example starts with `# retort lint reports R1xx` or "
                       "`# retort lint: OK`";
      continue;
    }
    ++examples;
    std::set<std::string> found;
    try {
      Revision rev = revision_of(b);
      // An opt-in rule is reported by the examples that say they report it.
      LintOptions options;
      options.enable.assign(expected.begin(), expected.end());
      // R129's examples are linted as in a project with `[postgresql] lock_timeout = ""`.
      options.lock_timeout = !expected.count("R129");
      for (const LintFinding& f : lint_revisions({&rev}, options)) found.insert(f.code);
    } catch (const Error& e) {
      ADD_FAILURE() << b.where() << ": the example does not load:\n" << e.what();
      continue;
    }
    EXPECT_EQ(found, expected) << b.where() << " (under " << b.heading << ")\n" << b.text;
    // An example that reports a rule sits under that rule's heading.
    for (const std::string& code : expected) {
      EXPECT_NE(b.heading.find(code), std::string::npos)
          << b.where() << " reports " << code << " under " << b.heading;
      shown.insert(code);
    }
  }
  EXPECT_GT(examples, 15);
  // Every rule has its section; every rule a file can trigger has an example that does.
  const std::string doc = read_source("docs/lint.md");
  for (const LintRule& rule : lint_rules()) {
    const std::string code(rule.code);
    EXPECT_NE(doc.find("\n### " + code + " "), std::string::npos) << code << " has no section";
    EXPECT_TRUE(shown.count(code)) << code << " has no example reporting it";
  }
}

// GitHub's anchor of a heading: lower case, punctuation dropped, spaces as '-'.
std::string heading_anchor(const std::string& heading) {
  std::string out;
  for (char c : heading) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else if (c == ' ')
      out += '-';
  }
  return out;
}

// docs/lint.md's table of rules is lint_rules() (the source `retort lint --rules` prints): one
// row per rule, in order, linking to the rule's section.
TEST(DocExamples, LintRuleTableIsTheRuleList) {
  const std::string doc = read_source("docs/lint.md");
  std::vector<std::string> rows;
  static const std::regex row(R"(\n(\| \[R1\d\d\]\(#[^)]*\) \|[^\n]*))");
  for (auto it = std::sregex_iterator(doc.begin(), doc.end(), row); it != std::sregex_iterator();
       ++it)
    rows.push_back((*it)[1]);
  std::vector<std::string> expected;
  for (const LintRule& rule : lint_rules()) {
    const std::string code(rule.code);
    const size_t at = doc.find("\n### " + code + " ");
    ASSERT_NE(at, std::string::npos) << code << " has no section";
    const std::string heading = doc.substr(at + 5, doc.find('\n', at + 1) - at - 5);
    expected.push_back("| [" + code + "](#" + heading_anchor(heading) + ") | " +
                       std::string(rule.reports) + " | " + std::string(rule.risk) + " |");
  }
  EXPECT_EQ(rows, expected);
}

TEST(DocExamples, LintR110IsALoadErrorAsTheDocSays) {
  const std::string doc = read_source("docs/lint.md");
  EXPECT_NE(doc.find("retort refuses such a file when it loads it"), std::string::npos);
  EXPECT_THROW(parse_revision("r.yaml",
                              "revision: \"1\"\ndown_revision: null\nupgrade:\n"
                              "  - create_index: {name: ix, table: t, columns: [a], "
                              "concurrently: true}\ndowngrade: []\n"),
               Error);
}

// Every `$ retort …` session in the docs prints what the CLI transcripts (tests/cli/*.t) see
// when they run the same command: tests/docs/command_examples.py compares them.
TEST(DocExamples, CommandExamplesMatchTheTranscripts) {
  const std::string source = RETORT_SOURCE_DIR;
  testing::ProcessResult r =
      testing::run_process({"python3", source + "/tests/docs/command_examples.py", source});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex("checked (\\d+), mismatched 0"))) << r.out;
  EXPECT_GE(std::stoi(m[1]), 40) << r.out;
}

// The model at the top of docs/models.md, as a user would use it: autogenerate a revision from
// it, apply it, and `check` is clean.
// `marker` picks the block that contains it ("" = the first YAML block).
void build_the_models_example(const std::string& url, const std::string& marker = "") {
  const std::vector<Block> all = blocks_of("docs/models.md");
  auto it = std::find_if(all.begin(), all.end(), [&](const Block& b) {
    return b.lang == "yaml" && b.text.find(marker) != std::string::npos;
  });
  ASSERT_NE(it, all.end());
  testing::ProjectDir dir;
  dir.write_config(url);
  dir.write("models/shop.yaml", it->text);
  auto r = dir.retort({"revision", "--autogenerate", "-m", "shop"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  r = dir.retort({"upgrade", "head"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  r = dir.retort({"check"});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  r = dir.retort({"test"});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
}

TEST(DocExamples, ModelsExampleBuildsOnSqlite) {
  testing::ProjectDir dir;
  build_the_models_example(dir.sqlite_url());
}

TEST(DocExamples, ModelsExampleBuildsOnPostgresql) {
  testing::PgTestDatabase db;
  build_the_models_example(db.url());
}

// The PostgreSQL features model of docs/models.md (identity and generated columns, NULLS NOT
// DISTINCT, INCLUDE, order, NULLs placement, operator classes): autogenerated, applied, and
// `check` finds nothing to change, `test` round-trips the revision.
TEST(DocExamples, ModelsPostgresqlFeaturesExampleBuildsOnPostgresql) {
  testing::PgTestDatabase db;
  build_the_models_example(db.url(), "# models/billing.yaml");
}

// docs/migration-files.md's Guards example, run as written: revision 002 applies it to tables
// that have none of its objects, 003 applies it again and every op must skip — same schema, the
// seeded row once.
void run_the_guards_example(const std::string& url) {
  const std::vector<Block> all = blocks_of("docs/migration-files.md");
  auto it = std::find_if(all.begin(), all.end(), [](const Block& b) {
    return b.lang == "yaml" && b.text.find("fk_orders_account") != std::string::npos;
  });
  ASSERT_NE(it, all.end());
  std::string ops;
  std::istringstream lines(it->text);
  for (std::string line; std::getline(lines, line);) ops += "  " + line + "\n";
  testing::ProjectDir dir;
  dir.write_config(url);
  dir.write_revision("001_accounts.yaml", R"(revision: "001"
down_revision: null
message: accounts and orders
upgrade:
  - create_table: {table: accounts, columns: [{name: id, type: integer, primary_key: true}, {name: code, type: text}]}
  - create_table: {table: orders, columns: [{name: id, type: integer, primary_key: true}, {name: account_id, type: integer}]}
downgrade:
  - drop_table: {table: orders}
  - drop_table: {table: accounts}
)");
  for (const char* id : {"002", "003"}) {
    dir.write_revision(std::string(id) + "_guards.yaml",
                       std::string("revision: \"") + id + "\"\ndown_revision: \"" +
                           (id == std::string("002") ? "001" : "002") +
                           "\"\nmessage: the guards example\nupgrade:\n" + ops + "downgrade: []\n");
  }
  auto r = dir.retort({"upgrade", "002"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  auto schema = dir.retort({"sql-schema"});
  ASSERT_EQ(schema.exit_code, 0) << schema.describe();
  EXPECT_NE(schema.out.find("fk_orders_account"), std::string::npos) << schema.out;
  r = dir.retort({"upgrade", "head", "-v"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_NE((r.out + r.err).find("if_not_exists"), std::string::npos)
      << r.describe();  // skips are reported
  auto again = dir.retort({"sql-schema"});
  EXPECT_EQ(again.out, schema.out);
  Project project = Project::open(dir.config_path());
  auto conn = project.connect();
  EXPECT_EQ(conn->query("SELECT count(*) FROM accounts").scalar(), "1");
}

TEST(DocExamples, GuardsExampleRunsTwiceOnSqlite) {
  testing::ProjectDir dir;
  run_the_guards_example(dir.sqlite_url("guards.db"));
}

TEST(DocExamples, GuardsExampleRunsTwiceOnPostgresql) {
  testing::PgTestDatabase db;
  run_the_guards_example(db.url());
}

}  // namespace
}  // namespace retort
