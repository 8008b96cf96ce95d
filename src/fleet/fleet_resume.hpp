// Resuming a fleet run (docs/multi-tenant.md, "Resuming a fleet run"). Each target's own history
// table holds the marks of the fleet runs that reached it (runner/history_table.hpp, FleetMark);
// there is no side file that could disagree with the databases. `--resume` reruns the targets
// without a successful mark of the newest run any target records, and marks them with that
// run's id, so that a second `--resume` continues the same run.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "runner/history_table.hpp"

namespace retort {

// A new fleet run's id, "20261206T094512123Z-12345" (UTC time to the millisecond, process id):
// ids sort by the time their run started; at most 32 characters (the history table's revision
// column).
std::string new_fleet_run_id();

struct ResumePlan {
  std::string run_id;         // the newest fleet run any target records
  std::vector<bool> pending;  // per target: no successful mark of run_id (rerun it)
};

// From each target's fleet marks (nullopt: the target could not be read — down, or no such
// file — which leaves it pending). Throws Error(usage) when no target records a fleet run.
ResumePlan plan_resume(const std::vector<std::optional<std::vector<FleetMark>>>& marks);

}  // namespace retort
