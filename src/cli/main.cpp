// The retort command line: parse, run one command, map errors to exit codes (docs/commands.md,
// "Exit codes").
#include <signal.h>

#include <algorithm>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "base/suggest.hpp"
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "db/interrupt.hpp"

namespace {

// The first argument that is neither an option nor a global option's value: the word the user
// meant as the command (for the error on an unknown command).
std::string first_word(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-c" || a == "--config" || a == "--url") {
      ++i;
      continue;
    }
    if (!a.empty() && a[0] == '-') continue;
    return a;
  }
  return "";
}

// SIGINT/SIGTERM: record the signal and cancel the running statement; the command stops at its
// next safe point, cleans up (rolls back, drops a scratch database) and exits 128 + signal. The
// handler resets itself: a second signal ends the process at once.
void on_signal(int signo) {
  retort::request_interrupt(signo);
}

void install_signal_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART | SA_RESETHAND;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

}  // namespace

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
  cli::add_quality_commands(app, ctx, action);
  cli::add_import_commands(app, ctx, action);
  std::vector<std::string_view> names;
  for (CLI::App* c : app.get_subcommands({})) {
    names.push_back(c->get_name());
    c->footer("Global options (before or after the command): -c/--config FILE, --url URL, --json,\n"
              "-q/--quiet, -v/--verbose, --no-color. See retort --help.");
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 reports a misspelt command as "A subcommand is required"; say what was wrong.
    std::string word = first_word(argc, argv);
    if (app.get_subcommands().empty() && !word.empty() &&
        std::find(names.begin(), names.end(), word) == names.end()) {
      std::string hint = did_you_mean(word, names);
      std::cerr << "error: unknown command '" << word << "'" << (hint.empty() ? "" : " (" + hint + ")")
                << "\nRun retort --help for the list of commands.\n";
      return 2;
    }
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  install_signal_handlers();
  try {
    int code = action ? action() : 0;
    // A signal that came after the last safe point: the work is done, the exit code still says
    // the command was interrupted.
    if (int sig = interrupt_signal()) return 128 + sig;
    return code;
  } catch (const Error& e) {
    if (int sig = interrupt_signal()) {
      std::string message = e.what();
      if (message.find("interrupted by") == std::string::npos)
        message += std::string("\n  interrupted by ") + signal_name(sig);
      std::cerr << "error: " << message << "\n";
      ctx.json(
          {{"ok", false},
           {"error", {{"kind", "interrupted"}, {"message", message}, {"exit_code", 128 + sig}}}});
      return 128 + sig;
    }
    std::cerr << "error: " << e.what() << "\n";
    // With --json the one JSON object on stdout says what failed, too.
    ctx.json({{"ok", false},
              {"error", {{"kind", error_kind_name(e.kind())},
                         {"message", e.what()},
                         {"exit_code", exit_code_for(e.kind())}}}});
    return exit_code_for(e.kind());
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    ctx.json({{"ok", false}, {"error", {{"kind", "internal"}, {"message", e.what()}, {"exit_code", 1}}}});
    return 1;
  }
}
