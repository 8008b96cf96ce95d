// Reading the schema vocabulary (docs/migration-files.md, "Table specs": tables, columns, types,
// defaults, per-dialect SQL) from YAML nodes, with retort's input errors. Shared by migration files
// (load_revision) and the model (load_model). Everything here throws Error(input) made by
// input_error(): the file, line and column of the offending node, the source line with a caret, and
// a hint (the nearest valid word for a misspelling, or the valid choices).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/dialect_name.hpp"
#include "base/error.hpp"
#include "ops/spec.hpp"
#include "sql/sql_syntax.hpp"
#include "yaml/node.hpp"

namespace retort {

// Names a value in messages ("'column' in add_column", "each item of 'columns' in create_table").
// Made of string views joined only when a message is built, so that reading a field costs no
// allocation. The viewed strings must outlive the Subject (they are static words, or texts of
// the YAML nodes being read).
class Subject {
 public:
  // Implicit on purpose: any text can name a value. A Subject made from a temporary string
  // may only be used within the full expression that made it.
  Subject(std::string_view text) : parts_{text}, size_(1) {}
  Subject(const char* text) : Subject(std::string_view(text)) {}
  Subject(const std::string& text) : Subject(std::string_view(text)) {}
  Subject(std::initializer_list<std::string_view> parts);
  // "<prefix><this>", e.g. "each item of " + "'columns' in create_table".
  Subject prefixed(std::string_view prefix) const;
  std::string str() const;

 private:
  static constexpr size_t kMaxParts = 8;
  std::array<std::string_view, kMaxParts> parts_;
  size_t size_ = 0;
};

// PostgreSQL's identifier limit (NAMEDATALEN - 1): the server silently truncates a longer name
// (docs/migration-files.md, "Identifiers").
constexpr size_t kPostgresqlIdentifierLimit = 63;

// Whether a name may be schema-qualified ("schema.table"): tables, enum types and index names
// may; columns and constraint names may not (docs/migration-files.md, "Identifiers").
enum class NameKind { plain, qualified };

// The file being loaded: its path (for messages) and its text (for the source line in
// messages). Holds a view of `text`: the text must outlive the context.
// `dialect`, when known (the project's database), makes dialect limits load errors: an
// identifier over PostgreSQL's 63 bytes on PostgreSQL. Without it such identifiers are only
// noted (long_identifiers(), for `retort lint`).
class LoadContext {
 public:
  LoadContext(std::string path, std::string_view text,
              std::optional<Dialect> dialect = std::nullopt)
      : path_(std::move(path)), text_(text), dialect_(dialect) {}

  const std::string& path() const { return path_; }
  std::string_view text() const { return text_; }
  std::optional<Dialect> dialect() const { return dialect_; }
  SourceLocation where(const yaml::Mark& at) const { return {path_, at.line, at.column}; }

  // Throws the input error "path:line:col: message" + source line + caret + hint.
  [[noreturn]] void fail(const yaml::Mark& at, const std::string& message,
                         const std::string& hint = "") const;

  // Identifiers longer than kPostgresqlIdentifierLimit bytes seen so far (when the dialect is
  // not PostgreSQL), in file order.
  const std::vector<LongIdentifier>& long_identifiers() const { return long_identifiers_; }
  void note_long_identifier(LongIdentifier id) const { long_identifiers_.push_back(std::move(id)); }

