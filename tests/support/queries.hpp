// One value from the database, for assertions.
#pragma once

#include <string>
#include <vector>

#include "db/connection.hpp"

namespace retort::testing {

// The first column of the first row of `sql`, "<NULL>" for a NULL or no row.
inline std::string scalar(Connection& conn, const std::string& sql,
                          const std::vector<Param>& params = {}) {
  return conn.query(sql, params).scalar().value_or("<NULL>");
}

}  // namespace retort::testing
