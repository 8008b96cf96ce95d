#include "ops/write_yaml.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "base/overloaded.hpp"
#include "yaml/node.hpp"
#include "yaml/parser.hpp"

namespace retort {

namespace {

using yaml::OutNode;

OutNode name_list(const std::vector<std::string>& names) {
  OutNode n = OutNode::seq(true);
  for (const std::string& name : names) n.add(OutNode::str(name));
  return n;
}

OutNode id_list(const std::vector<std::string>& ids) {
  OutNode n = OutNode::seq(true);
  for (const std::string& id : ids) n.add(OutNode::quoted(id));
  return n;
}

// SQL text: a string, or `{postgresql: …, sqlite: …}`. Text common to all dialects plus
// per-dialect overrides has no YAML form of its own: the common text is spelt out for each
// dialect without an override, which means the same.
OutNode sql_node(const SqlText& sql) {
  if (sql.per_dialect.empty()) return OutNode::sql(sql.common.value_or(""));
  OutNode n = OutNode::map(true);
  for (Dialect d : {Dialect::postgresql, Dialect::sqlite}) {
    if (const std::string* text = sql.for_dialect(d))
      n.set(std::string(dialect_name(d)), OutNode::sql(*text));
  }
  return n;
}

OutNode default_node(const DefaultValue& v) {
  switch (v.kind) {
    case DefaultValue::Kind::number:
      // Only text YAML reads back as a number is written bare.
      if (yaml::resolve_plain(v.number) == yaml::ScalarType::integer ||
          yaml::resolve_plain(v.number) == yaml::ScalarType::real)
        return OutNode::raw(v.number);
      return OutNode::sql(v.number);
    case DefaultValue::Kind::boolean:
      return OutNode::boolean(v.boolean);
    case DefaultValue::Kind::now:
    case DefaultValue::Kind::uuid: {
      OutNode m = OutNode::map(true);
      m.set(v.kind == DefaultValue::Kind::now ? "now" : "uuid", OutNode::boolean(true));
      return m;
    }
    case DefaultValue::Kind::sql:
      break;
  }
  return sql_node(v.sql);
}

std::string type_word(Type::Kind kind) {
  switch (kind) {
    case Type::Kind::integer:
      return "integer";
    case Type::Kind::bigint:
      return "bigint";
    case Type::Kind::smallint:
      return "smallint";
    case Type::Kind::boolean:
      return "boolean";
    case Type::Kind::float_:
      return "float";
    case Type::Kind::double_:
      return "double";
    case Type::Kind::numeric:
      return "numeric";
    case Type::Kind::string:
      return "string";
    case Type::Kind::text:
      return "text";
    case Type::Kind::date:
      return "date";
    case Type::Kind::time:
      return "time";
    case Type::Kind::datetime:
      return "datetime";
    case Type::Kind::json:
      return "json";
    case Type::Kind::jsonb:
      return "jsonb";
    case Type::Kind::uuid:
      return "uuid";
    case Type::Kind::binary:
      return "binary";
    case Type::Kind::enum_:
      return "enum";
    case Type::Kind::custom:
      return "sql";
  }
  return "text";
}

OutNode index_columns_node(const std::vector<IndexColumn>& columns) {
  OutNode n = OutNode::seq(true);
  for (const IndexColumn& c : columns) {
    bool plain = c.expression.empty() && !c.descending && c.nulls == NullsOrder::default_ &&
                 c.opclass.empty();
    if (plain) {
      n.add(OutNode::str(c.name));
      continue;
    }
    OutNode e = OutNode::map(true);
    if (c.expression.empty())
      e.set("name", OutNode::str(c.name));
    else
      e.set("expression", OutNode::sql(c.expression));
    if (c.descending) e.set("order", OutNode::str("desc"));
    if (c.nulls != NullsOrder::default_)
      e.set("nulls", OutNode::str(c.nulls == NullsOrder::first ? "first" : "last"));
    if (!c.opclass.empty()) e.set("opclass", OutNode::str(c.opclass));
    n.add(std::move(e));
  }
  return n;
}

OutNode references_node(const ForeignKeySpec& fk) {
  OutNode n = OutNode::map(true);
  n.set("table", OutNode::str(fk.ref_table));
  n.set("columns", name_list(fk.ref_columns));
  return n;
}

// name, columns, references, on_delete, on_update of a foreign key, into `n`.
void foreign_key_fields(OutNode& n, const ForeignKeySpec& fk) {
  n.set("columns", name_list(fk.columns));
  n.set("references", references_node(fk));
  if (!fk.on_delete.empty()) n.set("on_delete", OutNode::str(fk.on_delete));
  if (!fk.on_update.empty()) n.set("on_update", OutNode::str(fk.on_update));
}

// `include` and `nulls_not_distinct` of a unique constraint or an index, into `n`.
void unique_options(OutNode& n, const std::vector<std::string>& include, bool nulls_not_distinct) {
  if (!include.empty()) n.set("include", name_list(include));
  if (nulls_not_distinct) n.set("nulls_not_distinct", OutNode::boolean(true));
}

OutNode index_node(const IndexSpec& ix) {
  OutNode n = OutNode::map(true);
  n.set("name", OutNode::str(ix.name));
  n.set("columns", index_columns_node(ix.columns));
  if (ix.unique) n.set("unique", OutNode::boolean(true));
  if (!ix.where.empty()) n.set("where", OutNode::sql(ix.where));
  if (!ix.using_.empty()) n.set("using", OutNode::str(ix.using_));
  unique_options(n, ix.include, ix.nulls_not_distinct);
  return n;
}

// A YAML value for JSON text (a bulk_insert value of kind json): flow collections, so the
// loader turns it back into the same JSON. Text that does not parse is kept as a string.
// A JSON value (a bulk_insert cell stored as JSON text) as YAML: maps and lists in flow style,
// strings, numbers, booleans and null as themselves.
OutNode from_json(const nlohmann::ordered_json& j) {
  if (j.is_object()) {
    OutNode m = OutNode::map(true);
    for (const auto& [key, value] : j.items()) m.set(key, from_json(value));
    return m;
  }
  if (j.is_array()) {
    OutNode q = OutNode::seq(true);
    for (const auto& item : j) q.add(from_json(item));
    return q;
  }
  if (j.is_string()) return OutNode::str(j.get<std::string>());
  return OutNode::raw(j.dump());
}

OutNode json_node(const std::string& json) {
  auto parsed = nlohmann::ordered_json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_object() || parsed.is_array()) return from_json(parsed);
  return OutNode::str(json);  // not JSON after all: keep the text
}

// A block map holding the fields of an op: flow when every field is short.
OutNode op_fields() {
  return OutNode::map(true);
}

// A multi-line text (a body) as a literal block; a one-line one as a string.
OutNode body_node(const std::string& text) {
  return OutNode::sql(text);
}

void view_fields(OutNode& n, const ViewSpec& v) {
  n.set("name", OutNode::str(v.name));
  n.set("definition", sql_node(v.definition));
  if (v.materialized) n.set("materialized", OutNode::boolean(true));
}

void function_fields(OutNode& n, const FunctionSpec& f) {
  n.set("name", OutNode::str(f.name));
  if (!f.arguments.empty()) n.set("arguments", OutNode::sql(f.arguments));
  n.set("returns", OutNode::sql(f.returns));
  n.set("language", OutNode::str(f.language));
  if (!f.volatility.empty()) n.set("volatility", OutNode::str(f.volatility));
  n.set("body", body_node(f.body));
}

void trigger_fields(OutNode& n, const TriggerSpec& t) {
  n.set("name", OutNode::str(t.name));
  n.set("table", OutNode::str(t.table));
  n.set("timing", OutNode::str(t.timing));
  n.set("events", name_list(t.events));
  if (!t.update_of.empty()) n.set("update_of", name_list(t.update_of));
  if (!t.for_each_row) n.set("for_each_row", OutNode::boolean(false));
  if (!t.when.empty()) n.set("when", sql_node(t.when));
  if (!t.function.empty()) n.set("function", OutNode::str(t.function));
  if (!t.body.empty()) n.set("body", body_node(t.body));
}

void sequence_fields(OutNode& n, const SequenceSpec& q) {
  n.set("name", OutNode::str(q.name));
  if (!q.type.empty()) n.set("type", OutNode::str(q.type));
  auto number = [&](const char* key, const std::optional<int64_t>& v) {
    if (v) n.set(key, OutNode::raw(std::to_string(*v)));
  };
  number("start", q.start);
  number("increment", q.increment);
  number("min_value", q.min_value);
  number("max_value", q.max_value);
  number("cache", q.cache);
  if (q.cycle) n.set("cycle", OutNode::boolean(true));
}

void extension_fields(OutNode& n, const ExtensionSpec& e) {
  n.set("name", OutNode::str(e.name));
  if (!e.schema.empty()) n.set("schema", OutNode::str(e.schema));
}

// A spec whose fields may hold multi-line SQL: a block map then, else a flow map.
template <typename Spec>
OutNode spec_node(const Spec& spec, void (*fields)(OutNode&, const Spec&)) {
  OutNode n = OutNode::map(true);
  fields(n, spec);
  for (const auto& e : n.entries)
    if (e.value.text.find('\n') != std::string::npos) n.flow = false;
  return n;
}

OutNode op_body(const OpBody& body) {
  return std::visit(
      Overloaded{
          [](const CreateTable& op) {
            OutNode n = table_node(op.table);
            if (op.if_not_exists) n.set("if_not_exists", OutNode::boolean(true));
            return n;
          },
          [](const DropTable& op) {
            OutNode n = op_fields();
            n.set("table", OutNode::str(op.table));
            if (op.if_exists) n.set("if_exists", OutNode::boolean(true));
            return n;
          },
          [](const RenameTable& op) {
            OutNode n = op_fields();
            n.set("table", OutNode::str(op.table));
            n.set("to", OutNode::str(op.to));
            return n;
          },
          [](const AddColumn& op) {
            // A column spec inside: block fields, the column itself a flow map (as
            // docs/migration-files.md writes it).
            OutNode n = OutNode::map(false);
            n.set("table", OutNode::str(op.table));
            n.set("column", column_node(op.column));
            if (op.if_not_exists) n.set("if_not_exists", OutNode::boolean(true));
            return n;
          },
          [](const DropColumn& op) {
            OutNode n = op_fields();
            n.set("table", OutNode::str(op.table));
            n.set("column", OutNode::str(op.column));
            if (op.if_exists) n.set("if_exists", OutNode::boolean(true));
            return n;
          },
          [](const AlterColumn& op) {
            OutNode n = op_fields();
            n.set("table", OutNode::str(op.table));
            n.set("column", OutNode::str(op.column));
            if (op.rename_to) n.set("rename_to", OutNode::str(*op.rename_to));
            if (op.type) n.set("type", type_node(*op.type));
            if (op.nullable) n.set("nullable", OutNode::boolean(*op.nullable));
            if (op.server_default)
              n.set("server_default",
                    *op.server_default ? default_node(**op.server_default) : OutNode::null());
            if (op.comment)
              n.set("comment", *op.comment ? OutNode::str(**op.comment) : OutNode::null());
            if (op.using_) n.set("using", OutNode::sql(*op.using_));
            return n;
          },
          [](const CreateIndex& op) {
            OutNode n = op_fields();
            n.set("name", OutNode::str(op.index.name));
            n.set("table", OutNode::str(op.table));
            n.set("columns", index_columns_node(op.index.columns));
            if (op.index.unique) n.set("unique", OutNode::boolean(true));
            if (!op.index.where.empty()) n.set("where", OutNode::sql(op.index.where));
            if (!op.index.using_.empty()) n.set("using", OutNode::str(op.index.using_));
            unique_options(n, op.index.include, op.index.nulls_not_distinct);
            if (op.concurrently) n.set("concurrently", OutNode::boolean(true));
            if (op.if_not_exists) n.set("if_not_exists", OutNode::boolean(true));
            return n;
          },
          [](const DropIndex& op) {
            OutNode n = op_fields();
            n.set("name", OutNode::str(op.name));
            if (!op.table.empty()) n.set("table", OutNode::str(op.table));
            if (op.concurrently) n.set("concurrently", OutNode::boolean(true));
            if (op.if_exists) n.set("if_exists", OutNode::boolean(true));
            return n;
          },
          [](const CreateForeignKey& op) {
            OutNode n = op_fields();
            if (!op.fk.name.empty()) n.set("name", OutNode::str(op.fk.name));
            n.set("table", OutNode::str(op.table));
            foreign_key_fields(n, op.fk);
            if (op.fk.not_valid) n.set("not_valid", OutNode::boolean(true));
            if (op.if_not_exists) n.set("if_not_exists", OutNode::boolean(true));
            return n;
          },
          [](const CreateUniqueConstraint& op) {
            OutNode n = op_fields();
            if (!op.unique.name.empty()) n.set("name", OutNode::str(op.unique.name));
            n.set("table", OutNode::str(op.table));
            n.set("columns", name_list(op.unique.columns));
            unique_options(n, op.unique.include, op.unique.nulls_not_distinct);
            if (op.if_not_exists) n.set("if_not_exists", OutNode::boolean(true));
            return n;
          },
          [](const CreateCheckConstraint& op) {
            OutNode n = op_fields();
            if (!op.check.name.empty()) n.set("name", OutNode::str(op.check.name));
            n.set("table", OutNode::str(op.table));
            n.set("expression", sql_node(op.check.expression));
            if (op.check.not_valid) n.set("not_valid", OutNode::boolean(true));
            if (op.if_not_exists) n.set("if_not_exists", OutNode::boolean(true));
            return n;
          },
          [](const CreatePrimaryKey& op) {
            OutNode n = op_fields();
            if (!op.pk.name.empty()) n.set("name", OutNode::str(op.pk.name));
            n.set("table", OutNode::str(op.table));
            n.set("columns", name_list(op.pk.columns));
            if (op.if_not_exists) n.set("if_not_exists", OutNode::boolean(true));
            return n;
          },
          [](const DropConstraint& op) {
            OutNode n = op_fields();
            n.set("name", OutNode::str(op.name));
            n.set("table", OutNode::str(op.table));
            const char* type = "foreign_key";
            switch (op.type) {
              case ConstraintType::foreign_key:
                type = "foreign_key";
                break;
              case ConstraintType::unique:
                type = "unique";
                break;
              case ConstraintType::check:
                type = "check";
                break;
              case ConstraintType::primary_key:
                type = "primary_key";
                break;
            }
            n.set("type", OutNode::str(type));
            if (op.if_exists) n.set("if_exists", OutNode::boolean(true));
            return n;
          },
          [](const CreateEnum& op) {
            OutNode n = op_fields();
            n.set("name", OutNode::str(op.spec.name));
            n.set("values", name_list(op.spec.values));
            if (op.if_not_exists) n.set("if_not_exists", OutNode::boolean(true));
            return n;
          },
          [](const DropEnum& op) {
            OutNode n = op_fields();
            n.set("name", OutNode::str(op.name));
            if (op.if_exists) n.set("if_exists", OutNode::boolean(true));
            return n;
          },
          [](const AddEnumValue& op) {
            OutNode n = op_fields();
            n.set("name", OutNode::str(op.name));
            n.set("value", OutNode::str(op.value));
            if (!op.before.empty()) n.set("before", OutNode::str(op.before));
            if (!op.after.empty()) n.set("after", OutNode::str(op.after));
            return n;
          },
          [](const Execute& op) {
            OutNode n = op_fields();
            n.set("sql", sql_node(op.sql));
            if (op.repeat_until_zero) n.set("repeat_until_zero", OutNode::boolean(true));
            return n;
          },
          [](const Assert& op) {
            OutNode n = op_fields();
            n.set("sql", sql_node(op.sql));
            if (!op.message.empty()) n.set("message", OutNode::str(op.message));
            return n;
          },
          [](const BulkInsert& op) {
            OutNode n = OutNode::map(false);
            n.set("table", OutNode::str(op.table));
            OutNode rows = OutNode::seq(false);
            for (const std::vector<Value>& row : op.rows) {
              OutNode r = OutNode::map(true);
              for (size_t i = 0; i < op.columns.size() && i < row.size(); ++i) {
                const Value& v = row[i];
                OutNode value;
                switch (v.kind) {
                  case Value::Kind::null:
                    value = OutNode::null();
                    break;
                  case Value::Kind::boolean:
                  case Value::Kind::integer:
                  case Value::Kind::real:
                    value = OutNode::raw(v.text);
                    break;
                  case Value::Kind::string:
                    value = OutNode::str(v.text);
                    break;
                  case Value::Kind::json:
                    value = json_node(v.text);
                    break;
                }
                r.set(op.columns[i], std::move(value));
              }
              rows.add(std::move(r));
            }
            n.set("rows", std::move(rows));
            return n;
          },
          [](const Call& op) {
            OutNode n = op_fields();
            n.set("name", OutNode::str(op.name));
            return n;
          },
          [](const Irreversible& op) {
            OutNode n = op_fields();
            n.set("reason", OutNode::str(op.reason));
            return n;
          },
          [](const RenameIndex& op) {
            OutNode n = op_fields();
            n.set("name", OutNode::str(op.name));
            n.set("to", OutNode::str(op.to));
            if (!op.table.empty()) n.set("table", OutNode::str(op.table));
            return n;
          },
          [](const ValidateConstraint& op) {
            OutNode n = op_fields();
            n.set("name", OutNode::str(op.name));
            n.set("table", OutNode::str(op.table));
            return n;
          },
          [](const SetTableComment& op) {
            OutNode n = op_fields();
            n.set("table", OutNode::str(op.table));
            n.set("comment", op.comment ? OutNode::str(*op.comment) : OutNode::null());
            return n;
          },
          [](const CreateView& op) { return spec_node(op.view, view_fields); },
          [](const DropView& op) {
            OutNode n = op_fields();
            n.set("name", OutNode::str(op.name));
            if (op.materialized) n.set("materialized", OutNode::boolean(true));
            if (op.if_exists) n.set("if_exists", OutNode::boolean(true));
            return n;
          },
          [](const ReplaceView& op) { return spec_node(op.view, view_fields); },
          [](const RefreshMaterializedView& op) {
            OutNode n = op_fields();
            n.set("name", OutNode::str(op.name));
            if (op.concurrently) n.set("concurrently", OutNode::boolean(true));
            return n;
          },
          [](const CreateFunction& op) { return spec_node(op.function, function_fields); },
          [](const ReplaceFunction& op) { return spec_node(op.function, function_fields); },
          [](const DropFunction& op) {
            OutNode n = op_fields();
            n.set("name", OutNode::str(op.name));
            if (!op.arguments.empty()) n.set("arguments", OutNode::sql(op.arguments));
            if (op.if_exists) n.set("if_exists", OutNode::boolean(true));
            return n;
          },
          [](const CreateTrigger& op) { return spec_node(op.trigger, trigger_fields); },
          [](const DropTrigger& op) {
            OutNode n = op_fields();
            n.set("name", OutNode::str(op.name));
            n.set("table", OutNode::str(op.table));
            if (op.if_exists) n.set("if_exists", OutNode::boolean(true));
            return n;
          },
          [](const CreateSequence& op) {
            OutNode n = spec_node(op.sequence, sequence_fields);
            if (op.if_not_exists) n.set("if_not_exists", OutNode::boolean(true));
            return n;
          },
          [](const AlterSequence& op) {
            OutNode n = op_fields();
            n.set("name", OutNode::str(op.name));
            auto number = [&](const char* key, const std::optional<int64_t>& v) {
              if (v) n.set(key, OutNode::raw(std::to_string(*v)));
            };
            number("increment", op.increment);
            number("min_value", op.min_value);
            number("max_value", op.max_value);
            number("start", op.start);
            number("restart", op.restart);
            number("cache", op.cache);
            if (op.cycle) n.set("cycle", OutNode::boolean(*op.cycle));
            return n;
          },
          [](const DropSequence& op) {
            OutNode n = op_fields();
            n.set("name", OutNode::str(op.name));
            if (op.if_exists) n.set("if_exists", OutNode::boolean(true));
            return n;
          },
          [](const CreateExtension& op) {
            OutNode n = spec_node(op.extension, extension_fields);
            if (op.if_not_exists) n.set("if_not_exists", OutNode::boolean(true));
            return n;
          },
          [](const DropExtension& op) {
            OutNode n = op_fields();
            n.set("name", OutNode::str(op.name));
            if (op.if_exists) n.set("if_exists", OutNode::boolean(true));
            return n;
          },
          [](const CreateSchema& op) {
            OutNode n = op_fields();
            n.set("name", OutNode::str(op.name));
            if (op.if_not_exists) n.set("if_not_exists", OutNode::boolean(true));
            return n;
          },
          [](const DropSchema& op) {
            OutNode n = op_fields();
            n.set("name", OutNode::str(op.name));
            if (op.if_exists) n.set("if_exists", OutNode::boolean(true));
            return n;
          },
      },
      body);
}

}  // namespace

