// Names and SQL fragments in migration and model files (docs/migration-files.md, "Identifiers",
// "Server defaults", "Per-dialect forms", create_index): what loading refuses, with the place.
#include <gtest/gtest.h>

#include "base/error.hpp"
#include "ops/load_fixtures.hpp"
#include "ops/load_model.hpp"
#include "ops/load_revision.hpp"

namespace retort {
namespace {

using testing::kHead;
using testing::ops_error;

// `text` contains `part` (the message is shown when not).
#define EXPECT_HAS(text, part)                                         \
  do {                                                                 \
    const std::string text_ = (text);                                  \
    EXPECT_NE(text_.find(part), std::string::npos) << "in: " << text_; \
  } while (0)

std::string upgrade_error(const std::string& ops, std::optional<Dialect> dialect) {
  try {
    parse_revision("m/001.yaml", kHead + "upgrade:\n" + ops + "downgrade: []\n", LoadDepth::full,
                   dialect);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    return e.what();
  }
  return "(no error)";
}

// --- identifiers -----------------------------------------------------------------------------

TEST(LoadIdentifiers, EmptyAndBlankNamesAreRefusedEverywhere) {
  EXPECT_EQ(ops_error("- drop_table: {table: \"\"}\n"),
            "ops.yaml:1:23: expected a name for 'table' in drop_table, found an empty string\n"
            "  - drop_table: {table: \"\"}\n"
            "                        ^\n"
            "  write the table's, column's or constraint's name");
  EXPECT_HAS(ops_error("- drop_table: {table: \"   \"}\n"), "found a blank string");
  EXPECT_HAS(ops_error("- add_column: {table: t, column: {name: \" \", type: text}}\n"),
             "1:41: expected a name for 'name' in column, found a blank string");
  EXPECT_HAS(ops_error("- drop_column: {table: t, column: \"\"}\n"), "'column' in drop_column");
  EXPECT_HAS(ops_error("- create_index: {name: ix, table: t, columns: [a, \"\"]}\n"),
             "expected a name for each item of 'columns' in create_index");
  EXPECT_HAS(ops_error("- create_unique_constraint: {name: \"\", table: t, columns: [a]}\n"),
             "expected a name for 'name' in create_unique_constraint, found an empty string");
  EXPECT_HAS(ops_error("- create_foreign_key: {table: t, columns: [a], references: {table: \" \","
                       " columns: [id]}}\n"),
             "'table' in references");
  EXPECT_HAS(ops_error("- bulk_insert: {table: t, rows: [{\"\": 1}]}\n"),
             "a column of 'rows' in bulk_insert");
  EXPECT_HAS(ops_error("- create_enum: {name: \"\", values: [a]}\n"), "'name' in create_enum");
  EXPECT_HAS(ops_error("- alter_column: {table: t, column: a, rename_to: \"\"}\n"),
             "'rename_to' in alter_column");
}

TEST(LoadIdentifiers, ADotQualifiesOnlyNamesThatLiveInASchema) {
  EXPECT_EQ(ops_error("- add_column: {table: t, column: {name: a.b, type: text}}\n"),
            "ops.yaml:1:41: invalid name 'a.b' for 'name' in column: a '.' would make it a "
            "qualified name, and this name cannot be qualified\n"
            "  - add_column: {table: t, column: {name: a.b, type: text}}\n"
            "                                          ^\n"
            "  choose a name without '.' (only tables, enum types and indexes take a schema: "
            "\"schema.name\")");
  EXPECT_HAS(ops_error("- drop_column: {table: t, column: a.b}\n"),
             "invalid name 'a.b' for 'column' in drop_column");
  EXPECT_HAS(ops_error("- create_index: {name: ix, table: t, columns: [x.y]}\n"),
             "invalid name 'x.y'");
  EXPECT_HAS(ops_error("- create_check_constraint: {name: c.k, table: t, expression: \"a > 0\"}\n"),
             "invalid name 'c.k' for 'name' in create_check_constraint");
  EXPECT_HAS(ops_error("- create_table: {table: t, columns: [{name: id, type: integer}],"
                       " primary_key: [id.x]}\n"),
             "invalid name 'id.x'");
  // Qualified names: both parts must be there.
  EXPECT_HAS(ops_error("- drop_table: {table: a..b}\n"),
             "invalid name 'a..b' for 'table' in drop_table: a qualified name has an "
             "empty part");
  EXPECT_HAS(ops_error("- drop_table: {table: .t}\n"), "empty part");
  // Where a schema belongs, a dotted name is fine.
  EXPECT_EQ(ops_error("- drop_table: {table: analytics.events}\n"
                      "- create_enum: {name: app.mood, values: [a]}\n"
                      "- add_column: {table: s.t, column: {name: m, type: {enum: app.mood}}}\n"),
            "(no error)");
}

TEST(LoadIdentifiers, OverPostgresqlLimitIsAnErrorOnPostgresqlAndANoteElsewhere) {
  const std::string name64(64, 'c');
  const std::string name63(63, 'c');
  const std::string op =
      "  - add_column: {table: t, column: {name: " + name64 + ", type: integer}}\n";
  EXPECT_EQ(upgrade_error(op, Dialect::postgresql),
            "m/001.yaml:4:43: identifier '" + name64 +
                "' for 'name' in column is 64 bytes long; PostgreSQL's limit is 63 bytes and the "
                "server would silently cut it to '" +
                name63 + "'\n" + "  " + op.substr(0, op.size() - 1) + "\n" + std::string(44, ' ') +
                "^\n" +
                "  shorten it to at most 63 bytes (two names that share their first 63 bytes are "
                "the same name)");
  // Each part of a qualified name counts alone; 63 bytes is fine.
  EXPECT_EQ(upgrade_error("  - drop_table: {table: s." + name63 + "}\n", Dialect::postgresql),
            "(no error)");
  EXPECT_HAS(upgrade_error("  - drop_table: {table: " + name64 + ".t}\n", Dialect::postgresql),
             "is 64 bytes long");
  // Bytes, not characters: 32 two-byte letters are 64 bytes.
  std::string wide;
  for (int i = 0; i < 32; ++i) wide += "\xc3\xa9";
  EXPECT_HAS(upgrade_error("  - drop_table: {table: " + wide + "}\n", Dialect::postgresql),
             "is 64 bytes long");

  // On SQLite, or with no database known, the file loads and the name is noted for lint.
  EXPECT_EQ(upgrade_error(op, Dialect::sqlite), "(no error)");
  Revision rev = parse_revision("m/001.yaml", kHead + "upgrade:\n" + op + "downgrade: []\n");
  ASSERT_EQ(rev.long_identifiers.size(), 1u);
  EXPECT_EQ(rev.long_identifiers[0].name, name64);
  EXPECT_EQ(rev.long_identifiers[0].where.str(), "m/001.yaml:4:43");
}

TEST(LoadIdentifiers, ModelNamesAreCheckedToo) {
  const std::string model = "tables:\n  - table: " + std::string(70, 't') +
                            "\n    columns: [{name: id, type: integer}]\n";
  try {
    parse_model("models/m.yaml", model, Dialect::postgresql);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_HAS(e.what(), "models/m.yaml:2:12: identifier");
    EXPECT_HAS(e.what(), "is 70 bytes long; PostgreSQL's limit is 63 bytes");
  }
  EXPECT_EQ(parse_model("models/m.yaml", model).long_identifiers.size(), 1u);
  try {
    parse_model("models/m.yaml",
                "tables:\n  - table: t\n    columns: [{name: \"\", type: text}]\n");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_HAS(e.what(), "expected a name for 'name' in column");
  }
}

// --- server defaults -------------------------------------------------------------------------

TEST(LoadDefaults, ABareWordIsRefusedWithTheQuotedForm) {
  EXPECT_EQ(ops_error("- add_column: {table: t, column: {name: s, type: text, server_default: "
                      "'active'}}\n"),
            "ops.yaml:1:72: server_default 'active' is SQL, and a bare word is neither a value "
            "nor an expression (PostgreSQL would read it as a column name)\n"
            "  - add_column: {table: t, column: {name: s, type: text, server_default: "
            "'active'}}\n" +
                std::string(73, ' ') +
                "^\n"
                "  for the text 'active' write server_default: \"'active'\" (SQL quotes inside "
                "YAML quotes)");
  EXPECT_HAS(ops_error("- alter_column: {table: t, column: s, server_default: pending}\n"),
             "server_default 'pending' is SQL");
  EXPECT_HAS(ops_error("- add_column: {table: t, column: {name: s, type: text, server_default: "
                       "{postgresql: \"'a'\", sqlite: draft}}}\n"),
             "server_default 'draft' is SQL");
  // Values, keywords, calls and expressions are fine.
  for (const char* ok :
       {"CURRENT_TIMESTAMP", "current_date", "TRUE", "null", "now()", "\"'active'\"", "\"-1\"",
        "\"'{}'::jsonb\"", "0", "false", "\"gen_random_uuid()\"", "LOCALTIMESTAMP"})
    EXPECT_EQ(ops_error("- add_column: {table: t, column: {name: s, type: text, server_default: " +
                        std::string(ok) + "}}\n"),
              "(no error)")
        << ok;
}

// --- SQL fragments ---------------------------------------------------------------------------

TEST(LoadFragments, ATopLevelSemicolonIsRefused) {
  EXPECT_EQ(
      ops_error("- create_index: {name: ix, table: t, columns: [a], where: \"a > 0; DROP "
                "TABLE t\"}\n"),
      "ops.yaml:1:59: ';' in 'where' in create_index: this is an SQL fragment spliced into "
      "a statement, and ';' would end it\n"
      "  - create_index: {name: ix, table: t, columns: [a], where: \"a > 0; DROP TABLE t\"}\n" +
          std::string(60, ' ') +
          "^\n"
          "  remove the ';' (run separate statements with an `execute` op)");
  EXPECT_HAS(ops_error("- create_check_constraint: {table: t, expression: \"a > 0; SELECT 1\"}\n"),
             "';' in 'expression' in create_check_constraint");
  EXPECT_HAS(ops_error("- create_check_constraint: {table: t, expression: {sqlite: \"a;\"}}\n"),
             "';' in 'expression' in create_check_constraint");
  EXPECT_HAS(ops_error("- create_table: {table: t, columns: [{name: a, type: text}], checks: "
                       "[{expression: \"a <> '' ;\"}]}\n"),
             "';' in 'expression' in check constraint");
  EXPECT_HAS(ops_error("- create_index: {name: ix, table: t, columns: [{expression: \"lower(a); "
                       "x\"}]}\n"),
             "';' in 'expression' in index column");
  EXPECT_HAS(ops_error("- add_column: {table: t, column: {name: s, type: text, server_default: "
                       "\"'a'; DROP TABLE t\"}}\n"),
             "';' in 'server_default' in column");
  // Inside quotes, identifiers and comments a ';' is just text.
  EXPECT_EQ(ops_error("- create_index: {name: ix, table: t, columns: [a], where: \"a <> ';' AND "
                      "\\\"b;c\\\" > 0 /* ; */\"}\n"
                      "- add_column: {table: t, column: {name: s, type: text, server_default: "
                      "\"'a;b'\"}}\n"),
            "(no error)");
  // `execute` takes whole statements: a ';' there is fine.
  EXPECT_EQ(ops_error("- execute: \"UPDATE t SET a = 1; UPDATE t SET b = 2\"\n"), "(no error)");
}

// --- index columns ---------------------------------------------------------------------------

TEST(LoadIndexColumns, OrderNullsAndOpclass) {
  std::vector<Op> ops = parse_op_list(
      "ops.yaml",
      "- create_index: {name: ix, table: t, columns: [a, {name: ts, order: desc, nulls: last},"
      " {expression: \"lower(email)\", order: asc, nulls: first},"
      " {name: doc, opclass: jsonb_path_ops}]}\n");
  const auto& ix = std::get<CreateIndex>(ops[0].body).index;
  ASSERT_EQ(ix.columns.size(), 4u);
  EXPECT_EQ(ix.columns[0], (IndexColumn{"a", "", false, NullsOrder::default_, ""}));
  EXPECT_EQ(ix.columns[1], (IndexColumn{"ts", "", true, NullsOrder::last, ""}));
  EXPECT_EQ(ix.columns[2], (IndexColumn{"", "lower(email)", false, NullsOrder::first, ""}));
  EXPECT_EQ(ix.columns[3], (IndexColumn{"doc", "", false, NullsOrder::default_, "jsonb_path_ops"}));
}

TEST(LoadIndexColumns, AnOrderInsideTheExpressionPointsAtOrder) {
  EXPECT_EQ(
      ops_error("- create_index: {name: ix, table: t, columns: [{expression: \"ts DESC\"}]}\n"),
      "ops.yaml:1:61: the index expression 'ts DESC' ends in 'DESC', which is the column's "
      "sort order, not part of the expression\n"
      "  - create_index: {name: ix, table: t, columns: [{expression: \"ts DESC\"}]}\n" +
          std::string(62, ' ') +
          "^\n"
          "  write {expression: \"ts\", order: desc} (and nulls: first|last); for a plain "
          "column {name: COLUMN, order: desc}");
  EXPECT_HAS(ops_error("- create_index: {name: ix, table: t, columns: [{expression: \"lower(a) "
                       "NULLS LAST\"}]}\n"),
             "ends in 'NULLS LAST'");
  EXPECT_HAS(ops_error("- create_index: {name: ix, table: t, columns: [{name: a, order: down}]}\n"),
             "invalid order 'down' for an index column");
  EXPECT_HAS(ops_error("- create_index: {name: ix, table: t, columns: [{name: a, nulls: lats}]}\n"),
             "did you mean 'last'?");
  EXPECT_HAS(ops_error("- create_index: {name: ix, table: t, columns: [{order: desc}]}\n"),
             "an index column gives either 'name' or 'expression'");
  EXPECT_HAS(ops_error("- create_index: {name: ix, table: t, columns: [{name: a, expression: "
                       "b}]}\n"),
             "an index column gives either 'name' or 'expression'");
}

}  // namespace
}  // namespace retort
