// How the differ works (the why; the what is in schema_diff.hpp):
//
// Both schemas are brought to one canonical form (normalize_schema, then, for every SQL text,
// canonical_expression — or, when both sides are in the database's own form
// (DiffOptions::Expressions::stored), the tokens as they are), so that comparing is plain
// equality. The ops, though, are built from the original specs (the model as the user wrote it,
// the database as reflected): a model's per-dialect default or custom type, or its check text
// with casts, must reach the written file as written, not in comparison form — also when what
// is compared is the model as the server stores it (DiffOptions::model_stored).
//
// Names are settled once, before planning ("resolution"): an unnamed model constraint that
// matches a database constraint takes that constraint's name; one that matches nothing, in a
// table both sides have, gets the name PostgreSQL would choose. After that every constraint is
// matched by name, except unnamed ones on both sides (SQLite keeps constraints unnamed), which
// match by definition. The same resolved model serves both directions, so the downgrade drops
// exactly what the upgrade created.
//
// The downgrade is planned by running the same planner with the sides swapped. Each phase of the
// plan only needs what earlier phases did (foreign keys go before the keys and tables they
// depend on; columns come before the constraints that use them), and the phases are the same in
// both directions, so both plans are safe.
#include "diff/schema_diff.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "base/name_glob.hpp"
#include "base/strings.hpp"
#include "dialect/dialect.hpp"
#include "diff/constraint_names.hpp"
#include "diff/diff_text.hpp"
#include "diff/normalize.hpp"
#include "diff/object_diff.hpp"
#include "diff/table_order.hpp"
#include "sql/canonical_expression.hpp"
#include "sql/lexer.hpp"

namespace retort {

namespace {

using K = Type::Kind;

std::string join_key(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) {
    out += p;
    out += '\x1f';
  }
  return out;
}

Op make_op(OpBody body) {
  Op op;
  op.body = std::move(body);
  return op;
}

// --- the canonical form ----------------------------------------------------------------------

// A default in comparison form: SQL text canonical, and a number when that is what it is.
void canonicalize_default(std::optional<DefaultValue>& value, Dialect dialect) {
  if (!value || value->kind != DefaultValue::Kind::sql || !value->sql.common) return;
  std::string text = canonical_expression(*value->sql.common, dialect);
  std::vector<SqlToken> tokens = tokenize_sql(text, dialect == Dialect::sqlite);
  bool number = tokens.size() == 1 && tokens[0].kind == SqlToken::Kind::number;
  if (number ||
      (tokens.size() == 2 && tokens[0].is("-") && tokens[1].kind == SqlToken::Kind::number)) {
    std::string n = text;
    n.erase(std::remove(n.begin(), n.end(), ' '), n.end());
    value->kind = DefaultValue::Kind::number;
    value->number = n;
    value->sql = SqlText{};
    return;
  }
  value->sql.common = text;
}

// A PostgreSQL custom type's text with the server's aliases resolved (varchar = character
// varying, timestamptz = timestamp with time zone, timestamp(3) = timestamp(3) without time
// zone, int4 = integer, …), lower case, one space between words.
std::string custom_type_key(const Type& type, Dialect dialect) {
  const std::string* text = type.custom_sql.for_dialect(dialect);
  if (!text) return "";
  std::vector<SqlToken> tokens = tokenize_sql(*text, dialect == Dialect::sqlite);
  if (dialect == Dialect::sqlite) {
    std::string out;
    for (const SqlToken& t : tokens) out += (out.empty() ? "" : " ") + lower(t.text);
    return out;
  }
  static const std::unordered_map<std::string, std::string> kAliases = {
      {"int", "integer"},
      {"int4", "integer"},
      {"int8", "bigint"},
      {"int2", "smallint"},
      {"bool", "boolean"},
      {"float8", "double precision"},
      {"float4", "real"},
      {"varchar", "character varying"},
      {"char", "character"},
      {"bpchar", "character"},
      {"decimal", "numeric"},
      {"timestamptz", "timestamp with time zone"},
      {"timetz", "time with time zone"},
  };
  std::vector<std::string> words;
  for (const SqlToken& t : tokens) {
    std::string w = lower(t.text);
    auto alias = kAliases.find(w);
    words.push_back(alias == kAliases.end() ? w : alias->second);
  }
  // timestamp / time without a zone clause is WITHOUT TIME ZONE: insert it after the modifier.
  if (!words.empty() && (words[0].starts_with("timestamp") || words[0].starts_with("time")) &&
      std::find(words.begin(), words.end(), "with") == words.end() &&
      std::find(words.begin(), words.end(), "without") == words.end() &&
      words[0].find(' ') == std::string::npos) {
    size_t at = 1;
    if (at < words.size() && words[at] == "(") {
      while (at < words.size() && words[at] != ")") ++at;
      if (at < words.size()) ++at;
    }
    words.insert(words.begin() + static_cast<long>(at), "without time zone");
  }
  std::string out;
  for (const std::string& w : words) {
    bool glue = w == "(" || w == ")" || w == "," || w == "[" || w == "]" ||
                (!out.empty() && (out.back() == '(' || out.back() == '['));
    if (!out.empty() && !glue) out += ' ';
    if (w == ",")
      out += ", ";
    else
      out += w;
  }
  return out;
}

bool same_type(const Type& a, const Type& b, Dialect dialect) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case K::string:
      return a.length == b.length;
    case K::numeric:
      // NUMERIC(10) is NUMERIC(10,0).
      return a.precision == b.precision &&
             (!a.precision || a.scale.value_or(0) == b.scale.value_or(0));
    case K::datetime:
      return a.timezone == b.timezone;
    case K::enum_:
      // On PostgreSQL the values belong to the enum type, compared on their own.
      return a.enum_name == b.enum_name &&
             (dialect == Dialect::postgresql || a.enum_values == b.enum_values);
    case K::custom:
      return custom_type_key(a, dialect) == custom_type_key(b, dialect);
    default:
      return true;
  }
}