OutNode type_node(const Type& type) {
  switch (type.kind) {
    case Type::Kind::string:
      return OutNode::str(type.length ? "string(" + std::to_string(*type.length) + ")" : "string");
    case Type::Kind::numeric: {
      std::string text = "numeric";
      if (type.precision) {
        text += "(" + std::to_string(*type.precision);
        if (type.scale) text += "," + std::to_string(*type.scale);
        text += ")";
      }
      return OutNode::str(text);
    }
    case Type::Kind::datetime:
      return OutNode::str(type.timezone ? "datetime(tz)" : "datetime");
    case Type::Kind::enum_: {
      OutNode n = OutNode::map(true);
      n.set("enum", OutNode::str(type.enum_name));
      if (!type.enum_values.empty()) n.set("values", name_list(type.enum_values));
      return n;
    }
    case Type::Kind::custom: {
      if (type.custom_sql.per_dialect.empty()) {
        OutNode n = OutNode::map(true);
        n.set("sql", OutNode::str(type.custom_sql.common.value_or("")));
        return n;
      }
      return sql_node(type.custom_sql);
    }
    default:
      return OutNode::str(type_word(type.kind));
  }
}

OutNode column_node(const ColumnSpec& c, bool in_table_pk) {
  OutNode n = OutNode::map(true);
  n.set("name", OutNode::str(c.name));
  n.set("type", type_node(c.type));
  // Primary-key columns are NOT NULL without saying so (and cannot be made nullable: SQLite's
  // reflection may report a NULL-able key column, which retort's model does not have).
  bool in_pk = c.primary_key || in_table_pk;
  if (!in_pk && !c.nullable) n.set("nullable", OutNode::boolean(false));
  if (c.primary_key) n.set("primary_key", OutNode::boolean(true));
  if (c.autoincrement) n.set("autoincrement", OutNode::boolean(true));
  if (c.unique) n.set("unique", OutNode::boolean(true));
  if (c.server_default) n.set("server_default", default_node(*c.server_default));
  if (c.comment) n.set("comment", OutNode::str(*c.comment));
  if (c.identity) {
    const IdentitySpec& id = *c.identity;
    if (!id.start && !id.increment) {
      n.set("identity", OutNode::str(id.always ? "always" : "by_default"));
    } else {
      OutNode m = OutNode::map(true);
      if (id.always) m.set("always", OutNode::boolean(true));
      if (id.start) m.set("start", OutNode::raw(std::to_string(*id.start)));
      if (id.increment) m.set("increment", OutNode::raw(std::to_string(*id.increment)));
      n.set("identity", std::move(m));
    }
  }
  if (c.generated) {
    OutNode m = OutNode::map(true);
    m.set("expression", sql_node(c.generated->expression));
    if (!c.generated->stored) m.set("stored", OutNode::boolean(false));
    n.set("generated", std::move(m));
  }
  return n;
}

