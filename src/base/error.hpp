// The one error type of retort. Every layer below cli/ reports failures by throwing
// retort::Error; the CLI maps its kind to an exit code (docs/commands.md, "Exit codes") and prints
// what() as is.
#pragma once

#include <stdexcept>
#include <string>

namespace retort {

// Where something was read from: 1-based line and column. An empty file means "no place".
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  bool empty() const { return file.empty(); }
  // "file:line:column", "file:line" or "file", whichever parts are known.
  std::string str() const;
};

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

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Error(ErrorKind kind, const SourceLocation& where, const std::string& message)
      : std::runtime_error(where.empty() ? message : where.str() + ": " + message),
        kind_(kind),
        where_(where) {}

  ErrorKind kind() const { return kind_; }
  const SourceLocation& where() const { return where_; }

 private:
  ErrorKind kind_;
  SourceLocation where_;
};

// An input error that points into a text: "file:line:col: message", then the source line and a
// caret under the column, then "hint" (e.g. "did you mean 'add_column'?") when not empty.
// `text` is the whole file content the location refers to.
Error input_error(const SourceLocation& where, const std::string& text, const std::string& message,
                  const std::string& hint = "");

}  // namespace retort
