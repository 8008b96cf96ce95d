#include "yaml/emitter.hpp"

#include "yaml/node.hpp"

namespace retort::yaml {

namespace {

constexpr size_t kLineWidth = 100;

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

// The words YAML 1.1 readers (PyYAML, older tools) take as booleans: quoted for their sake.
bool yaml11_boolean(std::string_view s) {
  static constexpr std::string_view kWords[] = {"y", "n", "yes", "no", "on", "off"};
  if (s.size() > 3) return false;
  std::string lower;
  for (char c : s) lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  for (std::string_view w : kWords)
    if (lower == w) return true;
  return false;
}

// Whether a string can be a literal block (`|`) and read back exactly.
bool literal_safe(std::string_view s) {
  if (s.find('\n') == std::string_view::npos) return false;
  if (s.empty() || s[0] == ' ' || s[0] == '\t' || s[0] == '\n') return false;
  size_t line_start = 0;
  while (line_start <= s.size()) {
    size_t end = s.find('\n', line_start);
    if (end == std::string_view::npos) end = s.size();
    std::string_view line = s.substr(line_start, end - line_start);
    bool only_blanks = !line.empty();
    for (char c : line) {
      auto u = static_cast<unsigned char>(c);
      if ((u < 0x20 && c != '\t') || u == 0x7f) return false;
      if (!is_blank(c)) only_blanks = false;
    }
    // A line of only blanks would be read back as an empty line.
    if (only_blanks) return false;
    line_start = end + 1;
  }
  return true;
}

class Emitter {
 public:
  std::string run(const OutNode& root) {
    if (is_collection(root) && !empty(root)) {
      block(root, 0);
    } else {
      out_ += inline_text(root, false);
      out_ += '\n';
    }
    return std::move(out_);
  }

 private:
  static bool is_collection(const OutNode& n) {
    return n.kind == OutNode::Kind::sequence || n.kind == OutNode::Kind::mapping;
  }
  static bool empty(const OutNode& n) {
    return n.kind == OutNode::Kind::sequence ? n.items.empty() : n.entries.empty();
  }

  // Whether `n` reads well on one line: no block-only collection inside, and no text that
  // deserves a literal block (multi-line SQL).
  static bool flowable(const OutNode& n) {
    switch (n.kind) {
      case OutNode::Kind::raw:
        return true;
      case OutNode::Kind::string:
        return n.force_quotes || !literal_safe(n.text);
      case OutNode::Kind::sequence:
        for (const OutNode& i : n.items)
          if ((is_collection(i) && !i.flow && !empty(i)) || !flowable(i)) return false;
        return true;
      case OutNode::Kind::mapping:
        for (const OutEntry& e : n.entries)
          if ((is_collection(e.value) && !e.value.flow && !empty(e.value)) || !flowable(e.value))
            return false;
        return true;
    }
    return true;
  }

  static bool plain_allowed(const OutNode& n, bool in_flow) {
    if (n.force_quotes) return false;
    if (n.quote_spaced && n.text.find_first_of(" \t") != std::string::npos) return false;
    return plain_safe(n.text, in_flow);
  }

  static std::string key_text(const std::string& key) {
    return plain_safe(key, false) ? key : double_quoted(key);
  }

  // A scalar or a collection on one line (flow style).
  static std::string inline_text(const OutNode& n, bool in_flow) {
    switch (n.kind) {
      case OutNode::Kind::raw:
        return n.text;
      case OutNode::Kind::string:
        return plain_allowed(n, in_flow) ? n.text : double_quoted(n.text);
      case OutNode::Kind::sequence: {
        std::string s = "[";
        for (size_t i = 0; i < n.items.size(); ++i) {
          if (i) s += ", ";
          s += inline_text(n.items[i], true);
        }
        return s + "]";
      }
      case OutNode::Kind::mapping: {
        std::string s = "{";
        for (size_t i = 0; i < n.entries.size(); ++i) {
          if (i) s += ", ";
          s += (plain_safe(n.entries[i].key, true) ? n.entries[i].key
                                                   : double_quoted(n.entries[i].key));
          s += ": ";
          s += inline_text(n.entries[i].value, true);
        }
        return s + "}";
      }
    }
    return n.text;
  }

  // Writes ` value` after a `key:` or `-` already on the line at `column`, whose block
  // children go at `indent`. Ends the line.
  void value_after(const OutNode& v, size_t column, size_t indent) {
    if (v.kind == OutNode::Kind::string && !v.force_quotes && !plain_allowed(v, false) &&
        literal_safe(v.text)) {
      literal(v.text, indent);
      return;
    }
    if (!is_collection(v) || empty(v)) {
      out_ += ' ';
      out_ += inline_text(v, false);
      out_ += '\n';
      return;
    }
    if (v.flow && flowable(v)) {
      std::string text = inline_text(v, true);
      if (column + 1 + text.size() <= kLineWidth) {
        out_ += ' ';
        out_ += text;
        out_ += '\n';
        return;
      }
    }
    out_ += '\n';
    block(v, indent);
  }

