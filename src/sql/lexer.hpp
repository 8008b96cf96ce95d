// A small SQL lexer: SQLite's and PostgreSQL's lexical rules well enough for DDL and SQL
// fragments (quotes, comments, numbers, parameters, operators). It never throws: unterminated
// quotes or comments run to the end of the text. Every module that reads SQL text does it with
// this lexer: the loader (SQL fragments in migration files), the dialects (renaming), reflection,
// the differ's normalisation and the connections (statements in messages).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace retort {

struct SqlToken {
  enum class Kind {
    word,               // keyword or bare identifier: [A-Za-z_][A-Za-z0-9_$]* (and UTF-8 bytes)
    quoted_identifier,  // "name", [name] or `name`
    string,             // 'text' (E'..' / X'..' prefixes are separate words on purpose, but see
                        // SqlLexRules::postgresql_strings: E'..' and $tag$..$tag$)
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

// Where SQLite's and PostgreSQL's lexical rules differ, the ones tokenize_sql follows.
struct SqlLexRules {
  // "[name]" is a quoted identifier (SQLite); false: "[" is array syntax (a punct token), as in
  // PostgreSQL.
  bool bracket_quotes = true;
  // PostgreSQL's strings and comments: $tag$…$tag$ (dollar quoting; a `$1` parameter is not one)
  // and E'…' (backslash escapes, the E included in the token) are string tokens, and /* */
  // comments nest.
  bool postgresql_strings = false;
};

// The tokens of `sql`, whitespace and comments (-- and /* */) skipped. The tokens view into
// `sql`, which must outlive them.
std::vector<SqlToken> tokenize_sql(std::string_view sql, const SqlLexRules& rules);
// The same with `bracket_quotes` and without PostgreSQL's strings: pass false for PostgreSQL
// text, where "[" is array syntax.
std::vector<SqlToken> tokenize_sql(std::string_view sql, bool bracket_quotes = true);

// ASCII case-insensitive equality (SQL identifiers and keywords).
bool iequals(std::string_view a, std::string_view b);

// The first `;` of `sql` outside quotes, identifiers and comments (a statement terminator), or
// npos when there is none.
size_t top_level_semicolon(std::string_view sql);

// A plain SQL number literal: optional sign, digits with an optional fraction, an optional
// exponent ("12", "-0.5", "1e10"); nothing else, no surrounding spaces.
bool is_number_literal(std::string_view text);

// `sql` on one line for an error message: runs of white space folded to one space, cut after
// `max_chars` characters with "..." appended.
std::string shorten_sql(std::string_view sql, size_t max_chars = 300);

}  // namespace retort
