#include "runner/version_table.hpp"

#include <algorithm>

#include "graph/migration_step.hpp"

namespace retort {

std::string placeholder(Dialect d, int n) {
  return d == Dialect::sqlite ? std::string("?") : "$" + std::to_string(n);
}

bool table_exists(Connection& conn, const std::string& table) {
  const SqlDialect& dialect = dialect_for(conn.dialect());
  if (conn.dialect() == Dialect::postgresql) {
    // A query on pg_class with the statement's own snapshot, resolved through the search_path
    // like the statements that follow. Not to_regclass(): it reads the backend's catalog cache,
    // which need not see a table another session committed while this transaction waited for
    // the migration lock (the transaction-level lock processes no cache invalidations), so a
    // second migrator would find no version table and run the first revision again.
    std::string schema;
    std::string name = table;
    if (auto dot = table.rfind('.'); dot != std::string::npos) {
      schema = table.substr(0, dot);
      name = table.substr(dot + 1);
    }
    QueryResult r = conn.query(
        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON "
        "n.oid = c.relnamespace WHERE c.relname = $1::text AND n.nspname::text = ANY(CASE WHEN "
        "$2::text = '' THEN current_schemas(true)::text[] ELSE ARRAY[$2::text] END))",
        {Param::of(name), Param::of(schema)});
    auto v = r.scalar();
    return v && (*v == "t" || *v == "true" || *v == "1");
  }
  std::string schema = "main";
  std::string name = table;
  if (auto dot = table.find('.'); dot != std::string::npos) {
    schema = table.substr(0, dot);
    name = table.substr(dot + 1);
  }
  QueryResult r = conn.query("SELECT 1 FROM " + dialect.quote_identifier(schema) +
                                 ".sqlite_master WHERE type = 'table' AND name = ?",
                             {Param::of(name)});
  return !r.empty();
}

VersionTable::VersionTable(Connection& conn, std::string table)
    : conn_(conn), dialect_(dialect_for(conn.dialect())), table_(std::move(table)) {}

bool VersionTable::exists() {
  return table_exists(conn_, table_);
}

std::vector<std::string> VersionTable::read() {
  if (!exists()) return {};
  return read_rows();
}

std::vector<std::string> VersionTable::read_rows() {
  QueryResult r = conn_.query("SELECT version_num FROM " + dialect_.quote_identifier(table_));
  std::vector<std::string> out;
  out.reserve(r.rows.size());
  for (auto& row : r.rows)
    if (!row.empty() && row[0]) out.push_back(*row[0]);
  std::sort(out.begin(), out.end());
  return out;
}

void VersionTable::create() {
  conn_.execute(dialect_.create_version_table(table_));
}

void VersionTable::apply(const VersionRowChange& change) {
  const Dialect d = conn_.dialect();
  const std::string t = dialect_.quote_identifier(table_);
  for (const auto& rev : change.deleted) {
    QueryResult r = conn_.query("DELETE FROM " + t + " WHERE version_num = " + placeholder(d, 1),
                                {Param::of(rev)});
    if (r.affected != 1)
      throw Error(ErrorKind::database, "version table " + table_ + ": expected to delete row '" +
                                           rev + "', found " + std::to_string(r.affected));
  }
  for (const auto& [from, to] : change.updated) {
    QueryResult r = conn_.query("UPDATE " + t + " SET version_num = " + placeholder(d, 1) +
                                    " WHERE version_num = " + placeholder(d, 2),
                                {Param::of(to), Param::of(from)});
    if (r.affected != 1)
      throw Error(ErrorKind::database, "version table " + table_ + ": expected to update row '" +
                                           from + "' to '" + to + "', found " +
                                           std::to_string(r.affected) + " rows");
  }
  for (const auto& rev : change.inserted)
    conn_.query("INSERT INTO " + t + " (version_num) VALUES (" + placeholder(d, 1) + ")",
                {Param::of(rev)});
}

void VersionTable::replace(const std::vector<std::string>& rows) {
  const std::string t = dialect_.quote_identifier(table_);
  conn_.query("DELETE FROM " + t);
  for (const auto& rev : rows)
    conn_.query(
        "INSERT INTO " + t + " (version_num) VALUES (" + placeholder(conn_.dialect(), 1) + ")",
        {Param::of(rev)});
}

}  // namespace retort