bool same_default(const std::optional<DefaultValue>& a, const std::optional<DefaultValue>& b) {
  if (!a || !b) return !a && !b;
  if (a->kind != b->kind) return false;
  switch (a->kind) {
    case DefaultValue::Kind::number: {
      if (a->number == b->number) return true;
      char* end_a = nullptr;
      char* end_b = nullptr;
      double x = std::strtod(a->number.c_str(), &end_a);
      double y = std::strtod(b->number.c_str(), &end_b);
      return *end_a == '\0' && *end_b == '\0' && x == y;
    }
    case DefaultValue::Kind::boolean:
      return a->boolean == b->boolean;
    case DefaultValue::Kind::now:
    case DefaultValue::Kind::uuid:
      return true;
    case DefaultValue::Kind::sql:
      return a->sql == b->sql;
  }
  return false;
}

std::optional<std::string> comment_of(const std::optional<std::string>& c) {
  if (c && c->empty()) return std::nullopt;  // COMMENT … IS '' removes a comment
  return c;
}

std::string unique_key(const UniqueSpec& u) {
  return join_key(u.columns) + '\x1e' + join_key(u.include) + '\x1e' +
         (u.nulls_not_distinct ? "n" : "");
}

std::string fk_key(const ForeignKeySpec& fk) {
  return join_key(fk.columns) + '\x1e' + fk.ref_table + '\x1e' + join_key(fk.ref_columns) + '\x1e' +
         fk.on_delete + '\x1e' + fk.on_update;
}

std::string check_key(const CheckSpec& c) {
  return c.expression.common.value_or("");
}

std::string index_key(const IndexSpec& ix) {
  std::string out;
  for (const IndexColumn& c : ix.columns)
    out += (c.expression.empty() ? "c:" + c.name : "e:" + c.expression) + '\x1d' +
           (c.descending ? "d" : "a") + static_cast<char>('0' + static_cast<int>(c.nulls)) +
           c.opclass + '\x1f';
  return out + '\x1e' + (ix.unique ? "u" : "") + '\x1e' + ix.where + '\x1e' + ix.using_ + '\x1e' +
         join_key(ix.include) + '\x1e' + (ix.nulls_not_distinct ? "n" : "");
}

// --- one side of the comparison --------------------------------------------------------------

// The text an expression compares as (see DiffOptions::expressions); normalize_schema has
// already applied normalize_sql with the same `keep_casts`.
std::string compared_expression(std::string_view normalized, Dialect dialect,
                                const DiffOptions& options) {
  if (options.expressions == DiffOptions::Expressions::stored) return std::string(normalized);
  return canonical_expression(normalized, dialect);
}

struct Side {
  Schema normal;  // canonical form; on the model side, with names resolved
  std::unordered_map<std::string, size_t> normal_index;
  std::unordered_map<std::string, const TableSpec*> originals;  // into the caller's schema
  // The original text of each unnamed check, by table and compared expression (join_key): how
  // the op of a check that resolution named finds the text its side wrote.
  std::unordered_map<std::string, SqlText> check_texts;

  const TableSpec* table(const std::string& name) const {
    auto it = normal_index.find(name);
    return it == normal_index.end() ? nullptr : &normal.tables[it->second];
  }
  const TableSpec* original(const std::string& name) const {
    auto it = originals.find(name);
    return it == originals.end() ? nullptr : it->second;
  }
  const EnumSpec* enum_type(const std::string& name) const {
    for (const EnumSpec& e : normal.enums)
      if (e.name == name) return &e;
    return nullptr;
  }
  const SqlText* check_text(const std::string& table, const std::string& compared) const {
    auto it = check_texts.find(join_key({table, compared}));
    return it == check_texts.end() ? nullptr : &it->second;
  }
};

// One side: `schema` is compared, `written` (the same schema as its author wrote it, table for
// table and check for check; usually the same object) is what ops are made from.
Side make_side(const Schema& schema, const Schema& written, Dialect dialect,
               const DiffOptions& options) {
  const bool keep_casts = options.expressions == DiffOptions::Expressions::stored;
  auto excluded = [&](const std::string& name) {
    return std::find(options.exclude_tables.begin(), options.exclude_tables.end(), name) !=
               options.exclude_tables.end() ||
           excluded_by(options.exclude_patterns, name);
  };
  Side side;
  side.originals.reserve(written.tables.size());
  for (size_t ti = 0; ti < written.tables.size(); ++ti) {
    const TableSpec& t = written.tables[ti];
    if (excluded(t.name)) continue;
    side.originals.emplace(t.name, &t);
    const TableSpec* compared = ti < schema.tables.size() && schema.tables[ti].name == t.name
                                    ? &schema.tables[ti]
                                    : schema.find_table(t.name);
    if (!compared) continue;
    for (size_t i = 0; i < t.checks.size() && i < compared->checks.size(); ++i) {
      if (!t.checks[i].name.empty()) continue;  // found by name
      const std::string* text = compared->checks[i].expression.for_dialect(dialect);
      if (!text) continue;
      std::string key =
          compared_expression(normalize_sql(*text, dialect, keep_casts), dialect, options);
      side.check_texts.emplace(join_key({t.name, key}), t.checks[i].expression);
    }
  }
  bool any_excluded = false;
  for (const TableSpec& t : schema.tables)
    if (excluded(t.name)) any_excluded = true;
  if (any_excluded) {
    Schema kept;
    kept.enums = schema.enums;
    for (const TableSpec& t : schema.tables)
      if (!excluded(t.name)) kept.tables.push_back(t);
    side.normal = normalize_schema(kept, dialect, keep_casts);
  } else {
    side.normal = normalize_schema(schema, dialect, keep_casts);  // no copy of a large schema
  }
  for (TableSpec& t : side.normal.tables) {
    for (CheckSpec& c : t.checks)
      if (c.expression.common)
        c.expression.common = compared_expression(*c.expression.common, dialect, options);
    for (IndexSpec& ix : t.indexes) {
      for (IndexColumn& c : ix.columns)
        if (!c.expression.empty())
          c.expression = compared_expression(c.expression, dialect, options);
      if (!ix.where.empty()) ix.where = compared_expression(ix.where, dialect, options);
    }
    for (ColumnSpec& c : t.columns) {
      if (c.generated && c.generated->expression.common)
        c.generated->expression.common =
            compared_expression(*c.generated->expression.common, dialect, options);
      if (!keep_casts) canonicalize_default(c.server_default, dialect);
      c.comment = comment_of(c.comment);
    }
    t.comment = comment_of(t.comment);
    // A unique constraint on exactly the primary key's columns is redundant, and the databases
    // do not keep it (PostgreSQL folds it into the key in CREATE TABLE, SQLite makes no index
    // for it): it is not compared.
    if (t.primary_key)
      std::erase_if(t.unique,
                    [&](const UniqueSpec& u) { return u.columns == t.primary_key->columns; });
    // Likewise one of two unique constraints on the same columns (`unique: true` on a column and
    // the same constraint in `unique:`): the first named one is kept.
    std::stable_sort(
        t.unique.begin(), t.unique.end(),
        [](const UniqueSpec& a, const UniqueSpec& b) { return !a.name.empty() && b.name.empty(); });
    for (size_t i = 0; i < t.unique.size(); ++i)
      for (size_t j = t.unique.size(); j-- > i + 1;)
        if (t.unique[j].columns == t.unique[i].columns)
          t.unique.erase(t.unique.begin() + static_cast<long>(j));
  }
  if (dialect == Dialect::postgresql) {
    // An enum type a column uses is part of the schema even when `enums:` does not list it.
    for (const TableSpec& t : side.normal.tables)
      for (const ColumnSpec& c : t.columns)
        if (c.type.kind == K::enum_ && !side.enum_type(c.type.enum_name))
          side.normal.enums.push_back(EnumSpec{c.type.enum_name, c.type.enum_values, {}});
    std::sort(side.normal.enums.begin(), side.normal.enums.end(),
              [](const EnumSpec& a, const EnumSpec& b) { return a.name < b.name; });
  }
  side.normal_index.reserve(side.normal.tables.size());
  for (size_t i = 0; i < side.normal.tables.size(); ++i)
    side.normal_index.emplace(side.normal.tables[i].name, i);
  return side;
}

