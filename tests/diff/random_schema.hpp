// Seeded random models for the differ's round-trip property tests: tables with single and
// composite keys, foreign keys with actions (some in cycles, some to the same table), unique
// constraints named and unnamed, checks, plain / unique / partial / expression / hash indexes,
// server defaults, comments, enums; and random changes to such a model that keep it valid.
// On top of those, from a second random stream (so that the choices above stay what they were
// for each seed): index columns in descending order, NULLs placement and operator classes,
// INCLUDE columns and NULLS NOT DISTINCT (PostgreSQL), identity keys, generated columns.
// Header-only (the test build takes tests/**/*_test.cpp and tests/support/*.cpp only).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "ops/spec.hpp"
#include "sql/text.hpp"

namespace retort::testing {

// splitmix64: the same sequence on every platform, unlike std:: distributions.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) { state_ = next(); }
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  size_t below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(next() % n); }
  bool chance(int percent) { return static_cast<int>(below(100)) < percent; }
  template <typename T>
  const T& pick(const std::vector<T>& v) {
    return v[below(v.size())];
  }

 private:
  uint64_t state_;
};

class SchemaGenerator {
 public:
  SchemaGenerator(uint64_t seed, Dialect dialect)
      : rng_(seed), extras_(seed ^ 0x5EEDF00DULL), dialect_(dialect) {}

  // What the last mutate() did, for failure messages.
  const std::vector<std::string>& changes() const { return changes_; }
  // True when the last mutate() added values to an existing enum (PostgreSQL cannot remove
  // them: the downgrade leaves them).
  bool added_enum_values() const { return added_enum_values_; }

  Schema generate() {
    Schema s;
    size_t enums = rng_.below(3);
    for (size_t i = 0; i < enums; ++i) s.enums.push_back(new_enum());
    size_t tables = 3 + rng_.below(4);
    for (size_t i = 0; i < tables; ++i) s.tables.push_back(new_table(s));
    // A cycle now and then: an earlier table refers to a later one.
    if (s.tables.size() >= 2 && rng_.chance(35)) add_foreign_key(s, s.tables[0], &s.tables.back());
    return s;
  }

  // 1 to 4 random changes; the model stays valid (every name a constraint uses exists).
  void mutate(Schema& s) {
    changes_.clear();
    added_enum_values_ = false;
    size_t n = 1 + rng_.below(4);
    for (size_t i = 0; i < n; ++i) mutate_once(s);
  }

 private:
  using K = Type::Kind;

  std::string fresh(const std::string& stem) { return stem + std::to_string(++counter_); }

  EnumSpec new_enum() {
    static const std::vector<std::string> kWords = {"red",   "green", "blue",
                                                    "amber", "jade",  "onyx"};
    EnumSpec e;
    e.name = fresh("mood_");
    size_t count = 2 + rng_.below(3);
    for (const std::string& w : kWords)
      if (e.values.size() < count && rng_.chance(60)) e.values.push_back(w);
    while (e.values.size() < 2) e.values.push_back(fresh("v"));
    return e;
  }

  static Type type_of(K kind) {
    Type t;
    t.kind = kind;
    return t;
  }

  Type random_type(const Schema& s) {
    std::vector<K> kinds = {K::integer,  K::bigint, K::smallint, K::boolean, K::float_, K::double_,
                            K::numeric,  K::string, K::string,   K::text,    K::date,   K::time,
                            K::datetime, K::json,   K::uuid,     K::binary,  K::enum_};
    if (dialect_ == Dialect::postgresql) kinds.push_back(K::jsonb);
    Type t = type_of(rng_.pick(kinds));
    switch (t.kind) {
      case K::numeric:
        t.precision = 10 + static_cast<int>(rng_.below(5));
        t.scale = static_cast<int>(rng_.below(4));
        break;
      case K::string:
        if (rng_.chance(80)) t.length = 10 + static_cast<int>(rng_.below(200));
        break;
      case K::datetime:
        t.timezone = rng_.chance(50);
        break;
      case K::enum_:
        if (s.enums.empty()) return type_of(K::text);
        {
          const EnumSpec& e = rng_.pick(s.enums);
          t.enum_name = e.name;
          t.enum_values = e.values;
        }
        break;
      default:
        break;
    }
    return t;
  }

