// A second, private PostgreSQL server for tests that need one they control (start it late, stop
// it): initdb into a temporary directory, pg_ctl start/stop, on a fixed free loopback port. As
// root the server runs as the 'postgres' user, as tests/support/pg_server.sh does.
#pragma once

#include <string>

namespace retort::testing {

// A free TCP port on 127.0.0.1 right now (bound and released; another process could take it,
// which on a test machine is unlikely within seconds).
int free_loopback_port();

class PgCluster {
 public:
  // Picks the port and a temporary directory; runs nothing yet.
  PgCluster();
  // Stops the server if it runs (immediate mode) and removes the directory.
  ~PgCluster();
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

  // initdb (trust authentication, superuser 'retort'). Throws std::runtime_error with initdb's
  // output when it fails.
  void init();
  // pg_ctl start -w. Throws std::runtime_error with the server log when it does not start.
  void start();
  // pg_ctl stop -m immediate (no-op when not running).
  void stop();

  int port() const { return port_; }
  // postgresql://retort@127.0.0.1:PORT/postgres
  std::string url() const;

 private:
  std::string dir_;
  std::string bindir_;
  int port_ = 0;
  bool started_ = false;
};

}  // namespace retort::testing
