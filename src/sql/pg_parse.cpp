#include "sql/pg_parse.hpp"

#include <dlfcn.h>
#include <pg_query.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <nlohmann/json.hpp>

#include "base/error.hpp"

namespace retort {

namespace {

// libpg_query, loaded on the first parse (pg_parse.hpp says why). Its soname and Debian package
// come from the build (CMakeLists.txt), so the header and the library are the same release.
constexpr const char* kLibrary = RETORT_PG_QUERY_SONAME;

struct PgQuery {
  decltype(&::pg_query_parse) parse = nullptr;
  decltype(&::pg_query_free_parse_result) free_parse_result = nullptr;
};

[[noreturn]] void cannot_load(const std::string& why) {
  throw Error(ErrorKind::failure, std::string("reading PostgreSQL's SQL needs ") + kLibrary + ": " +
                                      why + "\n  install it (Debian: apt-get install " +
                                      RETORT_PG_QUERY_PACKAGE + ")");
}

PgQuery load() {
  // Never unloaded: the handle lives as long as the process.
  void* handle = ::dlopen(kLibrary, RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) cannot_load(::dlerror());
  PgQuery q;
  q.parse = reinterpret_cast<decltype(q.parse)>(::dlsym(handle, "pg_query_parse"));
  q.free_parse_result = reinterpret_cast<decltype(q.free_parse_result)>(
      ::dlsym(handle, "pg_query_free_parse_result"));
  if (q.parse == nullptr || q.free_parse_result == nullptr)
    cannot_load("it has no function pg_query_parse or pg_query_free_parse_result");
  return q;
}

// The functions, loaded once (thread-safe: a function-local static).
const PgQuery& pg_query() {
  static const PgQuery loaded = load();
  return loaded;
}

using Json = nlohmann::json;

// The string of `j[key]`, "" when absent or not a string.
std::string str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool flag(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

const Json& child(const Json& j, const char* key) {
  static const Json kNull;
  auto it = j.find(key);
  return it != j.end() ? *it : kNull;
}

// A RangeVar's name as written: "schema.table" or "table".
std::string relation_name(const Json& range_var) {
  std::string schema = str(range_var, "schemaname");
  std::string name = str(range_var, "relname");
  return schema.empty() ? name : schema + "." + name;
}

// A list of {"String": {"sval": …}} nodes joined with '.' ("s.ix").
std::string dotted(const Json& items) {
  std::string out;
  if (!items.is_array()) return out;
  for (const Json& item : items) {
    const Json& s = child(item, "String");
    if (s.is_null()) continue;
    if (!out.empty()) out += '.';
    out += str(s, "sval");
  }
  return out;
}

// A TypeName's last name part ("int4", "bpchar", "timestamptz", "serial").
std::string type_name(const Json& type) {
  const Json& names = child(type, "names");
  if (!names.is_array() || names.empty()) return "";
  return str(child(names.back(), "String"), "sval");
}

// Whether an expression tree calls a volatile function anywhere.
bool calls_volatile(const Json& j) {
  if (j.is_object()) {
    if (auto it = j.find("FuncCall"); it != j.end()) {
      const Json& names = child(*it, "funcname");
      if (names.is_array() && !names.empty() &&
          pg_volatile_function(str(child(names.back(), "String"), "sval")))
        return true;
    }
    for (const auto& [key, value] : j.items())
      if (calls_volatile(value)) return true;
  } else if (j.is_array()) {
    for (const Json& v : j)
      if (calls_volatile(v)) return true;
  }
  return false;
}

SqlChange column_change(const Json& column_def, const std::string& table) {
  SqlChange c;
  c.kind = SqlChange::Kind::add_column;
  c.table = table;
  c.column = str(column_def, "colname");
  c.type = type_name(child(column_def, "typeName"));
  if (c.type == "serial" || c.type == "bigserial" || c.type == "smallserial" ||
      c.type == "serial4" || c.type == "serial8" || c.type == "serial2") {
    c.has_default = c.volatile_default = true;  // nextval() for every row
    c.not_null = true;
  }
  const Json& constraints = child(column_def, "constraints");
  if (constraints.is_array())
    for (const Json& item : constraints) {
      const Json& con = child(item, "Constraint");
      const std::string type = str(con, "contype");
      if (type == "CONSTR_NOTNULL") c.not_null = true;
      if (type == "CONSTR_PRIMARY") c.primary_key = c.not_null = true;
      if (type == "CONSTR_DEFAULT") {
        c.has_default = true;
        c.volatile_default = c.volatile_default || calls_volatile(child(con, "raw_expr"));
      }
      if (type == "CONSTR_IDENTITY") c.has_default = true;
      if (type == "CONSTR_GENERATED") c.has_default = true;
    }
  return c;
}

SqlChange::Constraint constraint_kind(const std::string& contype) {
  if (contype == "CONSTR_FOREIGN") return SqlChange::Constraint::foreign_key;
  if (contype == "CONSTR_CHECK") return SqlChange::Constraint::check;
  if (contype == "CONSTR_UNIQUE") return SqlChange::Constraint::unique;
  if (contype == "CONSTR_PRIMARY") return SqlChange::Constraint::primary_key;
  if (contype == "CONSTR_EXCLUSION") return SqlChange::Constraint::exclusion;
  return SqlChange::Constraint::none;
}

void alter_table(const Json& stmt, std::vector<SqlChange>& out) {
  if (str(stmt, "objtype") != "OBJECT_TABLE") return;
  const std::string table = relation_name(child(stmt, "relation"));
  const Json& cmds = child(stmt, "cmds");
  if (!cmds.is_array()) return;
  for (const Json& item : cmds) {
    const Json& cmd = child(item, "AlterTableCmd");
    const std::string sub = str(cmd, "subtype");
    SqlChange c;
    c.table = table;
    c.column = str(cmd, "name");
    if (sub == "AT_AddColumn") {
      out.push_back(column_change(child(child(cmd, "def"), "ColumnDef"), table));
      continue;
    }
    if (sub == "AT_DropColumn") {
      c.kind = SqlChange::Kind::drop_column;
    } else if (sub == "AT_AlterColumnType") {
      c.kind = SqlChange::Kind::alter_column_type;
      c.type = type_name(child(child(child(cmd, "def"), "ColumnDef"), "typeName"));
    } else if (sub == "AT_SetNotNull") {
      c.kind = SqlChange::Kind::set_not_null;
    } else if (sub == "AT_AddConstraint") {
      const Json& con = child(child(cmd, "def"), "Constraint");
      c.kind = SqlChange::Kind::add_constraint;
      c.column.clear();
      c.name = str(con, "conname");
      c.constraint = constraint_kind(str(con, "contype"));
      c.not_valid = flag(con, "skip_validation");
      c.using_index = !str(con, "indexname").empty();
    } else if (sub == "AT_ValidateConstraint") {
      c.kind = SqlChange::Kind::validate_constraint;
      c.name = c.column;
      c.column.clear();
    } else {
      continue;
    }
    out.push_back(std::move(c));
  }
}

std::vector<SqlChange> changes_of(const std::string& node, const Json& stmt) {
  std::vector<SqlChange> out;
  SqlChange c;
  if (node == "CreateStmt") {
    c.kind = SqlChange::Kind::create_table;
    c.table = relation_name(child(stmt, "relation"));
    const Json& elts = child(stmt, "tableElts");
    if (elts.is_array())
      for (const Json& e : elts)
        if (e.contains("ColumnDef")) c.columns.push_back(column_change(e["ColumnDef"], c.table));
    out.push_back(std::move(c));
  } else if (node == "DropStmt") {
    const std::string type = str(stmt, "removeType");
    if (type != "OBJECT_TABLE" && type != "OBJECT_INDEX") return out;
    const Json& objects = child(stmt, "objects");
    if (!objects.is_array()) return out;
    for (const Json& o : objects) {
      SqlChange d;
      d.kind = type == "OBJECT_TABLE" ? SqlChange::Kind::drop_table : SqlChange::Kind::drop_index;
      std::string name = dotted(child(child(o, "List"), "items"));
      (type == "OBJECT_TABLE" ? d.table : d.name) = name;
      d.concurrently = flag(stmt, "concurrent");
      out.push_back(std::move(d));
    }
  } else if (node == "RenameStmt") {
    const std::string type = str(stmt, "renameType");
    c.table = relation_name(child(stmt, "relation"));
    c.new_name = str(stmt, "newname");
    if (type == "OBJECT_TABLE") {
      c.kind = SqlChange::Kind::rename_table;
    } else if (type == "OBJECT_COLUMN") {
      c.kind = SqlChange::Kind::rename_column;
      c.column = str(stmt, "subname");
    } else {
      return out;
    }
    out.push_back(std::move(c));
  } else if (node == "AlterTableStmt") {
    alter_table(stmt, out);
  } else if (node == "IndexStmt") {
    c.kind = SqlChange::Kind::create_index;
    c.table = relation_name(child(stmt, "relation"));
    c.name = str(stmt, "idxname");
    c.concurrently = flag(stmt, "concurrent");
    c.unique = flag(stmt, "unique");
    out.push_back(std::move(c));
  } else if (node == "TruncateStmt") {
    const Json& rels = child(stmt, "relations");
    if (!rels.is_array()) return out;
    for (const Json& r : rels) {
      SqlChange t;
      t.kind = SqlChange::Kind::truncate;
      t.table = relation_name(child(r, "RangeVar"));
      t.cascade = str(stmt, "behavior") == "DROP_CASCADE";
      out.push_back(std::move(t));
    }
  } else if (node == "UpdateStmt" || node == "DeleteStmt") {
    c.kind = node == "UpdateStmt" ? SqlChange::Kind::update : SqlChange::Kind::delete_rows;
    c.table = relation_name(child(stmt, "relation"));
    c.has_where = stmt.contains("whereClause");
    out.push_back(std::move(c));
  } else if (node == "VariableSetStmt") {
    if (str(stmt, "name") == "lock_timeout" && str(stmt, "kind") == "VAR_SET_VALUE") {
      c.kind = SqlChange::Kind::set_lock_timeout;
      out.push_back(std::move(c));
    }
  }
  return out;
}

// The byte offset of the 1-based character position `cursor` (PostgreSQL counts characters;
// the text is UTF-8), clamped to the text.
size_t byte_offset(std::string_view text, int cursor) {
  if (cursor <= 1) return 0;
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (++chars == static_cast<size_t>(cursor)) return i;
  }
  return text.size();
}

}  // namespace

bool pg_volatile_function(std::string_view name) {
  static constexpr std::array<std::string_view, 9> kVolatile = {
      "gen_random_uuid",  "uuid_generate_v1", "uuid_generate_v1mc",
      "uuid_generate_v4", "random",           "clock_timestamp",
      "timeofday",        "nextval",          "txid_current"};
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(kVolatile.begin(), kVolatile.end(), lower) != kVolatile.end();
}

PgParse pg_parse(std::string_view sql) {
  PgParse out;
  const std::string text(sql);  // libpg_query reads a NUL-terminated string
  const PgQuery& q = pg_query();
  PgQueryParseResult result = q.parse(text.c_str());
  if (result.error != nullptr) {
    out.error = SqlSyntaxError{result.error->message ? result.error->message : "syntax error",
                               byte_offset(text, result.error->cursorpos)};
    q.free_parse_result(result);
    return out;
  }
  Json tree = Json::parse(result.parse_tree, nullptr, /*allow_exceptions=*/false);
  q.free_parse_result(result);
  const Json& stmts = child(tree, "stmts");
  if (!stmts.is_array()) return out;
  for (const Json& raw : stmts) {
    PgStatement s;
    auto location = raw.value("stmt_location", 0);
    auto length = raw.value("stmt_len", 0);
    s.offset = std::min(static_cast<size_t>(std::max(location, 0)), text.size());
    s.length = length > 0 ? std::min(static_cast<size_t>(length), text.size() - s.offset)
                          : text.size() - s.offset;
    // The statement starts after the previous `;`: skip the white space before its first word.
    while (s.length > 0 && std::isspace(static_cast<unsigned char>(text[s.offset]))) {
      ++s.offset;
      --s.length;
    }
    const Json& stmt = child(raw, "stmt");
    if (stmt.is_object() && !stmt.empty()) {
      s.node = stmt.begin().key();
      s.changes = changes_of(s.node, stmt.begin().value());
      for (SqlChange& c : s.changes) c.offset = s.offset;
    }
    out.statements.push_back(std::move(s));
  }
  return out;
}

}  // namespace retort