// The column a check names when it names exactly one column of its table (PostgreSQL's
// t_<col>_check), else none (t_check).
std::vector<std::string> check_name_columns(const TableSpec& table, const CheckSpec& check,
                                            Dialect dialect) {
  std::vector<std::string> found;
  const std::string text = check.expression.common.value_or("");
  for (const SqlToken& t : tokenize_sql(text, dialect == Dialect::sqlite)) {
    if (!t.is_name()) continue;
    std::string name = t.identifier();
    if (table.find_column(name) && std::find(found.begin(), found.end(), name) == found.end())
      found.push_back(name);
  }
  if (found.size() != 1) found.clear();
  return found;
}

// Model constraints take the names they have (or will have) in the database; see the file
// comment. `fresh` names an unnamed model constraint that matches nothing.
template <typename T, typename KeyFn, typename FreshFn>
void adopt_names(const std::vector<T>& db, std::vector<T>& model, KeyFn key, ConstraintNames& names,
                 FreshFn fresh) {
  std::vector<bool> used(db.size(), false);
  std::vector<bool> done(model.size(), false);
  for (size_t m = 0; m < model.size(); ++m) {
    if (model[m].name.empty()) continue;
    for (size_t d = 0; d < db.size(); ++d) {
      if (!used[d] && db[d].name == model[m].name) {
        used[d] = done[m] = true;
        break;
      }
    }
  }
  // Unnamed model constraints: an unnamed database one with the same definition first (so that
  // both stay unnamed and keep matching), then a named one.
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t m = 0; m < model.size(); ++m) {
      if (done[m] || !model[m].name.empty()) continue;
      std::string k = key(model[m]);
      for (size_t d = 0; d < db.size(); ++d) {
        if (used[d] || db[d].name.empty() != (pass == 0) || key(db[d]) != k) continue;
        used[d] = done[m] = true;
        model[m].name = db[d].name;
        break;
      }
    }
  }
  // A database constraint that matches nothing is dropped before anything is created, so its
  // name is free for a new one: a changed unnamed constraint keeps the name the database gave it
  // (and shows as changed rather than as removed and added).
  for (size_t d = 0; d < db.size(); ++d)
    if (!used[d]) names.release(db[d].name);
  for (size_t m = 0; m < model.size(); ++m)
    if (!done[m] && model[m].name.empty()) model[m].name = fresh(model[m]);
}

void resolve_names(const Side& db, Side& model, Dialect dialect) {
  ConstraintNames names;
  for (const Side* side : {&db, static_cast<const Side*>(&model)}) {
    for (const TableSpec& t : side->normal.tables) {
      names.take(t.name);
      if (t.primary_key) names.take(t.primary_key->name);
      for (const auto& x : t.unique) names.take(x.name);
      for (const auto& x : t.foreign_keys) names.take(x.name);
      for (const auto& x : t.checks) names.take(x.name);
      for (const auto& x : t.indexes) names.take(x.name);
    }
  }
  for (TableSpec& mt : model.normal.tables) {
    const TableSpec* dt = db.table(mt.name);
    if (!dt) continue;
    // A table has one primary key: an unnamed model key takes the database key's name even when
    // the columns differ (that key is dropped before the new one is made).
    if (mt.primary_key && mt.primary_key->name.empty()) {
      if (dt->primary_key)
        mt.primary_key->name = dt->primary_key->name;
      else
        mt.primary_key->name = names.allocate(mt.name, {}, "pkey");
    }
    adopt_names(dt->unique, mt.unique, unique_key, names,
                [&](const UniqueSpec& u) { return names.allocate(mt.name, u.columns, "key"); });
    adopt_names(dt->foreign_keys, mt.foreign_keys, fk_key, names, [&](const ForeignKeySpec& fk) {
      return names.allocate(mt.name, fk.columns, "fkey");
    });
    adopt_names(dt->checks, mt.checks, check_key, names, [&](const CheckSpec& c) {
      return names.allocate(mt.name, check_name_columns(mt, c, dialect), "check");
    });
    auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };
    std::stable_sort(mt.unique.begin(), mt.unique.end(), by_name);
    std::stable_sort(mt.foreign_keys.begin(), mt.foreign_keys.end(), by_name);
    std::stable_sort(mt.checks.begin(), mt.checks.end(), by_name);
  }
  if (dialect == Dialect::postgresql) {
    // Foreign keys of a cycle among new tables are added by create_foreign_key after the tables:
    // the downgrade drops them by name before it drops the tables.
    std::vector<TableSpec*> created;
    for (TableSpec& mt : model.normal.tables)
      if (!db.table(mt.name)) created.push_back(&mt);
    TableOrder order =
        creation_order(std::vector<const TableSpec*>(created.begin(), created.end()));
    for (const DeferredForeignKey& d : order.deferred) {
      ForeignKeySpec& fk = created[d.table]->foreign_keys[d.foreign_key];
      if (fk.name.empty()) fk.name = names.allocate(created[d.table]->name, fk.columns, "fkey");
    }
  }
}

