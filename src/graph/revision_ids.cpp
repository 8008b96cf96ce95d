#include "graph/revision_ids.hpp"

#include <algorithm>
#include <random>

#include "base/error.hpp"

namespace retort {

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "1" + "999" -> "1000": decimal increment of a digit string of any length.
std::string increment(std::string digits) {
  for (size_t i = digits.size(); i-- > 0;) {
    if (digits[i] != '9') {
      ++digits[i];
      return digits;
    }
    digits[i] = '0';
  }
  return "1" + digits;
}

}  // namespace

std::string next_sequential_id(const std::vector<std::string>& existing_ids) {
  std::string max_digits;  // without leading zeros; "" = none yet
  size_t width = 3;
  bool any = false;
  for (const std::string& id : existing_ids) {
    if (!all_digits(id)) continue;
    any = true;
    width = std::max(width, id.size());
    size_t first = id.find_first_not_of('0');
    std::string value = first == std::string::npos ? "0" : id.substr(first);
    if (value.size() > max_digits.size() ||
        (value.size() == max_digits.size() && value > max_digits))
      max_digits = value;
  }
  std::string next = any ? increment(max_digits) : "1";
  if (next.size() > kMaxRevisionIdLength)
    throw Error(ErrorKind::usage, "the next sequential revision id would exceed " +
                                      std::to_string(kMaxRevisionIdLength) + " digits");
  if (next.size() < width) next.insert(0, width - next.size(), '0');
  return next;
}

std::string random_hex_id(const std::vector<std::string>& existing_ids) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device device;
  std::uniform_int_distribution<int> digit(0, 15);
  for (;;) {
    std::string id(12, '0');
    for (char& c : id) c = kHex[digit(device)];
    if (std::find(existing_ids.begin(), existing_ids.end(), id) == existing_ids.end()) return id;
  }
}

}  // namespace retort
