// SQLite rendering. Design notes (the why):
//
// Table rebuild. SQLite cannot alter a column's type, nullability or default, nor add or drop
// constraints, so those ops follow SQLite's documented procedure ("Making Other Kinds Of Table
// Schema Changes", lang_altertable.html): create "_retort_new_<t>" with the new definition, copy
// the common columns, drop <t>, rename the new table to <t>, recreate indexes and triggers, and
// run `PRAGMA foreign_key_check("<t>")` (SqliteConnection::execute fails when it returns rows).
//
// Foreign keys during a rebuild. Step 1 of SQLite's procedure turns enforcement off, which is
// only possible outside a transaction. We emit `PRAGMA defer_foreign_keys=ON` (legal inside a
// transaction) so that rows copied into the new table are checked at the end, by
// foreign_key_check, not one by one. But defer_foreign_keys does NOT stop actions: with
// enforcement on, `DROP TABLE <t>` deletes <t>'s rows first, which CASCADEs / SETs NULL in every
// table that references <t>. A revision that contains an op for which needs_table_state() is true
// must therefore run with `PRAGMA foreign_keys=OFF` set before BEGIN and restored after
// COMMIT/ROLLBACK (the runner's job; see sqlite_dialect.hpp).
//
// Renaming. `PRAGMA legacy_alter_table=ON` around the final RENAME stops SQLite (>= 3.26) from
// re-parsing every view and trigger while <t> is briefly missing ("error in view v: no such
// table"); views and triggers that name <t> are valid again right after the rename.
//
// drop_column uses `ALTER TABLE … DROP COLUMN` (SQLite >= 3.35) when the column takes part in
// nothing else (no key, constraint, index or trigger names it), and a rebuild otherwise (which
// also drops the indexes and constraints that involve the column, as PostgreSQL does).
#include "dialect/sqlite_dialect.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "base/error.hpp"
#include "base/overloaded.hpp"
#include "base/strings.hpp"
#include "dialect/object_sql.hpp"
#include "sql/text.hpp"

namespace retort {

namespace {

constexpr std::string_view kNewTablePrefix = "_retort_new_";
constexpr size_t kSqliteRowsPerInsert = 500;
constexpr std::string_view kIndent = "    ";

struct TableName {
  std::string schema;  // "" = default schema
  std::string name;
};

TableName split_table(std::string_view qualified) {
  size_t dot = qualified.find('.');
  if (dot == std::string_view::npos) return {"", std::string(qualified)};
  return {std::string(qualified.substr(0, dot)), std::string(qualified.substr(dot + 1))};
}

bool is_integer_kind(Type::Kind k) {
  return k == Type::Kind::integer || k == Type::Kind::bigint || k == Type::Kind::smallint;
}

// SQLite's DEFAULT takes a literal, a signed number, a bare name or keyword, or an expression
// in parentheses; anything else must be wrapped.
bool default_needs_parens(std::string_view text) {
  std::vector<SqlToken> tokens = tokenize_sql(text);
  if (tokens.empty()) return false;
  if (tokens.size() == 1) return tokens[0].kind == SqlToken::Kind::punct;
  if (tokens.size() == 2 && (tokens[0].is("-") || tokens[0].is("+")) &&
      tokens[1].kind == SqlToken::Kind::number)
    return false;
  if (tokens.size() == 2 && (tokens[0].is_keyword("x")) &&
      tokens[1].kind == SqlToken::Kind::string && tokens[1].offset == tokens[0].offset + 1)
    return false;  // blob literal X'00'
  return strip_outer_parens(text).size() == trim_sql(text).size();
}

// Whether SQLite's ALTER TABLE ADD COLUMN can add `c` to a table that may hold rows: no key or
// unique constraint, a NULL-able column or one with a default, and a constant default.
bool add_column_in_place(const ColumnSpec& c) {
  if (c.primary_key || c.unique) return false;
  // ADD COLUMN cannot add a STORED generated column (lang_altertable.html); a VIRTUAL one it can.
  if (c.generated) return !c.generated->stored;
  const std::string* dflt = nullptr;
  if (c.server_default && c.server_default->kind == DefaultValue::Kind::sql)
    dflt = c.server_default->sql.for_dialect(Dialect::sqlite);
  bool has_default =
      c.server_default && (c.server_default->kind != DefaultValue::Kind::sql || dflt != nullptr);
  if (!c.nullable && !has_default) return false;
  // SQLite's ADD COLUMN refuses a CURRENT_TIMESTAMP default (not constant).
  if (c.server_default && c.server_default->kind == DefaultValue::Kind::now) return false;
  if (dflt) {
    std::vector<SqlToken> tokens = tokenize_sql(*dflt);
    if (tokens.size() == 1 &&
        (tokens[0].is_keyword("CURRENT_TIMESTAMP") || tokens[0].is_keyword("CURRENT_DATE") ||
         tokens[0].is_keyword("CURRENT_TIME")))
      return false;
    if (default_needs_parens(*dflt) || (!tokens.empty() && tokens.front().is("("))) return false;
  }
  return true;
}

// The table spec in one canonical shape: table-level primary_key set whenever there is a key,
// column flags matching it, key columns NOT NULL.
TableSpec canonical(const TableSpec& t) {
  TableSpec out = t;
  std::vector<std::string> pk = t.primary_key_columns();
  if (pk.empty()) {
    out.primary_key.reset();
  } else {
    out.primary_key = PrimaryKeySpec{t.primary_key ? t.primary_key->name : "", pk};
  }
  for (ColumnSpec& c : out.columns) {
    c.primary_key = std::find(pk.begin(), pk.end(), c.name) != pk.end();
    if (c.primary_key) c.nullable = false;
  }
  return out;
}

// The column that becomes SQLite's rowid alias ("INTEGER PRIMARY KEY"): the only primary-key
// column, of an integer type, with autoincrement or identity (SQLite has no identity columns;
// its rowid is what numbers rows there, docs/migration-files.md "Column specs").
const ColumnSpec* rowid_alias(const TableSpec& t) {
  std::vector<std::string> pk = t.primary_key_columns();
  if (pk.size() != 1) return nullptr;
  const ColumnSpec* c = t.find_column(pk[0]);
  if (!c || !(c->autoincrement || c->identity) || !is_integer_kind(c->type.kind)) return nullptr;
  return c;
}

bool contains(const std::vector<std::string>& names, std::string_view name) {
  return std::any_of(names.begin(), names.end(),
                     [&](const std::string& n) { return iequals(n, name); });
}

bool index_mentions(const IndexSpec& index, std::string_view column) {
  for (const IndexColumn& c : index.columns) {
    if (!c.name.empty() && iequals(c.name, column)) return true;
    if (!c.expression.empty() && sql_mentions_identifier(c.expression, column)) return true;
  }
  return !index.where.empty() && sql_mentions_identifier(index.where, column);
}

bool check_mentions(const CheckSpec& check, std::string_view column) {
  const std::string* text = check.expression.for_dialect(Dialect::sqlite);
  return text && sql_mentions_identifier(*text, column);
}

class SqliteDialect final : public SqlDialect {
 public:
  Dialect name() const override { return Dialect::sqlite; }

