#include "ops/load_revision.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "base/read_file.hpp"
#include "base/sha256.hpp"
#include "base/suggest.hpp"
#include "ops/load_objects.hpp"
#include "ops/load_spec.hpp"
#include "ops/revision_id.hpp"
#include "ops/transaction_control.hpp"
#include "sql/lexer.hpp"
#include "yaml/parser.hpp"

namespace retort {

namespace {

// Where an op list sits, which decides the op-level rules.
struct OpListRules {
  bool allow_irreversible = true;
  bool transactional = false;  // `concurrently: true` is an error when set
};

// ---------------------------------------------------------------------------------------------
// bulk_insert values

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// A plain YAML integer (decimal, 0x hex, 0o octal) as canonical decimal text.
std::string canonical_integer(const LoadContext& ctx, const yaml::Node& n) {
  std::string_view s = n.value;
  bool negative = false;
  if (s[0] == '-' || s[0] == '+') {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
    base = s[1] == 'x' ? 16 : 8;
    s.remove_prefix(2);
  }
  if (base == 10) {
    // Decimal text of any length is kept exactly (minus leading zeros): no overflow possible.
    while (s.size() > 1 && s[0] == '0') s.remove_prefix(1);
    return (negative && s != "0" ? "-" : "") + std::string(s);
  }
  unsigned long long v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (ec != std::errc() || end != s.data() + s.size())
    ctx.fail(n.mark, "integer '" + n.value + "' is too large");
  return (negative && v != 0 ? "-" : "") + std::to_string(v);
}

// A plain YAML real as text valid in both SQL and JSON (`.5` → `0.5`, `1.` → `1.0`).
std::string canonical_real(const LoadContext& ctx, const yaml::Node& n) {
  std::string_view s = n.value;
  if (s.find("inf") != std::string_view::npos || s.find("Inf") != std::string_view::npos ||
      s.find("INF") != std::string_view::npos || s.find("nan") != std::string_view::npos ||
      s.find("NaN") != std::string_view::npos || s.find("NAN") != std::string_view::npos)
    ctx.fail(n.mark, "'" + n.value + "' is not a finite number", "quote it to insert it as text");
  std::string out;
  if (s[0] == '-') out += '-';
  if (s[0] == '-' || s[0] == '+') s.remove_prefix(1);
  if (s[0] == '.') out += '0';
  for (size_t i = 0; i < s.size(); ++i) {
    out += s[i];
    if (s[i] == '.' && (i + 1 == s.size() || !is_digit(s[i + 1]))) out += '0';
  }
  return out;
}

// The JSON value of a nested YAML map or list (a bulk_insert cell for a JSON column), built with
// nlohmann::json: keys in the order written, plain YAML numbers, booleans and nulls as JSON's,
// everything else a string. An integer outside 64 bits is refused (a JSON reader would round it).
nlohmann::ordered_json json_of(const LoadContext& ctx, const yaml::Node& n) {
  switch (n.kind) {
    case yaml::NodeKind::mapping: {
      nlohmann::ordered_json m = nlohmann::ordered_json::object();
      for (const yaml::MapEntry& e : n.entries) m[e.key.value] = json_of(ctx, e.value);
      return m;
    }
    case yaml::NodeKind::sequence: {
      nlohmann::ordered_json a = nlohmann::ordered_json::array();
      for (const yaml::Node& item : n.items) a.push_back(json_of(ctx, item));
      return a;
    }
    case yaml::NodeKind::scalar:
      break;
  }
  switch (n.scalar_type()) {
    case yaml::ScalarType::null:
      return nullptr;
    case yaml::ScalarType::boolean:
      return n.value[0] == 't' || n.value[0] == 'T';
    case yaml::ScalarType::integer: {
      const std::string text = canonical_integer(ctx, n);
      const char* end = text.data() + text.size();
      if (text[0] == '-') {
        int64_t v = 0;
        if (auto r = std::from_chars(text.data(), end, v); r.ec == std::errc() && r.ptr == end)
          return v;
      } else {
        uint64_t v = 0;
        if (auto r = std::from_chars(text.data(), end, v); r.ec == std::errc() && r.ptr == end)
          return v;
      }
      ctx.fail(n.mark,
               "integer '" + n.value +
                   "' does not fit in 64 bits, the most a JSON value "
                   "keeps exactly",
               "quote it to store it as a JSON string");
    }
    case yaml::ScalarType::real: {
      const std::string text = canonical_real(ctx, n);
      double v = 0;
      auto r = std::from_chars(text.data(), text.data() + text.size(), v);
      if (r.ec != std::errc() || !std::isfinite(v))
        ctx.fail(n.mark, "'" + n.value + "' is not a finite number",
                 "quote it to store it as a JSON string");
      return v;
    }
    case yaml::ScalarType::string:
      break;
  }
  return n.value;
}

Value value_of(const LoadContext& ctx, const yaml::Node& n) {
  Value v;
  if (!n.is_scalar()) {
    v.kind = Value::Kind::json;
    // The JSON text as nlohmann writes it: compact, UTF-8 as is (docs/migration-files.md).
    v.text = json_of(ctx, n).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    return v;
  }
  switch (n.scalar_type()) {
    case yaml::ScalarType::null:
      v.kind = Value::Kind::null;
      break;
    case yaml::ScalarType::boolean:
      v.kind = Value::Kind::boolean;
      v.text = (n.value[0] == 't' || n.value[0] == 'T') ? "true" : "false";
      break;
    case yaml::ScalarType::integer:
      v.kind = Value::Kind::integer;
      v.text = canonical_integer(ctx, n);
      break;
    case yaml::ScalarType::real:
      v.kind = Value::Kind::real;
      v.text = canonical_real(ctx, n);
      break;
    case yaml::ScalarType::string:
      v.kind = Value::Kind::string;
      v.text = n.value;
      break;
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// Ops

const std::vector<std::string_view> kConstraintTypes = {"foreign_key", "unique", "check",
                                                        "primary_key"};

// The keys every op accepts besides its own fields (docs/migration-files.md, "Ops", "Guards").
const std::vector<std::string_view> kCommonOpKeys = {"dialect", "lint_allow", "only_if", "unless"};

// Builds the keys of an op: its own fields plus the common ones.
std::vector<std::string_view> op_keys(std::initializer_list<std::string_view> own) {
  std::vector<std::string_view> keys(own);
  keys.insert(keys.end(), kCommonOpKeys.begin(), kCommonOpKeys.end());
  return keys;
}

// An op's `only_if` / `unless`: one query (a string, or per dialect). A trailing `;` is dropped;
// another `;` would make several statements, which a guard cannot be (offline scripts place the
// query inside an IF EXISTS (…)), and a blank query guards nothing: both are load errors.
SqlText parse_guard(const LoadContext& ctx, const yaml::Node& node, const Subject& subject) {
  SqlText out = parse_sql_text(ctx, node, subject);
  auto clean = [&](std::string& text, const yaml::Node& at) {
    while (!text.empty() &&
           (text.back() == ';' || std::isspace(static_cast<unsigned char>(text.back()))))
      text.pop_back();
    if (text.find_first_not_of(" \t\r\n") == std::string::npos)
      ctx.fail(at.mark, "empty query for " + subject.str(),
               "write a query that returns a row when the op should run (only_if) or be "
               "skipped (unless)");
    if (top_level_semicolon(text) != std::string_view::npos)
      ctx.fail(at.mark, "';' in " + subject.str() + ": a guard is one query",
               "keep one SELECT; run other statements with an `execute` op");
  };
  if (out.common) clean(*out.common, node);
  for (auto& [d, text] : out.per_dialect) {
    const yaml::Node* at = &node;
    for (const yaml::MapEntry& e : node.entries)
      if (e.value.value == text) at = &e.value;
    clean(text, *at);
  }
  return out;
}

// `if_not_exists: true` on a constraint op needs a name to look for (an unnamed primary key is
// found as the table's primary key, whatever its name).
bool read_constraint_if_not_exists(const MapReader& r, const std::string& name) {
  bool on = r.flag("if_not_exists");
  if (on && name.empty())
    r.ctx().fail(r.key_mark("if_not_exists"),
                 std::string(r.what()) +
                     " with if_not_exists needs a `name`: the guard looks "
                     "the constraint up by name",
                 "name the constraint (`name: …`)");
  return on;
}

// `concurrently:` of create_index / drop_index, with the load-time transaction rule.
bool read_concurrently(const MapReader& r, const OpListRules& rules) {
  bool on = r.flag("concurrently");
  if (on && rules.transactional)
    r.ctx().fail(r.key_mark("concurrently"),
                 std::string(r.what()) +
                     " with concurrently: true cannot run inside a transaction, and this "
                     "revision is transactional",
                 "set `transactional: false` on this revision");
  return on;
}

// `execute` SQL in a transactional revision must leave retort's transaction alone: a COMMIT
// would make what ran before it permanent, and a later failure could not roll it back.
void reject_transaction_control(const LoadContext& ctx, const yaml::Node& sql,
                                const OpListRules& rules) {
  if (!rules.transactional) return;
  auto check = [&](const yaml::Node& text) {
    if (auto stmt = transaction_control_statement(text.value))
      ctx.fail(text.mark,
               "execute runs " + *stmt +
                   " in a transactional revision: retort runs each revision in one transaction "
                   "and a failure rolls all of it back, which a " +
                   *stmt + " inside it would defeat",
               "remove the " + *stmt +
                   " (retort begins and commits the transaction itself), or set "
                   "`transactional: false` on this revision to run its ops one by one");
  };
  if (sql.is_mapping())
    for (const yaml::MapEntry& e : sql.entries) check(e.value);
  else
    check(sql);
}

using OpParser = std::function<OpBody(const MapReader&, const OpListRules&)>;

struct OpKind {
  std::string_view name;
  std::vector<std::string_view> keys;
  OpParser parse;
};

// A spec's keys followed by `extra` and the common op keys.
std::vector<std::string_view> spec_op_keys(const std::vector<std::string_view>& spec,
                                           std::initializer_list<std::string_view> extra) {
  std::vector<std::string_view> keys = spec;
  keys.insert(keys.end(), extra.begin(), extra.end());
  keys.insert(keys.end(), kCommonOpKeys.begin(), kCommonOpKeys.end());
  return keys;
}

// The ops of views, functions, triggers, sequences, extensions and schemas
// (docs/migration-files.md, "Views, functions, triggers, sequences, extensions").
void add_object_op_kinds(std::vector<OpKind>& k) {
  using R = const MapReader&;
  using L = const OpListRules&;
  k.push_back({"create_view", spec_op_keys(view_spec_keys(), {}),
               [](R r, L) -> OpBody { return CreateView{parse_view_spec(r)}; }});
  k.push_back({"drop_view", op_keys({"name", "materialized", "if_exists"}), [](R r, L) -> OpBody {
                 return DropView{r.identifier("name", NameKind::qualified), r.flag("materialized"),
                                 r.flag("if_exists")};
               }});
  k.push_back({"replace_view", spec_op_keys(view_spec_keys(), {}),
               [](R r, L) -> OpBody { return ReplaceView{parse_view_spec(r)}; }});
  k.push_back(
      {"refresh_materialized_view", op_keys({"name", "concurrently"}), [](R r, L) -> OpBody {
         return RefreshMaterializedView{r.identifier("name", NameKind::qualified),
                                        r.flag("concurrently")};
       }});
  k.push_back({"create_function", spec_op_keys(function_spec_keys(), {}),
               [](R r, L) -> OpBody { return CreateFunction{parse_function_spec(r)}; }});
  k.push_back({"replace_function", spec_op_keys(function_spec_keys(), {}),
               [](R r, L) -> OpBody { return ReplaceFunction{parse_function_spec(r)}; }});
  k.push_back({"drop_function", op_keys({"name", "arguments", "if_exists"}), [](R r, L) -> OpBody {
                 DropFunction op;
                 op.name = r.identifier("name", NameKind::qualified);
                 op.arguments = r.optional_string("arguments").value_or("");
                 if (const yaml::Node* a = r.get("arguments"))
                   check_sql_fragment(r.ctx(), *a, op.arguments, r.field("arguments"));
                 op.if_exists = r.flag("if_exists");
                 return op;
               }});
  k.push_back({"create_trigger", spec_op_keys(trigger_spec_keys(), {}),
               [](R r, L) -> OpBody { return CreateTrigger{parse_trigger_spec(r)}; }});
  k.push_back({"drop_trigger", op_keys({"name", "table", "if_exists"}), [](R r, L) -> OpBody {
                 return DropTrigger{r.identifier("name", NameKind::plain),
                                    r.identifier("table", NameKind::qualified),
                                    r.flag("if_exists")};
               }});
  k.push_back({"create_sequence", spec_op_keys(sequence_spec_keys(), {"if_not_exists"}),
               [](R r, L) -> OpBody {
                 return CreateSequence{parse_sequence_spec(r), r.flag("if_not_exists")};
               }});
  k.push_back({"alter_sequence",
               op_keys({"name", "increment", "min_value", "max_value", "start", "restart", "cache",
                        "cycle"}),
               [](R r, L) -> OpBody {
                 AlterSequence op;
                 op.name = r.identifier("name", NameKind::qualified);
                 auto number = [&](std::string_view key) -> std::optional<int64_t> {
                   const yaml::Node* n = r.get(key);
                   if (n == nullptr) return std::nullopt;
                   return whole_number(r.ctx(), *n, r.field(key));
                 };
                 op.increment = number("increment");
                 if (op.increment && *op.increment == 0)
                   r.ctx().fail(r.need("increment").mark,
                                "'increment' in alter_sequence is 0: a sequence must move");
                 op.min_value = number("min_value");
                 op.max_value = number("max_value");
                 op.start = number("start");
                 op.restart = number("restart");
                 op.cache = number("cache");
                 if (op.cache && *op.cache < 1)
                   r.ctx().fail(r.need("cache").mark,
                                "'cache' in alter_sequence must be at least 1");
                 if (r.get("cycle") != nullptr) op.cycle = r.flag("cycle");
                 if (!op.increment && !op.min_value && !op.max_value && !op.start && !op.restart &&
                     !op.cache && !op.cycle)
                   r.ctx().fail(r.anchor(), "alter_sequence of '" + op.name + "' changes nothing",
                                "give at least one of: increment, min_value, max_value, start, "
                                "restart, cache, cycle");
                 return op;
               }});
  k.push_back(
      {"drop_sequence", op_keys({"name", "if_exists"}), [](R r, L) -> OpBody {
         return DropSequence{r.identifier("name", NameKind::qualified), r.flag("if_exists")};
       }});
  k.push_back({"create_extension", spec_op_keys(extension_spec_keys(), {"if_not_exists"}),
               [](R r, L) -> OpBody {
                 return CreateExtension{parse_extension_spec(r), r.flag("if_not_exists")};
               }});
  k.push_back({"drop_extension", op_keys({"name", "if_exists"}), [](R r, L) -> OpBody {
                 return DropExtension{r.identifier("name", NameKind::plain), r.flag("if_exists")};
               }});
  k.push_back(
      {"create_schema", op_keys({"name", "if_not_exists"}), [](R r, L) -> OpBody {
         return CreateSchema{r.identifier("name", NameKind::plain), r.flag("if_not_exists")};
       }});
  k.push_back({"drop_schema", op_keys({"name", "if_exists"}), [](R r, L) -> OpBody {
                 return DropSchema{r.identifier("name", NameKind::plain), r.flag("if_exists")};
               }});
}

const std::vector<OpKind>& op_kinds() {
  static const std::vector<OpKind> kKinds = [] {
    std::vector<OpKind> k;
    std::vector<std::string_view> table_keys = table_spec_keys();
    table_keys.push_back("if_not_exists");
    table_keys.insert(table_keys.end(), kCommonOpKeys.begin(), kCommonOpKeys.end());
    k.push_back({"create_table", table_keys, [](const MapReader& r, const OpListRules&) -> OpBody {
                   CreateTable op;
                   op.table = parse_table_spec(r);
                   op.if_not_exists = r.flag("if_not_exists");
                   return op;
                 }});
    k.push_back(
        {"drop_table", op_keys({"table", "if_exists"}),
         [](const MapReader& r, const OpListRules&) -> OpBody {
           return DropTable{r.identifier("table", NameKind::qualified), r.flag("if_exists")};
         }});
    k.push_back({"rename_table", op_keys({"table", "to"}),
                 [](const MapReader& r, const OpListRules&) -> OpBody {
                   return RenameTable{r.identifier("table", NameKind::qualified),
                                      r.identifier("to", NameKind::qualified)};
                 }});
    k.push_back({"set_table_comment", op_keys({"table", "comment"}),
                 [](const MapReader& r, const OpListRules&) -> OpBody {
                   SetTableComment op;
                   op.table = r.identifier("table", NameKind::qualified);
                   const yaml::Node* c = r.raw("comment");
                   if (c == nullptr)
                     r.ctx().fail(r.anchor(),
                                  "missing required field 'comment' in set_table_comment",
                                  "write `comment: null` to remove the table's comment");
                   if (!c->is_null()) op.comment = scalar_text(r.ctx(), *c, r.field("comment"));
                   return op;
                 }});
    k.push_back({"add_column", op_keys({"table", "column", "if_not_exists"}),
                 [](const MapReader& r, const OpListRules&) -> OpBody {
                   AddColumn op;
                   op.table = r.identifier("table", NameKind::qualified);
                   op.column = parse_column(r.ctx(), r.need("column"), r.field("column"));
                   op.if_not_exists = r.flag("if_not_exists");
                   return op;
                 }});
    k.push_back({"drop_column", op_keys({"table", "column", "if_exists"}),
                 [](const MapReader& r, const OpListRules&) -> OpBody {
                   return DropColumn{r.identifier("table", NameKind::qualified),
                                     r.identifier("column", NameKind::plain), r.flag("if_exists")};
                 }});
    k.push_back(
        {"alter_column",
         op_keys({"table", "column", "rename_to", "type", "nullable", "server_default", "comment",
                  "using"}),
         [](const MapReader& r, const OpListRules&) -> OpBody {
           AlterColumn op;
           op.table = r.identifier("table", NameKind::qualified);
           op.column = r.identifier("column", NameKind::plain);
           op.rename_to = r.optional_identifier("rename_to", NameKind::plain);
           if (const yaml::Node* t = r.get("type"))
             op.type = parse_type(r.ctx(), *t, r.field("type"));
           if (r.get("nullable") != nullptr) op.nullable = r.flag("nullable");
           if (const yaml::Node* d = r.raw("server_default")) {
             op.server_default = d->is_null()
                                     ? std::optional<DefaultValue>()
                                     : parse_default(r.ctx(), *d, r.field("server_default"));
           }
           if (const yaml::Node* c = r.raw("comment")) {
             op.comment = c->is_null() ? std::optional<std::string>()
                                       : scalar_text(r.ctx(), *c, r.field("comment"));
           }
           op.using_ = r.optional_string("using");
           if (!op.rename_to && !op.type && !op.nullable && !op.server_default && !op.comment)
             r.ctx().fail(r.anchor(), "alter_column of '" + op.column + "' changes nothing",
                          "give at least one of: rename_to, type, nullable, server_default, "
                          "comment");
           if (op.using_ && !op.type)
             r.ctx().fail(r.key_mark("using"), "'using' in alter_column needs a new 'type'");
           return op;
         }});
    k.push_back({"create_index",
                 op_keys({"name", "table", "columns", "unique", "where", "using", "concurrently",
                          "if_not_exists", "include", "nulls_not_distinct"}),
                 [](const MapReader& r, const OpListRules& rules) -> OpBody {
                   CreateIndex op;
                   op.index.name = r.identifier("name", NameKind::qualified);
                   op.table = r.identifier("table", NameKind::qualified);
                   op.index.columns = parse_index_columns(r);
                   op.index.unique = r.flag("unique");
                   op.index.where = read_index_where(r);
                   op.index.using_ = parse_index_method(r);
                   read_unique_options(r, op.index.include, op.index.nulls_not_distinct,
                                       op.index.unique);
                   op.index.where_loc = r.ctx().where(r.anchor());
                   op.concurrently = read_concurrently(r, rules);
                   op.if_not_exists = r.flag("if_not_exists");
                   return op;
                 }});
    k.push_back({"drop_index", op_keys({"name", "table", "concurrently", "if_exists"}),
                 [](const MapReader& r, const OpListRules& rules) -> OpBody {
                   DropIndex op;
                   op.name = r.identifier("name", NameKind::qualified);
                   op.table = r.optional_identifier("table", NameKind::qualified).value_or("");
                   op.concurrently = read_concurrently(r, rules);
                   op.if_exists = r.flag("if_exists");
                   return op;
                 }});
    k.push_back({"rename_index", op_keys({"name", "to", "table"}),
                 [](const MapReader& r, const OpListRules&) -> OpBody {
                   RenameIndex op;
                   op.name = r.identifier("name", NameKind::qualified);
                   op.to = r.identifier("to", NameKind::plain);
                   op.table = r.optional_identifier("table", NameKind::qualified).value_or("");
                   return op;
                 }});
    k.push_back({"create_foreign_key",
                 op_keys({"name", "table", "columns", "references", "on_delete", "on_update",
                          "not_valid", "if_not_exists"}),
                 [](const MapReader& r, const OpListRules&) -> OpBody {
                   CreateForeignKey op;
                   op.table = r.identifier("table", NameKind::qualified);
                   op.fk.name = r.optional_identifier("name", NameKind::plain).value_or("");
                   op.fk.where = r.ctx().where(r.anchor());
                   read_foreign_key_fields(r, op.fk);
                   op.fk.not_valid = r.flag("not_valid");
                   op.if_not_exists = read_constraint_if_not_exists(r, op.fk.name);
                   return op;
                 }});
    k.push_back(
        {"create_unique_constraint",
         op_keys({"name", "table", "columns", "include", "nulls_not_distinct", "if_not_exists"}),
         [](const MapReader& r, const OpListRules&) -> OpBody {
           CreateUniqueConstraint op;
           op.table = r.identifier("table", NameKind::qualified);
           op.unique.name = r.optional_identifier("name", NameKind::plain).value_or("");
           op.unique.columns = r.column_names("columns");
           read_unique_options(r, op.unique.include, op.unique.nulls_not_distinct, true);
           op.unique.where = r.ctx().where(r.anchor());
           op.if_not_exists = read_constraint_if_not_exists(r, op.unique.name);
           return op;
         }});
    k.push_back({"create_check_constraint",
                 op_keys({"name", "table", "expression", "not_valid", "if_not_exists"}),
                 [](const MapReader& r, const OpListRules&) -> OpBody {
                   CreateCheckConstraint op;
                   op.table = r.identifier("table", NameKind::qualified);
                   op.check.name = r.optional_identifier("name", NameKind::plain).value_or("");
                   op.check.expression =
                       parse_sql_fragment(r.ctx(), r.need("expression"), r.field("expression"));
                   op.check.where = r.ctx().where(r.anchor());
                   op.check.not_valid = r.flag("not_valid");
                   op.if_not_exists = read_constraint_if_not_exists(r, op.check.name);
                   return op;
                 }});
    k.push_back({"create_primary_key", op_keys({"name", "table", "columns", "if_not_exists"}),
                 [](const MapReader& r, const OpListRules&) -> OpBody {
                   CreatePrimaryKey op;
                   op.table = r.identifier("table", NameKind::qualified);
                   op.pk.name = r.optional_identifier("name", NameKind::plain).value_or("");
                   op.pk.columns = r.column_names("columns");
                   op.if_not_exists = r.flag("if_not_exists");
                   return op;
                 }});
    k.push_back({"drop_constraint", op_keys({"name", "table", "type", "if_exists"}),
                 [](const MapReader& r, const OpListRules&) -> OpBody {
                   DropConstraint op;
                   // "" names a table's unnamed constraint (SQLite; what autogenerate writes
                   // for one): the one empty name allowed (docs/migration-files.md).
                   const yaml::Node& n = r.need("name");
                   op.name = n.is_scalar() && n.value.empty() && n.style != yaml::ScalarStyle::plain
                                 ? std::string()
                                 : r.identifier("name", NameKind::plain);
                   op.table = r.identifier("table", NameKind::qualified);
                   const yaml::Node& t = r.need("type");
                   std::string type = scalar_text(r.ctx(), t, r.field("type"), "a constraint type");
                   if (type == "foreign_key")
                     op.type = ConstraintType::foreign_key;
                   else if (type == "unique")
                     op.type = ConstraintType::unique;
                   else if (type == "check")
                     op.type = ConstraintType::check;
                   else if (type == "primary_key")
                     op.type = ConstraintType::primary_key;
                   else {
                     std::string hint = did_you_mean(type, kConstraintTypes);
                     r.ctx().fail(
                         t.mark, "unknown constraint type '" + type + "'",
                         hint.empty() ? "expected one of: " + join_words(kConstraintTypes) : hint);
                   }
                   op.if_exists = r.flag("if_exists");
                   if (op.if_exists && op.name.empty())
                     r.ctx().fail(r.key_mark("if_exists"),
                                  "drop_constraint with if_exists needs a `name`: the guard looks "
                                  "the constraint up by name");
                   return op;
                 }});
    k.push_back({"validate_constraint", op_keys({"name", "table"}),
                 [](const MapReader& r, const OpListRules&) -> OpBody {
                   ValidateConstraint op;
                   op.name = r.identifier("name", NameKind::plain);
                   op.table = r.identifier("table", NameKind::qualified);
                   return op;
                 }});
    k.push_back({"create_enum", op_keys({"name", "values", "if_not_exists"}),
                 [](const MapReader& r, const OpListRules&) -> OpBody {
                   CreateEnum op;
                   op.spec.name = r.identifier("name", NameKind::qualified);
                   op.spec.values = r.names("values");
                   op.spec.where = r.ctx().where(r.anchor());
                   op.if_not_exists = r.flag("if_not_exists");
                   return op;
                 }});
    k.push_back({"drop_enum", op_keys({"name", "if_exists"}),
                 [](const MapReader& r, const OpListRules&) -> OpBody {
                   return DropEnum{r.identifier("name", NameKind::qualified), r.flag("if_exists")};
                 }});
    k.push_back({"add_enum_value", op_keys({"name", "value", "before", "after"}),
                 [](const MapReader& r, const OpListRules&) -> OpBody {
                   AddEnumValue op;
                   op.name = r.identifier("name", NameKind::qualified);
                   op.value = r.string("value");
                   op.before = r.optional_string("before").value_or("");
                   op.after = r.optional_string("after").value_or("");
                   if (!op.before.empty() && !op.after.empty())
                     r.ctx().fail(r.key_mark("after"),
                                  "add_enum_value takes 'before' or 'after', not both");
                   return op;
                 }});
    add_object_op_kinds(k);
    k.push_back({"execute", op_keys({"sql", "repeat_until_zero"}),
                 [](const MapReader& r, const OpListRules& rules) -> OpBody {
                   Execute op;
                   op.sql = parse_sql_text(r.ctx(), r.need("sql"), r.field("sql"));
                   reject_transaction_control(r.ctx(), r.need("sql"), rules);
                   op.repeat_until_zero = r.flag("repeat_until_zero");
                   return op;
                 }});
    k.push_back({"assert", op_keys({"sql", "message"}),
                 [](const MapReader& r, const OpListRules&) -> OpBody {
                   Assert op;
                   op.sql = parse_sql_text(r.ctx(), r.need("sql"), r.field("sql"));
                   op.message = r.optional_string("message").value_or("");
                   return op;
                 }});
    k.push_back(
        {"bulk_insert", op_keys({"table", "rows"}),
         [](const MapReader& r, const OpListRules&) -> OpBody {
           BulkInsert op;
           op.table = r.identifier("table", NameKind::qualified);
           const yaml::Node* rows = r.list("rows", true);
           // Columns are the union of every row's keys, in first-seen order.
           for (const yaml::Node& row : rows->items) {
             if (!row.is_mapping())
               r.ctx().fail(row.mark, "expected a map for each item of " + r.field("rows").str() +
                                          ", found " + yaml::describe(row));
             for (const yaml::MapEntry& e : row.entries) {
               if (std::find(op.columns.begin(), op.columns.end(), e.key.value) != op.columns.end())
                 continue;
               check_identifier(r.ctx(), e.key, e.key.value, NameKind::plain,
                                "a column of 'rows' in bulk_insert");
               op.columns.push_back(e.key.value);
             }
           }
           op.rows.reserve(rows->items.size());
           for (const yaml::Node& row : rows->items) {
             std::vector<Value> values(op.columns.size());
             for (const yaml::MapEntry& e : row.entries) {
               size_t i = static_cast<size_t>(
                   std::find(op.columns.begin(), op.columns.end(), e.key.value) -
                   op.columns.begin());
               values[i] = value_of(r.ctx(), e.value);
             }
             op.rows.push_back(std::move(values));
           }
           return op;
         }});
    k.push_back({"call", op_keys({"name"}), [](const MapReader& r, const OpListRules&) -> OpBody {
                   return Call{r.string("name")};
                 }});
    k.push_back(
        {"irreversible", op_keys({"reason"}), [](const MapReader& r, const OpListRules&) -> OpBody {
           return Irreversible{r.string("reason")};
         }});
    return k;
  }();
  return kKinds;
}

// The SQL an op carries, checked with the parser of each database it runs on
// (docs/migration-files.md, "SQL syntax check"): before anything runs, a syntax error is a load
// error at its place.
void check_op_sql(const LoadContext& ctx, const std::string& name, const yaml::Node& body,
                  const Op& op) {
  if (body.is_scalar()) {  // the short form `- execute: "SQL"`
    if (name == "execute") check_sql_syntax(ctx, body, op.dialects, SqlForm::statements, name);
    return;
  }
  struct SqlField {
    std::string_view op;  // "" for every op
    std::string_view key;
    SqlForm form;
  };
  static constexpr SqlField kFields[] = {
      {"execute", "sql", SqlForm::statements},
      {"assert", "sql", SqlForm::statements},
      {"create_index", "where", SqlForm::expression},
      {"create_check_constraint", "expression", SqlForm::expression},
      {"create_view", "definition", SqlForm::statements},
      {"replace_view", "definition", SqlForm::statements},
      {"create_trigger", "when", SqlForm::expression},
      {"", "only_if", SqlForm::statements},
      {"", "unless", SqlForm::statements},
  };
  for (const SqlField& f : kFields)
    if (f.op.empty() || f.op == name)
      if (const yaml::Node* n = body.find(f.key))
        check_sql_syntax(ctx, *n, op.dialects, f.form, Subject{"'", f.key, "' in ", name});
  // Bodies: a function's with PostgreSQL's parsers (functions run only there), an SQLite
  // trigger's with SQLite's (a PostgreSQL trigger runs a function instead) — when the op may run
  // on that database: its `dialect:` says so, or it has none and the project's database is not
  // the other one.
  auto may_run_on = [&](Dialect d) {
    return op.dialects.empty() ? !ctx.dialect() || *ctx.dialect() == d : op.runs_on(d);
  };
  const bool on_postgresql = may_run_on(Dialect::postgresql);
  const FunctionSpec* function = nullptr;
  if (auto* c = std::get_if<CreateFunction>(&op.body)) function = &c->function;
  if (auto* r = std::get_if<ReplaceFunction>(&op.body)) function = &r->function;
  // A function's body (PostgreSQL) or an SQLite trigger's.
  if (const yaml::Node* n = body.find("body")) {
    if (function && on_postgresql)
      check_function_body(ctx, *n, *function, Subject{"'body' in ", name});
    if (std::holds_alternative<CreateTrigger>(op.body) && may_run_on(Dialect::sqlite))
      check_sql_syntax(ctx, *n, {Dialect::sqlite}, SqlForm::statements,
                       Subject{"'body' in ", name});
  }
  // The expressions inside a column, a table spec or an index: server defaults written as SQL
  // (a string, or a {postgresql, sqlite} map; not {now: true} / {uuid: true} or a YAML number
  // or boolean), generated columns, checks and index expressions.
  auto expression = [&](const yaml::Node* n, std::string_view key) {
    if (n == nullptr || n->is_null()) return;
    if (n->is_scalar() && n->style == yaml::ScalarStyle::plain &&
        n->scalar_type() != yaml::ScalarType::string)
      return;
    if (n->is_mapping())
      for (const yaml::MapEntry& e : n->entries)
        if (e.key.value != "postgresql" && e.key.value != "sqlite") return;
    check_sql_syntax(ctx, *n, op.dialects, SqlForm::expression, Subject{"'", key, "' in ", name});
  };
  auto column = [&](const yaml::Node* c) {
    if (c == nullptr || !c->is_mapping()) return;
    expression(c->find("server_default"), "server_default");
    if (const yaml::Node* g = c->find("generated"))
      expression(g->is_mapping() && g->find("expression") ? g->find("expression") : g, "generated");
  };
  auto items = [](const yaml::Node* list) {
    std::vector<const yaml::Node*> out;
    if (list != nullptr && list->kind == yaml::NodeKind::sequence)
      for (const yaml::Node& item : list->items) out.push_back(&item);
    return out;
  };
  if (name == "add_column") column(body.find("column"));
  if (name == "alter_column") expression(body.find("server_default"), "server_default");
  if (name == "create_table") {
    for (const yaml::Node* c : items(body.find("columns"))) column(c);
    for (const yaml::Node* c : items(body.find("checks")))
      if (c->is_mapping()) expression(c->find("expression"), "expression");
    for (const yaml::Node* ix : items(body.find("indexes")))
      if (ix->is_mapping()) {
        expression(ix->find("where"), "where");
        for (const yaml::Node* c : items(ix->find("columns")))
          if (c->is_mapping()) expression(c->find("expression"), "expression");
      }
  }
  if (name == "create_index")
    for (const yaml::Node* c : items(body.find("columns")))
      if (c->is_mapping()) expression(c->find("expression"), "expression");
}

Op parse_op(const LoadContext& ctx, const yaml::Node& item, const OpListRules& rules,
            const std::string& list_name) {
  if (!item.is_mapping())
    ctx.fail(item.mark, "expected an op (a map with one key, such as 'add_column: {...}') in " +
                            list_name + ", found " + yaml::describe(item));
  if (item.entries.empty())
    ctx.fail(item.mark, "expected an op (a map with one key, such as 'add_column: {...}') in " +
                            list_name + ", found an empty map");
  const yaml::MapEntry& entry = item.entries.front();
  const std::string& name = entry.key.value;
  const OpKind* kind = nullptr;
  for (const OpKind& k : op_kinds())
    if (k.name == name) kind = &k;
  if (kind == nullptr) {
    std::string hint = did_you_mean(name, op_names());
    ctx.fail(entry.key.mark, "unknown op '" + name + "'",
             hint.empty() ? "expected one of: " + join_words(op_names()) : hint);
  }
  if (item.entries.size() > 1) {
    const yaml::MapEntry& extra = item.entries[1];
    ctx.fail(extra.key.mark,
             "an op is a map with one key, but '" + name + "' is followed by '" + extra.key.value +
                 "' at the same level",
             "indent the fields of '" + name + "' under it");
  }
  if (name == "irreversible" && !rules.allow_irreversible)
    ctx.fail(entry.key.mark, "'irreversible' is only allowed in downgrade, not in " + list_name);

  Op op;
  op.where = ctx.where(entry.key.mark);
  const yaml::Node& body = entry.value;
  if (name == "irreversible" && body.is_scalar() && !body.is_null()) {
    // The short form `- irreversible: "reason"`.
    op.body = Irreversible{body.value};
    return op;
  }
  if (name == "execute" && body.is_scalar() && !body.is_null()) {
    // The short form `- execute: "SQL"`.
    reject_transaction_control(ctx, body, rules);
    Execute ex;
    ex.sql.common = body.value;
    op.body = std::move(ex);
    check_op_sql(ctx, name, body, op);
    return op;
  }
  MapReader r(ctx, body, kind->name, kind->keys, entry.key.mark, Subject{"the fields of ", name});
  op.body = kind->parse(r, rules);
  if (const yaml::Node* d = r.get("dialect")) op.dialects = parse_dialects(ctx, *d);
  if (const yaml::Node* l = r.get("lint_allow")) op.lint_allow = parse_lint_allow(ctx, *l);
  if (const yaml::Node* g = r.get("only_if")) op.only_if = parse_guard(ctx, *g, r.field("only_if"));
  if (const yaml::Node* g = r.get("unless")) op.unless = parse_guard(ctx, *g, r.field("unless"));
  check_op_sql(ctx, name, body, op);
  return op;
}

std::vector<Op> parse_ops(const LoadContext& ctx, const yaml::Node& list, const OpListRules& rules,
                          const std::string& list_name) {
  std::vector<Op> ops;
  ops.reserve(list.items.size());
  for (const yaml::Node& item : list.items) ops.push_back(parse_op(ctx, item, rules, list_name));
  return ops;
}

// ---------------------------------------------------------------------------------------------
// Revision keys

const std::vector<std::string_view> kRevisionKeys = {
    "revision", "down_revision", "branch_labels", "depends_on", "message",
    "created",  "transactional", "test_allow",    "upgrade",    "downgrade"};

// Thread use of load_revisions: none below 2 * kFilesPerThread files, at most kMaxLoadThreads.
constexpr size_t kFilesPerThread = 64;
constexpr size_t kMaxLoadThreads = 8;

std::string read_id(const LoadContext& ctx, const yaml::Node& n, const std::string& subject) {
  // A plain number keeps its text exactly as written: `001` is "001".
  std::string id = scalar_text(ctx, n, Subject(subject), "a revision id");
  // The shape only: the graph reports a reserved word (head, base, …) with its own reason.
  if (!has_revision_id_shape(id))
    ctx.fail(n.mark, "invalid revision id '" + id + "' for " + subject,
             "a revision id is 1 to 32 letters, digits or underscores");
  return id;
}

// One id or a list of ids (no duplicates); null or [] is none.
std::vector<std::string> read_ids(const LoadContext& ctx, const yaml::Node* n,
                                  const std::string& subject, bool ids_only,
                                  std::vector<SourceLocation>& where) {
  std::vector<std::string> out;
  if (n == nullptr || n->is_null()) return out;
  auto add = [&](const yaml::Node& item) {
    where.push_back(ctx.where(item.mark));
    std::string value;
    if (ids_only) {
      value = read_id(ctx, item, subject);
    } else {
      value = scalar_text(ctx, item, Subject(subject), "a name");
      if (value.find_first_of(" \t@") != std::string::npos)
        ctx.fail(item.mark, "invalid name '" + value + "' for " + subject,
                 "names cannot contain spaces or '@'");
    }
    if (std::find(out.begin(), out.end(), value) != out.end())
      ctx.fail(item.mark, "'" + value + "' is listed twice in " + subject);
    out.push_back(std::move(value));
  };
  if (n->is_sequence()) {
    for (const yaml::Node& item : n->items) add(item);
  } else if (n->is_scalar()) {
    add(*n);
  } else {
    ctx.fail(n->mark,
             "expected an id or a list of ids for " + subject + ", found " + yaml::describe(*n));
  }
  return out;
}

// `test_allow: {round_trip: "reason"}`: the checks of `retort test` a revision is allowed to fail
// after review, each with its reason (required and not blank, as an allowance without a reason
// cannot be reviewed). A map rather than lint_allow's list of codes because of the reason.
std::string parse_test_allow(const LoadContext& ctx, const yaml::Node& node) {
  static const std::vector<std::string_view> kChecks = {"round_trip"};
  const std::string hint =
      "write `test_allow: {round_trip: \"why this revision does not round-trip\"}`";
  if (!node.is_mapping())
    ctx.fail(node.mark,
             "expected a map of check to reason for 'test_allow', found " + yaml::describe(node),
             hint);
  MapReader r(ctx, node, "test_allow", kChecks, node.mark, Subject("'test_allow'"));
  const yaml::Node* reason = r.raw("round_trip");
  if (reason == nullptr) ctx.fail(node.mark, "'test_allow' names no check", hint);
  std::string text = scalar_text(ctx, *reason, Subject("'round_trip' in test_allow"), "a reason");
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    ctx.fail(reason->mark, "the reason for 'round_trip' in test_allow is empty",
             "say why the revision does not round-trip, for the next reviewer");
  return text;
}

const yaml::Node& op_list(const LoadContext& ctx, const MapReader& r, std::string_view key) {
  const std::string hint = "write `" + std::string(key) + ": []` when there is nothing to " +
                           (key == "upgrade" ? "do" : "undo");
  const yaml::Node* n = r.raw(key);
  if (n == nullptr)
    ctx.fail(r.anchor(), "missing required field '" + std::string(key) + "' in revision", hint);
  if (!n->is_sequence())
    ctx.fail(n->mark,
             "expected a list of ops for '" + std::string(key) + "', found " + yaml::describe(*n),
             n->is_null() ? hint : "");
  return *n;
}

}  // namespace

const std::vector<std::string_view>& op_names() {
  static const std::vector<std::string_view> kNames = [] {
    std::vector<std::string_view> names;
    for (const OpKind& k : op_kinds()) names.push_back(k.name);
    return names;
  }();
  return kNames;
}

namespace {

bool is_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || c == '-';
}

// The top-level plain key a column-0 line starts (`name:` then a space or the line's end), or
// "" when the line is anything else.
std::string_view top_level_key(std::string_view line) {
  size_t i = 0;
  while (i < line.size() && is_key_char(line[i])) ++i;
  if (i == 0 || line[0] == '-') return {};
  size_t colon = i;
  while (colon < line.size() && line[colon] == ' ') ++colon;
  if (colon == line.size() || line[colon] != ':') return {};
  char after = colon + 1 < line.size() ? line[colon + 1] : '\n';
  if (after != ' ' && after != '\n' && after != '\r') return {};
  return line.substr(0, i);
}

// The file with the value of each top-level `upgrade:` / `downgrade:` replaced by `[]` and the
// lines below it left empty, so that line and column numbers stay those of the file. nullopt
// when the top level is not a plain block mapping that can be cut by lines (document markers,
// flow or quoted top-level keys, a top-level scalar continued at column 0): the caller then
// parses the whole file.
std::optional<std::string> header_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool skipping = false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    std::string_view line = text.substr(pos, end - pos);
    pos = end;
    char c = line[0];
    bool inner =
        c == ' ' || c == '\t' || c == '#' || c == '\n' || c == '\r' ||
        (c == '-' && (line.size() == 1 || line[1] == ' ' || line[1] == '\n' || line[1] == '\r'));
    if (!inner) {
      std::string_view key = top_level_key(line);
      if (key.empty()) return std::nullopt;
      skipping = key == "upgrade" || key == "downgrade";
      if (skipping) {
        out.append(key);
        out.append(": []\n");
        continue;
      }
    }
    if (skipping)
      out += '\n';
    else
      out.append(line);
  }
  return out;
}

}  // namespace

