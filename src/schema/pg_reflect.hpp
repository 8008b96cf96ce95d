// PostgreSQL reflection: what a database schema holds, in the model's vocabulary (ops/spec.hpp),
// for autogenerate, check, `test` and `sql-schema` (docs/autogenerate.md).
//
// A whole schema is read with five catalog queries (tables, columns, constraints, index keys,
// enums) whatever the number of tables, never a query per table, and five more for the views,
// functions, triggers, sequences and extensions (schema/pg_objects.hpp, which describes their
// reflected form). Tables an extension owns are left out.
//
// The reflected form (what a differ compares against):
// - Table names are bare for tables of the reflected schema; a foreign key to a table of another
//   schema names it "schema.table"; so does an enum type of another schema.
// - Types are portable where one fits (int4 → integer, varchar(50) → string(50), timestamptz →
//   datetime(tz), numeric(10,2), jsonb, uuid, bytea → binary, user enums → {enum, values});
//   anything else (arrays, inet, timestamp(3), domains, …) is Type::Kind::custom holding the
//   server's format_type() text as its common SQL.
// - An integer column whose default is nextval() of a sequence it owns (SERIAL) is
//   `autoincrement` with no server default. An identity column has `identity` (ALWAYS or BY
//   DEFAULT, its sequence's start and increment when not 1; normalize_identity), no
//   `autoincrement` and no default. A generated column has `generated` (the expression as
//   pg_get_expr prints it, `stored`) and no default.
// - Server defaults: `true`/`false` → boolean; a number, or a quoted number cast to a numeric
//   type ('-1'::integer) → number; a single literal with casts loses them ('x'::character varying
//   → 'x', '{}'::jsonb → '{}'); `NULL` (with or without a cast) → no default; anything else is SQL
//   text as the server prints it (now(), CURRENT_TIMESTAMP, …).
// - The primary key is given both ways: TableSpec::primary_key (with the constraint's name) and
//   ColumnSpec::primary_key on its columns. Unique constraints are always TableSpec::unique
//   entries (never ColumnSpec::unique), with their names.
// - Foreign keys: actions "CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT", or "" for NO ACTION;
//   `not_valid` is true for a constraint not yet validated (pg_constraint.convalidated).
// - Checks: the expression as pg_get_expr(…, pretty) prints it, e.g. `rate >= 0::numeric`;
//   `not_valid` as for foreign keys.
// - Unique constraints and indexes: INCLUDE columns and NULLS NOT DISTINCT (on PostgreSQL 15+;
//   always false before).
// - Indexes: only those that back no constraint; `using_` is "" for btree; key columns that are
//   plain columns are names, the rest expressions as the server prints them (lower(email::text));
//   `where` as the server prints it; each key column's sort order and NULLs placement
//   (indoption) and its operator class when not the type's default. Collations are not
//   reflected.
// - Constraints and indexes are listed by name; columns in table order; tables by name (byte
//   order, whatever the database's collation).
// - Not reflected: partitions (their parent is), exclusion constraints.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/connection.hpp"
#include "ops/spec.hpp"
#include "ops/table_state.hpp"

namespace retort {

// Every table (ordinary and partitioned, not partitions), with its columns, keys, constraints,
// indexes and comments, every enum type, view, function, trigger and sequence of `schema`, and
// the database's extensions (reflect_postgresql_objects), except the tables named in
// `exclude_tables` (the version and history tables). Throws Error(database) when a catalog query
// fails.
Schema reflect_postgresql(Connection& conn, const std::string& schema = "public",
                          const std::vector<std::string>& exclude_tables = {});

// One table ("table", or "schema.table"; a bare name is looked up in `default_schema`), plus the
// CREATE TRIGGER statements of its user triggers; nullopt when there is no such table. Same
// queries as reflect_postgresql, filtered to the table.
std::optional<TableState> reflect_postgresql_table(Connection& conn, const std::string& table,
                                                   const std::string& default_schema = "public");

// A server default as reflection reports it (see above), from pg_get_expr() text; nullopt for no
// default. Exposed so a differ can bring model defaults to the same form.
std::optional<DefaultValue> normalize_pg_default(std::string_view expression);

// `'x'::character varying` → `'x'`: a single string literal followed only by casts loses the
// casts; any other text is returned unchanged.
std::string strip_pg_literal_casts(std::string_view expression);

}  // namespace retort
