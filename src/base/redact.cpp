#include "base/redact.hpp"

#include <algorithm>
#include <utility>

namespace retort {

namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX decoding that leaves malformed escapes as they are (the text may be an invalid URL).
std::string percent_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = hex_value(s[i + 1]);
      int lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

// Where the value starting at `start` ends: after its closing quote for a quoted conninfo value
// ('a\'b'), else at the next '&' (URL query), blank (conninfo), '#' or '"' (a quoted URL).
size_t value_end(std::string_view text, size_t start) {
  if (start < text.size() && text[start] == '\'') {
    for (size_t i = start + 1; i < text.size(); ++i) {
      if (text[i] == '\\') {
        ++i;
        continue;
      }
      if (text[i] == '\'') return i + 1;
    }
    return text.size();
  }
  size_t end = text.find_first_of("& \t\r\n#\"", start);
  return end == std::string_view::npos ? text.size() : end;
}

// The [begin, end) ranges of the passwords in `text`, in order, not overlapping.
std::vector<std::pair<size_t, size_t>> password_spans(std::string_view text) {
  std::vector<std::pair<size_t, size_t>> spans;
  // User-info passwords.
  for (size_t scheme = text.find("://"); scheme != std::string_view::npos;
       scheme = text.find("://", scheme + 3)) {
    size_t start = scheme + 3;
    size_t word_end = start;
    while (word_end < text.size() && !is_blank(text[word_end]) && text[word_end] != '?') ++word_end;
    std::string_view word = text.substr(start, word_end - start);
    size_t at = word.rfind('@');
    if (at == std::string_view::npos) {
      // A password with a blank in it: the first '@' on the line, unless a path comes first.
      size_t line_end = text.find_first_of("\n?", start);
      if (line_end == std::string_view::npos) line_end = text.size();
      std::string_view line = text.substr(start, line_end - start);
      at = line.find('@');
      if (at == std::string_view::npos || line.substr(0, at).find('/') != std::string_view::npos)
        continue;
      word = line;
    }
    std::string_view userinfo = word.substr(0, at);
    size_t colon = userinfo.find(':');
    if (colon == std::string_view::npos) continue;
    spans.emplace_back(start + colon + 1, start + at);
  }
  // password=VALUE
  constexpr std::string_view kKey = "password=";
  for (size_t pos = text.find(kKey); pos != std::string_view::npos;
       pos = text.find(kKey, pos + 1)) {
    char before = pos == 0 ? ' ' : text[pos - 1];
    if (!(is_blank(before) || before == '?' || before == '&' || before == '"' || before == '\''))
      continue;
    size_t start = pos + kKey.size();
    spans.emplace_back(start, value_end(text, start));
  }
  std::sort(spans.begin(), spans.end());
  // Merge overlaps (a `password=` inside a user-info span).
  std::vector<std::pair<size_t, size_t>> out;
  for (const auto& s : spans) {
    if (!out.empty() && s.first <= out.back().second)
      out.back().second = std::max(out.back().second, s.second);
    else
      out.push_back(s);
  }
  return out;
}

}  // namespace

std::string redact_passwords(std::string_view text) {
  std::string out;
  size_t copied = 0;
  for (const auto& [begin, end] : password_spans(text)) {
    if (end <= begin) continue;
    out.append(text.substr(copied, begin - copied));
    out.append(kPasswordMask);
    copied = end;
  }
  out.append(text.substr(copied));
  return out;
}

std::vector<std::string> passwords_in(std::string_view text) {
  std::vector<std::string> out;
  auto add = [&out](std::string value) {
    if (value.empty()) return;
    for (const std::string& o : out)
      if (o == value) return;
    out.push_back(std::move(value));
  };
  for (const auto& [begin, end] : password_spans(text)) {
    std::string_view raw = text.substr(begin, end - begin);
    add(std::string(raw));
    add(percent_decode(raw));
    if (raw.size() >= 2 && raw.front() == '\'') {
      std::string unquoted;
      for (size_t i = 1; i + 1 < raw.size(); ++i) {
        if (raw[i] == '\\' && i + 2 < raw.size()) ++i;
        unquoted += raw[i];
      }
      add(std::move(unquoted));
    }
  }
  return out;
}

}  // namespace retort
