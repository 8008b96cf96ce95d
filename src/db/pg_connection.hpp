// PostgreSQL connection over libpq (implements the Connection seam of db/connection.hpp).
//
// A PgConnection owns one libpq connection (PGconn) for its whole life and closes it in its
// destructor. Like every Connection it is used by one thread at a time. It never prints and
// never shows a password: describe() and every error message name the database as
// `postgresql://user:***@host:port/db` (pg_display_url), whether it was given as a URL or as a
// libpq key=value string.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "db/connection.hpp"
#include "db/interrupt.hpp"

struct pg_conn;    // libpq's PGconn; kept out of this header so users need not include libpq-fe.h
struct pg_cancel;  // libpq's PGcancel

namespace retort {

// How to open a PostgreSQL connection. Query parameters in the URL override these.
struct PgOptions {
  // libpq `connect_timeout` in seconds for each attempt; 0 leaves libpq's default (no limit).
  int connect_timeout_seconds = 10;
  // `application_name` the server shows in pg_stat_activity (and lock-holder messages).
  std::string application_name = "retort";
};

// A statement failure reported by the server. Error(database) whose message carries the server's
// message, SQLSTATE, detail and hint, and the failing SQL (shortened); the parts are also kept.
class PgDatabaseError : public Error {
 public:
  PgDatabaseError(const std::string& message, std::string sqlstate)
      : Error(ErrorKind::database, message), sqlstate_(std::move(sqlstate)) {}
  // The five-character SQLSTATE, e.g. "42P01"; "" when the server sent none.
  const std::string& sqlstate() const { return sqlstate_; }

 private:
  std::string sqlstate_;
};

class PgConnection : public Connection {
 public:
  // Connects to `url` (`postgresql://` or `postgres://`; query parameters go to libpq, and win
  // over `options`; a libpq key=value string works too). Throws Error(input) when libpq cannot
  // parse the URL and Error(connection) when the server cannot be reached or refuses the
  // connection; both name the redacted URL.
  static std::unique_ptr<PgConnection> open(const std::string& url, const PgOptions& options = {});

  ~PgConnection() override;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  Dialect dialect() const override { return Dialect::postgresql; }

  // One statement via PQexecParams, `$1`-style placeholders, text format both ways.
  // Throws PgDatabaseError (kind database) when the statement fails, Error(connection) when
  // the connection was lost.
  QueryResult query(std::string_view sql, const std::vector<Param>& params = {}) override;

  // The statements in libpq's pipeline mode: all sent, then one sync, one round trip. After a
  // failure the server skips the rest up to the sync (inside a transaction block the
  // transaction is left failed, for the caller to roll back). With a libpq older than 14 (no
  // pipeline mode) they run one by one.
  std::vector<QueryResult> query_batch(const std::vector<Statement>& statements) override;

  // A script of one or more statements via PQexec (the server runs a multi-statement script in
  // one implicit transaction unless it contains its own BEGIN/COMMIT). Returns the rows changed
  // by the last statement. Throws like query().
  int64_t execute(std::string_view sql) override;

  // "15.18" (or "9.6.24" for servers before 10), from PQserverVersion.
  std::string server_version() override;
  // pg_display_url() of what open() was given.
  std::string describe() const override { return redacted_url_; }
  // True unless libpq reports the session idle (a failed transaction still counts as open).
  bool in_transaction() override;

  // PQserverVersion as a number, e.g. 150018.
  int server_version_number() const;
  // The process id of the server backend serving this connection.
  int backend_pid() const;

  // Notices and warnings the server sent (e.g. "NOTICE: table "x" does not exist, skipping"),
  // oldest first, without trailing newlines. take_notices() returns them and clears the list.
  const std::vector<std::string>& notices() const { return notices_; }
  std::vector<std::string> take_notices();

 private:
  PgConnection(pg_conn* conn, std::string redacted_url);
  [[noreturn]] void throw_failure(void* result, std::string_view sql);
  // The rows and affected count of a successful PGresult, which it clears.
  static QueryResult take_result(void* result);
  static void on_notice(void* self, const char* message);
  // StatementCanceller::cancel: PQcancel (async-signal-safe) on the PGcancel of `self`.
  static void cancel_running(void* self) noexcept;

  pg_conn* conn_;
  pg_cancel* cancel_ = nullptr;  // for request_interrupt(); nullptr when libpq could not make one
  int (*pq_cancel_)(pg_cancel*, char*, int) = nullptr;
  StatementCanceller canceller_{&PgConnection::cancel_running, this};
  std::string redacted_url_;
  std::vector<std::string> notices_;
};

// Where a URL or key=value conninfo string points, as a URL safe to print and the same for both
// spellings: `postgresql://user:***@host:port/db` (":***" only when a password is given; query
// parameters are left out). Falls back to redact_passwords() (base/redact.hpp) for text libpq
// cannot parse. Never throws.
std::string pg_display_url(std::string_view conninfo);

// Called before each retry of open_with_retry: the attempt that failed (1-based), its error, and
// how long the next wait is.
using PgRetryObserver =
    std::function<void(int attempt, const Error& error, std::chrono::milliseconds next_wait)>;

// `--wait-for-db`: opens `url`, retrying while the failure is Error(connection) (the server is
// still starting), waiting 100 ms, then twice as long each time up to 2 s, until `wait` has
// passed. Prints nothing; `observer` (may be empty) hears about every retry. Throws the last
// Error(connection) when time runs out, and any other error (Error(input): a bad URL) at once.
std::unique_ptr<PgConnection> open_with_retry(const std::string& url, const PgOptions& options,
                                              std::chrono::milliseconds wait,
                                              const PgRetryObserver& observer = {});

}  // namespace retort
