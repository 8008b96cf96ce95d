#include "ops/canonical_spec.hpp"

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "base/strings.hpp"
#include "sql/lexer.hpp"

namespace retort {

namespace {

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

}  // namespace

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

IdentitySpec normalize_identity(const IdentitySpec& identity) {
  IdentitySpec out = identity;
  int64_t step = identity.increment.value_or(1);
  if (out.increment == 1) out.increment.reset();
  if (out.start == (step > 0 ? 1 : -1)) out.start.reset();
  return out;
}

int64_t sequence_default(const SequenceSpec& sequence, std::string_view field) {
  if (field == "increment" || field == "cache") return 1;
  int64_t type_max = sequence.type == "smallint"  ? 32767
                     : sequence.type == "integer" ? 2147483647
                                                  : INT64_MAX;
  int64_t type_min = sequence.type == "smallint"  ? -32768
                     : sequence.type == "integer" ? -2147483647 - 1
                                                  : INT64_MIN;
  bool ascending = sequence.increment.value_or(1) > 0;
  int64_t min = sequence.min_value.value_or(ascending ? 1 : type_min);
  int64_t max = sequence.max_value.value_or(ascending ? type_max : -1);
  if (field == "min_value") return ascending ? 1 : type_min;
  if (field == "max_value") return ascending ? type_max : -1;
  return ascending ? min : max;  // start
}

SequenceSpec normalize_sequence(const SequenceSpec& sequence) {
  SequenceSpec out = sequence;
  if (out.type == "bigint") out.type = "";
  // The start's default follows min/max as given: computed before they are cleared.
  if (out.start && *out.start == sequence_default(out, "start")) out.start.reset();
  for (auto [field, value] :
       {std::pair<std::string_view, std::optional<int64_t>*>{"min_value", &out.min_value},
        {"max_value", &out.max_value},
        {"cache", &out.cache}})
    if (*value && **value == sequence_default(out, field)) value->reset();
  if (out.increment == 1) out.increment.reset();
  return out;
}

}  // namespace retort
