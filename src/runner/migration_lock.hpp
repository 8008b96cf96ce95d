// The lock that keeps two retort processes from migrating one database at once (docs/commands.md,
// "Concurrent runs"; docs/configuration.md, "Connection poolers"), and the PostgreSQL session
// settings of a migration.
//
// PostgreSQL, `[postgresql] migration_lock`:
//  - "transaction" (the default): nothing is held between transactions. Each write transaction
//    (one per revision) takes pg_advisory_xact_lock, sets lock_timeout / statement_timeout for
//    itself (SET LOCAL), and the caller re-reads the version rows under the lock. The server
//    releases lock and settings at COMMIT/ROLLBACK, so this works through a transaction-mode
//    pooler (PgBouncer), where consecutive transactions of one client may run on different
//    server connections.
//  - "session": one session advisory lock for the whole run plus session-level timeouts; needs a
//    session of its own (a direct connection or a session-mode pooler).
// SQLite: nothing to hold; each step takes the write lock with BEGIN IMMEDIATE and re-reads the
// version rows inside it, unless the file's data version shows that nothing but this connection's
// own last step has changed the file since (Migrator, try_step).
#pragma once

#include <chrono>
#include <optional>
#include <vector>

#include "db/connection.hpp"
#include "db/pg_lock.hpp"

namespace retort {

struct MigratorOptions;

class MigrationLock {
 public:
  // Session mode: takes the lock, throws Error(lock) when it is not had within
  // options.lock_timeout_seconds. Transaction mode: validates the settings and computes the key;
  // takes nothing yet. Throws Error(input) for bad timeouts.
  MigrationLock(Connection& conn, const MigratorOptions& options);

  // Whether no other retort process can change the version table between this process's
  // transactions (the session lock): then the rows need not be re-read in each step.
  bool exclusive() const { return pg_lock_.has_value(); }

  // Called right after each write transaction has begun. Transaction mode: takes the
  // transaction-level advisory lock (bounded like the session lock) and sets the timeouts for
  // this transaction; the caller must then re-read the version rows. Otherwise does nothing.
  void enter_transaction();

 private:
  Connection& conn_;
  std::optional<PgAdvisoryLock> pg_lock_;
  std::optional<int64_t> xact_key_;  // transaction mode
  std::vector<PgSetting> local_settings_;
  std::chrono::milliseconds timeout_{0};
};

}  // namespace retort
