// Plain-data schema vocabulary (docs/migration-files.md, docs/models.md): types, columns,
// constraints, indexes, tables, enums, views, functions, triggers, sequences, extensions, and a
// whole schema. Shared by migration ops (create_table),
// the model, reflection and the differ. No behaviour beyond small helpers; rendering lives in
// src/dialect/.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/dialect_name.hpp"
#include "base/error.hpp"

namespace retort {

// SQL text that may differ per dialect: either one text for all dialects (`common`), or a map
// with a text per dialect (`{postgresql: …, sqlite: …}`). A dialect missing from a per-dialect
// map has no text (the op or default is skipped there).
struct SqlText {
  std::optional<std::string> common;
  std::map<Dialect, std::string> per_dialect;

  bool empty() const { return !common && per_dialect.empty(); }
  // The text for `d`, or nullptr when there is none for that dialect.
  const std::string* for_dialect(Dialect d) const {
    if (auto it = per_dialect.find(d); it != per_dialect.end()) return &it->second;
    return common ? &*common : nullptr;
  }
  bool operator==(const SqlText&) const = default;
};

// A portable column type (the type table of docs/migration-files.md).
struct Type {
  enum class Kind {
    integer,
    bigint,
    smallint,
    boolean,
    float_,
    double_,
    numeric,
    string,
    text,
    date,
    time,
    datetime,
    json,
    jsonb,
    uuid,
    binary,
    enum_,   // {enum: NAME, values: [...]}
    custom,  // {sql: "CIDR"} or {postgresql: INET, sqlite: TEXT}
  };
  Kind kind = Kind::text;
  std::optional<int> length;     // string(n)
  std::optional<int> precision;  // numeric(p,s)
  std::optional<int> scale;
  bool timezone = false;  // datetime(tz)
  std::string enum_name;  // enum_
  std::vector<std::string> enum_values;
  SqlText custom_sql;  // custom

  bool operator==(const Type&) const = default;
};

// A server default (docs/migration-files.md, "Server defaults"): a YAML number or boolean is a
// literal; a string is SQL written as is, possibly per dialect; `{now: true}` and `{uuid: true}`
// are the portable "current timestamp" and "random UUID" each dialect spells its own way.
struct DefaultValue {
  enum class Kind { number, boolean, sql, now, uuid };
  Kind kind = Kind::sql;
  std::string number;  // kind == number: the literal as written ("0", "0.9")
  bool boolean = false;
  SqlText sql;  // kind == sql

  bool operator==(const DefaultValue&) const = default;
};

// An identity column (PostgreSQL `GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY`,
// docs/migration-files.md "Column specs"). start / increment: nullopt = the sequence's default (1).
struct IdentitySpec {
  bool always = false;  // ALWAYS (an explicit value is refused) or BY DEFAULT
  std::optional<int64_t> start;
  std::optional<int64_t> increment;
  bool operator==(const IdentitySpec&) const = default;
};

// A generated (computed) column: `GENERATED ALWAYS AS (expression) STORED | VIRTUAL`
// (docs/migration-files.md "Column specs"). PostgreSQL has STORED only.
struct GeneratedSpec {
  SqlText expression;  // per-dialect allowed
  bool stored = true;
  bool operator==(const GeneratedSpec&) const = default;
};

struct ColumnSpec {
  std::string name;
  Type type;
  bool nullable = true;  // primary-key columns are made NOT NULL by the loader
  bool primary_key = false;
  bool autoincrement = false;
  bool unique = false;
  std::optional<DefaultValue> server_default;
  std::optional<std::string> comment;
  std::optional<IdentitySpec> identity;    // GENERATED … AS IDENTITY
  std::optional<GeneratedSpec> generated;  // GENERATED ALWAYS AS (…)
  SourceLocation where;

  bool operator==(const ColumnSpec& o) const {
    return name == o.name && type == o.type && nullable == o.nullable &&
           primary_key == o.primary_key && autoincrement == o.autoincrement && unique == o.unique &&
           server_default == o.server_default && comment == o.comment && identity == o.identity &&
           generated == o.generated;
  }
};

struct ForeignKeySpec {
  std::string name;  // may be empty (unnamed)
  std::vector<std::string> columns;
  std::string ref_table;
  std::vector<std::string> ref_columns;
  std::string
      on_delete;  // "" = no action; else CASCADE, SET NULL, SET DEFAULT, RESTRICT, NO ACTION
  std::string on_update;
  bool not_valid = false;  // PostgreSQL NOT VALID (only meaningful in create_foreign_key)
  SourceLocation where;

