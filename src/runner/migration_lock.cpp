#include "runner/migration_lock.hpp"

#include "runner/migrator.hpp"

namespace retort {

MigrationLock::MigrationLock(Connection& conn, const MigratorOptions& options) {
  if (conn.dialect() != Dialect::postgresql) return;
  apply_pg_timeouts(conn, options.pg_lock_timeout, options.pg_statement_timeout);
  // A migrator killed in the middle of a long statement (SIGKILL, OOM, a pod evicted) must not
  // leave its session running: the server would finish the statement, keeping the revision's
  // transaction open and the advisory lock held, before it noticed the client had gone. With
  // client_connection_check_interval (PostgreSQL 14+) the server checks the socket while a
  // statement runs and ends the session within a second: the transaction rolls back and the
  // lock is released. Older servers do not have the setting; the WHERE skips it there.
  conn.query(
      "SELECT set_config('client_connection_check_interval', '1s', false) "
      "WHERE current_setting('server_version_num')::int >= 140000");
  auto timeout =
      std::chrono::milliseconds(static_cast<int64_t>(options.lock_timeout_seconds * 1000));
  pg_lock_.emplace(PgAdvisoryLock::for_version_table(conn, options.version_table, timeout));
}

}  // namespace retort
