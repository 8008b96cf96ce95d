#include "schema/sqlite_objects.hpp"

#include "sql/lexer.hpp"
#include "sql/text.hpp"

namespace retort {

namespace {

using Tokens = std::vector<SqlToken>;

std::string view_text(std::string_view text) {
  std::string out(trim_sql(text));
  while (!out.empty() && out.back() == ';')
    out = std::string(trim_sql(out.substr(0, out.size() - 1)));
  return out;
}

// Index of the first word token at depth 0 from `from` equal to `keyword`, or tokens.size().
size_t find_top_keyword(const Tokens& t, size_t from, std::string_view keyword) {
  int depth = 0;
  for (size_t i = from; i < t.size(); ++i) {
    if (t[i].is("(")) ++depth;
    if (t[i].is(")")) --depth;
    if (depth == 0 && t[i].kind == SqlToken::Kind::word && t[i].is_keyword(keyword)) return i;
  }
  return t.size();
}

}  // namespace

std::optional<std::string> parse_sqlite_view(std::string_view sql) {
  Tokens t = tokenize_sql(sql);
  size_t view = find_top_keyword(t, 0, "VIEW");
  size_t as = find_top_keyword(t, view, "AS");
  if (as + 1 >= t.size()) return std::nullopt;
  return view_text(sql.substr(t[as + 1].offset));
}

std::optional<TriggerSpec> parse_sqlite_trigger(std::string_view sql) {
  Tokens t = tokenize_sql(sql);
  size_t i = find_top_keyword(t, 0, "TRIGGER");
  if (i >= t.size()) return std::nullopt;
  ++i;
  if (i + 2 < t.size() && t[i].is_keyword("IF") && t[i + 1].is_keyword("NOT")) i += 3;
  if (i >= t.size() || !t[i].is_name()) return std::nullopt;
  TriggerSpec out;
  out.name = t[i].identifier();
  ++i;
  if (i + 1 < t.size() && t[i].is(".")) {  // schema.name
    out.name = t[i + 1].identifier();
    i += 2;
  }
  out.timing = "before";
  if (i < t.size() && t[i].is_keyword("BEFORE")) {
    ++i;
  } else if (i < t.size() && t[i].is_keyword("AFTER")) {
    out.timing = "after";
    ++i;
  } else if (i + 1 < t.size() && t[i].is_keyword("INSTEAD") && t[i + 1].is_keyword("OF")) {
    out.timing = "instead_of";
    i += 2;
  }
  if (i >= t.size()) return std::nullopt;
  for (std::string_view event : {"insert", "update", "delete"})
    if (t[i].is_keyword(event)) out.events.push_back(std::string(event));
  if (out.events.empty()) return std::nullopt;
  ++i;
  if (out.events[0] == "update" && i < t.size() && t[i].is_keyword("OF")) {
    for (++i; i < t.size() && t[i].is_name() && !t[i].is_keyword("ON"); ++i) {
      out.update_of.push_back(t[i].identifier());
      if (i + 1 < t.size() && t[i + 1].is(",")) ++i;
    }
  }
  if (i >= t.size() || !t[i].is_keyword("ON")) return std::nullopt;
  ++i;
  if (i >= t.size() || !t[i].is_name()) return std::nullopt;
  out.table = t[i].identifier();
  ++i;
  if (i + 2 < t.size() && t[i].is_keyword("FOR") && t[i + 1].is_keyword("EACH")) i += 3;
  size_t begin = find_top_keyword(t, i, "BEGIN");
  if (begin >= t.size()) return std::nullopt;
  if (i < t.size() && t[i].is_keyword("WHEN") && i + 1 < begin)
    out.when.common =
        std::string(trim_sql(sql.substr(t[i + 1].offset, t[begin].offset - t[i + 1].offset)));
  size_t end = t.size();
  while (end > begin + 1 && !t[end - 1].is_keyword("END")) --end;
  if (end <= begin + 1) return std::nullopt;
  size_t body_start = t[begin].offset + t[begin].text.size();
  out.body = std::string(trim_sql(sql.substr(body_start, t[end - 1].offset - body_start)));
  return out;
}

void reflect_sqlite_objects(Connection& conn, const std::vector<std::string>& exclude_tables,
                            Schema& out) {
  QueryResult rows = conn.query(
      "SELECT m.type, m.name, m.tbl_name, m.sql FROM sqlite_schema AS m"
      " WHERE m.type IN ('view', 'trigger') AND m.sql IS NOT NULL ORDER BY m.rowid",
      {});
  for (const auto& row : rows.rows) {
    const std::string& type = *row[0];
    const std::string& sql = *row[3];
    if (type == "view") {
      if (std::optional<std::string> definition = parse_sqlite_view(sql)) {
        ViewSpec v;
        v.name = *row[1];
        v.definition.common = std::move(*definition);
        out.views.push_back(std::move(v));
      }
      continue;
    }
    bool excluded = false;
    for (const std::string& x : exclude_tables) excluded = excluded || iequals(x, *row[2]);
    if (excluded) continue;
    if (std::optional<TriggerSpec> trigger = parse_sqlite_trigger(sql)) {
      trigger->name = *row[1];
      trigger->table = *row[2];
      out.triggers.push_back(std::move(*trigger));
    }
  }
}

}  // namespace retort
