// The throwaway PostgreSQL server for tests (started by scripts/test.sh with
// tests/support/pg_server.sh; its URL arrives in RETORT_TEST_PG_URL). PostgreSQL tests never
// skip: when the variable is unset they fail with a message saying how to start a server.
#pragma once

#include <memory>
#include <string>

#include "db/pg_connection.hpp"

namespace retort::testing {

// RETORT_TEST_PG_URL. Throws std::runtime_error (which fails the test) when it is unset or empty.
std::string pg_test_url();

// RETORT_TEST_PGBOUNCER_URL: PgBouncer in transaction pooling mode in front of the test server
// (tests/support/pgbouncer.sh, started by scripts/test.sh); every database of the server is
// reachable through it under its own name. Throws std::runtime_error when it is unset or empty.
std::string pgbouncer_test_url();

// `url` with its database (the path after host[:port]) replaced by `database`; the query string
// is kept.
std::string pg_url_with_database(const std::string& url, const std::string& database);

// The host and port of `url` ("127.0.0.1", 5432), for tests that need a raw socket.
std::string pg_url_host(const std::string& url);
int pg_url_port(const std::string& url);

// A fresh database on the test server for one test: CREATE DATABASE retort_t_<random> on
// construction, DROP DATABASE … WITH (FORCE) on destruction (ending sessions still connected).
// Throws std::runtime_error / retort::Error when the server cannot be used.
class PgTestDatabase {
 public:
  PgTestDatabase();
  ~PgTestDatabase();
  PgTestDatabase(const PgTestDatabase&) = delete;
  PgTestDatabase& operator=(const PgTestDatabase&) = delete;

  const std::string& name() const { return name_; }
  const std::string& url() const { return url_; }
  // A new connection to this database; the caller owns it.
  std::unique_ptr<PgConnection> connect(const PgOptions& options = {}) const;

 private:
  std::string admin_url_;
  std::string name_;
  std::string url_;
};

}  // namespace retort::testing
