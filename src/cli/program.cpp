// The program's command line: global options and every command (commands.hpp).
#include <memory>

#include "cli/commands.hpp"

namespace retort::cli {

std::unique_ptr<Command> describe_program(Context& ctx, Action& action) {
  auto app = std::make_unique<Command>(
      "retort", "retort: database schema migrations (Alembic's workflow, one native binary)");
  app->add_option("-c,--config", ctx.global.config_path,
                  "Configuration file (default ./retort.toml)");
  app->add_option("--url", ctx.global.url, "Database URL (overrides the environment and the file)");
  app->add_flag("--json", ctx.global.json, "Machine-readable output: one JSON object on stdout");
  app->add_flag("-q,--quiet", ctx.global.quiet, "Print only errors");
  app->add_flag("--no-color", ctx.global.no_color, "Never color the output");
  // Several commands also take their own -v (as Alembic's do); they see it first.
  app->add_flag("-v,--verbose", ctx.global.verbose, "More detail");

  add_graph_commands(*app, ctx, action);
  add_database_commands(*app, ctx, action);
  add_quality_commands(*app, ctx, action);
  add_import_commands(*app, ctx, action);
  for (const auto& c : app->subcommands())
    c->footer(
        "Global options (before or after the command): -c/--config FILE, --url URL, --json,\n"
        "-q/--quiet, -v/--verbose, --no-color. See retort --help.");
  return app;
}

}  // namespace retort::cli
