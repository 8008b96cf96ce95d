#include "base/name_glob.hpp"

#include <fnmatch.h>

#include <algorithm>

namespace retort {

bool name_glob_matches(std::string_view pattern, std::string_view name) {
  const bool qualified_pattern = pattern.find('.') != std::string_view::npos;
  std::string_view subject = name;
  if (!qualified_pattern) {
    if (size_t dot = name.rfind('.'); dot != std::string_view::npos) subject = name.substr(dot + 1);
  }
  // fnmatch(3) with no flags: `*` and `?` match any character, `.` included.
  return fnmatch(std::string(pattern).c_str(), std::string(subject).c_str(), 0) == 0;
}

bool excluded_by(const std::vector<std::string>& patterns, std::string_view name) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& p) { return name_glob_matches(p, name); });
}

std::string name_glob_problem(std::string_view pattern) {
  if (pattern.find_first_not_of(" \t") == std::string_view::npos) return "an empty pattern";
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '[') continue;
    size_t j = i + 1;
    if (j < pattern.size() && (pattern[j] == '!' || pattern[j] == '^')) ++j;
    if (j < pattern.size() && pattern[j] == ']') ++j;  // a leading ']' is a member
    while (j < pattern.size() && pattern[j] != ']') ++j;
    if (j >= pattern.size()) return "an unclosed '[' at character " + std::to_string(i + 1);
    i = j;
  }
  size_t dots = static_cast<size_t>(std::count(pattern.begin(), pattern.end(), '.'));
  if (dots > 1) return "more than one '.' (a pattern is `table` or `schema.table`)";
  if (dots == 1 && (pattern.front() == '.' || pattern.back() == '.'))
    return "an empty part around the '.' (write `schema.*` for a whole schema)";
  return "";
}

}  // namespace retort
