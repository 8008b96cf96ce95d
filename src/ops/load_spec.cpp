#include "ops/load_spec.hpp"

#include <algorithm>
#include <charconv>

#include "base/strings.hpp"
#include "base/suggest.hpp"
#include "sql/lexer.hpp"

namespace retort {

namespace {

const std::vector<std::string_view> kDialectNames = {"postgresql", "sqlite"};

// "expected one of: a, b" or the did-you-mean hint for `word` among `choices`.
std::string choice_hint(std::string_view word, const std::vector<std::string_view>& choices) {
  std::string hint = did_you_mean(word, choices);
  return hint.empty() ? "expected one of: " + join_words(choices) : hint;
}

// A dialect name from a map key or list item, with a did-you-mean on a misspelling.
Dialect dialect_of(const LoadContext& ctx, const yaml::Node& node) {
  std::string name = scalar_text(ctx, node, "a dialect", "a dialect name");
  if (auto d = parse_dialect(name)) return *d;
  ctx.fail(node.mark, "unknown dialect '" + name + "'", choice_hint(name, kDialectNames));
}

// A positive whole number written inside a type's parentheses.
std::optional<int> small_number(std::string_view s) {
  s = trim(s);
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

}  // namespace

void LoadContext::fail(const yaml::Mark& at, const std::string& message,
                       const std::string& hint) const {
  throw input_error(where(at), std::string(text_), message, hint);
}

// ---------------------------------------------------------------------------------------------
// Identifiers and SQL fragments

namespace {

bool blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

}  // namespace

void check_identifier(const LoadContext& ctx, const yaml::Node& node, std::string_view name,
                      NameKind kind, const Subject& subject) {
  if (blank(name))
    ctx.fail(node.mark,
             "expected a name for " + subject.str() + ", found " +
                 (name.empty() ? std::string("an empty string") : "a blank string"),
             "write the table's, column's or constraint's name");
  if (kind == NameKind::plain && name.find('.') != std::string_view::npos)
    ctx.fail(node.mark,
             "invalid name '" + std::string(name) + "' for " + subject.str() +
                 ": a '.' would make it a qualified name, and this name cannot be qualified",
             "choose a name without '.' (only tables, enum types and indexes take a schema: "
             "\"schema.name\")");
  size_t start = 0;
  for (;;) {
    size_t dot = name.find('.', start);
    std::string_view part = name.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (blank(part))
      ctx.fail(node.mark,
               "invalid name '" + std::string(name) + "' for " + subject.str() +
                   ": a qualified name has an empty part",
               "write \"schema.name\", both parts non-empty");
    if (part.size() > kPostgresqlIdentifierLimit) {
      if (ctx.dialect() == Dialect::postgresql)
        ctx.fail(node.mark,
                 "identifier '" + std::string(part) + "' for " + subject.str() + " is " +
                     std::to_string(part.size()) + " bytes long; PostgreSQL's limit is " +
                     std::to_string(kPostgresqlIdentifierLimit) +
                     " bytes and the server would silently cut it to '" +
                     std::string(part.substr(0, kPostgresqlIdentifierLimit)) + "'",
                 "shorten it to at most " + std::to_string(kPostgresqlIdentifierLimit) +
                     " bytes (two names that share their first 63 bytes are the same name)");
      ctx.note_long_identifier({std::string(part), ctx.where(node.mark)});
    }
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
}

void check_sql_fragment(const LoadContext& ctx, const yaml::Node& node, std::string_view sql,
                        const Subject& subject) {
  if (top_level_semicolon(sql) == std::string_view::npos) return;
  ctx.fail(node.mark,
           "';' in " + subject.str() +
               ": this is an SQL fragment spliced into a statement, and ';' would end it",
           "remove the ';' (run separate statements with an `execute` op)");
}

// ---------------------------------------------------------------------------------------------
// MapReader

Subject::Subject(std::initializer_list<std::string_view> parts) {
  for (std::string_view p : parts)
    if (size_ < kMaxParts) parts_[size_++] = p;
}

Subject Subject::prefixed(std::string_view prefix) const {
  Subject out(prefix);
  for (size_t i = 0; i < size_ && out.size_ < kMaxParts; ++i) out.parts_[out.size_++] = parts_[i];
  return out;
}

std::string Subject::str() const {
  std::string out;
  for (size_t i = 0; i < size_; ++i) out += parts_[i];
  return out;
}

MapReader::MapReader(const LoadContext& ctx, const yaml::Node& node, std::string_view what,
                     const std::vector<std::string_view>& keys, const yaml::Mark& anchor,
                     const Subject& subject)
    : ctx_(ctx), node_(node), what_(what), anchor_(anchor) {
  if (!node.is_mapping())
    ctx.fail(node.mark, "expected a map for " + subject.str() + ", found " + yaml::describe(node));
  for (const yaml::MapEntry& e : node.entries) {
    if (std::find(keys.begin(), keys.end(), e.key.value) != keys.end()) continue;
    ctx.fail(e.key.mark, "unknown key '" + e.key.value + "' in " + std::string(what_),
             choice_hint(e.key.value, keys));
  }
}

const yaml::Node* MapReader::get(std::string_view key) const {
  const yaml::Node* n = node_.find(key);
  return n == nullptr || n->is_null() ? nullptr : n;
}

const yaml::Node& MapReader::need(std::string_view key) const {
  const yaml::Node* n = get(key);
  if (n == nullptr) {
    if (const yaml::Node* written = node_.find(key))
      ctx_.fail(written->mark, "expected a value for " + field(key).str() + ", found null");
    ctx_.fail(anchor_,
              "missing required field '" + std::string(key) + "' in " + std::string(what_));
  }
  return *n;
}

yaml::Mark MapReader::key_mark(std::string_view key) const {
  for (const yaml::MapEntry& e : node_.entries)
    if (e.key.value == key) return e.key.mark;
  return anchor_;
}

std::string MapReader::string(std::string_view key) const {
  return scalar_text(ctx_, need(key), field(key));
}

std::optional<std::string> MapReader::optional_string(std::string_view key) const {
  const yaml::Node* n = get(key);
  if (n == nullptr) return std::nullopt;
  return scalar_text(ctx_, *n, field(key));
}

bool MapReader::flag(std::string_view key, bool fallback) const {
  const yaml::Node* n = get(key);
  if (n == nullptr) return fallback;
  if (n->is_scalar() && n->scalar_type() == yaml::ScalarType::boolean)
    return n->value[0] == 't' || n->value[0] == 'T';
  std::string hint;
  if (n->is_scalar() && n->style != yaml::ScalarStyle::plain &&
      yaml::resolve_plain(n->value) == yaml::ScalarType::boolean)
    hint = "write true or false without quotes";
  ctx_.fail(n->mark,
            "expected true or false for " + field(key).str() + ", found " + yaml::describe(*n),
            hint);
}

std::vector<std::string> MapReader::names(std::string_view key, bool required) const {
  const yaml::Node* n = required ? &need(key) : get(key);
  std::vector<std::string> out;
  if (n == nullptr) return out;
  if (n->is_scalar()) {
    out.push_back(scalar_text(ctx_, *n, field(key)));
    return out;
  }
  if (!n->is_sequence())
    ctx_.fail(n->mark,
              "expected a list of names for " + field(key).str() + ", found " + yaml::describe(*n));
  out.reserve(n->items.size());
  for (const yaml::Node& item : n->items)
    out.push_back(scalar_text(ctx_, item, field(key).prefixed("each item of "), "a name"));
  if (required && out.empty())
    ctx_.fail(n->mark,
              "expected at least one name for " + field(key).str() + ", found an empty list");
  return out;
}

std::string MapReader::identifier(std::string_view key, NameKind kind) const {
  const yaml::Node& n = need(key);
  std::string name = scalar_text(ctx_, n, field(key), "a name");
  check_identifier(ctx_, n, name, kind, field(key));
  return name;
}

std::optional<std::string> MapReader::optional_identifier(std::string_view key,
                                                          NameKind kind) const {
  if (get(key) == nullptr) return std::nullopt;
  return identifier(key, kind);
}

std::vector<std::string> MapReader::column_names(std::string_view key, bool required) const {
  std::vector<std::string> out = names(key, required);
  const yaml::Node* n = get(key);
  if (n == nullptr) return out;
  if (n->is_scalar()) {
    check_identifier(ctx_, *n, out[0], NameKind::plain, field(key));
  } else {
    for (size_t i = 0; i < out.size(); ++i)
      check_identifier(ctx_, n->items[i], out[i], NameKind::plain,
                       field(key).prefixed("each item of "));
  }
  return out;
}

const yaml::Node& MapReader::map(std::string_view key) const {
  const yaml::Node& n = need(key);
  if (!n.is_mapping())
    ctx_.fail(n.mark, "expected a map for " + field(key).str() + ", found " + yaml::describe(n));
  return n;
}

const yaml::Node* MapReader::list(std::string_view key, bool required) const {
  const yaml::Node* n = required ? &need(key) : get(key);
  if (n != nullptr && !n->is_sequence())
    ctx_.fail(n->mark, "expected a list for " + field(key).str() + ", found " + yaml::describe(*n));
  return n;
}

// ---------------------------------------------------------------------------------------------
// Scalars, SQL text, dialects

std::string scalar_text(const LoadContext& ctx, const yaml::Node& node, const Subject& subject,
                        std::string_view expected) {
  if (!node.is_scalar() || node.is_null())
    ctx.fail(node.mark, "expected " + std::string(expected) + " for " + subject.str() + ", found " +
                            yaml::describe(node));
  return node.value;
}

SqlText parse_sql_text(const LoadContext& ctx, const yaml::Node& node, const Subject& subject) {
  SqlText out;
  if (node.is_mapping()) {
    for (const yaml::MapEntry& e : node.entries) {
      Dialect d = dialect_of(ctx, e.key);
      if (!e.value.is_scalar() || e.value.is_null())
        scalar_text(ctx, e.value, "'" + e.key.value + "' in " + subject.str(), "SQL text");
      out.per_dialect[d] = e.value.value;
    }
    if (out.per_dialect.empty())
      ctx.fail(node.mark, "expected SQL text for " + subject.str() + ", found an empty map");
    return out;
  }
  if (!node.is_scalar() || node.is_null())
    ctx.fail(node.mark, "expected SQL text (a string, or {postgresql: ..., sqlite: ...}) for " +
                            subject.str() + ", found " + yaml::describe(node));
  out.common = node.value;
  return out;
}

SqlText parse_sql_fragment(const LoadContext& ctx, const yaml::Node& node, const Subject& subject) {
  SqlText out = parse_sql_text(ctx, node, subject);
  if (out.common) check_sql_fragment(ctx, node, *out.common, subject);
  for (const yaml::MapEntry& e : node.entries)
    check_sql_fragment(ctx, e.value, e.value.value, subject);
  return out;
}

namespace {

// The YAML place of byte `offset` of `sql`, the text of the scalar `node`: found when the SQL
// line holding it appears as written on the matching line of the file (a literal block `|`, or
// a one-line scalar without escapes); the scalar's own place otherwise.
yaml::Mark sql_mark(const LoadContext& ctx, const yaml::Node& node, std::string_view sql,
                    size_t offset) {
  const SqlPosition p = sql_position(sql, offset);
  if (trim(p.line_text).empty()) return node.mark;
  const bool block = node.style == yaml::ScalarStyle::literal;
  if (!block && p.line != 1) return node.mark;
  const int file_line = node.mark.line + (block ? 1 : 0) + (p.line - 1);
  std::string_view text = ctx.text();
  size_t start = 0;
  for (int l = 1; l < file_line && start != std::string_view::npos; ++l) {
    start = text.find('\n', start);
    if (start != std::string_view::npos) ++start;
  }
  if (start == std::string_view::npos) return node.mark;
  std::string_view line = text.substr(start, text.find('\n', start) - start);
  const size_t from = block ? 0 : static_cast<size_t>(std::max(node.mark.column - 1, 0));
  const size_t at = line.find(p.line_text, std::min(from, line.size()));
  if (at == std::string_view::npos) return node.mark;
  return yaml::Mark{file_line, static_cast<int>(at) + p.column};
}

[[noreturn]] void report_sql_error(const LoadContext& ctx, const yaml::Node& node, Dialect d,
                                   const SqlSyntaxError* error, const Subject& subject) {
  const std::string& sql = node.value;
  const SqlPosition p = sql_position(sql, error->offset);
  const yaml::Mark at = sql_mark(ctx, node, sql, error->offset);
  std::string message = "SQL syntax error in " + subject.str() + " (" +
                        std::string(d == Dialect::postgresql ? "PostgreSQL" : "SQLite") +
                        "'s parser): " + error->message + " (line " + std::to_string(p.line) +
                        ", column " + std::to_string(p.column) + " of the SQL)";
  // When the file shows the SQL as written, the caret under the file's line points at the
  // error; otherwise (an escaped or folded scalar) the SQL's own line is shown with a caret too.
  if (at.line == node.mark.line && at.column == node.mark.column) {
    message += ":\n    " + std::string(p.line_text) + "\n    ";
    for (int i = 1; i < p.column && static_cast<size_t>(i - 1) < p.line_text.size(); ++i)
      message += p.line_text[i - 1] == '\t' ? '\t' : ' ';
    message += "^\n  in the file:";
  }
  ctx.fail(at, message,
           "fix the SQL; if it is written for another database, say so with `dialect:` on the "
           "op or a per-dialect map ({postgresql: ..., sqlite: ...})");
}

void check_one_sql(const LoadContext& ctx, const yaml::Node& node, Dialect d, SqlForm form,
                   const Subject& subject) {
  if (std::optional<SqlSyntaxError> error = sql_syntax_error(d, node.value, form))
    report_sql_error(ctx, node, d, &*error, subject);
}

}  // namespace

void check_sql_syntax(const LoadContext& ctx, const yaml::Node& node,
                      const std::vector<Dialect>& op_dialects, SqlForm form,
                      const Subject& subject) {
  if (node.is_mapping()) {
    for (const yaml::MapEntry& e : node.entries)
      if (e.value.is_scalar()) check_one_sql(ctx, e.value, dialect_of(ctx, e.key), form, subject);
    return;
  }
  if (!node.is_scalar() || node.is_null()) return;
  if (!op_dialects.empty()) {
    for (Dialect d : op_dialects) check_one_sql(ctx, node, d, form, subject);
  } else if (ctx.dialect()) {
    check_one_sql(ctx, node, *ctx.dialect(), form, subject);
  }
}

void check_function_body(const LoadContext& ctx, const yaml::Node& node, const FunctionSpec& f,
                         const Subject& subject) {
  if (!node.is_scalar()) return;
  if (std::optional<SqlSyntaxError> error =
          pg_function_body_error(f.language, f.arguments, f.returns, node.value))
    report_sql_error(ctx, node, Dialect::postgresql, &*error, subject);
}

std::string read_index_where(const MapReader& r) {
  const yaml::Node* n = r.get("where");
  if (n == nullptr) return "";
  std::string where = scalar_text(r.ctx(), *n, r.field("where"), "an SQL condition");
  check_sql_fragment(r.ctx(), *n, where, r.field("where"));
  return where;
}

std::vector<Dialect> parse_dialects(const LoadContext& ctx, const yaml::Node& node) {
  std::vector<Dialect> out;
  auto add = [&](const yaml::Node& item) {
    Dialect d = dialect_of(ctx, item);
    if (std::find(out.begin(), out.end(), d) == out.end()) out.push_back(d);
  };
  if (node.is_sequence()) {
    for (const yaml::Node& item : node.items) add(item);
    if (out.empty()) ctx.fail(node.mark, "expected at least one dialect, found an empty list");
  } else {
    add(node);
  }
  return out;
}

std::vector<std::string> parse_lint_allow(const LoadContext& ctx, const yaml::Node& node) {
  std::vector<std::string> out;
  auto add = [&](const yaml::Node& item) {
    std::string code = scalar_text(ctx, item, "'lint_allow'", "a lint code");
    bool ok =
        code.size() == 4 && code[0] == 'R' &&
        std::all_of(code.begin() + 1, code.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!ok) ctx.fail(item.mark, "invalid lint code '" + code + "'", "lint codes look like R102");
    out.push_back(code);
  };
  if (node.is_sequence()) {
    for (const yaml::Node& item : node.items) add(item);
  } else {
    add(node);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Types and defaults

namespace {

struct TypeName {
  std::string_view name;
  Type::Kind kind;
};

const std::vector<TypeName>& type_names() {
  static const std::vector<TypeName> kNames = {
      {"integer", Type::Kind::integer},   {"bigint", Type::Kind::bigint},
      {"smallint", Type::Kind::smallint}, {"boolean", Type::Kind::boolean},
      {"float", Type::Kind::float_},      {"double", Type::Kind::double_},
      {"numeric", Type::Kind::numeric},   {"string", Type::Kind::string},
      {"text", Type::Kind::text},         {"date", Type::Kind::date},
      {"time", Type::Kind::time},         {"datetime", Type::Kind::datetime},
      {"json", Type::Kind::json},         {"jsonb", Type::Kind::jsonb},
      {"uuid", Type::Kind::uuid},         {"binary", Type::Kind::binary},
  };
  return kNames;
}

std::vector<std::string_view> type_words() {
  std::vector<std::string_view> out;
  for (const TypeName& t : type_names()) out.push_back(t.name);
  return out;
}

Type parse_type_text(const LoadContext& ctx, const yaml::Node& node, const Subject& subject) {
  std::string text = scalar_text(ctx, node, subject, "a type");
  std::string_view s = trim(text);
  std::string_view name = s;
  std::optional<std::string_view> args;
  if (size_t open = s.find('('); open != std::string_view::npos) {
    name = trim(s.substr(0, open));
    if (s.back() != ')') ctx.fail(node.mark, "invalid type '" + text + "': missing ')'");
    args = s.substr(open + 1, s.size() - open - 2);
  }
  const TypeName* found = nullptr;
  for (const TypeName& t : type_names())
    if (t.name == name) found = &t;
  if (found == nullptr) {
    if (name == "enum")
      ctx.fail(node.mark, "type 'enum' needs its name and values",
               "write {enum: NAME, values: [a, b]}");
    if (name == "sql")
      ctx.fail(node.mark, "type 'sql' needs its SQL text", "write {sql: \"CIDR\"}");
    ctx.fail(node.mark, "unknown type '" + std::string(name) + "'",
             choice_hint(name, type_words()));
  }
  Type type;
  type.kind = found->kind;
  if (!args) return type;
  switch (type.kind) {
    case Type::Kind::string: {
      auto n = small_number(*args);
      if (!n || *n <= 0)
        ctx.fail(node.mark, "invalid type '" + text + "': the length must be a positive number",
                 "write string(50)");
      type.length = *n;
      return type;
    }
    case Type::Kind::numeric: {
      std::string_view a = *args;
      size_t comma = a.find(',');
      auto p = small_number(a.substr(0, comma));
      std::optional<int> sc;
      if (comma != std::string_view::npos) sc = small_number(a.substr(comma + 1));
      if (!p || *p <= 0 || *p > 1000 || (comma != std::string_view::npos && (!sc || *sc < 0)) ||
          (sc && *sc > *p))
        ctx.fail(node.mark,
                 "invalid type '" + text +
                     "': expected numeric(precision) or numeric(precision,scale) with "
                     "0 <= scale <= precision <= 1000",
                 "write numeric(10,2)");
      type.precision = *p;
      type.scale = sc;
      return type;
    }
    case Type::Kind::datetime:
      if (trim(*args) != "tz")
        ctx.fail(node.mark, "invalid type '" + text + "': expected datetime or datetime(tz)");
      type.timezone = true;
      return type;
    default:
      ctx.fail(node.mark,
               "invalid type '" + text + "': type '" + std::string(name) + "' takes no parameters");
  }
}

}  // namespace

Type parse_type(const LoadContext& ctx, const yaml::Node& node, const Subject& subject) {
  if (!node.is_mapping()) return parse_type_text(ctx, node, subject);
  Type type;
  if (node.find("enum") != nullptr) {
    MapReader r(ctx, node, "enum type", {"enum", "values"}, node.mark, subject);
    type.kind = Type::Kind::enum_;
    type.enum_name = r.identifier("enum", NameKind::qualified);
    type.enum_values = r.names("values", false);
    return type;
  }
  if (node.find("sql") != nullptr) {
    MapReader r(ctx, node, "sql type", {"sql"}, node.mark, subject);
    type.kind = Type::Kind::custom;
    type.custom_sql.common = r.string("sql");
    return type;
  }
  type.kind = Type::Kind::custom;
  for (const yaml::MapEntry& e : node.entries) {
    auto d = parse_dialect(e.key.value);
    if (!d)
      ctx.fail(e.key.mark, "unknown key '" + e.key.value + "' in type",
               choice_hint(e.key.value, {"enum", "values", "sql", "postgresql", "sqlite"}));
    type.custom_sql.per_dialect[*d] =
        scalar_text(ctx, e.value, "'" + e.key.value + "' in type", "a type's SQL text");
  }
  if (type.custom_sql.per_dialect.empty())
    ctx.fail(node.mark, "expected a type for " + subject.str() + ", found an empty map");
  return type;
}

DefaultValue parse_default(const LoadContext& ctx, const yaml::Node& node, const Subject& subject) {
  DefaultValue v;
  if (node.is_scalar() && !node.is_null()) {
    switch (node.scalar_type()) {
      case yaml::ScalarType::integer:
      case yaml::ScalarType::real:
        if (node.value.find_first_of("xoin") != std::string::npos)
          ctx.fail(node.mark, "invalid number '" + node.value + "' for " + subject.str(),
                   "write a decimal number, or quote SQL text");
        v.kind = DefaultValue::Kind::number;
        v.number = node.value;
        return v;
      case yaml::ScalarType::boolean:
        v.kind = DefaultValue::Kind::boolean;
        v.boolean = node.value[0] == 't' || node.value[0] == 'T';
        return v;
      default:
        break;
    }
  }
  // The portable forms `{now: true}` and `{uuid: true}` (a map with that one key).
  if (node.is_mapping() && node.entries.size() == 1 &&
      (node.entries[0].key.value == "now" || node.entries[0].key.value == "uuid")) {
    const yaml::MapEntry& e = node.entries[0];
    if (!(e.value.is_scalar() && e.value.scalar_type() == yaml::ScalarType::boolean &&
          (e.value.value[0] == 't' || e.value.value[0] == 'T')))
      ctx.fail(e.value.mark,
               "expected `true` for '" + e.key.value + "' in " + subject.str() + ", found " +
                   yaml::describe(e.value),
               "write `server_default: {" + e.key.value + ": true}`, or leave the default out");
    v.kind = e.key.value == "now" ? DefaultValue::Kind::now : DefaultValue::Kind::uuid;
    return v;
  }
  v.kind = DefaultValue::Kind::sql;
  v.sql = parse_sql_text(ctx, node, subject);
  auto check = [&](const yaml::Node& at, const std::string& sql) {
    check_sql_fragment(ctx, at, sql, subject);
    std::vector<SqlToken> tokens = tokenize_sql(sql);
    if (tokens.size() != 1 || tokens[0].kind != SqlToken::Kind::word) return;
    // SQL keywords that are values by themselves; any other bare word would be taken as a
    // column name by PostgreSQL (an error) and as a string by SQLite.
    static const std::vector<std::string_view> kValueWords = {"CURRENT_TIMESTAMP",
                                                              "CURRENT_DATE",
                                                              "CURRENT_TIME",
                                                              "LOCALTIMESTAMP",
                                                              "LOCALTIME",
                                                              "CURRENT_USER",
                                                              "SESSION_USER",
                                                              "USER",
                                                              "CURRENT_ROLE",
                                                              "CURRENT_CATALOG",
                                                              "CURRENT_SCHEMA",
                                                              "TRUE",
                                                              "FALSE",
                                                              "NULL"};
    for (std::string_view w : kValueWords)
      if (tokens[0].is_keyword(w)) return;
    std::string quoted = "'";
    for (char c : sql) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    quoted += "'";
    ctx.fail(at.mark,
             "server_default '" + sql + "' is SQL, and a bare word is neither a value nor an " +
                 "expression (PostgreSQL would read it as a column name)",
             "for the text " + quoted + " write server_default: \"" + quoted +
                 "\" (SQL quotes inside YAML quotes)");
  };
  if (node.is_mapping()) {
    for (const yaml::MapEntry& e : node.entries) check(e.value, e.value.value);
  } else {
    check(node, *v.sql.common);
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// Columns, constraints, tables

int64_t whole_number(const LoadContext& ctx, const yaml::Node& node, const Subject& subject) {
  std::string text = scalar_text(ctx, node, subject, "a whole number");
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (node.style != yaml::ScalarStyle::plain || ec != std::errc() ||
      end != text.data() + text.size() || text.empty())
    ctx.fail(node.mark, "expected a whole number for " + subject.str() + ", found '" + text + "'");
  return v;
}

namespace {

// `identity: always | by_default`, or `{always: BOOL, start: N, increment: N}`.
IdentitySpec parse_identity(const LoadContext& ctx, const yaml::Node& node,
                            const Subject& subject) {
  IdentitySpec id;
  if (node.is_scalar()) {
    std::string word = scalar_text(ctx, node, subject, "always or by_default");
    if (word != "always" && word != "by_default")
      ctx.fail(node.mark, "invalid identity '" + word + "'",
               choice_hint(word, {"always", "by_default"}) +
                   " (or a map {always: true, start: 1, increment: 1})");
    id.always = word == "always";
    return id;
  }
  MapReader r(ctx, node, "identity", {"always", "start", "increment"}, node.mark, subject);
  id.always = r.flag("always");
  if (const yaml::Node* n = r.get("start")) id.start = whole_number(ctx, *n, r.field("start"));
  if (const yaml::Node* n = r.get("increment")) {
    id.increment = whole_number(ctx, *n, r.field("increment"));
    if (*id.increment == 0) ctx.fail(n->mark, "an identity's increment cannot be 0");
  }
  return id;
}

// `generated: {expression: SQL, stored: BOOL}` (stored by default), or the expression alone.
GeneratedSpec parse_generated(const LoadContext& ctx, const yaml::Node& node,
                              const Subject& subject) {
  GeneratedSpec g;
  if (node.is_scalar()) {
    g.expression = parse_sql_fragment(ctx, node, subject);
    return g;
  }
  MapReader r(ctx, node, "generated", {"expression", "stored", "postgresql", "sqlite"}, node.mark,
              subject);
  if (!r.has("expression"))  // a per-dialect map: {postgresql: …, sqlite: …}
    ctx.fail(node.mark, "missing required field 'expression' in generated",
             "write generated: {expression: \"price * quantity\", stored: true}");
  if (r.has("postgresql") || r.has("sqlite"))
    ctx.fail(node.mark,
             "generated takes 'expression' (SQL or {postgresql: …, sqlite: …}), not "
             "dialect keys beside it",
             "write generated: {expression: {postgresql: …, sqlite: …}}");
  g.expression = parse_sql_fragment(ctx, r.need("expression"), r.field("expression"));
  g.stored = r.flag("stored", true);
  return g;
}

}  // namespace

ColumnSpec parse_column(const LoadContext& ctx, const yaml::Node& node, const Subject& subject) {
  static const std::vector<std::string_view> kKeys = {
      "name",   "type",           "nullable", "primary_key", "autoincrement",
      "unique", "server_default", "comment",  "identity",    "generated"};
  MapReader r(ctx, node, "column", kKeys, node.mark, subject);
  ColumnSpec c;
  c.where = ctx.where(node.mark);
  c.name = r.identifier("name", NameKind::plain);
  c.type = parse_type(ctx, r.need("type"), Subject{"'type' of column '", c.name, "'"});
  c.primary_key = r.flag("primary_key");
  c.nullable = r.flag("nullable", true);
  if (c.primary_key) {
    if (r.get("nullable") != nullptr && c.nullable)
      ctx.fail(r.get("nullable")->mark, "primary-key column '" + c.name + "' cannot be nullable",
               "remove 'nullable: true'; primary-key columns are NOT NULL");
    c.nullable = false;
  }
  c.autoincrement = r.flag("autoincrement");
  c.unique = r.flag("unique");
  if (const yaml::Node* d = r.get("server_default"))
    c.server_default = parse_default(ctx, *d, r.field("server_default"));
  c.comment = r.optional_string("comment");
  if (const yaml::Node* n = r.get("identity")) {
    c.identity = parse_identity(ctx, *n, r.field("identity"));
    bool integer = c.type.kind == Type::Kind::integer || c.type.kind == Type::Kind::bigint ||
                   c.type.kind == Type::Kind::smallint;
    if (!integer)
      ctx.fail(n->mark, "identity column '" + c.name + "' must have an integer type",
               "use type: integer, bigint or smallint");
    if (c.autoincrement)
      ctx.fail(n->mark, "column '" + c.name + "' has both identity and autoincrement",
               "keep one: identity (GENERATED … AS IDENTITY) or autoincrement (SERIAL)");
    if (c.server_default)
      ctx.fail(n->mark, "identity column '" + c.name + "' cannot have a server_default",
               "the identity's sequence gives the values; remove server_default");
    // Identity columns are NOT NULL (PostgreSQL makes them so).
    if (const yaml::Node* nn = r.get("nullable"); nn != nullptr && c.nullable)
      ctx.fail(nn->mark, "identity column '" + c.name + "' cannot be nullable",
               "remove 'nullable: true'; identity columns are NOT NULL");
    c.nullable = false;
  }
  if (const yaml::Node* n = r.get("generated")) {
    c.generated = parse_generated(ctx, *n, r.field("generated"));
    if (c.server_default || c.identity || c.autoincrement || c.primary_key)
      ctx.fail(n->mark,
               "generated column '" + c.name +
                   "' cannot also have a server_default, identity, autoincrement or primary_key",
               "its value is its expression's; remove the other key");
  }
  return c;
}

namespace {

const std::vector<std::string_view> kFkActions = {"CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT",
                                                  "NO ACTION"};

std::string fk_action(const MapReader& r, std::string_view key) {
  const yaml::Node* n = r.get(key);
  if (n == nullptr) return "";
  std::string text = scalar_text(r.ctx(), *n, r.field(key));
  std::string upper;
  bool space = false;
  for (char ch : trim(text)) {
    // Fold case and runs of blanks or underscores: `set_null`, `Set  Null` mean SET NULL.
    if (ch == ' ' || ch == '\t' || ch == '_') {
      space = true;
      continue;
    }
    if (space && !upper.empty()) upper += ' ';
    space = false;
    upper += (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
  }
  for (std::string_view a : kFkActions)
    if (a == upper) return upper;
  r.ctx().fail(n->mark, "invalid " + std::string(key) + " '" + text + "'",
               choice_hint(upper, kFkActions));
}

}  // namespace

void read_foreign_key_fields(const MapReader& r, ForeignKeySpec& fk) {
  fk.columns = r.column_names("columns");
  MapReader ref(r.ctx(), r.map("references"), "references", {"table", "columns"},
                r.key_mark("references"), r.field("references"));
  fk.ref_table = ref.identifier("table", NameKind::qualified);
  fk.ref_columns = ref.column_names("columns");
  if (fk.ref_columns.size() != fk.columns.size())
    r.ctx().fail(r.need("references").mark, "foreign key has " + std::to_string(fk.columns.size()) +
                                                " column(s) but references " +
                                                std::to_string(fk.ref_columns.size()));
  fk.on_delete = fk_action(r, "on_delete");
  fk.on_update = fk_action(r, "on_update");
}

std::string parse_index_method(const MapReader& r) {
  static const std::vector<std::string_view> kMethods = {
      "btree", "hash", "gist", "spgist", "gin", "brin", "bloom", "hnsw", "ivfflat", "rum"};
  std::optional<std::string> method = r.optional_string("using");
  if (!method) return "";
  if (std::find(kMethods.begin(), kMethods.end(), *method) != kMethods.end()) return *method;
  std::string hint = did_you_mean(*method, kMethods);
  r.ctx().fail(r.get("using")->mark, "unknown index method '" + *method + "' in 'using'",
               hint.empty() ? "expected one of: " + join_words(kMethods) : hint);
}

namespace {

// The ASC / DESC / NULLS FIRST / NULLS LAST words that end `expression`, if any: the index
// column's options, which belong in `order` and `nulls` (PostgreSQL would read them inside the
// expression's parentheses).
std::optional<std::string> trailing_order_words(std::string_view expression) {
  std::vector<SqlToken> t = tokenize_sql(expression);
  size_t end = t.size();
  if (end >= 2 && t[end - 2].is_keyword("NULLS") &&
      (t[end - 1].is_keyword("FIRST") || t[end - 1].is_keyword("LAST")))
    end -= 2;
  if (end >= 1 && (t[end - 1].is_keyword("ASC") || t[end - 1].is_keyword("DESC"))) --end;
  if (end == t.size() || end == 0) return std::nullopt;
  return std::string(expression.substr(t[end].offset));
}

IndexColumn parse_index_column_map(const MapReader& r, const yaml::Node& item) {
  const LoadContext& ctx = r.ctx();
  MapReader e(ctx, item, "index column", {"name", "expression", "order", "nulls", "opclass"},
              item.mark, r.field("columns").prefixed("each item of "));
  IndexColumn c;
  if (e.has("name") == e.has("expression"))
    ctx.fail(item.mark, "an index column gives either 'name' or 'expression'",
             "write {name: COLUMN, order: desc} or {expression: \"lower(email)\"}");
  if (e.has("name")) {
    c.name = e.identifier("name", NameKind::plain);
  } else {
    const yaml::Node& x = e.need("expression");
    c.expression = e.string("expression");
    if (blank(c.expression))
      ctx.fail(x.mark, "expected SQL for 'expression' in index column, found a blank string");
    check_sql_fragment(ctx, x, c.expression, e.field("expression"));
    if (auto words = trailing_order_words(c.expression)) {
      std::string rest(
          trim(std::string_view(c.expression).substr(0, c.expression.size() - words->size())));
      ctx.fail(x.mark,
               "the index expression '" + c.expression + "' ends in '" + *words +
                   "', which is the column's sort order, not part of the expression",
               "write {expression: \"" + rest + "\", order: desc} (and nulls: first|last); " +
                   "for a plain column {name: COLUMN, order: desc}");
    }
  }
  if (const yaml::Node* o = e.get("order")) {
    std::string order = scalar_text(ctx, *o, e.field("order"), "asc or desc");
    if (order != "asc" && order != "desc")
      ctx.fail(o->mark, "invalid order '" + order + "' for an index column",
               choice_hint(order, {"asc", "desc"}));
    c.descending = order == "desc";
  }
  if (const yaml::Node* n = e.get("nulls")) {
    std::string nulls = scalar_text(ctx, *n, e.field("nulls"), "first or last");
    if (nulls != "first" && nulls != "last")
      ctx.fail(n->mark, "invalid nulls '" + nulls + "' for an index column",
               choice_hint(nulls, {"first", "last"}));
    c.nulls = nulls == "first" ? NullsOrder::first : NullsOrder::last;
  }
  if (e.get("opclass") != nullptr) c.opclass = e.identifier("opclass", NameKind::qualified);
  return c;
}

}  // namespace

std::vector<IndexColumn> parse_index_columns(const MapReader& r) {
  const yaml::Node& n = r.need("columns");
  std::vector<IndexColumn> out;
  auto add = [&](const yaml::Node& item) {
    if (item.is_mapping()) {
      out.push_back(parse_index_column_map(r, item));
      return;
    }
    IndexColumn c;
    c.name = scalar_text(r.ctx(), item, r.field("columns").prefixed("each item of "),
                         "a column name or {expression: ...}");
    check_identifier(r.ctx(), item, c.name, NameKind::plain,
                     r.field("columns").prefixed("each item of "));
    out.push_back(std::move(c));
  };
  if (n.is_sequence()) {
    for (const yaml::Node& item : n.items) add(item);
    if (out.empty())
      r.ctx().fail(n.mark, "expected at least one column for " + r.field("columns").str() +
                               ", found an empty list");
  } else {
    add(n);
  }
  return out;
}

void read_unique_options(const MapReader& r, std::vector<std::string>& include,
                         bool& nulls_not_distinct, bool unique) {
  if (r.get("include") != nullptr) include = r.column_names("include");
  nulls_not_distinct = r.flag("nulls_not_distinct");
  if (nulls_not_distinct && !unique)
    r.ctx().fail(r.key_mark("nulls_not_distinct"),
                 "nulls_not_distinct applies to unique indexes only, and this index is not unique",
                 "add `unique: true`, or remove nulls_not_distinct");
}

const std::vector<std::string_view>& table_spec_keys() {
  static const std::vector<std::string_view> kKeys = {
      "table", "columns", "primary_key", "foreign_keys", "unique", "checks", "indexes", "comment"};
  return kKeys;
}

namespace {

// Each item of list `key` of `r` as a MapReader over `keys`, handed to `fn`.
template <class Fn>
void each_map(const MapReader& r, std::string_view key, const std::vector<std::string_view>& keys,
              std::string_view what, Fn fn) {
  const yaml::Node* list = r.list(key, false);
  if (list == nullptr) return;
  for (const yaml::Node& item : list->items) {
    MapReader item_reader(r.ctx(), item, what, keys, item.mark,
                          r.field(key).prefixed("each item of "));
    fn(item_reader);
  }
}

}  // namespace

TableSpec parse_table_spec(const MapReader& r) {
  const LoadContext& ctx = r.ctx();
  TableSpec t;
  t.where = ctx.where(r.node().mark);
  t.name = r.identifier("table", NameKind::qualified);

  const yaml::Node* cols = r.list("columns", true);
  if (cols->items.empty()) ctx.fail(cols->mark, "table '" + t.name + "' needs at least one column");
  for (const yaml::Node& item : cols->items) {
    ColumnSpec c = parse_column(ctx, item, r.field("columns").prefixed("each item of "));
    if (const ColumnSpec* first = t.find_column(c.name))
      ctx.fail(item.mark, "duplicate column '" + c.name + "' in table '" + t.name +
                              "' (first defined at line " + std::to_string(first->where.line) +
                              ")");
    t.columns.push_back(std::move(c));
  }

  // Every column a constraint or index names must be a column of this table.
  auto check_columns = [&](const std::vector<std::string>& names, const yaml::Mark& at,
                           const std::string& owner) {
    for (const std::string& name : names) {
      if (t.find_column(name) == nullptr)
        ctx.fail(at, owner + " names column '" + name + "', which is not a column of table '" +
                         t.name + "'");
    }
  };

  if (const yaml::Node* pk = r.get("primary_key")) {
    PrimaryKeySpec spec;
    if (pk->is_mapping()) {
      MapReader pr(ctx, *pk, "primary_key", {"name", "columns"}, pk->mark, r.field("primary_key"));
      spec.name = pr.optional_identifier("name", NameKind::plain).value_or("");
      spec.columns = pr.column_names("columns");
    } else {
      spec.columns = r.column_names("primary_key");
    }
    check_columns(spec.columns, pk->mark, "primary_key");
    for (ColumnSpec& c : t.columns) {
      bool listed =
          std::find(spec.columns.begin(), spec.columns.end(), c.name) != spec.columns.end();
      if (c.primary_key && !listed)
        ctx.fail(pk->mark, "column '" + c.name +
                               "' is marked primary_key: true but is not listed in primary_key");
      if (listed) {
        if (c.nullable && c.where.line > 0) {
          // An explicit `nullable: true` on a primary-key column contradicts the key.
          const yaml::Node& col_node = cols->items[static_cast<size_t>(&c - t.columns.data())];
          if (const yaml::Node* nn = col_node.find("nullable"); nn != nullptr && !nn->is_null())
            ctx.fail(nn->mark, "primary-key column '" + c.name + "' cannot be nullable",
                     "remove 'nullable: true'; primary-key columns are NOT NULL");
        }
        c.nullable = false;
      }
    }
    t.primary_key = std::move(spec);
  }

  each_map(r, "foreign_keys",
           {"name", "columns", "references", "on_delete", "on_update", "not_valid"}, "foreign key",
           [&](const MapReader& fr) {
             ForeignKeySpec fk;
             fk.where = ctx.where(fr.node().mark);
             fk.name = fr.optional_identifier("name", NameKind::plain).value_or("");
             read_foreign_key_fields(fr, fk);
             // A reflected constraint that PostgreSQL has not validated yet (model files).
             fk.not_valid = fr.flag("not_valid");
             check_columns(fk.columns, fr.node().mark, "foreign key");
             t.foreign_keys.push_back(std::move(fk));
           });
  each_map(r, "unique", {"name", "columns", "include", "nulls_not_distinct"}, "unique constraint",
           [&](const MapReader& ur) {
             UniqueSpec u;
             u.where = ctx.where(ur.node().mark);
             u.name = ur.optional_identifier("name", NameKind::plain).value_or("");
             u.columns = ur.column_names("columns");
             read_unique_options(ur, u.include, u.nulls_not_distinct, true);
             check_columns(u.columns, ur.node().mark, "unique constraint");
             check_columns(u.include, ur.node().mark, "unique constraint's include");
             t.unique.push_back(std::move(u));
           });
  each_map(r, "checks", {"name", "expression", "not_valid"}, "check constraint",
           [&](const MapReader& cr) {
             CheckSpec c;
             c.where = ctx.where(cr.node().mark);
             c.name = cr.optional_identifier("name", NameKind::plain).value_or("");
             c.expression = parse_sql_fragment(ctx, cr.need("expression"), cr.field("expression"));
             // A reflected check that PostgreSQL has not validated yet (model files).
             c.not_valid = cr.flag("not_valid");
             t.checks.push_back(std::move(c));
           });
  each_map(r, "indexes",
           {"name", "columns", "unique", "where", "using", "include", "nulls_not_distinct"},
           "index", [&](const MapReader& ir) {
             IndexSpec ix;
             ix.where_loc = ctx.where(ir.node().mark);
             ix.name = ir.identifier("name", NameKind::qualified);
             ix.columns = parse_index_columns(ir);
             for (const IndexColumn& c : ix.columns)
               if (!c.name.empty())
                 check_columns({c.name}, ir.node().mark, "index '" + ix.name + "'");
             ix.unique = ir.flag("unique");
             ix.where = read_index_where(ir);
             ix.using_ = parse_index_method(ir);
             read_unique_options(ir, ix.include, ix.nulls_not_distinct, ix.unique);
             check_columns(ix.include, ir.node().mark, "index '" + ix.name + "' include");
             t.indexes.push_back(std::move(ix));
           });
  t.comment = r.optional_string("comment");
  return t;
}

}  // namespace retort
