// The differ's part for the objects beyond tables (docs/autogenerate.md, "Views, functions,
// triggers, sequences, extensions"): views, functions, triggers, sequences and extensions, for
// diff/schema_diff, which puts these ops around the table ops of the same plan.
//
// What is compared, after bringing both sides to one form for the dialect:
// - Views by name: the definition (normalize_sql: spacing, keyword case, quoting of plain names;
//   on PostgreSQL both sides are the server's pg_get_viewdef text when the model went through
//   schema/stored_form) and `materialized`.
// - Functions (PostgreSQL) by name and argument list: returns, language, volatility (VOLATILE is
//   the default) and body (leading and trailing white space aside).
// - Triggers by table and name: timing, events (as a set), UPDATE OF columns, FOR EACH ROW, WHEN
//   (normalize_sql), and the function on PostgreSQL, the body on SQLite.
// - Sequences (PostgreSQL) by name: their values after normalize_sequence (ops/canonical_spec).
// - Extensions (PostgreSQL) by name.
// Objects a dialect does not have (functions, sequences and extensions on SQLite, a view with no
// definition for the dialect, a trigger with no function on PostgreSQL or no body on SQLite) are
// left out on both sides.
//
// The plan (one direction; the other is planned the same way with the sides swapped):
// before the table ops: drop triggers, drop views (latest first), create extensions, create
// and alter sequences, drop and create functions whose result type changes, create and replace
// functions; after them: create views (in the model's order), create triggers, drop functions,
// drop sequences, drop extensions. A changed view is dropped and created again (CREATE OR
// REPLACE VIEW cannot drop, rename or retype a column), and so is every view that names it, a
// view that names a table losing or retyping a column or dropped (`touched_tables`), and every
// trigger on a table or view so touched. A changed function body, language or volatility is
// replace_function; a changed trigger is dropped and created again.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "base/dialect_name.hpp"
#include "diff/schema_diff.hpp"
#include "ops/op.hpp"
#include "ops/spec.hpp"

namespace retort {

struct ObjectPlan {
  std::vector<Op> before_tables;
  std::vector<Op> after_tables;
  std::vector<DiffFinding> findings;
  std::vector<std::string> notes;
};

// The ops that turn `from`'s objects into `to`'s (see the file comment). `*_compared` are the
// sides as compared (the model through schema/stored_form, say), `*_written` the same objects in
// the same order as their author wrote them, which the ops are made from. `touched_tables` names
// the tables of `from` that the table ops drop or whose columns they drop or retype. `keep_casts`
// as in normalize_sql (sql/normalize.hpp). Pure; never throws (except std::bad_alloc).
ObjectPlan plan_objects(const Schema& from_compared, const Schema& to_compared,
                        const Schema& to_written, const std::set<std::string>& touched_tables,
                        Dialect dialect, bool keep_casts);

}  // namespace retort