Revision parse_revision(const std::string& path, std::string_view text, LoadDepth depth,
                        std::optional<Dialect> dialect) {
  std::optional<std::string> header;
  if (depth == LoadDepth::header) header = header_text(text);
  if (!header) depth = LoadDepth::full;
  std::string_view yaml_text = header ? std::string_view(*header) : text;
  LoadContext ctx(path, yaml_text, dialect);
  yaml::Node root = yaml::parse_yaml(path, yaml_text);
  if (root.is_null())
    ctx.fail(root.mark, "empty migration file",
             "a revision needs at least revision, down_revision, upgrade and downgrade");
  // `x-` keys are free for tools and humans; the rest must be those of docs/migration-files.md.
  std::vector<std::string_view> keys = kRevisionKeys;
  if (root.is_mapping())
    for (const yaml::MapEntry& e : root.entries)
      if (e.key.value.starts_with("x-")) keys.push_back(e.key.value);
  MapReader r(ctx, root, "revision", keys, root.mark, "a migration file");

  Revision rev;
  rev.path = path;
  rev.checksum = file_checksum(text);
  rev.id = read_id(ctx, r.need("revision"), "'revision'");
  rev.where = ctx.where(r.key_mark("revision"));
  if (!r.has("down_revision"))
    ctx.fail(r.anchor(), "missing required field 'down_revision' in revision",
             "write `down_revision: null` for a first revision");
  rev.down_revisions =
      read_ids(ctx, r.raw("down_revision"), "'down_revision'", true, rev.down_where);
  for (const std::string& parent : rev.down_revisions)
    if (parent == rev.id)
      ctx.fail(r.raw("down_revision")->mark,
               "revision '" + rev.id + "' lists itself in down_revision");
  rev.branch_labels =
      read_ids(ctx, r.raw("branch_labels"), "'branch_labels'", false, rev.labels_where);
  rev.depends_on = read_ids(ctx, r.raw("depends_on"), "'depends_on'", false, rev.depends_where);
  rev.message = r.optional_string("message").value_or("");
  rev.created = r.optional_string("created").value_or("");
  rev.transactional = r.flag("transactional", true);
  if (const yaml::Node* t = r.get("test_allow")) rev.round_trip_allowed = parse_test_allow(ctx, *t);

  OpListRules up_rules{false, rev.transactional};
  OpListRules down_rules{true, rev.transactional};
  const yaml::Node& upgrade = op_list(ctx, r, "upgrade");
  const yaml::Node& downgrade = op_list(ctx, r, "downgrade");
  rev.ops_loaded = depth == LoadDepth::full;
  if (rev.ops_loaded) {
    rev.upgrade = parse_ops(ctx, upgrade, up_rules, "upgrade");
    rev.downgrade = parse_ops(ctx, downgrade, down_rules, "downgrade");
  }
  rev.long_identifiers = ctx.long_identifiers();
  return rev;
}

