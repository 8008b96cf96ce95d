#include "db/connect.hpp"

#include <filesystem>

#include "db/pg_connection.hpp"
#include "db/sqlite_connection.hpp"

namespace retort {

std::unique_ptr<Connection> connect(const DatabaseUrl& url, const ConnectOptions& options) {
  if (url.dialect == Dialect::sqlite) {
    if (!url.schema.empty())
      throw Error(ErrorKind::usage, "a schema ('" + url.schema + "') is for PostgreSQL, and " +
                                        url.redacted() +
                                        " is an SQLite database: remove the schema setting");
    using Mode = SqliteConnection::OpenMode;
    // `mode` narrows what the command may do: ro never writes, rw never creates the file.
    std::string sqlite_mode;
    SqliteOptions sqlite;
    for (const auto& [key, value] : url.params) {
      if (key == "mode")
        sqlite_mode = value;
      else
        sqlite.uri_params.emplace_back(key, value);
    }
    if (options.create && sqlite_mode == "ro")
      throw Error(ErrorKind::usage,
                  "the database URL " + url.redacted() +
                      " opens SQLite read-only (mode=ro), and this command writes to the "
                      "database: use a URL without mode=ro");
    std::error_code ec;
    if (options.create && sqlite_mode == "rw" && !url.memory &&
        !std::filesystem::exists(url.path, ec))
      throw Error(ErrorKind::connection, "cannot open SQLite database '" + url.path +
                                             "': the file does not exist, and the URL's mode=rw "
                                             "never creates it");
    Mode mode = !options.create                             ? Mode::read_only_if_exists
                : options.must_exist || sqlite_mode == "rw" ? Mode::read_write_existing
                                                            : Mode::read_write_create;
    return SqliteConnection::open(url.memory ? ":memory:" : url.path, mode, sqlite);
  }
  PgOptions pg;
  std::unique_ptr<PgConnection> conn =
      open_with_retry(url.libpq_conninfo(), pg, options.wait, options.on_retry);
  if (!url.schema.empty()) enter_schema(*conn, url);
  return conn;
}

void enter_schema(Connection& conn, const DatabaseUrl& url) {
  // The session's search_path is the schema alone: every unqualified name — the version and
  // history tables, the lock key's current_schema(), reflection — resolves in it. A schema
  // that does not exist leaves current_schema() NULL, where nothing could be created.
  conn.query("SELECT pg_catalog.set_config('search_path', pg_catalog.quote_ident($1), false)",
             {Param::of(url.schema)});
  if (!conn.query("SELECT pg_catalog.current_schema()").scalar())
    throw Error(ErrorKind::connection,
                "schema '" + url.schema + "' does not exist in " + url.redacted() +
                    "\n  hint: create it first (CREATE SCHEMA), or correct the schema setting");
}

}  // namespace retort
