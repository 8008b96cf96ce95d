#include "db/pg_lock.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>
#include <thread>

#include "base/error.hpp"
#include "base/sha256.hpp"
#include "db/interrupt.hpp"

namespace retort {

namespace {

std::string key_text(int64_t key) {
  return std::to_string(key);
}

// Who holds advisory lock `key` in this database, for the timeout message; "" when nobody
// (it was released meanwhile) or the catalog cannot tell. A bigint advisory key shows in
// pg_locks as classid = high 32 bits, objid = low 32 bits, objsubid = 1.
std::string describe_holder(Connection& conn, int64_t key) {
  uint64_t k = static_cast<uint64_t>(key);
  try {
    QueryResult r = conn.query(
        "SELECT a.pid, coalesce(a.application_name, ''), coalesce(a.usename::text, ''),"
        " coalesce(host(a.client_addr), 'local'),"
        " coalesce(date_trunc('second', a.backend_start)::text, ''), coalesce(a.state, '')"
        " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
        " WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1::oid"
        " AND l.objid = $2::oid AND l.objsubid = 1"
        " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        " AND l.pid <> pg_backend_pid()",
        {Param::of(std::to_string(k >> 32)), Param::of(std::to_string(k & 0xffffffffu))});
    if (r.rows.empty()) return "";
    const auto& row = r.rows[0];
    auto at = [&row](size_t i) { return row[i].value_or(""); };
    return fmt::format("pid {} (application '{}', user {}, client {}, connected since {}, {})",
                       at(0), at(1), at(2), at(3), at(4), at(5));
  } catch (const Error&) {
    return "";  // the message is still useful without the holder
  }
}

}  // namespace

int64_t pg_lock_key(std::string_view database, std::string_view schema, std::string_view table) {
  std::string text;
  text.reserve(database.size() + schema.size() + table.size() + 2);
  text.append(database).append("|").append(schema).append("|").append(table);
  std::string digest = sha256_raw(text);
  uint64_t key = 0;
  for (int i = 0; i < 8; ++i) key = key << 8 | static_cast<unsigned char>(digest[i]);
  return static_cast<int64_t>(key);
}

namespace {

// Runs `try_sql` (its first column: did we get lock `key`) until it says yes, sleeping 25 ms
// growing to 200 ms between tries, until `timeout` has passed (at least one try). Returns how
// long it waited. Throws Error(lock) on timeout and the interrupt error when a signal came.
std::chrono::milliseconds wait_for_lock(Connection& conn, int64_t key,
                                        std::chrono::milliseconds timeout, std::string_view try_sql,
                                        const std::vector<Param>& params) {
  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  const auto deadline = started + timeout;
  std::chrono::milliseconds sleep{25};
  for (;;) {
    if (conn.query(try_sql, params).scalar() == "t") break;
    throw_if_interrupted();  // while waiting only: a rollback's audit row still gets the lock
    auto now = Clock::now();
    if (now >= deadline) {
      std::string holder = describe_holder(conn, key);
      throw Error(ErrorKind::lock,
                  fmt::format("could not take the migration lock on {} within {:.1f} s: {}\n"
                              "  another retort is probably migrating this database; it will "
                              "see the work done when it gets the lock (raise --lock-timeout to "
                              "wait longer)",
                              conn.describe(), timeout.count() / 1000.0,
                              holder.empty() ? "another session holds it" : "held by " + holder));
    }
    std::this_thread::sleep_for(
        std::min(sleep, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now)));
    sleep = std::min(sleep * 2, std::chrono::milliseconds{200});
  }
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
}

}  // namespace

PgAdvisoryLock::PgAdvisoryLock(Connection& conn, int64_t key, std::chrono::milliseconds timeout)
    : conn_(nullptr), key_(key) {
  waited_ = wait_for_lock(conn, key, timeout, "SELECT pg_try_advisory_lock($1::bigint)",
                          {Param::of(key_text(key))});
  conn_ = &conn;
}