// Pairs items of one kind in one table after resolution: by name, and unnamed with unnamed by
// definition. Returns, for each `to` item, the index of its `from` item or -1.
template <typename T, typename KeyFn>
std::vector<int> pair_items(const std::vector<T>& from, const std::vector<T>& to, KeyFn key) {
  std::vector<int> from_of(to.size(), -1);
  std::vector<bool> used(from.size(), false);
  for (size_t t = 0; t < to.size(); ++t) {
    for (size_t f = 0; f < from.size(); ++f) {
      if (used[f] || from[f].name != to[t].name) continue;
      if (to[t].name.empty() && key(from[f]) != key(to[t])) continue;
      used[f] = true;
      from_of[t] = static_cast<int>(f);
      break;
    }
  }
  return from_of;
}

// --- planning --------------------------------------------------------------------------------

struct Phases {
  std::vector<Op> create_enums, drop_fks, drop_tables, drop_constraints, drop_columns,
      alter_columns, add_columns, create_keys, create_tables, create_constraints, create_fks,
      comments, drop_enums;

  std::vector<Op> all() {
    std::vector<Op> out;
    for (std::vector<Op>* phase :
         {&create_enums, &drop_fks, &drop_tables, &drop_constraints, &drop_columns, &alter_columns,
          &add_columns, &create_keys, &create_tables, &create_constraints, &create_fks, &comments,
          &drop_enums})
      for (Op& op : *phase) out.push_back(std::move(op));
    return out;
  }
};

// One direction: the ops that turn `from` into `to`.
class Planner {
 public:
  Planner(const Side& from, const Side& to, Dialect dialect, const DiffOptions& options,
          bool forward)
      : from_(from), to_(to), dialect_(dialect), options_(options), forward_(forward) {}

  void run() {
    plan_enums();
    // Findings follow table names; dropped and created tables are ordered separately below.
    std::vector<std::string> names;
    for (const TableSpec& t : from_.normal.tables) names.push_back(t.name);
    for (const TableSpec& t : to_.normal.tables)
      if (!from_.table(t.name)) names.push_back(t.name);
    std::sort(names.begin(), names.end());
    std::vector<const TableSpec*> dropped;
    std::vector<const TableSpec*> created;
    for (const std::string& name : names) {
      const TableSpec* f = from_.table(name);
      const TableSpec* t = to_.table(name);
      if (f && t) {
        plan_table(*f, *t);
      } else if (f) {
        dropped.push_back(f);
        finding("remove_table", name, "", "removed table " + name);
      } else {
        created.push_back(t);
        finding("add_table", name, "", "added table " + name);
      }
    }
    plan_dependent_foreign_keys();
    plan_dropped_tables(dropped);
    plan_created_tables(created);
    if (forward_ && options_.detect_renames) note_table_renames(dropped, created);
  }

  std::vector<Op> ops() { return phases_.all(); }
  std::vector<DiffFinding>& findings() { return findings_; }
  std::vector<std::string>& notes() { return notes_; }

 private:
  bool pg() const { return dialect_ == Dialect::postgresql; }

  void finding(std::string code, std::string table, std::string object, std::string message) {
    findings_.push_back(
        DiffFinding{std::move(code), std::move(table), std::move(object), std::move(message)});
  }

  static std::string shown(const std::string& name) { return name.empty() ? "(unnamed)" : name; }

  // --- enums (PostgreSQL types; SQLite has none) ---

  void plan_enums() {
    for (const EnumSpec& t : to_.normal.enums) {
      const EnumSpec* f = from_.enum_type(t.name);
      if (!f) {
        phases_.create_enums.push_back(make_op(CreateEnum{EnumSpec{t.name, t.values, {}}}));
        std::string values;
        for (const auto& v : t.values) values += (values.empty() ? "" : ", ") + v;
        finding("add_enum", "", t.name, "added enum " + t.name + " (" + values + ")");
        continue;
      }
      if (f->values != t.values) plan_enum_values(*f, t);
    }
    for (const EnumSpec& f : from_.normal.enums) {
      if (to_.enum_type(f.name)) continue;
      phases_.drop_enums.push_back(make_op(DropEnum{f.name}));
      finding("remove_enum", "", f.name, "removed enum " + f.name);
    }
  }

  void plan_enum_values(const EnumSpec& from, const EnumSpec& to) {
    // Only additions can be made (ALTER TYPE … ADD VALUE): `from` must be `to` with values left
    // out, in the same order.
    size_t next = 0;
    for (const std::string& v : to.values)
      if (next < from.values.size() && from.values[next] == v) ++next;
    auto list = [](const std::vector<std::string>& values) {
      std::string out;
      for (const auto& v : values) out += (out.empty() ? "" : ", ") + v;
      return "(" + out + ")";
    };
    if (next != from.values.size()) {
      finding("modify_enum", "", to.name,
              "enum " + to.name + ": values " + list(from.values) + " -> " + list(to.values));
      notes_.push_back("enum " + to.name + ": values " + list(from.values) + " cannot become " +
                       list(to.values) +
                       ": PostgreSQL cannot remove or reorder enum values (write this change by "
                       "hand: create a new type, convert the columns, drop the old type)");
      return;
    }
    std::unordered_set<std::string> present(from.values.begin(), from.values.end());
    std::vector<std::string> added;
    for (size_t i = 0; i < to.values.size(); ++i) {
      const std::string& v = to.values[i];
      if (present.count(v)) continue;
      AddEnumValue op;
      op.name = to.name;
      op.value = v;
      if (i > 0) {
        op.after = to.values[i - 1];  // present: either kept or added just before
      } else {
        for (size_t j = 1; j < to.values.size(); ++j)
          if (present.count(to.values[j])) {
            op.before = to.values[j];
            break;
          }
      }
      present.insert(v);
      added.push_back(v);
      phases_.create_enums.push_back(make_op(std::move(op)));
    }
    std::string values;
    for (const auto& v : added) values += (values.empty() ? "" : ", ") + v;
    finding("add_enum_value", "", to.name, "enum " + to.name + ": added values " + values);
    if (forward_)
      notes_.push_back("enum " + to.name +
                       ": a value added by add_enum_value cannot be used in "
                       "the same transaction; if this revision uses it (a default, a check, "
                       "rows), move that to a later revision");
  }

