// The fleet form of the database commands (docs/multi-tenant.md): `--all-targets` /
// `--target NAME…` run `upgrade`, `downgrade`, `current`, `stamp`, `verify` and `check` on every
// selected target of `[[targets]]`, `--parallel N` at once, each with its own connection, lock
// and transactions exactly as a single run; a line per target as it starts and ends, a summary
// table, `--json` per target. What runs is fleet/fleet_run.hpp's; this file is the glue.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "cli/command_line.hpp"
#include "cli/context.hpp"
#include "cli/json.hpp"
#include "fleet/targets.hpp"

namespace retort::cli {

// The fleet options of one command.
struct FleetArgs {
  bool all = false;                // --all-targets
  std::vector<std::string> names;  // --target NAME (repeatable)
  std::string parallel = "1";      // --parallel N
  std::string canary = "0";        // --canary N
  std::string max_failures = "0";  // --max-failures K
  bool resume = false;             // --resume
  bool active() const { return all || !names.empty(); }
};

// Adds --all-targets, --target, --parallel, --canary, --max-failures and, for a command that
// writes (`writes`), --resume.
void add_fleet_options(Command& command, FleetArgs& args, bool writes);

// What one target's work answers: the summary line's text, the version rows after it (written in
// the fleet mark of a writing command), and its --json object.
struct TargetReply {
  std::string summary;
  std::vector<std::string> rows;
  Json json;
};

// The work of one command on one target, on its own connection; throws Error on failure. `config`
// is the project's with the target's database URL.
using FleetCommandWork =
    std::function<TargetReply(const Target& target, Connection& conn, const Config& config)>;

// Runs `work` on the selected targets and prints (docs/multi-tenant.md, "Output"); returns the
// exit code. `command` is the command line's words for the fleet mark ("upgrade head");
// `writes`: the connections may create files and tables, and each target that succeeds gets a
// fleet mark. `wait_for_db`: --wait-for-db for each target's connection.
int run_fleet_command(Context& ctx, const FleetArgs& args, const std::string& command, bool writes,
                      const FleetCommandWork& work, double wait_for_db = 0);

// Refuses an option the fleet form does not take (`--sql` with --all-targets): Error(usage).
void refuse_with_targets(const FleetArgs& args, bool given, const std::string& option);

}  // namespace retort::cli
