// The PostgreSQL migration lock (docs/commands.md, "Concurrent runs") and the timeouts of
// `[postgresql] lock_timeout` / `statement_timeout`.
//
// Writing commands serialise on an advisory lock keyed by database, schema and version table, so
// that N processes running `upgrade head` at once apply each revision exactly once: the others
// wait (bounded) and then see the work already done. Two forms (docs/configuration.md
// "Connection poolers"): PgAdvisoryLock, a session-level lock held for a whole run (it survives
// COMMIT and ROLLBACK and is released when the session ends, so a crashed migrator never leaves
// it behind), and take_pg_xact_lock, a transaction-level lock taken in each revision's
// transaction, which also works through a transaction-mode connection pooler.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "db/connection.hpp"

namespace retort {

// The advisory-lock key for a version table: the first 8 bytes (big-endian) of
// SHA-256("database|schema|table"), as a signed 64-bit number. Stable across versions and
// platforms, so every retort agrees on it.
int64_t pg_lock_key(std::string_view database, std::string_view schema, std::string_view table);

// A held session advisory lock; releases it when destroyed (RAII). Movable, not copyable. The
// connection is borrowed: it must outlive the lock (or the lock must be released first).
// Release it outside a transaction: an unlock sent inside a failed transaction fails, and the
// lock then stays until the session ends. Holding it on a connection of its own avoids that.
class PgAdvisoryLock {
 public:
  // Takes lock `key` on `conn`, trying `pg_try_advisory_lock` with short sleeps (25 ms growing to
  // 200 ms) until `timeout` has passed (at least one try). Throws Error(lock) on timeout, naming
  // the session that holds it when it can be found (pid, application, user, client, since when,
  // state), and Error(database)/Error(connection) when the query itself fails.
  PgAdvisoryLock(Connection& conn, int64_t key, std::chrono::milliseconds timeout);

  // The migration lock for `version_table` ("table" or "schema.table"): the key is
  // pg_lock_key(current_database(), the table's schema or current_schema(), table). Throws as
  // the constructor.
  static PgAdvisoryLock for_version_table(Connection& conn, std::string_view version_table,
                                          std::chrono::milliseconds timeout);

  PgAdvisoryLock(PgAdvisoryLock&& other) noexcept;
  PgAdvisoryLock& operator=(PgAdvisoryLock&&) = delete;
  PgAdvisoryLock(const PgAdvisoryLock&) = delete;
  PgAdvisoryLock& operator=(const PgAdvisoryLock&) = delete;

  // Releases the lock unless already released; never throws (a dead connection has released it).
  ~PgAdvisoryLock();

  // Releases the lock now. Throws Error(lock) when the server says this session did not hold it,
  // Error(database)/Error(connection) when the query fails. Does nothing when already released.
  void release();

  int64_t key() const { return key_; }
  // How long the constructor waited before it got the lock.
  std::chrono::milliseconds waited() const { return waited_; }

 private:
  Connection* conn_;  // nullptr once released or moved from
  int64_t key_;
  std::chrono::milliseconds waited_{0};
};

// The migration lock's key for `version_table` ("table" or "schema.table"):
// pg_lock_key(current_database(), the table's schema or current_schema(), table).
int64_t pg_version_table_lock_key(Connection& conn, std::string_view version_table);

// A setting for set_config(), e.g. {"lock_timeout", "10000ms"}.
struct PgSetting {
  std::string name;
  std::string value;
};

// The transaction-level form of the migration lock, for `[postgresql] migration_lock =
// "transaction"` (docs/configuration.md "Connection poolers"). Takes advisory lock `key` inside
// the caller's open transaction with pg_try_advisory_xact_lock, retried and bounded like
// PgAdvisoryLock's constructor (same Error(lock) on timeout), and sets `local_settings` for this
// transaction only (set_config(name, value, true)) in the same round trip. The server releases
// the lock at COMMIT or ROLLBACK, so nothing outlives the transaction: through a transaction-mode
// connection pooler (PgBouncer) the lock and the settings stay on the server connection that runs
// the transaction, and never leak to the next client of that connection. Returns how long it
// waited.
std::chrono::milliseconds take_pg_xact_lock(Connection& conn, int64_t key,
                                            std::chrono::milliseconds timeout,
                                            const std::vector<PgSetting>& local_settings = {});

// A PostgreSQL duration as `lock_timeout` and `statement_timeout` accept it: a number with an
// optional unit ms, s, min, h or d (no unit = milliseconds); "0" means no limit. `setting` names
// the setting in the error. Throws Error(input) for anything else ("10 seconds", "-1s", "").
std::chrono::milliseconds parse_pg_duration(std::string_view text, std::string_view setting);

// `lock_timeout` and `statement_timeout` as set_config() values ("10000ms"), the empty ones left
// out. Validates both with parse_pg_duration (Error(input)) before returning either.
std::vector<PgSetting> pg_timeout_settings(std::string_view lock_timeout,
                                           std::string_view statement_timeout);

// Sets the session's `lock_timeout` and `statement_timeout` from configuration strings ("10s");
// an empty string leaves that setting at the server's default. Values are validated with
// parse_pg_duration (Error(input)) before anything is sent, and sent as bound parameters of
// set_config(). Session-level: a ROLLBACK of an enclosing transaction undoes them.
void apply_pg_timeouts(Connection& conn, std::string_view lock_timeout,
                       std::string_view statement_timeout);

}  // namespace retort