  // --- one table both sides have ---

  void plan_table(const TableSpec& f, const TableSpec& t) {
    const TableSpec* original = to_.original(t.name);
    plan_columns(f, t, original);
    plan_primary_key(f, t);
    plan_uniques(f, t);
    plan_foreign_keys(f, t);
    plan_checks(f, t, original);
    plan_indexes(f, t, original);
    if (pg() && options_.compare_comments && f.comment != t.comment) {
      phases_.comments.push_back(make_op(SetTableComment{t.name, t.comment}));
      finding("modify_table_comment", t.name, "",
              "table " + t.name + ": comment " + comment_text(f.comment) + " -> " +
                  comment_text(t.comment));
    }
  }

  void plan_columns(const TableSpec& f, const TableSpec& t, const TableSpec* original) {
    std::vector<const ColumnSpec*> dropped;
    std::vector<const ColumnSpec*> added;
    // Both sides usually list a table's columns in the same order: look at the same position
    // first, then scan.
    auto find = [](const TableSpec* in, const std::string& name, size_t at) -> const ColumnSpec* {
      if (!in) return nullptr;
      if (at < in->columns.size() && in->columns[at].name == name) return &in->columns[at];
      return in->find_column(name);
    };
    for (size_t i = 0; i < f.columns.size(); ++i) {
      const ColumnSpec& fc = f.columns[i];
      if (find(&t, fc.name, i)) continue;
      phases_.drop_columns.push_back(make_op(DropColumn{t.name, fc.name, false}));
      finding("remove_column", t.name, fc.name, "removed column " + t.name + "." + fc.name);
      dropped.push_back(&fc);
    }
    for (size_t i = 0; i < t.columns.size(); ++i) {
      const ColumnSpec& tc = t.columns[i];
      const ColumnSpec* oc = find(original, tc.name, i);
      const ColumnSpec& source = oc ? *oc : tc;
      const ColumnSpec* fc = find(&f, tc.name, i);
      if (!fc) {
        // Keys and unique constraints are made by their own ops (named, so the downgrade can
        // drop them).
        ColumnSpec c = source;
        c.primary_key = false;
        c.unique = false;
        c.nullable = tc.nullable;
        c.autoincrement = source.autoincrement && tc.autoincrement;
        c.where = {};
        phases_.add_columns.push_back(make_op(AddColumn{t.name, std::move(c), false}));
        finding(
            "add_column", t.name, tc.name,
            "added column " + t.name + "." + tc.name + " (" + type_text(tc.type, dialect_) + ")");
        added.push_back(&tc);
        continue;
      }
      plan_column_change(t.name, *fc, tc, source);
    }
    if (forward_ && options_.detect_renames) {
      std::vector<bool> taken(added.size(), false);
      for (const ColumnSpec* d : dropped) {
        for (size_t i = 0; i < added.size(); ++i) {
          if (taken[i] || !same_type(d->type, added[i]->type, dialect_)) continue;
          taken[i] = true;
          notes_.push_back("possible rename of " + t.name + "." + d->name + " to " + t.name + "." +
                           added[i]->name +
                           ": this revision drops and adds the column (its data is lost); to "
                           "keep the data use alter_column with rename_to instead");
          break;
        }
      }
    }
  }

  void plan_column_change(const std::string& table, const ColumnSpec& fc, const ColumnSpec& tc,
                          const ColumnSpec& source) {
    const std::string where = table + "." + tc.name;
    // A SERIAL column's default is its sequence's: reflection hides it, so it is not compared.
    bool serial = pg() && (fc.autoincrement || tc.autoincrement);
    bool type_changed = options_.compare_types && !same_type(fc.type, tc.type, dialect_);
    bool null_changed = fc.nullable != tc.nullable;
    bool default_changed = options_.compare_server_defaults && !serial &&
                           !same_default(fc.server_default, tc.server_default);
    bool comment_changed = pg() && options_.compare_comments && fc.comment != tc.comment;
    // An identity or a generated expression no op can change in place (PostgreSQL before 17 has
    // no SET EXPRESSION; an identity would need ADD/DROP/SET GENERATED): reported, and noted
    // for the reviewer, with no op (docs/autogenerate.md).
    if (forward_ && fc.identity != tc.identity) {
      finding("modify_identity", table, tc.name,
              "column " + where + ": identity " + identity_text(fc.identity) + " -> " +
                  identity_text(tc.identity));
      notes_.push_back("column " + where + ": identity " + identity_text(fc.identity) + " -> " +
                       identity_text(tc.identity) +
                       ": no op changes an identity; write it by hand (execute ALTER TABLE … "
                       "ALTER COLUMN … ADD | SET | DROP IDENTITY)");
    }
    if (forward_ && fc.generated != tc.generated) {
      finding("modify_generated", table, tc.name,
              "column " + where + ": generated " + generated_text(fc.generated) + " -> " +
                  generated_text(tc.generated));
      notes_.push_back("column " + where + ": generated " + generated_text(fc.generated) + " -> " +
                       generated_text(tc.generated) +
                       ": no op changes a generated column in place; drop the column and add "
                       "it again by hand (and the indexes on it)");
    }
    if (!type_changed && !null_changed && !default_changed && !comment_changed) return;

    AlterColumn op;
    op.table = table;
    op.column = tc.name;
    if (type_changed) {
      op.type = source.type;
      if (pg()) {
        op.using_ = using_cast(fc.type, tc.type, source);
        // The old default may not cast to the new type: the renderer drops it before the type
        // change and sets the new one after.
        if (tc.server_default && !serial) op.server_default = source.server_default;
      }
      finding("modify_type", table, tc.name,
              "column " + where + ": type " + type_text(fc.type, dialect_) + " -> " +
                  type_text(tc.type, dialect_));
    }
    if (null_changed) {
      op.nullable = tc.nullable;
      finding("modify_nullable", table, tc.name,
              "column " + where + ": " + (fc.nullable ? "nullable" : "NOT NULL") + " -> " +
                  (tc.nullable ? "nullable" : "NOT NULL"));
    }
    if (default_changed) {
      op.server_default = tc.server_default ? source.server_default : std::optional<DefaultValue>();
      finding("modify_default", table, tc.name,
              "column " + where + ": server_default " + default_text(fc.server_default, dialect_) +
                  " -> " + default_text(tc.server_default, dialect_));
    }
    if (comment_changed) {
      op.comment = tc.comment;
      finding("modify_comment", table, tc.name,
              "column " + where + ": comment " + comment_text(fc.comment) + " -> " +
                  comment_text(tc.comment));
    }
    if (type_changed) type_changed_.insert(join_key({table, tc.name}));
    phases_.alter_columns.push_back(make_op(std::move(op)));
  }

