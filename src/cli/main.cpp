// The retort command line: parse, run one command, map errors to exit codes (SPEC §6).
#include <iostream>

#include "base/error.hpp"
#include "cli/commands.hpp"
#include "cli/context.hpp"

int main(int argc, char** argv) {
  using namespace retort;
  cli::Context ctx;
  cli::Action action;

  CLI::App app{"retort: database schema migrations (Alembic's workflow, one native binary)",
               "retort"};
  app.set_version_flag("--version", std::string("retort ") + RETORT_VERSION);
  app.require_subcommand(1);
  // Global options are accepted before or after the command name.
  app.fallthrough();
  app.add_option("-c,--config", ctx.global.config_path, "Configuration file (default ./retort.toml)");
  app.add_option("--url", ctx.global.url, "Database URL (overrides the environment and the file)");
  app.add_flag("--json", ctx.global.json, "Machine-readable output: one JSON object on stdout");
  app.add_flag("-q,--quiet", ctx.global.quiet, "Print only errors");
  app.add_flag("--no-color", ctx.global.no_color, "Never color the output");
  // Several commands also take their own -v (as Alembic's do); they see it first.
  app.add_flag("-v,--verbose", ctx.global.verbose, "More detail");

  cli::add_graph_commands(app, ctx, action);
  cli::add_database_commands(app, ctx, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    return action ? action() : 0;
  } catch (const Error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return exit_code_for(e.kind());
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
}