OutNode table_node(const TableSpec& t) {
  OutNode n = OutNode::map(false);
  n.set("table", OutNode::str(t.name));
  OutNode columns = OutNode::seq(false);
  for (const ColumnSpec& c : t.columns) {
    bool in_pk = t.primary_key &&
                 std::find(t.primary_key->columns.begin(), t.primary_key->columns.end(), c.name) !=
                     t.primary_key->columns.end();
    columns.add(column_node(c, in_pk));
  }
  n.set("columns", std::move(columns));
  if (t.primary_key) {
    if (t.primary_key->name.empty()) {
      n.set("primary_key", name_list(t.primary_key->columns));
    } else {
      OutNode pk = OutNode::map(true);
      pk.set("name", OutNode::str(t.primary_key->name));
      pk.set("columns", name_list(t.primary_key->columns));
      n.set("primary_key", std::move(pk));
    }
  }
  if (!t.foreign_keys.empty()) {
    OutNode fks = OutNode::seq(false);
    for (const ForeignKeySpec& fk : t.foreign_keys) {
      OutNode f = OutNode::map(true);
      if (!fk.name.empty()) f.set("name", OutNode::str(fk.name));
      foreign_key_fields(f, fk);
      if (fk.not_valid) f.set("not_valid", OutNode::boolean(true));
      fks.add(std::move(f));
    }
    n.set("foreign_keys", std::move(fks));
  }
  if (!t.unique.empty()) {
    OutNode list = OutNode::seq(false);
    for (const UniqueSpec& u : t.unique) {
      OutNode m = OutNode::map(true);
      if (!u.name.empty()) m.set("name", OutNode::str(u.name));
      m.set("columns", name_list(u.columns));
      unique_options(m, u.include, u.nulls_not_distinct);
      list.add(std::move(m));
    }
    n.set("unique", std::move(list));
  }
  if (!t.checks.empty()) {
    OutNode list = OutNode::seq(false);
    for (const CheckSpec& c : t.checks) {
      OutNode m = OutNode::map(true);
      if (!c.name.empty()) m.set("name", OutNode::str(c.name));
      m.set("expression", sql_node(c.expression));
      if (c.not_valid) m.set("not_valid", OutNode::boolean(true));
      list.add(std::move(m));
    }
    n.set("checks", std::move(list));
  }
  if (!t.indexes.empty()) {
    OutNode list = OutNode::seq(false);
    for (const IndexSpec& ix : t.indexes) list.add(index_node(ix));
    n.set("indexes", std::move(list));
  }
  if (t.comment) n.set("comment", OutNode::str(*t.comment));
  return n;
}

