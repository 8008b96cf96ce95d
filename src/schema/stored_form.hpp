// The model as the database stores it, for comparing the model with a reflected database
// (`check`, `revision --autogenerate`; docs/autogenerate.md, "How expressions compare").
//
// PostgreSQL does not keep the text of an expression: it resolves its names, types and operators
// and prints its own form back (pg_get_expr). `amount::integer > 0` is `amount > 0` on an integer
// column and not on a numeric one; `s SIMILAR TO 'a%'` comes back as
// `s ~ similar_to_escape('a%'::text)`, a `'2020-01-01'::timestamptz` constant as
// `'2020-01-01 00:00:00+00'::timestamp with time zone`. Only the server knows all of its rewrites,
// so the model's expressions are put through it: the model's enum types and tables are created as
// temporary objects in a transaction that is always rolled back, read back with
// reflect_postgresql (the very queries that reflect the database), and the server's texts are
// copied into a copy of the model. Both sides of the comparison are then the server's text.
//
// SQLite stores the text of an expression as written: the model is its own stored form.
#pragma once

#include "db/connection.hpp"
#include "ops/spec.hpp"

namespace retort {

// A copy of `model` whose SQL expressions are in the form `conn`'s database stores them. Same
// tables, columns, checks and indexes as `model`, in the same order (a differ pairs them by
// position); for PostgreSQL, in every table with a bare name (a schema-qualified table is copied
// unchanged), each check with PostgreSQL text, each index's key expressions and predicate, and
// each column's server default are replaced by what reflect_postgresql reads back from the same
// definition (checks as `common` text; a column that became SERIAL has no default). Foreign keys
// and comments are not created (they hold no expression). The model's views (a materialized one
// as a plain temporary view), functions (under names of their own) and triggers with a WHEN (on
// their temporary table, running a stub) are created as temporary objects too, with
// check_function_bodies off, and their stored texts copied: a view's pg_get_viewdef, a function's
// arguments and result type as the server prints them, a trigger's WHEN; schema-qualified ones
// are copied unchanged. The model's extensions are created first (IF NOT EXISTS: an index may use
// an operator class of one) and its sequences as temporary ones (a default may call nextval()).
// On SQLite `model` is returned as is.
//
// Nothing is left on the server: the objects are temporary (the session's pg_temp schema) and
// created in a transaction — or, when `conn` is already in one, a savepoint — that is rolled back
// whatever happens. Throws Error(input) at the object's place in the model (table, enum, view, …)
// when the server rejects its definition, with the server's message; Error(database) when the
// server cannot create temporary objects at all (a read-only standby, no TEMPORARY privilege) or
// reading back fails.
Schema model_as_stored(Connection& conn, const Schema& model);

}  // namespace retort
