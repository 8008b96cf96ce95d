#include "lint/lint.hpp"

#include <gtest/gtest.h>

#include "ops/load_revision.hpp"

namespace retort {
namespace {

std::vector<LintFinding> lint_text(const std::string& text, const LintOptions& o = {}) {
  Revision rev = parse_revision("m/002.yaml", text);
  return lint_revisions({&rev}, o);
}

std::vector<std::string> codes(const std::vector<LintFinding>& f) {
  std::vector<std::string> out;
  for (const auto& x : f) out.push_back(x.code);
  return out;
}

TEST(Lint, EveryRiskyUpgradeOpIsReportedWithItsPlace) {
  auto f = lint_text(R"(revision: "002"
down_revision: "001"
message: risky
upgrade:
  - drop_table: {table: old}
  - drop_column: {table: t, column: c}
  - rename_table: {table: a, to: b}
  - alter_column: {table: t, column: x, rename_to: y}
  - alter_column: {table: t, column: y, type: bigint}
  - alter_column: {table: t, column: z, nullable: false}
  - add_column: {table: t, column: {name: n, type: integer, nullable: false}}
  - create_index: {name: ix_t_n, table: t, columns: [n]}
  - create_foreign_key: {name: fk_t, table: t, columns: [n], references: {table: u, columns: [id]}}
  - execute: {sql: "UPDATE t SET n = 0"}
  - execute: {sql: "UPDATE t SET n = 0 WHERE n IS NULL"}
  - execute: {sql: "DELETE FROM t", only_if: "SELECT 1"}
downgrade:
  - irreversible: data is gone
)");
  EXPECT_EQ(codes(f), (std::vector<std::string>{"R101", "R102", "R103", "R104", "R105", "R106",
                                                "R107", "R108", "R109", "R112", "R113"}));
  EXPECT_EQ(f[0].where.str(), "m/002.yaml:5:5");
  EXPECT_EQ(f[0].message, "drops table old and every row in it");
  EXPECT_EQ(f[6].recipe,
            "add it nullable, backfill in batches, then set NOT NULL (or give it a "
            "server_default)");
}

TEST(Lint, GuardsDoNotHideTheOpTheyGuard) {
  // A guard makes an op conditional, not safe: a guarded drop is still a drop (R101, R102), a
  // guarded foreign key still scans the table (R109). Only R112 (UPDATE/DELETE of every row,
  // every time) is about running unconditionally.
  auto f = lint_text(R"(revision: "002"
down_revision: "001"
upgrade:
  - drop_table: {table: old, if_exists: true}
  - drop_column: {table: t, column: c, if_exists: true, only_if: "SELECT 1"}
  - create_foreign_key: {name: fk_t, table: t, columns: [n], references: {table: u, columns: [id]}, if_not_exists: true}
  - alter_column: {table: t, column: z, nullable: false, unless: "SELECT 1 FROM t WHERE z IS NULL"}
  - execute: {sql: "DELETE FROM t", unless: "SELECT 1"}
downgrade: []
)");
  // (R111: the downgrade is [].)
  EXPECT_EQ(codes(f), (std::vector<std::string>{"R101", "R102", "R109", "R106", "R111"}));
}

TEST(Lint, NewTablesInTheSameRevisionAreNotExisting) {
  auto f = lint_text(R"(revision: "002"
down_revision: "001"
upgrade:
  - create_table: {table: t, columns: [{name: id, type: integer, primary_key: true}]}
  - add_column: {table: t, column: {name: n, type: integer, nullable: false}}
  - create_index: {name: ix_t_n, table: t, columns: [n]}
downgrade:
  - drop_table: {table: t}
)");
  EXPECT_TRUE(f.empty()) << f[0].code;
}

TEST(Lint, LintAllowAndIgnoreSilenceFindings) {
  const std::string text = R"(revision: "002"
down_revision: "001"
upgrade:
  - drop_column: {table: t, column: c, lint_allow: [R102]}
  - create_index: {name: ix, table: t, columns: [a]}
downgrade: []
)";
  EXPECT_EQ(codes(lint_text(text)), (std::vector<std::string>{"R108", "R111"}));
  LintOptions o;
  o.ignore = {"R108"};
  EXPECT_EQ(codes(lint_text(text, o)), (std::vector<std::string>{"R111"}));
}

TEST(Lint, IndexOnlyOnSqliteIsNotR108) {
  auto f = lint_text(R"(revision: "002"
down_revision: "001"
upgrade:
  - create_index: {name: ix, table: t, columns: [a], dialect: sqlite}
downgrade:
  - drop_index: {name: ix, table: t}
)");
  EXPECT_TRUE(f.empty());
}

TEST(Lint, ConcurrentlyInANonTransactionalRevisionIsFine) {
  auto f = lint_text(R"(revision: "002"
down_revision: "001"
transactional: false
upgrade:
  - create_index: {name: ix, table: t, columns: [a], concurrently: true}
downgrade:
  - drop_index: {name: ix, table: t, concurrently: true}
)");
  EXPECT_TRUE(f.empty());
}

}  // namespace
}  // namespace retort

