// Per-dialect SQL rendering (STYLE habit 2: rendering is pure). A SqlDialect turns ops, types
// and defaults into SQL strings with no database in reach; it is tested by golden files.
// Identifier quoting lives in exactly one function per dialect: quote_identifier().
//
// The runner (src/runner) owns control flow: it evaluates `execute` guards, loops
// `repeat_until_zero`, checks `assert`, runs `call` steps and refuses `irreversible`. The
// dialect renders the SQL those ops carry, and every schema-changing op.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/dialect_name.hpp"
#include "ops/op.hpp"
#include "ops/spec.hpp"
#include "ops/table_state.hpp"

namespace retort {

// What a renderer may consult besides the op itself. Rendering stays pure: the caller (runner or
// offline script writer) provides the lookup.
struct RenderContext {
  // Current state of `table`, or nullopt when unknown / absent.
  std::function<std::optional<TableState>(const std::string& table)> lookup_table;
  // Offline (--sql) script: no database is consulted; comments may be emitted for what can only
  // be decided at run time.
  bool offline = false;
};

// A query checked before an op runs (docs/migration-files.md, "Guards"): the op's `only_if` /
// `unless`, or an `if_exists` / `if_not_exists` that the dialect cannot write into the statement
// and looks up in its catalog instead.
struct GuardQuery {
  std::string label;  // "only_if", "unless", "if_exists", "if_not_exists"
  std::string query;  // one query, no trailing ';'
  bool run_when_row;  // the op runs when the query returns a row (only_if) or when it returns none
};

// How a dialect carries out an op's `if_exists` / `if_not_exists`.
enum class ExistenceForm {
  none,              // the op has none (or does nothing on this dialect)
  in_statement,      // IF [NOT] EXISTS in the rendered statement
  catalog_query,     // catalog_guard(): a query the runner evaluates first
  table_definition,  // decided by render() from the table's current definition (SQLite)
};

class SqlDialect {
 public:
  virtual ~SqlDialect() = default;

  virtual Dialect name() const = 0;

  // "name" quoted; a dotted "schema.table" is quoted part by part. Embedded quotes are doubled.
  virtual std::string quote_identifier(std::string_view identifier) const = 0;
  // 'text' as an SQL string literal, embedded quotes doubled.
  virtual std::string quote_literal(std::string_view text) const = 0;

  // The column type as this dialect spells it (the type table of docs/migration-files.md).
  virtual std::string render_type(const Type& type) const = 0;
  // The DEFAULT expression (without the DEFAULT keyword), or nullopt when the default has no
  // text for this dialect.
  virtual std::optional<std::string> render_default(const DefaultValue& value) const = 0;

  // The statements that carry out `op` on this dialect, in order. An op skipped on this dialect
  // (its `dialect:` list, or a PostgreSQL-only op on SQLite) renders to no statements.
  // For execute/assert, renders the op's main SQL (guards are the runner's). Throws
  // Error(input) for an op this dialect cannot carry out, naming the op and what to do instead.
  virtual std::vector<std::string> render(const Op& op, const RenderContext& ctx) const = 0;

  // A database error `message` raised by one of render()'s statements, as the user should read
  // it: names this dialect invented (SQLite's rebuild table "_retort_new_<t>") are replaced by
  // the user's own (<t>) in the database's message; the statement text quoted after it stays.
  virtual std::string user_error_message(std::string_view message) const {
    return std::string(message);
  }

  // How this dialect carries out `op`'s if_exists / if_not_exists.
  virtual ExistenceForm existence_form(const Op& op) const = 0;
  // The catalog query for `op`'s existence guard when existence_form() is catalog_query (render()
  // then writes the statement without IF [NOT] EXISTS); nullopt otherwise.
  virtual std::optional<GuardQuery> catalog_guard(const Op& op) const = 0;
  // Every query to check before `op` runs on this dialect, in order: only_if, unless, then the
  // catalog guard. Precondition: skip_reason(op, name()) is "" (each guard has a form here).
  std::vector<GuardQuery> guard_queries(const Op& op) const;
  // One line per guard of `op` for plans (`upgrade --dry-run`): "only_if: SELECT …",
  // "if_not_exists (IF NOT EXISTS in the statement)", …; empty when it has none.
  std::vector<std::string> describe_guards(const Op& op) const;

  // Whether `op` needs the current table state (ctx.lookup_table) to render on this dialect.
  virtual bool needs_table_state(const Op& op) const = 0;
  // Whether any of `ops` that runs on this dialect needs it (on SQLite: rebuilds a table).
  bool any_needs_table_state(const std::vector<Op>& ops) const;

  // Alembic-compatible version table: CREATE TABLE IF NOT EXISTS <table> (version_num
  // VARCHAR(32) NOT NULL, CONSTRAINT <table>_pkc PRIMARY KEY (version_num)).
  virtual std::string create_version_table(std::string_view table) const = 0;
  // The retort history table (docs/commands.md, "The version and history tables"), created if
  // absent.
  virtual std::string create_history_table(std::string_view table) const = 0;
};

// The renderer for `d`. The returned object is stateless and lives for the whole program.
const SqlDialect& dialect_for(Dialect d);

}  // namespace retort