 private:
  std::string path_;
  std::string_view text_;
  std::optional<Dialect> dialect_;
  mutable std::vector<LongIdentifier> long_identifiers_;
};

// Checks a name read from `node` (docs/migration-files.md, "Identifiers"): not empty or blank;
// for NameKind::plain no '.', for NameKind::qualified no empty part ("a..b", ".t"); each part at
// most kPostgresqlIdentifierLimit bytes when ctx.dialect() is PostgreSQL (else a longer one is
// noted in ctx). `subject` names the value in messages.
void check_identifier(const LoadContext& ctx, const yaml::Node& node, std::string_view name,
                      NameKind kind, const Subject& subject);

// Refuses a top-level `;` (outside quotes and comments) in an SQL fragment — a `where`, an
// `expression`, a `server_default` — which is spliced into a statement and must not end it.
void check_sql_fragment(const LoadContext& ctx, const yaml::Node& node, std::string_view sql,
                        const Subject& subject);

// Reads the fields of one YAML mapping. The constructor checks that `node` is a mapping
// ("expected a map for <subject>, found …") and that every key is one of `keys` ("unknown key
// 'k' in <what>" with a did-you-mean hint, or the list of valid keys). Getters report a
// missing required field at `anchor` ("missing required field 'k' in <what>"), and a value of
// the wrong kind at the value. A null value counts as absent, except through raw().
class MapReader {
 public:
  // `what` names the mapping in messages ("add_column", "column"); `subject` says where it
  // sits, for the wrong-kind message ("'column' in add_column"); `anchor` is where missing
  // fields are reported (the op's key, or the mapping itself).
  // `what` and the words of `keys` must outlive the reader.
  MapReader(const LoadContext& ctx, const yaml::Node& node, std::string_view what,
            const std::vector<std::string_view>& keys, const yaml::Mark& anchor,
            const Subject& subject);

  const yaml::Node& node() const { return node_; }
  std::string_view what() const { return what_; }
  const yaml::Mark& anchor() const { return anchor_; }
  const LoadContext& ctx() const { return ctx_; }

  // Whether the key is written (even with a null value).
  bool has(std::string_view key) const { return node_.find(key) != nullptr; }
  // The value as written (null included), or nullptr when the key is absent.
  const yaml::Node* raw(std::string_view key) const { return node_.find(key); }
  // The value, or nullptr when absent or null.
  const yaml::Node* get(std::string_view key) const;
  // The value; a missing or null one is an error.
  const yaml::Node& need(std::string_view key) const;
  // The key's own mark (for errors about a field as a whole); the anchor when absent.
  yaml::Mark key_mark(std::string_view key) const;

  // A scalar's text. Numbers and booleans are taken as written (`message: 42` is "42").
  std::string string(std::string_view key) const;
  std::optional<std::string> optional_string(std::string_view key) const;
  // A plain `true` or `false`; `fallback` when absent.
  bool flag(std::string_view key, bool fallback = false) const;
  // A list of names, or a single name standing for a one-element list.
  std::vector<std::string> names(std::string_view key, bool required = true) const;
  // An identifier (check_identifier), required / optional; a list of column names.
  std::string identifier(std::string_view key, NameKind kind) const;
  std::optional<std::string> optional_identifier(std::string_view key, NameKind kind) const;
  std::vector<std::string> column_names(std::string_view key, bool required = true) const;
  // A mapping value (checked to be one).
  const yaml::Node& map(std::string_view key) const;
  // A list value (checked to be one); nullptr when absent or null and not required.
  const yaml::Node* list(std::string_view key, bool required) const;

  // "'key' in <what>", for messages about a value (`key` must outlive the Subject).
  Subject field(std::string_view key) const { return Subject{"'", key, "' in ", what_}; }

