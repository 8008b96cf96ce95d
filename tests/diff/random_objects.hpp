// Seeded random views, functions, triggers and sequences over a random model (random_schema.hpp),
// for the differ's round-trip property tests, from a random stream of their own (the tables'
// choices stay what they were for each seed). Views read a table's columns and sometimes another
// view; triggers run a function (PostgreSQL) or a body (SQLite); sync() keeps the objects valid
// after the tables changed (a view over a dropped column is rewritten, a trigger on a dropped
// table goes), which is what makes the differ order views around column drops and type changes.
// mutate() changes a view's definition, a function's body, drops or adds a trigger, changes a
// sequence. Header-only.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "diff/random_schema.hpp"
#include "ops/spec.hpp"

namespace retort::testing {

class ObjectGenerator {
 public:
  ObjectGenerator(uint64_t seed, Dialect dialect) : rng_(seed ^ 0x0B1EC75ULL), dialect_(dialect) {}

  const std::vector<std::string>& changes() const { return changes_; }

  // Adds objects to a freshly generated model.
  void generate(Schema& s) {
    changes_.clear();
    if (pg()) {
      s.functions.push_back(trigger_function("touch"));
      FunctionSpec add;
      add.name = "add_" + std::to_string(++counter_);
      add.arguments = "a integer, b int";
      add.returns = "integer";
      add.language = "sql";
      add.volatility = "immutable";
      add.body = "SELECT a + b";
      s.functions.push_back(add);
      SequenceSpec q;
      q.name = fresh("seq");
      q.start = 100;
      q.increment = 10;
      s.sequences.push_back(q);
    }
    add_view(s);
    add_view(s);
    add_trigger(s);
  }

  // Keeps the objects valid for the tables of `s` (after the tables changed).
  void sync(Schema& s) {
    std::erase_if(s.triggers, [&](const TriggerSpec& t) { return !s.find_table(t.table); });
    for (ViewSpec& v : s.views) {
      auto it = reads_.find(v.name);
      if (it == reads_.end()) continue;
      const TableSpec* t = s.find_table(it->second.table);
      bool valid = t != nullptr;
      for (const std::string& c : it->second.columns) valid = valid && t->find_column(c);
      if (valid) continue;
      const TableSpec& table = t ? *t : s.tables[rng_.below(s.tables.size())];
      define(v, table);
      changes_.push_back("rewrite view " + v.name + " after its table changed");
    }
  }

  // sync(), then one or two random changes to the objects.
  void mutate(Schema& s) {
    changes_.clear();
    sync(s);
    size_t n = 1 + rng_.below(2);
    for (size_t i = 0; i < n; ++i) mutate_once(s);
  }

 private:
  struct Read {
    std::string table;
    std::vector<std::string> columns;
  };

  bool pg() const { return dialect_ == Dialect::postgresql; }
  std::string fresh(const std::string& stem) { return stem + "_o" + std::to_string(++counter_); }
  static std::string q(const std::string& name) { return "\"" + name + "\""; }

  FunctionSpec trigger_function(const std::string& stem) {
    FunctionSpec f;
    f.name = fresh(stem);
    f.returns = "trigger";
    f.language = "plpgsql";
    f.body = "\nBEGIN\n  RETURN NEW;\nEND\n";
    return f;
  }

  // The view's definition: some columns of `table`, sometimes filtered.
  void define(ViewSpec& v, const TableSpec& table) {
    Read read{table.name, {}};
    for (const ColumnSpec& c : table.columns)
      if (read.columns.empty() || rng_.chance(50)) read.columns.push_back(c.name);
    std::string list;
    for (const std::string& c : read.columns) list += (list.empty() ? "" : ", ") + q(c);
    std::string sql = "SELECT " + list + " FROM " + q(table.name);
    if (rng_.chance(40)) sql += " WHERE " + q(read.columns.front()) + " IS NOT NULL";
    v.definition = SqlText{};
    v.definition.common = sql;
    reads_[v.name] = std::move(read);
  }

  void add_view(Schema& s) {
    if (s.tables.empty()) return;
    ViewSpec v;
    v.name = fresh("v");
    // Now and then a view over the previous view (it depends on it).
    if (!s.views.empty() && rng_.chance(35)) {
      std::string base = s.views.back().name;
      v.definition.common = "SELECT * FROM " + q(base);
      changes_.push_back("add view " + v.name + " over " + base);
      s.views.push_back(v);
      return;
    }
    define(v, s.tables[rng_.below(s.tables.size())]);
    v.materialized = pg() && rng_.chance(20);
    changes_.push_back("add view " + v.name);
    s.views.push_back(v);
  }

  void add_trigger(Schema& s) {
    if (s.tables.empty()) return;
    TriggerSpec t;
    t.name = fresh("tg");
    t.table = s.tables[rng_.below(s.tables.size())].name;
    t.timing = rng_.chance(50) ? "before" : "after";
    t.events = {rng_.chance(50) ? "insert" : "update"};
    if (pg()) {
      if (rng_.chance(40)) t.events.push_back("delete");
      const FunctionSpec* f = nullptr;
      for (const FunctionSpec& x : s.functions)
        if (x.returns == "trigger") f = &x;
      if (!f) {
        s.functions.push_back(trigger_function("touch"));
        f = &s.functions.back();
      }
      t.function = f->name;
      if (rng_.chance(40)) t.when.common = "pg_trigger_depth() < 5";
    } else {
      t.body = "SELECT 1";
      if (rng_.chance(40)) t.when.common = "1 = 1";
    }
    changes_.push_back("add trigger " + t.name + " on " + t.table);
    s.triggers.push_back(t);
  }

  void mutate_once(Schema& s) {
    switch (rng_.below(pg() ? 6 : 4)) {
      case 0:
        if (!s.views.empty()) {
          ViewSpec& v = s.views[rng_.below(s.views.size())];
          if (!reads_.count(v.name)) return;
          const TableSpec* t = s.find_table(reads_[v.name].table);
          if (!t) return;
          define(v, *t);
          changes_.push_back("change view " + v.name);
        }
        return;
      case 1:
        add_view(s);
        return;
      case 2:
        if (!s.triggers.empty()) {
          changes_.push_back("drop trigger " + s.triggers.front().name);
          s.triggers.erase(s.triggers.begin());
        }
        return;
      case 3:
        if (!s.views.empty() && rng_.chance(50)) {
          // The last view: no other view reads it.
          changes_.push_back("drop view " + s.views.back().name);
          reads_.erase(s.views.back().name);
          s.views.pop_back();
        } else {
          add_trigger(s);
        }
        return;
      case 4:
        if (!s.functions.empty()) {
          FunctionSpec& f = s.functions[rng_.below(s.functions.size())];
          if (f.returns == "trigger")
            f.body = "\nBEGIN\n  -- " + fresh("changed") + "\n  RETURN NEW;\nEND\n";
          else
            f.body = "SELECT a + b + " + std::to_string(++counter_);
          changes_.push_back("change body of " + f.name);
        }
        return;
      case 5:
        if (!s.sequences.empty()) {
          SequenceSpec& seq = s.sequences.front();
          seq.increment = *seq.increment + 1;
          seq.cycle = !seq.cycle;
          changes_.push_back("change sequence " + seq.name);
        }
        return;
    }
  }

  Rng rng_;
  Dialect dialect_;
  int counter_ = 0;
  std::map<std::string, Read> reads_;  // view -> what it reads (views over tables only)
  std::vector<std::string> changes_;
};

}  // namespace retort::testing
