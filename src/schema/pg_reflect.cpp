#include "schema/pg_reflect.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <unordered_map>
#include <unordered_set>

#include "base/strings.hpp"
#include "ops/canonical_spec.hpp"
#include "schema/pg_objects.hpp"
#include "sql/text.hpp"

namespace retort {

namespace {

// The tables a reflection looks at: $1 = schema, $2 = one table name or NULL for all. Every
// catalog query starts from this CTE so that a whole schema costs the same five queries (and
// five more for the other objects, schema/pg_objects).
constexpr std::string_view kTablesCte =
    "WITH t AS (SELECT c.oid, c.relname FROM pg_class c"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition"
    // A table an extension owns is the extension's (create_extension makes it).
    " AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.objid = c.oid"
    "   AND e.classid = 'pg_class'::regclass AND e.deptype = 'e')"
    " AND ($2::text IS NULL OR c.relname = $2)) ";

constexpr std::string_view kTablesQuery =
    "SELECT t.oid::text, t.relname, d.description FROM t"
    " LEFT JOIN pg_description d ON d.objoid = t.oid AND d.classoid = 'pg_class'::regclass"
    " AND d.objsubid = 0"
    " ORDER BY t.relname COLLATE \"C\"";

// Columns with type facts, default, identity and whether the column owns a sequence (SERIAL).
// A default cannot refer to columns, so it is printed without its table (relid 0): that spares
// the server opening every table, which halves the cost of this query on a cold session.
constexpr std::string_view kColumnsQuery =
    "SELECT a.attrelid::text, a.attname, ty.typname, ty.typtype, a.atttypmod,"
    " format_type(a.atttypid, a.atttypmod), a.attnotnull,"
    " CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, 0) END,"
    " a.attidentity,"
    " CASE WHEN ad.adbin IS NOT NULL THEN EXISTS (SELECT 1 FROM pg_depend dep"
    "   WHERE dep.refclassid = 'pg_class'::regclass AND dep.refobjid = a.attrelid"
    "   AND dep.refobjsubid = a.attnum AND dep.classid = 'pg_class'::regclass"
    "   AND dep.deptype = 'a') ELSE false END,"
    " d.description, a.atttypid::text, tn.nspname,"
    // An identity's sequence (an internal dependency of the column): its start and increment.
    " CASE WHEN a.attidentity <> '' THEN (SELECT s.seqstart::text || ',' || s.seqincrement::text"
    "   FROM pg_depend dep JOIN pg_sequence s ON s.seqrelid = dep.objid"
    "   WHERE dep.classid = 'pg_class'::regclass AND dep.refclassid = 'pg_class'::regclass"
    "   AND dep.refobjid = a.attrelid AND dep.refobjsubid = a.attnum AND dep.deptype = 'i'"
    "   LIMIT 1) END,"
    // A generated column's expression names columns: printed with its table.
    " a.attgenerated, CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, a.attrelid) END"
    " FROM t JOIN pg_attribute a ON a.attrelid = t.oid"
    " JOIN pg_type ty ON ty.oid = a.atttypid"
    " JOIN pg_namespace tn ON tn.oid = ty.typnamespace"
    " LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum"
    " LEFT JOIN pg_description d ON d.objoid = a.attrelid"
    " AND d.classoid = 'pg_class'::regclass AND d.objsubid = a.attnum"
    " WHERE a.attnum > 0 AND NOT a.attisdropped"
    " ORDER BY a.attrelid, a.attnum";

// An index's INCLUDE columns (those after its key columns), joined by chr(31); `i` is its
// pg_index row.
constexpr std::string_view kIncludedColumns =
    "(SELECT string_agg(a.attname, chr(31) ORDER BY k2.n)"
    " FROM generate_series(i.indnkeyatts + 1, i.indnatts) AS k2(n)"
    " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k2.n - 1])";

// `i.indnullsnotdistinct` on a server that has it (PostgreSQL 15+), else false.
std::string nulls_not_distinct_column(Connection& conn) {
  std::string version = conn.server_version();
  return std::atoi(version.c_str()) >= 15 ? "i.indnullsnotdistinct" : "false";
}

// One row per constraint key column (one row with NULL key columns for a check); a unique
// constraint's NULLS NOT DISTINCT and INCLUDE columns from its index.
std::string constraints_query(const std::string& nulls_not_distinct) {
  return "SELECT con.conrelid::text, con.oid::text, con.conname, con.contype, con.confdeltype,"
         " con.confupdtype, con.convalidated, fc.relname, fn.nspname,"
         " CASE WHEN con.contype = 'c' THEN pg_get_expr(con.conbin, con.conrelid, true) END,"
         " (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = con.conrelid"
         "   AND a.attnum = k.attnum),"
         " (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = con.confrelid"
         "   AND a.attnum = k.fattnum), " +
         nulls_not_distinct + ", " + std::string(kIncludedColumns) +
         " FROM t JOIN pg_constraint con ON con.conrelid = t.oid"
         " LEFT JOIN pg_index i ON i.indexrelid = con.conindid AND con.contype = 'u'"
         " LEFT JOIN pg_class fc ON fc.oid = con.confrelid"
         " LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace"
         " LEFT JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, fattnum, "
         "ord)"
         "   ON con.contype <> 'c'"
         " WHERE con.contype IN ('p', 'f', 'u', 'c')"
         " ORDER BY con.conrelid, con.conname COLLATE \"C\", con.oid, k.ord";
}

// One row per key column of every index that backs no constraint: the expression's text for an
// expression key, the column's name for a plain column, its indoption bits (1 = DESC, 2 = NULLS
// FIRST) and its operator class when that is not the type's default (collations are not read).
// Also the index's NULLS NOT DISTINCT and INCLUDE columns.
std::string indexes_query(const std::string& nulls_not_distinct) {
  return "SELECT i.indrelid::text, i.indexrelid::text, ic.relname, i.indisunique, am.amname,"
         " pg_get_expr(i.indpred, i.indrelid, true),"
         " CASE WHEN i.indkey[k.n - 1] = 0 THEN pg_get_indexdef(i.indexrelid, k.n, true) END,"
         " (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = i.indrelid"
         "   AND a.attnum = i.indkey[k.n - 1] AND i.indkey[k.n - 1] <> 0),"
         " i.indoption[k.n - 1],"
         " (SELECT CASE WHEN NOT oc.opcdefault THEN oc.opcname::text END FROM pg_opclass oc"
         "   WHERE oc.oid = i.indclass[k.n - 1]), " +
         nulls_not_distinct + ", " + std::string(kIncludedColumns) +
         " FROM t JOIN pg_index i ON i.indrelid = t.oid"
         " JOIN pg_class ic ON ic.oid = i.indexrelid"
         " JOIN pg_am am ON am.oid = ic.relam"
         " CROSS JOIN LATERAL generate_series(1, i.indnkeyatts::int) AS k(n)"
         " WHERE NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid"
         "   AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x'))"
         " ORDER BY i.indrelid, ic.relname COLLATE \"C\", i.indexrelid, k.n";
}

std::vector<std::string> split_names(const std::optional<std::string>& joined) {
  std::vector<std::string> out;
  if (!joined) return out;
  size_t start = 0;
  for (;;) {
    size_t sep = joined->find('\x1f', start);
    out.push_back(joined->substr(start, sep == std::string::npos ? sep : sep - start));
    if (sep == std::string::npos) return out;
    start = sep + 1;
  }
}

// Enum types of the schema, and of any other schema when a reflected column uses them.
constexpr std::string_view kEnumsQuery =
    "SELECT ty.oid::text, tn.nspname, ty.typname, e.enumlabel"
    " FROM pg_type ty JOIN pg_namespace tn ON tn.oid = ty.typnamespace"
    " JOIN pg_enum e ON e.enumtypid = ty.oid"
    " WHERE tn.nspname = $1 OR ty.oid IN (SELECT a.atttypid FROM t"
    "   JOIN pg_attribute a ON a.attrelid = t.oid)"
    " ORDER BY tn.nspname COLLATE \"C\", ty.typname COLLATE \"C\", ty.oid, e.enumsortorder";

constexpr std::string_view kTriggersQuery =
    "SELECT pg_get_triggerdef(tg.oid) FROM t JOIN pg_trigger tg ON tg.tgrelid = t.oid"
    " WHERE NOT tg.tgisinternal ORDER BY tg.tgname COLLATE \"C\"";

using Row = std::vector<std::optional<std::string>>;

const std::string& text(const Row& row, size_t i) {
  static const std::string empty;
  return row[i] ? *row[i] : empty;
}

bool flag(const Row& row, size_t i) {
  return row[i] && *row[i] == "t";
}

bool is_ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}

// Words allowed in a multi-word type name ("character varying", "timestamp with time zone").
bool is_type_word(std::string_view w) {
  static const std::unordered_set<std::string_view> kWords = {
      "character", "varying", "double", "precision", "timestamp", "time",
      "with",      "without", "zone",   "bit",       "national"};
  return kWords.count(w) > 0;
}

// Parses one type name at `s[pos]` (after "::"): words (quoted or not, dotted), an optional
// modifier list "(…digits…)", optional trailing words ("without time zone"), optional "[]"s.
// Returns the position after it and sets `name` to its first word, or npos when it is not a type.
size_t parse_type_name(std::string_view s, size_t pos, std::string& name) {
  size_t i = pos;
  int words = 0;
  bool all_type_words = true;
  auto read_words = [&]() {
    for (;;) {
      size_t start = i;
      std::string word;
      if (i < s.size() && s[i] == '"') {
        for (++i;; ++i) {
          if (i >= s.size()) return false;
          if (s[i] != '"') continue;
          if (i + 1 < s.size() && s[i + 1] == '"') {
            ++i;  // a doubled quote inside the name
            continue;
          }
          ++i;
          break;
        }
        word = std::string(s.substr(start, i - start));
        all_type_words = false;
      } else {
        while (i < s.size() && (is_ident_char(s[i]) || s[i] == '.')) ++i;
        if (i == start) {
          i = start;
          return true;
        }
        word = std::string(s.substr(start, i - start));
        if (!is_type_word(word)) all_type_words = false;
      }
      if (words == 0) name = word;
      ++words;
      if (i < s.size() && s[i] == ' ' && i + 1 < s.size() &&
          (is_ident_char(s[i + 1]) || s[i + 1] == '"')) {
        ++i;
        continue;
      }
      return true;
    }
  };
  if (!read_words() || words == 0) return std::string_view::npos;
  if (i < s.size() && s[i] == '(') {
    size_t close = s.find(')', i);
    if (close == std::string_view::npos) return std::string_view::npos;
    for (size_t k = i + 1; k < close; ++k)
      if (!std::isdigit(static_cast<unsigned char>(s[k])) && s[k] != ',' && s[k] != ' ')
        return std::string_view::npos;
    i = close + 1;
    if (i < s.size() && s[i] == ' ') {
      ++i;
      if (!read_words()) return std::string_view::npos;
    }
  }
  if (words > 1 && !all_type_words) return std::string_view::npos;
  while (s.substr(i, 2) == "[]") i += 2;
  return i;
}

struct LiteralWithCasts {
  std::string_view literal;  // 'x', E'x' or NULL
  std::string first_cast;    // first word of the first cast's type name, "" when none
};

// `'x'::character varying::text` → {'x', "character"}; nullopt when `e` is anything else.
std::optional<LiteralWithCasts> parse_literal_with_casts(std::string_view e) {
  size_t i = 0;
  if (e.substr(0, 4) == "NULL") {
    i = 4;
  } else {
    bool escape = false;
    if (!e.empty() && (e[0] == 'E' || e[0] == 'e') && e.size() > 1 && e[1] == '\'') {
      escape = true;
      i = 1;
    }
    if (i >= e.size() || e[i] != '\'') return std::nullopt;
    ++i;
    for (;;) {
      if (i >= e.size()) return std::nullopt;
      if (escape && e[i] == '\\') {
        i += 2;
        continue;
      }
      if (e[i] == '\'') {
        if (i + 1 < e.size() && e[i + 1] == '\'') {
          i += 2;
          continue;
        }
        ++i;
        break;
      }
      ++i;
    }
  }
  LiteralWithCasts out{e.substr(0, i), ""};
  while (i < e.size()) {
    if (e.substr(i, 2) != "::") return std::nullopt;
    std::string name;
    size_t next = parse_type_name(e, i + 2, name);
    if (next == std::string_view::npos) return std::nullopt;
    if (out.first_cast.empty()) out.first_cast = name;
    i = next;
  }
  return out;
}

bool is_numeric_type_name(std::string_view name) {
  return name == "integer" || name == "bigint" || name == "smallint" || name == "numeric" ||
         name == "real" || name == "double";
}

// The portable type for a column, from pg_type facts.
Type map_type(const std::string& typname, const std::string& typtype, int typmod,
              const std::string& formatted) {
  using K = Type::Kind;
  Type t;
  auto custom = [&]() {
    t.kind = K::custom;
    t.custom_sql.common = formatted;
    return t;
  };
  if (typtype != "b") return custom();  // domains, composites, ranges; enums are handled by caller
  if (typname == "int4")
    t.kind = K::integer;
  else if (typname == "int8")
    t.kind = K::bigint;
  else if (typname == "int2")
    t.kind = K::smallint;
  else if (typname == "bool")
    t.kind = K::boolean;
  else if (typname == "float4")
    t.kind = K::float_;
  else if (typname == "float8")
    t.kind = K::double_;
  else if (typname == "text")
    t.kind = K::text;
  else if (typname == "date")
    t.kind = K::date;
  else if (typname == "json")
    t.kind = K::json;
  else if (typname == "jsonb")
    t.kind = K::jsonb;
  else if (typname == "uuid")
    t.kind = K::uuid;
  else if (typname == "bytea")
    t.kind = K::binary;
  else if (typname == "numeric") {
    t.kind = K::numeric;
    if (typmod >= 4) {
      t.precision = ((typmod - 4) >> 16) & 0xffff;
      t.scale = (typmod - 4) & 0xffff;
    }
  } else if (typname == "varchar") {
    t.kind = K::string;
    if (typmod >= 4) t.length = typmod - 4;
  } else if ((typname == "timestamp" || typname == "timestamptz" || typname == "time") &&
             typmod < 0) {
    t.kind = typname == "time" ? K::time : K::datetime;
    t.timezone = typname == "timestamptz";
  } else {
    return custom();
  }
  return t;
}

// A name as the reflected schema sees it: bare within `schema`, "other.name" elsewhere.
std::string relative_name(const std::string& object_schema, const std::string& name,
                          const std::string& schema) {
  return object_schema == schema ? name : object_schema + "." + name;
}

std::string fk_action(const std::string& code) {
  if (code == "c") return "CASCADE";
  if (code == "n") return "SET NULL";
  if (code == "d") return "SET DEFAULT";
  if (code == "r") return "RESTRICT";
  return "";  // 'a': NO ACTION, the default
}

struct Reflected {
  Schema schema;
  std::vector<std::string> triggers;
};

Reflected reflect(Connection& conn, const std::string& schema,
                  const std::optional<std::string>& only_table, bool with_triggers) {
  const std::vector<Param> params{Param::of(schema),
                                  only_table ? Param::of(*only_table) : Param::null()};
  const std::string nulls_not_distinct = nulls_not_distinct_column(conn);
  auto run = [&](std::string_view body) {
    std::string sql(kTablesCte);
    sql += body;
    return conn.query(sql, params);
  };

  Reflected out;
  std::unordered_map<std::string, size_t> table_index;  // table oid → index in out.schema.tables
  QueryResult tables = run(kTablesQuery);
  out.schema.tables.reserve(tables.rows.size());
  for (const Row& row : tables.rows) {
    TableSpec t;
    t.name = text(row, 1);
    t.comment = row[2];
    table_index.emplace(text(row, 0), out.schema.tables.size());
    out.schema.tables.push_back(std::move(t));
  }
  if (out.schema.tables.empty() && only_table) return out;

  // Enums first: columns of an enum type need its values.
  struct EnumInfo {
    std::string name;  // relative to `schema`
    std::vector<std::string> values;
  };
  std::unordered_map<std::string, EnumInfo> enums;  // type oid → enum
  std::vector<std::string> enum_order;
  for (const Row& row : run(kEnumsQuery).rows) {
    auto [it, fresh] = enums.try_emplace(text(row, 0));
    if (fresh) {
      it->second.name = relative_name(text(row, 1), text(row, 2), schema);
      if (text(row, 1) == schema) enum_order.push_back(text(row, 0));
    }
    it->second.values.push_back(text(row, 3));
  }
  for (const std::string& oid : enum_order) {
    const EnumInfo& info = enums.at(oid);
    EnumSpec e;
    e.name = info.name;
    e.values = info.values;
    out.schema.enums.push_back(std::move(e));
  }

  for (const Row& row : run(kColumnsQuery).rows) {
    auto ti = table_index.find(text(row, 0));
    if (ti == table_index.end()) continue;
    ColumnSpec c;
    c.name = text(row, 1);
    const std::string& typtype = text(row, 3);
    auto e = typtype == "e" ? enums.find(text(row, 11)) : enums.end();
    if (e != enums.end()) {
      c.type.kind = Type::Kind::enum_;
      c.type.enum_name = e->second.name;
      c.type.enum_values = e->second.values;
    } else {
      c.type = map_type(text(row, 2), typtype, std::atoi(text(row, 4).c_str()), text(row, 5));
    }
    c.nullable = !flag(row, 6);
    bool integer = c.type.kind == Type::Kind::integer || c.type.kind == Type::Kind::bigint ||
                   c.type.kind == Type::Kind::smallint;
    bool serial = row[7] && row[7]->rfind("nextval(", 0) == 0 && flag(row, 9);
    const std::string& identity = text(row, 8);
    if (!identity.empty()) {
      IdentitySpec id;
      id.always = identity == "a";
      const std::string& seq = text(row, 13);
      if (size_t comma = seq.find(','); comma != std::string::npos) {
        id.start = std::atoll(seq.substr(0, comma).c_str());
        id.increment = std::atoll(seq.substr(comma + 1).c_str());
      }
      c.identity = normalize_identity(id);
    } else if (integer && serial) {
      c.autoincrement = true;
    } else if (row[7]) {
      c.server_default = normalize_pg_default(*row[7]);
    }
    if (!text(row, 14).empty() && row[15]) {
      c.generated = GeneratedSpec{};
      c.generated->expression.common = *row[15];
      c.generated->stored = text(row, 14) == "s";
    }
    c.comment = row[10];
    out.schema.tables[ti->second].columns.push_back(std::move(c));
  }

  // Constraints: consecutive rows of one constraint share its oid.
  const QueryResult constraints = run(constraints_query(nulls_not_distinct));
  for (size_t r = 0; r < constraints.rows.size();) {
    const Row& first = constraints.rows[r];
    size_t end = r;
    std::vector<std::string> columns;
    std::vector<std::string> ref_columns;
    while (end < constraints.rows.size() && text(constraints.rows[end], 1) == text(first, 1)) {
      const Row& row = constraints.rows[end];
      if (row[10]) columns.push_back(*row[10]);
      if (row[11]) ref_columns.push_back(*row[11]);
      ++end;
    }
    r = end;
    auto ti = table_index.find(text(first, 0));
    if (ti == table_index.end()) continue;
    TableSpec& t = out.schema.tables[ti->second];
    const std::string& type = text(first, 3);
    const std::string& name = text(first, 2);
    if (type == "p") {
      t.primary_key = PrimaryKeySpec{name, columns};
      for (auto& c : t.columns)
        if (std::find(columns.begin(), columns.end(), c.name) != columns.end())
          c.primary_key = true;
    } else if (type == "u") {
      UniqueSpec u;
      u.name = name;
      u.columns = std::move(columns);
      u.nulls_not_distinct = flag(first, 12);
      u.include = split_names(first[13]);
      t.unique.push_back(std::move(u));
    } else if (type == "c") {
      CheckSpec ck;
      ck.name = name;
      ck.expression.common = text(first, 9);
      ck.not_valid = !flag(first, 6);
      t.checks.push_back(std::move(ck));
    } else if (type == "f") {
      ForeignKeySpec fk;
      fk.name = name;
      fk.columns = std::move(columns);
      fk.ref_table = relative_name(text(first, 8), text(first, 7), schema);
      fk.ref_columns = std::move(ref_columns);
      fk.on_delete = fk_action(text(first, 4));
      fk.on_update = fk_action(text(first, 5));
      fk.not_valid = !flag(first, 6);
      t.foreign_keys.push_back(std::move(fk));
    }
  }

  const QueryResult indexes = run(indexes_query(nulls_not_distinct));
  for (size_t r = 0; r < indexes.rows.size();) {
    const Row& first = indexes.rows[r];
    IndexSpec ix;
    ix.name = text(first, 2);
    ix.unique = flag(first, 3);
    ix.using_ = text(first, 4) == "btree" ? "" : text(first, 4);
    ix.where = text(first, 5);
    ix.nulls_not_distinct = flag(first, 10);
    ix.include = split_names(first[11]);
    size_t end = r;
    while (end < indexes.rows.size() && text(indexes.rows[end], 1) == text(first, 1)) {
      const Row& row = indexes.rows[end];
      IndexColumn col;
      if (row[7])
        col.name = *row[7];
      else
        col.expression = text(row, 6);
      int option = row[8] ? std::atoi(row[8]->c_str()) : 0;
      col.descending = (option & 1) != 0;
      // PostgreSQL's default is NULLS LAST ascending, NULLS FIRST descending.
      bool nulls_first = (option & 2) != 0;
      if (nulls_first != col.descending)
        col.nulls = nulls_first ? NullsOrder::first : NullsOrder::last;
      col.opclass = text(row, 9);
      ix.columns.push_back(std::move(col));
      ++end;
    }
    r = end;
    auto ti = table_index.find(text(first, 0));
    if (ti != table_index.end()) out.schema.tables[ti->second].indexes.push_back(std::move(ix));
  }

  if (with_triggers)
    for (const Row& row : run(kTriggersQuery).rows) out.triggers.push_back(text(row, 0));
  return out;
}

}  // namespace