Revision load_revision_file(const std::string& path, LoadDepth depth,
                            std::optional<Dialect> dialect) {
  std::string text = read_text_file(path);
  return parse_revision(path, text, depth, dialect);
}

std::vector<std::string> revision_file_paths(const std::vector<std::string>& directories) {
  std::vector<std::string> paths;
  for (const std::string& dir : directories) {
    std::error_code ec;
    if (!std::filesystem::exists(dir, ec))
      throw Error(ErrorKind::input, "migrations directory '" + dir + "' does not exist");
    std::vector<std::string> files = list_yaml_files(dir);
    paths.insert(paths.end(), std::make_move_iterator(files.begin()),
                 std::make_move_iterator(files.end()));
  }
  return paths;
}

std::vector<Revision> load_revisions(const std::vector<std::string>& directories, LoadDepth depth,
                                     std::optional<Dialect> dialect) {
  return load_revision_files(revision_file_paths(directories), depth, dialect);
}

std::vector<Revision> load_revision_files(const std::vector<std::string>& paths, LoadDepth depth,
                                          std::optional<Dialect> dialect) {
  const size_t n = paths.size();
  std::vector<Revision> out(n);
  std::vector<std::exception_ptr> errors(n);
  // Parsing YAML dominates loading (libyaml reads ~50 MB/s), so large histories are loaded by
  // a few threads. Each file is independent; results and errors are kept by index so the
  // outcome (including which error is reported: the first file in order) does not depend on
  // scheduling.
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  auto work = [&] {
    for (;;) {
      if (failed.load(std::memory_order_relaxed)) return;
      size_t i = next.fetch_add(1);
      if (i >= n) return;
      try {
        out[i] = load_revision_file(paths[i], depth, dialect);
      } catch (...) {
        errors[i] = std::current_exception();
        // Every index below i was already taken and will finish, so the first error in file
        // order is still found.
        failed.store(true);
      }
    }
  };
  size_t threads = std::min<size_t>(
      {std::max(1u, std::thread::hardware_concurrency()), kMaxLoadThreads, n / kFilesPerThread});
  if (threads <= 1) {
    work();
  } else {
    std::vector<std::thread> pool;
    pool.reserve(threads - 1);
    for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (std::thread& t : pool) t.join();
  }
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
  return out;
}

std::vector<Op> parse_op_list(const std::string& path, std::string_view text) {
  LoadContext ctx(path, text);
  yaml::Node root = yaml::parse_yaml(path, text);
  if (root.is_null()) return {};
  if (!root.is_sequence())
    ctx.fail(root.mark, "expected a list of ops, found " + yaml::describe(root));
  return parse_ops(ctx, root, OpListRules{true, false}, "the op list");
}

}  // namespace retort
