#include "db/sqlite_connection.hpp"

#include <malloc.h>
#include <sqlite3.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "base/error.hpp"
#include "base/heap_prefault.hpp"
#include "sql/lexer.hpp"

namespace retort {

namespace {

constexpr size_t kShownViolations = 5;

// Whether the statement is `PRAGMA [schema.]foreign_key_check...`; the check of the text is
// deliberately simple because it only has to recognise what retort itself renders or what a
// migration author writes by hand.
bool is_foreign_key_check(std::string_view sql) {
  size_t i = 0;
  while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
  std::string head;
  for (; i < sql.size() && head.size() < 64; ++i) {
    char c = static_cast<char>(std::tolower(static_cast<unsigned char>(sql[i])));
    if (c == '(' || c == ';') break;
    if (!std::isspace(static_cast<unsigned char>(c)) && c != '"') head += c;
  }
  return head.rfind("pragma", 0) == 0 && head.find("foreign_key_check") != std::string::npos;
}

// Resets (cached) or finalizes (one-off) a statement when a query ends, also on error.
class StatementGuard {
 public:
  StatementGuard(sqlite3_stmt* stmt, bool cached) : stmt_(stmt), cached_(cached) {}
  ~StatementGuard() {
    if (!stmt_) return;
    if (cached_) {
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
    } else {
      sqlite3_finalize(stmt_);
    }
  }
  StatementGuard(const StatementGuard&) = delete;
  StatementGuard& operator=(const StatementGuard&) = delete;

 private:
  sqlite3_stmt* stmt_;
  bool cached_;
};

std::optional<std::string> column_text(sqlite3_stmt* stmt, int i) {
  int type = sqlite3_column_type(stmt, i);
  if (type == SQLITE_NULL) return std::nullopt;
  const void* data = type == SQLITE_BLOB ? sqlite3_column_blob(stmt, i)
                                         : static_cast<const void*>(sqlite3_column_text(stmt, i));
  int size = sqlite3_column_bytes(stmt, i);
  if (!data) return std::string();
  return std::string(static_cast<const char*>(data), static_cast<size_t>(size));
}

}  // namespace

namespace {

// SQLite's memory through malloc, as its default allocator does, followed by
// heap_prefault_check(): a database's schema is read into many small allocations, and when
// the program enabled it (the command line does) each step the heap grows is mapped at once
// rather than a page fault at a time (base/heap_prefault.hpp). malloc_usable_size gives the
// sizes, so no size is stored in front of each block.
void* sqlite_malloc(int n) {
  void* p = std::malloc(static_cast<size_t>(n));
  heap_prefault_check();
  return p;
}
void sqlite_free(void* p) {
  std::free(p);
}
void* sqlite_realloc(void* p, int n) {
  void* q = std::realloc(p, static_cast<size_t>(n));
  heap_prefault_check();
  return q;
}
int sqlite_size(void* p) {
  return p == nullptr ? 0 : static_cast<int>(::malloc_usable_size(p));
}
int sqlite_roundup(int n) {
  return (n + 7) & ~7;
}
int sqlite_init(void*) {
  return SQLITE_OK;
}
void sqlite_shutdown(void*) {}

// Process-wide SQLite settings, before the library initialises itself. Memory statistics off:
// with them on, every allocation SQLite makes takes a global mutex (measured: ~7 ms of a
// 200-revision upgrade), and retort never reads them. The allocator above only when the
// program enabled heap prefaulting (the library alone leaves SQLite's own). When the embedding
// program has already initialised SQLite this is refused and changes nothing.
void configure_sqlite_once() {
  static const bool done = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    if (heap_prefault_enabled()) {
      static const sqlite3_mem_methods methods{sqlite_malloc,   sqlite_free,    sqlite_realloc,
                                               sqlite_size,     sqlite_roundup, sqlite_init,
                                               sqlite_shutdown, nullptr};
      sqlite3_config(SQLITE_CONFIG_MALLOC, &methods);
    }
    return true;
  }();
  (void)done;
}

// `path` as an SQLite `file:` URI with `params` (https://sqlite.org/uri.html): '%', '?' and '#'
// escaped; an absolute path gets the empty authority (`file:///abs`).
std::string file_uri(const std::string& path,
                     const std::vector<std::pair<std::string, std::string>>& params) {
  auto escape = [](std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (char c : text) {
      unsigned char u = static_cast<unsigned char>(c);
      if (c == '%' || c == '?' || c == '#' || c == '&' || c == '=' || u < 0x20) {
        out += '%';
        out += kHex[u >> 4];
        out += kHex[u & 15];
      } else {
        out += c;
      }
    }
    return out;
  };
  std::string out = "file:";
  if (!path.empty() && path[0] == '/') out += "//";
  out += escape(path);
  for (size_t i = 0; i < params.size(); ++i)
    out += (i == 0 ? "?" : "&") + escape(params[i].first) + "=" + escape(params[i].second);
  return out;
}

}  // namespace

