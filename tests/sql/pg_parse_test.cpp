// sql/pg_parse and sql/sql_syntax: PostgreSQL's grammar (libpg_query) and SQLite's parser on
// SQL text — statements, located syntax errors, and what each statement changes.
#include "sql/pg_parse.hpp"

#include <gtest/gtest.h>

#include "sql/sql_syntax.hpp"

namespace retort {
namespace {

TEST(PgParse, StatementsWithTheirPlaceAndWhatTheyChange) {
  const std::string sql =
      "CREATE INDEX CONCURRENTLY ix ON s.t (a);\n"
      "  ALTER TABLE t ALTER COLUMN c TYPE bigint, ALTER COLUMN d SET NOT NULL,\n"
      "    ADD COLUMN e uuid NOT NULL DEFAULT gen_random_uuid(),\n"
      "    ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES b (c) NOT VALID,\n"
      "    ADD CONSTRAINT u UNIQUE USING INDEX ix;\n"
      "TRUNCATE a CASCADE; UPDATE t SET a = 1; DELETE FROM t WHERE a = 2";
  PgParse p = pg_parse(sql);
  ASSERT_FALSE(p.error);
  ASSERT_EQ(p.statements.size(), 4u + 0u + 1u);
  EXPECT_EQ(p.statements[0].node, "IndexStmt");
  EXPECT_EQ(p.statements[0].offset, 0u);
  ASSERT_EQ(p.statements[0].changes.size(), 1u);
  EXPECT_EQ(p.statements[0].changes[0].table, "s.t");
  EXPECT_TRUE(p.statements[0].changes[0].concurrently);

  const PgStatement& alter = p.statements[1];
  EXPECT_EQ(sql.substr(alter.offset, 11), "ALTER TABLE");  // white space before it skipped
  ASSERT_EQ(alter.changes.size(), 5u);
  EXPECT_EQ(alter.changes[0].kind, SqlChange::Kind::alter_column_type);
  EXPECT_EQ(alter.changes[0].type, "int8");
  EXPECT_EQ(alter.changes[1].kind, SqlChange::Kind::set_not_null);
  EXPECT_EQ(alter.changes[1].column, "d");
  EXPECT_EQ(alter.changes[2].kind, SqlChange::Kind::add_column);
  EXPECT_TRUE(alter.changes[2].not_null && alter.changes[2].has_default &&
              alter.changes[2].volatile_default);
  EXPECT_EQ(alter.changes[3].constraint, SqlChange::Constraint::foreign_key);
  EXPECT_TRUE(alter.changes[3].not_valid);
  EXPECT_EQ(alter.changes[4].constraint, SqlChange::Constraint::unique);
  EXPECT_TRUE(alter.changes[4].using_index);

  ASSERT_EQ(p.statements[2].changes.size(), 1u);
  EXPECT_TRUE(p.statements[2].changes[0].cascade);
  EXPECT_FALSE(p.statements[3].changes[0].has_where);
  EXPECT_TRUE(p.statements[4].changes[0].has_where);
}

TEST(PgParse, ASyntaxErrorHasItsByteOffset) {
  // PostgreSQL counts characters: the offset is converted to bytes (é is two).
  const std::string sql = "SELECT 'é' FORM t";
  PgParse p = pg_parse(sql);
  ASSERT_TRUE(p.error);
  EXPECT_EQ(p.error->message, "syntax error at or near \"t\"");
  EXPECT_EQ(sql.substr(p.error->offset), "t");
  EXPECT_TRUE(p.statements.empty());
}

TEST(SqlSyntax, EachDialectWithItsOwnParser) {
  EXPECT_FALSE(sql_syntax_error(Dialect::postgresql, "SELECT 1", SqlForm::statements));
  EXPECT_FALSE(sql_syntax_error(Dialect::sqlite, "SELECT 1", SqlForm::statements));
  // PostgreSQL's syntax that SQLite refuses, and the other way round.
  EXPECT_FALSE(sql_syntax_error(Dialect::postgresql, "ALTER TABLE t ALTER COLUMN c TYPE int",
                                SqlForm::statements));
  EXPECT_TRUE(sql_syntax_error(Dialect::sqlite, "ALTER TABLE t ALTER COLUMN c TYPE int",
                               SqlForm::statements));
  EXPECT_FALSE(
      sql_syntax_error(Dialect::sqlite, "INSERT OR IGNORE INTO t VALUES (1)", SqlForm::statements));
  EXPECT_TRUE(sql_syntax_error(Dialect::postgresql, "INSERT OR IGNORE INTO t VALUES (1)",
                               SqlForm::statements));
}

TEST(SqlSyntax, SqliteReportsSyntaxNotTheEmptySchema) {
  // Unknown tables are not syntax errors; a syntax error after such a statement is found.
  const std::string sql = "UPDATE nosuch SET a = 1;\nDELETE FROM nosuch WHERE WHERE";
  auto error = sql_syntax_error(Dialect::sqlite, sql, SqlForm::statements);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->message, "near \"WHERE\": syntax error");
  SqlPosition at = sql_position(sql, error->offset);
  EXPECT_EQ(at.line, 2);
  EXPECT_EQ(at.column, 26);
  EXPECT_EQ(at.line_text, "DELETE FROM nosuch WHERE WHERE");
  EXPECT_FALSE(sql_syntax_error(Dialect::sqlite,
                                "CREATE TRIGGER tr AFTER INSERT ON t BEGIN "
                                "UPDATE t SET a = 1; END",
                                SqlForm::statements));
}

TEST(SqlSyntax, AnExpressionIsCheckedInsideASelect) {
  EXPECT_FALSE(sql_syntax_error(Dialect::postgresql, "a > 0 -- a comment", SqlForm::expression));
  auto error = sql_syntax_error(Dialect::postgresql, "a > > 0", SqlForm::expression);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->offset, 4u);  // in the expression as written
  error = sql_syntax_error(Dialect::sqlite, "a > > 0", SqlForm::expression);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->offset, 4u);
}

}  // namespace
}  // namespace retort
