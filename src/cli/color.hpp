// Colour on a terminal (docs/commands.md, "Colour"): revision ids, heads and the current
// revision, errors and warnings. Only when the stream is a terminal, never with NO_COLOR set
// (https://no-color.org), TERM=dumb, --no-color or --json.
#pragma once

#include <string>
#include <string_view>

namespace retort::cli {

enum class Color {
  revision,  // a revision id: yellow
  head,      // "(head)": bold green
  current,   // "(current)": bold cyan
  error,     // "error:": bold red
  warning,   // "warning:": bold yellow
};

// `text` between the SGR codes of `c` when `on`, else `text` unchanged.
std::string paint(std::string_view text, Color c, bool on);

// Whether text written to file descriptor `fd` may be coloured: `fd` is a terminal, the
// environment has no non-empty NO_COLOR and TERM is not "dumb", and neither --no-color nor --json
// was given.
bool color_allowed(int fd, bool no_color_flag, bool json);

// `line` with a leading "error:" or "warning:" painted (for stderr).
std::string paint_label(const std::string& line, bool on);

}  // namespace retort::cli