  std::optional<DefaultValue> random_default(const Type& t) {
    if (!rng_.chance(45)) return std::nullopt;
    DefaultValue v;
    auto number = [&](std::string n) {
      v.kind = DefaultValue::Kind::number;
      v.number = std::move(n);
      return v;
    };
    auto sql = [&](std::string text) {
      v.kind = DefaultValue::Kind::sql;
      v.sql.common = std::move(text);
      return v;
    };
    switch (t.kind) {
      case K::integer:
      case K::bigint:
      case K::smallint:
        return number(rng_.chance(30) ? "-" + std::to_string(1 + rng_.below(9))
                                      : std::to_string(rng_.below(100)));
      case K::boolean:
        v.kind = DefaultValue::Kind::boolean;
        v.boolean = rng_.chance(50);
        return v;
      case K::float_:
        return number("0.5");
      case K::double_:
        return number("0.25");
      case K::numeric:
        return number(std::to_string(rng_.below(50)) + ".5");
      case K::string:
      case K::text:
        return sql(rng_.chance(20) ? "'it''s'" : "'x" + std::to_string(rng_.below(9)) + "'");
      case K::date:
        return sql("CURRENT_DATE");
      case K::datetime:
        return sql(rng_.chance(50) ? "CURRENT_TIMESTAMP" : "current_timestamp");
      case K::json:
      case K::jsonb:
        return sql("'{}'");
      case K::enum_:
        return sql("'" + t.enum_values.front() + "'");
      default:
        return std::nullopt;
    }
  }

  ColumnSpec new_column(const Schema& s) {
    ColumnSpec c;
    c.name = fresh("c");
    c.type = random_type(s);
    c.nullable = rng_.chance(65);
    c.server_default = random_default(c.type);
    if (!c.nullable && !c.server_default && rng_.chance(50)) c.nullable = true;
    if (rng_.chance(15)) c.comment = rng_.chance(50) ? "note " + c.name : "it's " + c.name;
    return c;
  }

  static bool comparable(const Type& t) {  // usable in a unique constraint / btree index
    return t.kind != K::json && t.kind != K::jsonb && t.kind != K::binary;
  }
  static bool textual(const Type& t) { return t.kind == K::string || t.kind == K::text; }
  static bool numeric(const Type& t) {
    return t.kind == K::integer || t.kind == K::bigint || t.kind == K::smallint ||
           t.kind == K::numeric;
  }

  std::string constraint_name(const std::string& stem) {
    return rng_.chance(50) ? fresh(stem) : std::string();
  }

  TableSpec new_table(const Schema& s) {
    TableSpec t;
    t.name = fresh("t");
    size_t key = rng_.below(10);
    if (key < 6) {
      ColumnSpec id;
      id.name = "id";
      id.type = type_of(rng_.chance(80) ? K::integer : K::bigint);
      id.primary_key = true;
      id.nullable = false;
      id.autoincrement = rng_.chance(70);
      if (extras_.chance(30)) {  // an identity key instead (SQLite: the rowid)
        id.autoincrement = false;
        id.identity = IdentitySpec{extras_.chance(50), std::nullopt, std::nullopt};
        if (pg() && extras_.chance(40)) id.identity->start = 100;
        if (pg() && extras_.chance(30)) id.identity->increment = 5;
      }
      t.columns.push_back(id);
    } else if (key < 9) {
      ColumnSpec k1;
      k1.name = "k1";
      k1.type = type_of(K::integer);
      k1.nullable = false;
      ColumnSpec k2;
      k2.name = "k2";
      k2.type = type_of(K::string);
      k2.type.length = 20;
      k2.nullable = false;
      t.columns.push_back(k1);
      t.columns.push_back(k2);
      t.primary_key = PrimaryKeySpec{constraint_name("pk_"), {"k1", "k2"}};
    }
    size_t extra = 1 + rng_.below(5);
    for (size_t i = 0; i < extra; ++i) t.columns.push_back(new_column(s));
    add_generated_column(t);
    if (rng_.chance(30)) t.comment = rng_.chance(50) ? "table " + t.name : "it's " + t.name;

    // A foreign key to an earlier table, or to itself.
    if (!s.tables.empty() && rng_.chance(70)) {
      const TableSpec& ref = s.tables[rng_.below(s.tables.size())];
      add_foreign_key_columns(t, ref);
    } else if (!t.primary_key_columns().empty() && rng_.chance(15)) {
      TableSpec copy = t;
      add_foreign_key_columns(t, copy);
    }
    add_unique(t);
    add_check(t);
    size_t indexes = rng_.below(3);
    for (size_t i = 0; i < indexes; ++i) add_index(t);
    return t;
  }

