#include "ops/load_objects.hpp"

#include <algorithm>

#include "base/suggest.hpp"

namespace retort {

namespace {

// One of `choices` read from `key` ("" when absent); anything else is an error at the value
// with the nearest choice.
std::string object_choice(const MapReader& r, std::string_view key,
                          const std::vector<std::string_view>& choices, std::string_view expected) {
  const yaml::Node* n = r.get(key);
  if (n == nullptr) return "";
  std::string word = scalar_text(r.ctx(), *n, r.field(key), expected);
  if (std::find(choices.begin(), choices.end(), word) != choices.end()) return word;
  std::string hint = did_you_mean(word, choices);
  r.ctx().fail(n->mark,
               "unknown " + std::string(expected) + " '" + word + "' in " + r.field(key).str(),
               hint.empty() ? "expected one of: " + join_words(choices) : hint);
}

// A required text that may not be blank (a body, a return type).
std::string object_text(const MapReader& r, std::string_view key) {
  std::string out = r.string(key);
  if (out.find_first_not_of(" \t\r\n") == std::string::npos)
    r.ctx().fail(r.need(key).mark, "empty " + r.field(key).str());
  return out;
}

std::optional<int64_t> object_number(const MapReader& r, std::string_view key) {
  const yaml::Node* n = r.get(key);
  if (n == nullptr) return std::nullopt;
  return whole_number(r.ctx(), *n, r.field(key));
}

}  // namespace

const std::vector<std::string_view>& view_spec_keys() {
  static const std::vector<std::string_view> kKeys = {"name", "definition", "materialized"};
  return kKeys;
}

const std::vector<std::string_view>& function_spec_keys() {
  static const std::vector<std::string_view> kKeys = {"name",     "arguments",  "returns",
                                                      "language", "volatility", "body"};
  return kKeys;
}

const std::vector<std::string_view>& trigger_spec_keys() {
  static const std::vector<std::string_view> kKeys = {
      "name", "table", "timing", "events", "update_of", "for_each_row", "when", "function", "body"};
  return kKeys;
}

const std::vector<std::string_view>& sequence_spec_keys() {
  static const std::vector<std::string_view> kKeys = {
      "name", "type", "start", "increment", "min_value", "max_value", "cache", "cycle"};
  return kKeys;
}

const std::vector<std::string_view>& extension_spec_keys() {
  static const std::vector<std::string_view> kKeys = {"name", "schema"};
  return kKeys;
}

ViewSpec parse_view_spec(const MapReader& r) {
  ViewSpec v;
  v.where = r.ctx().where(r.anchor());
  v.name = r.identifier("name", NameKind::qualified);
  v.definition = parse_sql_fragment(r.ctx(), r.need("definition"), r.field("definition"));
  v.materialized = r.flag("materialized");
  return v;
}

FunctionSpec parse_function_spec(const MapReader& r) {
  FunctionSpec f;
  f.where = r.ctx().where(r.anchor());
  f.name = r.identifier("name", NameKind::qualified);
  f.arguments = r.optional_string("arguments").value_or("");
  if (const yaml::Node* a = r.get("arguments"))
    check_sql_fragment(r.ctx(), *a, f.arguments, r.field("arguments"));
  f.returns = object_text(r, "returns");
  check_sql_fragment(r.ctx(), r.need("returns"), f.returns, r.field("returns"));
  f.language = r.identifier("language", NameKind::plain);
  f.volatility = object_choice(r, "volatility", {"volatile", "stable", "immutable"}, "volatility");
  f.body = object_text(r, "body");
  return f;
}

TriggerSpec parse_trigger_spec(const MapReader& r) {
  TriggerSpec t;
  t.where = r.ctx().where(r.anchor());
  t.name = r.identifier("name", NameKind::plain);
  t.table = r.identifier("table", NameKind::qualified);
  if (!r.get("timing")) r.need("timing");
  t.timing = object_choice(r, "timing", {"before", "after", "instead_of"}, "timing");
  static const std::vector<std::string_view> kEvents = {"insert", "update", "delete", "truncate"};
  const yaml::Node& events = r.need("events");
  t.events = r.names("events");
  for (size_t i = 0; i < t.events.size(); ++i) {
    const std::string& e = t.events[i];
    const yaml::Node& at = events.is_sequence() ? events.items[i] : events;
    if (std::find(kEvents.begin(), kEvents.end(), e) == kEvents.end()) {
      std::string hint = did_you_mean(e, kEvents);
      r.ctx().fail(at.mark, "unknown event '" + e + "' in " + r.field("events").str(),
                   hint.empty() ? "expected one of: " + join_words(kEvents) : hint);
    }
    if (std::find(t.events.begin(), t.events.begin() + static_cast<std::ptrdiff_t>(i), e) !=
        t.events.begin() + static_cast<std::ptrdiff_t>(i))
      r.ctx().fail(at.mark, "event '" + e + "' is listed twice in " + r.field("events").str());
  }
  if (t.events.empty()) r.ctx().fail(events.mark, "no event in " + r.field("events").str());
  t.update_of = r.column_names("update_of", false);
  if (!t.update_of.empty() &&
      std::find(t.events.begin(), t.events.end(), "update") == t.events.end())
    r.ctx().fail(r.key_mark("update_of"),
                 "'update_of' in " + std::string(r.what()) + " needs the update event",
                 "add update to `events`");
  t.for_each_row = r.flag("for_each_row", true);
  if (const yaml::Node* w = r.get("when"))
    t.when = parse_sql_fragment(r.ctx(), *w, r.field("when"));
  t.function = r.optional_identifier("function", NameKind::qualified).value_or("");
  t.body = r.optional_string("body").value_or("");
  if (t.function.empty() && t.body.empty())
    r.ctx().fail(r.anchor(),
                 std::string(r.what()) + " '" + t.name + "' has no `function` nor `body`",
                 "give `function:` (the function a PostgreSQL trigger runs) and/or `body:` (the "
                 "statements of an SQLite trigger)");
  return t;
}

SequenceSpec parse_sequence_spec(const MapReader& r) {
  SequenceSpec s;
  s.where = r.ctx().where(r.anchor());
  s.name = r.identifier("name", NameKind::qualified);
  s.type = object_choice(r, "type", {"smallint", "integer", "bigint"}, "sequence type");
  s.start = object_number(r, "start");
  s.increment = object_number(r, "increment");
  if (s.increment && *s.increment == 0)
    r.ctx().fail(r.need("increment").mark,
                 "'increment' in " + std::string(r.what()) + " is 0: a sequence must move");
  s.min_value = object_number(r, "min_value");
  s.max_value = object_number(r, "max_value");
  s.cache = object_number(r, "cache");
  if (s.cache && *s.cache < 1)
    r.ctx().fail(r.need("cache").mark,
                 "'cache' in " + std::string(r.what()) + " must be at least 1");
  s.cycle = r.flag("cycle");
  return s;
}

ExtensionSpec parse_extension_spec(const MapReader& r) {
  ExtensionSpec e;
  e.where = r.ctx().where(r.anchor());
  e.name = r.identifier("name", NameKind::plain);
  e.schema = r.optional_identifier("schema", NameKind::plain).value_or("");
  return e;
}

}  // namespace retort
