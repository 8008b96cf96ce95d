// Whether SQL text parses in the dialect it will run on (docs/migration-files.md, "SQL syntax
// check"): PostgreSQL's own grammar (pg_parse.hpp) and SQLite's own parser (sqlite3_prepare_v2
// on an empty in-memory database, one per thread). SQLite's check is of syntax only: preparing
// against an empty database also reports unknown tables, columns and functions, which are not
// syntax errors and are not reported here.
#pragma once

#include <optional>
#include <string_view>

#include "base/dialect_name.hpp"
#include "sql/pg_parse.hpp"

namespace retort {

// What a text is: one or more statements (an `execute`, a guard's query), or an expression
// spliced into a statement (a CHECK, an index's `where`), checked as `SELECT (expression)`.
enum class SqlForm { statements, expression };

// The first syntax error of `sql` in dialect `d`, with its byte offset into `sql`; nullopt
// when it parses. Never throws; thread-safe.
std::optional<SqlSyntaxError> sql_syntax_error(Dialect d, std::string_view sql, SqlForm form);

// A byte offset of `sql` as a 1-based line and column (bytes), with the text of that line.
struct SqlPosition {
  int line = 1;
  int column = 1;
  std::string_view line_text;
};
SqlPosition sql_position(std::string_view sql, size_t offset);

}  // namespace retort
