// Reflection of whichever database a connection points at (SQLite or PostgreSQL).
#pragma once

#include <string>
#include <vector>

#include "db/connection.hpp"
#include "ops/spec.hpp"

namespace retort {

// Every table (and, on PostgreSQL, enum type) of the database's main / current schema, except
// `exclude_tables` (the version and history tables). Throws Error(database).
Schema reflect_schema(Connection& conn, const std::vector<std::string>& exclude_tables);

}  // namespace retort
