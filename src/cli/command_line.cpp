// The one translation unit that includes CLI11 (command_line.hpp says why).
#include "cli/command_line.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <string_view>

#include "base/suggest.hpp"

namespace retort::cli {

Check one_of(std::vector<std::string> choices) {
  Check c;
  c.choices = std::move(choices);
  return c;
}

std::vector<std::string> Option::spellings() const {
  std::vector<std::string> out;
  std::string_view rest = names;
  while (!rest.empty()) {
    std::string_view name = rest.substr(0, rest.find(','));
    rest.remove_prefix(std::min(rest.size(), name.size() + 1));
    if (!name.empty() && name[0] == '-') out.emplace_back(name);
  }
  return out;
}

Command* Command::add_subcommand(std::string name, std::string help) {
  subcommands_.push_back(std::make_unique<Command>(std::move(name), std::move(help)));
  return subcommands_.back().get();
}

Option* Command::add(std::string names, OptionTarget target, std::string help, bool flag) {
  auto o = std::make_unique<Option>();
  o->names = std::move(names);
  o->help = std::move(help);
  o->target = target;
  o->flag = flag;
  options_.push_back(std::move(o));
  return options_.back().get();
}

namespace {

// `o` added to `app` with the variable it fills, so that CLI11 shows its type (TEXT, FLOAT, …).
void add_to(CLI::App& app, const Option& o) {
  CLI::Option* added = std::visit(
      [&](auto* target) -> CLI::Option* {
        using T = std::remove_pointer_t<decltype(target)>;
        if constexpr (std::is_same_v<T, bool>) {
          if (o.flag) return app.add_flag(o.names, *target, o.help);
        }
        return app.add_option(o.names, *target, o.help);
      },
      o.target);
  if (o.is_required) added->required();
  if (o.check_) {
    if (!o.check_->choices.empty())
      added->check(CLI::IsMember(o.check_->choices));
    else
      added->check(CLI::Validator(
          [validate = o.check_->validate](std::string& text) { return validate(text); }, ""));
  }
}

// `command`'s options and subcommands added to `app`; with `only`, of the subcommands just that
// one (with everything under it).
void add_commands(CLI::App& app, const Command& command, const Command* only = nullptr) {
  for (const auto& o : command.options()) add_to(app, *o);
  for (const auto& sub : command.subcommands()) {
    if (only != nullptr && sub.get() != only) continue;
    CLI::App* s = app.add_subcommand(sub->name(), sub->help());
    if (sub->required_subcommands() > 0) s->require_subcommand(sub->required_subcommands());
    add_commands(*s, *sub);
    if (!sub->footer().empty()) s->footer(sub->footer());
    if (sub->on_parsed()) s->callback(sub->on_parsed());
  }
}

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

// The command `argv` names, when CLI11 needs no other to parse it: its first word is one of
// `program`'s commands and no help is asked for. Handing CLI11 only that command (the program
// has ~30, each a parser with its options and validators) is most of what parsing costs at every
// start (docs/BENCHMARKS.md, issue 16's third pass); it parses the same, since CLI11 takes one
// command and then only that command's options, positionals and the global ones. Without a
// command, with an unknown word (its suggestions) or with --help/-h anywhere (the lists of
// commands), every command is there, as always.
const Command* named_command(const Command& program, const std::string& word, int argc,
                             char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--help" || a == "-h") return nullptr;
  }
  for (const auto& c : program.subcommands())
    if (c->name() == word) return c.get();
  return nullptr;
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

ParseResult parse_command_line(const Command& program, const std::string& version, int argc,
                               char** argv) {
  CLI::App app{program.help(), program.name()};
  app.set_version_flag("--version", version);
  app.require_subcommand(1);
  // Global options are accepted before or after the command name.
  app.fallthrough();
  const std::string word = first_word(argc, argv);
  add_commands(app, program, named_command(program, word, argc, argv));
  std::vector<std::string_view> names;
  for (const auto& c : program.subcommands()) names.push_back(c->name());
  ParseResult result;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    result.exit = true;
    if (e.get_exit_code() == 0) {  // --help, --version
      result.exit_code = app.exit(e);
      return result;
    }
    result.exit_code = 2;
    result.usage_error = usage_message(app, e, word, names);
  }
  return result;
}

}  // namespace retort::cli
