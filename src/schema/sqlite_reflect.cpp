#include "schema/sqlite_reflect.hpp"

#include <algorithm>
#include <map>

#include "base/error.hpp"
#include "ops/canonical_spec.hpp"
#include "schema/sqlite_objects.hpp"
#include "sql/text.hpp"

namespace retort {

namespace {

// --- CREATE TABLE / CREATE INDEX text --------------------------------------------------------

struct ParsedForeignKey {
  std::string name;
  std::vector<std::string> columns;
  std::string ref_table;
  bool used = false;
};

struct ParsedColumn {
  std::string name;
  bool column_pk = false;      // PRIMARY KEY in the column definition
  bool autoincrement = false;  // AUTOINCREMENT keyword
  std::vector<CheckSpec> checks;
  std::optional<GeneratedSpec> generated;  // [GENERATED ALWAYS] AS (expr) [STORED | VIRTUAL]
};

struct ParsedTable {
  bool without_rowid = false;
  std::string pk_name;
  std::vector<ParsedColumn> columns;
  std::vector<UniqueSpec> uniques;  // with names, to match index_list's unnamed autoindexes
  std::vector<CheckSpec> checks;
  std::vector<ParsedForeignKey> foreign_keys;
};

using Tokens = std::vector<SqlToken>;

// Index of the token closing the "(" at `open` (or tokens.size()).
size_t closing_paren(const Tokens& t, size_t open, size_t end) {
  int depth = 0;
  for (size_t i = open; i < end; ++i) {
    if (t[i].is("(")) ++depth;
    if (t[i].is(")") && --depth == 0) return i;
  }
  return end;
}

// The source text between two tokens: from the start of t[first] to the end of t[last].
std::string_view span(std::string_view sql, const Tokens& t, size_t first, size_t last) {
  if (first > last || last >= t.size()) return {};
  return sql.substr(t[first].offset, t[last].offset + t[last].text.size() - t[first].offset);
}

// The items of a parenthesised, comma-separated list whose "(" is at `open`: [begin, end) token
// ranges at depth 1.
std::vector<std::pair<size_t, size_t>> list_items(const Tokens& t, size_t open, size_t close) {
  std::vector<std::pair<size_t, size_t>> items;
  int depth = 0;
  size_t start = open + 1;
  for (size_t i = open + 1; i < close; ++i) {
    if (t[i].is("(")) ++depth;
    if (t[i].is(")")) --depth;
    if (depth == 0 && t[i].is(",")) {
      items.emplace_back(start, i);
      start = i + 1;
    }
  }
  if (start < close) items.emplace_back(start, close);
  return items;
}

// Column names of "(a, b COLLATE x, c DESC)" at `open`.
std::vector<std::string> name_list(const Tokens& t, size_t open, size_t end) {
  std::vector<std::string> names;
  size_t close = closing_paren(t, open, end);
  for (auto [b, e] : list_items(t, open, close))
    if (b < e && t[b].is_name()) names.push_back(t[b].identifier());
  return names;
}

// The "(expr)" at `open` as written, without the parentheses.
std::string paren_text(std::string_view sql, const Tokens& t, size_t open, size_t end) {
  size_t close = closing_paren(t, open, end);
  if (close >= end || close == open + 1) return "";
  return std::string(trim_sql(span(sql, t, open + 1, close - 1)));
}

bool is_column_constraint_start(const SqlToken& t) {
  static constexpr std::string_view kWords[] = {"CONSTRAINT", "PRIMARY",   "NOT",     "NULL",
                                                "UNIQUE",     "CHECK",     "DEFAULT", "COLLATE",
                                                "REFERENCES", "GENERATED", "AS"};
  for (std::string_view w : kWords)
    if (t.is_keyword(w)) return true;
  return false;
}

void parse_table_constraint(std::string_view sql, const Tokens& t, size_t b, size_t e,
                            ParsedTable& out) {
  std::string name;
  size_t i = b;
  if (t[i].is_keyword("CONSTRAINT") && i + 1 < e) {
    name = t[i + 1].identifier();
    i += 2;
  }
  if (i >= e) return;
  auto next_paren = [&](size_t from) {
    while (from < e && !t[from].is("(")) ++from;
    return from;
  };
  if (t[i].is_keyword("PRIMARY")) {
    out.pk_name = name;
  } else if (t[i].is_keyword("UNIQUE")) {
    size_t open = next_paren(i);
    if (open < e) out.uniques.push_back(UniqueSpec{name, name_list(t, open, e), {}});
  } else if (t[i].is_keyword("CHECK")) {
    size_t open = next_paren(i);
    if (open < e) {
      CheckSpec check;
      check.name = name;
      check.expression.common = paren_text(sql, t, open, e);
      out.checks.push_back(std::move(check));
    }
  } else if (t[i].is_keyword("FOREIGN")) {
    size_t open = next_paren(i);
    if (open >= e) return;
    ParsedForeignKey fk;
    fk.name = name;
    fk.columns = name_list(t, open, e);
    size_t j = closing_paren(t, open, e);
    while (j < e && !t[j].is_keyword("REFERENCES")) ++j;
    if (j + 1 < e) fk.ref_table = t[j + 1].identifier();
    out.foreign_keys.push_back(std::move(fk));
  }
}

void parse_column(std::string_view sql, const Tokens& t, size_t b, size_t e, ParsedTable& out) {
  ParsedColumn column;
  column.name = t[b].identifier();
  size_t i = b + 1;
  while (i < e && !is_column_constraint_start(t[i])) {
    if (t[i].is("(")) i = closing_paren(t, i, e);
    ++i;
  }
  std::string pending;
  while (i < e) {
    const SqlToken& tok = t[i];
    if (tok.is("(")) {  // a default's or generated column's expression: not constraints
      i = closing_paren(t, i, e) + 1;
      continue;
    }
    if (tok.is_keyword("CONSTRAINT") && i + 1 < e) {
      pending = t[i + 1].identifier();
      i += 2;
      continue;
    }
    if (tok.is_keyword("PRIMARY")) {
      column.column_pk = true;
      out.pk_name = pending;
      pending.clear();
    } else if (tok.is_keyword("AUTOINCREMENT")) {
      column.autoincrement = true;
    } else if (tok.is_keyword("UNIQUE")) {
      out.uniques.push_back(UniqueSpec{pending, {column.name}, {}});
      pending.clear();
    } else if (tok.is_keyword("CHECK")) {
      size_t open = i + 1;
      if (open < e && t[open].is("(")) {
        CheckSpec check;
        check.name = pending;
        check.expression.common = paren_text(sql, t, open, e);
        column.checks.push_back(std::move(check));
        i = closing_paren(t, open, e) + 1;
        pending.clear();
        continue;
      }
    } else if (tok.is_keyword("REFERENCES")) {
      ParsedForeignKey fk;
      fk.name = pending;
      fk.columns = {column.name};
      if (i + 1 < e) fk.ref_table = t[i + 1].identifier();
      out.foreign_keys.push_back(std::move(fk));
      pending.clear();
    } else if (tok.is_keyword("AS") && i + 1 < e && t[i + 1].is("(")) {
      size_t close = closing_paren(t, i + 1, e);
      GeneratedSpec g;
      g.expression.common = paren_text(sql, t, i + 1, e);
      g.stored = close + 1 < e && t[close + 1].is_keyword("STORED");  // VIRTUAL by default
      column.generated = std::move(g);
      pending.clear();
      i = close + 1;
      continue;
    } else if (tok.is_keyword("DEFAULT") || tok.is_keyword("NOT") || tok.is_keyword("NULL") ||
               tok.is_keyword("COLLATE") || tok.is_keyword("GENERATED") || tok.is_keyword("AS")) {
      pending.clear();
    }
    ++i;
  }
  out.columns.push_back(std::move(column));
}

ParsedTable parse_create_table(std::string_view sql) {
  ParsedTable out;
  Tokens t = tokenize_sql(sql);
  size_t open = 0;
  while (open < t.size() && !t[open].is("(") && !t[open].is_keyword("AS")) ++open;
  if (open >= t.size() || !t[open].is("(")) return out;  // CREATE TABLE … AS SELECT
  size_t close = closing_paren(t, open, t.size());
  for (size_t i = close + 1; i + 1 < t.size(); ++i)
    if (t[i].is_keyword("WITHOUT") && t[i + 1].is_keyword("ROWID")) out.without_rowid = true;
  for (auto [b, e] : list_items(t, open, close)) {
    if (b >= e) continue;
    const SqlToken& first = t[b];
    bool table_constraint = first.is_keyword("CONSTRAINT") || first.is_keyword("PRIMARY") ||
                            first.is_keyword("UNIQUE") || first.is_keyword("CHECK") ||
                            first.is_keyword("FOREIGN");
    if (table_constraint)
      parse_table_constraint(sql, t, b, e, out);
    else
      parse_column(sql, t, b, e, out);
  }
  return out;
}

// A string literal's value: quotes removed, doubled quotes folded.
std::string unquote_string(std::string_view literal) {
  std::string out;
  if (literal.size() < 2) return out;
  std::string_view inner = literal.substr(1, literal.size() - 2);
  for (size_t i = 0; i < inner.size(); ++i) {
    out += inner[i];
    if (inner[i] == '\'' && i + 1 < inner.size() && inner[i + 1] == '\'') ++i;
  }
  return out;
}

// The values of `"col" IN ('a', 'b')`, or nullopt when `expr` is not exactly that.
std::optional<std::vector<std::string>> enum_values(std::string_view expr,
                                                    std::string_view column) {
  Tokens t = tokenize_sql(expr);
  if (t.size() < 5 || !t[0].is_name() || !iequals(t[0].identifier(), column) ||
      !t[1].is_keyword("IN") || !t[2].is("(") || !t.back().is(")"))
    return std::nullopt;
  std::vector<std::string> values;
  for (size_t i = 3; i + 1 < t.size(); i += 2) {
    if (t[i].kind != SqlToken::Kind::string) return std::nullopt;
    values.push_back(unquote_string(t[i].text));
    if (!(t[i + 1].is(",") || (i + 2 == t.size()))) return std::nullopt;
  }
  return values;
}

void parse_create_index(std::string_view sql, IndexSpec& index) {
  Tokens t = tokenize_sql(sql);
  size_t i = 0;
  while (i < t.size() && !t[i].is_keyword("ON")) ++i;
  while (i < t.size() && !t[i].is("(")) ++i;
  if (i >= t.size()) return;
  size_t close = closing_paren(t, i, t.size());
  for (auto [b, e] : list_items(t, i, close)) {
    IndexColumn column;
    // The sort order is the item's last word (SQLite's indexes cannot say NULLS FIRST/LAST).
    while (e > b && (t[e - 1].is_keyword("ASC") || t[e - 1].is_keyword("DESC"))) {
      column.descending = t[e - 1].is_keyword("DESC");
      --e;
    }
    if (b >= e) continue;
    bool collated_name = e - b == 3 && t[b].is_name() && t[b + 1].is_keyword("COLLATE");
    if ((e - b == 1 && t[b].is_name()) || collated_name)
      column.name = t[b].identifier();
    else
      column.expression = std::string(trim_sql(span(sql, t, b, e - 1)));
    index.columns.push_back(std::move(column));
  }
  if (close + 1 < t.size() && t[close + 1].is_keyword("WHERE"))
    index.where = std::string(trim_sql(sql.substr(t[close + 1].offset + 5)));
}

// --- Assembling tables from the pragma rows --------------------------------------------------

struct RawTable {
  std::string name;
  std::string sql;
  TableSpec spec;
  std::vector<std::string> triggers;
  std::vector<std::pair<int, std::string>> pk_positions;  // (position in the key, column)
  std::map<std::string, std::string> declared;            // column -> declared type
  std::vector<ForeignKeySpec> fks;                        // in pragma id order
  std::string last_fk_id;                                 // pragma id of fks.back()
  std::map<std::string, UniqueSpec> uniques;              // by autoindex name
  std::map<std::string, IndexSpec> indexes;               // CREATE INDEX ones, by name
};

const std::string* cell(const std::vector<std::optional<std::string>>& row, size_t i) {
  return i < row.size() && row[i] ? &*row[i] : nullptr;
}

std::string text_or(const std::vector<std::optional<std::string>>& row, size_t i,
                    std::string fallback = "") {
  const std::string* s = cell(row, i);
  return s ? *s : fallback;
}

bool is_signed_number(std::string_view s) {
  Tokens t = tokenize_sql(s);
  if (t.size() == 1) return t[0].kind == SqlToken::Kind::number;
  return t.size() == 2 && (t[0].is("-") || t[0].is("+")) && t[1].kind == SqlToken::Kind::number &&
         t[1].offset == t[0].offset + 1;
}

std::optional<DefaultValue> reflect_default(const std::string* dflt) {
  if (!dflt) return std::nullopt;
  std::string_view text = strip_outer_parens(*dflt);
  if (text.empty() || iequals(text, "NULL")) return std::nullopt;
  DefaultValue value;
  if (is_signed_number(text) && text.find(' ') == std::string_view::npos) {
    value.kind = DefaultValue::Kind::number;
    value.number = std::string(text[0] == '+' ? text.substr(1) : text);
  } else {
    value.kind = DefaultValue::Kind::sql;
    value.sql.common = std::string(text);
  }
  return value;
}

std::string action(const std::string& pragma_action) {
  return pragma_action == "NO ACTION" ? "" : pragma_action;
}

bool same_columns(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (!iequals(a[i], b[i])) return false;
  return true;
}

bool excluded(const std::string& name, const SqliteReflectOptions& options) {
  auto starts = [&](std::string_view prefix) {
    return name.size() >= prefix.size() && iequals(name.substr(0, prefix.size()), prefix);
  };
  if (starts("sqlite_") || starts("_retort_")) return true;
  for (const auto& x : options.exclude_tables)
    if (iequals(x, name)) return true;
  return false;
}

// Reads every table (or only `only`, compared ignoring case) of the main schema.
std::vector<TableState> reflect_tables(Connection& conn, const std::optional<std::string>& only,
                                       const SqliteReflectOptions& options) {
  std::string filter = only ? " AND m.name = ?1 COLLATE NOCASE" : "";
  std::vector<Param> params;
  if (only) params.push_back(Param::of(*only));

  QueryResult objects = conn.query(
      "SELECT m.type, m.name, m.tbl_name, m.sql FROM sqlite_schema AS m "
      "WHERE m.type IN ('table', 'index', 'trigger')" +
          std::string(only ? " AND m.tbl_name = ?1 COLLATE NOCASE" : "") + " ORDER BY m.rowid",
      params);
  std::vector<RawTable> tables;
  std::map<std::string, size_t> by_name;
  std::map<std::string, std::string> index_sql;
  for (const auto& row : objects.rows) {
    std::string type = text_or(row, 0);
    std::string name = text_or(row, 1);
    std::string sql = text_or(row, 3);
    if (type == "table") {
      if (excluded(name, options) && !only) continue;
      Tokens head = tokenize_sql(std::string_view(sql).substr(0, 32));
      if (head.size() > 1 && head[1].is_keyword("VIRTUAL")) continue;
      by_name[name] = tables.size();
      RawTable raw;
      raw.name = name;
      raw.sql = sql;
      raw.spec.name = name;
      tables.push_back(std::move(raw));
    } else if (type == "index") {
      index_sql[name] = sql;
    }
  }
  for (const auto& row : objects.rows) {
    if (text_or(row, 0) != "trigger") continue;
    auto it = by_name.find(text_or(row, 2));
    if (it != by_name.end() && cell(row, 3)) tables[it->second].triggers.push_back(*cell(row, 3));
  }
  if (tables.empty()) return {};

  // Columns.
  QueryResult columns = conn.query(
      "SELECT m.name, p.cid, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden "
      "FROM sqlite_schema AS m JOIN pragma_table_xinfo(m.name) AS p "
      "WHERE m.type = 'table'" +
          filter + " ORDER BY m.name, p.cid",
      params);
  for (const auto& row : columns.rows) {
    auto it = by_name.find(text_or(row, 0));
    if (it == by_name.end() || text_or(row, 7, "0") == "1") continue;
    RawTable& raw = tables[it->second];
    ColumnSpec c;
    c.name = text_or(row, 2);
    std::string declared = text_or(row, 3);
    c.type = parse_declared_type(declared, Dialect::sqlite);
    c.nullable = text_or(row, 4, "0") == "0";
    c.server_default = reflect_default(cell(row, 5));
    int pk = std::atoi(text_or(row, 6, "0").c_str());
    if (pk > 0) raw.pk_positions.emplace_back(pk, c.name);
    raw.declared[c.name] = declared;
    raw.spec.columns.push_back(std::move(c));
  }

  // Foreign keys: one row per column pair, grouped by id.
  QueryResult fks = conn.query(
      "SELECT m.name, f.id, f.seq, f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete "
      "FROM sqlite_schema AS m JOIN pragma_foreign_key_list(m.name) AS f "
      "WHERE m.type = 'table'" +
          filter + " ORDER BY m.name, f.id, f.seq",
      params);
  for (const auto& row : fks.rows) {
    auto it = by_name.find(text_or(row, 0));
    if (it == by_name.end()) continue;
    RawTable& raw = tables[it->second];
    std::string id = text_or(row, 1);
    if (raw.fks.empty() || raw.last_fk_id != id) {  // rows come grouped by table and id
      ForeignKeySpec fk;
      fk.ref_table = text_or(row, 3);
      fk.on_update = action(text_or(row, 6));
      fk.on_delete = action(text_or(row, 7));
      raw.fks.push_back(std::move(fk));
      raw.last_fk_id = id;
    }
    ForeignKeySpec& fk = raw.fks.back();
    fk.columns.push_back(text_or(row, 4));
    if (const std::string* to = cell(row, 5)) fk.ref_columns.push_back(*to);
  }

  // Indexes (unique constraints and CREATE INDEX ones) with their columns.
  QueryResult indexes = conn.query(
      "SELECT m.name, il.name, il.\"unique\", il.origin, ii.seqno, ii.name "
      "FROM sqlite_schema AS m JOIN pragma_index_list(m.name) AS il "
      "JOIN pragma_index_info(il.name) AS ii "
      "WHERE m.type = 'table'" +
          filter + " ORDER BY m.name, il.name, ii.seqno",
      params);
  for (const auto& row : indexes.rows) {
    auto it = by_name.find(text_or(row, 0));
    if (it == by_name.end()) continue;
    RawTable& raw = tables[it->second];
    std::string name = text_or(row, 1);
    std::string origin = text_or(row, 3);
    if (origin == "u") {
      raw.uniques[name].columns.push_back(text_or(row, 5));
    } else if (origin == "c") {
      IndexSpec& index = raw.indexes[name];
      index.name = name;
      index.unique = text_or(row, 2) == "1";
    }
  }

  std::vector<TableState> out;
  out.reserve(tables.size());
  for (size_t ti = 0; ti < tables.size(); ++ti) {
    RawTable& raw = tables[ti];
    TableSpec& spec = raw.spec;
    ParsedTable parsed = parse_create_table(raw.sql);

    // Primary key, in key order.
    std::vector<std::pair<int, std::string>> pk = raw.pk_positions;
    std::sort(pk.begin(), pk.end());
    if (!pk.empty()) {
      PrimaryKeySpec key;
      key.name = parsed.pk_name;
      for (const auto& [pos, name] : pk) key.columns.push_back(name);
      for (ColumnSpec& c : spec.columns) {
        c.primary_key =
            std::find(key.columns.begin(), key.columns.end(), c.name) != key.columns.end();
        if (c.primary_key) c.nullable = false;
      }
      if (key.columns.size() == 1) {
        for (ColumnSpec& c : spec.columns) {
          if (c.name != key.columns[0]) continue;
          for (const ParsedColumn& p : parsed.columns) {
            if (!iequals(p.name, c.name)) continue;
            bool rowid_alias = p.column_pk && !parsed.without_rowid &&
                               iequals(trim_sql(raw.declared[c.name]), "INTEGER");
            c.autoincrement = rowid_alias || p.autoincrement;
          }
        }
      }
      spec.primary_key = std::move(key);
    }

    for (const ParsedColumn& p : parsed.columns) {
      if (!p.generated) continue;
      for (ColumnSpec& c : spec.columns)
        if (iequals(c.name, p.name)) c.generated = p.generated;
    }

    // Column-level checks: an enum's named IN-list, or a plain check.
    for (const ParsedColumn& p : parsed.columns) {
      for (const CheckSpec& check : p.checks) {
        ColumnSpec* column = nullptr;
        for (ColumnSpec& c : spec.columns)
          if (iequals(c.name, p.name)) column = &c;
        auto values = enum_values(*check.expression.common, p.name);
        if (column && values && !check.name.empty() && column->type.kind == Type::Kind::string) {
          column->type = Type{};
          column->type.kind = Type::Kind::enum_;
          column->type.enum_name = check.name;
          column->type.enum_values = *values;
        } else {
          spec.checks.push_back(check);
        }
      }
    }
    for (const CheckSpec& check : parsed.checks) spec.checks.push_back(check);

    // Foreign keys with the names written in the CREATE TABLE text.
    std::vector<std::pair<size_t, ForeignKeySpec>> table_fks;  // (declaration order, fk)
    for (ForeignKeySpec& fk : raw.fks) {
      size_t order = parsed.foreign_keys.size();
      for (size_t i = 0; i < parsed.foreign_keys.size(); ++i) {
        ParsedForeignKey& p = parsed.foreign_keys[i];
        if (p.used || !same_columns(p.columns, fk.columns) || !iequals(p.ref_table, fk.ref_table))
          continue;
        p.used = true;
        fk.name = p.name;
        order = i;
        break;
      }
      table_fks.emplace_back(order, std::move(fk));
    }
    std::sort(table_fks.begin(), table_fks.end(), [](const auto& a, const auto& b) {
      return std::tie(a.second.name, a.first) < std::tie(b.second.name, b.first);
    });
    for (auto& [order, fk] : table_fks) spec.foreign_keys.push_back(std::move(fk));

    // Unique constraints, named from the CREATE TABLE text.
    std::vector<bool> used(parsed.uniques.size(), false);
    for (auto& [name, u] : raw.uniques) {
      UniqueSpec unique;
      unique.columns = u.columns;
      for (size_t i = 0; i < parsed.uniques.size(); ++i) {
        if (used[i] || !same_columns(parsed.uniques[i].columns, unique.columns)) continue;
        used[i] = true;
        unique.name = parsed.uniques[i].name;
        break;
      }
      spec.unique.push_back(std::move(unique));
    }

    for (auto& [name, index] : raw.indexes) {
      IndexSpec reflected = index;
      if (auto it = index_sql.find(index.name); it != index_sql.end())
        parse_create_index(it->second, reflected);
      spec.indexes.push_back(std::move(reflected));
    }

    std::stable_sort(spec.unique.begin(), spec.unique.end(),
                     [](const UniqueSpec& a, const UniqueSpec& b) { return a.name < b.name; });
    std::stable_sort(spec.checks.begin(), spec.checks.end(),
                     [](const CheckSpec& a, const CheckSpec& b) { return a.name < b.name; });
    std::sort(spec.indexes.begin(), spec.indexes.end(),
              [](const IndexSpec& a, const IndexSpec& b) { return a.name < b.name; });
    out.push_back(TableState{std::move(spec), std::move(raw.triggers)});
  }
  std::sort(out.begin(), out.end(),
            [](const TableState& a, const TableState& b) { return a.spec.name < b.spec.name; });
  return out;
}

}  // namespace

Schema reflect_sqlite(Connection& conn, const SqliteReflectOptions& options) {
  Schema schema;
  for (TableState& state : reflect_tables(conn, std::nullopt, options))
    schema.tables.push_back(std::move(state.spec));
  reflect_sqlite_objects(conn, options.exclude_tables, schema);
  return schema;
}

std::optional<TableState> reflect_sqlite_table(Connection& conn, const std::string& table) {
  std::string name = table;
  if (name.size() > 5 && iequals(std::string_view(name).substr(0, 5), "main.")) name.erase(0, 5);
  std::vector<TableState> found = reflect_tables(conn, name, SqliteReflectOptions{{}});
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

}  // namespace retort
