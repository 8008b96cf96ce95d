// Splitting a script into statements (sql/statements) and the PostgreSQL lexical rules it reads
// with (SqlLexRules::postgresql_strings): quotes, comments and compound bodies never split.
#include "sql/statements.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace retort {
namespace {

// Each statement as its tokens' text joined by single spaces.
std::vector<std::string> statements(std::string_view sql) {
  std::vector<std::string> out;
  for (const std::vector<SqlToken>& s : split_statements(sql)) {
    std::string text;
    for (const SqlToken& t : s) text += (text.empty() ? "" : " ") + std::string(t.text);
    out.push_back(text);
  }
  return out;
}

using Lines = std::vector<std::string>;

TEST(SplitStatements, SplitsAtTopLevelSemicolonsOnly) {
  EXPECT_EQ(statements("SELECT 1; SELECT 2;"), (Lines{"SELECT 1", "SELECT 2"}));
  EXPECT_EQ(statements(";; -- nothing\n;"), Lines{});
  EXPECT_EQ(statements("SELECT 'a;b', \"c;d\", [e;f] /* g; */ -- h;\n; x"),
            (Lines{"SELECT 'a;b' , \"c;d\" , [e;f]", "x"}));
  EXPECT_EQ(statements("SELECT E'\\'; x'; y"), (Lines{"SELECT E'\\'; x'", "y"}));
  EXPECT_EQ(statements("DO $$ BEGIN x; END $$; DO $b$ y; $b$"),
            (Lines{"DO $$ BEGIN x; END $$", "DO $b$ y; $b$"}));
  EXPECT_EQ(statements("SELECT $1; SELECT 2"), (Lines{"SELECT $1", "SELECT 2"}));
  EXPECT_EQ(statements("/* a /* nested; */ still; */ SELECT 1"), (Lines{"SELECT 1"}));
}

TEST(SplitStatements, CompoundBodiesStayWhole) {
  EXPECT_EQ(statements("CREATE TRIGGER tr AFTER INSERT ON a BEGIN UPDATE b SET n = 1; "
                       "SELECT CASE WHEN 1 THEN 2 END; END; COMMIT"),
            (Lines{"CREATE TRIGGER tr AFTER INSERT ON a BEGIN UPDATE b SET n = 1 ; SELECT CASE "
                   "WHEN 1 THEN 2 END ; END",
                   "COMMIT"}));
  // BEGIN as the first word is a statement of its own (a transaction's start).
  EXPECT_EQ(statements("BEGIN; SELECT 1; END"), (Lines{"BEGIN", "SELECT 1", "END"}));
}

TEST(SqlLexer, PostgresqlStringsOnlyWhenAsked) {
  std::string_view sql = "$$a$$ E'\\'' /* x /* y */ z */";
  std::vector<SqlToken> pg = tokenize_sql(sql, SqlLexRules{false, true});
  ASSERT_EQ(pg.size(), 2u);
  EXPECT_EQ(pg[0].kind, SqlToken::Kind::string);
  EXPECT_EQ(pg[0].text, "$$a$$");
  EXPECT_EQ(pg[1].kind, SqlToken::Kind::string);
  EXPECT_EQ(pg[1].text, "E'\\''");
  // Without them (the default): $$a$$ is a parameter, E a word, /* */ does not nest.
  std::vector<SqlToken> plain = tokenize_sql("$$a$$ E'x' /* x /* y */ z */");
  ASSERT_EQ(plain.size(), 6u);
  EXPECT_EQ(plain[0].kind, SqlToken::Kind::parameter);
  EXPECT_EQ(plain[1].kind, SqlToken::Kind::word);
  EXPECT_EQ(plain[2].kind, SqlToken::Kind::string);
  EXPECT_EQ(plain[3].text, "z");
  EXPECT_EQ(plain[4].text, "*");
  EXPECT_EQ(plain[5].text, "/");
}

}  // namespace
}  // namespace retort
