#include "diff/normalize.hpp"

#include <algorithm>
#include <tuple>

#include "base/strings.hpp"
#include "sql/lexer.hpp"

namespace retort {

namespace {

Type make(Type::Kind kind) {
  Type t;
  t.kind = kind;
  return t;
}

std::string sort_key(const std::vector<std::string>& columns) {
  std::string out;
  for (const auto& c : columns) out += c + '\x1f';
  return out;
}

}  // namespace

Type normalize_type(const Type& type, Dialect dialect) {
  using K = Type::Kind;
  if (type.kind == K::custom) {
    const std::string* text = type.custom_sql.for_dialect(dialect);
    if (!text) return type;
    return parse_declared_type(*text, dialect);
  }
  Type out = make(type.kind);
  switch (type.kind) {
    case K::string:
      out.length = type.length;
      break;
    case K::numeric:
      out.precision = type.precision;
      out.scale = type.precision ? type.scale : std::nullopt;
      break;
    case K::datetime:
      out.timezone = dialect == Dialect::postgresql && type.timezone;
      break;
    case K::jsonb:
      if (dialect == Dialect::sqlite) out.kind = K::json;
      break;
    case K::enum_:
      out.enum_name = type.enum_name;
      out.enum_values = type.enum_values;
      break;
    default:
      break;
  }
  return out;
}

std::optional<DefaultValue> normalize_default(const std::optional<DefaultValue>& value,
                                              Dialect dialect, bool keep_casts) {
  if (!value) return std::nullopt;
  DefaultValue out;
  bool sqlite = dialect == Dialect::sqlite;
  switch (value->kind) {
    case DefaultValue::Kind::number: {
      out.kind = DefaultValue::Kind::number;
      out.number = value->number;
      if (!out.number.empty() && out.number[0] == '+') out.number.erase(0, 1);
      return out;
    }
    case DefaultValue::Kind::boolean:
      if (sqlite) {
        out.kind = DefaultValue::Kind::number;
        out.number = value->boolean ? "1" : "0";
      } else {
        out.kind = DefaultValue::Kind::boolean;
        out.boolean = value->boolean;
      }
      return out;
    case DefaultValue::Kind::now:
      // What both dialects store for it (CURRENT_TIMESTAMP), in normalize_sql's form.
      out.kind = DefaultValue::Kind::sql;
      out.sql.common = normalize_sql("CURRENT_TIMESTAMP", dialect, keep_casts);
      return out;
    case DefaultValue::Kind::uuid:
      if (sqlite) return std::nullopt;  // no SQLite form (the renderer refuses it)
      out.kind = DefaultValue::Kind::sql;
      out.sql.common = normalize_sql("gen_random_uuid()", dialect, keep_casts);
      return out;
    case DefaultValue::Kind::sql:
      break;
  }
  const std::string* text = value->sql.for_dialect(dialect);
  if (!text) return std::nullopt;
  std::string normal = normalize_sql(*text, dialect, keep_casts);
  std::string compact;
  for (char c : normal)
    if (c != ' ') compact += c;
  if (normal.empty() || normal == "null") return std::nullopt;
  if (is_number_literal(compact)) {
    out.kind = DefaultValue::Kind::number;
    out.number = compact[0] == '+' ? compact.substr(1) : compact;
    return out;
  }
  if (normal == "true" || normal == "false") {
    if (sqlite) {
      out.kind = DefaultValue::Kind::number;
      out.number = normal == "true" ? "1" : "0";
    } else {
      out.kind = DefaultValue::Kind::boolean;
      out.boolean = normal == "true";
    }
    return out;
  }
  out.kind = DefaultValue::Kind::sql;
  out.sql.common = normal;
  return out;
}

TableSpec normalize_table(const TableSpec& table, Dialect dialect, bool keep_casts) {
  bool sqlite = dialect == Dialect::sqlite;
  TableSpec out;
  out.name = table.name;
  out.where = table.where;
  if (!sqlite) out.comment = table.comment;

  std::vector<std::string> pk = table.primary_key_columns();
  auto in_pk = [&](const std::string& name) {
    return std::find(pk.begin(), pk.end(), name) != pk.end();
  };
  out.columns.reserve(table.columns.size());
  for (const ColumnSpec& c : table.columns) {
    ColumnSpec n;
    n.name = c.name;
    n.type = normalize_type(c.type, dialect);
    n.primary_key = in_pk(c.name);
    n.nullable = c.nullable && !n.primary_key;
    bool integer_kind = n.type.kind == Type::Kind::integer || n.type.kind == Type::Kind::bigint ||
                        n.type.kind == Type::Kind::smallint;
    // SQLite has no identity columns: there one is its rowid, as autoincrement is.
    bool numbered = c.autoincrement || (sqlite && c.identity);
    n.autoincrement = numbered && n.primary_key && pk.size() == 1 && integer_kind;
    if (!sqlite && c.identity) n.identity = normalize_identity(*c.identity);
    if (c.generated) {
      if (const std::string* text = c.generated->expression.for_dialect(dialect)) {
        n.generated = GeneratedSpec{};
        n.generated->expression.common = normalize_sql(*text, dialect, keep_casts);
        n.generated->stored = c.generated->stored;
      }
    }
    if (sqlite && n.primary_key && pk.size() == 1) {
      if (n.autoincrement) n.type = make(Type::Kind::integer);
      if (n.type.kind == Type::Kind::integer) n.autoincrement = true;
    }
    n.server_default = normalize_default(c.server_default, dialect, keep_casts);
    if (!sqlite) n.comment = c.comment;
    n.where = c.where;
    if (c.unique) {
      UniqueSpec u;
      u.columns = {c.name};
      out.unique.push_back(std::move(u));
    }
    out.columns.push_back(std::move(n));
  }
  if (!pk.empty())
    out.primary_key = PrimaryKeySpec{table.primary_key ? table.primary_key->name : "", pk};

  for (const UniqueSpec& u : table.unique) {
    UniqueSpec n{u.name, u.columns, {}};
    // INCLUDE and NULLS NOT DISTINCT are PostgreSQL's (SQLite refuses the latter).
    if (!sqlite) {
      n.include = u.include;
      n.nulls_not_distinct = u.nulls_not_distinct;
    }
    out.unique.push_back(std::move(n));
  }
  std::sort(out.unique.begin(), out.unique.end(), [](const UniqueSpec& a, const UniqueSpec& b) {
    return std::make_pair(a.name, sort_key(a.columns)) <
           std::make_pair(b.name, sort_key(b.columns));
  });

  for (const ForeignKeySpec& fk : table.foreign_keys) {
    ForeignKeySpec n = fk;
    n.where = {};
    for (std::string* action : {&n.on_delete, &n.on_update}) {
      std::string words;
      for (const SqlToken& t : tokenize_sql(*action))
        words += (words.empty() ? "" : " ") + upper(t.text);
      *action = words == "NO ACTION" ? "" : words;
    }
    if (sqlite) n.not_valid = false;
    out.foreign_keys.push_back(std::move(n));
  }
  std::sort(out.foreign_keys.begin(), out.foreign_keys.end(),
            [](const ForeignKeySpec& a, const ForeignKeySpec& b) {
              return std::make_pair(a.name, sort_key(a.columns)) <
                     std::make_pair(b.name, sort_key(b.columns));
            });

  for (const CheckSpec& ck : table.checks) {
    const std::string* text = ck.expression.for_dialect(dialect);
    if (!text) continue;
    CheckSpec n;
    n.name = ck.name;
    n.expression.common = normalize_sql(*text, dialect, keep_casts);
    out.checks.push_back(std::move(n));
  }
  std::sort(out.checks.begin(), out.checks.end(), [](const CheckSpec& a, const CheckSpec& b) {
    return std::tie(a.name, a.expression.common) < std::tie(b.name, b.expression.common);
  });

  for (const IndexSpec& index : table.indexes) {
    IndexSpec n;
    n.name = index.name;
    n.unique = index.unique;
    for (const IndexColumn& c : index.columns) {
      IndexColumn nc;
      if (!c.expression.empty()) {
        std::string expr = normalize_sql(c.expression, dialect, keep_casts);
        // An "expression" that is just a column name is that column.
        std::vector<SqlToken> tokens = tokenize_sql(expr);
        if (tokens.size() == 1 && tokens[0].is_name())
          nc.name = tokens[0].identifier();
        else
          nc.expression = expr;
      } else {
        nc.name = c.name;
      }
      nc.descending = c.descending;
      // NULLs where the dialect puts them anyway is the default: PostgreSQL last ascending and
      // first descending, SQLite the reverse (and always).
      NullsOrder natural = (c.descending != sqlite) ? NullsOrder::first : NullsOrder::last;
      nc.nulls = c.nulls == natural ? NullsOrder::default_ : c.nulls;
      if (sqlite) nc.nulls = NullsOrder::default_;
      // Operator classes are PostgreSQL's, compared by their name without a schema.
      if (!sqlite) nc.opclass = c.opclass.substr(c.opclass.rfind('.') + 1);
      n.columns.push_back(std::move(nc));
    }
    if (!index.where.empty()) n.where = normalize_sql(index.where, dialect, keep_casts);
    if (!sqlite && !iequals(index.using_, "btree")) n.using_ = lower(index.using_);
    if (!sqlite) {
      n.include = index.include;
      n.nulls_not_distinct = index.nulls_not_distinct;
    }
    out.indexes.push_back(std::move(n));
  }
  std::sort(out.indexes.begin(), out.indexes.end(),
            [](const IndexSpec& a, const IndexSpec& b) { return a.name < b.name; });
  return out;
}

Schema normalize_schema(const Schema& schema, Dialect dialect, bool keep_casts) {
  Schema out;
  for (const TableSpec& t : schema.tables)
    out.tables.push_back(normalize_table(t, dialect, keep_casts));
  std::sort(out.tables.begin(), out.tables.end(),
            [](const TableSpec& a, const TableSpec& b) { return a.name < b.name; });
  for (TableSpec& t : out.tables) {
    for (ForeignKeySpec& fk : t.foreign_keys) {
      if (!fk.ref_columns.empty()) continue;
      if (const TableSpec* ref = out.find_table(fk.ref_table))
        fk.ref_columns = ref->primary_key_columns();
    }
  }
  if (dialect != Dialect::sqlite) {
    out.enums = schema.enums;
    for (EnumSpec& e : out.enums) e.where = {};
    std::sort(out.enums.begin(), out.enums.end(),
              [](const EnumSpec& a, const EnumSpec& b) { return a.name < b.name; });
  }
  return out;
}

}  // namespace retort
