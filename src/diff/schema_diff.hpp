// The schema differ behind `revision --autogenerate`, `check` and `test` (docs/autogenerate.md):
// compares what a database holds (its reflection, schema/sqlite_reflect or schema/pg_reflect) with
// the model (ops/load_model) and produces the ops that turn one into the other, both ways.
//
// What is compared (after diff/normalize and, per DiffOptions::expressions,
// sql/canonical_expression or the database's own text via schema/stored_form, for the given
// dialect): tables; columns (type, nullability, server default, comment on PostgreSQL); primary
// keys; foreign keys (columns, referenced table and columns, ON DELETE / ON UPDATE); unique
// constraints (columns, INCLUDE, NULLS NOT DISTINCT); indexes (columns or expressions with sort
// order, NULLs placement and operator class, unique, where, using, INCLUDE, NULLS NOT DISTINCT);
// check constraints; identity and generated columns (reported, no op); table comments
// (PostgreSQL); enum types (PostgreSQL; on SQLite an enum column is a VARCHAR with a CHECK and
// compares as a column type). Not compared: autoincrement / SERIAL, NOT VALID, anything
// reflection does not read (see docs/autogenerate.md).
//
// Constraint matching: by name; an unnamed model constraint matches a database constraint with
// the same definition whatever the database named it (PostgreSQL's t_pkey, t_col_key,
// t_col_fkey, t_col_check). A named model constraint does not match an unnamed database one
// (SQLite keeps unnamed constraints unnamed): it is dropped and created with its name.
//
// Names the ops give to unnamed model constraints. A constraint the upgrade adds to an existing
// table must be droppable by the downgrade, so an unnamed one is given the name PostgreSQL would
// give it (t_a_b_key, t_a_fkey, t_a_check or t_check; shortened to 63 bytes and numbered when
// taken); an unnamed primary key takes the name of the key it replaces, else t_pkey. Tables the
// upgrade creates keep their model spec as written (on PostgreSQL, foreign keys of a cycle of new
// tables are named too: they are added and dropped by their own ops).
//
// Order of the upgrade ops (the downgrade is computed the same way in the other direction, so it
// is safe too): create enums and add enum values; drop foreign keys (changed or removed ones,
// those that depend on a key or a column type about to change — added back later — and on
// PostgreSQL those of a cycle among dropped tables); drop tables (referencing tables first);
// drop indexes, checks, unique constraints and primary keys; drop columns; alter columns; add
// columns; create primary keys and unique constraints; create tables (referenced tables first; on
// PostgreSQL the foreign keys of a cycle are added afterwards); create checks and indexes; create
// foreign keys; table comments; drop enums.
//
// Views, functions, triggers, sequences and extensions are compared and planned by
// diff/object_diff.hpp: their ops go before and after the table ops above, their findings after
// the tables'.
//
// SQLite cannot drop one unnamed constraint: the plan drops every unnamed constraint of that
// type in the table (drop_constraint with an empty name) and adds back those that stay.
#pragma once

#include <string>
#include <vector>

#include "base/dialect_name.hpp"
#include "ops/op.hpp"
#include "ops/spec.hpp"

namespace retort {

struct DiffOptions {
  // Tables left out on both sides (compared exactly): the version and history tables. The caller
  // puts the configured names here (docs/configuration.md: version_table / history_table).
  std::vector<std::string> exclude_tables = {"alembic_version", "retort_history"};
  // Tables left out on both sides by pattern: `[autogenerate] exclude` (base/name_glob.hpp;
  // docs/configuration.md). Empty = none.
  std::vector<std::string> exclude_patterns;
  bool compare_types = true;
  bool compare_server_defaults = true;
  bool compare_comments = true;  // column and table comments (PostgreSQL only in any case)
  // Notes on a dropped and an added column of the same type in one table, and on a dropped and an
  // added table with the same columns ("possible rename of …").
  bool detect_renames = true;

  // How SQL expressions (check constraints, index expressions and predicates, SQL server
  // defaults) compare (docs/autogenerate.md, "How expressions compare"):
  // - canonical: through canonical_expression (sql/canonical_expression), which undoes PostgreSQL's
  //   common rewrites and ignores casts; for a model that no database has seen.
  // - stored: as tokens (spacing, keyword case, quoting of plain names and redundant parentheses
  //   aside), casts included. For sides that are both in the database's own form: a reflected
  //   schema, and the model put through the server (schema/stored_form), given as model_stored.
  enum class Expressions { canonical, stored };
  Expressions expressions = Expressions::canonical;
  // The model as the database stores it (model_as_stored(conn, model)): the same tables,
  // columns, checks and indexes as the model, in the same order. When set, its expressions and
  // defaults are the ones compared, while the ops are still written from the model as written.
  // Not owned; null = the model is compared as it is.
  const Schema* model_stored = nullptr;
};

// One difference between the database and the model, for `check` (text and --json).
struct DiffFinding {
  // Stable code: add_table, remove_table, add_column, remove_column, modify_type,
  // modify_nullable, modify_default, modify_comment, modify_table_comment, add_primary_key,
  // remove_primary_key, modify_primary_key, add_foreign_key, remove_foreign_key,
  // modify_foreign_key, add_unique, remove_unique, modify_unique, add_check, remove_check,
  // modify_check, add_index, remove_index, modify_index, add_enum, remove_enum, add_enum_value,
  // modify_enum (values removed or reordered: no op can do it, see `notes`), modify_identity,
  // modify_generated (no op either, see `notes`); add_view, remove_view, modify_view,
  // add_function, remove_function, modify_function, add_trigger, remove_trigger, modify_trigger,
  // add_sequence, remove_sequence, modify_sequence, add_extension, remove_extension.
  std::string code;
  std::string table;   // "" for enums and objects other than triggers
  std::string object;  // the column, constraint, index or enum name ("" when unnamed / a table)
  std::string
      message;  // one human line, e.g. "column media_buys.budget: type float -> numeric(15,2)"
};

struct DiffResult {
  // Turns the database into the model, in a safe order (see the file comment).
  std::vector<Op> upgrade;
  // Turns the model back into the database, in a safe order; together with `upgrade` an exact
  // round trip, except what `notes` says cannot be undone (enum values cannot be removed).
  std::vector<Op> downgrade;
  // For the reviewer, one line each (autogenerate writes them as comments at the top of the
  // file): possible renames, enum changes no op can make, what a downgrade cannot undo (prefixed
  // "downgrade: ").
  std::vector<std::string> notes;
  // Every difference found (enums first, then by table name); empty exactly when the schemas
  // are equal.
  std::vector<DiffFinding> findings;

  bool empty() const { return findings.empty(); }
};

// Compares `database` (a reflected schema) with `model` (the desired schema) as `dialect` stores
// them, and returns the upgrade and downgrade ops, notes and findings (see the file comment).
// Pure: no database is consulted, the inputs are not modified, and the result does not refer to
// them. Tables named in options.exclude_tables are ignored on both sides. Never throws (except
// std::bad_alloc); what it cannot express as ops it reports in `notes`.
DiffResult diff_schemas(const Schema& database, const Schema& model, Dialect dialect,
                        const DiffOptions& options = {});

// One human line per difference (the findings' messages, in order), as `check` prints them:
// "added table users", "column media_buys.budget: type float -> numeric(15,2)".
std::vector<std::string> describe_differences(const DiffResult& result);

}  // namespace retort
