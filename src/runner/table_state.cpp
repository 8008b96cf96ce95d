#include "runner/table_state.hpp"

#include "schema/pg_reflect.hpp"
#include "schema/sqlite_reflect.hpp"

namespace retort {

std::optional<TableState> reflect_table_state(Connection& conn, const std::string& table) {
  if (conn.dialect() == Dialect::sqlite) return reflect_sqlite_table(conn, table);
  return reflect_postgresql_table(conn, table);
}

}  // namespace retort
