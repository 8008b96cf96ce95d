// SQLite reflection: what a database holds, in the model's vocabulary (ops/spec.hpp), for
// autogenerate, check, `test`, `sql-schema` and the table rebuild (dialect/sqlite).
//
// A whole database is read with four queries (schema rows, and the table_xinfo /
// foreign_key_list / index_list+index_info pragmas joined over every table), not a query per
// table. Names of constraints and CHECK expressions, which no pragma reports, are parsed from the
// CREATE TABLE text kept in sqlite_schema.
//
// The reflected form (the same conventions as pg_reflect.hpp where SQLite allows):
// - Types: parse_declared_type(declared, sqlite) (INTEGER → integer, VARCHAR(50) → string(50),
//   DATETIME → datetime, JSON → json, NUMERIC(10, 2) → numeric(10,2), CHAR(36) → uuid, BLOB →
//   binary, anything else → custom with the declared text). A VARCHAR column with a column-level
//   `CONSTRAINT "<name>" CHECK ("<col>" IN ('a', …))` (how retort renders an enum) is
//   {enum: <name>, values: [a, …]} and that CHECK is not listed separately.
// - Server defaults as SQLite keeps them (outer parentheses removed): a number → Kind::number,
//   `NULL` → no default, anything else SQL text ('x', CURRENT_TIMESTAMP, datetime('now')).
//   SQLite has no booleans: TRUE/FALSE defaults read back as the text written.
// - The primary key both ways: TableSpec::primary_key (with its CONSTRAINT name, if written)
//   and ColumnSpec::primary_key; key columns are NOT NULL. A single column declared
//   `INTEGER PRIMARY KEY` in its column definition (the rowid alias), or with AUTOINCREMENT, is
//   `autoincrement`.
// - Unique constraints (index_list origin 'u') are TableSpec::unique entries with their names
//   ("" for an unnamed one, e.g. a column-level UNIQUE), never ColumnSpec::unique.
// - Foreign keys with actions "CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT", or "" for NO
//   ACTION; no referenced columns when the CREATE TABLE named none (the parent's key).
// - Checks: the expression exactly as written between CHECK's parentheses.
// - Indexes: only CREATE INDEX ones (origin 'c'); elements that are a plain column are names,
//   others expressions as written (ASC/DESC dropped); `where` as written.
// - Comments: none (SQLite stores none).
// - Constraints and indexes sorted by name; columns in table order; tables by name.
// - Generated columns: `generated` with the expression as written and STORED / VIRTUAL.
// - Not represented (lost by a rebuild): COLLATE, ON CONFLICT clauses, DEFERRABLE,
//   WITHOUT ROWID / STRICT. Virtual tables are skipped.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "ops/spec.hpp"
#include "ops/table_state.hpp"

namespace retort {

struct SqliteReflectOptions {
  // Tables left out (compared ignoring case), besides sqlite_* and _retort_* which are always
  // left out: the version and history tables.
  std::vector<std::string> exclude_tables = {"alembic_version", "retort_history"};
};

// Every table of the main schema (see the file comment for the form), and its views and
// triggers (reflect_sqlite_objects, schema/sqlite_objects.hpp). Throws Error(database)
// when a query fails.
Schema reflect_sqlite(Connection& conn, const SqliteReflectOptions& options = {});

// One table ("t" or "main.t"; the name compares ignoring case, as SQLite does) with the CREATE
// TRIGGER statements of its triggers; nullopt when there is no such table. This is the
// lookup the runner gives the SQLite renderer (RenderContext::lookup_table).
std::optional<TableState> reflect_sqlite_table(Connection& conn, const std::string& table);

}  // namespace retort
