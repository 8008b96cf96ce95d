#include "diff/object_diff.hpp"

#include <algorithm>
#include <map>

#include "base/strings.hpp"
#include "ops/canonical_spec.hpp"
#include "sql/lexer.hpp"
#include "sql/normalize.hpp"
#include "sql/text.hpp"

namespace retort {

namespace {

Op object_op(OpBody body) {
  Op op;
  op.body = std::move(body);
  return op;
}

std::string lower_text(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Text without leading and trailing white space or final `;`s.
std::string bare(std::string_view text) {
  std::string out(trim_sql(text));
  while (!out.empty() && out.back() == ';')
    out = std::string(trim_sql(out.substr(0, out.size() - 1)));
  return out;
}

// The names an SQL text mentions (every name token, lower case): what a view or trigger may
// depend on. More than it reads (aliases, column names) is harmless: an extra drop and create.
std::set<std::string> mentioned_names(std::string_view sql, Dialect dialect) {
  std::set<std::string> out;
  for (const SqlToken& t : tokenize_sql(sql, dialect == Dialect::sqlite))
    if (t.is_name()) out.insert(lower_text(t.identifier()));
  return out;
}

// The last part of a possibly schema-qualified name, lower case.
std::string base_name(const std::string& name) {
  size_t dot = name.rfind('.');
  return lower_text(dot == std::string::npos ? name : name.substr(dot + 1));
}

class ObjectPlanner {
 public:
  ObjectPlanner(const Schema& from, const Schema& to, const Schema& to_written,
                const std::set<std::string>& touched, Dialect dialect, bool keep_casts)
      : from_(from),
        to_(to),
        to_written_(to_written),
        touched_(touched),
        dialect_(dialect),
        keep_casts_(keep_casts) {}

  ObjectPlan run() {
    if (pg()) {
      plan_extensions();
      plan_sequences();
      plan_functions();
    }
    plan_views();
    plan_triggers();
    ObjectPlan out;
    for (std::vector<Op>* phase : {&drop_triggers_, &drop_views_, &create_extensions_, &sequences_,
                                   &drop_functions_first_, &functions_})
      for (Op& op : *phase) out.before_tables.push_back(std::move(op));
    for (std::vector<Op>* phase :
         {&create_views_, &create_triggers_, &drop_functions_, &drop_sequences_, &drop_extensions_})
      for (Op& op : *phase) out.after_tables.push_back(std::move(op));
    out.findings = std::move(findings_);
    out.notes = std::move(notes_);
    return out;
  }

 private:
  bool pg() const { return dialect_ == Dialect::postgresql; }

  void finding(std::string code, std::string table, std::string object, std::string message) {
    findings_.push_back(
        DiffFinding{std::move(code), std::move(table), std::move(object), std::move(message)});
  }

  std::string sql_key(std::string_view text) const {
    return normalize_sql(bare(text), dialect_, keep_casts_);
  }

  // --- extensions ---

  void plan_extensions() {
    auto has = [](const Schema& s, const std::string& name) {
      return std::any_of(s.extensions.begin(), s.extensions.end(),
                         [&](const ExtensionSpec& e) { return e.name == name; });
    };
    for (const ExtensionSpec& e : to_written_.extensions) {
      if (has(from_, e.name)) continue;
      create_extensions_.push_back(
          object_op(CreateExtension{ExtensionSpec{e.name, e.schema, {}}, true}));
      finding("add_extension", "", e.name, "added extension " + e.name);
    }
    for (const ExtensionSpec& e : from_.extensions) {
      if (has(to_, e.name)) continue;
      drop_extensions_.push_back(object_op(DropExtension{e.name, false}));
      finding("remove_extension", "", e.name, "removed extension " + e.name);
    }
  }

  // --- sequences ---

  void plan_sequences() {
    std::map<std::string, SequenceSpec> from;
    for (const SequenceSpec& s : from_.sequences) from[s.name] = normalize_sequence(s);
    for (size_t i = 0; i < to_.sequences.size(); ++i) {
      SequenceSpec t = normalize_sequence(to_.sequences[i]);
      auto f = from.find(t.name);
      if (f == from.end()) {
        CreateSequence op;
        op.sequence = i < to_written_.sequences.size() ? to_written_.sequences[i] : t;
        op.sequence.where = {};
        sequences_.push_back(object_op(std::move(op)));
        finding("add_sequence", "", t.name, "added sequence " + t.name);
        continue;
      }
      const SequenceSpec s = std::move(f->second);  // a copy: erase() frees the node
      from.erase(f);
      if (s == t) continue;
      std::vector<std::string> changed;
      AlterSequence op;
      op.name = t.name;
      auto value = [](const SequenceSpec& q, const std::optional<int64_t>& v,
                      std::string_view field) { return v ? *v : sequence_default(q, field); };
      auto compare = [&](std::string_view field, const std::optional<int64_t>& a,
                         const std::optional<int64_t>& b, std::optional<int64_t>& target) {
        int64_t va = value(s, a, field), vb = value(t, b, field);
        if (va == vb) return;
        target = vb;
        changed.push_back(std::string(field) + " " + std::to_string(va) + " -> " +
                          std::to_string(vb));
      };
      compare("increment", s.increment, t.increment, op.increment);
      compare("min_value", s.min_value, t.min_value, op.min_value);
      compare("max_value", s.max_value, t.max_value, op.max_value);
      compare("start", s.start, t.start, op.start);
      compare("cache", s.cache, t.cache, op.cache);
      if (s.cycle != t.cycle) {
        op.cycle = t.cycle;
        changed.push_back(std::string("cycle ") + (s.cycle ? "true" : "false") + " -> " +
                          (t.cycle ? "true" : "false"));
      }
      if (s.type != t.type) {
        auto type = [](const std::string& x) { return x.empty() ? std::string("bigint") : x; };
        changed.push_back("type " + type(s.type) + " -> " + type(t.type));
        notes_.push_back("sequence " + t.name + ": its type cannot change by an op (" +
                         type(s.type) + " -> " + type(t.type) +
                         "); write ALTER SEQUENCE … AS in an execute op");
      }
      if (op.increment || op.min_value || op.max_value || op.start || op.cache || op.cycle)
        sequences_.push_back(object_op(std::move(op)));
      finding("modify_sequence", "", t.name, "sequence " + t.name + ": " + join(changed, ", "));
    }
    for (const SequenceSpec& s : from_.sequences) {
      if (!from.count(s.name)) continue;
      drop_sequences_.push_back(object_op(DropSequence{s.name, false}));
      finding("remove_sequence", "", s.name, "removed sequence " + s.name);
    }
  }

  // --- functions ---

  std::string function_key(const FunctionSpec& f) const {
    return f.name + "(" + normalize_sql(f.arguments, dialect_, true) + ")";
  }
  static std::string volatility(const std::string& v) { return v == "volatile" ? "" : v; }

  void plan_functions() {
    std::map<std::string, const FunctionSpec*> from;
    for (const FunctionSpec& f : from_.functions) from[function_key(f)] = &f;
    for (size_t i = 0; i < to_.functions.size(); ++i) {
      const FunctionSpec& t = to_.functions[i];
      std::string key = function_key(t);
      FunctionSpec written = i < to_written_.functions.size() ? to_written_.functions[i] : t;
      written.where = {};
      std::string shown = t.name + "(" + t.arguments + ")";
      auto f = from.find(key);
      if (f == from.end()) {
        functions_.push_back(object_op(CreateFunction{written}));
        finding("add_function", "", shown, "added function " + shown);
        continue;
      }
      const FunctionSpec& s = *f->second;
      from.erase(f);
      std::vector<std::string> changed;
      bool returns = sql_key(s.returns) != sql_key(t.returns);
      if (returns) changed.push_back("returns " + s.returns + " -> " + t.returns);
      if (lower_text(s.language) != lower_text(t.language))
        changed.push_back("language " + s.language + " -> " + t.language);
      if (volatility(s.volatility) != volatility(t.volatility))
        changed.push_back("volatility " + shown_volatility(s.volatility) + " -> " +
                          shown_volatility(t.volatility));
      if (trim_sql(s.body) != trim_sql(t.body)) changed.push_back("body changed");
      if (changed.empty()) continue;
      finding("modify_function", "", shown, "function " + shown + ": " + join(changed, ", "));
      if (returns) {
        // CREATE OR REPLACE FUNCTION cannot change the result type.
        recreated_functions_.insert(base_name(t.name));
        drop_functions_first_.push_back(object_op(DropFunction{s.name, s.arguments, false}));
        functions_.push_back(object_op(CreateFunction{written}));
      } else {
        functions_.push_back(object_op(ReplaceFunction{written}));
      }
    }
    for (const FunctionSpec& s : from_.functions) {
      if (!from.count(function_key(s))) continue;
      drop_functions_.push_back(object_op(DropFunction{s.name, s.arguments, false}));
      std::string shown = s.name + "(" + s.arguments + ")";
      finding("remove_function", "", shown, "removed function " + shown);
    }
  }
  static std::string shown_volatility(const std::string& v) { return v.empty() ? "volatile" : v; }

  // --- views ---

  const std::string* definition(const ViewSpec& v) const {
    return v.definition.for_dialect(dialect_);
  }

  void plan_views() {
    // `from` views in their order, and which of them go (dropped, or dropped and created again).
    std::vector<const ViewSpec*> from;
    for (const ViewSpec& v : from_.views)
      if (definition(v)) from.push_back(&v);
    std::map<std::string, size_t> to_index;
    for (size_t i = 0; i < to_.views.size(); ++i)
      if (definition(to_.views[i])) to_index[to_.views[i].name] = i;

    std::set<std::string> gone;  // lower-case base names of views that are dropped
    std::vector<const ViewSpec*> dropped;
    std::set<std::string> recreate;  // names of `to` views to create although they exist
    for (const ViewSpec* f : from) {
      auto t = to_index.find(f->name);
      bool drop = false;
      if (t == to_index.end()) {
        drop = true;
        finding("remove_view", "", f->name, "removed view " + f->name);
      } else {
        const ViewSpec& tv = to_.views[t->second];
        if (tv.materialized != f->materialized) {
          drop = true;
          finding("modify_view", "", f->name,
                  "view " + f->name + ": " +
                      (tv.materialized ? "materialized" : "no longer materialized"));
        } else if (sql_key(*definition(*f)) != sql_key(*definition(tv))) {
          drop = true;
          finding("modify_view", "", f->name, "view " + f->name + ": definition changed");
        } else {
          // Unchanged, but it reads a view that goes or a table that changes under it.
          for (const std::string& name : mentioned_names(*definition(*f), dialect_))
            if (gone.count(name) || touched_.count(name)) drop = true;
        }
        if (drop) recreate.insert(f->name);
      }
      if (!drop) continue;
      gone.insert(base_name(f->name));
      dropped.push_back(f);
    }
    for (auto it = dropped.rbegin(); it != dropped.rend(); ++it)
      drop_views_.push_back(object_op(DropView{(*it)->name, (*it)->materialized, false}));
    recreated_views_ = gone;

    std::set<std::string> from_names;
    for (const ViewSpec* f : from) from_names.insert(f->name);
    for (size_t i = 0; i < to_.views.size(); ++i) {
      const ViewSpec& t = to_.views[i];
      if (!definition(t)) continue;
      bool fresh = !from_names.count(t.name);
      if (!fresh && !recreate.count(t.name)) continue;
      ViewSpec written = i < to_written_.views.size() ? to_written_.views[i] : t;
      written.where = {};
      create_views_.push_back(object_op(CreateView{std::move(written)}));
      if (fresh)
        finding("add_view", "", t.name,
                std::string("added ") + (t.materialized ? "materialized " : "") + "view " + t.name);
    }
  }

  // --- triggers ---

  bool exists_here(const TriggerSpec& t) const {
    return pg() ? !t.function.empty() : !t.body.empty();
  }

  std::string trigger_text(const TriggerSpec& t) const {
    std::vector<std::string> events = t.events;
    std::sort(events.begin(), events.end());
    const std::string* when = t.when.for_dialect(dialect_);
    std::vector<std::string> parts{t.timing, join(events, ","), join(t.update_of, ","),
                                   t.for_each_row ? "row" : "statement",
                                   when ? sql_key(*when) : ""};
    parts.push_back(pg() ? t.function : sql_key(t.body));
    return join(parts, "\x1f");
  }

  void plan_triggers() {
    auto key = [](const TriggerSpec& t) { return lower_text(t.table) + "\x1f" + t.name; };
    std::map<std::string, const TriggerSpec*> to;
    for (const TriggerSpec& t : to_.triggers)
      if (exists_here(t)) to[key(t)] = &t;
    std::set<std::string> from_keys;
    std::set<std::string> recreate;
    for (const TriggerSpec& f : from_.triggers) {
      if (!exists_here(f)) continue;
      from_keys.insert(key(f));
      auto t = to.find(key(f));
      const std::string object = f.name + " on " + f.table;
      bool drop = false;
      if (t == to.end()) {
        drop = true;
        finding("remove_trigger", f.table, f.name, "removed trigger " + object);
      } else if (trigger_text(f) != trigger_text(*t->second)) {
        drop = true;
        finding("modify_trigger", f.table, f.name, "trigger " + object + ": changed");
      } else {
        std::string table = base_name(f.table);
        drop = touched_.count(table) || recreated_views_.count(table) ||
               (pg() && recreated_functions_.count(base_name(f.function)));
      }
      if (!drop) continue;
      drop_triggers_.push_back(object_op(DropTrigger{f.name, f.table, false}));
      if (t != to.end()) recreate.insert(key(f));
    }
    for (size_t i = 0; i < to_.triggers.size(); ++i) {
      const TriggerSpec& t = to_.triggers[i];
      if (!exists_here(t)) continue;
      bool fresh = !from_keys.count(key(t));
      if (!fresh && !recreate.count(key(t))) continue;
      TriggerSpec written = i < to_written_.triggers.size() ? to_written_.triggers[i] : t;
      written.where = {};
      create_triggers_.push_back(object_op(CreateTrigger{std::move(written)}));
      if (fresh)
        finding("add_trigger", t.table, t.name, "added trigger " + t.name + " on " + t.table);
    }
  }

  const Schema& from_;
  const Schema& to_;
  const Schema& to_written_;
  const std::set<std::string>& touched_;
  Dialect dialect_;
  bool keep_casts_;
  std::set<std::string> recreated_views_;      // lower-case base names
  std::set<std::string> recreated_functions_;  // lower-case base names
  std::vector<Op> drop_triggers_, drop_views_, create_extensions_, sequences_,
      drop_functions_first_, functions_, create_views_, create_triggers_, drop_functions_,
      drop_sequences_, drop_extensions_;
  std::vector<DiffFinding> findings_;
  std::vector<std::string> notes_;
};

}  // namespace

ObjectPlan plan_objects(const Schema& from_compared, const Schema& to_compared,
                        const Schema& to_written, const std::set<std::string>& touched_tables,
                        Dialect dialect, bool keep_casts) {
  return ObjectPlanner(from_compared, to_compared, to_written, touched_tables, dialect, keep_casts)
      .run();
}

}  // namespace retort
