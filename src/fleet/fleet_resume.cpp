#include "fleet/fleet_resume.hpp"

#include <unistd.h>

#include <algorithm>

#include "base/error.hpp"
#include "runner/history_table.hpp"

namespace retort {

std::string new_fleet_run_id() {
  // The history table's UTC timestamp without its separators ("20261206T113119123Z"), then
  // the process: runs started in the same millisecond by two processes still differ.
  std::string id;
  for (char c : utc_timestamp_now())
    if (c != '-' && c != ':' && c != '.') id += c;
  return id + "-" + std::to_string(getpid() % 10000000);
}

ResumePlan plan_resume(const std::vector<std::optional<std::vector<FleetMark>>>& marks) {
  ResumePlan plan;
  for (const auto& target : marks)
    if (target)
      for (const FleetMark& m : *target) plan.run_id = std::max(plan.run_id, m.run_id);
  if (plan.run_id.empty())
    throw Error(ErrorKind::usage,
                "nothing to resume: no selected target records a fleet run in its history table "
                "(run the command without --resume)");
  for (const auto& target : marks) {
    bool done = target && std::any_of(target->begin(), target->end(), [&](const FleetMark& m) {
                  return m.run_id == plan.run_id && m.success;
                });
    plan.pending.push_back(!done);
  }
  return plan;
}

}  // namespace retort
