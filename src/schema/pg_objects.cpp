#include "schema/pg_objects.hpp"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>

#include "ops/canonical_spec.hpp"
#include "sql/text.hpp"

namespace retort {

namespace {

using Row = std::vector<std::optional<std::string>>;

const std::string& object_cell(const Row& row, size_t i) {
  static const std::string empty;
  return row[i] ? *row[i] : empty;
}

// An object of pg_class (`relation`) or pg_proc that an extension owns.
constexpr std::string_view kNotInExtension =
    " AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.objid = %OID% AND e.classid = "
    "'%CLASS%'::regclass AND e.deptype = 'e')";

std::string not_in_extension(std::string_view oid, std::string_view catalog) {
  std::string out(kNotInExtension);
  out.replace(out.find("%OID%"), 5, oid);
  out.replace(out.find("%CLASS%"), 7, catalog);
  return out;
}

// Views and materialized views, with the oids of the other views and tables their rule reads.
std::string views_query() {
  return "SELECT c.oid::text, c.relname, c.relkind = 'm', pg_get_viewdef(c.oid),"
         " (SELECT string_agg(DISTINCT d.refobjid::text, ',') FROM pg_rewrite r"
         "   JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid"
         "   AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> c.oid"
         "   WHERE r.ev_class = c.oid)"
         " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
         " WHERE n.nspname = $1 AND c.relkind IN ('v', 'm')" +
         not_in_extension("c.oid", "pg_class") + " ORDER BY c.relname COLLATE \"C\"";
}

std::string functions_query() {
  return "SELECT p.proname, pg_get_function_arguments(p.oid), pg_get_function_result(p.oid),"
         " l.lanname, p.provolatile, p.prosrc"
         " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
         " JOIN pg_language l ON l.oid = p.prolang"
         " WHERE n.nspname = $1 AND p.prokind = 'f'" +
         not_in_extension("p.oid", "pg_proc") +
         " ORDER BY p.proname COLLATE \"C\", pg_get_function_identity_arguments(p.oid) COLLATE "
         "\"C\"";
}

// tgtype's bits (PostgreSQL's trigger.h).
constexpr int kRow = 1, kBefore = 2, kInsert = 4, kDelete = 8, kUpdate = 16, kTruncate = 32,
              kInstead = 64;

constexpr std::string_view kObjectTriggersQuery =
    "SELECT tg.tgname, c.relname, tg.tgtype, pg_get_triggerdef(tg.oid), fp.proname, fn.nspname,"
    " (SELECT string_agg(a.attname, chr(31) ORDER BY k.ord)"
    "   FROM unnest(tg.tgattr::int2[]) WITH ORDINALITY AS k(attnum, ord)"
    "   JOIN pg_attribute a ON a.attrelid = tg.tgrelid AND a.attnum = k.attnum)"
    " FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " JOIN pg_proc fp ON fp.oid = tg.tgfoid JOIN pg_namespace fn ON fn.oid = fp.pronamespace"
    " WHERE n.nspname = $1 AND NOT tg.tgisinternal"
    " ORDER BY c.relname COLLATE \"C\", tg.tgname COLLATE \"C\"";

// Sequences that no column owns (SERIAL: deptype 'a'; identity: 'i') and no extension.
constexpr std::string_view kObjectSequencesQuery =
    "SELECT c.relname, format_type(s.seqtypid, NULL), s.seqstart::text, s.seqincrement::text,"
    " s.seqmin::text, s.seqmax::text, s.seqcache::text, s.seqcycle"
    " FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = $1 AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid"
    "   AND d.classid = 'pg_class'::regclass AND d.deptype IN ('a', 'i', 'e'))"
    " ORDER BY c.relname COLLATE \"C\"";

constexpr std::string_view kObjectExtensionsQuery =
    "SELECT e.extname, n.nspname FROM pg_extension e"
    " JOIN pg_namespace n ON n.oid = e.extnamespace"
    " WHERE e.extname <> 'plpgsql' ORDER BY e.extname COLLATE \"C\"";

std::string object_relative(const std::string& object_schema, const std::string& name,
                            const std::string& schema) {
  return object_schema == schema ? name : object_schema + "." + name;
}

// The condition of `CREATE TRIGGER … FOR EACH ROW WHEN (cond) EXECUTE FUNCTION f()` (as
// pg_get_triggerdef prints it), without the parentheses WHEN puts around it; "" when none.
std::string trigger_when(const std::string& def) {
  size_t each = def.find(" FOR EACH ");
  if (each == std::string::npos) return "";
  size_t when = def.find(" WHEN (", each);
  size_t execute = def.rfind(" EXECUTE ");
  if (when == std::string::npos || execute == std::string::npos || execute < when) return "";
  size_t start = when + 7;
  size_t close = def.rfind(')', execute);
  if (close == std::string::npos || close < start) return "";
  return def.substr(start, close - start);
}

// Views in an order they can be created in: by name, each after the views it reads.
std::vector<ViewSpec> view_creation_order(std::vector<ViewSpec> views,
                                          const std::vector<std::vector<std::string>>& reads,
                                          const std::vector<std::string>& oids) {
  std::map<std::string, size_t> by_oid;
  for (size_t i = 0; i < oids.size(); ++i) by_oid[oids[i]] = i;
  std::vector<int> state(views.size(), 0);  // 0 new, 1 visiting, 2 placed
  std::vector<ViewSpec> out;
  std::function<void(size_t)> place = [&](size_t i) {
    if (state[i] != 0) return;  // placed, or a cycle (impossible for views)
    state[i] = 1;
    for (const std::string& oid : reads[i])
      if (auto it = by_oid.find(oid); it != by_oid.end()) place(it->second);
    state[i] = 2;
    out.push_back(std::move(views[i]));
  };
  for (size_t i = 0; i < views.size(); ++i) place(i);
  return out;
}

std::vector<std::string> split_list(const std::string& text, char sep) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  size_t start = 0;
  for (;;) {
    size_t at = text.find(sep, start);
    out.push_back(text.substr(start, at == std::string::npos ? at : at - start));
    if (at == std::string::npos) return out;
    start = at + 1;
  }
}

std::optional<int64_t> object_number(const Row& row, size_t i) {
  if (!row[i]) return std::nullopt;
  return std::strtoll(row[i]->c_str(), nullptr, 10);
}

}  // namespace

