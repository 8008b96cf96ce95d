#include "runner/verify.hpp"

#include <map>

#include "runner/database_status.hpp"
#include "runner/ghost.hpp"
#include "runner/history_table.hpp"
#include "runner/version_table.hpp"

namespace retort {

VerifyReport verify_checksums(const RevisionGraph& graph, Connection& conn, const Config& config) {
  VerifyReport report;
  std::vector<std::string> rows = VersionTable(conn, config.version_table).read();
  std::vector<HistoryRecord> history = HistoryTable(conn, config.history_table).read();
  report.status = database_status(graph, std::move(rows));
  DatabaseStatus& status = report.status;
  if (!status.ghosts.empty())
    status.ghost_message = ghost_error(status.ghosts, graph, history, status.rows).what();
  auto finding = [&](const std::string& code, const std::string& message, const std::string& id,
                     const Revision* r) {
    report.findings.push_back(
        VerifyFinding{code, message, id, r ? r->path : "", r ? r->where.line : 0});
  };
  for (const auto& g : status.ghosts)
    finding("V003", "revision " + g + " is applied to the database but no migration file has it", g,
            nullptr);
  // The checksum of the newest successful upgrade of each revision.
  std::map<std::string, std::string> applied_checksum;
  for (const auto& rec : history)
    if (rec.entry.success && rec.entry.direction == "upgrade")
      applied_checksum[rec.entry.revision] = rec.entry.checksum;
  for (const Revision* r : graph.history("", "current", status.applied)) {
    auto it = applied_checksum.find(r->id);
    if (it == applied_checksum.end()) {
      ++report.unrecorded;
      continue;
    }
    ++report.checked;
    if (it->second != r->checksum) {
      ++report.modified;
      finding("V001",
              "revision " + r->id + " was modified after it was applied (applied checksum " +
                  it->second.substr(0, 12) + ", file now " + r->checksum.substr(0, 12) + ")",
              r->id, r);
    }
  }
  return report;
}

}  // namespace retort
