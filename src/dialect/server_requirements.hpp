// What an op needs of the database server beyond the dialect (docs/migration-files.md): today,
// PostgreSQL 15 for NULLS NOT DISTINCT. The runner asks before it runs an op, so that an older
// server gives a clear error naming the op instead of the server's syntax error.
#pragma once

#include <string>
#include <string_view>

#include "base/dialect_name.hpp"
#include "ops/op.hpp"

namespace retort {

// The lowest server major version `op` needs on `dialect` (15 for an index or unique constraint
// with nulls_not_distinct on PostgreSQL), or 0 when any version will do.
int required_server_major(const Op& op, Dialect dialect);

// Why `op` cannot run on a server of version `server_version` ("14.9", "15.18"), or "" when it
// can: "nulls_not_distinct needs PostgreSQL 15 or later, and the server is 14.9".
std::string server_requirement_problem(const Op& op, Dialect dialect,
                                       std::string_view server_version);

}  // namespace retort
