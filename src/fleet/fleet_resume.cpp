#include "fleet/fleet_resume.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>

#include "base/error.hpp"

namespace retort {

std::string new_fleet_run_id() {
  auto now = std::chrono::system_clock::now();
  std::time_t secs = std::chrono::system_clock::to_time_t(now);
  auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s%03dZ-%d", stamp, static_cast<int>(ms),
                static_cast<int>(getpid() % 10000000));
  return out;
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
