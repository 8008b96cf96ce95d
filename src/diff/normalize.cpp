#include "schema/normalize.hpp"

#include <algorithm>
#include <cctype>
#include <tuple>

#include "base/strings.hpp"
#include "dialect/common.hpp"

namespace retort {

namespace {

bool is_simple_identifier(std::string_view s) {
  if (s.empty() || !(std::islower(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '_';
  });
}

bool is_number(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  size_t digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    size_t exp = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++exp;
    if (exp == 0) return false;
  }
  return i == s.size();
}

// Words that may follow the first word of a PostgreSQL type name in a cast.
bool is_type_continuation(const SqlToken& t) {
  static constexpr std::string_view kWords[] = {"varying", "precision", "with",
                                                "without", "time",      "zone"};
  for (std::string_view w : kWords)
    if (t.is_keyword(w)) return true;
  return false;
}

// Keywords after which "(" keeps a space ("in (1, 2)", "and (a)"); after other names "(" is a
// call ("lower(x)").
bool keeps_space_before_paren(std::string_view word) {
  static constexpr std::string_view kWords[] = {
      "and",    "or",     "not",    "in",    "is",       "between", "like",   "glob",
      "regexp", "match",  "exists", "case",  "when",     "then",    "else",   "on",
      "as",     "select", "where",  "from",  "values",   "check",   "escape", "using",
      "any",    "all",    "some",   "array", "distinct", "by",      "over"};
  for (std::string_view w : kWords)
    if (word == w) return true;
  return false;
}

struct Piece {
  std::string text;
  bool name = false;   // a word or identifier
  bool punct = false;  // punctuation / operator
};

// Index of the ")" that closes the "(" at `open`, or pieces.size().
size_t closing(const std::vector<Piece>& pieces, size_t open) {
  int depth = 0;
  for (size_t i = open; i < pieces.size(); ++i) {
    if (pieces[i].punct && pieces[i].text == "(") ++depth;
    if (pieces[i].punct && pieces[i].text == ")" && --depth == 0) return i;
  }
  return pieces.size();
}

bool is_open(const Piece& p) {
  return p.punct && p.text == "(";
}

void remove_redundant_parens(std::vector<Piece>& pieces) {
  bool changed = true;
  while (changed) {
    changed = false;
    for (size_t i = 0; i < pieces.size(); ++i) {
      if (!is_open(pieces[i])) continue;
      size_t close = closing(pieces, i);
      if (close >= pieces.size()) continue;
      bool call =
          i > 0 && (pieces[i - 1].name || (pieces[i - 1].punct && pieces[i - 1].text == ")"));
      // "(x)" around a single value, not a call's or IN's argument list.
      bool single = close == i + 2 && !pieces[i + 1].punct && !call;
      // "((…))": the inner pair is redundant.
      bool doubled = i + 1 < close && is_open(pieces[i + 1]) && closing(pieces, i + 1) == close - 1;
      // The whole text.
      bool whole = i == 0 && close == pieces.size() - 1;
      if (single || whole) {
        pieces.erase(pieces.begin() + static_cast<long>(close));
        pieces.erase(pieces.begin() + static_cast<long>(i));
        changed = true;
        break;
      }
      if (doubled) {
        pieces.erase(pieces.begin() + static_cast<long>(close - 1));
        pieces.erase(pieces.begin() + static_cast<long>(i + 1));
        changed = true;
        break;
      }
    }
  }
}

std::string join(const std::vector<Piece>& pieces) {
  std::string out;
  for (size_t i = 0; i < pieces.size(); ++i) {
    const Piece& p = pieces[i];
    if (i > 0) {
      const Piece& prev = pieces[i - 1];
      bool space = true;
      if (prev.punct &&
          (prev.text == "(" || prev.text == "[" || prev.text == "." || prev.text == "::"))
        space = false;
      if (p.punct && (p.text == ")" || p.text == "]" || p.text == "," || p.text == "." ||
                      p.text == "::" || p.text == "["))
        space = false;
      if (p.punct && p.text == "(" && prev.name && !keeps_space_before_paren(prev.text))
        space = false;
      if (space) out += ' ';
    }
    out += p.text;
  }
  return out;
}

// "VARCHAR ( 50 )" -> "VARCHAR(50)", "numeric(10,2)" -> "NUMERIC(10, 2)".
std::string canonical_type_text(std::string_view declared) {
  std::string out;
  for (const SqlToken& t : tokenize_sql(declared)) {
    std::string text = t.kind == SqlToken::Kind::word ? upper(t.text) : std::string(t.text);
    if (!out.empty()) {
      char last = out.back();
      if (t.is(",")) {
        out += ",";
        continue;
      }
      if (last == ',')
        out += ' ';
      else if (!(t.is("(") || t.is(")") || last == '(' || t.is("[") || t.is("]") || last == '['))
        out += ' ';
    }
    out += text;
  }
  return out;
}

std::vector<int> type_arguments(std::string_view canonical) {
  std::vector<int> args;
  size_t open = canonical.find('(');
  if (open == std::string_view::npos) return args;
  for (const SqlToken& t : tokenize_sql(canonical.substr(open))) {
    if (t.kind == SqlToken::Kind::number) args.push_back(std::atoi(std::string(t.text).c_str()));
  }
  return args;
}

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

std::string normalize_sql(std::string_view sql, Dialect dialect, bool keep_casts) {
  std::vector<SqlToken> tokens = tokenize_sql(sql, dialect == Dialect::sqlite);
  std::vector<Piece> pieces;
  pieces.reserve(tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    const SqlToken& t = tokens[i];
    if (!keep_casts && t.is("::")) {
      // Skip the cast's type: a name, more words of a multi-word name, (args), [] suffixes.
      size_t j = i + 1;
      if (j < tokens.size() && tokens[j].is_name()) ++j;
      while (j < tokens.size() && is_type_continuation(tokens[j])) ++j;
      if (j < tokens.size() && tokens[j].is("(")) {
        int depth = 0;
        for (; j < tokens.size(); ++j) {
          if (tokens[j].is("(")) ++depth;
          if (tokens[j].is(")") && --depth == 0) {
            ++j;
            break;
          }
        }
      }
      while (j + 1 < tokens.size() && tokens[j].is("[") && tokens[j + 1].is("]")) j += 2;
      i = j - 1;
      continue;
    }
    // PostgreSQL's names for the transaction's start time are one value: now() and
    // transaction_timestamp() are CURRENT_TIMESTAMP (docs/autogenerate.md, "How expressions
    // compare").
    if (dialect == Dialect::postgresql && t.kind == SqlToken::Kind::word &&
        (iequals(t.text, "now") || iequals(t.text, "transaction_timestamp")) &&
        i + 2 < tokens.size() && tokens[i + 1].is("(") && tokens[i + 2].is(")") &&
        !(i > 0 && tokens[i - 1].is("."))) {
      Piece p;
      p.text = "current_timestamp";
      p.name = true;
      pieces.push_back(std::move(p));
      i += 2;
      continue;
    }
    Piece p;
    switch (t.kind) {
      case SqlToken::Kind::word:
        p.text = lower(t.text);
        p.name = true;
        break;
      case SqlToken::Kind::quoted_identifier: {
        std::string name = t.identifier();
        if (dialect == Dialect::sqlite) name = lower(name);
        if (is_simple_identifier(name)) {
          p.text = name;
        } else {
          p.text = "\"";
          for (char c : name) p.text += c == '"' ? std::string("\"\"") : std::string(1, c);
          p.text += "\"";
        }
        p.name = true;
        break;
      }
      case SqlToken::Kind::punct:
        p.text = std::string(t.text);
        p.punct = true;
        break;
      default:
        p.text = std::string(t.text);
        break;
    }
    pieces.push_back(std::move(p));
  }
  remove_redundant_parens(pieces);
  return join(pieces);
}

Type parse_declared_type(std::string_view declared, Dialect dialect) {
  using K = Type::Kind;
  std::string text = canonical_type_text(declared);
  std::string base = text.substr(0, text.find('('));
  while (!base.empty() && base.back() == ' ') base.pop_back();
  std::vector<int> args = type_arguments(text);
  bool has_args = text.find('(') != std::string::npos;
  bool pg = dialect == Dialect::postgresql;

  auto with_length = [&](K kind) {
    Type t = make(kind);
    if (!args.empty()) t.length = args[0];
    return t;
  };
  if (base == "INTEGER" || base == "INT" || (pg && base == "INT4")) return make(K::integer);
  if (base == "BIGINT" || base == "INT8") return make(K::bigint);
  if (base == "SMALLINT" || base == "INT2") return make(K::smallint);
  if (base == "BOOLEAN" || base == "BOOL") return make(K::boolean);
  if (base == "FLOAT" && !has_args) return make(pg ? K::double_ : K::float_);
  if (base == "REAL" || base == "FLOAT4") return make(K::float_);
  if (base == "DOUBLE" || base == "DOUBLE PRECISION" || base == "FLOAT8") return make(K::double_);
  if (base == "NUMERIC" || base == "DECIMAL") {
    Type t = make(K::numeric);
    if (!args.empty()) t.precision = args[0];
    if (args.size() > 1) t.scale = args[1];
    return t;
  }
  if (base == "VARCHAR" || base == "CHARACTER VARYING" || base == "NVARCHAR")
    return with_length(K::string);
  if (base == "TEXT" || (!pg && base == "CLOB")) return make(K::text);
  if (base == "DATE") return make(K::date);
  if ((base == "TIME" || base == "TIME WITHOUT TIME ZONE") && !has_args) return make(K::time);
  if (!has_args &&
      (base == "DATETIME" || base == "TIMESTAMP" || base == "TIMESTAMP WITHOUT TIME ZONE"))
    return make(K::datetime);
  if (!has_args && (base == "TIMESTAMPTZ" || base == "TIMESTAMP WITH TIME ZONE")) {
    Type t = make(K::datetime);
    t.timezone = true;
    return t;
  }
  if (base == "JSON") return make(K::json);
  if (base == "JSONB") return make(pg ? K::jsonb : K::json);
  if (base == "UUID") return make(K::uuid);
  if (!pg && (base == "CHAR" || base == "CHARACTER") && args.size() == 1 && args[0] == 36)
    return make(K::uuid);
  if ((!pg && base == "BLOB") || (pg && base == "BYTEA")) return make(K::binary);
  Type t = make(K::custom);
  t.custom_sql.common = text;
  return t;
}

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
  if (is_number(compact)) {
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

IdentitySpec normalize_identity(const IdentitySpec& identity) {
  IdentitySpec out = identity;
  int64_t step = identity.increment.value_or(1);
  if (out.increment == 1) out.increment.reset();
  if (out.start == (step > 0 ? 1 : -1)) out.start.reset();
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
