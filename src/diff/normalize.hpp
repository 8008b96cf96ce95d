// Normalisation for comparing schemas (docs/autogenerate.md, "What is compared"): the model and a
// reflected database describe the same schema in different words (varchar(50) vs string(50),
// `(0)::numeric` vs `0`, a column-level `unique: true` vs a named unique constraint). These
// functions bring either side to one canonical form for a given dialect, so that equal schemas
// compare == after normalisation. They are pure and never throw.
//
// The canonical form (what normalize_table produces):
// - Types: normalize_type; defaults: normalize_default; check expressions, index expressions
//   and predicates: normalize_sql (as SqlText::common, only the dialect's text kept; a check
//   with no text for the dialect is dropped).
// - Primary key both ways: TableSpec::primary_key {name, columns} and ColumnSpec::primary_key
//   on its columns, which are NOT NULL. `autoincrement` only on a single integer key column.
//   SQLite: a single INTEGER key column is the rowid alias, so it is always `autoincrement`, and
//   an autoincrement bigint/smallint key is INTEGER (that is how it is rendered).
// - Unique: every ColumnSpec::unique becomes an unnamed UniqueSpec; the flag is cleared.
// - Foreign keys: actions upper-case, "NO ACTION" written as ""; `not_valid` false on SQLite.
// - Identity columns (PostgreSQL) without the sequence defaults (normalize_identity); on SQLite
//   an identity key column is the rowid alias, `autoincrement`. Generated columns' expressions
//   through normalize_sql, only the dialect's text kept.
// - Unique constraints' and indexes' `include` and `nulls_not_distinct` kept on PostgreSQL,
//   cleared on SQLite.
// - Index `using_` "" for the default method (SQLite: always ""; PostgreSQL: btree). An index
//   column's `nulls` is default_ where the dialect puts NULLs anyway (always on SQLite); its
//   `opclass` is "" on SQLite and unqualified on PostgreSQL.
// - SQLite: comments are dropped (SQLite stores none); enum types are kept (SQLite renders them
//   as VARCHAR with a CHECK carrying the enum's name, and reflection reads that back).
// - Lists of constraints and indexes sorted by name (then columns); columns keep table order.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/dialect_name.hpp"
#include "ops/canonical_spec.hpp"
#include "ops/spec.hpp"
#include "sql/normalize.hpp"

namespace retort {

// The type as it will compare on `dialect`: a custom type resolves to its text for the dialect
// and is parsed (parse_declared_type, ops/canonical_spec), so {postgresql: INET, sqlite: TEXT} is
// `text` on SQLite; on SQLite jsonb is json and datetime loses its time zone. Fields that do not
// belong to the kind (a length on an integer) are cleared.
Type normalize_type(const Type& type, Dialect dialect);

// The default as it will compare on `dialect`: SQL text resolved for the dialect (nullopt when
// it has none) and normalised (normalize_sql); a number in SQL text becomes Kind::number;
// booleans are numbers 1/0 on SQLite; an explicit NULL is no default. `keep_casts` as in
// normalize_sql (sql/normalize).
std::optional<DefaultValue> normalize_default(const std::optional<DefaultValue>& value,
                                              Dialect dialect, bool keep_casts = false);

// The table in canonical form (see the file comment); `keep_casts` as in normalize_sql, for
// every SQL text of the table.
TableSpec normalize_table(const TableSpec& table, Dialect dialect, bool keep_casts = false);

// Every table normalised and sorted by name; a foreign key with no referenced columns gets the
// referenced table's primary key when that table is in the schema; enums sorted by name
// (dropped on SQLite, which has no enum types). `keep_casts` as in normalize_sql.
Schema normalize_schema(const Schema& schema, Dialect dialect, bool keep_casts = false);

}  // namespace retort
