#include "sql/lexer.hpp"

#include <cctype>

namespace retort {

namespace {

bool is_word_start(unsigned char c) {
  return std::isalpha(c) || c == '_' || c >= 0x80;
}
bool is_word_char(unsigned char c) {
  return std::isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

// End (exclusive) of a quoted run that starts at `start` with `open` and ends at `close`; a
// doubled closing quote inside is part of the text (SQL's escape), except for [...]; with
// `backslash_escapes` (E'…') a backslash escapes the next character too.
size_t end_of_quoted(std::string_view s, size_t start, char close, bool doubled_escapes,
                     bool backslash_escapes = false) {
  size_t i = start + 1;
  while (i < s.size()) {
    if (backslash_escapes && s[i] == '\\') {
      i += 2;
      continue;
    }
    if (s[i] == close) {
      if (doubled_escapes && i + 1 < s.size() && s[i + 1] == close) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    ++i;
  }
  return s.size();
}

// End (exclusive) of the dollar-quoted string that starts at `i` ($$…$$ or $tag$…$tag$, the tag
// not starting with a digit), or npos when `i` does not start one.
size_t end_of_dollar_quoted(std::string_view s, size_t i) {
  size_t j = i + 1;
  while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
  if (j >= s.size() || s[j] != '$') return std::string_view::npos;
  if (j > i + 1 && std::isdigit(static_cast<unsigned char>(s[i + 1])))
    return std::string_view::npos;
  std::string_view tag = s.substr(i, j - i + 1);
  size_t close = s.find(tag, j + 1);
  return close == std::string_view::npos ? s.size() : close + tag.size();
}

// End (exclusive) of the /* comment that starts at `i`; nested ones when `nested`.
size_t end_of_block_comment(std::string_view s, size_t i, bool nested) {
  if (!nested) {
    size_t end = s.find("*/", i + 2);
    return end == std::string_view::npos ? s.size() : end + 2;
  }
  int depth = 1;
  i += 2;
  while (i < s.size() && depth > 0) {
    if (s[i] == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      ++depth;
      i += 2;
    } else if (s[i] == '*' && i + 1 < s.size() && s[i + 1] == '/') {
      --depth;
      i += 2;
    } else {
      ++i;
    }
  }
  return i;
}

size_t end_of_number(std::string_view s, size_t i) {
  if (s[i] == '0' && i + 1 < s.size() && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
    i += 2;
    while (i < s.size() && std::isxdigit(static_cast<unsigned char>(s[i]))) ++i;
    return i;
  }
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    if (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) {
      i = j;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    }
  }
  return i;
}

}  // namespace

std::string SqlToken::identifier() const {
  if (kind != Kind::quoted_identifier) return std::string(text);
  if (text.size() < 2) return std::string(text);
  char close = text.front() == '[' ? ']' : text.front();
  std::string_view inner = text.substr(1, text.size() - 2);
  if (text.back() != close) inner = text.substr(1);  // unterminated: keep what is there
  std::string out;
  out.reserve(inner.size());
  for (size_t i = 0; i < inner.size(); ++i) {
    out += inner[i];
    if (close != ']' && inner[i] == close && i + 1 < inner.size() && inner[i + 1] == close) ++i;
  }
  return out;
}

bool SqlToken::is_keyword(std::string_view keyword) const {
  return kind == Kind::word && iequals(text, keyword);
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

std::vector<SqlToken> tokenize_sql(std::string_view sql, bool bracket_quotes) {
  return tokenize_sql(sql, SqlLexRules{bracket_quotes, false});
}

std::vector<SqlToken> tokenize_sql(std::string_view s, const SqlLexRules& rules) {
  const bool pg = rules.postgresql_strings;
  std::vector<SqlToken> out;
  size_t i = 0;
  auto push = [&](SqlToken::Kind kind, size_t start, size_t end) {
    out.push_back(SqlToken{kind, s.substr(start, end - start), start});
    i = end;
  };
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (std::isspace(c)) {
      ++i;
      continue;
    }
    if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
      size_t nl = s.find('\n', i);
      i = nl == std::string_view::npos ? s.size() : nl + 1;
      continue;
    }
    if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      i = end_of_block_comment(s, i, pg);
      continue;
    }
    if (pg && (c == 'E' || c == 'e') && i + 1 < s.size() && s[i + 1] == '\'') {
      push(SqlToken::Kind::string, i, end_of_quoted(s, i + 1, '\'', true, true));
      continue;
    }
    if (pg && c == '$') {
      if (size_t end = end_of_dollar_quoted(s, i); end != std::string_view::npos) {
        push(SqlToken::Kind::string, i, end);
        continue;
      }
    }
    if (c == '\'') {
      push(SqlToken::Kind::string, i, end_of_quoted(s, i, '\'', true));
      continue;
    }
    if (c == '"' || c == '`') {
      push(SqlToken::Kind::quoted_identifier, i, end_of_quoted(s, i, static_cast<char>(c), true));
      continue;
    }
    if (c == '[' && rules.bracket_quotes) {
      push(SqlToken::Kind::quoted_identifier, i, end_of_quoted(s, i, ']', false));
      continue;
    }
    if (std::isdigit(c) ||
        (c == '.' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      push(SqlToken::Kind::number, i, end_of_number(s, i));
      continue;
    }
    if (is_word_start(c)) {
      size_t j = i + 1;
      while (j < s.size() && is_word_char(static_cast<unsigned char>(s[j]))) ++j;
      push(SqlToken::Kind::word, i, j);
      continue;
    }
    if (c == '?' || c == '$' || c == '@' ||
        (c == ':' && i + 1 < s.size() && s[i + 1] != ':' && s[i + 1] != '=')) {
      size_t j = i + 1;
      while (j < s.size() && is_word_char(static_cast<unsigned char>(s[j]))) ++j;
      push(SqlToken::Kind::parameter, i, j);
      continue;
    }
    static constexpr std::string_view kThree[] = {"->>"};
    static constexpr std::string_view kTwo[] = {
        "||", "<=", ">=", "<>", "!=", "==", "<<", ">>", "::", "->"};
    size_t len = 1;
    for (std::string_view op : kThree)
      if (s.substr(i, 3) == op) len = 3;
    if (len == 1)
      for (std::string_view op : kTwo)
        if (s.substr(i, 2) == op) len = 2;
    push(SqlToken::Kind::punct, i, i + len);
  }
  return out;
}

size_t top_level_semicolon(std::string_view sql) {
  for (const SqlToken& t : tokenize_sql(sql, false))
    if (t.is(";")) return t.offset;
  return std::string_view::npos;
}

bool is_number_literal(std::string_view s) {
  size_t i = 0;
  auto digits_from = [&](size_t& count) {
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++count;
  };
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  size_t digits = 0;
  digits_from(digits);
  if (i < s.size() && s[i] == '.') {
    ++i;
    digits_from(digits);
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    size_t exponent = 0;
    digits_from(exponent);
    if (exponent == 0) return false;
  }
  return i == s.size();
}

std::string shorten_sql(std::string_view sql, size_t max_chars) {
  std::string out;
  bool space = false;
  for (char c : sql) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
    if (out.size() >= max_chars) {
      out += "...";
      break;
    }
  }
  return out;
}

}  // namespace retort