  std::string quote_identifier(std::string_view identifier) const override {
    std::string out;
    size_t start = 0;
    for (;;) {
      size_t dot = identifier.find('.', start);
      if (!out.empty()) out += '.';
      out += quote_part(identifier.substr(
          start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
      if (dot == std::string_view::npos) return out;
      start = dot + 1;
    }
  }

  std::string quote_literal(std::string_view text) const override {
    std::string out = "'";
    for (char c : text) {
      if (c == '\'') out += '\'';
      out += c;
    }
    out += '\'';
    return out;
  }

  std::string render_type(const Type& type) const override {
    using K = Type::Kind;
    switch (type.kind) {
      case K::integer:
        return "INTEGER";
      case K::bigint:
        return "BIGINT";
      case K::smallint:
        return "SMALLINT";
      case K::boolean:
        return "BOOLEAN";
      case K::float_:
        return "FLOAT";
      case K::double_:
        return "DOUBLE";
      case K::numeric:
        if (type.precision && type.scale)
          return "NUMERIC(" + std::to_string(*type.precision) + ", " + std::to_string(*type.scale) +
                 ")";
        if (type.precision) return "NUMERIC(" + std::to_string(*type.precision) + ")";
        return "NUMERIC";
      case K::string:
        return type.length ? "VARCHAR(" + std::to_string(*type.length) + ")" : "VARCHAR";
      case K::text:
        return "TEXT";
      case K::date:
        return "DATE";
      case K::time:
        return "TIME";
      case K::datetime:
        return "DATETIME";
      case K::json:
      case K::jsonb:
        return "JSON";
      case K::uuid:
        return "CHAR(36)";
      case K::binary:
        return "BLOB";
      case K::enum_: {
        size_t longest = 1;
        for (const auto& v : type.enum_values) longest = std::max(longest, v.size());
        return "VARCHAR(" + std::to_string(longest) + ")";
      }
      case K::custom: {
        const std::string* text = type.custom_sql.for_dialect(Dialect::sqlite);
        if (!text)
          throw Error(ErrorKind::input,
                      "custom type has no sqlite form; write it as {sql: …} or add a sqlite: key");
        return *text;
      }
    }
    return "TEXT";
  }

  std::optional<std::string> render_default(const DefaultValue& value) const override {
    switch (value.kind) {
      case DefaultValue::Kind::number:
        return is_number_literal(value.number) ? value.number : quote_literal(value.number);
      case DefaultValue::Kind::boolean:
        return value.boolean ? "1" : "0";
      case DefaultValue::Kind::now:
        return "CURRENT_TIMESTAMP";
      case DefaultValue::Kind::uuid:
        throw Error(ErrorKind::input,
                    "server_default {uuid: true} has no SQLite form: SQLite has no function that "
                    "makes a UUID; write the default per dialect (server_default: {postgresql: "
                    "\"gen_random_uuid()\"}) or let the application set the value "
                    "(docs/migration-files.md, \"Server defaults\")");
      case DefaultValue::Kind::sql: {
        const std::string* text = value.sql.for_dialect(Dialect::sqlite);
        if (!text) return std::nullopt;
        std::string trimmed(trim_sql(*text));
        if (default_needs_parens(trimmed)) return "(" + trimmed + ")";
        return trimmed;
      }
    }
    return std::nullopt;
  }

  std::string user_error_message(std::string_view message) const override {
    // The database's own words come first; "\n  SQL: …" (the statement as run) follows.
    size_t end = message.find('\n');
    std::string head(message.substr(0, end));
    std::string out;
    size_t from = 0;
    for (size_t at; (at = head.find(kNewTablePrefix, from)) != std::string::npos;) {
      out.append(head, from, at - from);
      from = at + kNewTablePrefix.size();
    }
    out.append(head, from);
    if (end != std::string_view::npos) out.append(message.substr(end));
    return out;
  }

  std::vector<std::string> render(const Op& op, const RenderContext& ctx) const override {
    if (!op.runs_on(Dialect::sqlite)) return {};
    return std::visit(
        Overloaded{
            [&](const CreateTable& o) { return create_table(o.table, o.if_not_exists); },
            [&](const DropTable& o) {
              return one("DROP TABLE " + std::string(o.if_exists ? "IF EXISTS " : "") +
                         quote_identifier(o.table));
            },
            [&](const RenameTable& o) {
              return one("ALTER TABLE " + quote_identifier(o.table) + " RENAME TO " +
                         quote_part(split_table(o.to).name));
            },
            [&](const AddColumn& o) { return add_column(op, o, ctx); },
            [&](const DropColumn& o) { return drop_column(op, o, ctx); },
            [&](const AlterColumn& o) { return alter_column(op, o, ctx); },
            [&](const CreateIndex& o) {
              return one(create_index(o.index, o.table, o.if_not_exists));
            },
            [&](const DropIndex& o) {
              TableName t = split_table(o.table);
              std::string name = t.schema.empty() ? quote_part(o.name)
                                                  : quote_part(t.schema) + "." + quote_part(o.name);
              return one("DROP INDEX " + std::string(o.if_exists ? "IF EXISTS " : "") + name);
            },
            [&](const CreateForeignKey& o) -> std::vector<std::string> {
              TableState state = require_state(op, o.table, ctx);
              if (o.if_not_exists && has_named(state.spec.foreign_keys, o.fk.name)) return {};
              TableSpec after = canonical(state.spec);
              after.foreign_keys.push_back(o.fk);
              return rebuild(state, after, identity_copy(after), o.table);
            },
            [&](const CreateUniqueConstraint& o) -> std::vector<std::string> {
              TableState state = require_state(op, o.table, ctx);
              if (o.if_not_exists && has_named(state.spec.unique, o.unique.name)) return {};
              TableSpec after = canonical(state.spec);
              after.unique.push_back(o.unique);
              return rebuild(state, after, identity_copy(after), o.table);
            },
            [&](const CreateCheckConstraint& o) -> std::vector<std::string> {
              if (!o.check.expression.for_dialect(Dialect::sqlite)) return {};
              TableState state = require_state(op, o.table, ctx);
              if (o.if_not_exists && has_named(state.spec.checks, o.check.name)) return {};
              TableSpec after = canonical(state.spec);
              after.checks.push_back(o.check);
              return rebuild(state, after, identity_copy(after), o.table);
            },
            [&](const CreatePrimaryKey& o) -> std::vector<std::string> {
              TableState state = require_state(op, o.table, ctx);
              if (o.if_not_exists && !state.spec.primary_key_columns().empty()) return {};
              TableSpec after = canonical(state.spec);
              if (after.primary_key)
                throw Error(ErrorKind::database, "create_primary_key: table \"" + o.table +
                                                     "\" already has a primary key");
              after.primary_key = o.pk;
              after = canonical(after);
              return rebuild(state, after, identity_copy(after), o.table);
            },
            [&](const DropConstraint& o) { return drop_constraint(op, o, ctx); },
            [&](const CreateEnum&) { return std::vector<std::string>{}; },
            [&](const DropEnum&) { return std::vector<std::string>{}; },
            [&](const AddEnumValue&) { return std::vector<std::string>{}; },
            [&](const Execute& o) { return text_of(o.sql); },
            [&](const Assert& o) { return text_of(o.sql); },
            [&](const BulkInsert& o) { return bulk_insert(o); },
            [&](const Call&) { return std::vector<std::string>{}; },
            [&](const Irreversible&) { return std::vector<std::string>{}; },
            [&](const RenameIndex& o) { return rename_index(op, o, ctx); },
            // SQLite's constraints hold from their creation: there is nothing to validate.
            [&](const ValidateConstraint&) { return std::vector<std::string>{}; },
            // SQLite stores no comments (create_table's and alter_column's are left out too).
            [&](const SetTableComment&) { return std::vector<std::string>{}; },
            [&]<ObjectOp T>(const T&) { return render_object_op(*this, op); },
        },
        op.body);
  }

  ExistenceForm existence_form(const Op& op) const override {
    if (existence_guard(op.body).empty()) return ExistenceForm::none;
    return std::visit(
        Overloaded{
            [](const CreateTable&) { return ExistenceForm::in_statement; },
            [](const DropTable&) { return ExistenceForm::in_statement; },
            [](const CreateIndex&) { return ExistenceForm::in_statement; },
            [](const DropIndex&) { return ExistenceForm::in_statement; },
            [](const CreateEnum&) { return ExistenceForm::none; },  // nothing to do on SQLite
            [](const DropEnum&) { return ExistenceForm::none; },
            // IF [NOT] EXISTS in the statement (the PostgreSQL-only ones are refused anyway).
            []<ObjectOp T>(const T&) { return ExistenceForm::in_statement; },
            // Columns and constraints: read from the table's definition (PRAGMA table_info,
            // sqlite_schema), which a rebuild reads anyway.
            [](const auto&) { return ExistenceForm::table_definition; },
        },
        op.body);
  }

  std::optional<GuardQuery> catalog_guard(const Op&) const override { return std::nullopt; }

  bool needs_table_state(const Op& op) const override {
    if (!op.runs_on(Dialect::sqlite)) return false;
    return std::visit(
        Overloaded{
            [](const AddColumn& o) { return o.if_not_exists || !add_column_in_place(o.column); },
            [](const DropColumn&) { return true; },
            [](const AlterColumn& o) {
              return o.type.has_value() || o.nullable.has_value() || o.server_default.has_value();
            },
            [](const CreateForeignKey&) { return true; },
            [](const CreateUniqueConstraint&) { return true; },
            [](const CreateCheckConstraint& o) {
              return o.check.expression.for_dialect(Dialect::sqlite) != nullptr;
            },
            [](const CreatePrimaryKey&) { return true; },
            [](const DropConstraint&) { return true; },
            [](const RenameIndex&) { return true; },
            [](const auto&) { return false; },
        },
        op.body);
  }

  std::string create_version_table(std::string_view table) const override {
    TableName t = split_table(table);
    return "CREATE TABLE IF NOT EXISTS " + quote_identifier(table) + " (" +
           quote_part("version_num") + " VARCHAR(32) NOT NULL, CONSTRAINT " +
           quote_part(t.name + "_pkc") + " PRIMARY KEY (" + quote_part("version_num") + "))";
  }

  std::string create_history_table(std::string_view table) const override {
    static constexpr std::pair<std::string_view, std::string_view> kColumns[] = {
        {"id", "INTEGER PRIMARY KEY"},
        {"revision", "VARCHAR(32)"},
        {"direction", "VARCHAR(16) NOT NULL"},
        {"from_revisions", "TEXT"},
        {"message", "TEXT"},
        {"checksum", "VARCHAR(64)"},
        {"started_at", "DATETIME NOT NULL"},
        {"duration_ms", "INTEGER"},
        {"success", "BOOLEAN NOT NULL"},
        {"error", "TEXT"},
        {"applied_by", "TEXT"},
        {"retort_version", "VARCHAR(32)"},
        {"transaction_mode", "VARCHAR(16)"},
    };
    std::string out = "CREATE TABLE IF NOT EXISTS " + quote_identifier(table) + " (";
    bool first = true;
    for (const auto& [column, type] : kColumns) {
      out += first ? "\n" : ",\n";
      first = false;
      out += std::string(kIndent) + quote_part(column) + " " + std::string(type);
    }
    out += "\n)";
    return out;
  }

 private:
  // The one place an identifier part is quoted: "name" with embedded quotes doubled.
  std::string quote_part(std::string_view name) const {
    std::string out = "\"";
    for (char c : name) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
    return out;
  }

  // Whether `list` (constraints of a table's current definition) has one named `name` (SQLite
  // compares names ignoring case): how if_not_exists on a constraint is checked here.
  template <typename List>
  static bool has_named(const List& list, const std::string& name) {
    for (const auto& item : list)
      if (iequals(item.name, name)) return true;
    return false;
  }

  static std::vector<std::string> one(std::string statement) {
    return std::vector<std::string>{std::move(statement)};
  }

  static std::vector<std::string> text_of(const SqlText& sql) {
    const std::string* text = sql.for_dialect(Dialect::sqlite);
    if (!text) return {};
    return std::vector<std::string>{*text};
  }

  std::string fk_action(std::string_view action) const {
    std::string words;
    for (const SqlToken& t : tokenize_sql(action)) {
      if (!words.empty()) words += ' ';
      words += upper(t.text);
    }
    static constexpr std::string_view kAllowed[] = {"CASCADE", "SET NULL", "SET DEFAULT",
                                                    "RESTRICT", "NO ACTION"};
    for (std::string_view allowed : kAllowed)
      if (words == allowed) return words;
    throw Error(ErrorKind::input, "unknown foreign key action '" + std::string(action) +
                                      "' (expected CASCADE, SET NULL, SET DEFAULT, RESTRICT or "
                                      "NO ACTION)");
  }

  std::string column_list(const std::vector<std::string>& columns) const {
    std::string out = "(";
    for (size_t i = 0; i < columns.size(); ++i) {
      if (i) out += ", ";
      out += quote_part(columns[i]);
    }
    return out + ")";
  }

  std::string constraint_name(const std::string& name) const {
    return name.empty() ? "" : "CONSTRAINT " + quote_part(name) + " ";
  }

  std::string column_definition(const ColumnSpec& c, const TableSpec& table,
                                const ColumnSpec* alias) const {
    bool is_alias = alias == &c;
    if (c.identity && !is_alias)
      throw Error(ErrorKind::input, c.where,
                  "identity column '" + c.name +
                      "': SQLite has no identity columns; there an identity column can only be "
                      "the table's single integer primary key (SQLite's rowid numbers it): make "
                      "it the table's only primary-key column, or give the op "
                      "`dialect: postgresql`");
    std::string type = is_alias ? "INTEGER" : render_type(c.type);
    std::string out = quote_part(c.name) + (type.empty() ? "" : " " + type);  // SQLite allows none
    if (c.generated) {
      const std::string* expr = c.generated->expression.for_dialect(Dialect::sqlite);
      if (!expr)
        throw Error(ErrorKind::input, c.where,
                    "generated column '" + c.name +
                        "' has no sqlite expression; add `sqlite: …` to its expression");
      out +=
          " GENERATED ALWAYS AS (" + *expr + ")" + (c.generated->stored ? " STORED" : " VIRTUAL");
    }
    if (is_alias) {
      out +=
          " " + constraint_name(table.primary_key ? table.primary_key->name : "") + "PRIMARY KEY";
    } else if (!c.nullable || contains(table.primary_key_columns(), c.name)) {
      out += " NOT NULL";
    }
    if (c.server_default)
      if (auto d = render_default(*c.server_default)) out += " DEFAULT " + *d;
    if (c.unique) out += " UNIQUE";
    if (c.type.kind == Type::Kind::enum_) {
      out += " " + constraint_name(c.type.enum_name) + "CHECK (" + quote_part(c.name) + " IN (";
      for (size_t i = 0; i < c.type.enum_values.size(); ++i) {
        if (i) out += ", ";
        out += quote_literal(c.type.enum_values[i]);
      }
      out += "))";
    }
    return out;
  }

  std::string foreign_key_clause(const ForeignKeySpec& fk) const {
    std::string out = constraint_name(fk.name) + "FOREIGN KEY " + column_list(fk.columns) +
                      " REFERENCES " + quote_part(split_table(fk.ref_table).name);
    if (!fk.ref_columns.empty()) out += " " + column_list(fk.ref_columns);
    if (!fk.on_delete.empty()) out += " ON DELETE " + fk_action(fk.on_delete);
    if (!fk.on_update.empty()) out += " ON UPDATE " + fk_action(fk.on_update);
    return out;
  }

  // CREATE TABLE for `spec`, named `created_name` (a qualified name) instead of spec.name.
  std::string create_table_statement(const TableSpec& spec, std::string_view created_name,
                                     bool if_not_exists) const {
    const ColumnSpec* alias = rowid_alias(spec);
    std::vector<std::string> items;
    for (const ColumnSpec& c : spec.columns) items.push_back(column_definition(c, spec, alias));
    std::vector<std::string> pk = spec.primary_key_columns();
    if (!pk.empty() && !alias)
      items.push_back(constraint_name(spec.primary_key ? spec.primary_key->name : "") +
                      "PRIMARY KEY " + column_list(pk));
    for (const ForeignKeySpec& fk : spec.foreign_keys) items.push_back(foreign_key_clause(fk));
    for (const UniqueSpec& u : spec.unique) {
      if (u.nulls_not_distinct) refuse_nulls_not_distinct("unique constraint", u.name, u.where);
      // INCLUDE is PostgreSQL's (a covering index); SQLite's key is the same without it.
      items.push_back(constraint_name(u.name) + "UNIQUE " + column_list(u.columns));
    }
    for (const CheckSpec& ck : spec.checks)
      if (const std::string* text = ck.expression.for_dialect(Dialect::sqlite))
        items.push_back(constraint_name(ck.name) + "CHECK (" + *text + ")");
    std::string out = "CREATE TABLE " + std::string(if_not_exists ? "IF NOT EXISTS " : "") +
                      quote_identifier(created_name) + " (";
    for (size_t i = 0; i < items.size(); ++i)
      out += (i ? ",\n" : "\n") + std::string(kIndent) + items[i];
    out += "\n)";
    return out;
  }

  // SQLite's unique indexes always treat NULLs as distinct and cannot say otherwise.
  [[noreturn]] static void refuse_nulls_not_distinct(std::string_view what, const std::string& name,
                                                     const SourceLocation& where) {
    throw Error(ErrorKind::input, where,
                std::string(what) + (name.empty() ? "" : " " + name) +
                    ": SQLite cannot make NULLs not distinct (its unique indexes always treat "
                    "NULLs as distinct); give the op `dialect: postgresql`");
  }

  std::string create_index(const IndexSpec& index, std::string_view table,
                           bool if_not_exists) const {
    if (index.nulls_not_distinct) refuse_nulls_not_distinct("index", index.name, index.where_loc);
    TableName t = split_table(table);
    std::string out = std::string("CREATE ") + (index.unique ? "UNIQUE " : "") + "INDEX " +
                      (if_not_exists ? "IF NOT EXISTS " : "") +
                      (t.schema.empty() ? "" : quote_part(t.schema) + ".") +
                      quote_part(index.name) + " ON " + quote_part(t.name) + " (";
    for (size_t i = 0; i < index.columns.size(); ++i) {
      if (i) out += ", ";
      const IndexColumn& c = index.columns[i];
      out += c.expression.empty() ? quote_part(c.name) : c.expression;
      if (c.descending) out += " DESC";
      // SQLite's index order puts NULLs first ascending and last descending, and its CREATE
      // INDEX cannot say otherwise. `opclass` is PostgreSQL's and is not rendered here.
      NullsOrder natural = c.descending ? NullsOrder::last : NullsOrder::first;
      if (c.nulls != NullsOrder::default_ && c.nulls != natural)
        throw Error(ErrorKind::input, index.where_loc,
                    "index " + index.name + ": SQLite cannot put NULLs " +
                        (c.nulls == NullsOrder::first ? "first" : "last") + " in " +
                        (c.descending ? "descending" : "ascending") +
                        " order (its indexes sort NULLs as the smallest value); drop `nulls:` or "
                        "give the op `dialect: postgresql`");
    }
    out += ")";
    if (!index.where.empty()) out += " WHERE " + index.where;
    return out;
  }

  std::vector<std::string> create_table(const TableSpec& spec, bool if_not_exists) const {
    std::vector<std::string> out{create_table_statement(spec, spec.name, if_not_exists)};
    for (const IndexSpec& index : spec.indexes)
      out.push_back(create_index(index, spec.name, if_not_exists));
    return out;
  }

  std::vector<std::string> bulk_insert(const BulkInsert& o) const {
    std::vector<std::string> out;
    if (o.rows.empty() || o.columns.empty()) return out;
    std::string head =
        "INSERT INTO " + quote_identifier(o.table) + " " + column_list(o.columns) + " VALUES";
    for (size_t start = 0; start < o.rows.size(); start += kSqliteRowsPerInsert) {
      std::string sql = head;
      size_t end = std::min(o.rows.size(), start + kSqliteRowsPerInsert);
      for (size_t r = start; r < end; ++r) {
        sql += r == start ? "\n" : ",\n";
        sql += std::string(kIndent) + "(";
        for (size_t i = 0; i < o.columns.size(); ++i) {
          if (i) sql += ", ";
          sql += i < o.rows[r].size() ? value_literal(o.rows[r][i]) : "NULL";
        }
        sql += ")";
      }
      out.push_back(std::move(sql));
    }
    return out;
  }

  std::string value_literal(const Value& v) const {
    switch (v.kind) {
      case Value::Kind::null:
        return "NULL";
      case Value::Kind::boolean:
        return v.text == "true" || v.text == "1" ? "1" : "0";
      case Value::Kind::integer:
      case Value::Kind::real:
        return is_number_literal(v.text) ? v.text : quote_literal(v.text);
      case Value::Kind::string:
      case Value::Kind::json:
        return quote_literal(v.text);
    }
    return "NULL";
  }

  // --- ops that may need the table's current definition -------------------------------------

  // The table's state from ctx, or an error saying why the op cannot be rendered without it.
  TableState require_state(const Op& op, const std::string& table, const RenderContext& ctx) const {
    std::optional<TableState> state;
    if (ctx.lookup_table) state = ctx.lookup_table(table);
    if (state) return *state;
    std::string what = std::string(op_name(op.body)) + " on SQLite rebuilds table \"" + table +
                       "\", which needs the table's current definition";
    if (!ctx.lookup_table || ctx.offline)
      throw Error(ErrorKind::input, op.where,
                  what +
                      ", and none is known here (offline SQL has no database to read it "
                      "from)");
    throw Error(ErrorKind::database, op.where, what + ": no such table: " + table);
  }

  std::optional<TableState> try_state(const std::string& table, const RenderContext& ctx) const {
    if (!ctx.lookup_table) return std::nullopt;
    return ctx.lookup_table(table);
  }

  static std::vector<std::pair<std::string, std::string>> identity_copy(const TableSpec& after) {
    std::vector<std::pair<std::string, std::string>> copy;
    for (const ColumnSpec& c : after.columns) copy.emplace_back(c.name, c.name);
    return copy;
  }

  static ColumnSpec& find_column_or_throw(TableSpec& spec, const std::string& column,
                                          const Op& op) {
    for (ColumnSpec& c : spec.columns)
      if (iequals(c.name, column)) return c;
    throw Error(ErrorKind::database, op.where,
                std::string(op_name(op.body)) + ": no such column: \"" + spec.name + "\".\"" +
                    column + "\"");
  }

  std::vector<std::string> add_column(const Op& op, const AddColumn& o,
                                      const RenderContext& ctx) const {
    std::optional<TableState> state = try_state(o.table, ctx);
    if (o.if_not_exists && state) {
      for (const ColumnSpec& c : state->spec.columns)
        if (iequals(c.name, o.column.name)) return {};
    }
    if (add_column_in_place(o.column)) {
      TableSpec single;
      single.name = o.table;
      return one("ALTER TABLE " + quote_identifier(o.table) + " ADD COLUMN " +
                 column_definition(o.column, single, nullptr));
    }
    TableState before = state ? *state : require_state(op, o.table, ctx);
    TableSpec after = canonical(before.spec);
    std::vector<std::pair<std::string, std::string>> copy = identity_copy(after);
    ColumnSpec added = o.column;
    if (added.primary_key) {
      if (after.primary_key)
        throw Error(ErrorKind::database, op.where,
                    "add_column: table \"" + o.table + "\" already has a primary key");
      after.primary_key = PrimaryKeySpec{"", {added.name}};
    }
    after.columns.push_back(std::move(added));
    return rebuild(before, canonical(after), copy, o.table);
  }

  std::vector<std::string> drop_column(const Op& op, const DropColumn& o,
                                       const RenderContext& ctx) const {
    std::string in_place =
        "ALTER TABLE " + quote_identifier(o.table) + " DROP COLUMN " + quote_part(o.column);
    std::optional<TableState> state = try_state(o.table, ctx);
    if (!state) return one(in_place);
    TableSpec after = canonical(state->spec);
    const ColumnSpec* column = nullptr;
    for (const ColumnSpec& c : after.columns)
      if (iequals(c.name, o.column)) column = &c;
    if (!column) {
      if (o.if_exists) return {};
      find_column_or_throw(after, o.column, op);  // throws "no such column"
      return {};
    }
    const std::string name = column->name;
    bool involved = column->primary_key || column->unique;
    for (const ForeignKeySpec& fk : after.foreign_keys) involved |= contains(fk.columns, name);
    for (const UniqueSpec& u : after.unique) involved |= contains(u.columns, name);
    for (const IndexSpec& index : after.indexes) involved |= index_mentions(index, name);
    for (const CheckSpec& ck : after.checks) involved |= check_mentions(ck, name);
    for (const std::string& trigger : state->trigger_sql)
      involved |= sql_mentions_identifier(trigger, name);
    if (!involved) return one(in_place);

    // Rebuild without the column and without everything that involves it.
    std::erase_if(after.columns, [&](const ColumnSpec& c) { return c.name == name; });
    if (after.primary_key && contains(after.primary_key->columns, name)) {
      after.primary_key.reset();
      for (ColumnSpec& c : after.columns) c.primary_key = false;
    }
    std::erase_if(after.foreign_keys,
                  [&](const ForeignKeySpec& fk) { return contains(fk.columns, name); });
    std::erase_if(after.unique, [&](const UniqueSpec& u) { return contains(u.columns, name); });
    std::erase_if(after.indexes,
                  [&](const IndexSpec& index) { return index_mentions(index, name); });
    std::erase_if(after.checks, [&](const CheckSpec& ck) { return check_mentions(ck, name); });
    return rebuild(*state, after, identity_copy(after), o.table);
  }

  // Renames `from` to `to` everywhere in `spec` and `triggers`, as SQLite's RENAME COLUMN does.
  void rename_column_in(TableSpec& spec, std::vector<std::string>& triggers,
                        const std::string& from, const std::string& to) const {
    std::string quoted = quote_part(to);
    auto rename = [&](std::string& name) {
      if (iequals(name, from)) name = to;
    };
    auto rename_sql = [&](std::string& sql) {
      if (!sql.empty()) sql = replace_identifier(sql, from, quoted);
    };
    for (ColumnSpec& c : spec.columns) rename(c.name);
    if (spec.primary_key)
      for (auto& c : spec.primary_key->columns) rename(c);
    for (ForeignKeySpec& fk : spec.foreign_keys)
      for (auto& c : fk.columns) rename(c);
    for (UniqueSpec& u : spec.unique)
      for (auto& c : u.columns) rename(c);
    for (IndexSpec& index : spec.indexes) {
      for (IndexColumn& c : index.columns) {
        rename(c.name);
        rename_sql(c.expression);
      }
      rename_sql(index.where);
      for (auto& c : index.include) rename(c);
    }
    for (UniqueSpec& u : spec.unique)
      for (auto& c : u.include) rename(c);
    for (ColumnSpec& c : spec.columns) {
      if (!c.generated) continue;
      if (c.generated->expression.common) rename_sql(*c.generated->expression.common);
      for (auto& [d, text] : c.generated->expression.per_dialect) rename_sql(text);
    }
    for (CheckSpec& ck : spec.checks) {
      if (ck.expression.common) rename_sql(*ck.expression.common);
      for (auto& [d, text] : ck.expression.per_dialect) rename_sql(text);
    }
    for (std::string& trigger : triggers) rename_sql(trigger);
  }

  std::vector<std::string> alter_column(const Op& op, const AlterColumn& o,
                                        const RenderContext& ctx) const {
    std::vector<std::string> out;
    std::string column = o.column;
    if (o.rename_to && *o.rename_to != o.column) {
      out.push_back("ALTER TABLE " + quote_identifier(o.table) + " RENAME COLUMN " +
                    quote_part(o.column) + " TO " + quote_part(*o.rename_to));
      column = *o.rename_to;
    }
    // A comment is not stored by SQLite; using is PostgreSQL's cast.
    if (!o.type && !o.nullable && !o.server_default) return out;

    // The rebuild starts from the table as it is after the in-place rename above.
    TableState renamed = require_state(op, o.table, ctx);
    renamed.spec = canonical(renamed.spec);
    if (column != o.column) {
      find_column_or_throw(renamed.spec, o.column, op);
      rename_column_in(renamed.spec, renamed.trigger_sql, o.column, column);
    }
    TableSpec after = renamed.spec;
    ColumnSpec& c = find_column_or_throw(after, column, op);
    if (o.type) {
      c.type = *o.type;
      if (!is_integer_kind(c.type.kind)) c.autoincrement = false;
    }
    if (o.nullable) c.nullable = *o.nullable && !c.primary_key;
    if (o.server_default) c.server_default = *o.server_default;
    std::vector<std::string> rebuilt = rebuild(renamed, after, identity_copy(after), o.table);
    out.insert(out.end(), rebuilt.begin(), rebuilt.end());
    return out;
  }

  std::vector<std::string> drop_constraint(const Op& op, const DropConstraint& o,
                                           const RenderContext& ctx) const {
    TableState state = require_state(op, o.table, ctx);
    TableSpec after = canonical(state.spec);
    auto missing = [&](std::string_view kind) {
      return Error(ErrorKind::database, op.where,
                   "drop_constraint: table \"" + o.table + "\" has no " + std::string(kind) +
                       " named \"" + o.name + "\"");
    };
    auto erase_named = [&](auto& list) {
      size_t before = list.size();
      std::erase_if(list, [&](const auto& item) { return iequals(item.name, o.name); });
      return list.size() != before;
    };
    switch (o.type) {
      case ConstraintType::foreign_key:
        if (!erase_named(after.foreign_keys)) {
          if (o.if_exists) return {};
          throw missing("foreign key");
        }
        break;
      case ConstraintType::unique:
        if (!erase_named(after.unique)) {
          if (o.if_exists) return {};
          throw missing("unique constraint");
        }
        break;
      case ConstraintType::check: {
        if (erase_named(after.checks)) break;
        // An enum column's CHECK carries the enum's name: dropping it leaves a plain VARCHAR.
        bool found = false;
        for (ColumnSpec& c : after.columns) {
          if (c.type.kind == Type::Kind::enum_ && iequals(c.type.enum_name, o.name)) {
            size_t longest = 1;
            for (const auto& v : c.type.enum_values) longest = std::max(longest, v.size());
            c.type = Type{};
            c.type.kind = Type::Kind::string;
            c.type.length = static_cast<int>(longest);
            found = true;
          }
        }
        if (!found && o.if_exists) return {};
        if (!found) throw missing("check constraint");
        break;
      }
      case ConstraintType::primary_key:
        if (!after.primary_key || (!after.primary_key->name.empty() && !o.name.empty() &&
                                   !iequals(after.primary_key->name, o.name))) {
          if (o.if_exists) return {};
          throw missing("primary key");
        }
        after.primary_key.reset();
        for (ColumnSpec& c : after.columns) {
          c.primary_key = false;
          c.autoincrement = false;
        }
        break;
    }
    return rebuild(state, after, identity_copy(after), o.table);
  }

  // SQLite has no ALTER INDEX … RENAME: the index is made again under its new name from the
  // table's definition, and the old one dropped.
  std::vector<std::string> rename_index(const Op& op, const RenameIndex& o,
                                        const RenderContext& ctx) const {
    if (o.table.empty())
      throw Error(ErrorKind::input, op.where,
                  "rename_index on SQLite needs `table`: SQLite cannot rename an index, so retort "
                  "creates it again from its table's definition");
    TableState state = require_state(op, o.table, ctx);
    std::string old_name(split_table(o.name).name);
    for (const IndexSpec& index : state.spec.indexes) {
      if (!iequals(index.name, old_name)) continue;
      IndexSpec renamed = index;
      renamed.name = split_table(o.to).name;
      TableName t = split_table(o.table);
      std::string dropped = t.schema.empty() ? quote_part(index.name)
                                             : quote_part(t.schema) + "." + quote_part(index.name);
      return {"DROP INDEX " + dropped, create_index(renamed, o.table, false)};
    }
    throw Error(ErrorKind::database, op.where,
                "rename_index: table \"" + o.table + "\" has no index named \"" + old_name + "\"");
  }

  // SQLite's 12-step table rebuild (see the note at the top of this file). `copy` pairs each
  // new column with the old column its rows come from.
  std::vector<std::string> rebuild(const TableState& before, const TableSpec& after_in,
                                   const std::vector<std::pair<std::string, std::string>>& copy,
                                   const std::string& table) const {
    std::vector<std::string> out;
    TableSpec after = after_in;
    after.name = table;
    TableName t = split_table(table);
    std::string schema_prefix = t.schema.empty() ? "" : t.schema + ".";
    std::string new_name = schema_prefix + std::string(kNewTablePrefix) + t.name;

    std::vector<std::string> copied_new;
    std::vector<std::string> copied_old;
    for (const auto& [new_column, old_column] : copy) {
      // A generated column computes its own values: it takes no INSERT.
      const ColumnSpec* made = after.find_column(new_column);
      if (made && made->generated) continue;
      if (std::any_of(before.spec.columns.begin(), before.spec.columns.end(),
                      [&](const ColumnSpec& c) { return iequals(c.name, old_column); })) {
        copied_new.push_back(new_column);
        copied_old.push_back(old_column);
      }
    }

    out.push_back("PRAGMA defer_foreign_keys=ON");
    out.push_back("DROP TABLE IF EXISTS " + quote_identifier(new_name));
    out.push_back(create_table_statement(after, new_name, false));
    if (!copied_new.empty()) {
      std::string select;
      for (size_t i = 0; i < copied_old.size(); ++i)
        select += (i ? ", " : "") + quote_part(copied_old[i]);
      out.push_back("INSERT INTO " + quote_identifier(new_name) + " " + column_list(copied_new) +
                    " SELECT " + select + " FROM " + quote_identifier(table));
    }
    out.push_back("DROP TABLE " + quote_identifier(table));
    out.push_back("PRAGMA legacy_alter_table=ON");
    out.push_back("ALTER TABLE " + quote_identifier(new_name) + " RENAME TO " + quote_part(t.name));
    out.push_back("PRAGMA legacy_alter_table=OFF");
    for (const IndexSpec& index : after.indexes) out.push_back(create_index(index, table, false));
    for (const std::string& trigger : before.trigger_sql) out.push_back(trigger);
    out.push_back("PRAGMA " + (t.schema.empty() ? "" : quote_part(t.schema) + ".") +
                  "foreign_key_check(" + quote_part(t.name) + ")");
    return out;
  }
};

}  // namespace

const SqlDialect& sqlite_dialect() {
  static const SqliteDialect kDialect;
  return kDialect;
}

}  // namespace retort