namespace retort {
namespace {

TEST(Lint, NamesOverPostgresqlLimitInOpsThatMayRunThere) {
  const std::string long_name(64, 'n');
  auto f = lint_text(R"(revision: "002"
down_revision: "001"
upgrade:
  - create_table:
      table: t
      columns:
        - {name: id, type: integer}
        - {name: )" + long_name +
                     R"(, type: integer}
  - add_column: {table: u, column: {name: )" +
                     long_name + R"(, type: text}, dialect: sqlite}
  - add_column: {table: v, column: {name: )" +
                     long_name + R"(, type: text}, lint_allow: [R114]}
downgrade:
  - drop_table: {table: t}
)");
  ASSERT_EQ(codes(f), (std::vector<std::string>{"R114"}));
  EXPECT_EQ(f[0].where.str(), "m/002.yaml:8:18");
  EXPECT_EQ(f[0].message, "identifier '" + long_name +
                              "' is 64 bytes long: PostgreSQL silently cuts names to 63 bytes, "
                              "so the database would not have the name this file says (and two "
                              "names that share their first 63 bytes collide)");
  ASSERT_NE(find_lint_rule("R114"), nullptr);
  EXPECT_EQ(f[0].recipe, find_lint_rule("R114")->recipe);
}

TEST(Lint, ViewsAndFunctionsOfEarlierRevisionsAreKnownToLaterOnes) {
  Revision first = parse_revision("m/001.yaml", R"(revision: "001"
down_revision: null
upgrade:
  - create_table: {table: products, columns: [{name: id, type: bigint, primary_key: true}, {name: cpm, type: integer}]}
  - create_view: {name: prices, definition: "SELECT id, cpm FROM products"}
  - create_function: {name: total, arguments: "a integer", returns: integer, language: sql, body: "SELECT a"}
downgrade:
  - drop_function: {name: total, arguments: "integer"}
  - drop_view: {name: prices}
  - drop_table: {table: products}
)");
  Revision second = parse_revision("m/002.yaml", R"(revision: "002"
down_revision: "001"
upgrade:
  - drop_column: {table: products, column: cpm, lint_allow: [R102]}
  - replace_function: {name: total, arguments: "a bigint", returns: integer, language: sql, body: "SELECT 1"}
downgrade:
  - irreversible: {reason: gone, lint_allow: [R113]}
)");
  EXPECT_EQ(codes(lint_revisions({&first, &second})), (std::vector<std::string>{"R131", "R130"}));
  // Reporting on 002 alone still reads 001 first.
  LintOptions only;
  only.report_only = {"002"};
  const std::vector<LintFinding> f = lint_revisions({&first, &second}, only);
  ASSERT_EQ(codes(f), (std::vector<std::string>{"R131", "R130"}));
  EXPECT_EQ(f[0].message,
            "drops column products.cpm that view prices reads: PostgreSQL refuses the drop while "
            "a view depends on it (the migration fails there)");
  EXPECT_EQ(f[0].where.str(), "m/002.yaml:4:5");
  EXPECT_EQ(f[1].message,
            "replaces function total(a int4) with total(a int8): PostgreSQL creates a second "
            "function beside the old one when the argument types differ, and refuses other "
            "argument names or modes");
  // Without 001, nothing is known of the view or the function.
  EXPECT_TRUE(lint_revisions({&second}).empty());
}

}  // namespace
}  // namespace retort
