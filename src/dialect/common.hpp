// A small SQL lexer and the identifier helpers built on it. Used by the SQLite renderer (renaming
// a column inside CHECK expressions, index predicates and trigger bodies), by SQLite reflection
// (parsing CREATE TABLE / CREATE INDEX text from sqlite_schema) and by schema normalisation.
// It understands SQLite's and PostgreSQL's lexical rules well enough for DDL: quotes, comments,
// numbers, parameters and operators. It never throws: unterminated quotes or comments run to
// the end of the text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace retort {

struct SqlToken {
  enum class Kind {
    word,               // keyword or bare identifier: [A-Za-z_][A-Za-z0-9_$]* (and UTF-8 bytes)
    quoted_identifier,  // "name", [name] or `name`
    string,             // 'text' (also E'..' / X'..' prefixes are separate words on purpose)
    number,             // 12, 1.5, .5e3, 0x1F
    parameter,          // ?, ?1, :name, @name, $1
    punct,              // ( ) , ; . and operators: || <= >= <> != == << >> :: -> ->> and singles
  };
  Kind kind = Kind::punct;
  std::string_view text;  // exactly as written; a view into the tokenized source
  size_t offset = 0;      // byte offset of `text` in the source

  // A word or quoted identifier's name: quotes removed and doubled quotes folded. Other kinds:
  // the text as written.
  std::string identifier() const;
  // True for a word equal to `keyword`, ignoring ASCII case.
  bool is_keyword(std::string_view keyword) const;
  // True for a punct token whose text is exactly `p`.
  bool is(std::string_view p) const { return kind == Kind::punct && text == p; }
  // True for a word or quoted identifier.
  bool is_name() const { return kind == Kind::word || kind == Kind::quoted_identifier; }
};

// The tokens of `sql`, whitespace and comments (-- and /* */) skipped. The tokens view into
// `sql`, which must outlive them. `bracket_quotes`: "[name]" is a quoted identifier (SQLite);
// pass false for PostgreSQL, where "[" is array syntax (a punct token).
std::vector<SqlToken> tokenize_sql(std::string_view sql, bool bracket_quotes = true);

// ASCII case-insensitive equality (SQL identifiers and keywords).
bool iequals(std::string_view a, std::string_view b);

// `text` trimmed of ASCII whitespace on both ends.
std::string_view trim_sql(std::string_view text);

// `expr` without parentheses that wrap all of it ("((a > 0))" -> "a > 0"), trimmed.
std::string_view strip_outer_parens(std::string_view expr);

// True when `sql` names the identifier `name` (as a bare word or a quoted identifier, ignoring
// ASCII case, as SQLite resolves names). String literals and comments do not count.
bool sql_mentions_identifier(std::string_view sql, std::string_view name);

// `sql` with every identifier token equal to `from` (ignoring ASCII case) replaced by
// `to_quoted` (the new name already quoted by the caller's dialect). Everything else is kept
// byte for byte. A name qualified by another name ("t.col") is renamed too; string literals are
// not touched.
std::string replace_identifier(std::string_view sql, std::string_view from,
                               std::string_view to_quoted);

// A plain SQL number literal: optional sign, digits with an optional fraction, an optional
// exponent ("12", "-0.5", "1e10"); nothing else, no surrounding spaces.
bool is_number_literal(std::string_view text);

}  // namespace retort
