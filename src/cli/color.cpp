#include "cli/color.hpp"

#include <unistd.h>

#include <cstdlib>

namespace retort::cli {

std::string paint(std::string_view text, Color c, bool on) {
  if (!on || text.empty()) return std::string(text);
  std::string_view code;
  switch (c) {
    case Color::revision:
      code = "\033[33m";
      break;
    case Color::head:
      code = "\033[1;32m";
      break;
    case Color::current:
      code = "\033[1;36m";
      break;
    case Color::error:
      code = "\033[1;31m";
      break;
    case Color::warning:
      code = "\033[1;33m";
      break;
  }
  std::string out(code);
  out += text;
  out += "\033[0m";
  return out;
}

bool color_allowed(int fd, bool no_color_flag, bool json) {
  if (no_color_flag || json) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') return false;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::string_view(term) == "dumb") return false;
  return isatty(fd) == 1;
}

std::string paint_label(const std::string& line, bool on) {
  for (auto [label, color] : {std::pair{std::string_view("error:"), Color::error},
                              std::pair{std::string_view("warning:"), Color::warning}}) {
    if (line.compare(0, label.size(), label) == 0)
      return paint(label, color, on) + line.substr(label.size());
  }
  return line;
}

}  // namespace retort::cli