  // New columns in `t` and a foreign key from them to `ref`'s primary key (nothing when `ref`
  // has none).
  void add_foreign_key_columns(TableSpec& t, const TableSpec& ref) {
    std::vector<std::string> pk = ref.primary_key_columns();
    if (pk.empty()) return;
    ForeignKeySpec fk;
    fk.name = constraint_name("fk_");
    fk.ref_table = ref.name;
    bool nullable = rng_.chance(70);
    for (const std::string& key : pk) {
      const ColumnSpec* rc = ref.find_column(key);
      ColumnSpec c;
      c.name = fresh(ref.name + "_" + key + "_");
      c.type = rc->type;
      c.nullable = nullable;
      t.columns.push_back(c);
      fk.columns.push_back(c.name);
      fk.ref_columns.push_back(key);
    }
    static const std::vector<std::string> kActions = {"", "CASCADE", "RESTRICT", "NO ACTION",
                                                      "SET NULL"};
    fk.on_delete = rng_.pick(kActions);
    if (fk.on_delete == "SET NULL" && !nullable) fk.on_delete = "CASCADE";
    fk.on_update = rng_.chance(30) ? "CASCADE" : "";
    t.foreign_keys.push_back(fk);
  }

  void add_foreign_key(Schema&, TableSpec& from, const TableSpec* to) {
    TableSpec copy = *to;
    add_foreign_key_columns(from, copy);
  }

  std::vector<const ColumnSpec*> columns_where(const TableSpec& t, bool (*ok)(const Type&)) {
    std::vector<const ColumnSpec*> out;
    for (const ColumnSpec& c : t.columns)
      if (ok(c.type)) out.push_back(&c);
    return out;
  }

  bool pg() const { return dialect_ == Dialect::postgresql; }

  // A column of `t` that is not in `taken`, for INCLUDE; nullopt when there is none.
  std::optional<std::string> other_column(const TableSpec& t,
                                          const std::vector<std::string>& taken) {
    std::vector<std::string> names;
    for (const ColumnSpec& c : t.columns)
      if (std::find(taken.begin(), taken.end(), c.name) == taken.end()) names.push_back(c.name);
    if (names.empty()) return std::nullopt;
    return extras_.pick(names);
  }

  // Now and then a generated column computed from an integer column of `t`.
  void add_generated_column(TableSpec& t) {
    if (!extras_.chance(30)) return;
    std::vector<std::string> sources;
    for (const ColumnSpec& c : t.columns)
      if ((c.type.kind == K::integer || c.type.kind == K::smallint) && !c.generated)
        sources.push_back(c.name);
    if (sources.empty()) return;
    ColumnSpec g;
    g.name = fresh("g");
    g.type = type_of(K::bigint);
    g.generated = GeneratedSpec{};
    g.generated->expression.common = extras_.pick(sources) + " * 2";
    g.generated->stored = pg() || extras_.chance(50);
    t.columns.push_back(g);
  }

  void add_unique(TableSpec& t) {
    if (!rng_.chance(35)) return;
    auto candidates = columns_where(t, comparable);
    if (candidates.empty()) return;
    const ColumnSpec* c = rng_.pick(candidates);
    if (rng_.chance(25)) {
      for (ColumnSpec& col : t.columns)
        if (col.name == c->name && !col.primary_key) col.unique = true;
      return;
    }
    UniqueSpec u;
    u.name = constraint_name("uq_");
    u.columns = {c->name};
    const ColumnSpec* d = rng_.pick(candidates);
    if (d != c && rng_.chance(40)) u.columns.push_back(d->name);
    if (pg() && extras_.chance(25)) u.nulls_not_distinct = true;
    if (pg() && extras_.chance(25))
      if (auto other = other_column(t, u.columns)) u.include.push_back(*other);
    for (const UniqueSpec& x : t.unique)
      if (x.columns == u.columns) return;
    t.unique.push_back(u);
  }

