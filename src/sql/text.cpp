#include "sql/text.hpp"

#include <cctype>

namespace retort {

std::string_view trim_sql(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

std::string_view strip_outer_parens(std::string_view expr) {
  expr = trim_sql(expr);
  for (;;) {
    std::vector<SqlToken> tokens = tokenize_sql(expr);
    if (tokens.size() < 2 || !tokens.front().is("(") || !tokens.back().is(")")) return expr;
    // The first "(" must close at the very last token, not earlier ("(a) + (b)").
    int depth = 0;
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (tokens[i].is("(")) ++depth;
      if (tokens[i].is(")")) {
        --depth;
        if (depth == 0 && i + 1 != tokens.size()) return expr;
      }
    }
    expr = trim_sql(
        expr.substr(tokens.front().offset + 1, tokens.back().offset - tokens.front().offset - 1));
  }
}

bool sql_mentions_identifier(std::string_view sql, std::string_view name) {
  for (const SqlToken& t : tokenize_sql(sql))
    if (t.is_name() && iequals(t.identifier(), name)) return true;
  return false;
}

std::string replace_identifier(std::string_view sql, std::string_view from,
                               std::string_view to_quoted) {
  std::string out;
  out.reserve(sql.size() + 16);
  size_t copied = 0;
  for (const SqlToken& t : tokenize_sql(sql)) {
    if (!t.is_name() || !iequals(t.identifier(), from)) continue;
    out.append(sql.substr(copied, t.offset - copied));
    out.append(to_quoted);
    copied = t.offset + t.text.size();
  }
  out.append(sql.substr(copied));
  return out;
}

std::string dollar_tag(std::string_view base, std::string_view text) {
  for (int n = 0;; ++n) {
    std::string tag = "$" + std::string(base) + (n ? "_" + std::to_string(n) : "") + "$";
    if (text.find(tag) == std::string_view::npos) return tag;
  }
}

}  // namespace retort
