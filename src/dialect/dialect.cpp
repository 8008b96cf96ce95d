#include "dialect/dialect.hpp"

#include "dialect/postgresql_dialect.hpp"
#include "dialect/sqlite_dialect.hpp"

namespace retort {

bool SqlDialect::any_needs_table_state(const std::vector<Op>& ops) const {
  for (const Op& op : ops)
    if (op.runs_on(name()) && needs_table_state(op)) return true;
  return false;
}

const SqlDialect& dialect_for(Dialect d) {
  return d == Dialect::sqlite ? sqlite_dialect() : postgresql_dialect();
}

}  // namespace retort
