// Ops, revisions and schemas back to YAML text (used by `revision --autogenerate`, `merge`,
// `sql-schema`). The output is what the loaders read back to equal data: parse_op_list(
// render_ops(x)) == x, load_model of render_schema(s) == s, parse_revision of
// render_revision_file(r) == r (ids, parents, labels, message, created, transactional, ops).
// The layout follows docs/migration-files.md's examples: block lists of ops and columns, flow maps
// for short specs (`column: {name: priority, type: integer}`), literal blocks for multi-line SQL.
#pragma once

#include <string>
#include <vector>

#include "ops/op.hpp"
#include "ops/revision.hpp"
#include "ops/spec.hpp"
#include "yaml/emitter.hpp"

namespace retort {

// A type as written in a column spec: `integer`, `string(50)`, `numeric(10,2)`,
// `datetime(tz)`, `{enum: NAME, values: [...]}`, `{sql: …}` or `{postgresql: …, sqlite: …}`.
yaml::OutNode type_node(const Type& type);

// A column spec as a flow map; fields at their defaults are left out. `in_table_pk` says the
// column is in its table's table-level primary key. A primary-key column never gets a
// `nullable:` (it is NOT NULL when read back, whatever `nullable` said).
yaml::OutNode column_node(const ColumnSpec& column, bool in_table_pk = false);

// A table spec (the fields of create_table, and one item of the model's `tables:`).
yaml::OutNode table_node(const TableSpec& table);

// One op as a one-key map (`{add_column: {...}}`), with its `dialect` and `lint_allow`.
yaml::OutNode op_node(const Op& op);

// A YAML document that is a list of ops (what parse_op_list reads); `[]` when empty.
std::string render_ops(const std::vector<Op>& ops);

// A whole model document: `enums:` then `tables:` (blank lines between tables). Both keys are
// left out when empty; an empty schema is `tables: []`.
std::string render_schema(const Schema& schema);

// A whole migration file: `comments` as `# …` lines first, then revision, down_revision (null,
// "id" or a list), branch_labels and depends_on (when not empty), message, created (when set),
// transactional (only when false), upgrade, downgrade. Ids are always quoted.
std::string render_revision_file(const Revision& revision,
                                 const std::vector<std::string>& comments);

}  // namespace retort
