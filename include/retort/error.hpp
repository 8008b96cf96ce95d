// <retort/error.hpp> — the one error type of retort (docs/embedding.md). Every layer of the
// library reports failures by throwing retort::Error; its kind says what went wrong, and
// exit_code_for() maps the kind to the exit code the CLI uses for it (docs/commands.md, "Exit
// codes"). what() is the whole message, ready to print.
#pragma once

#include <stdexcept>
#include <string>

namespace retort {

// Where something was read from: 1-based line and column. An empty file means "no place".
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  // True when no place is known.
  bool empty() const { return file.empty(); }
  // "file:line:column", "file:line" or "file", whichever parts are known.
  std::string str() const;
};

// What went wrong, and the exit code the CLI gives it.
enum class ErrorKind {
  usage,       // bad command-line use                                  exit 2
  input,       // bad configuration, migration or model file            exit 2
  revision,    // unknown, ambiguous or otherwise unusable revision id  exit 2
  connection,  // the database could not be reached                     exit 3
  lock,        // the migration lock could not be taken in time         exit 3
  database,    // a statement failed while running                      exit 1
  failure,     // the command ran and met a failure (a check found drift, a step refused)  exit 1
};

// Exit code the CLI uses for an error of this kind (docs/commands.md, "Exit codes").
int exit_code_for(ErrorKind kind);
// The kind's name as written above ("usage", "input", …), for JSON output.
const char* error_kind_name(ErrorKind kind);

// The exception every retort function throws. Copyable; what() never contains a database password.
class Error : public std::runtime_error {
 public:
  // A message without a place.
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  // A message about a place in a file: what() is "file:line:col: message" (just the message when
  // `where` is empty).
  Error(ErrorKind kind, const SourceLocation& where, const std::string& message)
      : std::runtime_error(where.empty() ? message : where.str() + ": " + message),
        kind_(kind),
        where_(where) {}

  // What went wrong.
  ErrorKind kind() const { return kind_; }
  // The place the error is about; empty when it is about none.
  const SourceLocation& where() const { return where_; }

 private:
  ErrorKind kind_;
  SourceLocation where_;
};

}  // namespace retort
