// The PostgreSQL migration lock (docs/commands.md, "upgrade") and the session timeouts of
// `[postgresql] lock_timeout` / `statement_timeout`.
//
// Every command that writes holds a session-level advisory lock for its whole run, keyed by
// database, schema and version table, so that N processes running `upgrade head` at once apply
// each revision exactly once: the others wait (bounded) and then see the work already done.
// A session lock survives COMMIT and ROLLBACK and is released by the server when the session
// ends, so a crashed migrator never leaves the lock behind.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

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

// A PostgreSQL duration as `lock_timeout` and `statement_timeout` accept it: a number with an
// optional unit ms, s, min, h or d (no unit = milliseconds); "0" means no limit. `setting` names
// the setting in the error. Throws Error(input) for anything else ("10 seconds", "-1s", "").
std::chrono::milliseconds parse_pg_duration(std::string_view text, std::string_view setting);

// Sets the session's `lock_timeout` and `statement_timeout` from configuration strings ("10s");
// an empty string leaves that setting at the server's default. Values are validated with
// parse_pg_duration (Error(input)) before anything is sent, and sent as bound parameters of
// set_config(). Session-level: a ROLLBACK of an enclosing transaction undoes them.
void apply_pg_timeouts(Connection& conn, std::string_view lock_timeout,
                       std::string_view statement_timeout);

}  // namespace retort
