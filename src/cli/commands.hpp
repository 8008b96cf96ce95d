// Registration of the subcommands. Each add_* function adds its commands to `app`; a parsed
// command stores its action in `action`, which main() runs and maps to an exit code.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

#include "cli/context.hpp"

namespace retort::cli {

using Action = std::function<int()>;

// The database's version-table rows (read-only; a missing database reads as base).
std::vector<std::string> read_current(Context& ctx);

// init, revision, merge, heads, branches, show, history, graph
void add_graph_commands(CLI::App& app, Context& ctx, Action& action);
// upgrade, downgrade, current, stamp, verify
void add_database_commands(CLI::App& app, Context& ctx, Action& action);

}  // namespace retort::cli
