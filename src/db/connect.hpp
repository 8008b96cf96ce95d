// Opening a connection from a database URL: SQLite or PostgreSQL, per the URL's scheme.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "base/error.hpp"
#include "db/connection.hpp"
#include "db/database_url.hpp"

namespace retort {

struct ConnectOptions {
  // SQLite: false opens an existing file read-only and treats a missing file as an empty
  // database, never creating one (read-only commands, --dry-run); true creates the file.
  bool create = false;
  // SQLite, with `create`: open read-write but refuse a missing file instead of creating it
  // (Error(connection)) — for an application's own queries after migrations ran elsewhere.
  bool must_exist = false;
  // PostgreSQL: keep retrying a connection failure for this long (--wait-for-db).
  std::chrono::milliseconds wait{0};
  // Hears about each retry (may be empty).
  std::function<void(int attempt, const Error& error, std::chrono::milliseconds next_wait)>
      on_retry;
};

// Throws Error(connection) when the database cannot be reached (the message shows the URL
// redacted), Error(input) for a URL libpq rejects.
std::unique_ptr<Connection> connect(const DatabaseUrl& url, const ConnectOptions& options = {});

}  // namespace retort
