#include "schema/reflect.hpp"

#include "schema/pg_reflect.hpp"
#include "schema/sqlite_reflect.hpp"

namespace retort {

Schema reflect_schema(Connection& conn, const std::vector<std::string>& exclude_tables) {
  if (conn.dialect() == Dialect::sqlite) {
    SqliteReflectOptions o;
    o.exclude_tables = exclude_tables;
    return reflect_sqlite(conn, o);
  }
  auto schema = conn.query("SELECT current_schema()").scalar();
  return reflect_postgresql(conn, schema.value_or("public"), exclude_tables);
}

}  // namespace retort