OutNode op_node(const Op& op) {
  OutNode body = op_body(op.body);
  if (!op.dialects.empty()) {
    if (op.dialects.size() == 1) {
      body.set("dialect", OutNode::str(std::string(dialect_name(op.dialects[0]))));
    } else {
      OutNode list = OutNode::seq(true);
      for (Dialect d : op.dialects) list.add(OutNode::str(std::string(dialect_name(d))));
      body.set("dialect", std::move(list));
    }
  }
  if (!op.lint_allow.empty()) body.set("lint_allow", name_list(op.lint_allow));
  if (!op.only_if.empty()) body.set("only_if", sql_node(op.only_if));
  if (!op.unless.empty()) body.set("unless", sql_node(op.unless));
  OutNode item = OutNode::map(false);
  // The short forms `- execute: SQL` and `- irreversible: reason` when nothing else is said.
  if (std::holds_alternative<Execute>(op.body) && body.entries.size() == 1 &&
      body.entries[0].value.kind == OutNode::Kind::string) {
    item.set("execute", std::move(body.entries[0].value));
    return item;
  }
  if (std::holds_alternative<Irreversible>(op.body) && body.entries.size() == 1) {
    item.set("irreversible", std::move(body.entries[0].value));
    return item;
  }
  item.set(std::string(op_name(op.body)), std::move(body));
  return item;
}

