// The order in which to create (or, reversed, drop) a set of tables that refer to one another
// with foreign keys: a table comes after every table of the set it references. Used by the
// differ (diff/schema_diff) for create_table and drop_table ops.
#pragma once

#include <cstddef>
#include <vector>

#include "ops/spec.hpp"

namespace retort {

// A foreign key that cannot be part of its table's CREATE TABLE, because the table it references
// is created later (the tables reference one another in a cycle): it is added afterwards with
// create_foreign_key (and, when dropping, dropped before the tables).
struct DeferredForeignKey {
  size_t table = 0;        // index into the input list
  size_t foreign_key = 0;  // index into that table's foreign_keys
};

struct TableOrder {
  std::vector<size_t> order;                 // indices into the input, in creation order
  std::vector<DeferredForeignKey> deferred;  // in creation order of their tables
};

// The creation order of `tables` (Kahn's algorithm, iterative: a chain of any length costs
// O(tables + foreign keys · log) time and no recursion). A dependency is a foreign key whose
// ref_table names another table of the set; self-references and references to tables outside
// the set impose nothing. Among tables that are ready, the one first in the input goes first, so
// the result is deterministic. When only tables in a cycle remain, the first of them in input
// order is created with its foreign keys to not-yet-created tables deferred. The pointers must
// be non-null and outlive the call. Never throws (except std::bad_alloc).
TableOrder creation_order(const std::vector<const TableSpec*>& tables);

}  // namespace retort
