#include "db/pg_connection.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <thread>

#include "base/redact.hpp"
#include "db/libpq.hpp"
#include "sql/lexer.hpp"

namespace retort {

namespace {

std::string trim_right(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  return s;
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  size_t start = 0;
  for (size_t comma; (comma = text.find(',', start)) != std::string::npos; start = comma + 1)
    out.push_back(text.substr(start, comma - start));
  out.push_back(text.substr(start));
  return out;
}

// Percent-encodes the characters that would break a URL's user, host or database part.
std::string url_escape(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~' || c == '[' || c == ']' ||
        u >= 0x80) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

void replace_all(std::string& text, std::string_view what, std::string_view with) {
  if (what.empty()) return;
  for (size_t pos = text.find(what); pos != std::string::npos;
       pos = text.find(what, pos + with.size()))
    text.replace(pos, what.size(), with);
}

// `message` with every password of `url` replaced by "***". Short passwords are only scrubbed when
// `aggressive` (a URL parse error quotes the offending token, which may be the password).
std::string scrub(std::string message, std::string_view url, bool aggressive) {
  for (const std::string& pw : passwords_in(url))
    if (aggressive || pw.size() >= 4) replace_all(message, pw, "***");
  return message;
}

// Rows changed by the statement of `result`: the count in its command tag for DML (also with
// RETURNING), 0 for statements that only read (SELECT, FETCH, MOVE; CREATE TABLE AS shows as
// SELECT too) and for everything else.
int64_t affected_rows(PGresult* result) {
  std::string_view tag = pq::api().PQcmdStatus(result);
  if (tag.rfind("SELECT", 0) == 0 || tag.rfind("FETCH", 0) == 0 || tag.rfind("MOVE", 0) == 0)
    return 0;
  return std::strtoll(pq::api().PQcmdTuples(result), nullptr, 10);
}

}  // namespace

std::string pg_display_url(std::string_view conninfo) {
  std::string text(conninfo);
  PQconninfoOption* options = pq::api().PQconninfoParse(text.c_str(), nullptr);
  if (options == nullptr) return redact_passwords(conninfo);
  std::string host, hostaddr, port, user, dbname;
  bool password = false;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val == nullptr || *o->val == '\0') continue;
    std::string_view key = o->keyword;
    if (key == "host")
      host = o->val;
    else if (key == "hostaddr")
      hostaddr = o->val;
    else if (key == "port")
      port = o->val;
    else if (key == "user")
      user = o->val;
    else if (key == "dbname")
      dbname = o->val;
    else if (key == "password")
      password = true;
  }
  pq::api().PQconninfoFree(options);
  if (host.empty()) host = hostaddr;

  std::string out = conninfo.rfind("postgres://", 0) == 0 ? "postgres://" : "postgresql://";
  if (!user.empty() || password) {
    out += url_escape(user);
    if (password) out += ":***";
    out += '@';
  }
  // Hosts and ports are comma-separated lists when several servers are given.
  std::vector<std::string> hosts = split_commas(host);
  std::vector<std::string> ports = split_commas(port);
  for (size_t i = 0; i < std::max(hosts.size(), ports.size()); ++i) {
    if (i) out += ',';
    if (i < hosts.size())
      out += hosts[i].find(':') != std::string::npos ? "[" + hosts[i] + "]"  // IPv6
                                                     : url_escape(hosts[i]);
    std::string p = i < ports.size() ? ports[i] : ports.size() == 1 ? ports[0] : "";
    if (!p.empty()) out += ':' + p;
  }
  if (!dbname.empty()) out += '/' + url_escape(dbname);
  return out;
}