namespace {

OutNode ops_node(const std::vector<Op>& ops) {
  OutNode list = OutNode::seq(false);
  for (const Op& op : ops) list.add(op_node(op));
  return list;
}

}  // namespace

std::string render_ops(const std::vector<Op>& ops) {
  return yaml::emit_yaml(ops_node(ops));
}

std::string render_schema(const Schema& schema) {
  OutNode root = OutNode::map(false);
  if (!schema.enums.empty()) {
    OutNode enums = OutNode::seq(false);
    for (const EnumSpec& e : schema.enums) {
      OutNode m = OutNode::map(true);
      m.set("name", OutNode::str(e.name));
      m.set("values", name_list(e.values));
      enums.add(std::move(m));
    }
    root.set("enums", std::move(enums));
  }
  auto objects = [&](const char* key, const auto& list, auto fields) {
    if (list.empty()) return;
    OutNode seq = OutNode::seq(false);
    for (const auto& spec : list) seq.add(spec_node(spec, fields));
    root.set(key, std::move(seq));
  };
  objects("extensions", schema.extensions, extension_fields);
  objects("sequences", schema.sequences, sequence_fields);
  bool objects_only = !schema.views.empty() || !schema.functions.empty() ||
                      !schema.triggers.empty() || !schema.sequences.empty() ||
                      !schema.extensions.empty();
  if (!schema.tables.empty() || (schema.enums.empty() && !objects_only)) {
    OutNode tables = OutNode::seq(false);
    tables.spaced = true;
    for (const TableSpec& t : schema.tables) tables.add(table_node(t));
    root.set("tables", std::move(tables));
  }
  objects("views", schema.views, view_fields);
  objects("functions", schema.functions, function_fields);
  objects("triggers", schema.triggers, trigger_fields);
  return yaml::emit_yaml(root);
}

