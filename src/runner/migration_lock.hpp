// The lock a writing command holds for its whole run (docs/commands.md, "upgrade"). On PostgreSQL:
// the session advisory lock keyed by database, schema and version table, plus the configured
// session timeouts. On SQLite there is nothing to hold: each step takes the write lock itself with
// BEGIN IMMEDIATE and re-reads the version table inside it.
#pragma once

#include <memory>
#include <optional>

#include "db/connection.hpp"
#include "db/pg_lock.hpp"

namespace retort {

struct MigratorOptions;

class MigrationLock {
 public:
  // Throws Error(lock) when the lock is not had within options.lock_timeout_seconds.
  MigrationLock(Connection& conn, const MigratorOptions& options);

  // Whether no other retort process can change the version table while this is held (the
  // PostgreSQL advisory lock). On SQLite each step must re-read the rows inside its own write
  // transaction instead.
  bool exclusive() const { return pg_lock_.has_value(); }

 private:
  std::optional<PgAdvisoryLock> pg_lock_;
};

}  // namespace retort