std::unique_ptr<PgConnection> PgConnection::open(const std::string& url, const PgOptions& options) {
  std::string redacted = pg_display_url(url);

  // Parse first so that a malformed URL is an input error (not retried by --wait-for-db).
  char* parse_error = nullptr;
  PQconninfoOption* parsed = pq::api().PQconninfoParse(url.c_str(), &parse_error);
  if (parsed == nullptr) {
    std::string why = parse_error ? trim_right(parse_error) : "out of memory";
    if (parse_error) pq::api().PQfreemem(parse_error);
    throw Error(ErrorKind::input,
                "invalid database URL " + redacted + ": " + scrub(why, url, /*aggressive=*/true));
  }
  pq::api().PQconninfoFree(parsed);

  // With expand_dbname, keywords after `dbname` override the URL's and keywords before it are
  // overridden by the URL's: our defaults go first so that URL parameters win.
  std::string timeout = std::to_string(options.connect_timeout_seconds);
  std::vector<const char*> keys;
  std::vector<const char*> values;
  if (options.connect_timeout_seconds > 0) {
    keys.push_back("connect_timeout");
    values.push_back(timeout.c_str());
  }
  keys.push_back("application_name");
  values.push_back(options.application_name.c_str());
  keys.push_back("client_encoding");
  values.push_back("UTF8");
  keys.push_back("dbname");
  values.push_back(url.c_str());
  keys.push_back(nullptr);
  values.push_back(nullptr);

  PGconn* conn = pq::api().PQconnectdbParams(keys.data(), values.data(), /*expand_dbname=*/1);
  if (conn == nullptr)
    throw Error(ErrorKind::connection, "could not connect to " + redacted + ": out of memory");
  if (pq::api().PQstatus(conn) != CONNECTION_OK) {
    std::string why = trim_right(pq::api().PQerrorMessage(conn));
    pq::api().PQfinish(conn);
    throw Error(ErrorKind::connection,
                "could not connect to " + redacted + ": " + scrub(why, url, /*aggressive=*/false));
  }
  return std::unique_ptr<PgConnection>(new PgConnection(conn, std::move(redacted)));
}

PgConnection::PgConnection(pg_conn* conn, std::string redacted_url)
    : conn_(conn), redacted_url_(std::move(redacted_url)) {
  pq::api().PQsetNoticeProcessor(conn_, &PgConnection::on_notice, this);
  cancel_ = pq::api().PQgetCancel(conn_);
  pq_cancel_ = pq::api().PQcancel;
}

PgConnection::~PgConnection() {
  if (cancel_) pq::api().PQfreeCancel(cancel_);
  pq::api().PQfinish(conn_);
}

void PgConnection::cancel_running(void* raw) noexcept {
  auto* self = static_cast<PgConnection*>(raw);
  char error[256];
  if (self->cancel_) self->pq_cancel_(self->cancel_, error, sizeof error);
}

void PgConnection::on_notice(void* self, const char* message) {
  static_cast<PgConnection*>(self)->notices_.push_back(trim_right(message));
}

std::vector<std::string> PgConnection::take_notices() {
  std::vector<std::string> out;
  out.swap(notices_);
  return out;
}

void PgConnection::throw_failure(void* raw, std::string_view sql) {
  PGresult* result = static_cast<PGresult*>(raw);
  if (pq::api().PQstatus(conn_) == CONNECTION_BAD) {
    std::string why = trim_right(pq::api().PQerrorMessage(conn_));
    pq::api().PQclear(result);
    throw Error(ErrorKind::connection, "lost the connection to " + redacted_url_ + ": " + why);
  }
  auto field = [result](int code) -> std::string {
    const char* v = result ? pq::api().PQresultErrorField(result, code) : nullptr;
    return v ? trim_right(v) : std::string();
  };
  std::string primary = field(PG_DIAG_MESSAGE_PRIMARY);
  if (primary.empty()) primary = trim_right(pq::api().PQerrorMessage(conn_));
  if (primary.empty() && result) primary = pq::api().PQresStatus(pq::api().PQresultStatus(result));
  std::string sqlstate = field(PG_DIAG_SQLSTATE);
  std::string detail = field(PG_DIAG_MESSAGE_DETAIL);
  std::string hint = field(PG_DIAG_MESSAGE_HINT);
  pq::api().PQclear(result);

  std::string message = primary;
  if (!sqlstate.empty()) message += " (SQLSTATE " + sqlstate + ")";
  if (!detail.empty()) message += "\n  DETAIL: " + detail;
  if (!hint.empty()) message += "\n  HINT: " + hint;
  message += "\n  SQL: " + shorten_sql(sql);
  throw PgDatabaseError(message, sqlstate);
}

