#include "base/error.hpp"

#include <algorithm>
#include <string_view>

namespace retort {

std::string SourceLocation::str() const {
  std::string out = file;
  if (line > 0) {
    out += ':' + std::to_string(line);
    if (column > 0) out += ':' + std::to_string(column);
  }
  return out;
}

int exit_code_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::usage:
    case ErrorKind::input:
    case ErrorKind::revision:
      return 2;
    case ErrorKind::connection:
    case ErrorKind::lock:
      return 3;
    case ErrorKind::database:
    case ErrorKind::failure:
      return 1;
  }
  return 1;
}

const char* error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::usage:
      return "usage";
    case ErrorKind::input:
      return "input";
    case ErrorKind::revision:
      return "revision";
    case ErrorKind::connection:
      return "connection";
    case ErrorKind::lock:
      return "lock";
    case ErrorKind::database:
      return "database";
    case ErrorKind::failure:
      return "failure";
  }
  return "failure";
}

namespace {

// The text of 1-based line `line` of `text`, without its line break.
std::string_view line_of(std::string_view text, int line) {
  size_t start = 0;
  for (int i = 1; i < line; ++i) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) return {};
    start = nl + 1;
  }
  size_t end = text.find('\n', start);
  std::string_view out =
      text.substr(start, end == std::string_view::npos ? text.size() - start : end - start);
  if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
  return out;
}

}  // namespace

Error input_error(const SourceLocation& where, const std::string& text, const std::string& message,
                  const std::string& hint) {
  std::string body = message;
  if (where.line > 0) {
    std::string_view src = line_of(text, where.line);
    int column = where.column;
    // A very long line (minified, or a runaway bracket) is shown as a window around the column.
    constexpr size_t kWindow = 160;
    std::string shown;
    if (src.size() > kWindow) {
      size_t col = column > 0 ? static_cast<size_t>(column - 1) : 0;
      size_t start = col > kWindow / 2 ? std::min(col - kWindow / 2, src.size() - kWindow) : 0;
      std::string_view part = src.substr(start, kWindow);
      shown = (start > 0 ? "..." : "") + std::string(part) +
              (start + kWindow < src.size() ? "..." : "");
      column = column - static_cast<int>(start) + (start > 0 ? 3 : 0);
      src = shown;
    }
    if (!src.empty()) {
      body += "\n  ";
      body += src;
      body += "\n  ";
      // Keep tabs so the caret lines up under tab-indented text.
      for (int i = 1; i < column && static_cast<size_t>(i - 1) < src.size(); ++i)
        body += src[i - 1] == '\t' ? '\t' : ' ';
      body += '^';
    }
  }
  if (!hint.empty()) body += "\n  " + hint;
  return Error(ErrorKind::input, where, body);
}

}  // namespace retort
