#include "db/connect.hpp"

#include "db/pg_connection.hpp"
#include "db/sqlite_connection.hpp"

namespace retort {

std::unique_ptr<Connection> connect(const DatabaseUrl& url, const ConnectOptions& options) {
  if (url.dialect == Dialect::sqlite) {
    return SqliteConnection::open(url.memory ? ":memory:" : url.path,
                                  options.create
                                      ? SqliteConnection::OpenMode::read_write_create
                                      : SqliteConnection::OpenMode::read_only_if_exists);
  }
  PgOptions pg;
  return open_with_retry(url.libpq_conninfo(), pg, options.wait, options.on_retry);
}

}  // namespace retort
