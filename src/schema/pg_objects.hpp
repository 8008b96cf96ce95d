// PostgreSQL reflection of the objects beyond tables (docs/autogenerate.md, "Views, functions,
// triggers, sequences, extensions"): views and materialized views, functions, triggers,
// sequences and extensions, in the model's vocabulary (ops/spec.hpp), read with one catalog
// query per kind whatever their number.
//
// The reflected form:
// - Objects owned by an extension (pg_depend deptype 'e') are left out: they are the
//   extension's, created by create_extension. So is the `plpgsql` extension every database has.
// - Views: the definition as pg_get_viewdef() prints it, leading white space and the final `;`
//   removed; in an order they can be created in (a view after the views it reads; by name
//   otherwise).
// - Functions (plain functions, prokind 'f'): arguments as pg_get_function_arguments(), returns
//   as pg_get_function_result(), the language's name, volatility "" for VOLATILE (the default)
//   else "stable" / "immutable", the body as stored (prosrc). By name, then argument types. Not
//   read: SECURITY DEFINER, STRICT, SET, COST, ROWS, PARALLEL, SQL-standard bodies (BEGIN
//   ATOMIC).
// - Triggers (not internal ones): timing, events (insert, update, delete, truncate in that
//   order), UPDATE OF columns, FOR EACH ROW, WHEN as pg_get_triggerdef() prints it (its outer
//   parentheses removed), the function (bare when in the reflected schema). Trigger arguments
//   are not read. By table, then name.
// - Sequences that no column owns (SERIAL and identity sequences belong to their column): each
//   value that is PostgreSQL's default for the sequence's type and direction is nullopt, the
//   type "" for bigint.
// - Extensions: name, and the schema when it is not the reflected one.
// - Names are bare for objects of the reflected schema, "schema.name" otherwise.
#pragma once

#include <string>

#include "db/connection.hpp"
#include "ops/spec.hpp"

namespace retort {

// Fills out.views, out.functions, out.triggers, out.sequences and out.extensions from `schema`
// (five catalog queries). Throws Error(database) when a query fails.
void reflect_postgresql_objects(Connection& conn, const std::string& schema, Schema& out);

}  // namespace retort
