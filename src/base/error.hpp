// The one error type of retort, `retort::Error`, is public (<retort/error.hpp>): every layer below
// cli/ reports failures by throwing it; the CLI maps its kind to an exit code (docs/commands.md,
// "Exit codes") and prints what() as is. This header adds what only the library uses.
#pragma once

#include <retort/error.hpp>
#include <string>

namespace retort {

// An input error that points into a text: "file:line:col: message", then the source line and a
// caret under the column, then "hint" (e.g. "did you mean 'add_column'?") when not empty.
// `text` is the whole file content the location refers to.
Error input_error(const SourceLocation& where, const std::string& text, const std::string& message,
                  const std::string& hint = "");

}  // namespace retort