  // PostgreSQL's USING for a type change that has no assignment cast (ALTER COLUMN … TYPE needs
  // one without USING): none between numeric types, to a string type, from date/timestamp to
  // timestamp, within a kind; else an explicit cast, through text for enums (text casts to and
  // from any enum).
  std::optional<std::string> using_cast(const Type& from, const Type& to,
                                        const ColumnSpec& source) const {
    auto number = [](K k) {
      return k == K::integer || k == K::bigint || k == K::smallint || k == K::numeric ||
             k == K::float_ || k == K::double_;
    };
    bool assignable =
        (number(from.kind) && number(to.kind)) || to.kind == K::string || to.kind == K::text ||
        ((from.kind == K::date || from.kind == K::datetime) && to.kind == K::datetime) ||
        (from.kind == to.kind && from.kind != K::enum_ && from.kind != K::custom);
    if (assignable) return std::nullopt;
    const SqlDialect& sql = dialect_for(Dialect::postgresql);
    std::string out = sql.quote_identifier(source.name);
    if (from.kind == K::enum_ || to.kind == K::enum_) out += "::text";
    return out + "::" + sql.render_type(source.type);
  }

  void plan_primary_key(const TableSpec& f, const TableSpec& t) {
    const auto& fp = f.primary_key;
    const auto& tp = t.primary_key;
    if (!fp && !tp) return;
    if (fp && tp && fp->name == tp->name && fp->columns == tp->columns) return;
    if (fp) {
      drop_constraint(phases_.drop_constraints, t.name, fp->name, ConstraintType::primary_key);
      dropped_keys_.insert(join_key({t.name, join_key(fp->columns)}));
    }
    if (tp) phases_.create_keys.push_back(make_op(CreatePrimaryKey{t.name, *tp}));
    if (fp && tp)
      finding("modify_primary_key", t.name, tp->name,
              "primary key of " + t.name + ": " + shown(fp->name) + " " +
                  columns_text(fp->columns) + " -> " + shown(tp->name) + " " +
                  columns_text(tp->columns));
    else if (tp)
      finding("add_primary_key", t.name, tp->name,
              "added primary key " + shown(tp->name) + " on " + t.name + " " +
                  columns_text(tp->columns));
    else
      finding("remove_primary_key", t.name, fp->name,
              "removed primary key " + shown(fp->name) + " on " + t.name + " " +
                  columns_text(fp->columns));
  }

  void drop_constraint(std::vector<Op>& phase, const std::string& table, const std::string& name,
                       ConstraintType type) {
    phase.push_back(make_op(DropConstraint{name, table, type}));
  }

  // The plan for one kind of constraint in one table: drops, creates and findings. `what` names
  // the kind in messages; `text` describes an item; `create` makes its op.
  template <typename T, typename KeyFn, typename TextFn, typename CreateFn>
  void plan_constraints(const std::string& table, const std::vector<T>& from,
                        const std::vector<T>& to, KeyFn key, ConstraintType type,
                        const std::string& code, const std::string& what, TextFn text,
                        std::vector<Op>& drop_phase, std::vector<Op>& create_phase,
                        CreateFn create) {
    std::vector<int> from_of = pair_items(from, to, key);
    std::vector<int> to_of(from.size(), -1);
    for (size_t t = 0; t < to.size(); ++t)
      if (from_of[t] >= 0) to_of[static_cast<size_t>(from_of[t])] = static_cast<int>(t);

    bool drop_unnamed = false;
    for (size_t f = 0; f < from.size(); ++f) {
      int t = to_of[f];
      if (t >= 0 && key(from[f]) == key(to[static_cast<size_t>(t)])) continue;
      if (t >= 0) {
        finding("modify_" + code, table, from[f].name,
                what + " " + shown(from[f].name) + " on " + table + ": " + text(from[f]) + " -> " +
                    text(to[static_cast<size_t>(t)]));
      } else {
        finding(
            "remove_" + code, table, from[f].name,
            "removed " + what + " " + shown(from[f].name) + " on " + table + " " + text(from[f]));
      }
      on_drop(table, from[f]);
      if (from[f].name.empty())
        drop_unnamed = true;
      else
        drop_constraint(drop_phase, table, from[f].name, type);
    }
    for (size_t t = 0; t < to.size(); ++t) {
      int f = from_of[t];
      if (f >= 0 && key(from[static_cast<size_t>(f)]) == key(to[t])) continue;
      if (f < 0)
        finding("add_" + code, table, to[t].name,
                "added " + what + " " + shown(to[t].name) + " on " + table + " " + text(to[t]));
      create_phase.push_back(create(to[t]));
    }
    if (!drop_unnamed) return;
    if (pg()) {
      notes_.push_back("cannot drop an unnamed " + what + " on " + table +
                       ": PostgreSQL names every constraint (reflect the database again)");
      return;
    }
    // SQLite: drop_constraint with an empty name rebuilds the table without any unnamed
    // constraint of that type; the unnamed ones that stay are added back.
    drop_constraint(drop_phase, table, "", type);
    if (type == ConstraintType::foreign_key) unnamed_fks_dropped_.insert(table);
    for (size_t t = 0; t < to.size(); ++t)
      if (to[t].name.empty() && from_of[t] >= 0) create_phase.push_back(create(to[t]));
  }

  // A dropped unique constraint is a key that foreign keys may depend on.
  void on_drop(const std::string& table, const UniqueSpec& u) {
    dropped_keys_.insert(join_key({table, join_key(u.columns)}));
  }
  void on_drop(const std::string&, const ForeignKeySpec&) {}
  void on_drop(const std::string&, const CheckSpec&) {}

  void plan_uniques(const TableSpec& f, const TableSpec& t) {
    plan_constraints(
        t.name, f.unique, t.unique, unique_key, ConstraintType::unique, "unique",
        "unique constraint", [](const UniqueSpec& u) { return unique_text(u); },
        phases_.drop_constraints, phases_.create_keys,
        [&](const UniqueSpec& u) {
          return make_op(CreateUniqueConstraint{t.name, u});
        });
  }

