#include "runner/migration_lock.hpp"

#include "runner/migrator.hpp"

namespace retort {

MigrationLock::MigrationLock(Connection& conn, const MigratorOptions& options) {
  if (conn.dialect() != Dialect::postgresql) return;
  apply_pg_timeouts(conn, options.pg_lock_timeout, options.pg_statement_timeout);
  auto timeout = std::chrono::milliseconds(static_cast<int64_t>(options.lock_timeout_seconds * 1000));
  pg_lock_.emplace(PgAdvisoryLock::for_version_table(conn, options.version_table, timeout));
}

}  // namespace retort
