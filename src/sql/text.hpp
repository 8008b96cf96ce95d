// Identifier and expression helpers built on the SQL lexer (sql/lexer.hpp). Used by the SQLite
// renderer (renaming a column inside CHECK expressions, index predicates and trigger bodies) and
// by SQLite reflection (parsing CREATE TABLE / CREATE INDEX text from sqlite_schema).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sql/lexer.hpp"

namespace retort {

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

// A PostgreSQL dollar-quoting tag ("$base$", "$base_1$", …) that does not occur in `text`, so
// that `text` can be quoted with it whatever it holds.
std::string dollar_tag(std::string_view base, std::string_view text);

}  // namespace retort