  void literal(std::string_view s, size_t indent) {
    size_t trailing = 0;
    while (trailing < s.size() && s[s.size() - 1 - trailing] == '\n') ++trailing;
    out_ += trailing == 0 ? " |-" : trailing == 1 ? " |" : " |+";
    out_ += '\n';
    std::string_view body = s.substr(0, s.size() - trailing);
    size_t start = 0;
    for (;;) {
      size_t end = body.find('\n', start);
      std::string_view line =
          body.substr(start, end == std::string_view::npos ? body.size() - start : end - start);
      if (!line.empty()) out_.append(indent, ' ');
      out_ += line;
      out_ += '\n';
      if (end == std::string_view::npos) break;
      start = end + 1;
    }
    // `|+` keeps the extra final newlines: they are written as empty lines.
    for (size_t i = 1; i < trailing; ++i) out_ += '\n';
  }

  // A non-empty collection in block style, its lines starting at `indent`.
  void block(const OutNode& n, size_t indent) {
    if (n.kind == OutNode::Kind::mapping) {
      for (const OutEntry& e : n.entries) {
        out_.append(indent, ' ');
        entry(e, indent);
      }
      return;
    }
    bool first = true;
    for (const OutNode& item : n.items) {
      if (n.spaced && !first) out_ += '\n';
      first = false;
      out_.append(indent, ' ');
      out_ += '-';
      if (item.kind == OutNode::Kind::mapping && !empty(item)) {
        std::string text;
        if (item.flow && flowable(item)) text = inline_text(item, true);
        if (!text.empty() && indent + 2 + text.size() <= kLineWidth) {
          out_ += ' ';
          out_ += text;
          out_ += '\n';
          continue;
        }
        // A block map as a list item: its first entry on the dash's line, the rest under it.
        out_ += ' ';
        bool first_entry = true;
        for (const OutEntry& e : item.entries) {
          if (!first_entry) out_.append(indent + 2, ' ');
          first_entry = false;
          entry(e, indent + 2);
        }
        continue;
      }
      value_after(item, indent + 1, indent + 2);
    }
  }

  // `key: value` for a mapping entry whose line starts at `indent` (already written).
  void entry(const OutEntry& e, size_t indent) {
    std::string key = key_text(e.key);
    out_ += key;
    out_ += ':';
    // Lists under a key are indented by two, as in docs/migration-files.md's examples.
    value_after(e.value, indent + key.size() + 1, indent + 2);
  }

  std::string out_;
};

}  // namespace

OutNode OutNode::raw(std::string text) {
  OutNode n;
  n.kind = Kind::raw;
  n.text = std::move(text);
  return n;
}

OutNode OutNode::str(std::string text) {
  OutNode n;
  n.kind = Kind::string;
  n.text = std::move(text);
  return n;
}

OutNode OutNode::quoted(std::string text) {
  OutNode n = str(std::move(text));
  n.force_quotes = true;
  return n;
}

OutNode OutNode::sql(std::string text) {
  OutNode n = str(std::move(text));
  n.quote_spaced = true;
  return n;
}

OutNode OutNode::seq(bool flow) {
  OutNode n;
  n.kind = Kind::sequence;
  n.flow = flow;
  return n;
}

OutNode OutNode::map(bool flow) {
  OutNode n;
  n.kind = Kind::mapping;
  n.flow = flow;
  return n;
}

OutNode& OutNode::add(OutNode item) {
  items.push_back(std::move(item));
  return *this;
}

OutNode& OutNode::set(std::string key, OutNode value) {
  entries.push_back(OutEntry{std::move(key), std::move(value)});
  return *this;
}

std::string emit_yaml(const OutNode& root) {
  return Emitter().run(root);
}

namespace {

int paren_depth(std::string_view s) {
  int depth = 0;
  for (char c : s) depth += c == '(' ? 1 : c == ')' ? -1 : 0;
  return depth;
}

}  // namespace

bool plain_safe(std::string_view s, bool in_flow) {
  if (s.empty()) return false;
  if (resolve_plain(s) != ScalarType::string) return false;
  if (yaml11_boolean(s)) return false;
  if (is_blank(s.front()) || is_blank(s.back())) return false;
  static constexpr std::string_view kIndicators = "-?:,[]{}#&*!|>'\"%@`";
  if (kIndicators.find(s.front()) != std::string_view::npos) return false;
  if (s.back() == ':') return false;
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) return false;  // newlines, tabs, control characters
    if (s[i] == ':' && i + 1 < s.size() && is_blank(s[i + 1])) return false;
    if (s[i] == '#' && i > 0 && is_blank(s[i - 1])) return false;
    if (in_flow && (s[i] == '[' || s[i] == ']' || s[i] == '{' || s[i] == '}' || s[i] == ':'))
      return false;
    if (in_flow && s[i] == ',') {
      // Commas inside parentheses are read back by retort's parser (see parse_yaml), as in
      // `numeric(10,2)`; the text after each must start a plain scalar.
      if (paren_depth(s.substr(0, i)) <= 0) return false;
      size_t next = i + 1;
      while (next < s.size() && is_blank(s[next])) ++next;
      if (next == s.size() || kIndicators.find(s[next]) != std::string_view::npos) return false;
    }
  }
  if (in_flow && s.find(',') != std::string_view::npos && paren_depth(s) != 0) return false;
  // The document markers at the start of a line.
  if (s.starts_with("---") || s.starts_with("...")) return false;
  return true;
}

std::string double_quoted(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\x";
          out += kHex[c >> 4];
          out += kHex[c & 0xf];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
  return out;
}

}  // namespace retort::yaml
