#include "runner/history_table.hpp"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <retort/version.hpp>

#include "base/strings.hpp"
#include "dialect/dialect.hpp"
#include "runner/version_table.hpp"

namespace retort {

namespace {

std::vector<std::string> split_revisions(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

}  // namespace

std::string current_user_at_host() {
  // Asked once per process: it does not change between the revisions of one run.
  static const std::string who = [] {
    std::string user;
    if (const char* u = std::getenv("USER"); u && *u) user = u;
    if (user.empty()) {
      if (passwd* pw = getpwuid(getuid())) user = pw->pw_name;
    }
    char host[256] = {0};
    if (gethostname(host, sizeof host - 1) != 0) host[0] = 0;
    return (user.empty() ? "unknown" : user) + "@" + (host[0] ? host : "localhost");
  }();
  return who;
}

std::string utc_timestamp_now() {
  auto now = std::chrono::system_clock::now();
  std::time_t secs = std::chrono::system_clock::to_time_t(now);
  auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(ms));
  return out;
}

HistoryTable::HistoryTable(Connection& conn, std::string table)
    : conn_(conn), table_(std::move(table)) {}

bool HistoryTable::exists() {
  return enabled() && table_exists(conn_, table_);
}

void HistoryTable::create() {
  if (!enabled()) return;
  const SqlDialect& dialect = dialect_for(conn_.dialect());
  conn_.execute(dialect.create_history_table(table_));
  // A table an older retort created has no transaction_mode column: add it (nullable, so the old
  // rows read as ""). The empty SELECT names the columns on both databases in one round trip.
  QueryResult r = conn_.query("SELECT * FROM " + dialect.quote_identifier(table_) + " WHERE 1 = 0");
  if (std::find(r.columns.begin(), r.columns.end(), "transaction_mode") == r.columns.end())
    conn_.execute("ALTER TABLE " + dialect.quote_identifier(table_) + " ADD COLUMN " +
                  dialect.quote_identifier("transaction_mode") + " VARCHAR(16)");
}

void HistoryTable::record(const HistoryEntry& e) {
  if (std::optional<Statement> insert = record_statement(e))
    conn_.query(insert->sql, insert->params);
}

std::optional<Statement> HistoryTable::record_statement(const HistoryEntry& e) const {
  if (!enabled()) return std::nullopt;
  const Dialect d = conn_.dialect();
  std::string sql = "INSERT INTO " + dialect_for(d).quote_identifier(table_) +
                    " (revision, direction, from_revisions, message, checksum, started_at, "
                    "duration_ms, success, error, applied_by, retort_version, transaction_mode) "
                    "VALUES (";
  for (int i = 1; i <= 12; ++i) sql += (i > 1 ? ", " : "") + placeholder(d, i);
  sql += ")";
  auto opt = [](const std::string& s) { return s.empty() ? Param::null() : Param::of(s); };
  return Statement{
      std::move(sql),
      {Param::of(e.revision), Param::of(e.direction), Param::of(join(e.from_revisions, ",")),
       opt(e.message), opt(e.checksum), Param::of(e.started_at),
       Param::of(std::to_string(e.duration_ms)),
       Param::of(e.success ? (d == Dialect::sqlite ? "1" : "true")
                           : (d == Dialect::sqlite ? "0" : "false")),
       opt(e.error), Param::of(e.applied_by), Param::of(version()), opt(e.transaction_mode)}};
}

namespace {
constexpr const char* kFleetDirection = "fleet";
}  // namespace

std::vector<HistoryRecord> HistoryTable::read() {
  std::vector<HistoryRecord> all = read_all();
  std::erase_if(all, [](const HistoryRecord& r) { return r.entry.direction == kFleetDirection; });
  return all;
}

void HistoryTable::record_fleet_mark(const FleetMark& mark) {
  if (!enabled()) return;
  HistoryEntry e;
  e.revision = mark.run_id;
  e.direction = kFleetDirection;
  e.from_revisions = mark.rows;
  e.message = mark.command;
  e.started_at = utc_timestamp_now();
  e.success = mark.success;
  e.error = mark.error;
  e.applied_by = current_user_at_host();
  // The table is there after any run that did something: insert at once (one round trip), and
  // create the table (or add a column an older retort's table lacks) only when that fails.
  try {
    record(e);
    return;
  } catch (const Error&) {
  }
  create();
  record(e);
}

std::vector<FleetMark> HistoryTable::read_fleet_marks() {
  std::vector<FleetMark> out;
  for (HistoryRecord& r : read_all()) {
    if (r.entry.direction != kFleetDirection) continue;
    out.push_back({std::move(r.entry.revision), std::move(r.entry.message), r.entry.success,
                   std::move(r.entry.error), std::move(r.entry.from_revisions)});
  }
  return out;
}

std::vector<HistoryRecord> HistoryTable::read_all() {
  std::vector<HistoryRecord> out;
  if (!exists()) return out;
  // Every column, found by name: a table an older retort created (and no command since has
  // written to) has no transaction_mode, and reading never changes the table.
  QueryResult r = conn_.query(
      "SELECT * FROM " + dialect_for(conn_.dialect()).quote_identifier(table_) + " ORDER BY id");
  static const char* const kNames[] = {"id",      "revision", "direction",  "from_revisions",
                                       "message", "checksum", "started_at", "duration_ms",
                                       "success", "error",    "applied_by", "transaction_mode"};
  std::vector<std::optional<size_t>> at;
  for (const char* name : kNames) {
    auto it = std::find(r.columns.begin(), r.columns.end(), name);
    at.push_back(it == r.columns.end() ? std::nullopt
                                       : std::optional<size_t>(it - r.columns.begin()));
  }
  for (auto& row : r.rows) {
    auto s = [&](size_t i) { return at[i] && row[*at[i]] ? *row[*at[i]] : std::string(); };
    HistoryRecord rec;
    rec.id = std::stoll(s(0));
    rec.entry.revision = s(1);
    rec.entry.direction = s(2);
    rec.entry.from_revisions = split_revisions(s(3));
    rec.entry.message = s(4);
    rec.entry.checksum = s(5);
    rec.entry.started_at = s(6);
    rec.entry.duration_ms = s(7).empty() ? 0 : std::stoll(s(7));
    std::string ok = s(8);
    rec.entry.success = ok == "1" || ok == "t" || ok == "true";
    rec.entry.error = s(9);
    rec.entry.applied_by = s(10);
    rec.entry.transaction_mode = s(11);
    out.push_back(std::move(rec));
  }
  return out;
}

}  // namespace retort
