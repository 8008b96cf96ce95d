// A scratch database for `check --scratch` and `test`: an in-memory SQLite database, or a
// temporary database on the configured PostgreSQL server that is dropped afterwards.
#pragma once

#include <memory>
#include <string>

#include "config/config.hpp"
#include "db/connection.hpp"
#include "db/database_url.hpp"
#include "runner/migrator.hpp"

namespace retort {

class ScratchDatabase {
 public:
  // `url` decides the dialect: SQLite → a private in-memory database; PostgreSQL → CREATE
  // DATABASE retort_scratch_<pid>_<n> on that server (the URL's database is used only to connect).
  explicit ScratchDatabase(const DatabaseUrl& url);
  // Drops the temporary PostgreSQL database (best effort; never throws).
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  Connection& connection() { return *conn_; }
  // "sqlite:///:memory:" or the redacted URL of the temporary database.
  const std::string& describe() const { return describe_; }

 private:
  // Closes the connection and drops the temporary PostgreSQL database, if any; never throws.
  void drop() noexcept;

  DatabaseUrl admin_url_;
  std::string name_;
  std::string describe_;
  std::unique_ptr<Connection> conn_;
};

// The Migrator options for building a scratch database: the configuration's, but one revision per
// transaction whatever [migrations] transaction says: nothing else uses the database, and a
// transactional: false revision in the history must not stop the check.
MigratorOptions scratch_migrator_options(const Config& config);

}  // namespace retort