namespace {

std::vector<const char*> param_values(const std::vector<Param>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Param& p : params) values.push_back(p.text ? p.text->c_str() : nullptr);
  return values;
}

bool succeeded(PGresult* result) {
  ExecStatusType status = result ? pq::api().PQresultStatus(result) : PGRES_FATAL_ERROR;
  return status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK || status == PGRES_EMPTY_QUERY;
}

}  // namespace

QueryResult PgConnection::query(std::string_view sql, const std::vector<Param>& params) {
  std::string text(sql);
  std::vector<const char*> values = param_values(params);
  ActiveStatement active(&canceller_);
  PGresult* result = pq::api().PQexecParams(conn_, text.c_str(), static_cast<int>(values.size()),
                                            nullptr, values.data(), nullptr, nullptr,
                                            /*resultFormat=*/0);
  if (!succeeded(result)) throw_failure(result, sql);
  return take_result(result);
}

std::vector<QueryResult> PgConnection::query_batch(const std::vector<Statement>& statements) {
  const pq::Api& pq = pq::api();
  if (statements.size() < 2 || pq.PQenterPipelineMode == nullptr)
    return Connection::query_batch(statements);
  ActiveStatement active(&canceller_);
  if (pq.PQenterPipelineMode(conn_) != 1) throw_failure(nullptr, statements.front().sql);
  // Leaves pipeline mode on every way out; only possible once every result has been read.
  struct Exit {
    PGconn* conn;
    ~Exit() { pq::api().PQexitPipelineMode(conn); }
  } exit_pipeline{conn_};
  size_t sent = 0;
  for (const Statement& s : statements) {
    std::vector<const char*> values = param_values(s.params);
    if (pq.PQsendQueryParams(conn_, s.sql.c_str(), static_cast<int>(values.size()), nullptr,
                             values.data(), nullptr, nullptr, /*resultFormat=*/0) != 1)
      break;
    ++sent;
  }
  if (pq.PQpipelineSync(conn_) != 1 || sent == 0) throw_failure(nullptr, statements.front().sql);

  // Every result up to the sync must be read before the connection can be used again; the
  // first failure is thrown after that.
  std::vector<QueryResult> out;
  PGresult* failure = nullptr;
  std::string_view failed_sql;
  for (size_t i = 0; i < sent; ++i) {
    PGresult* result = pq.PQgetResult(conn_);
    if (result == nullptr && pq.PQstatus(conn_) == CONNECTION_BAD) break;
    // The NULL that ends this statement's results.
    while (PGresult* extra = pq.PQgetResult(conn_)) pq.PQclear(extra);
    if (failure == nullptr && !succeeded(result)) {
      failure = result;
      failed_sql = statements[i].sql;
      continue;
    }
    if (failure == nullptr)
      out.push_back(take_result(result));
    else
      pq.PQclear(result);  // skipped after the failure (PGRES_PIPELINE_ABORTED)
  }
  for (int nulls = 0; nulls < 2;) {  // up to and including the sync
    PGresult* result = pq.PQgetResult(conn_);
    if (result == nullptr) {
      if (pq.PQstatus(conn_) == CONNECTION_BAD) break;
      ++nulls;
      continue;
    }
    nulls = 0;
    bool sync = pq.PQresultStatus(result) == PGRES_PIPELINE_SYNC;
    pq.PQclear(result);
    if (sync) break;
  }
  if (failure != nullptr) throw_failure(failure, failed_sql);
  if (sent < statements.size() || pq.PQstatus(conn_) == CONNECTION_BAD)
    throw_failure(nullptr, statements[sent < statements.size() ? sent : 0].sql);
  return out;
}