std::unique_ptr<SqliteConnection> SqliteConnection::open(const std::string& path, OpenMode mode,
                                                         const SqliteOptions& options) {
  if (path.empty())
    throw Error(ErrorKind::connection, "cannot open SQLite database: the path is empty");
  std::string target = path;
  bool missing = false;
  if (mode != OpenMode::read_write_create && path != ":memory:") {
    std::error_code ec;
    missing = !std::filesystem::exists(path, ec);
  }
  int flags = SQLITE_OPEN_NOMUTEX;  // one thread at a time (Connection contract)
  if (mode == OpenMode::read_only_if_exists) {
    if (missing) target = ":memory:";
    flags |= SQLITE_OPEN_READONLY;
  } else if (mode == OpenMode::read_write_existing) {
    if (missing)
      throw Error(ErrorKind::connection,
                  "cannot open SQLite database '" + path +
                      "': the file does not exist (it is created by `retort upgrade`; was the "
                      "upgrade skipped, or is the path wrong?)");
    flags |= SQLITE_OPEN_READWRITE;
  } else {
    flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  }
  if (!options.uri_params.empty() && !(missing && mode == OpenMode::read_only_if_exists)) {
    target = file_uri(target, options.uri_params);
    flags |= SQLITE_OPEN_URI;
  }
  configure_sqlite_once();
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(target.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    throw Error(ErrorKind::connection, "cannot open SQLite database '" + path + "': " + message);
  }
  sqlite3_extended_result_codes(db, 1);
  std::unique_ptr<SqliteConnection> conn(new SqliteConnection(db, path, options, missing));
  try {
    conn->execute("PRAGMA foreign_keys=ON");
    // A file that is not a database is only noticed on the first read: probe now so that it is
    // reported as "cannot open" rather than as a failing migration statement.
    conn->query("SELECT count(*) FROM sqlite_schema");
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::lock) throw;
    throw Error(ErrorKind::connection,
                "cannot open SQLite database '" + path + "': " + std::string(e.what()));
  }
  return conn;
}

SqliteConnection::SqliteConnection(sqlite3* db, std::string path, const SqliteOptions& options,
                                   bool missing)
    : db_(db),
      canceller_{&SqliteConnection::interrupt_running, db},
      path_(std::move(path)),
      options_(options),
      missing_file_(missing) {
  sqlite3_busy_timeout(db_, static_cast<int>(options_.busy_timeout.count()));
}

SqliteConnection::~SqliteConnection() {
  clear_cache();
  sqlite3_close_v2(db_);
}

void SqliteConnection::clear_cache() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  cache_.clear();
}

void SqliteConnection::fail(int rc, std::string_view sql) {
  std::string message = sqlite3_errmsg(db_);
  int primary = rc & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    throw Error(ErrorKind::lock, "SQLite database '" + path_ + "' is locked (waited " +
                                     std::to_string(options_.busy_timeout.count()) +
                                     " ms): " + message + "\n  SQL: " + shorten_sql(sql));
  }
  throw Error(ErrorKind::database, message + "\n  SQL: " + shorten_sql(sql));
}

sqlite3_stmt* SqliteConnection::prepare_cached(std::string_view sql) {
  std::string text(sql);  // the cache key, and NUL-terminated so SQLite need not copy it
  if (options_.statement_cache_size > 0) {
    if (auto it = cache_.find(text); it != cache_.end()) return it->second;
  }
  sqlite3_stmt* stmt = nullptr;
  const char* tail = nullptr;
  unsigned prep_flags = options_.statement_cache_size > 0 ? SQLITE_PREPARE_PERSISTENT : 0;
  int rc = sqlite3_prepare_v3(db_, text.c_str(), static_cast<int>(text.size()) + 1, prep_flags,
                              &stmt, &tail);
  if (rc != SQLITE_OK) fail(rc, sql);
  // Anything after the first statement must be empty (whitespace, ';' or comments).
  std::string_view rest(tail, static_cast<size_t>(text.c_str() + text.size() - tail));
  while (!rest.empty() &&
         (std::isspace(static_cast<unsigned char>(rest.front())) || rest.front() == ';'))
    rest.remove_prefix(1);
  if (!rest.empty()) {
    sqlite3_stmt* extra = nullptr;
    rc = sqlite3_prepare_v2(db_, rest.data(), static_cast<int>(rest.size()), &extra, nullptr);
    sqlite3_finalize(extra);
    if (rc != SQLITE_OK || extra) {
      sqlite3_finalize(stmt);
      throw Error(ErrorKind::database, "query() runs one statement, but more follow: " +
                                           shorten_sql(rest) + "\n  SQL: " + shorten_sql(sql));
    }
  }
  if (stmt && options_.statement_cache_size > 0) {
    if (cache_.size() >= options_.statement_cache_size) clear_cache();
    cache_.emplace(std::move(text), stmt);
  }
  return stmt;
}