  bool operator==(const ForeignKeySpec& o) const {
    return name == o.name && columns == o.columns && ref_table == o.ref_table &&
           ref_columns == o.ref_columns && on_delete == o.on_delete && on_update == o.on_update &&
           not_valid == o.not_valid;
  }
};

struct UniqueSpec {
  std::string name;
  std::vector<std::string> columns;
  SourceLocation where;
  std::vector<std::string> include;  // PostgreSQL INCLUDE (…): stored, not part of the key
  bool nulls_not_distinct = false;   // PostgreSQL 15+ NULLS NOT DISTINCT
  bool operator==(const UniqueSpec& o) const {
    return name == o.name && columns == o.columns && include == o.include &&
           nulls_not_distinct == o.nulls_not_distinct;
  }
};

struct CheckSpec {
  std::string name;
  SqlText expression;  // per-dialect allowed; a check with no text for a dialect is skipped there
  SourceLocation where;
  bool not_valid = false;  // PostgreSQL NOT VALID (create_check_constraint; reflected)
  bool operator==(const CheckSpec& o) const {
    return name == o.name && expression == o.expression && not_valid == o.not_valid;
  }
};

// Where an index puts NULLs (docs/migration-files.md, "Indexes").
enum class NullsOrder { default_, first, last };

// One indexed element: a column name, or an SQL expression, with its sort order, its NULLs
// placement and its PostgreSQL operator class.
struct IndexColumn {
  std::string name;                         // set for a column
  std::string expression;                   // set for {expression: …}
  bool descending = false;                  // order: desc
  NullsOrder nulls = NullsOrder::default_;  // nulls: first | last; default_ = the dialect's
  std::string opclass;                      // PostgreSQL operator class, "" = the type's default
  bool operator==(const IndexColumn&) const = default;
};

struct IndexSpec {
  std::string name;
  std::vector<IndexColumn> columns;
  bool unique = false;
  std::string where;   // partial index predicate, "" = none
  std::string using_;  // access method (btree, gin, …), "" = default
  SourceLocation where_loc;
  std::vector<std::string> include;  // PostgreSQL INCLUDE (…) columns
  bool nulls_not_distinct = false;   // PostgreSQL 15+, unique indexes only
  bool operator==(const IndexSpec& o) const {
    return name == o.name && columns == o.columns && unique == o.unique && where == o.where &&
           using_ == o.using_ && include == o.include && nulls_not_distinct == o.nulls_not_distinct;
  }
};

struct PrimaryKeySpec {
  std::string name;  // may be empty
  std::vector<std::string> columns;
  bool operator==(const PrimaryKeySpec&) const = default;
};

struct TableSpec {
  std::string name;  // may be schema-qualified: "schema.table"
  std::vector<ColumnSpec> columns;
  std::optional<PrimaryKeySpec> primary_key;  // table-level; column-level primary_key also counts
  std::vector<ForeignKeySpec> foreign_keys;
  std::vector<UniqueSpec> unique;
  std::vector<CheckSpec> checks;
  std::vector<IndexSpec> indexes;
  std::optional<std::string> comment;
  SourceLocation where;