void reflect_postgresql_objects(Connection& conn, const std::string& schema, Schema& out) {
  const std::vector<Param> params{Param::of(schema)};

  std::vector<ViewSpec> views;
  std::vector<std::vector<std::string>> reads;
  std::vector<std::string> oids;
  for (const Row& row : conn.query(views_query(), params).rows) {
    ViewSpec v;
    v.name = object_cell(row, 1);
    v.materialized = object_cell(row, 2) == "t";
    std::string definition(trim_sql(object_cell(row, 3)));
    while (!definition.empty() && definition.back() == ';') definition.pop_back();
    v.definition.common = std::string(trim_sql(definition));
    oids.push_back(object_cell(row, 0));
    reads.push_back(split_list(object_cell(row, 4), ','));
    views.push_back(std::move(v));
  }
  out.views = view_creation_order(std::move(views), reads, oids);

  for (const Row& row : conn.query(functions_query(), params).rows) {
    FunctionSpec f;
    f.name = object_cell(row, 0);
    f.arguments = object_cell(row, 1);
    f.returns = object_cell(row, 2);
    f.language = object_cell(row, 3);
    const std::string& volatility = object_cell(row, 4);
    f.volatility = volatility == "s" ? "stable" : volatility == "i" ? "immutable" : "";
    f.body = object_cell(row, 5);
    out.functions.push_back(std::move(f));
  }

  for (const Row& row : conn.query(std::string(kObjectTriggersQuery), params).rows) {
    TriggerSpec t;
    t.name = object_cell(row, 0);
    t.table = object_cell(row, 1);
    int type = std::atoi(object_cell(row, 2).c_str());
    t.timing = (type & kInstead) ? "instead_of" : (type & kBefore) ? "before" : "after";
    if (type & kInsert) t.events.push_back("insert");
    if (type & kUpdate) t.events.push_back("update");
    if (type & kDelete) t.events.push_back("delete");
    if (type & kTruncate) t.events.push_back("truncate");
    t.for_each_row = (type & kRow) != 0;
    if (std::string when = trigger_when(object_cell(row, 3)); !when.empty()) t.when.common = when;
    t.function = object_relative(object_cell(row, 5), object_cell(row, 4), schema);
    t.update_of = split_list(object_cell(row, 6), '\x1f');
    out.triggers.push_back(std::move(t));
  }

  for (const Row& row : conn.query(std::string(kObjectSequencesQuery), params).rows) {
    SequenceSpec s;
    s.name = object_cell(row, 0);
    s.type = object_cell(row, 1);
    s.start = object_number(row, 2);
    s.increment = object_number(row, 3);
    s.min_value = object_number(row, 4);
    s.max_value = object_number(row, 5);
    s.cache = object_number(row, 6);
    s.cycle = object_cell(row, 7) == "t";
    out.sequences.push_back(normalize_sequence(s));
  }

  for (const Row& row : conn.query(std::string(kObjectExtensionsQuery), {}).rows) {
    ExtensionSpec e;
    e.name = object_cell(row, 0);
    if (object_cell(row, 1) != schema) e.schema = object_cell(row, 1);
    out.extensions.push_back(std::move(e));
  }
}

}  // namespace retort
