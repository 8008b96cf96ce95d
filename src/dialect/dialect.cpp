#include "dialect/dialect.hpp"

#include "dialect/postgresql_dialect.hpp"
#include "dialect/sqlite_dialect.hpp"

namespace retort {

const SqlDialect& dialect_for(Dialect d) {
  return d == Dialect::sqlite ? sqlite_dialect() : postgresql_dialect();
}

}  // namespace retort
