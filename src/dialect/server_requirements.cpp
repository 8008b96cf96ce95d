#include "dialect/server_requirements.hpp"

#include <cstdlib>

#include "base/overloaded.hpp"

namespace retort {

namespace {

bool any_nulls_not_distinct(const TableSpec& t) {
  for (const UniqueSpec& u : t.unique)
    if (u.nulls_not_distinct) return true;
  for (const IndexSpec& ix : t.indexes)
    if (ix.nulls_not_distinct) return true;
  return false;
}

bool uses_nulls_not_distinct(const OpBody& body) {
  return std::visit(Overloaded{
                        [](const CreateTable& o) { return any_nulls_not_distinct(o.table); },
                        [](const CreateIndex& o) { return o.index.nulls_not_distinct; },
                        [](const CreateUniqueConstraint& o) { return o.unique.nulls_not_distinct; },
                        [](const auto&) { return false; },
                    },
                    body);
}

}  // namespace

int required_server_major(const Op& op, Dialect dialect) {
  if (dialect == Dialect::postgresql && uses_nulls_not_distinct(op.body)) return 15;
  return 0;
}

std::string server_requirement_problem(const Op& op, Dialect dialect,
                                       std::string_view server_version) {
  int needed = required_server_major(op, dialect);
  if (needed == 0) return "";
  int major = std::atoi(std::string(server_version).c_str());
  if (major >= needed) return "";
  return std::string(op_name(op.body)) + " with nulls_not_distinct needs PostgreSQL " +
         std::to_string(needed) + " or later (NULLS NOT DISTINCT), and the server is " +
         std::string(server_version) +
         "; upgrade the server, or enforce it another way (a partial unique index per NULL "
         "case, or a trigger)";
}

}  // namespace retort
