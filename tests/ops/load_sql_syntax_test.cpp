// The loader's SQL syntax check (docs/migration-files.md, "SQL syntax check"): the SQL an op
// carries is parsed with the parser of each database it runs on, and a syntax error is a load
// error at its place in the file and in the SQL.
#include <gtest/gtest.h>

#include "base/error.hpp"
#include "ops/load_revision.hpp"

namespace retort {
namespace {

const std::string kSyntaxHead = "revision: \"002\"\ndown_revision: \"001\"\nupgrade:\n";

std::string sql_load_error(const std::string& upgrade, std::optional<Dialect> dialect) {
  try {
    parse_revision("m/002.yaml", kSyntaxHead + upgrade + "downgrade: []\n", LoadDepth::full,
                   dialect);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    return e.what();
  }
  return "(no error)";
}

TEST(LoadSqlSyntax, AnErrorInABlockIsPlacedOnItsLineInTheFile) {
  const std::string e = sql_load_error(
      "  - execute: |\n"
      "      INSERT INTO t VALUES (1);\n"
      "      UPDATE t SET a = 2 WHERE a = 1 AND;\n",
      Dialect::postgresql);
  EXPECT_EQ(e,
            "m/002.yaml:6:41: SQL syntax error in execute (PostgreSQL's parser): syntax error at "
            "or near \";\" (line 2, column 35 of the SQL)\n"
            "        UPDATE t SET a = 2 WHERE a = 1 AND;\n"
            "                                          ^\n"
            "  fix the SQL; if it is written for another database, say so with `dialect:` on the "
            "op or a per-dialect map ({postgresql: ..., sqlite: ...})");
}

TEST(LoadSqlSyntax, AnEscapedStringShowsTheSqlLineToo) {
  const std::string e =
      sql_load_error("  - execute: \"SELECT \\\"a\\\" FORM t\"\n", Dialect::postgresql);
  EXPECT_EQ(e,
            "m/002.yaml:4:14: SQL syntax error in execute (PostgreSQL's parser): syntax error at "
            "or near \"t\" (line 1, column 17 of the SQL):\n"
            "    SELECT \"a\" FORM t\n"
            "                    ^\n"
            "  in the file:\n"
            "    - execute: \"SELECT \\\"a\\\" FORM t\"\n"
            "               ^\n"
            "  fix the SQL; if it is written for another database, say so with `dialect:` on the "
            "op or a per-dialect map ({postgresql: ..., sqlite: ...})");
}

TEST(LoadSqlSyntax, TheParserIsTheDatabaseTheSqlRunsOn) {
  // SQLite's own syntax: fine for SQLite, an error for PostgreSQL.
  const std::string op = "  - execute: \"INSERT OR IGNORE INTO t VALUES (1)\"\n";
  EXPECT_EQ(sql_load_error(op, Dialect::sqlite), "(no error)");
  EXPECT_NE(sql_load_error(op, Dialect::postgresql).find("(PostgreSQL's parser)"),
            std::string::npos);
  // Without a project database and without `dialect:`, a common text is not checked.
  EXPECT_EQ(sql_load_error(op, std::nullopt), "(no error)");
  // The op's dialect decides, whatever the project's database is.
  EXPECT_EQ(sql_load_error("  - execute: {sql: \"INSERT OR IGNORE INTO t VALUES (1)\", dialect: "
                           "sqlite}\n",
                           Dialect::postgresql),
            "(no error)");
  EXPECT_NE(sql_load_error("  - execute: {sql: \"SELEC 1\", dialect: sqlite}\n", std::nullopt)
                .find("(SQLite's parser)"),
            std::string::npos);
  // A per-dialect text is read by its own dialect's parser.
  EXPECT_NE(sql_load_error("  - execute: {sql: {postgresql: \"SELECT 1\", sqlite: \"SELEC 1\"}}\n",
                           Dialect::postgresql)
                .find("m/002.yaml:4:54: SQL syntax error in 'sql' in execute (SQLite's parser)"),
            std::string::npos);
}

TEST(LoadSqlSyntax, GuardsAssertsAndExpressionsAreCheckedToo) {
  EXPECT_NE(sql_load_error("  - execute: {sql: \"DELETE FROM t WHERE a = 1\", only_if: \"SELECT 1 "
                           "FROM t WHERE a = = 1\"}\n",
                           Dialect::postgresql)
                .find("SQL syntax error in 'only_if' in execute"),
            std::string::npos);
  EXPECT_NE(sql_load_error("  - assert: {sql: \"SELECT FROM FROM t\"}\n", Dialect::sqlite)
                .find("SQL syntax error in 'sql' in assert (SQLite's parser)"),
            std::string::npos);
  EXPECT_NE(sql_load_error("  - create_check_constraint: {name: ck, table: t, expression: \"a > > "
                           "0\"}\n",
                           Dialect::postgresql)
                .find("m/002.yaml:4:68: SQL syntax error in 'expression' in "
                      "create_check_constraint (PostgreSQL's parser): syntax error at or near "
                      "\">\" (line 1, column 5 of the SQL)"),
            std::string::npos);
  EXPECT_NE(sql_load_error("  - create_index: {name: ix, table: t, columns: [a], where: \"a IS NOT "
                           "NOT\"}\n",
                           Dialect::postgresql)
                .find("SQL syntax error in 'where' in create_index"),
            std::string::npos);
}

TEST(LoadSqlSyntax, DefaultsGeneratedColumnsAndIndexExpressionsAreChecked) {
  EXPECT_NE(sql_load_error("  - add_column: {table: t, column: {name: c, type: text, "
                           "server_default: \"lower('A'\"}}\n",
                           Dialect::postgresql)
                .find("SQL syntax error in 'server_default' in add_column (PostgreSQL's parser)"),
            std::string::npos);
  EXPECT_NE(sql_load_error("  - create_table:\n"
                           "      table: t\n"
                           "      columns:\n"
                           "        - {name: a, type: integer}\n"
                           "        - {name: b, type: integer, generated: \"a * * 2\"}\n",
                           Dialect::sqlite)
                .find("SQL syntax error in 'generated' in create_table (SQLite's parser)"),
            std::string::npos);
  EXPECT_NE(sql_load_error("  - create_index: {name: ix, table: t, columns: [{expression: "
                           "\"lower(a\"}]}\n",
                           Dialect::postgresql)
                .find("SQL syntax error in 'expression' in create_index"),
            std::string::npos);
  // Literals and the portable defaults are not SQL to check.
  EXPECT_EQ(sql_load_error("  - add_column: {table: t, column: {name: c, type: integer, "
                           "server_default: 0}}\n"
                           "  - add_column: {table: t, column: {name: d, type: uuid, "
                           "server_default: {uuid: true}}}\n"
                           "  - add_column: {table: t, column: {name: e, type: datetime, "
                           "server_default: CURRENT_TIMESTAMP}}\n",
                           Dialect::postgresql),
            "(no error)");
}

TEST(LoadSqlSyntax, ViewDefinitionsFunctionBodiesAndTriggersAreChecked) {
  // A view's definition, with the place of the error in the file.
  EXPECT_NE(sql_load_error("  - create_view: {name: v, definition: \"SELECT id FORM t\"}\n",
                           Dialect::postgresql)
                .find("m/002.yaml:4:56: SQL syntax error in 'definition' in create_view "
                      "(PostgreSQL's parser): syntax error at or near \"t\""),
            std::string::npos);
  EXPECT_NE(sql_load_error("  - replace_view: {name: v, definition: \"SELEC id FROM t\"}\n",
                           Dialect::sqlite)
                .find("SQL syntax error in 'definition' in replace_view (SQLite's parser)"),
            std::string::npos);
  // A PL/pgSQL body is compiled by PL/pgSQL's parser; the token it quotes is pointed at.
  const std::string plpgsql = sql_load_error(
      "  - create_function:\n"
      "      name: touch\n"
      "      returns: trigger\n"
      "      language: plpgsql\n"
      "      body: |\n"
      "        BEGIN\n"
      "          UPDATE t SET seen = now() WHER id = NEW.id;\n"
      "          RETURN NEW;\n"
      "        END;\n",
      Dialect::postgresql);
  EXPECT_NE(plpgsql.find("m/002.yaml:10:37: SQL syntax error in 'body' in create_function "
                         "(PostgreSQL's parser): syntax error at or near \"WHER\" (PL/pgSQL's "
                         "parser, near line "),
            std::string::npos)
      << plpgsql;
  // What PL/pgSQL refuses beyond the grammar: an assignment to an unknown variable.
  EXPECT_NE(sql_load_error("  - replace_function: {name: f, returns: integer, language: plpgsql, "
                           "body: \"BEGIN x := 1; RETURN 1; END;\"}\n",
                           Dialect::postgresql)
                .find("\"x\" is not a known variable"),
            std::string::npos);
  // Its arguments and return type are known to it.
  EXPECT_EQ(sql_load_error("  - create_function: {name: f, arguments: \"a integer\", returns: "
                           "integer, language: plpgsql, body: \"BEGIN a := a + 1; RETURN a; "
                           "END;\"}\n",
                           Dialect::postgresql),
            "(no error)");
  // A `sql` body is statements; another language is not read.
  EXPECT_NE(sql_load_error("  - create_function: {name: f, returns: integer, language: sql, "
                           "body: \"SELEC 1\"}\n",
                           Dialect::postgresql)
                .find("SQL syntax error in 'body' in create_function"),
            std::string::npos);
  EXPECT_EQ(sql_load_error("  - create_function: {name: f, returns: integer, language: plperl, "
                           "body: \"return 1 +;\"}\n",
                           Dialect::postgresql),
            "(no error)");
  // A trigger's WHEN with the parser it runs on; an SQLite trigger's body with SQLite's.
  EXPECT_NE(sql_load_error("  - create_trigger: {name: tr, table: t, timing: before, events: "
                           "[update], function: touch, when: \"OLD.a IS DISTINCT FORM NEW.a\"}\n",
                           Dialect::postgresql)
                .find("SQL syntax error in 'when' in create_trigger"),
            std::string::npos);
  EXPECT_NE(sql_load_error("  - create_trigger: {name: tr, table: t, timing: after, events: "
                           "[update], body: \"UPDATE t SET a = 1 WHER id = NEW.id;\"}\n",
                           Dialect::sqlite)
                .find("SQL syntax error in 'body' in create_trigger (SQLite's parser)"),
            std::string::npos);
  EXPECT_EQ(sql_load_error("  - create_trigger: {name: tr, table: t, timing: after, events: "
                           "[update], body: \"UPDATE t SET a = 1 WHERE id = NEW.id;\"}\n",
                           Dialect::sqlite),
            "(no error)");
}

}  // namespace
}  // namespace retort
