// Running one piece of work on many targets (docs/multi-tenant.md, "Running a fleet"): bounded
// parallelism, a canary batch, a failure budget, and Ctrl-C, with each target's outcome kept
// apart. What the work is — an upgrade, a `current` — is the caller's: this module only decides
// which target starts when, and never lets one target's failure touch another's run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "fleet/targets.hpp"

namespace retort {

struct FleetOptions {
  int parallel = 1;      // targets running at once (threads); at least 1
  int canary = 0;        // run the first N targets first; stop when any of them fails (0: none)
  int max_failures = 0;  // start no new target after this many failures (0: no limit)
};

// What became of one target.
enum class TargetStatus {
  ok,           // the work returned normally
  failed,       // the work threw, or the target could not be expanded
  not_started,  // a canary failure, the failure budget or an interrupt stopped the run first
};

// "ok", "failed", "not started".
const char* target_status_name(TargetStatus status);

struct TargetOutcome {
  TargetStatus status = TargetStatus::not_started;
  std::string summary;  // the work's one-line result (ok), or the error's message (failed)
  int exit_code = 0;    // failed: the error kind's exit code (docs/commands.md, "Exit codes")
  int64_t duration_ms = 0;
};

// The work for one target: returns its one-line summary, throws Error on failure. Runs on a
// worker thread; called once per target at most, with the target's index in the run's list.
// It must share nothing with the work of other targets but what is safe to read concurrently
// (the revision graph, the configuration).
using TargetWork = std::function<std::string(size_t index, const Target& target)>;

// Progress of a run. Calls are serialised (never two at once) and made from worker threads.
class FleetObserver {
 public:
  virtual ~FleetObserver() = default;
  virtual void target_started(size_t /*index*/, const Target&) {}
  virtual void target_finished(size_t /*index*/, const Target&, const TargetOutcome&) {}
};

struct FleetResult {
  std::vector<TargetOutcome> outcomes;  // one per target, in the targets' order
  // Why targets were left not started: "" (none were), "canary", "max-failures", or the
  // interrupting signal's name.
  std::string stopped_by;
  size_t count(TargetStatus status) const;
};

// Runs `work` on each of `targets`: the first options.canary ones first (those all finish; if any
// failed, no other target starts), then the rest, at most options.parallel at once, in order. A
// target whose expansion failed is failed without running `work`. After options.max_failures
// failures, or once a signal has been recorded (<retort/interrupt.hpp>), no target starts; those
// running finish (an interrupted migration stops at its next safe point and rolls back, as a
// single run does). Never throws for a target's failure; returns when every started target has
// finished.
FleetResult run_fleet(const std::vector<Target>& targets, const FleetOptions& options,
                      const TargetWork& work, FleetObserver* observer = nullptr);

}  // namespace retort
