// The narrow seam between retort and a database (STYLE habit 3). Real implementations:
// SqliteConnection (db/sqlite_connection), PgConnection (db/pg_connection). Tests wrap them in
// FaultyConnection (tests/support/faulty_connection) to make a chosen statement fail.
//
// A Connection is used by one thread at a time. Statement failures throw
// Error(ErrorKind::database) whose message carries the database's own message (and SQLSTATE on
// PostgreSQL); failures to reach the database throw Error(ErrorKind::connection).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/dialect_name.hpp"

namespace retort {

// A bound parameter: NULL or a value sent as text (the database converts it).
struct Param {
  std::optional<std::string> text;
  static Param null() { return {}; }
  static Param of(std::string v) { return Param{std::move(v)}; }
};

// The outcome of one statement: rows as text (nullopt = SQL NULL) and the count of rows a
// DML statement changed (0 for other statements).
struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;
  int64_t affected = 0;

  bool empty() const { return rows.empty(); }
  // The first column of the first row, or nullopt when there is no row or it is NULL.
  std::optional<std::string> scalar() const {
    if (rows.empty() || rows[0].empty()) return std::nullopt;
    return rows[0][0];
  }
};

// One statement of a batch (Connection::query_batch).
struct Statement {
  std::string sql;
  std::vector<Param> params;
};

class Connection {
 public:
  virtual ~Connection() = default;

  virtual Dialect dialect() const = 0;

  // Runs one statement, with `$1`-style (PostgreSQL) or `?` (SQLite) placeholders bound to
  // `params`. Throws Error(database) on failure.
  virtual QueryResult query(std::string_view sql, const std::vector<Param>& params = {}) = 0;

  // Runs the statements in order, like query() each, but in one round trip where the database
  // allows it (PostgreSQL's pipeline mode). Stops at the first statement that fails and throws
  // its error; the statements after it do not run. Returns one result per statement.
  virtual std::vector<QueryResult> query_batch(const std::vector<Statement>& statements) {
    std::vector<QueryResult> out;
    out.reserve(statements.size());
    for (const Statement& s : statements) out.push_back(query(s.sql, s.params));
    return out;
  }

  // Runs a script of one or more statements without parameters (DDL, `execute` ops).
  // Returns the number of rows the last statement changed.
  virtual int64_t execute(std::string_view sql) = 0;

  // The server's version, e.g. "3.40.1" or "15.18".
  virtual std::string server_version() = 0;

  // Where this connection points, safe to print: a PostgreSQL password is shown as "***".
  virtual std::string describe() const = 0;

  // True when a transaction is open on this connection.
  virtual bool in_transaction() = 0;
};

}  // namespace retort
