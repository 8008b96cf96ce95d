// A parsed YAML document as a small tree of nodes (migration files, models). Every
// node keeps its place in the file (1-based line and column) so that loaders can point errors at
// it, the style it was written in (a plain `123` is a number, a quoted "123" is a string), and
// mapping entries in the order they were written.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace retort::yaml {

// 1-based line and column of a node's first character (for a quoted scalar, its opening quote).
struct Mark {
  int line = 0;
  int column = 0;
};

enum class NodeKind : unsigned char { scalar, sequence, mapping };

enum class ScalarStyle : unsigned char { plain, single_quoted, double_quoted, literal, folded };

// What a scalar means. Only plain scalars are resolved (YAML 1.2 core schema): `~`, `null`,
// `Null`, `NULL` and the empty plain scalar are null; `true`/`True`/`TRUE`/`false`/… booleans;
// `[-+]?[0-9]+`, `0o17`, `0x1F` integers; `1.5`, `.5`, `1e3`, `.inf`, `.nan` reals. Everything
// else, and every quoted or block scalar (or one tagged `!!str`), is a string. YAML 1.1's
// `yes`/`no`/`on`/`off` are strings.
enum class ScalarType : unsigned char { null, boolean, integer, real, string };

// The type a plain scalar with this text resolves to (see ScalarType).
ScalarType resolve_plain(std::string_view text);

struct MapEntry;

struct Node {
  NodeKind kind = NodeKind::scalar;
  ScalarStyle style = ScalarStyle::plain;  // scalars only
  bool flow = false;                       // collections written as [..] / {..}
  bool tagged_string = false;              // scalar carried an explicit `!!str` tag
  Mark mark;
  std::string value;              // scalar: its text after YAML unescaping/folding
  std::vector<Node> items;        // sequence: its items
  std::vector<MapEntry> entries;  // mapping: its entries, in file order, keys unique

  bool is_scalar() const { return kind == NodeKind::scalar; }
  bool is_sequence() const { return kind == NodeKind::sequence; }
  bool is_mapping() const { return kind == NodeKind::mapping; }

  // The resolved type of a scalar (see ScalarType); meaningless for collections.
  ScalarType scalar_type() const {
    return style == ScalarStyle::plain && !tagged_string ? resolve_plain(value)
                                                         : ScalarType::string;
  }
  // A scalar that resolves to null (`~`, `null`, empty plain).
  bool is_null() const { return is_scalar() && scalar_type() == ScalarType::null; }

  // The value of key `key` of a mapping, or nullptr when absent (or this is not a mapping).
  const Node* find(std::string_view key) const;
};

// One `key: value` entry of a mapping. Keys are scalars (the parser rejects other keys).
struct MapEntry {
  Node key;
  Node value;
};

// A short description of a node for "expected …, found …" messages: "a map", "a list",
// "null", or the scalar quoted as it was written ('abc', "abc" for a quoted string).
std::string describe(const Node& node);

}  // namespace retort::yaml
