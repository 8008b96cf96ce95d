// The command line as data: commands, their options and what a parsed command does. The command
// files describe it here; command_line.cpp is the one file that turns it into a CLI11 parser
// (CLI11 is a large header: keeping it in one translation unit keeps the build fast), and the
// generator of the man page and shell completions (cli/docgen.cpp) reads the same description,
// so `--help`, `retort.1` and the completions never disagree.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace retort::cli {

// A check of an option's text before it is stored: "" when valid, else the message.
struct Check {
  std::function<std::string(const std::string&)> validate;
  std::vector<std::string> choices;  // the only values allowed, when it is a list (completions)
};

// The value must be one of `choices` (shown in --help as {a,b}).
Check one_of(std::vector<std::string> choices);

// Where a parsed option's value goes.
using OptionTarget = std::variant<bool*, std::string*, std::vector<std::string>*, double*,
                                  std::optional<std::string>*>;

// One option, flag or positional argument. `names` as CLI11 writes them: "-m,--message", "--sql",
// "TARGET" (a positional).
struct Option {
  std::string names;
  std::string help;
  OptionTarget target;
  bool flag = false;
  bool is_required = false;
  std::optional<Check> check_;

  Option* required() {
    is_required = true;
    return this;
  }
  Option* check(Check c) {
    check_ = std::move(c);
    return this;
  }
  // The long and short spellings ("--message", "-m"); empty for a positional.
  std::vector<std::string> spellings() const;
  bool positional() const { return !names.empty() && names[0] != '-'; }
};

// A command (or the program itself): its options, its subcommands, and the callback run when the
// command is the one parsed.
class Command {
 public:
  Command(std::string name, std::string help) : name_(std::move(name)), help_(std::move(help)) {}

  Command* add_subcommand(std::string name, std::string help);
  template <typename T>
  Option* add_option(std::string names, T& target, std::string help) {
    return add(std::move(names), OptionTarget(&target), std::move(help), false);
  }
  Option* add_flag(std::string names, bool& target, std::string help) {
    return add(std::move(names), OptionTarget(&target), std::move(help), true);
  }
  void callback(std::function<void()> f) { callback_ = std::move(f); }
  // The command needs one of its subcommands (`import` needs `alembic`).
  void require_subcommand(int n) { required_subcommands_ = n; }
  // Text after the options in --help.
  void footer(std::string text) { footer_ = std::move(text); }

  const std::string& name() const { return name_; }
  const std::string& help() const { return help_; }
  const std::vector<std::unique_ptr<Option>>& options() const { return options_; }
  const std::vector<std::unique_ptr<Command>>& subcommands() const { return subcommands_; }
  const std::function<void()>& on_parsed() const { return callback_; }
  int required_subcommands() const { return required_subcommands_; }
  const std::string& footer() const { return footer_; }

 private:
  Option* add(std::string names, OptionTarget target, std::string help, bool flag);
  std::string name_;
  std::string help_;
  std::vector<std::unique_ptr<Option>> options_;
  std::vector<std::unique_ptr<Command>> subcommands_;
  std::function<void()> callback_;
  int required_subcommands_ = 0;
  std::string footer_;
};

// What the command line said. `exit`: stop at once with `exit_code` — after --help or
// --version (already printed on stdout, code 0) or a usage error (code 2, `usage_error` is the
// message, without "error: ", for the caller to print). Otherwise the chosen command's callback
// has run.
struct ParseResult {
  bool exit = false;
  int exit_code = 0;
  std::string usage_error;
};

// Parses argv against `program` (CLI11): global options before or after the command name, one
// command required, `version` printed by --version. Unknown commands and options get a
// nearest-spelling suggestion.
ParseResult parse_command_line(const Command& program, const std::string& version, int argc,
                               char** argv);

}  // namespace retort::cli
