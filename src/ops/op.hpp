// Migration operations as plain data (docs/migration-files.md, "Ops"): one struct per op, closed in
// the `Op` variant. Loading (ops/load), rendering (dialect/), inverting, linting and autogenerate
// all speak this vocabulary. Nothing here touches a database.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "ops/spec.hpp"

namespace retort {

// A value in a bulk_insert row. Nested YAML maps and lists are kept as their JSON text
// (kind == json) so that JSON columns can be seeded.
struct Value {
  enum class Kind { null, boolean, integer, real, string, json };
  Kind kind = Kind::null;
  std::string text;  // the literal: "42", "0.5", "true", the string, or the JSON text
  bool operator==(const Value&) const = default;
};

struct CreateTable {
  TableSpec table;
  bool if_not_exists = false;
};
struct DropTable {
  std::string table;
  bool if_exists = false;
};
struct RenameTable {
  std::string table;
  std::string to;
};
struct AddColumn {
  std::string table;
  ColumnSpec column;
  bool if_not_exists = false;
};
struct DropColumn {
  std::string table;
  std::string column;
  bool if_exists = false;
};
struct AlterColumn {
  std::string table;
  std::string column;
  std::optional<std::string> rename_to;
  std::optional<Type> type;
  std::optional<bool> nullable;
  // Outer optional: the key was given. Inner: null means "drop the default".
  std::optional<std::optional<DefaultValue>> server_default;
  std::optional<std::optional<std::string>> comment;
  std::optional<std::string> using_;  // PostgreSQL USING cast expression
};
// COMMENT ON TABLE (PostgreSQL): the table's comment becomes `comment`; nullopt removes it. Nothing
// on SQLite, which stores no comments. Its inverse is the same op with the comment it replaces.
struct SetTableComment {
  std::string table;
  std::optional<std::string> comment;
};
struct CreateIndex {
  IndexSpec index;
  std::string table;
  bool concurrently = false;
  bool if_not_exists = false;
};
struct DropIndex {
  std::string name;
  std::string table;
  bool concurrently = false;
  bool if_exists = false;
};
// ALTER INDEX … RENAME TO (PostgreSQL); SQLite drops the index and creates it under the new
// name from the table's definition. Its inverse is the same op with the names swapped.
struct RenameIndex {
  std::string name;
  std::string to;     // a bare name: the index stays in its schema
  std::string table;  // "" = not given (SQLite needs it)
};
// `if_not_exists` on a constraint: skipped when the table has a constraint of that name (an
// unnamed primary key: any primary key). PostgreSQL cannot say it in ALTER TABLE … ADD, so it is
// checked in the catalog (docs/migration-files.md, "Guards").
struct CreateForeignKey {
  std::string table;
  ForeignKeySpec fk;
  bool if_not_exists = false;
};
struct CreateUniqueConstraint {
  std::string table;
  UniqueSpec unique;
  bool if_not_exists = false;
};
struct CreateCheckConstraint {
  std::string table;
  CheckSpec check;
  bool if_not_exists = false;
};
struct CreatePrimaryKey {
  std::string table;
  PrimaryKeySpec pk;
  bool if_not_exists = false;
};
enum class ConstraintType { foreign_key, unique, check, primary_key };
struct DropConstraint {
  std::string name;
  std::string table;
  ConstraintType type = ConstraintType::foreign_key;
  bool if_exists = false;
};
// ALTER TABLE … VALIDATE CONSTRAINT (PostgreSQL): checks the rows of a foreign key or check
// made `not_valid`. Nothing on SQLite, whose constraints hold from their creation. Nothing to undo.
struct ValidateConstraint {
  std::string name;
  std::string table;
};
struct CreateEnum {
  EnumSpec spec;
  bool if_not_exists = false;
};
struct DropEnum {
  std::string name;
  bool if_exists = false;
};
struct AddEnumValue {
  std::string name;
  std::string value;
  std::string before;  // "" = not given
  std::string after;
};
struct Execute {
  SqlText sql;
  bool repeat_until_zero = false;
};
struct Assert {
  SqlText sql;
  std::string message;
};
struct BulkInsert {
  std::string table;
  std::vector<std::string> columns;      // union of the keys of every row, first-seen order
  std::vector<std::vector<Value>> rows;  // one Value per column (null where a row lacks it)
};
struct Call {
  std::string name;
};
struct Irreversible {
  std::string reason;
};

// Views (docs/migration-files.md "create_view"). `materialized` views are PostgreSQL's; SQLite
// refuses them. replace_view is CREATE OR REPLACE VIEW on PostgreSQL (a materialized view, and
// any view on SQLite, is dropped and created again); its inverse is replace_view with the old
// definition.
struct CreateView {
  ViewSpec view;
};
struct DropView {
  std::string name;
  bool materialized = false;
  bool if_exists = false;
};
struct ReplaceView {
  ViewSpec view;
};
// REFRESH MATERIALIZED VIEW (PostgreSQL), for data migrations. Nothing to undo.
struct RefreshMaterializedView {
  std::string name;
  bool concurrently = false;
};
// Functions (PostgreSQL; an error on SQLite). drop_function names the function by its name and
// argument types. replace_function is CREATE OR REPLACE FUNCTION; its inverse is
// replace_function with the old definition.
struct CreateFunction {
  FunctionSpec function;
};
struct ReplaceFunction {
  FunctionSpec function;
};
struct DropFunction {
  std::string name;
  std::string arguments;  // the argument list of the function, "" = none
  bool if_exists = false;
};
// Triggers: on PostgreSQL a trigger runs a function, on SQLite its body.
struct CreateTrigger {
  TriggerSpec trigger;
};
struct DropTrigger {
  std::string name;
  std::string table;
  bool if_exists = false;
};
// Sequences (PostgreSQL; an error on SQLite). alter_sequence changes the values given; its
// inverse is alter_sequence with the values it replaced.
struct CreateSequence {
  SequenceSpec sequence;
  bool if_not_exists = false;
};
struct AlterSequence {
  std::string name;
  std::optional<int64_t> increment;
  std::optional<int64_t> min_value;
  std::optional<int64_t> max_value;
  std::optional<int64_t> start;
  std::optional<int64_t> restart;  // RESTART WITH: the next value nextval() returns
  std::optional<int64_t> cache;
  std::optional<bool> cycle;
};
struct DropSequence {
  std::string name;
  bool if_exists = false;
};
// Extensions and schemas (PostgreSQL; an error on SQLite).
struct CreateExtension {
  ExtensionSpec extension;
  bool if_not_exists = false;
};
struct DropExtension {
  std::string name;
  bool if_exists = false;
};
struct CreateSchema {
  std::string name;
  bool if_not_exists = false;
};
struct DropSchema {
  std::string name;
  bool if_exists = false;
};

// The op itself: one of the structs above. A class over the std::variant rather than its alias so
// that copying, moving and destroying one (each a visit over every alternative) is compiled once,
// in op.cpp, instead of in every file that copies or destroys an op. std::visit, std::get and
// std::holds_alternative take it as the variant it is.
class OpBody
    : public std::variant<CreateTable, DropTable, RenameTable, AddColumn, DropColumn, AlterColumn,
                          CreateIndex, DropIndex, CreateForeignKey, CreateUniqueConstraint,
                          CreateCheckConstraint, CreatePrimaryKey, DropConstraint, CreateEnum,
                          DropEnum, AddEnumValue, Execute, Assert, BulkInsert, Call, Irreversible,
                          RenameIndex, ValidateConstraint, SetTableComment, CreateView, DropView,
                          ReplaceView, RefreshMaterializedView, CreateFunction, ReplaceFunction,
                          DropFunction, CreateTrigger, DropTrigger, CreateSequence, AlterSequence,
                          DropSequence, CreateExtension, DropExtension, CreateSchema, DropSchema> {
 public:
  using variant::variant;
  using variant::operator=;
  OpBody();
  OpBody(const OpBody& other);
  OpBody(OpBody&& other) noexcept;
  OpBody& operator=(const OpBody& other);
  OpBody& operator=(OpBody&& other) noexcept;
  ~OpBody();
};

struct Op {
  OpBody body;
  std::vector<Dialect> dialects;        // empty = every dialect
  std::vector<std::string> lint_allow;  // lint codes accepted after review ("R102")
  SourceLocation where;                 // the op's key in its file
  // Guards of any op (docs/migration-files.md, "Guards"): queries run before the op; it runs only
  // when `only_if` returns a row and `unless` returns none. Empty = no guard.
  SqlText only_if;
  SqlText unless;

  bool runs_on(Dialect d) const {
    if (dialects.empty()) return true;
    for (Dialect x : dialects)
      if (x == d) return true;
    return false;
  }
};

// The op's YAML key ("add_column"), for messages and plans.
std::string_view op_name(const OpBody& body);

// Why `op` does nothing on `d`, or "" when it runs there (docs/migration-files.md, "Dialects"):
// its `dialect:` list leaves `d` out; an execute or assert has no SQL for `d`; or its `only_if` /
// `unless` has a per-dialect form but none for `d` — such an op is skipped, never run unguarded.
// The runner reports the reason (`-v`), offline scripts write it as a comment.
std::string skip_reason(const Op& op, Dialect d);

// The op's existence guard: "if_exists", "if_not_exists", or "" when it has none set.
std::string_view existence_guard(const OpBody& body);

}  // namespace retort