int64_t pg_version_table_lock_key(Connection& conn, std::string_view version_table) {
  QueryResult r = conn.query("SELECT current_database(), coalesce(current_schema(), '')");
  std::string database = r.rows.at(0).at(0).value_or("");
  std::string schema = r.rows.at(0).at(1).value_or("");
  std::string_view table = version_table;
  if (size_t dot = version_table.rfind('.'); dot != std::string_view::npos) {
    schema = std::string(version_table.substr(0, dot));
    table = version_table.substr(dot + 1);
  }
  return pg_lock_key(database, schema, table);
}

std::chrono::milliseconds take_pg_xact_lock(Connection& conn, int64_t key,
                                            std::chrono::milliseconds timeout,
                                            const std::vector<PgSetting>& local_settings) {
  std::string sql = "SELECT pg_try_advisory_xact_lock($1::bigint)";
  std::vector<Param> params{Param::of(key_text(key))};
  for (const PgSetting& s : local_settings) {
    sql += fmt::format(", set_config(${}, ${}, true)", params.size() + 1, params.size() + 2);
    params.push_back(Param::of(s.name));
    params.push_back(Param::of(s.value));
  }
  return wait_for_lock(conn, key, timeout, sql, params);
}

PgAdvisoryLock PgAdvisoryLock::for_version_table(Connection& conn, std::string_view version_table,
                                                 std::chrono::milliseconds timeout) {
  return PgAdvisoryLock(conn, pg_version_table_lock_key(conn, version_table), timeout);
}

PgAdvisoryLock::PgAdvisoryLock(PgAdvisoryLock&& other) noexcept
    : conn_(other.conn_), key_(other.key_), waited_(other.waited_) {
  other.conn_ = nullptr;
}

PgAdvisoryLock::~PgAdvisoryLock() {
  try {
    release();
  } catch (...) {
    // The session is gone or broken: the server has released (or will release) the lock.
  }
}

void PgAdvisoryLock::release() {
  if (conn_ == nullptr) return;
  Connection& conn = *conn_;
  conn_ = nullptr;
  if (conn.query("SELECT pg_advisory_unlock($1::bigint)", {Param::of(key_text(key_))}).scalar() !=
      "t")
    throw Error(ErrorKind::lock, "the migration lock " + key_text(key_) + " on " + conn.describe() +
                                     " was not held by this session");
}

std::chrono::milliseconds parse_pg_duration(std::string_view text, std::string_view setting) {
  auto bad = [&]() {
    return Error(ErrorKind::input,
                 fmt::format("invalid {} '{}': expected a duration such as 10s, 500ms, 2min, 1h "
                             "(a bare number is milliseconds; 0 means no limit)",
                             setting, text));
  };
  size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  size_t number_start = i;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
    ++i;
  std::string number(text.substr(number_start, i - number_start));
  if (number.empty() || number == "." || std::count(number.begin(), number.end(), '.') > 1)
    throw bad();
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  size_t unit_start = i;
  while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
  std::string_view unit = text.substr(unit_start, i - unit_start);
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  if (i != text.size()) throw bad();

  double factor;
  if (unit.empty() || unit == "ms")
    factor = 1;
  else if (unit == "s")
    factor = 1000;
  else if (unit == "min")
    factor = 60'000;
  else if (unit == "h")
    factor = 3'600'000;
  else if (unit == "d")
    factor = 86'400'000;
  else
    throw bad();
  double ms = std::stod(number) * factor;
  if (ms > 2'147'483'647.0) throw bad();  // PostgreSQL's limit for these settings
  return std::chrono::milliseconds(static_cast<int64_t>(std::ceil(ms)));
}

std::vector<PgSetting> pg_timeout_settings(std::string_view lock_timeout,
                                           std::string_view statement_timeout) {
  // Validate both before returning either, so bad configuration changes nothing.
  std::vector<PgSetting> out;
  for (auto [name, value] : {std::pair<const char*, std::string_view>{"lock_timeout", lock_timeout},
                             {"statement_timeout", statement_timeout}})
    if (!value.empty())
      out.push_back({name, std::to_string(parse_pg_duration(value, name).count()) + "ms"});
  return out;
}

void apply_pg_timeouts(Connection& conn, std::string_view lock_timeout,
                       std::string_view statement_timeout) {
  for (const PgSetting& s : pg_timeout_settings(lock_timeout, statement_timeout))
    conn.query("SELECT set_config($1, $2, false)", {Param::of(s.name), Param::of(s.value)});
}

}  // namespace retort
