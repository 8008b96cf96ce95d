#include "support/db_snapshot.hpp"

#include <vector>

namespace retort::testing {

namespace {

// Kept separate from the dialects' quoting on purpose: the snapshot is an oracle for the code
// under test, so it shares none of it.
std::string quote_name(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string cell(const std::optional<std::string>& v) {
  return v ? *v : std::string("<NULL>");
}

std::string row_text(const std::vector<std::optional<std::string>>& row) {
  std::string out;
  for (size_t i = 0; i < row.size(); ++i) out += (i ? "|" : "") + cell(row[i]);
  return out;
}

}  // namespace

std::string sqlite_dump(Connection& conn, const std::set<std::string>& exclude) {
  std::string out;
  QueryResult master = conn.query(
      "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' "
      "ESCAPE '\\' ORDER BY type, name");
  std::vector<std::string> tables;
  for (const auto& row : master.rows) {
    const std::string tbl = cell(row[2]);
    if (exclude.count(tbl)) continue;
    out += cell(row[0]) + " " + cell(row[1]) + " ON " + tbl + ": " + cell(row[3]) + ";\n";
    if (cell(row[0]) == "table") tables.push_back(cell(row[1]));
  }
  for (const std::string& table : tables) {
    QueryResult cols =
        conn.query("SELECT name FROM pragma_table_info(?) ORDER BY cid", {Param::of(table)});
    std::string select;
    for (const auto& c : cols.rows) {
      if (!select.empty()) select += " || ',' || ";
      select += "quote(" + quote_name(cell(c[0])) + ")";
    }
    if (select.empty()) continue;
    QueryResult rows =
        conn.query("SELECT " + select + " FROM " + quote_name(table) + " ORDER BY rowid");
    for (const auto& r : rows.rows)
      out += "INSERT INTO " + quote_name(table) + " VALUES(" + cell(r[0]) + ");\n";
  }
  if (!conn.query("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").empty()) {
    QueryResult seq = conn.query("SELECT name, seq FROM sqlite_sequence ORDER BY name");
    for (const auto& r : seq.rows)
      if (!exclude.count(cell(r[0])))
        out += "sqlite_sequence " + cell(r[0]) + " = " + cell(r[1]) + ";\n";
  }
  return out;
}

std::string sqlite_catalog(Connection& conn, const std::set<std::string>& exclude) {
  std::string out;
  QueryResult master =
      conn.query("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name");
  std::vector<std::string> tables;
  for (const auto& row : master.rows) {
    if (exclude.count(cell(row[2]))) continue;
    out += "master: " + row_text(row) + "\n";
    if (cell(row[0]) == "table") tables.push_back(cell(row[1]));
  }
  for (const std::string& table : tables) {
    QueryResult info = conn.query(
        "SELECT cid, name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?) "
        "ORDER BY cid",
        {Param::of(table)});
    for (const auto& row : info.rows) out += "table_info " + table + ": " + row_text(row) + "\n";
  }
  return out;
}

std::string pg_snapshot(Connection& conn, const std::set<std::string>& exclude,
                        const std::string& schema) {
  std::string out;
  const std::vector<Param> ns{Param::of(schema)};
  // The table a relation belongs to: an index's table, a sequence's owning table, or itself.
  QueryResult rels = conn.query(
      "SELECT c.relname, c.relkind, COALESCE(it.relname, st.relname, c.relname), "
      "       obj_description(c.oid, 'pg_class') "
      "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
      "LEFT JOIN pg_index i ON i.indexrelid = c.oid "
      "LEFT JOIN pg_class it ON it.oid = i.indrelid "
      "LEFT JOIN pg_depend d ON d.objid = c.oid AND c.relkind = 'S' AND d.deptype IN ('a', 'i') "
      "     AND d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass "
      "LEFT JOIN pg_class st ON st.oid = d.refobjid "
      "WHERE n.nspname = $1 ORDER BY c.relname COLLATE \"C\"",
      ns);
  std::vector<std::string> tables;
  for (const auto& row : rels.rows) {
    if (exclude.count(cell(row[2]))) continue;
    out += "relation: " + row_text(row) + "\n";
    const std::string kind = cell(row[1]);
    if (kind == "r" || kind == "p") tables.push_back(cell(row[0]));
  }
  QueryResult cols = conn.query(
      "SELECT c.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), "
      "       a.attnotnull, pg_get_expr(ad.adbin, ad.adrelid), a.attidentity, "
      "       col_description(c.oid, a.attnum) "
      "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
      "JOIN pg_namespace n ON n.oid = c.relnamespace "
      "LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum "
      "WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 "
      "  AND NOT a.attisdropped "
      "ORDER BY c.relname COLLATE \"C\", a.attnum",
      ns);
  for (const auto& row : cols.rows)
    if (!exclude.count(cell(row[0]))) out += "column: " + row_text(row) + "\n";
  QueryResult cons = conn.query(
      "SELECT t.relname, con.conname, pg_get_constraintdef(con.oid) "
      "FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid "
      "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = $1 "
      "ORDER BY t.relname COLLATE \"C\", con.conname COLLATE \"C\"",
      ns);
  for (const auto& row : cons.rows)
    if (!exclude.count(cell(row[0]))) out += "constraint: " + row_text(row) + "\n";
  QueryResult idx = conn.query(
      "SELECT t.relname, ic.relname, pg_get_indexdef(i.indexrelid) "
      "FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid "
      "JOIN pg_class t ON t.oid = i.indrelid "
      "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = $1 "
      "ORDER BY t.relname COLLATE \"C\", ic.relname COLLATE \"C\"",
      ns);
  for (const auto& row : idx.rows)
    if (!exclude.count(cell(row[0]))) out += "index: " + row_text(row) + "\n";
  QueryResult types = conn.query(
      "SELECT t.typname, t.typtype, "
      "       (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e "
      "        WHERE e.enumtypid = t.oid) "
      "FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
      "WHERE n.nspname = $1 AND t.typtype <> 'c' AND t.typcategory <> 'A' "
      "ORDER BY t.typname COLLATE \"C\"",
      ns);
  for (const auto& row : types.rows) out += "type: " + row_text(row) + "\n";
  for (const std::string& table : tables) {
    QueryResult rows = conn.query("SELECT x::text FROM " + quote_name(schema) + "." +
                                  quote_name(table) + " x ORDER BY x::text COLLATE \"C\"");
    for (const auto& r : rows.rows) out += "row " + table + ": " + cell(r[0]) + "\n";
  }
  return out;
}

}  // namespace retort::testing
