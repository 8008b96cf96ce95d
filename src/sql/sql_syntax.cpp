#include "sql/sql_syntax.hpp"

#include <sqlite3.h>

#include <memory>
#include <string>

#include "sql/statements.hpp"

namespace retort {

namespace {

// An expression is checked as the only item of a SELECT; the newline ends a `--` comment.
constexpr std::string_view kExpressionPrefix = "SELECT (";
constexpr std::string_view kExpressionSuffix = "\n)";

// This thread's empty in-memory SQLite database (a statement is prepared, never run).
sqlite3* scratch_sqlite() {
  struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
  };
  thread_local std::unique_ptr<sqlite3, Closer> db = [] {
    sqlite3* handle = nullptr;
    if (sqlite3_open_v2(":memory:", &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, nullptr) !=
        SQLITE_OK) {
      sqlite3_close(handle);
      handle = nullptr;
    }
    return std::unique_ptr<sqlite3, Closer>(handle);
  }();
  return db.get();
}

// Whether SQLite's message is about the text's syntax, not about the (empty) schema.
bool sqlite_syntax_message(std::string_view message) {
  return message.find("syntax error") != std::string_view::npos || message == "incomplete input" ||
         message.rfind("unrecognized token", 0) == 0;
}

// SQLite's first syntax error in `sql`, statement by statement (split as the runner's
// statements are, so that an unknown table in one does not hide a syntax error in the next).
std::optional<SqlSyntaxError> sqlite_syntax_error(std::string_view sql) {
  sqlite3* db = scratch_sqlite();
  if (db == nullptr) return std::nullopt;
  for (const std::vector<SqlToken>& statement : split_statements(sql)) {
    const size_t begin = statement.front().offset;
    const size_t end = statement.back().offset + statement.back().text.size();
    sqlite3_stmt* stmt = nullptr;
    int rc =
        sqlite3_prepare_v2(db, sql.data() + begin, static_cast<int>(end - begin), &stmt, nullptr);
    sqlite3_finalize(stmt);
    if (rc == SQLITE_OK) continue;
    std::string message = sqlite3_errmsg(db);
    if (!sqlite_syntax_message(message)) continue;
    int at = sqlite3_error_offset(db);
    return SqlSyntaxError{message, at >= 0 ? begin + static_cast<size_t>(at) : begin};
  }
  return std::nullopt;
}

}  // namespace

std::optional<SqlSyntaxError> sql_syntax_error(Dialect d, std::string_view sql, SqlForm form) {
  std::string wrapped;
  std::string_view text = sql;
  if (form == SqlForm::expression) {
    wrapped.append(kExpressionPrefix).append(sql).append(kExpressionSuffix);
    text = wrapped;
  }
  std::optional<SqlSyntaxError> error =
      d == Dialect::postgresql ? pg_parse(text).error : sqlite_syntax_error(text);
  if (error && form == SqlForm::expression) {
    // Back to an offset in the expression as written.
    size_t at =
        error->offset > kExpressionPrefix.size() ? error->offset - kExpressionPrefix.size() : 0;
    error->offset = std::min(at, sql.size());
  }
  return error;
}

SqlPosition sql_position(std::string_view sql, size_t offset) {
  SqlPosition p;
  offset = std::min(offset, sql.size());
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i)
    if (sql[i] == '\n') {
      ++p.line;
      line_start = i + 1;
    }
  p.column = static_cast<int>(offset - line_start) + 1;
  size_t line_end = sql.find('\n', line_start);
  p.line_text = sql.substr(line_start, line_end == std::string_view::npos ? std::string_view::npos
                                                                          : line_end - line_start);
  if (!p.line_text.empty() && p.line_text.back() == '\r') p.line_text.remove_suffix(1);
  return p;
}

}  // namespace retort
