// SqliteConnection: the Connection seam over the sqlite3 C API (docs/commands.md, "upgrade",
// on SQLite: busy_timeout makes a second writer wait).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "db/connection.hpp"
#include "db/interrupt.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace retort {

// Tuning for SqliteConnection::open.
struct SqliteOptions {
  // How long a statement waits for another process's lock before failing with Error(lock).
  std::chrono::milliseconds busy_timeout{30000};
  // Prepared statements kept for query(); 0 disables the cache.
  size_t statement_cache_size = 64;
  // SQLite URI parameters (`cache=shared`, `immutable=1`, `nolock=1`, `vfs=NAME`, `mode=ro`):
  // when not empty the file is opened as a `file:` URI with them (SQLITE_OPEN_URI). A `mode`
  // may only narrow the OpenMode (SQLite refuses a wider one). Ignored for a missing file in
  // read_only_if_exists mode (the empty in-memory database).
  std::vector<std::pair<std::string, std::string>> uri_params;
};

// A connection to one SQLite database file (or ":memory:"). Opening turns on
// `PRAGMA foreign_keys=ON` and sets the busy timeout.
//
// Errors: a statement that fails throws Error(database) carrying SQLite's message and the failing
// SQL (shortened to one line); SQLITE_BUSY / SQLITE_LOCKED that outlast the busy timeout throw
// Error(lock). Used by one thread at a time; owns its sqlite3 handle and cached statements.
class SqliteConnection final : public Connection {
 public:
  enum class OpenMode {
    // For read-only commands and --dry-run: never creates a file. An existing file is opened
    // read-only; a missing file (or ":memory:") gives an empty, read-only in-memory database,
    // so "no file yet" reads as "empty database" and any write fails with Error(database).
    read_only_if_exists,
    // Opens the file read-write, creating it when missing. ":memory:" is a private empty db.
    read_write_create,
    // Opens an existing file read-write; a missing file is Error(connection), never created
    // (an application's own connections: an empty file would hide a database never migrated).
    read_write_existing,
  };

  // Opens `path` (a file path or ":memory:"). Never returns nullptr. Throws Error(connection)
  // when the file cannot be opened (missing directory, permissions, not a database).
  static std::unique_ptr<SqliteConnection> open(const std::string& path, OpenMode mode,
                                                const SqliteOptions& options = {});

  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Dialect dialect() const override { return Dialect::sqlite; }

  // One statement with `?` placeholders bound to `params` (as text; NULL for Param::null()).
  // Repeated SQL reuses a cached prepared statement. Rows come back as text (BLOBs as their raw
  // bytes). A second statement in `sql` is an Error(database).
  QueryResult query(std::string_view sql, const std::vector<Param>& params = {}) override;

  // Runs every statement of `script` in order, discarding result rows, and returns the rows
  // changed by the last statement (0 when it was not INSERT/UPDATE/DELETE). Stops at the first
  // failure (earlier statements stay applied unless the caller's transaction is rolled back).
  // A `PRAGMA foreign_key_check` statement that returns rows fails the script with
  // Error(database) listing the violations: this is how a table rebuild (dialect/sqlite) proves
  // it kept referential integrity.
  int64_t execute(std::string_view script) override;

  // The SQLite library version, e.g. "3.40.1".
  std::string server_version() override;
  // The path as given (":memory:" for an in-memory database).
  std::string describe() const override { return path_; }
  bool in_transaction() override;

  // SQLite's data version of the main database (SQLITE_FCNTL_DATA_VERSION): a number that changes
  // with every commit to the file, this connection's own and any other connection's or process's
  // (those as seen when this connection last took a lock on the file, e.g. by BEGIN IMMEDIATE).
  // Equal values read under two locks mean that nothing but this connection's own work between
  // them changed the file. nullopt when the file's VFS does not report it.
  std::optional<uint32_t> data_version();

  // True when open() was asked for a file in read_only_if_exists mode and none existed: the
  // connection reads an empty in-memory database.
  bool missing_file() const { return missing_file_; }
  // The raw handle, for tests and tools that need an API this class does not wrap. Still owned
  // by this object.
  sqlite3* handle() { return db_; }

 private:
  SqliteConnection(sqlite3* db, std::string path, const SqliteOptions& options, bool missing);

  sqlite3_stmt* prepare_cached(std::string_view sql);
  [[noreturn]] void fail(int rc, std::string_view sql);
  void clear_cache();
  // StatementCanceller::cancel: sqlite3_interrupt (safe from a signal handler; the sqlite3 shell
  // does the same on Ctrl-C).
  static void interrupt_running(void* db) noexcept;

  sqlite3* db_;
  StatementCanceller canceller_;
  std::string path_;
  SqliteOptions options_;
  bool missing_file_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace retort