std::string render_revision_file(const Revision& r, const std::vector<std::string>& comments) {
  std::string out;
  for (const std::string& comment : comments) {
    // Each line of a comment becomes a `#` line, so a comment cannot break the YAML.
    size_t start = 0;
    for (;;) {
      size_t end = comment.find('\n', start);
      std::string_view line = std::string_view(comment).substr(
          start, end == std::string::npos ? std::string::npos : end - start);
      out += line.empty() ? "#" : "# ";
      out += line;
      out += '\n';
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
  OutNode root = OutNode::map(false);
  root.set("revision", OutNode::quoted(r.id));
  if (r.down_revisions.empty())
    root.set("down_revision", OutNode::null());
  else if (r.down_revisions.size() == 1)
    root.set("down_revision", OutNode::quoted(r.down_revisions[0]));
  else
    root.set("down_revision", id_list(r.down_revisions));
  if (!r.branch_labels.empty()) root.set("branch_labels", name_list(r.branch_labels));
  if (!r.depends_on.empty()) root.set("depends_on", id_list(r.depends_on));
  root.set("message", OutNode::str(r.message));
  if (!r.created.empty()) root.set("created", OutNode::quoted(r.created));
  if (!r.transactional) root.set("transactional", OutNode::boolean(false));
  if (!r.round_trip_allowed.empty()) {
    OutNode allow = OutNode::map(true);
    allow.set("round_trip", OutNode::str(r.round_trip_allowed));
    root.set("test_allow", std::move(allow));
  }
  root.set("upgrade", ops_node(r.upgrade));
  root.set("downgrade", ops_node(r.downgrade));
  return out + yaml::emit_yaml(root);
}

}  // namespace retort
