// What ops need of the server (dialect/server_requirements): NULLS NOT DISTINCT needs
// PostgreSQL 15; the runner refuses it on an older server with this message, naming the op.
#include "dialect/server_requirements.hpp"

#include <gtest/gtest.h>

#include "ops/load_revision.hpp"

namespace retort {
namespace {

Op op_of(const std::string& yaml) {
  return parse_op_list("ops.yaml", yaml).at(0);
}

TEST(ServerRequirements, NullsNotDistinctNeedsPostgresql15) {
  Op index = op_of(
      "- create_index: {name: ix, table: t, columns: [a], unique: true,"
      " nulls_not_distinct: true}\n");
  EXPECT_EQ(required_server_major(index, Dialect::postgresql), 15);
  EXPECT_EQ(required_server_major(index, Dialect::sqlite), 0);
  EXPECT_EQ(server_requirement_problem(index, Dialect::postgresql, "15.18"), "");
  EXPECT_EQ(server_requirement_problem(index, Dialect::postgresql, "16.2"), "");
  EXPECT_EQ(server_requirement_problem(index, Dialect::postgresql, "14.9"),
            "create_index with nulls_not_distinct needs PostgreSQL 15 or later (NULLS NOT "
            "DISTINCT), and the server is 14.9; upgrade the server, or enforce it another way (a "
            "partial unique index per NULL case, or a trigger)");
  Op unique =
      op_of("- create_unique_constraint: {table: t, columns: [a], nulls_not_distinct: true}\n");
  EXPECT_EQ(required_server_major(unique, Dialect::postgresql), 15);
  Op table = op_of(
      "- create_table: {table: t, columns: [{name: a, type: integer}],"
      " unique: [{columns: [a], nulls_not_distinct: true}]}\n");
  EXPECT_NE(server_requirement_problem(table, Dialect::postgresql, "13.1"), "");
  Op plain = op_of("- create_index: {name: ix, table: t, columns: [a], unique: true}\n");
  EXPECT_EQ(required_server_major(plain, Dialect::postgresql), 0);
  EXPECT_EQ(server_requirement_problem(plain, Dialect::postgresql, "9.6.24"), "");
}

}  // namespace
}  // namespace retort