  void add_check(TableSpec& t) {
    if (!rng_.chance(45)) return;
    std::vector<std::string> exprs;
    for (const ColumnSpec& c : t.columns) {
      if (numeric(c.type)) {
        exprs.push_back(c.name + " >= 0");
        exprs.push_back(c.name + " BETWEEN -10 AND 1000");
        exprs.push_back("(" + c.name + " > -5) OR (" + c.name + " IS NULL)");
      }
      if (textual(c.type)) {
        exprs.push_back("length(" + c.name + ") > 0");
        exprs.push_back(c.name + " IN ('x1', 'x2', 'it''s')");
        exprs.push_back(c.name + " <> ''");
        exprs.push_back(c.name + " LIKE 'x%'");
      }
    }
    if (exprs.empty()) return;
    CheckSpec ck;
    ck.name = constraint_name("ck_");
    ck.expression.common = rng_.pick(exprs);
    for (const CheckSpec& x : t.checks)
      if (x.expression == ck.expression) return;
    t.checks.push_back(ck);
  }

  void add_index(TableSpec& t) {
    auto candidates = columns_where(t, comparable);
    if (candidates.empty()) return;
    IndexSpec ix;
    ix.name = fresh("ix_" + t.name + "_");
    const ColumnSpec* c = rng_.pick(candidates);
    size_t shape = rng_.below(6);
    if (shape == 0 && textual(c->type)) {
      ix.columns.push_back(IndexColumn{"", "lower(" + c->name + ")"});
    } else if (shape == 1 && numeric(c->type)) {
      ix.columns.push_back(IndexColumn{"", "(" + c->name + " + 1)"});
    } else {
      ix.columns.push_back(IndexColumn{c->name, ""});
      const ColumnSpec* d = rng_.pick(candidates);
      if (d != c && rng_.chance(40)) ix.columns.push_back(IndexColumn{d->name, ""});
    }
    if (shape == 2) ix.where = c->name + " IS NOT NULL";
    if (shape == 3 && numeric(c->type)) ix.where = c->name + " > 0";
    if (dialect_ == Dialect::postgresql && shape == 4 && ix.columns.size() == 1 &&
        ix.columns[0].expression.empty())
      ix.using_ = "hash";
    else
      ix.unique = rng_.chance(25);
    if (ix.using_.empty()) {
      for (IndexColumn& col : ix.columns) {
        if (extras_.chance(30)) col.descending = true;
        // SQLite sorts NULLs as the smallest value and cannot say otherwise.
        if (pg() && extras_.chance(25))
          col.nulls = extras_.chance(50) ? NullsOrder::first : NullsOrder::last;
        const ColumnSpec* column = col.name.empty() ? nullptr : t.find_column(col.name);
        if (pg() && column && textual(column->type) && extras_.chance(50))
          col.opclass = "text_pattern_ops";
      }
      std::vector<std::string> keyed;
      for (const IndexColumn& col : ix.columns)
        if (!col.name.empty()) keyed.push_back(col.name);
      if (pg() && extras_.chance(25))
        if (auto other = other_column(t, keyed)) ix.include.push_back(*other);
      if (pg() && ix.unique && extras_.chance(30)) ix.nulls_not_distinct = true;
    }
    t.indexes.push_back(ix);
  }

  // --- changes ---

  bool in_key(const TableSpec& t, const std::string& column) const {
    std::vector<std::string> pk = t.primary_key_columns();
    return std::find(pk.begin(), pk.end(), column) != pk.end();
  }
  bool in_foreign_key(const Schema& s, const TableSpec& t, const std::string& column) const {
    for (const ForeignKeySpec& fk : t.foreign_keys)
      if (std::find(fk.columns.begin(), fk.columns.end(), column) != fk.columns.end()) return true;
    for (const TableSpec& other : s.tables)
      for (const ForeignKeySpec& fk : other.foreign_keys)
        if (fk.ref_table == t.name &&
            std::find(fk.ref_columns.begin(), fk.ref_columns.end(), column) != fk.ref_columns.end())
          return true;
    return false;
  }
  bool referenced(const Schema& s, const TableSpec& t) const {
    for (const TableSpec& other : s.tables)
      if (other.name != t.name)
        for (const ForeignKeySpec& fk : other.foreign_keys)
          if (fk.ref_table == t.name) return true;
    return false;
  }

