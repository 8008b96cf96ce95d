// The version table (docs/commands.md, "The version and history tables"): exactly Alembic's
// `alembic_version`, one row per current head, so that a database Alembic migrated can be taken
// over by retort, and back.
#pragma once

#include <string>
#include <vector>

#include "db/connection.hpp"
#include "dialect/dialect.hpp"

namespace retort {

struct VersionRowChange;

class VersionTable {
 public:
  // `table` may be schema-qualified. The connection is borrowed and must outlive this object.
  VersionTable(Connection& conn, std::string table);

  // True when the table exists. Never creates anything.
  bool exists();
  // The current rows, sorted; empty when the table is absent (base). Never creates anything.
  std::vector<std::string> read();
  // As read(), for a table known to exist (one query instead of two).
  std::vector<std::string> read_rows();
  // Creates the table if absent (Alembic's DDL).
  void create();
  // Applies a step's row changes: deletes, then updates, then inserts. Throws Error(database).
  void apply(const VersionRowChange& change);
  // Replaces every row with `rows` (stamp --purge, tests).
  void replace(const std::vector<std::string>& rows);

  const std::string& name() const { return table_; }

 private:
  Connection& conn_;
  const SqlDialect& dialect_;
  std::string table_;
};

// Whether `table` (possibly schema-qualified; on PostgreSQL an unqualified name follows the
// search_path) exists. Read-only. Shared by the version and history tables.
bool table_exists(Connection& conn, const std::string& table);

// The placeholder for parameter `n` (1-based) in `d`: "?" on SQLite, "$n" on PostgreSQL.
std::string placeholder(Dialect d, int n);

}  // namespace retort