  void plan_foreign_keys(const TableSpec& f, const TableSpec& t) {
    plan_constraints(
        t.name, f.foreign_keys, t.foreign_keys, fk_key, ConstraintType::foreign_key, "foreign_key",
        "foreign key", [](const ForeignKeySpec& fk) { return foreign_key_text(fk); },
        phases_.drop_fks, phases_.create_fks,
        [&](const ForeignKeySpec& fk) {
          return make_op(CreateForeignKey{t.name, fk});
        });
    // Foreign keys that stay, for plan_dependent_foreign_keys.
    std::vector<int> from_of = pair_items(f.foreign_keys, t.foreign_keys, fk_key);
    for (size_t i = 0; i < t.foreign_keys.size(); ++i) {
      if (from_of[i] < 0) continue;
      const ForeignKeySpec& ffk = f.foreign_keys[static_cast<size_t>(from_of[i])];
      if (fk_key(ffk) == fk_key(t.foreign_keys[i]))
        kept_fks_.push_back(KeptForeignKey{t.name, &ffk, &t.foreign_keys[i]});
    }
  }

  void plan_checks(const TableSpec& f, const TableSpec& t, const TableSpec* original) {
    plan_constraints(
        t.name, f.checks, t.checks, check_key, ConstraintType::check, "check", "check constraint",
        [](const CheckSpec& c) { return c.expression.common.value_or(""); },
        phases_.drop_constraints, phases_.create_constraints,
        [&](const CheckSpec& c) {
          CheckSpec out;
          out.name = c.name;
          out.expression = original_check_text(t.name, original, c);
          return make_op(CreateCheckConstraint{t.name, std::move(out)});
        });
  }

  // The check's text as the side's original spec wrote it (with its casts and per-dialect forms),
  // found by name or, for one the model left unnamed, by its canonical expression.
  SqlText original_check_text(const std::string& table, const TableSpec* original,
                              const CheckSpec& normal) const {
    if (original)
      for (const CheckSpec& c : original->checks)
        if (!c.name.empty() && c.name == normal.name) return c.expression;
    if (const SqlText* text = to_.check_text(table, normal.expression.common.value_or("")))
      return *text;
    return normal.expression;
  }

  void plan_indexes(const TableSpec& f, const TableSpec& t, const TableSpec* original) {
    auto find = [](const TableSpec& in, const std::string& name) -> const IndexSpec* {
      for (const IndexSpec& ix : in.indexes)
        if (ix.name == name) return &ix;
      return nullptr;
    };
    for (const IndexSpec& fi : f.indexes) {
      const IndexSpec* ti = find(t, fi.name);
      if (ti && index_key(*ti) == index_key(fi)) continue;
      phases_.drop_constraints.push_back(make_op(DropIndex{fi.name, t.name, false, false}));
      if (fi.unique && fi.where.empty() &&
          std::all_of(fi.columns.begin(), fi.columns.end(),
                      [](const IndexColumn& c) { return c.expression.empty(); })) {
        std::vector<std::string> columns;
        for (const IndexColumn& c : fi.columns) columns.push_back(c.name);
        dropped_keys_.insert(join_key({t.name, join_key(columns)}));
      }
      if (ti)
        finding("modify_index", t.name, fi.name,
                "index " + fi.name + " on " + t.name + ": " + index_text(fi) + " -> " +
                    index_text(*ti));
      else
        finding("remove_index", t.name, fi.name,
                "removed index " + fi.name + " on " + t.name + " " + index_text(fi));
    }
    for (const IndexSpec& ti : t.indexes) {
      const IndexSpec* fi = find(f, ti.name);
      if (fi && index_key(*fi) == index_key(ti)) continue;
      const IndexSpec* oi = original ? find(*original, ti.name) : nullptr;
      CreateIndex op;
      op.index = oi ? *oi : ti;
      op.index.where_loc = {};
      op.table = t.name;
      phases_.create_constraints.push_back(make_op(std::move(op)));
      if (!fi)
        finding("add_index", t.name, ti.name,
                "added index " + ti.name + " on " + t.name + " " + index_text(ti));
    }
  }

  // A foreign key that stays must still be dropped and added again around a change it depends
  // on: the key it references is dropped (a changed primary key or unique constraint: PostgreSQL
  // refuses to drop it, SQLite's foreign_key_check reports a "foreign key mismatch" in every
  // rebuild until the new key exists), or, on PostgreSQL, the type of one of its columns changes.
  void plan_dependent_foreign_keys() {
    for (const KeptForeignKey& k : kept_fks_) {
      const ForeignKeySpec& fk = *k.from;
      bool depends = dropped_keys_.count(join_key({fk.ref_table, join_key(fk.ref_columns)})) > 0;
      if (pg()) {
        for (const std::string& c : fk.columns)
          depends |= type_changed_.count(join_key({k.table, c})) > 0;
        for (const std::string& c : fk.ref_columns)
          depends |= type_changed_.count(join_key({fk.ref_table, c})) > 0;
      }
      if (!depends) continue;
      if (!fk.name.empty()) {
        drop_constraint(phases_.drop_fks, k.table, fk.name, ConstraintType::foreign_key);
        phases_.create_fks.push_back(make_op(CreateForeignKey{k.table, *k.to}));
        continue;
      }
      if (pg()) continue;  // PostgreSQL names every constraint
      // SQLite: unnamed foreign keys go all at once (see plan_constraints) and come back.
      if (!unnamed_fks_dropped_.insert(k.table).second) continue;
      drop_constraint(phases_.drop_fks, k.table, "", ConstraintType::foreign_key);
      for (const KeptForeignKey& other : kept_fks_)
        if (other.table == k.table && other.from->name.empty())
          phases_.create_fks.push_back(make_op(CreateForeignKey{k.table, *other.to}));
    }
  }

  // --- tables only one side has ---