  // Whether a generated column of `t` is computed from `column`.
  static bool feeds_generated(const TableSpec& t, const std::string& column) {
    for (const ColumnSpec& c : t.columns)
      if (c.generated &&
          sql_mentions_identifier(c.generated->expression.common.value_or(""), column))
        return true;
    return false;
  }

  // Columns that only data columns are: not in a key, not in a foreign key either way, not
  // generated nor computed from by a generated column.
  std::vector<ColumnSpec*> plain_columns(const Schema& s, TableSpec& t) {
    std::vector<ColumnSpec*> out;
    for (ColumnSpec& c : t.columns)
      if (!in_key(t, c.name) && !in_foreign_key(s, t, c.name) && !c.generated &&
          !feeds_generated(t, c.name))
        out.push_back(&c);
    return out;
  }

  void drop_column(TableSpec& t, const std::string& name) {
    auto mentions = [&](const std::string& sql) { return sql_mentions_identifier(sql, name); };
    std::erase_if(t.columns, [&](const ColumnSpec& c) { return c.name == name; });
    auto has = [&](const std::vector<std::string>& names) {
      return std::find(names.begin(), names.end(), name) != names.end();
    };
    std::erase_if(t.unique, [&](const UniqueSpec& u) { return has(u.columns) || has(u.include); });
    std::erase_if(t.checks,
                  [&](const CheckSpec& c) { return mentions(c.expression.common.value_or("")); });
    std::erase_if(t.indexes, [&](const IndexSpec& ix) {
      if (has(ix.include)) return true;
      for (const IndexColumn& c : ix.columns)
        if (c.name == name || (!c.expression.empty() && mentions(c.expression))) return true;
      return mentions(ix.where);
    });
  }