QueryResult PgConnection::take_result(void* raw) {
  PGresult* result = static_cast<PGresult*>(raw);
  QueryResult out;
  int ncols = pq::api().PQnfields(result);
  int nrows = pq::api().PQntuples(result);
  out.columns.reserve(ncols);
  for (int c = 0; c < ncols; ++c) out.columns.emplace_back(pq::api().PQfname(result, c));
  out.rows.resize(nrows);
  for (int r = 0; r < nrows; ++r) {
    auto& row = out.rows[r];
    row.reserve(ncols);
    for (int c = 0; c < ncols; ++c) {
      if (pq::api().PQgetisnull(result, r, c))
        row.emplace_back(std::nullopt);
      else
        row.emplace_back(
            std::string(pq::api().PQgetvalue(result, r, c), pq::api().PQgetlength(result, r, c)));
    }
  }
  out.affected = affected_rows(result);
  pq::api().PQclear(result);
  return out;
}

int64_t PgConnection::execute(std::string_view sql) {
  std::string text(sql);
  ActiveStatement active(&canceller_);
  PGresult* result = pq::api().PQexec(conn_, text.c_str());
  ExecStatusType status = result ? pq::api().PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK && status != PGRES_EMPTY_QUERY)
    throw_failure(result, sql);
  int64_t affected = affected_rows(result);
  pq::api().PQclear(result);
  return affected;
}

std::string PgConnection::server_version() {
  int v = pq::api().PQserverVersion(conn_);
  if (v >= 100000) return std::to_string(v / 10000) + "." + std::to_string(v % 10000);
  return std::to_string(v / 10000) + "." + std::to_string(v / 100 % 100) + "." +
         std::to_string(v % 100);
}

int PgConnection::server_version_number() const {
  return pq::api().PQserverVersion(conn_);
}

int PgConnection::backend_pid() const {
  return pq::api().PQbackendPID(conn_);
}

bool PgConnection::in_transaction() {
  PGTransactionStatusType s = pq::api().PQtransactionStatus(conn_);
  return s == PQTRANS_INTRANS || s == PQTRANS_INERROR || s == PQTRANS_ACTIVE;
}

std::unique_ptr<PgConnection> open_with_retry(const std::string& url, const PgOptions& options,
                                              std::chrono::milliseconds wait,
                                              const PgRetryObserver& observer) {
  using Clock = std::chrono::steady_clock;
  constexpr std::chrono::milliseconds kFirstWait{100};
  constexpr std::chrono::milliseconds kMaxWait{2000};
  const auto started = Clock::now();
  const auto deadline = started + wait;
  std::chrono::milliseconds next_wait = kFirstWait;
  PgOptions attempt_options = options;
  for (int attempt = 1;; ++attempt) {
    try {
      return PgConnection::open(url, attempt_options);
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::connection) throw;
      auto now = Clock::now();
      if (now >= deadline) {
        if (attempt == 1) throw;
        auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(now - started);
        throw Error(ErrorKind::connection,
                    fmt::format("{}\n  (gave up after {} attempts in {:.1f} s)", e.what(), attempt,
                                waited.count() / 1000.0));
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
      std::chrono::milliseconds this_wait = std::min(next_wait, left);
      if (observer) observer(attempt, e, this_wait);
      std::this_thread::sleep_for(this_wait);
      next_wait = std::min(next_wait * 2, kMaxWait);
      // Do not let one attempt outlast the remaining time (libpq's minimum is 2 s).
      auto remaining = std::chrono::duration_cast<std::chrono::seconds>(deadline - Clock::now());
      if (options.connect_timeout_seconds == 0 ||
          remaining.count() + 1 < options.connect_timeout_seconds)
        attempt_options.connect_timeout_seconds =
            std::max<int>(2, static_cast<int>(remaining.count()) + 1);
    }
  }
}

}  // namespace retort
