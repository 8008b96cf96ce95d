#include "diff/constraint_names.hpp"

namespace retort {

namespace {

// `text` cut to at most `bytes` bytes without splitting a UTF-8 sequence.
std::string cut(const std::string& text, size_t bytes) {
  if (text.size() <= bytes) return text;
  size_t end = bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

}  // namespace

void ConstraintNames::take(const std::string& name) {
  if (!name.empty()) ++taken_[name];
}

void ConstraintNames::release(const std::string& name) {
  auto it = taken_.find(name);
  if (it != taken_.end() && it->second > 0) --it->second;
}

std::string ConstraintNames::allocate(std::string_view table,
                                      const std::vector<std::string>& columns,
                                      std::string_view suffix) {
  size_t dot = table.rfind('.');
  std::string stem(dot == std::string_view::npos ? table : table.substr(dot + 1));
  for (const std::string& c : columns) stem += "_" + c;
  for (int n = 0;; ++n) {
    std::string tail = "_" + std::string(suffix) + (n ? std::to_string(n) : std::string());
    std::string name = cut(stem, kMaxIdentifierBytes - tail.size()) + tail;
    if (!taken(name)) {
      take(name);
      return name;
    }
  }
}

}  // namespace retort
