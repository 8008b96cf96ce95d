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
  decltype(&::pg_query_parse_plpgsql) parse_plpgsql = nullptr;
  decltype(&::pg_query_free_plpgsql_parse_result) free_plpgsql_parse_result = nullptr;
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
  q.parse_plpgsql =
      reinterpret_cast<decltype(q.parse_plpgsql)>(::dlsym(handle, "pg_query_parse_plpgsql"));
  q.free_plpgsql_parse_result = reinterpret_cast<decltype(q.free_plpgsql_parse_result)>(
      ::dlsym(handle, "pg_query_free_plpgsql_parse_result"));
  if (q.parse == nullptr || q.free_parse_result == nullptr || q.parse_plpgsql == nullptr ||
      q.free_plpgsql_parse_result == nullptr)
    cannot_load("it lacks one of pg_query_parse, pg_query_parse_plpgsql and their free functions");
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

// A TypeName as a signature shows it: "int4", "int4[]", "setof int8" (typmods left out).
std::string signature_type(const Json& type) {
  std::string out = type_name(type);
  if (child(type, "arrayBounds").is_array()) out += "[]";
  return flag(type, "setof") ? "setof " + out : out;
}

// A CreateFunctionStmt's arguments and return type, as SqlChange::arguments / type say them.
void function_signature(const Json& stmt, SqlChange& c) {
  const Json& params = child(stmt, "parameters");
  if (params.is_array())
    for (const Json& item : params) {
      const Json& p = child(item, "FunctionParameter");
      const std::string mode = str(p, "mode");
      if (mode == "FUNC_PARAM_TABLE") continue;  // RETURNS TABLE (…): part of the return type
      std::string arg;
      if (mode == "FUNC_PARAM_OUT") arg = "out ";
      if (mode == "FUNC_PARAM_INOUT") arg = "inout ";
      if (mode == "FUNC_PARAM_VARIADIC") arg = "variadic ";
      if (std::string name = str(p, "name"); !name.empty()) arg += name + " ";
      arg += signature_type(child(p, "argType"));
      c.arguments += (c.arguments.empty() ? "" : ", ") + arg;
    }
  c.type = signature_type(child(stmt, "returnType"));
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

// What a query's parse tree reads: every RangeVar and every ColumnRef in it (subqueries and
// CTEs included; a CTE's own name is counted as a relation, which only errs on the safe side).
void collect_reads(const Json& j, SqlReads& out) {
  if (j.is_object()) {
    if (auto it = j.find("RangeVar"); it != j.end()) {
      std::string name = relation_name(*it);
      if (std::find(out.relations.begin(), out.relations.end(), name) == out.relations.end())
        out.relations.push_back(std::move(name));
    }
    if (auto it = j.find("ColumnRef"); it != j.end()) {
      const Json& fields = child(*it, "fields");
      if (fields.is_array() && !fields.empty()) {
        if (fields.back().contains("A_Star")) {
          out.star = true;
        } else if (std::string name = str(child(fields.back(), "String"), "sval");
                   !name.empty() &&
                   std::find(out.columns.begin(), out.columns.end(), name) == out.columns.end()) {
          out.columns.push_back(std::move(name));
        }
      }
    }
    for (const auto& [key, value] : j.items()) collect_reads(value, out);
  } else if (j.is_array()) {
    for (const Json& v : j) collect_reads(v, out);
  }
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
  } else if (node == "ViewStmt" ||
             (node == "CreateTableAsStmt" && str(stmt, "objtype") == "OBJECT_MATVIEW")) {
    c.kind = SqlChange::Kind::create_view;
    c.name =
        relation_name(node == "ViewStmt" ? child(stmt, "view") : child(child(stmt, "into"), "rel"));
    collect_reads(child(stmt, "query"), c.reads);
    out.push_back(std::move(c));
  } else if (node == "CreateFunctionStmt") {
    c.kind = SqlChange::Kind::create_function;
    c.name = dotted(child(stmt, "funcname"));
    c.replace = flag(stmt, "replace");
    function_signature(stmt, c);
    out.push_back(std::move(c));
  } else if (node == "CreateExtensionStmt") {
    c.kind = SqlChange::Kind::create_extension;
    c.name = str(stmt, "extname");
    c.if_not_exists = flag(stmt, "if_not_exists");
    out.push_back(std::move(c));
  } else if (node == "DropStmt" && str(stmt, "removeType") == "OBJECT_FUNCTION") {
    const Json& objects = child(stmt, "objects");
    if (objects.is_array())
      for (const Json& o : objects) {
        SqlChange d;
        d.kind = SqlChange::Kind::drop_function;
        d.name = dotted(child(child(o, "ObjectWithArgs"), "objname"));
        out.push_back(std::move(d));
      }
  } else if (node == "DropStmt") {
    const std::string type = str(stmt, "removeType");
    const bool view = type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW";
    if (type != "OBJECT_TABLE" && type != "OBJECT_INDEX" && !view) return out;
    const Json& objects = child(stmt, "objects");
    if (!objects.is_array()) return out;
    for (const Json& o : objects) {
      SqlChange d;
      d.kind = type == "OBJECT_TABLE" ? SqlChange::Kind::drop_table
               : view                 ? SqlChange::Kind::drop_view
                                      : SqlChange::Kind::drop_index;
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

std::optional<SqlSyntaxError> pg_function_body_error(std::string_view language,
                                                     std::string_view arguments,
                                                     std::string_view returns,
                                                     std::string_view body) {
  std::string lang(language);
  std::transform(lang.begin(), lang.end(), lang.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lang == "sql") return pg_parse(body).error;
  if (lang != "plpgsql") return std::nullopt;
  // The body between dollar quotes whose tag it does not contain.
  std::string tag = "$retort$";
  for (int i = 0; body.find(tag) != std::string_view::npos; ++i)
    tag = "$retort" + std::to_string(i) + "$";
  const std::string text = "CREATE FUNCTION retort_check(" + std::string(arguments) + ") RETURNS " +
                           std::string(returns) + " LANGUAGE plpgsql AS " + tag +
                           std::string(body) + tag;
  const PgQuery& q = pg_query();
  PgQueryPlpgsqlParseResult result = q.parse_plpgsql(text.c_str());
  std::optional<SqlSyntaxError> out;
  if (result.error != nullptr) {
    SqlSyntaxError e{result.error->message ? result.error->message : "syntax error", 0};
    // PL/pgSQL names a line ("compilation of PL/pgSQL function … near line 3") that is only
    // roughly where the error is: it is said, not pointed at. A token the message quotes
    // (`at or near "WHER"`) that occurs once in the body is pointed at.
    const std::string context = result.error->context ? result.error->context : "";
    if (size_t at = context.rfind("near line "); at != std::string::npos)
      e.message += " (PL/pgSQL's parser, near line " + context.substr(at + 10) + " of the body)";
    if (size_t quoted = e.message.find("at or near \""); quoted != std::string::npos) {
      const size_t from = quoted + 12;
      const std::string token = e.message.substr(from, e.message.find('"', from) - from);
      const size_t first = token.empty() ? std::string_view::npos : body.find(token);
      if (first != std::string_view::npos && body.find(token, first + 1) == std::string_view::npos)
        e.offset = first;
    }
    out = std::move(e);
  }
  q.free_plpgsql_parse_result(result);
  return out;
}

std::optional<SqlChange> pg_function_signature(std::string_view arguments,
                                               std::string_view returns) {
  PgParse p = pg_parse("CREATE FUNCTION f(" + std::string(arguments) + ") RETURNS " +
                       std::string(returns) + " LANGUAGE sql AS ''");
  if (p.error || p.statements.size() != 1 || p.statements[0].changes.size() != 1) return {};
  return p.statements[0].changes[0];
}

std::optional<SqlReads> pg_query_reads(std::string_view sql) {
  const std::string text(sql);
  const PgQuery& q = pg_query();
  PgQueryParseResult result = q.parse(text.c_str());
  std::optional<SqlReads> out;
  if (result.error == nullptr) {
    Json tree = Json::parse(result.parse_tree, nullptr, /*allow_exceptions=*/false);
    const Json& stmts = child(tree, "stmts");
    if (stmts.is_array() && stmts.size() == 1 && child(stmts[0], "stmt").contains("SelectStmt")) {
      out.emplace();
      collect_reads(child(stmts[0], "stmt"), *out);
    }
  }
  q.free_parse_result(result);
  return out;
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