  void plan_dropped_tables(const std::vector<const TableSpec*>& dropped) {
    TableOrder order = creation_order(dropped);
    if (pg()) {
      for (const DeferredForeignKey& d : order.deferred) {
        const ForeignKeySpec& fk = dropped[d.table]->foreign_keys[d.foreign_key];
        if (fk.name.empty()) {
          notes_.push_back("cannot drop the unnamed foreign key " + foreign_key_text(fk) + " of " +
                           dropped[d.table]->name +
                           " before dropping the tables of "
                           "its cycle");
          continue;
        }
        drop_constraint(phases_.drop_fks, dropped[d.table]->name, fk.name,
                        ConstraintType::foreign_key);
      }
    }
    for (auto it = order.order.rbegin(); it != order.order.rend(); ++it)
      phases_.drop_tables.push_back(make_op(DropTable{dropped[*it]->name, false}));
  }

  void plan_created_tables(const std::vector<const TableSpec*>& created) {
    TableOrder order = creation_order(created);
    // SQLite accepts a foreign key to a table that does not exist yet: no need to defer.
    std::vector<std::vector<size_t>> deferred(created.size());
    if (pg())
      for (const DeferredForeignKey& d : order.deferred) deferred[d.table].push_back(d.foreign_key);
    for (size_t i : order.order) {
      const TableSpec& normal = *created[i];
      const TableSpec* original = to_.original(normal.name);
      TableSpec spec = original ? *original : normal;
      if (!deferred[i].empty()) {
        spec.foreign_keys.clear();
        for (size_t k = 0; k < normal.foreign_keys.size(); ++k) {
          ForeignKeySpec fk = normal.foreign_keys[k];
          fk.not_valid = false;
          if (std::find(deferred[i].begin(), deferred[i].end(), k) == deferred[i].end())
            spec.foreign_keys.push_back(std::move(fk));
          else
            phases_.create_fks.push_back(make_op(CreateForeignKey{normal.name, std::move(fk)}));
        }
      }
      phases_.create_tables.push_back(make_op(CreateTable{std::move(spec), false}));
    }
  }

  void note_table_renames(const std::vector<const TableSpec*>& dropped,
                          const std::vector<const TableSpec*>& created) {
    auto shape = [&](const TableSpec& t) {
      std::vector<std::string> parts;
      for (const ColumnSpec& c : t.columns)
        parts.push_back(c.name + ":" + type_text(c.type, dialect_));
      return join_key(parts);
    };
    std::vector<bool> taken(created.size(), false);
    for (const TableSpec* d : dropped) {
      std::string s = shape(*d);
      for (size_t i = 0; i < created.size(); ++i) {
        if (taken[i] || shape(*created[i]) != s) continue;
        taken[i] = true;
        notes_.push_back("possible rename of table " + d->name + " to " + created[i]->name +
                         ": this revision drops one and creates the other (the rows are lost); "
                         "to keep them use rename_table instead");
        break;
      }
    }
  }

  struct KeptForeignKey {
    std::string table;
    const ForeignKeySpec* from;
    const ForeignKeySpec* to;
  };

  const Side& from_;
  const Side& to_;
  Dialect dialect_;
  const DiffOptions& options_;
  bool forward_;
  Phases phases_;
  std::vector<DiffFinding> findings_;
  std::vector<std::string> notes_;
  std::unordered_set<std::string> dropped_keys_;         // table + key columns of dropped keys
  std::unordered_set<std::string> type_changed_;         // table + column
  std::unordered_set<std::string> unnamed_fks_dropped_;  // SQLite tables
  std::vector<KeptForeignKey> kept_fks_;
};

// The tables of `from` whose change a view or trigger may not survive: dropped, or losing or
// retyping a column (lower-case names without their schema, as object_diff compares them).
std::set<std::string> touched_tables(const Side& from, const Side& to, Dialect dialect) {
  std::set<std::string> out;
  for (const TableSpec& f : from.normal.tables) {
    const TableSpec* t = to.table(f.name);
    bool touched = t == nullptr;
    for (size_t i = 0; !touched && i < f.columns.size(); ++i) {
      const ColumnSpec* c = t->find_column(f.columns[i].name);
      touched = c == nullptr || !same_type(f.columns[i].type, c->type, dialect);
    }
    if (!touched) continue;
    size_t dot = f.name.rfind('.');
    std::string name = dot == std::string::npos ? f.name : f.name.substr(dot + 1);
    for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    out.insert(std::move(name));
  }
  return out;
}

// The table ops of `tables` between the object ops that go before and after them.
std::vector<Op> around(ObjectPlan& objects, std::vector<Op> tables) {
  std::vector<Op> out = std::move(objects.before_tables);
  for (Op& op : tables) out.push_back(std::move(op));
  for (Op& op : objects.after_tables) out.push_back(std::move(op));
  return out;
}

}  // namespace

DiffResult diff_schemas(const Schema& database, const Schema& model, Dialect dialect,
                        const DiffOptions& options) {
  const Schema& model_compared = options.model_stored ? *options.model_stored : model;
  const bool keep_casts = options.expressions == DiffOptions::Expressions::stored;
  Side db = make_side(database, database, dialect, options);
  Side target = make_side(model_compared, model, dialect, options);
  resolve_names(db, target, dialect);

  DiffResult result;
  Planner up(db, target, dialect, options, /*forward=*/true);
  up.run();
  ObjectPlan up_objects = plan_objects(database, model_compared, model,
                                       touched_tables(db, target, dialect), dialect, keep_casts);
  result.upgrade = around(up_objects, up.ops());
  result.findings = std::move(up.findings());
  for (DiffFinding& f : up_objects.findings) result.findings.push_back(std::move(f));
  result.notes = std::move(up.notes());
  for (std::string& note : up_objects.notes) result.notes.push_back(std::move(note));

  // Equal schemas (the common case of `check`) need no second pass: nothing to undo.
  if (result.findings.empty() && result.upgrade.empty()) return result;
  Planner down(target, db, dialect, options, /*forward=*/false);
  down.run();
  ObjectPlan down_objects = plan_objects(model_compared, database, database,
                                         touched_tables(target, db, dialect), dialect, keep_casts);
  result.downgrade = around(down_objects, down.ops());
  for (std::string& note : down.notes()) result.notes.push_back("downgrade: " + note);
  for (std::string& note : down_objects.notes) result.notes.push_back("downgrade: " + note);
  return result;
}

std::vector<std::string> describe_differences(const DiffResult& result) {
  std::vector<std::string> out;
  out.reserve(result.findings.size());
  for (const DiffFinding& f : result.findings) out.push_back(f.message);
  return out;
}

}  // namespace retort
