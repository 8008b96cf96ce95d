#include "sql/statements.hpp"

namespace retort {

std::vector<std::vector<SqlToken>> split_statements(std::string_view sql) {
  std::vector<std::vector<SqlToken>> out;
  std::vector<SqlToken> statement;
  int depth = 0;          // open BEGIN/CASE bodies inside the statement
  bool has_word = false;  // the statement's first word has been read
  for (const SqlToken& t : tokenize_sql(sql, SqlLexRules{true, true})) {
    if (t.is(";") && depth == 0) {
      if (!statement.empty()) out.push_back(std::move(statement));
      statement.clear();
      has_word = false;
      continue;
    }
    if (t.kind == SqlToken::Kind::word) {
      if (has_word && (t.is_keyword("BEGIN") || t.is_keyword("CASE")))
        ++depth;
      else if (t.is_keyword("END") && depth > 0)
        --depth;
      has_word = true;
    }
    statement.push_back(t);
  }
  if (!statement.empty()) out.push_back(std::move(statement));
  return out;
}

}  // namespace retort
