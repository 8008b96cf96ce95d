#include "sql/normalize.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "base/strings.hpp"
#include "sql/lexer.hpp"

namespace retort {

namespace {

bool is_simple_identifier(std::string_view s) {
  if (s.empty() || !(std::islower(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '_';
  });
}

// Words that may follow the first word of a PostgreSQL type name in a cast.
bool is_type_continuation(const SqlToken& t) {
  static constexpr std::string_view kWords[] = {"varying", "precision", "with",
                                                "without", "time",      "zone"};
  for (std::string_view w : kWords)
    if (t.is_keyword(w)) return true;
  return false;
}

// Keywords after which "(" keeps a space ("in (1, 2)", "and (a)"); after other names "(" is a
// call ("lower(x)").
bool keeps_space_before_paren(std::string_view word) {
  static constexpr std::string_view kWords[] = {
      "and",    "or",     "not",    "in",    "is",       "between", "like",   "glob",
      "regexp", "match",  "exists", "case",  "when",     "then",    "else",   "on",
      "as",     "select", "where",  "from",  "values",   "check",   "escape", "using",
      "any",    "all",    "some",   "array", "distinct", "by",      "over"};
  for (std::string_view w : kWords)
    if (word == w) return true;
  return false;
}

struct Piece {
  std::string text;
  bool name = false;   // a word or identifier
  bool punct = false;  // punctuation / operator
};

// Index of the ")" that closes the "(" at `open`, or pieces.size().
size_t closing(const std::vector<Piece>& pieces, size_t open) {
  int depth = 0;
  for (size_t i = open; i < pieces.size(); ++i) {
    if (pieces[i].punct && pieces[i].text == "(") ++depth;
    if (pieces[i].punct && pieces[i].text == ")" && --depth == 0) return i;
  }
  return pieces.size();
}

bool is_open(const Piece& p) {
  return p.punct && p.text == "(";
}

void remove_redundant_parens(std::vector<Piece>& pieces) {
  bool changed = true;
  while (changed) {
    changed = false;
    for (size_t i = 0; i < pieces.size(); ++i) {
      if (!is_open(pieces[i])) continue;
      size_t close = closing(pieces, i);
      if (close >= pieces.size()) continue;
      bool call =
          i > 0 && (pieces[i - 1].name || (pieces[i - 1].punct && pieces[i - 1].text == ")"));
      // "(x)" around a single value, not a call's or IN's argument list.
      bool single = close == i + 2 && !pieces[i + 1].punct && !call;
      // "((…))": the inner pair is redundant.
      bool doubled = i + 1 < close && is_open(pieces[i + 1]) && closing(pieces, i + 1) == close - 1;
      // The whole text.
      bool whole = i == 0 && close == pieces.size() - 1;
      if (single || whole) {
        pieces.erase(pieces.begin() + static_cast<long>(close));
        pieces.erase(pieces.begin() + static_cast<long>(i));
        changed = true;
        break;
      }
      if (doubled) {
        pieces.erase(pieces.begin() + static_cast<long>(close - 1));
        pieces.erase(pieces.begin() + static_cast<long>(i + 1));
        changed = true;
        break;
      }
    }
  }
}

std::string join(const std::vector<Piece>& pieces) {
  std::string out;
  for (size_t i = 0; i < pieces.size(); ++i) {
    const Piece& p = pieces[i];
    if (i > 0) {
      const Piece& prev = pieces[i - 1];
      bool space = true;
      if (prev.punct &&
          (prev.text == "(" || prev.text == "[" || prev.text == "." || prev.text == "::"))
        space = false;
      if (p.punct && (p.text == ")" || p.text == "]" || p.text == "," || p.text == "." ||
                      p.text == "::" || p.text == "["))
        space = false;
      if (p.punct && p.text == "(" && prev.name && !keeps_space_before_paren(prev.text))
        space = false;
      if (space) out += ' ';
    }
    out += p.text;
  }
  return out;
}

}  // namespace

std::string normalize_sql(std::string_view sql, Dialect dialect, bool keep_casts) {
  std::vector<SqlToken> tokens = tokenize_sql(sql, dialect == Dialect::sqlite);
  std::vector<Piece> pieces;
  pieces.reserve(tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    const SqlToken& t = tokens[i];
    if (!keep_casts && t.is("::")) {
      // Skip the cast's type: a name, more words of a multi-word name, (args), [] suffixes.
      size_t j = i + 1;
      if (j < tokens.size() && tokens[j].is_name()) ++j;
      while (j < tokens.size() && is_type_continuation(tokens[j])) ++j;
      if (j < tokens.size() && tokens[j].is("(")) {
        int depth = 0;
        for (; j < tokens.size(); ++j) {
          if (tokens[j].is("(")) ++depth;
          if (tokens[j].is(")") && --depth == 0) {
            ++j;
            break;
          }
        }
      }
      while (j + 1 < tokens.size() && tokens[j].is("[") && tokens[j + 1].is("]")) j += 2;
      i = j - 1;
      continue;
    }
    // PostgreSQL's names for the transaction's start time are one value: now() and
    // transaction_timestamp() are CURRENT_TIMESTAMP (docs/autogenerate.md, "How expressions
    // compare").
    if (dialect == Dialect::postgresql && t.kind == SqlToken::Kind::word &&
        (iequals(t.text, "now") || iequals(t.text, "transaction_timestamp")) &&
        i + 2 < tokens.size() && tokens[i + 1].is("(") && tokens[i + 2].is(")") &&
        !(i > 0 && tokens[i - 1].is("."))) {
      Piece p;
      p.text = "current_timestamp";
      p.name = true;
      pieces.push_back(std::move(p));
      i += 2;
      continue;
    }
    Piece p;
    switch (t.kind) {
      case SqlToken::Kind::word:
        p.text = lower(t.text);
        p.name = true;
        break;
      case SqlToken::Kind::quoted_identifier: {
        std::string name = t.identifier();
        if (dialect == Dialect::sqlite) name = lower(name);
        if (is_simple_identifier(name)) {
          p.text = name;
        } else {
          p.text = "\"";
          for (char c : name) p.text += c == '"' ? std::string("\"\"") : std::string(1, c);
          p.text += "\"";
        }
        p.name = true;
        break;
      }
      case SqlToken::Kind::punct:
        p.text = std::string(t.text);
        p.punct = true;
        break;
      default:
        p.text = std::string(t.text);
        break;
    }
    pieces.push_back(std::move(p));
  }
  remove_redundant_parens(pieces);
  return join(pieces);
}

}  // namespace retort