std::string strip_pg_literal_casts(std::string_view expression) {
  std::string_view e = trim(expression);
  auto parsed = parse_literal_with_casts(e);
  if (!parsed) return std::string(expression);
  return std::string(parsed->literal);
}

std::optional<DefaultValue> normalize_pg_default(std::string_view expression) {
  std::string_view e = trim(expression);
  if (e.empty()) return std::nullopt;
  DefaultValue v;
  if (e == "true" || e == "false") {
    v.kind = DefaultValue::Kind::boolean;
    v.boolean = e == "true";
    return v;
  }
  if (is_number_literal(e)) {
    v.kind = DefaultValue::Kind::number;
    v.number = std::string(e);
    return v;
  }
  std::string_view literal = e;
  if (auto parsed = parse_literal_with_casts(e)) {
    if (parsed->literal == "NULL") return std::nullopt;
    literal = parsed->literal;
    // '-1'::integer: the server's spelling of a negative (or large) number.
    std::string_view inner = literal.size() >= 2 && literal[0] == '\''
                                 ? literal.substr(1, literal.size() - 2)
                                 : std::string_view();
    if (is_numeric_type_name(parsed->first_cast) && is_number_literal(inner)) {
      v.kind = DefaultValue::Kind::number;
      v.number = std::string(inner);
      return v;
    }
  }
  v.kind = DefaultValue::Kind::sql;
  v.sql.common = std::string(literal);
  return v;
}

Schema reflect_postgresql(Connection& conn, const std::string& schema,
                          const std::vector<std::string>& exclude_tables) {
  Schema out = reflect(conn, schema, std::nullopt, /*with_triggers=*/false).schema;
  reflect_postgresql_objects(conn, schema, out);
  if (!exclude_tables.empty())
    std::erase_if(out.tables, [&](const TableSpec& t) {
      return std::find(exclude_tables.begin(), exclude_tables.end(), t.name) !=
             exclude_tables.end();
    });
  return out;
}

std::optional<TableState> reflect_postgresql_table(Connection& conn, const std::string& table,
                                                   const std::string& default_schema) {
  std::string schema = default_schema;
  std::string name = table;
  if (size_t dot = table.rfind('.'); dot != std::string::npos) {
    schema = table.substr(0, dot);
    name = table.substr(dot + 1);
  }
  Reflected r = reflect(conn, schema, name, /*with_triggers=*/true);
  if (r.schema.tables.empty()) return std::nullopt;
  TableState state;
  state.spec = std::move(r.schema.tables.front());
  state.spec.name = table;
  state.trigger_sql = std::move(r.triggers);
  return state;
}

}  // namespace retort
