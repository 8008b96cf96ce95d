// Writing YAML text: a small output tree and an emitter that produces the layout of
// docs/migration-files.md's examples — block style for lists of ops and columns, flow style
// (`{name: id, type: integer}`) for short maps and lists that fit on a line, literal blocks (`|`)
// for multi-line text. Strings are written plain when YAML reads them back as the same string, else
// double-quoted.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace retort::yaml {

struct OutEntry;

// A value to write.
struct OutNode {
  enum class Kind {
    raw,     // `text` written as is: numbers, true/false, null
    string,  // `text` is a string: plain when safe, else quoted (or a literal block)
    sequence,
    mapping,
  };
  Kind kind = Kind::raw;
  std::string text;
  bool force_quotes = false;  // string: always double-quoted (revision ids)
  bool quote_spaced = false;  // string: double-quoted when it contains a blank (SQL text),
                              // though a multi-line one is still a literal block
  bool flow = false;          // collection: written as [..]/{..} when it fits on its line
  bool spaced = false;        // block sequence: a blank line between items
  std::vector<OutNode> items;
  std::vector<OutEntry> entries;

  static OutNode raw(std::string text);
  static OutNode str(std::string text);
  static OutNode quoted(std::string text);
  static OutNode sql(std::string text);  // a string with quote_spaced
  static OutNode boolean(bool value) { return raw(value ? "true" : "false"); }
  static OutNode null() { return raw("null"); }
  static OutNode seq(bool flow);
  static OutNode map(bool flow);

  // Appends an item (sequences) or an entry (mappings); returns *this for chaining.
  OutNode& add(OutNode item);
  OutNode& set(std::string key, OutNode value);
};

struct OutEntry {
  std::string key;
  OutNode value;
};

// The YAML text of a document whose root is `root`, ending with a newline. An empty
// collection is written `[]` / `{}`.
std::string emit_yaml(const OutNode& root);

// Whether `text` may be written as a plain scalar and read back as the same string (in a
// flow collection when `in_flow`).
bool plain_safe(std::string_view text, bool in_flow);

// `text` as a double-quoted YAML scalar, escaped.
std::string double_quoted(std::string_view text);

}  // namespace retort::yaml