 private:
  const LoadContext& ctx_;
  const yaml::Node& node_;
  std::string_view what_;
  yaml::Mark anchor_;
};

// A scalar's text; anything else is "expected <expected> for <subject>, found …".
std::string scalar_text(const LoadContext& ctx, const yaml::Node& node, const Subject& subject,
                        std::string_view expected = "a string");

// A whole number (a plain YAML integer that fits 64 bits); anything else is "expected a whole
// number for <subject>".
int64_t whole_number(const LoadContext& ctx, const yaml::Node& node, const Subject& subject);

// SQL text: a string, or a map of dialect name → text (`{postgresql: …, sqlite: …}`).
SqlText parse_sql_text(const LoadContext& ctx, const yaml::Node& node, const Subject& subject);

// A column type: `integer`, `string(50)`, `numeric(10,2)`, `datetime(tz)`, …, or
// `{enum: NAME, values: [...]}`, `{sql: TEXT}`, `{postgresql: X, sqlite: Y}`.
Type parse_type(const LoadContext& ctx, const yaml::Node& node, const Subject& subject);

// A server default: a plain number or boolean is a literal, any other scalar is SQL as written,
// a map is per-dialect SQL. The caller decides what a null means. SQL that is a single bare word
// other than a value keyword (CURRENT_TIMESTAMP, TRUE, NULL, …) is an error suggesting the
// quoted string ("'active'"); a top-level `;` is an error (check_sql_fragment).
DefaultValue parse_default(const LoadContext& ctx, const yaml::Node& node, const Subject& subject);

// parse_sql_text for an SQL fragment (a CHECK expression): check_sql_fragment on each text.
SqlText parse_sql_fragment(const LoadContext& ctx, const yaml::Node& node, const Subject& subject);

// Checks SQL text read from `node` (a string, or a per-dialect map) with the parser of each
// database it runs on (docs/migration-files.md, "SQL syntax check"): a per-dialect text with its
// own dialect's; a common text with those of `op_dialects` (the op's `dialect:`) or, when it has
// none, of the project's database (ctx.dialect()); a common text for an unrestricted op in a
// project whose database is unknown is not checked. A syntax error is an input error at the
// place of the error in the YAML when it can be found there (else at the text), with the
// position inside the SQL and its line with a caret.
void check_sql_syntax(const LoadContext& ctx, const yaml::Node& node,
                      const std::vector<Dialect>& op_dialects, SqlForm form,
                      const Subject& subject);

// Checks the `body` of a function (read from `node`) with PostgreSQL's parsers
// (pg_function_body_error): a `sql` body as statements, a `plpgsql` body compiled by PL/pgSQL's
// parser; other languages are not checked. An error is reported as check_sql_syntax's are.
void check_function_body(const LoadContext& ctx, const yaml::Node& node, const FunctionSpec& f,
                         const Subject& subject);

// An index's optional `where` predicate (check_sql_fragment); "" when absent.
std::string read_index_where(const MapReader& r);

// `dialect:`: one dialect name or a list of them.
std::vector<Dialect> parse_dialects(const LoadContext& ctx, const yaml::Node& node);

// `lint_allow:`: one lint code (`R102`) or a list of them.
std::vector<std::string> parse_lint_allow(const LoadContext& ctx, const yaml::Node& node);

// A column spec map (name, type, nullable, primary_key, autoincrement, unique, server_default,
// comment). A primary-key column is made NOT NULL; `nullable: true` on one is an error.
ColumnSpec parse_column(const LoadContext& ctx, const yaml::Node& node, const Subject& subject);

// One `references: {table, columns}` + columns + actions: the fields of a foreign key taken
// from `reader` (shared by table specs and create_foreign_key).
void read_foreign_key_fields(const MapReader& reader, ForeignKeySpec& fk);

// An index's `columns`: names, or `{name: COL | expression: SQL, order: asc|desc,
// nulls: first|last, opclass: NAME}` items. An expression that ends in ASC/DESC/NULLS … is an
// error pointing at `order` / `nulls`.
std::vector<IndexColumn> parse_index_columns(const MapReader& reader);

// An index's access method, `using` ("" when absent): one of PostgreSQL's built-in methods
// (btree, hash, gist, spgist, gin, brin) or those of the common extensions (bloom, hnsw,
// ivfflat, rum), lower case as the server names them (docs/migration-files.md). Anything else is
// an input error at the value with the nearest method, or the list.
std::string parse_index_method(const MapReader& reader);

// `include: [col, …]` and `nulls_not_distinct: BOOL` of a unique constraint or an index
// (PostgreSQL INCLUDE and NULLS NOT DISTINCT); nulls_not_distinct where `unique` is false is an
// error at the key.
void read_unique_options(const MapReader& reader, std::vector<std::string>& include,
                         bool& nulls_not_distinct, bool unique);

// The keys of a table spec (docs/migration-files.md, "Table specs"), without op-only keys.
const std::vector<std::string_view>& table_spec_keys();

// A table spec from a mapping already checked by `reader` (whose key list must include
// table_spec_keys()). Validates: at least one column, unique column names, primary-key,
// unique, index and foreign-key columns naming columns of the table, column-level primary
// keys agreeing with a table-level `primary_key`. Table-level primary-key columns are made
// NOT NULL.
TableSpec parse_table_spec(const MapReader& reader);

}  // namespace retort
