// The current state of one table, read from the database, for ops that must rebuild it.
#pragma once

#include <optional>
#include <string>

#include "db/connection.hpp"
#include "ops/table_state.hpp"

namespace retort {

// Reflects `table` on `conn` (SQLite or PostgreSQL); nullopt when it does not exist.
std::optional<TableState> reflect_table_state(Connection& conn, const std::string& table);

}  // namespace retort
