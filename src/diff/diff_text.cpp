#include "diff/diff_text.hpp"

namespace retort {

std::string type_text(const Type& type, Dialect dialect) {
  using K = Type::Kind;
  switch (type.kind) {
    case K::integer:
      return "integer";
    case K::bigint:
      return "bigint";
    case K::smallint:
      return "smallint";
    case K::boolean:
      return "boolean";
    case K::float_:
      return "float";
    case K::double_:
      return "double";
    case K::numeric:
      if (!type.precision) return "numeric";
      return "numeric(" + std::to_string(*type.precision) +
             (type.scale ? "," + std::to_string(*type.scale) : std::string()) + ")";
    case K::string:
      return type.length ? "string(" + std::to_string(*type.length) + ")" : "string";
    case K::text:
      return "text";
    case K::date:
      return "date";
    case K::time:
      return "time";
    case K::datetime:
      return type.timezone ? "datetime(tz)" : "datetime";
    case K::json:
      return "json";
    case K::jsonb:
      return "jsonb";
    case K::uuid:
      return "uuid";
    case K::binary:
      return "binary";
    case K::enum_: {
      std::string out = "enum " + type.enum_name + "(";
      for (size_t i = 0; i < type.enum_values.size(); ++i)
        out += (i ? ", " : "") + type.enum_values[i];
      return out + ")";
    }
    case K::custom:
      if (const std::string* text = type.custom_sql.for_dialect(dialect)) return *text;
      return "(custom type)";
  }
  return "?";
}

std::string default_text(const std::optional<DefaultValue>& value, Dialect dialect) {
  if (!value) return "none";
  switch (value->kind) {
    case DefaultValue::Kind::number:
      return value->number;
    case DefaultValue::Kind::boolean:
      return value->boolean ? "true" : "false";
    case DefaultValue::Kind::now:
      return "{now: true}";
    case DefaultValue::Kind::uuid:
      return "{uuid: true}";
    case DefaultValue::Kind::sql:
      if (const std::string* text = value->sql.for_dialect(dialect)) return *text;
      return "none";
  }
  return "none";
}

std::string columns_text(const std::vector<std::string>& columns) {
  std::string out = "(";
  for (size_t i = 0; i < columns.size(); ++i) out += (i ? ", " : "") + columns[i];
  return out + ")";
}

std::string foreign_key_text(const ForeignKeySpec& fk) {
  std::string out = columns_text(fk.columns) + " -> " + fk.ref_table;
  if (!fk.ref_columns.empty()) out += " " + columns_text(fk.ref_columns);
  if (!fk.on_delete.empty()) out += " ON DELETE " + fk.on_delete;
  if (!fk.on_update.empty()) out += " ON UPDATE " + fk.on_update;
  return out;
}

std::string index_text(const IndexSpec& index) {
  std::string out = index.unique ? "unique (" : "(";
  for (size_t i = 0; i < index.columns.size(); ++i) {
    const IndexColumn& c = index.columns[i];
    out += (i ? ", " : "") + (c.expression.empty() ? c.name : c.expression);
    if (!c.opclass.empty()) out += " " + c.opclass;
    if (c.descending) out += " DESC";
    if (c.nulls == NullsOrder::first) out += " NULLS FIRST";
    if (c.nulls == NullsOrder::last) out += " NULLS LAST";
  }
  out += ")";
  if (!index.include.empty()) out += " INCLUDE " + columns_text(index.include);
  if (index.nulls_not_distinct) out += " NULLS NOT DISTINCT";
  if (!index.where.empty()) out += " WHERE " + index.where;
  if (!index.using_.empty()) out += " USING " + index.using_;
  return out;
}

std::string unique_text(const UniqueSpec& unique) {
  std::string out = columns_text(unique.columns);
  if (!unique.include.empty()) out += " INCLUDE " + columns_text(unique.include);
  if (unique.nulls_not_distinct) out += " NULLS NOT DISTINCT";
  return out;
}

std::string identity_text(const std::optional<IdentitySpec>& identity) {
  if (!identity) return "none";
  std::string out = identity->always ? "always" : "by default";
  if (identity->start) out += " start " + std::to_string(*identity->start);
  if (identity->increment) out += " increment " + std::to_string(*identity->increment);
  return out;
}

std::string generated_text(const std::optional<GeneratedSpec>& generated) {
  if (!generated) return "none";
  return "(" + generated->expression.common.value_or("") + ")" +
         (generated->stored ? " stored" : " virtual");
}

std::string comment_text(const std::optional<std::string>& comment) {
  if (!comment) return "none";
  return "'" + *comment + "'";
}

}  // namespace retort
