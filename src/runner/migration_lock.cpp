#include "runner/migration_lock.hpp"

#include "runner/migrator.hpp"

namespace retort {

MigrationLock::MigrationLock(Connection& conn, const MigratorOptions& options) : conn_(conn) {
  if (conn.dialect() != Dialect::postgresql) return;
  timeout_ = std::chrono::milliseconds(static_cast<int64_t>(options.lock_timeout_seconds * 1000));
  // A migrator killed in the middle of a long statement (SIGKILL, OOM, a pod evicted) must not
  // leave its session running: the server would finish the statement, keeping the revision's
  // transaction open and the advisory lock held, before it noticed the client had gone. With
  // client_connection_check_interval (PostgreSQL 14+) the server checks the socket while a
  // statement runs and ends the session within a second: the transaction rolls back and the
  // lock is released. Older servers do not have the setting.
  const bool check_interval =
      conn.query("SELECT current_setting('server_version_num')::int >= 140000").scalar() == "t";
  if (options.pg_migration_lock == PgMigrationLock::transaction) {
    local_settings_ = pg_timeout_settings(options.pg_lock_timeout, options.pg_statement_timeout);
    if (check_interval) local_settings_.push_back({"client_connection_check_interval", "1s"});
    xact_key_ = pg_version_table_lock_key(conn, options.version_table);
    return;
  }
  apply_pg_timeouts(conn, options.pg_lock_timeout, options.pg_statement_timeout);
  if (check_interval)
    conn.query("SELECT set_config('client_connection_check_interval', '1s', false)");
  pg_lock_.emplace(PgAdvisoryLock::for_version_table(conn, options.version_table, timeout_));
}

void MigrationLock::enter_transaction() {
  if (xact_key_) take_pg_xact_lock(conn_, *xact_key_, timeout_, local_settings_);
}

}  // namespace retort
