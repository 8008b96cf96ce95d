#include "db/connect.hpp"

#include "db/pg_connection.hpp"
#include "db/sqlite_connection.hpp"

namespace retort {

std::unique_ptr<Connection> connect(const DatabaseUrl& url, const ConnectOptions& options) {
  if (url.dialect == Dialect::sqlite) {
    using Mode = SqliteConnection::OpenMode;
    Mode mode = !options.create      ? Mode::read_only_if_exists
                : options.must_exist ? Mode::read_write_existing
                                     : Mode::read_write_create;
    return SqliteConnection::open(url.memory ? ":memory:" : url.path, mode);
  }
  PgOptions pg;
  return open_with_retry(url.libpq_conninfo(), pg, options.wait, options.on_retry);
}

}  // namespace retort
