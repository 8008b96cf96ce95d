#include "yaml/node.hpp"

namespace retort::yaml {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Whether every character of `s` (non-empty) satisfies `pred`.
template <class Pred>
bool all_of(std::string_view s, Pred pred) {
  if (s.empty()) return false;
  for (char c : s)
    if (!pred(c)) return false;
  return true;
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?  — given that it is not an integer.
bool is_real(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  size_t int_digits = 0;
  while (i < s.size() && is_digit(s[i])) ++i, ++int_digits;
  size_t frac_digits = 0;
  bool dot = false;
  if (i < s.size() && s[i] == '.') {
    dot = true;
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i, ++frac_digits;
  }
  if (int_digits == 0 && frac_digits == 0) return false;
  if (int_digits == 0 && !dot) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    size_t exp_digits = 0;
    while (i < s.size() && is_digit(s[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == s.size();
}

}  // namespace

ScalarType resolve_plain(std::string_view s) {
  if (s.empty()) return ScalarType::null;
  switch (s[0]) {
    case '~':
      return s.size() == 1 ? ScalarType::null : ScalarType::string;
    case 'n':
    case 'N':
      return s == "null" || s == "Null" || s == "NULL" ? ScalarType::null : ScalarType::string;
    case 't':
    case 'T':
      return s == "true" || s == "True" || s == "TRUE" ? ScalarType::boolean : ScalarType::string;
    case 'f':
    case 'F':
      return s == "false" || s == "False" || s == "FALSE" ? ScalarType::boolean
                                                          : ScalarType::string;
    case '.':
      if (s == ".inf" || s == ".Inf" || s == ".INF" || s == ".nan" || s == ".NaN" || s == ".NAN")
        return ScalarType::real;
      break;
    case '+':
    case '-':
      if (s.substr(1) == ".inf" || s.substr(1) == ".Inf" || s.substr(1) == ".INF")
        return ScalarType::real;
      break;
    default:
      if (!is_digit(s[0])) return ScalarType::string;
  }
  std::string_view body = s;
  if (body[0] == '-' || body[0] == '+') body.remove_prefix(1);
  if (all_of(body, is_digit)) return ScalarType::integer;
  if (s.size() > 2 && s[0] == '0' && s[1] == 'x' && all_of(s.substr(2), is_hex))
    return ScalarType::integer;
  if (s.size() > 2 && s[0] == '0' && s[1] == 'o' &&
      all_of(s.substr(2), [](char c) { return c >= '0' && c <= '7'; }))
    return ScalarType::integer;
  return is_real(s) ? ScalarType::real : ScalarType::string;
}

const Node* Node::find(std::string_view key) const {
  for (const MapEntry& e : entries)
    if (e.key.value == key) return &e.value;
  return nullptr;
}

std::string describe(const Node& node) {
  switch (node.kind) {
    case NodeKind::mapping:
      return "a map";
    case NodeKind::sequence:
      return "a list";
    case NodeKind::scalar:
      break;
  }
  if (node.is_null()) return "null";
  // Long or multi-line text is cut so the message stays one readable line.
  std::string text = node.value.substr(0, node.value.find('\n'));
  if (text.size() > 40) text.resize(40);
  if (text.size() < node.value.size()) text += "...";
  if (node.style == ScalarStyle::plain) return "'" + text + "'";
  return "the string \"" + text + "\"";
}

}  // namespace retort::yaml