QueryResult SqliteConnection::query(std::string_view sql, const std::vector<Param>& params) {
  QueryResult result;
  sqlite3_stmt* stmt = prepare_cached(sql);
  if (!stmt) {
    if (!params.empty())
      throw Error(ErrorKind::database, "statement has no parameters but " +
                                           std::to_string(params.size()) + " were given" +
                                           "\n  SQL: " + shorten_sql(sql));
    return result;  // only whitespace or comments
  }
  StatementGuard guard(stmt, options_.statement_cache_size > 0);
  int expected = sqlite3_bind_parameter_count(stmt);
  if (expected != static_cast<int>(params.size()))
    throw Error(ErrorKind::database, "statement expects " + std::to_string(expected) +
                                         " parameters but " + std::to_string(params.size()) +
                                         " were given\n  SQL: " + shorten_sql(sql));
  for (size_t i = 0; i < params.size(); ++i) {
    int rc = params[i].text
                 ? sqlite3_bind_text(stmt, static_cast<int>(i + 1), params[i].text->data(),
                                     static_cast<int>(params[i].text->size()), SQLITE_TRANSIENT)
                 : sqlite3_bind_null(stmt, static_cast<int>(i + 1));
    if (rc != SQLITE_OK) fail(rc, sql);
  }
  int64_t before = sqlite3_total_changes64(db_);
  ActiveStatement active(&canceller_);
  int ncol = 0;
  for (bool first = true;; first = false) {
    int rc = sqlite3_step(stmt);
    if (first) {
      // Named after the first step, not before: a cached statement whose tables changed since it
      // was prepared (an ALTER TABLE … ADD COLUMN) is prepared again inside sqlite3_step, and a
      // `SELECT *` then has the new columns.
      ncol = sqlite3_column_count(stmt);
      result.columns.reserve(static_cast<size_t>(ncol));
      for (int i = 0; i < ncol; ++i) {
        const char* name = sqlite3_column_name(stmt, i);
        result.columns.emplace_back(name ? name : "");
      }
    }
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) fail(rc, sql);
    auto& row = result.rows.emplace_back();
    row.reserve(static_cast<size_t>(ncol));
    for (int i = 0; i < ncol; ++i) row.push_back(column_text(stmt, i));
  }
  result.affected = sqlite3_total_changes64(db_) != before ? sqlite3_changes64(db_) : 0;
  return result;
}

int64_t SqliteConnection::execute(std::string_view script) {
  // A NUL-terminated copy: given a length that does not include a terminator, SQLite copies the
  // rest of the script on every prepare, which makes long scripts quadratic.
  std::string buffer(script);
  const char* p = buffer.c_str();
  const char* end = p + buffer.size();
  int64_t last = 0;
  ActiveStatement active(&canceller_);
  while (p < end) {
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v2(db_, p, static_cast<int>(end - p) + 1, &stmt, &tail);
    if (rc != SQLITE_OK) fail(rc, std::string_view(p, static_cast<size_t>(end - p)));
    std::string_view text(p, static_cast<size_t>(tail - p));
    p = tail;
    if (!stmt) continue;  // whitespace or a comment
    StatementGuard guard(stmt, false);
    bool fk_check = is_foreign_key_check(text);
    std::vector<std::string> violations;
    size_t violation_count = 0;
    int64_t before = sqlite3_total_changes64(db_);
    for (;;) {
      rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) fail(rc, text);
      if (fk_check && sqlite3_column_count(stmt) >= 4) {
        ++violation_count;
        if (violations.size() < kShownViolations) {
          auto table = column_text(stmt, 0);
          auto rowid = column_text(stmt, 1);
          auto parent = column_text(stmt, 2);
          violations.push_back("row " + rowid.value_or("?") + " of \"" + table.value_or("?") +
                               "\" has no parent row in \"" + parent.value_or("?") + "\"");
        }
      }
    }
    last = sqlite3_total_changes64(db_) != before ? sqlite3_changes64(db_) : 0;
    if (violation_count > 0) {
      std::string message = "foreign key check failed: " + std::to_string(violation_count) +
                            " row(s) violate a foreign key";
      for (const auto& v : violations) message += "\n  " + v;
      if (violation_count > violations.size())
        message += "\n  ... and " + std::to_string(violation_count - violations.size()) + " more";
      message += "\n  SQL: " + shorten_sql(text);
      throw Error(ErrorKind::database, message);
    }
  }
  return last;
}

std::string SqliteConnection::server_version() {
  return sqlite3_libversion();
}

void SqliteConnection::interrupt_running(void* db) noexcept {
  sqlite3_interrupt(static_cast<sqlite3*>(db));
}

std::optional<uint32_t> SqliteConnection::data_version() {
  unsigned int version = 0;
  if (sqlite3_file_control(db_, "main", SQLITE_FCNTL_DATA_VERSION, &version) != SQLITE_OK)
    return std::nullopt;
  return version;
}

bool SqliteConnection::in_transaction() {
  return sqlite3_get_autocommit(db_) == 0;
}

}  // namespace retort