  // The primary-key columns, from `primary_key` or else from column-level flags, in order.
  std::vector<std::string> primary_key_columns() const {
    if (primary_key) return primary_key->columns;
    std::vector<std::string> out;
    for (const auto& c : columns)
      if (c.primary_key) out.push_back(c.name);
    return out;
  }
  const ColumnSpec* find_column(const std::string& column) const {
    for (const auto& c : columns)
      if (c.name == column) return &c;
    return nullptr;
  }
};

struct EnumSpec {
  std::string name;
  std::vector<std::string> values;
  SourceLocation where;
  bool operator==(const EnumSpec& o) const { return name == o.name && values == o.values; }
};

// A view (docs/models.md "Views", docs/migration-files.md "create_view"): `CREATE VIEW name AS
// definition`. The definition is the view's query written as is, or per dialect (a dialect with
// no text has no view). `materialized` is PostgreSQL's CREATE MATERIALIZED VIEW.
struct ViewSpec {
  std::string name;  // may be schema-qualified
  SqlText definition;
  bool materialized = false;
  SourceLocation where;
  bool operator==(const ViewSpec& o) const {
    return name == o.name && definition == o.definition && materialized == o.materialized;
  }
};

// A PostgreSQL function (docs/migration-files.md "create_function"): `CREATE FUNCTION
// name(arguments) RETURNS returns LANGUAGE language volatility AS body`, every part SQL as
// written. A function is known by its name and its argument types (PostgreSQL overloads names).
struct FunctionSpec {
  std::string name;        // may be schema-qualified
  std::string arguments;   // the argument list ("a integer, b text"), "" = none
  std::string returns;     // "trigger", "integer", "SETOF orders", "TABLE (id integer)"
  std::string language;    // plpgsql, sql, …
  std::string volatility;  // "volatile" (PostgreSQL's default), "stable" or "immutable"
  std::string body;        // the function's source, written as is
  SourceLocation where;
  bool operator==(const FunctionSpec& o) const {
    return name == o.name && arguments == o.arguments && returns == o.returns &&
           language == o.language && volatility == o.volatility && body == o.body;
  }
};

// A trigger (docs/migration-files.md "create_trigger"): `CREATE TRIGGER name timing events ON
// table [FOR EACH ROW] [WHEN (when)]`, then on PostgreSQL `EXECUTE FUNCTION function()` and on
// SQLite `BEGIN body END`.
struct TriggerSpec {
  std::string name;                    // a plain name
  std::string table;                   // may be schema-qualified
  std::string timing;                  // "before", "after", "instead_of"
  std::vector<std::string> events;     // "insert", "update", "delete", "truncate"
  std::vector<std::string> update_of;  // UPDATE OF these columns; empty = any column
  bool for_each_row = true;            // false: FOR EACH STATEMENT (PostgreSQL)
  SqlText when;                        // the WHEN condition, per dialect allowed; empty = none
  std::string function;                // PostgreSQL: the function it runs; "" = none
  std::string body;                    // SQLite: the statements between BEGIN and END
  SourceLocation where;
  bool operator==(const TriggerSpec& o) const {
    return name == o.name && table == o.table && timing == o.timing && events == o.events &&
           update_of == o.update_of && for_each_row == o.for_each_row && when == o.when &&
           function == o.function && body == o.body;
  }
};

// A PostgreSQL sequence (docs/migration-files.md "create_sequence"). nullopt = PostgreSQL's
// default for the value.
struct SequenceSpec {
  std::string name;  // may be schema-qualified
  std::string type;  // "" (bigint), "smallint", "integer", "bigint"
  std::optional<int64_t> start;
  std::optional<int64_t> increment;
  std::optional<int64_t> min_value;
  std::optional<int64_t> max_value;
  std::optional<int64_t> cache;
  bool cycle = false;
  SourceLocation where;
  bool operator==(const SequenceSpec& o) const {
    return name == o.name && type == o.type && start == o.start && increment == o.increment &&
           min_value == o.min_value && max_value == o.max_value && cache == o.cache &&
           cycle == o.cycle;
  }
};

// A PostgreSQL extension (docs/migration-files.md "create_extension").
struct ExtensionSpec {
  std::string name;
  std::string schema;  // "" = the extension's default schema
  SourceLocation where;
  bool operator==(const ExtensionSpec& o) const { return name == o.name && schema == o.schema; }
};

// An identifier longer than PostgreSQL's limit, and where it is written (loading notes these
// for `retort lint` when the project's dialect is not PostgreSQL).
struct LongIdentifier {
  std::string name;
  SourceLocation where;
};

// A whole schema: the model, or what reflection found in a database.
struct Schema {
  std::vector<TableSpec> tables;
  std::vector<EnumSpec> enums;
  // Database objects beyond tables (docs/models.md): views in the order they can be created (a
  // view after the views it reads), triggers after their functions.
  std::vector<ViewSpec> views;
  std::vector<FunctionSpec> functions;
  std::vector<TriggerSpec> triggers;
  std::vector<SequenceSpec> sequences;
  std::vector<ExtensionSpec> extensions;
  std::vector<LongIdentifier> long_identifiers;  // the model's, as loaded (see LongIdentifier)

  const TableSpec* find_table(const std::string& table) const {
    for (const auto& t : tables)
      if (t.name == table) return &t;
    return nullptr;
  }
};

}  // namespace retort
