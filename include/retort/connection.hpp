// <retort/connection.hpp> — a connection to a SQLite or PostgreSQL database, as a `call` step
// (Migrator::register_call) and a Session see it, and the options for opening one
// (Project::connect). Implementations live in the library (SQLite through the sqlite3 C API,
// PostgreSQL through libpq, loaded on the first PostgreSQL connection).
//
// A Connection is used by one thread at a time. Statement failures throw Error(database) whose
// message carries the database's own message (and SQLSTATE on PostgreSQL); failures to reach the
// database throw Error(connection).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <retort/dialect.hpp>
#include <retort/error.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace retort {

// A bound parameter: NULL or a value sent as text (the database converts it).
struct Param {
  std::optional<std::string> text;
  // SQL NULL.
  static Param null() { return {}; }
  // The value `v`, sent as text.
  static Param of(std::string v) { return Param{std::move(v)}; }
};

// The outcome of one statement: rows as text (nullopt = SQL NULL) and the count of rows a
// DML statement changed (0 for other statements).
struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;
  int64_t affected = 0;

  // True when the statement returned no row.
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

// The seam between retort and a database.
class Connection {
 public:
  virtual ~Connection() = default;

  // The kind of database this connection talks to.
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

// How a connection is opened (Project::connect).
struct ConnectOptions {
  // SQLite: false opens an existing file read-only and treats a missing file as an empty
  // database, never creating one (read-only commands, --dry-run); true creates the file.
  bool create = false;
  // SQLite, with `create`: open read-write but refuse a missing file instead of creating it
  // (Error(connection)) — for an application's own queries after migrations ran elsewhere.
  bool must_exist = false;
  // PostgreSQL: keep retrying a connection failure for this long (--wait-for-db).
  std::chrono::milliseconds wait{0};
  // Hears about each retry (may be empty).
  std::function<void(int attempt, const Error& error, std::chrono::milliseconds next_wait)>
      on_retry{};
};

}  // namespace retort
