// PostgreSQL rendering of every op (docs/migration-files.md). Statements are returned without a
// trailing semicolon; the runner executes them one by one and the offline writer adds the
// terminators.
//
// Decisions worth knowing (see also docs):
// - An enum column refers to the type by name; the type itself is made by `create_enum` (the
//   model's `enums:`), never implicitly by create_table, so that downgrades stay exact.
// - alter_column puts its type, nullability and default changes in one ALTER TABLE (one lock,
//   at most one rewrite); when both the type and the default change, the old default is dropped
//   first, as PostgreSQL's manual recommends. The comment follows, the rename comes last.
// - Schema-qualified names ("schema.table") are quoted part by part by quote_identifier().
#include "dialect/postgresql_dialect.hpp"

#include <cctype>

#include "base/overloaded.hpp"
#include "base/strings.hpp"
#include "dialect/object_sql.hpp"
#include "sql/text.hpp"

namespace retort {

namespace {

constexpr size_t kPgRowsPerInsert = 1000;

bool is_simple_word(std::string_view s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  for (char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

// "schema" of "schema.table", "" for a bare name.
std::string_view schema_of(std::string_view table) {
  size_t dot = table.rfind('.');
  return dot == std::string_view::npos ? std::string_view() : table.substr(0, dot);
}

std::string_view last_part(std::string_view name) {
  size_t dot = name.rfind('.');
  return dot == std::string_view::npos ? name : name.substr(dot + 1);
}

class PostgresqlDialect final : public SqlDialect {
 public:
  Dialect name() const override { return Dialect::postgresql; }

  std::string quote_identifier(std::string_view identifier) const override {
    std::string out;
    out.reserve(identifier.size() + 2);
    out += '"';
    for (char c : identifier) {
      if (c == '.') {
        out += "\".\"";
      } else {
        if (c == '"') out += '"';
        out += c;
      }
    }
    out += '"';
    return out;
  }

  std::string quote_literal(std::string_view text) const override {
    // A backslash makes the literal an escape string (E'…') with backslashes doubled, which
    // means the same whatever standard_conforming_strings says.
    bool backslash = text.find('\\') != std::string_view::npos;
    std::string out;
    out.reserve(text.size() + 3);
    if (backslash) out += 'E';
    out += '\'';
    for (char c : text) {
      if (c == '\'' || (backslash && c == '\\')) out += c;
      out += c;
    }
    out += '\'';
    return out;
  }

  std::string render_type(const Type& type) const override { return type_sql(type, {}); }

  std::optional<std::string> render_default(const DefaultValue& value) const override {
    switch (value.kind) {
      case DefaultValue::Kind::number:
        return is_number_literal(value.number) ? value.number : quote_literal(value.number);
      case DefaultValue::Kind::boolean:
        return value.boolean ? "true" : "false";
      case DefaultValue::Kind::now:
        // Stored and read back as CURRENT_TIMESTAMP, as on SQLite (docs/migration-files.md).
        return "CURRENT_TIMESTAMP";
      case DefaultValue::Kind::uuid:
        return "gen_random_uuid()";  // core since PostgreSQL 13
      case DefaultValue::Kind::sql:
        if (const std::string* text = value.sql.for_dialect(Dialect::postgresql)) return *text;
        return std::nullopt;
    }
    return std::nullopt;
  }

  std::vector<std::string> render(const Op& op, const RenderContext&) const override {
    if (!op.runs_on(Dialect::postgresql)) return {};
    std::vector<std::string> out;
    std::visit(
        Overloaded{
            [&](const CreateTable& o) { create_table(o, out); },
            [&](const DropTable& o) {
              out.push_back(std::string("DROP TABLE ") + (o.if_exists ? "IF EXISTS " : "") +
                            quote_identifier(o.table));
            },
            [&](const RenameTable& o) { rename_table(o, op.where, out); },
            [&](const AddColumn& o) { add_column(o, out); },
            [&](const DropColumn& o) {
              out.push_back("ALTER TABLE " + quote_identifier(o.table) + " DROP COLUMN " +
                            (o.if_exists ? "IF EXISTS " : "") + quote_identifier(o.column));
            },
            [&](const AlterColumn& o) { alter_column(o, op.where, out); },
            [&](const CreateIndex& o) {
              out.push_back(
                  create_index(o.index, o.table, o.concurrently, o.if_not_exists, op.where));
            },
            [&](const DropIndex& o) { out.push_back(drop_index(o)); },
            [&](const CreateForeignKey& o) {
              std::string sql = "ALTER TABLE " + quote_identifier(o.table) + " ADD " +
                                foreign_key(o.fk, op.where);
              if (o.fk.not_valid) sql += " NOT VALID";
              out.push_back(std::move(sql));
            },
            [&](const CreateUniqueConstraint& o) {
              out.push_back("ALTER TABLE " + quote_identifier(o.table) + " ADD " +
                            unique_constraint(o.unique));
            },
            [&](const CreateCheckConstraint& o) {
              if (const std::string* expr = o.check.expression.for_dialect(Dialect::postgresql))
                out.push_back("ALTER TABLE " + quote_identifier(o.table) + " ADD " +
                              constraint_name(o.check.name) + "CHECK (" + *expr + ")" +
                              (o.check.not_valid ? " NOT VALID" : ""));
            },
            [&](const RenameIndex& o) {
              out.push_back("ALTER INDEX " + qualified_index(o.name, o.table) + " RENAME TO " +
                            quote_identifier(last_part(o.to)));
            },
            [&](const ValidateConstraint& o) {
              out.push_back("ALTER TABLE " + quote_identifier(o.table) + " VALIDATE CONSTRAINT " +
                            quote_identifier(o.name));
            },
            [&](const SetTableComment& o) { out.push_back(table_comment(o.table, o.comment)); },
            [&]<ObjectOp T>(const T&) { out = render_object_op(*this, op); },
            [&](const CreatePrimaryKey& o) {
              out.push_back("ALTER TABLE " + quote_identifier(o.table) + " ADD " +
                            constraint_name(o.pk.name) + "PRIMARY KEY (" +
                            column_list(o.pk.columns) + ")");
            },
            [&](const DropConstraint& o) {
              out.push_back("ALTER TABLE " + quote_identifier(o.table) + " DROP CONSTRAINT " +
                            (o.if_exists ? "IF EXISTS " : "") + quote_identifier(o.name));
            },
            [&](const CreateEnum& o) {
              std::vector<std::string> values;
              for (const auto& v : o.spec.values) values.push_back(quote_literal(v));
              out.push_back("CREATE TYPE " + quote_identifier(o.spec.name) + " AS ENUM (" +
                            join(values, ", ") + ")");
            },
            [&](const DropEnum& o) {
              out.push_back(std::string("DROP TYPE ") + (o.if_exists ? "IF EXISTS " : "") +
                            quote_identifier(o.name));
            },
            [&](const AddEnumValue& o) { add_enum_value(o, op.where, out); },
            [&](const Execute& o) {
              if (const std::string* sql = o.sql.for_dialect(Dialect::postgresql))
                out.push_back(*sql);
            },
            [&](const Assert& o) {
              if (const std::string* sql = o.sql.for_dialect(Dialect::postgresql))
                out.push_back(*sql);
            },
            [&](const BulkInsert& o) { bulk_insert(o, out); },
            [&](const Call&) {},          // the runner calls the registered step
            [&](const Irreversible&) {},  // the runner refuses to go past it
        },
        op.body);
    return out;
  }

  bool needs_table_state(const Op&) const override { return false; }

  ExistenceForm existence_form(const Op& op) const override {
    if (existence_guard(op.body).empty()) return ExistenceForm::none;
    return catalog_guard(op) ? ExistenceForm::catalog_query : ExistenceForm::in_statement;
  }

  // PostgreSQL has no ADD CONSTRAINT IF NOT EXISTS nor CREATE TYPE IF NOT EXISTS: those are
  // looked up in pg_constraint / pg_type. to_regclass / to_regtype resolve the quoted name as
  // the statement would (search_path, schema-qualified names) and give NULL when it is absent.
  std::optional<GuardQuery> catalog_guard(const Op& op) const override {
    auto constraint = [&](const std::string& table, const std::string& name) {
      return GuardQuery{"if_not_exists",
                        "SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = to_regclass(" +
                            quote_literal(quote_identifier(table)) +
                            ") AND conname = " + quote_literal(name),
                        false};
    };
    return std::visit(
        Overloaded{
            [&](const CreateForeignKey& o) -> std::optional<GuardQuery> {
              if (!o.if_not_exists) return std::nullopt;
              return constraint(o.table, o.fk.name);
            },
            [&](const CreateUniqueConstraint& o) -> std::optional<GuardQuery> {
              if (!o.if_not_exists) return std::nullopt;
              return constraint(o.table, o.unique.name);
            },
            [&](const CreateCheckConstraint& o) -> std::optional<GuardQuery> {
              if (!o.if_not_exists) return std::nullopt;
              return constraint(o.table, o.check.name);
            },
            [&](const CreatePrimaryKey& o) -> std::optional<GuardQuery> {
              // A table has one primary key, whatever its name.
              if (!o.if_not_exists) return std::nullopt;
              return GuardQuery{
                  "if_not_exists",
                  "SELECT 1 FROM pg_catalog.pg_constraint WHERE conrelid = to_regclass(" +
                      quote_literal(quote_identifier(o.table)) + ") AND contype = 'p'",
                  false};
            },
            [&](const CreateEnum& o) -> std::optional<GuardQuery> {
              if (!o.if_not_exists) return std::nullopt;
              return GuardQuery{"if_not_exists",
                                "SELECT 1 WHERE to_regtype(" +
                                    quote_literal(quote_identifier(o.spec.name)) + ") IS NOT NULL",
                                false};
            },
            [](const auto&) -> std::optional<GuardQuery> { return std::nullopt; },
        },
        op.body);
  }

  std::string create_version_table(std::string_view table) const override {
    std::string pk = std::string(last_part(table)) + "_pkc";
    return "CREATE TABLE IF NOT EXISTS " + quote_identifier(table) + " (" +
           quote_identifier("version_num") + " VARCHAR(32) NOT NULL, CONSTRAINT " +
           quote_identifier(pk) + " PRIMARY KEY (" + quote_identifier("version_num") + "))";
  }

  std::string create_history_table(std::string_view table) const override {
    std::string pk = std::string(last_part(table)) + "_pkey";
    auto col = [this](std::string_view name, std::string_view rest) {
      return "  " + quote_identifier(name) + " " + std::string(rest) + ",\n";
    };
    return "CREATE TABLE IF NOT EXISTS " + quote_identifier(table) + " (\n" +
           col("id", "BIGSERIAL NOT NULL") + col("revision", "VARCHAR(32) NOT NULL") +
           col("direction", "VARCHAR(16) NOT NULL") + col("from_revisions", "TEXT") +
           col("message", "TEXT") + col("checksum", "VARCHAR(64)") +
           col("started_at", "TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP") +
           col("duration_ms", "BIGINT") + col("success", "BOOLEAN NOT NULL") +
           col("error", "TEXT") + col("applied_by", "TEXT") + col("retort_version", "VARCHAR(32)") +
           col("transaction_mode", "VARCHAR(16)") + "  CONSTRAINT " + quote_identifier(pk) +
           " PRIMARY KEY (" + quote_identifier("id") + ")\n)";
  }

 private:
  std::string type_sql(const Type& type, const SourceLocation& where) const {
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
        return "REAL";
      case K::double_:
        return "DOUBLE PRECISION";
      case K::numeric:
        if (!type.precision) return "NUMERIC";
        if (!type.scale) return "NUMERIC(" + std::to_string(*type.precision) + ")";
        return "NUMERIC(" + std::to_string(*type.precision) + ", " + std::to_string(*type.scale) +
               ")";
      case K::string:
        return type.length ? "VARCHAR(" + std::to_string(*type.length) + ")" : "VARCHAR";
      case K::text:
        return "TEXT";
      case K::date:
        return "DATE";
      case K::time:
        return "TIME";
      case K::datetime:
        return type.timezone ? "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP WITHOUT TIME ZONE";
      case K::json:
        return "JSON";
      case K::jsonb:
        return "JSONB";
      case K::uuid:
        return "UUID";
      case K::binary:
        return "BYTEA";
      case K::enum_:
        return quote_identifier(type.enum_name);
      case K::custom:
        if (const std::string* text = type.custom_sql.for_dialect(Dialect::postgresql))
          return *text;
        throw Error(ErrorKind::input, where,
                    "the custom type has no postgresql form; give it as {sql: …} or add "
                    "`postgresql: …` to it");
    }
    return "TEXT";
  }

  // SERIAL/BIGSERIAL/SMALLSERIAL for an autoincrement integer column, else the plain type.
  std::string column_type(const ColumnSpec& c) const {
    if (c.autoincrement) {
      if (c.type.kind == Type::Kind::integer) return "SERIAL";
      if (c.type.kind == Type::Kind::bigint) return "BIGSERIAL";
      if (c.type.kind == Type::Kind::smallint) return "SMALLSERIAL";
    }
    return type_sql(c.type, c.where);
  }

  bool is_serial(const ColumnSpec& c) const {
    return c.autoincrement &&
           (c.type.kind == Type::Kind::integer || c.type.kind == Type::Kind::bigint ||
            c.type.kind == Type::Kind::smallint);
  }

  // `"name" TYPE [GENERATED …] [NOT NULL] [DEFAULT x] [PRIMARY KEY] [UNIQUE]`.
  std::string column_definition(const ColumnSpec& c, bool inline_primary_key) const {
    std::string sql = quote_identifier(c.name) + " " + column_type(c);
    if (c.identity) {
      sql += c.identity->always ? " GENERATED ALWAYS AS IDENTITY"
                                : " GENERATED BY DEFAULT AS IDENTITY";
      std::vector<std::string> options;
      if (c.identity->start) options.push_back("START WITH " + std::to_string(*c.identity->start));
      if (c.identity->increment)
        options.push_back("INCREMENT BY " + std::to_string(*c.identity->increment));
      if (!options.empty()) sql += " (" + join(options, " ") + ")";
    }
    if (c.generated) {
      const std::string* expr = c.generated->expression.for_dialect(Dialect::postgresql);
      if (!expr)
        throw Error(ErrorKind::input, c.where,
                    "generated column '" + c.name +
                        "' has no postgresql expression; add `postgresql: …` to its expression");
      if (!c.generated->stored)
        throw Error(ErrorKind::input, c.where,
                    "generated column '" + c.name +
                        "' is virtual (stored: false), and PostgreSQL stores generated columns "
                        "only; write stored: true, or give the op `dialect: sqlite`");
      sql += " GENERATED ALWAYS AS (" + *expr + ") STORED";
    }
    if (!c.nullable) sql += " NOT NULL";
    if (c.server_default && !is_serial(c))
      if (auto d = render_default(*c.server_default)) sql += " DEFAULT " + *d;
    if (inline_primary_key && c.primary_key) sql += " PRIMARY KEY";
    if (c.unique) sql += " UNIQUE";
    return sql;
  }

  std::string column_list(const std::vector<std::string>& columns) const {
    std::vector<std::string> quoted;
    quoted.reserve(columns.size());
    for (const auto& c : columns) quoted.push_back(quote_identifier(c));
    return join(quoted, ", ");
  }

  // `CONSTRAINT "name" ` or "" for an unnamed constraint.
  std::string constraint_name(const std::string& name) const {
    return name.empty() ? std::string() : "CONSTRAINT " + quote_identifier(name) + " ";
  }

  std::string fk_action(const std::string& action, const SourceLocation& where) const {
    std::string a = upper(action);
    for (char& c : a)
      if (c == '_') c = ' ';
    if (a == "CASCADE" || a == "SET NULL" || a == "SET DEFAULT" || a == "RESTRICT" ||
        a == "NO ACTION")
      return a;
    throw Error(ErrorKind::input, where,
                "unknown foreign key action '" + action +
                    "': expected CASCADE, SET NULL, SET DEFAULT, RESTRICT or NO ACTION");
  }

  // `[CONSTRAINT "n"] FOREIGN KEY (…) REFERENCES "t" (…) [ON DELETE …] [ON UPDATE …]`.
  std::string foreign_key(const ForeignKeySpec& fk, const SourceLocation& op_where) const {
    const SourceLocation& where = fk.where.empty() ? op_where : fk.where;
    std::string sql = constraint_name(fk.name) + "FOREIGN KEY (" + column_list(fk.columns) +
                      ") REFERENCES " + quote_identifier(fk.ref_table);
    if (!fk.ref_columns.empty()) sql += " (" + column_list(fk.ref_columns) + ")";
    if (!fk.on_delete.empty()) sql += " ON DELETE " + fk_action(fk.on_delete, where);
    if (!fk.on_update.empty()) sql += " ON UPDATE " + fk_action(fk.on_update, where);
    return sql;
  }

  // `[CONSTRAINT "n"] UNIQUE [NULLS NOT DISTINCT] (…) [INCLUDE (…)]`.
  std::string unique_constraint(const UniqueSpec& u) const {
    std::string sql = constraint_name(u.name) + "UNIQUE ";
    if (u.nulls_not_distinct) sql += "NULLS NOT DISTINCT ";
    sql += "(" + column_list(u.columns) + ")";
    if (!u.include.empty()) sql += " INCLUDE (" + column_list(u.include) + ")";
    return sql;
  }

  // An index name qualified with its table's schema when the name itself is bare: an index is
  // found in its table's schema.
  std::string qualified_index(const std::string& index, const std::string& table) const {
    std::string name = index;
    std::string_view schema = schema_of(table);
    if (schema_of(name).empty() && !schema.empty()) name = std::string(schema) + "." + name;
    return quote_identifier(name);
  }

  std::string comment_literal(const std::optional<std::string>& comment) const {
    return comment ? quote_literal(*comment) : "NULL";
  }

  std::string table_comment(const std::string& table,
                            const std::optional<std::string>& comment) const {
    return "COMMENT ON TABLE " + quote_identifier(table) + " IS " + comment_literal(comment);
  }

  std::string column_comment(const std::string& table, const std::string& column,
                             const std::optional<std::string>& comment) const {
    return "COMMENT ON COLUMN " + quote_identifier(table) + "." + quote_identifier(column) +
           " IS " + comment_literal(comment);
  }

  void create_table(const CreateTable& o, std::vector<std::string>& out) const {
    const TableSpec& t = o.table;
    std::vector<std::string> items;
    for (const auto& c : t.columns) items.push_back(column_definition(c, /*inline_pk=*/false));
    std::vector<std::string> pk = t.primary_key_columns();
    if (!pk.empty())
      items.push_back(constraint_name(t.primary_key ? t.primary_key->name : "") + "PRIMARY KEY (" +
                      column_list(pk) + ")");
    // NOT VALID is meaningless (and refused) in CREATE TABLE: the new table is empty.
    for (const auto& fk : t.foreign_keys) items.push_back(foreign_key(fk, t.where));
    for (const auto& u : t.unique) items.push_back(unique_constraint(u));
    for (const auto& ck : t.checks)
      if (const std::string* expr = ck.expression.for_dialect(Dialect::postgresql))
        items.push_back(constraint_name(ck.name) + "CHECK (" + *expr + ")");

    out.push_back(std::string("CREATE TABLE ") + (o.if_not_exists ? "IF NOT EXISTS " : "") +
                  quote_identifier(t.name) + " (\n  " + join(items, ",\n  ") + "\n)");
    for (const auto& ix : t.indexes)
      out.push_back(create_index(ix, t.name, false, o.if_not_exists, ix.where_loc));
    if (t.comment) out.push_back(table_comment(t.name, t.comment));
    for (const auto& c : t.columns)
      if (c.comment) out.push_back(column_comment(t.name, c.name, c.comment));
  }

  void rename_table(const RenameTable& o, const SourceLocation& where,
                    std::vector<std::string>& out) const {
    // RENAME TO takes a bare name: the table stays in its schema.
    std::string_view to_schema = schema_of(o.to);
    if (!to_schema.empty() && to_schema != schema_of(o.table))
      throw Error(ErrorKind::input, where,
                  "rename_table cannot move '" + o.table + "' to another schema ('" + o.to +
                      "'); use execute with ALTER TABLE … SET SCHEMA");
    out.push_back("ALTER TABLE " + quote_identifier(o.table) + " RENAME TO " +
                  quote_identifier(last_part(o.to)));
  }

  void add_column(const AddColumn& o, std::vector<std::string>& out) const {
    out.push_back("ALTER TABLE " + quote_identifier(o.table) + " ADD COLUMN " +
                  (o.if_not_exists ? "IF NOT EXISTS " : "") +
                  column_definition(o.column, /*inline_pk=*/true));
    if (o.column.comment) out.push_back(column_comment(o.table, o.column.name, o.column.comment));
  }

  void alter_column(const AlterColumn& o, const SourceLocation& where,
                    std::vector<std::string>& out) const {
    const std::string column = "ALTER COLUMN " + quote_identifier(o.column) + " ";
    std::vector<std::string> actions;
    const bool new_default = o.server_default.has_value();
    if (o.type) {
      // The old default may not cast to the new type: drop it first when a new one is given.
      if (new_default) actions.push_back(column + "DROP DEFAULT");
      std::string action = column + "TYPE " + type_sql(*o.type, where);
      if (o.using_) action += " USING " + *o.using_;
      actions.push_back(std::move(action));
    }
    if (o.nullable) actions.push_back(column + (*o.nullable ? "DROP NOT NULL" : "SET NOT NULL"));
    if (new_default) {
      std::optional<std::string> d;
      if (*o.server_default) d = render_default(**o.server_default);
      if (d)
        actions.push_back(column + "SET DEFAULT " + *d);
      else if (!o.type)  // with a type change it was dropped above
        actions.push_back(column + "DROP DEFAULT");
    }
    if (!actions.empty()) {
      std::string sql = "ALTER TABLE " + quote_identifier(o.table);
      if (actions.size() == 1)
        sql += " " + actions[0];
      else
        sql += "\n  " + join(actions, ",\n  ");
      out.push_back(std::move(sql));
    }
    if (o.comment) out.push_back(column_comment(o.table, o.column, *o.comment));
    if (o.rename_to)
      out.push_back("ALTER TABLE " + quote_identifier(o.table) + " RENAME COLUMN " +
                    quote_identifier(o.column) + " TO " + quote_identifier(*o.rename_to));
  }

  std::string create_index(const IndexSpec& ix, const std::string& table, bool concurrently,
                           bool if_not_exists, const SourceLocation& where) const {
    std::string sql = "CREATE ";
    if (ix.unique) sql += "UNIQUE ";
    sql += "INDEX ";
    if (concurrently) sql += "CONCURRENTLY ";
    if (if_not_exists) {
      if (ix.name.empty())
        throw Error(ErrorKind::input, where, "create_index with if_not_exists needs a `name`");
      sql += "IF NOT EXISTS ";
    }
    // The index lives in its table's schema: its own name is never qualified.
    if (!ix.name.empty()) sql += quote_identifier(last_part(ix.name)) + " ";
    sql += "ON " + quote_identifier(table);
    if (!ix.using_.empty()) {
      if (!is_simple_word(ix.using_))
        throw Error(ErrorKind::input, where,
                    "invalid index method '" + ix.using_ +
                        "': expected a name such as btree, "
                        "gin, gist, hash or brin");
      sql += " USING " + ix.using_;
    }
    // `column | (expression) [opclass] [DESC] [NULLS FIRST|LAST]`.
    std::vector<std::string> elements;
    for (const auto& c : ix.columns) {
      std::string e = c.expression.empty() ? quote_identifier(c.name) : "(" + c.expression + ")";
      if (!c.opclass.empty()) e += " " + quote_identifier(c.opclass);
      if (c.descending) e += " DESC";
      if (c.nulls == NullsOrder::first) e += " NULLS FIRST";
      if (c.nulls == NullsOrder::last) e += " NULLS LAST";
      elements.push_back(std::move(e));
    }
    sql += " (" + join(elements, ", ") + ")";
    if (!ix.include.empty()) sql += " INCLUDE (" + column_list(ix.include) + ")";
    if (ix.nulls_not_distinct) sql += " NULLS NOT DISTINCT";
    if (!ix.where.empty()) sql += " WHERE " + ix.where;
    return sql;
  }

  std::string drop_index(const DropIndex& o) const {
    return std::string("DROP INDEX ") + (o.concurrently ? "CONCURRENTLY " : "") +
           (o.if_exists ? "IF EXISTS " : "") + qualified_index(o.name, o.table);
  }

  void add_enum_value(const AddEnumValue& o, const SourceLocation& where,
                      std::vector<std::string>& out) const {
    if (!o.before.empty() && !o.after.empty())
      throw Error(ErrorKind::input, where, "add_enum_value takes `before` or `after`, not both");
    // Since PostgreSQL 12 this may run inside a transaction, but the new value cannot be used
    // before that transaction commits.
    std::string sql = "ALTER TYPE " + quote_identifier(o.name) + " ADD VALUE IF NOT EXISTS " +
                      quote_literal(o.value);
    if (!o.before.empty()) sql += " BEFORE " + quote_literal(o.before);
    if (!o.after.empty()) sql += " AFTER " + quote_literal(o.after);
    out.push_back(std::move(sql));
  }

  std::string value_literal(const Value& v) const {
    switch (v.kind) {
      case Value::Kind::null:
        return "NULL";
      case Value::Kind::boolean:
        return v.text == "true" ? "true" : "false";
      case Value::Kind::integer:
      case Value::Kind::real:
        return is_number_literal(v.text) ? v.text : quote_literal(v.text);
      case Value::Kind::string:
      case Value::Kind::json:  // the server casts the literal to the column's json/jsonb type
        return quote_literal(v.text);
    }
    return "NULL";
  }

  void bulk_insert(const BulkInsert& o, std::vector<std::string>& out) const {
    if (o.rows.empty()) return;
    const std::string table = quote_identifier(o.table);
    if (o.columns.empty()) {
      for (size_t i = 0; i < o.rows.size(); ++i)
        out.push_back("INSERT INTO " + table + " DEFAULT VALUES");
      return;
    }
    const std::string head = "INSERT INTO " + table + " (" + column_list(o.columns) + ") VALUES";
    for (size_t start = 0; start < o.rows.size(); start += kPgRowsPerInsert) {
      std::string sql = head;
      size_t end = std::min(o.rows.size(), start + kPgRowsPerInsert);
      for (size_t r = start; r < end; ++r) {
        sql += r == start ? "\n  (" : ",\n  (";
        const auto& row = o.rows[r];
        for (size_t c = 0; c < o.columns.size(); ++c) {
          if (c) sql += ", ";
          sql += c < row.size() ? value_literal(row[c]) : "NULL";
        }
        sql += ")";
      }
      out.push_back(std::move(sql));
    }
  }
};

}  // namespace

const SqlDialect& postgresql_dialect() {
  static const PostgresqlDialect dialect;
  return dialect;
}

}  // namespace retort
