// Registration of the subcommands. Each add_* function adds its commands to `app`; a parsed
// command stores its action in `action`, which main() runs and maps to an exit code.
#pragma once

#include <functional>
#include <memory>

#include "cli/command_line.hpp"
#include "cli/context.hpp"

namespace retort::cli {

using Action = std::function<int()>;

// The database's version-table rows (read-only; a missing database reads as base).
std::vector<std::string> read_current(Context& ctx);

// When `rows` (version-table rows) name revisions no file defines, prints on stderr which ones
// and the `stamp` that recovers (every command reports ghosts: docs/commands.md, "current") and
// returns true. Reads the history table (read-only) to suggest the revisions the ghost was applied
// on.
bool report_ghosts(Context& ctx, const std::vector<std::string>& rows);

// The whole command line: the program with its global options (filling `ctx.global`) and every
// command below. What main() parses and what the man page and completions are generated from.
std::unique_ptr<Command> describe_program(Context& ctx, Action& action);

// init, revision, merge, heads, branches, show, history, graph
void add_graph_commands(Command& app, Context& ctx, Action& action);
// upgrade, downgrade, current, stamp, verify
void add_database_commands(Command& app, Context& ctx, Action& action);
// lint (and, with the differ: check, sql-schema, test)
void add_quality_commands(Command& app, Context& ctx, Action& action);
// import alembic
void add_import_commands(Command& app, Context& ctx, Action& action);

}  // namespace retort::cli
