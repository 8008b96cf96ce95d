// The retort command line: parse, run one command, map errors to exit codes (docs/commands.md,
// "Exit codes").
#include <signal.h>

#include <algorithm>
#include <iostream>
#include <retort/version.hpp>
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

// The options `app` and its chosen subcommands take, as written ("--dry-run", "-c").
std::vector<std::string> option_names(const CLI::App& app) {
  std::vector<std::string> out;
  for (const CLI::Option* o : app.get_options()) {
    for (const std::string& l : o->get_lnames()) out.push_back("--" + l);
    for (const std::string& s : o->get_snames()) out.push_back("-" + s);
  }
  for (const CLI::App* sub : app.get_subcommands()) {
    std::vector<std::string> more = option_names(*sub);
    out.insert(out.end(), more.begin(), more.end());
  }
  return out;
}

// The message for a command line CLI11 rejected, with what retort knows better: a misspelt
// command (CLI11 says "A subcommand is required") and unexpected arguments in the order given
// (CLI11 lists them reversed), each unknown option with its nearest valid spelling.
std::string usage_message(const CLI::App& app, const CLI::ParseError& e, const std::string& word,
                          const std::vector<std::string_view>& commands) {
  using retort::did_you_mean;
  if (app.get_subcommands().empty() && !word.empty() &&
      std::find(commands.begin(), commands.end(), word) == commands.end()) {
    std::string hint = did_you_mean(word, commands);
    return "unknown command '" + word + "'" + (hint.empty() ? "" : " (" + hint + ")") +
           "\nRun retort --help for the list of commands.";
  }
  if (app.get_subcommands().empty())
    return std::string(e.what()) + "\nRun retort --help for the list of commands.";
  std::string help = "retort " + app.get_subcommands().back()->get_name() + " --help";
  if (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr) {
    std::vector<std::string> extras = app.remaining(true);
    std::vector<std::string> options = option_names(app);
    std::vector<std::string_view> candidates(options.begin(), options.end());
    std::string out = extras.size() == 1 ? "unexpected argument:" : "unexpected arguments:";
    std::vector<std::string> hints;
    for (const std::string& x : extras) {
      out += " " + x;
      if (x.size() > 1 && x[0] == '-') {
        std::string name = x.substr(0, x.find('='));
        std::string hint = did_you_mean(name, candidates);
        if (!hint.empty()) hints.push_back(name + ": " + hint);
      }
    }
    for (const std::string& h : hints) out += "\n" + h;
    return out + "\nRun " + help + " for the options.";
  }
  return std::string(e.what()) + "\nRun " + help + " for the options.";
}

}  // namespace

int main(int argc, char** argv) {
  using namespace retort;
  cli::Context ctx;
  cli::Action action;

  CLI::App app{"retort: database schema migrations (Alembic's workflow, one native binary)",
               "retort"};
  app.set_version_flag("--version", std::string("retort ") + version());
  app.require_subcommand(1);
  // Global options are accepted before or after the command name.
  app.fallthrough();
  app.add_option("-c,--config", ctx.global.config_path,
                 "Configuration file (default ./retort.toml)");
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
    c->footer(
        "Global options (before or after the command): -c/--config FILE, --url URL, --json,\n"
        "-q/--quiet, -v/--verbose, --no-color. See retort --help.");
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    // With --json the one JSON object on stdout says what failed, as for every other error
    // (the flag may not have been parsed when the error came).
    ctx.global.json = std::any_of(argv + 1, argv + argc,
                                  [](const char* a) { return std::string_view(a) == "--json"; });
    std::string message = usage_message(app, e, first_word(argc, argv), names);
    std::cerr << "error: " << message << "\n";
    ctx.json(
        {{"ok", false},
         {"error",
          {{"kind", error_kind_name(ErrorKind::usage)}, {"message", message}, {"exit_code", 2}}}});
    return 2;
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
              {"error",
               {{"kind", error_kind_name(e.kind())},
                {"message", e.what()},
                {"exit_code", exit_code_for(e.kind())}}}});
    return exit_code_for(e.kind());
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    ctx.json({{"ok", false},
              {"error", {{"kind", "internal"}, {"message", e.what()}, {"exit_code", 1}}}});
    return 1;
  }
}