  void mutate_once(Schema& s) {
    if (s.tables.empty()) {
      s.tables.push_back(new_table(s));
      changes_.push_back("add table " + s.tables.back().name);
      return;
    }
    TableSpec& t = s.tables[rng_.below(s.tables.size())];
    std::vector<ColumnSpec*> plain = plain_columns(s, t);
    switch (rng_.below(15)) {
      case 0: {
        ColumnSpec c = new_column(s);
        changes_.push_back("add column " + t.name + "." + c.name);
        t.columns.push_back(c);
        size_t columns = t.columns.size();
        add_generated_column(t);
        if (t.columns.size() > columns)
          changes_.push_back("add generated column " + t.name + "." + t.columns.back().name);
        return;
      }
      case 1:
        if (plain.empty() || t.columns.size() < 2) return;
        {
          std::string name = plain[rng_.below(plain.size())]->name;
          changes_.push_back("drop column " + t.name + "." + name);
          drop_column(t, name);
        }
        return;
      case 2: {  // a type change the data survives
        for (ColumnSpec* c : plain) {
          Type& ty = c->type;
          bool changed = true;
          if (ty.kind == K::integer || ty.kind == K::smallint)
            ty.kind = K::bigint;
          else if (ty.kind == K::string && ty.length)
            *ty.length += 20;
          else if (ty.kind == K::string && !c->unique)
            ty.kind = K::text;
          else if (ty.kind == K::numeric)
            ty.precision = *ty.precision + 2;
          else if (ty.kind == K::float_)
            ty.kind = K::double_;
          else
            changed = false;
          if (changed) {
            changes_.push_back("alter type " + t.name + "." + c->name);
            return;
          }
        }
        return;
      }
      case 3:
        if (plain.empty()) return;
        {
          ColumnSpec* c = rng_.pick(plain);
          c->nullable = !c->nullable;
          changes_.push_back("toggle nullable " + t.name + "." + c->name);
        }
        return;
      case 4:
        if (plain.empty()) return;
        {
          ColumnSpec* c = rng_.pick(plain);
          c->server_default = c->server_default ? std::nullopt : random_default(c->type);
          changes_.push_back("toggle default " + t.name + "." + c->name);
        }
        return;
      case 5:
        if (plain.empty()) return;
        {
          ColumnSpec* c = rng_.pick(plain);
          c->comment = c->comment ? std::nullopt : std::optional<std::string>("new " + c->name);
          t.comment = t.comment ? std::nullopt : std::optional<std::string>("now " + t.name);
          changes_.push_back("toggle comments " + t.name);
        }
        return;
      case 6:
        add_index(t);
        changes_.push_back("add index on " + t.name);
        return;
      case 7:
        if (t.indexes.empty()) return;
        if (rng_.chance(50)) {
          changes_.push_back("drop index " + t.indexes.back().name);
          t.indexes.pop_back();
        } else if (t.indexes.front().using_.empty()) {
          t.indexes.front().unique = !t.indexes.front().unique;
          if (!t.indexes.front().unique) t.indexes.front().nulls_not_distinct = false;
          changes_.push_back("toggle unique index " + t.indexes.front().name);
        }
        return;
      case 8:
        if (!t.unique.empty() && rng_.chance(50)) {
          changes_.push_back("drop unique " + t.unique.front().name);
          t.unique.erase(t.unique.begin());
        } else {
          add_unique(t);
          changes_.push_back("add unique on " + t.name);
        }
        return;
      case 9:
        if (!t.checks.empty() && rng_.chance(50)) {
          changes_.push_back("drop check " + t.checks.back().name);
          t.checks.pop_back();
        } else {
          add_check(t);
          changes_.push_back("add check on " + t.name);
        }
        return;
      case 10:
        if (!t.foreign_keys.empty()) {
          ForeignKeySpec& fk = t.foreign_keys.front();
          if (rng_.chance(40)) {
            changes_.push_back("drop foreign key on " + t.name);
            t.foreign_keys.erase(t.foreign_keys.begin());
          } else {
            fk.on_delete = fk.on_delete == "CASCADE" ? "RESTRICT" : "CASCADE";
            changes_.push_back("change foreign key action on " + t.name);
          }
        } else {
          TableSpec ref = s.tables[rng_.below(s.tables.size())];
          add_foreign_key_columns(t, ref);
          changes_.push_back("add foreign key " + t.name + " -> " + ref.name);
        }
        return;
      case 11: {
        TableSpec fresh_table = new_table(s);
        // Sometimes an existing table refers back to the new one: a cycle.
        changes_.push_back("add table " + fresh_table.name);
        size_t at = rng_.below(s.tables.size());
        s.tables.push_back(fresh_table);
        if (rng_.chance(40)) {
          TableSpec copy = s.tables.back();
          add_foreign_key_columns(s.tables[at], copy);
          changes_.push_back("add foreign key " + s.tables[at].name + " -> " + copy.name);
        }
        return;
      }
      case 12: {
        if (referenced(s, t) || s.tables.size() < 2) return;
        std::string name = t.name;
        changes_.push_back("drop table " + name);
        std::erase_if(s.tables, [&](const TableSpec& x) { return x.name == name; });
        return;
      }
      case 13:  // rename or unname the primary key (foreign keys may depend on it)
        if (t.primary_key_columns().empty()) return;
        if (!t.primary_key) t.primary_key = PrimaryKeySpec{"", t.primary_key_columns()};
        t.primary_key->name = t.primary_key->name.empty() ? fresh("pk_") : "";
        changes_.push_back("rename primary key of " + t.name);
        return;
      case 14:
        if (s.enums.empty() || rng_.chance(30)) {
          s.enums.push_back(new_enum());
          ColumnSpec c;
          c.name = fresh("c");
          c.type = type_of(K::enum_);
          c.type.enum_name = s.enums.back().name;
          c.type.enum_values = s.enums.back().values;
          t.columns.push_back(c);
          changes_.push_back("add enum " + c.type.enum_name + " and " + t.name + "." + c.name);
        } else {
          EnumSpec& e = s.enums[rng_.below(s.enums.size())];
          std::string value = fresh("w");
          e.values.insert(e.values.begin() + static_cast<long>(rng_.below(e.values.size() + 1)),
                          value);
          for (TableSpec& x : s.tables)
            for (ColumnSpec& c : x.columns)
              if (c.type.kind == K::enum_ && c.type.enum_name == e.name)
                c.type.enum_values = e.values;
          added_enum_values_ = true;
          changes_.push_back("add value " + value + " to enum " + e.name);
        }
        return;
    }
  }

  Rng rng_;
  Rng extras_;  // the features added later (see the file comment)
  Dialect dialect_;
  int counter_ = 0;
  std::vector<std::string> changes_;
  bool added_enum_values_ = false;
};

}  // namespace retort::testing
