// The audit history (docs/commands.md, "The version and history tables"): an append-only table, one
// row per step run, failed or not, with the checksum of the file that ran. `verify` compares those
// checksums with the files.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.hpp"

namespace retort {

struct HistoryEntry {
  std::string revision;
  std::string direction;                    // upgrade, downgrade or stamp
  std::vector<std::string> from_revisions;  // version rows before the step
  std::string message;
  std::string checksum;
  std::string started_at;  // ISO-8601 UTC
  int64_t duration_ms = 0;
  bool success = true;
  std::string error;
  std::string applied_by;  // user@host
  // How the step's run used transactions: "per-revision" or "all" (docs/commands.md, "upgrade");
  // "all" for a stamp (every row in one transaction). "" in rows written before the column was.
  std::string transaction_mode;
};

// A fleet run's mark (docs/multi-tenant.md, "Resuming a fleet run"): a history row with direction
// "fleet", written when a fleet command has finished with the target — the run's id in the
// `revision` column, the command in `message`, the version rows after it in `from_revisions`,
// and whether the target's work succeeded. read() leaves these rows out.
struct FleetMark {
  std::string run_id;
  std::string command;
  bool success = false;
  std::string error;
  std::vector<std::string> rows;
};

// A row as read back: the id and the entry.
struct HistoryRecord {
  int64_t id = 0;
  HistoryEntry entry;
};

class HistoryTable {
 public:
  // An empty `table` disables the history: every call is then a no-op (read returns nothing).
  // The connection is borrowed and must outlive this object.
  HistoryTable(Connection& conn, std::string table);

  bool enabled() const { return !table_.empty(); }
  bool exists();
  // Creates the table if absent, and adds the columns a table created by an older retort lacks
  // (transaction_mode).
  void create();
  void record(const HistoryEntry& entry);
  // The INSERT that record() runs, for a caller that sends it with other statements
  // (Connection::query_batch); nullopt when the history is disabled.
  std::optional<Statement> record_statement(const HistoryEntry& entry) const;
  // Every row but the fleet marks, oldest first; empty when the table is absent. Never creates
  // anything.
  std::vector<HistoryRecord> read();
  // Writes a fleet mark (creating the table when the insert finds none). No-op when the history
  // is disabled.
  void record_fleet_mark(const FleetMark& mark);
  // The fleet marks, oldest first; empty when the table is absent. Never creates anything.
  std::vector<FleetMark> read_fleet_marks();

 private:
  std::vector<HistoryRecord> read_all();
  Connection& conn_;
  std::string table_;
};

// "user@host" of this process, for applied_by.
std::string current_user_at_host();
// The current time as ISO-8601 UTC with milliseconds ("2026-03-09T10:00:00.123Z").
std::string utc_timestamp_now();

}  // namespace retort
