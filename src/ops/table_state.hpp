// What a table looks like right now, for ops that must rebuild it (SQLite cannot ALTER a column's
// type, nullability or default, nor add or drop constraints): plain data that reflection
// (schema/) produces, the runner and offline scripts look up, and the SQLite renderer
// (dialect/) consumes through RenderContext::lookup_table.
#pragma once

#include <string>
#include <vector>

#include "ops/spec.hpp"

namespace retort {

// `spec` is the reflected (or, in offline mode, simulated) table; `trigger_sql` the CREATE
// TRIGGER statements to recreate.
struct TableState {
  TableSpec spec;
  std::vector<std::string> trigger_sql;
};

}  // namespace retort
