#include "yaml/parser.hpp"

#include <yaml.h>

#include <algorithm>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/error.hpp"

namespace retort::yaml {

namespace {

constexpr size_t kMaxAliasNodes = 100000;
// Collections nested deeper than this are refused: real files nest fewer than 12 levels, and
// depth is what makes libyaml slow (each token rescans the open levels: 160,000 levels took
// 70 s) and what recursive code over the tree would overflow the stack on.
constexpr size_t kMaxDepth = 100;

Mark mark_of(const yaml_mark_t& m) {
  return Mark{static_cast<int>(m.line) + 1, static_cast<int>(m.column) + 1};
}

size_t count_nodes(const Node& n) {
  size_t total = 1;
  for (const Node& item : n.items) total += count_nodes(item);
  for (const MapEntry& e : n.entries) total += 1 + count_nodes(e.value);
  return total;
}

// Owns the libyaml parser and the event being looked at, so that every exit path (including
// exceptions) releases them.
class EventParser {
 public:
  EventParser(std::string_view text) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()),
                                 text.size());
  }
  ~EventParser() {
    if (has_event_) yaml_event_delete(&event_);
    yaml_parser_delete(&parser_);
  }
  EventParser(const EventParser&) = delete;
  EventParser& operator=(const EventParser&) = delete;

  // Advances to the next event; false on a libyaml error (see parser()).
  bool next() {
    if (has_event_) yaml_event_delete(&event_);
    has_event_ = yaml_parser_parse(&parser_, &event_) == 1;
    return has_event_;
  }
  const yaml_event_t& event() const { return event_; }
  const yaml_parser_t& parser() const { return parser_; }

 private:
  yaml_parser_t parser_;
  yaml_event_t event_;
  bool has_event_ = false;
};

class Composer {
 public:
  Composer(const std::string& path, std::string_view text) : path_(path), text_(text) {}

  Node run() {
    EventParser events(text_);
    bool seen_document = false;
    Node root;
    root.mark = Mark{1, 1};
    for (;;) {
      if (!events.next()) syntax_error(events.parser());
      const yaml_event_t& ev = events.event();
      switch (ev.type) {
        case YAML_STREAM_START_EVENT:
        case YAML_NO_EVENT:
          break;
        case YAML_STREAM_END_EVENT:
          return root;
        case YAML_DOCUMENT_START_EVENT:
          if (seen_document)
            fail(mark_of(ev.start_mark),
                 "expected a single YAML document, found a second one here");
          seen_document = true;
          anchors_.clear();
          break;
        case YAML_DOCUMENT_END_EVENT:
          if (have_root_) root = std::move(root_);
          break;
        case YAML_SCALAR_EVENT: {
          Node n;
          n.kind = NodeKind::scalar;
          n.mark = mark_of(ev.start_mark);
          n.value.assign(reinterpret_cast<const char*>(ev.data.scalar.value),
                         ev.data.scalar.length);
          n.style = scalar_style(ev.data.scalar.style);
          n.tagged_string = check_tag(ev.data.scalar.tag, n.mark);
          scalar_end_ = mark_of(ev.end_mark);
          const yaml_char_t* anchor = ev.data.scalar.anchor;
          add(std::move(n), anchor);
          break;
        }
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: {
          bool seq = ev.type == YAML_SEQUENCE_START_EVENT;
          Node n;
          n.kind = seq ? NodeKind::sequence : NodeKind::mapping;
          n.mark = mark_of(ev.start_mark);
          n.flow = seq ? ev.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
                       : ev.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
          check_tag(seq ? ev.data.sequence_start.tag : ev.data.mapping_start.tag, n.mark);
          const yaml_char_t* anchor =
              seq ? ev.data.sequence_start.anchor : ev.data.mapping_start.anchor;
          open(std::move(n), anchor);
          break;
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
          close();
          break;
        case YAML_ALIAS_EVENT: {
          Mark at = mark_of(ev.start_mark);
          std::string name(reinterpret_cast<const char*>(ev.data.alias.anchor));
          auto it = anchors_.find(name);
          if (it == anchors_.end()) fail(at, "alias '*" + name + "' refers to no anchor before it");
          alias_nodes_ += count_nodes(it->second);
          if (alias_nodes_ > kMaxAliasNodes)
            fail(at, "aliases expand to too many nodes (more than " +
                         std::to_string(kMaxAliasNodes) + ")");
          Node copy = it->second;
          copy.mark = at;
          add(std::move(copy), nullptr);
          break;
        }
      }
    }
  }

 private:
  // One open collection: where it lives, and its anchor (recorded when it closes).
  struct Frame {
    Node* node;
    std::string anchor;
    bool expecting_key = true;  // mappings: the next completed node is a key
    bool absorbing = false;     // flow mappings: the next node is the null value of a key
                                // that was joined to the previous value (see rejoin())
  };

  static ScalarStyle scalar_style(yaml_scalar_style_t s) {
    switch (s) {
      case YAML_SINGLE_QUOTED_SCALAR_STYLE:
        return ScalarStyle::single_quoted;
      case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
        return ScalarStyle::double_quoted;
      case YAML_LITERAL_SCALAR_STYLE:
        return ScalarStyle::literal;
      case YAML_FOLDED_SCALAR_STYLE:
        return ScalarStyle::folded;
      default:
        return ScalarStyle::plain;
    }
  }

  // Accepts the standard tags; returns whether the tag forces a string. The non-specific `!`
  // (libyaml reports it for "!" and for quoted scalars in some versions) is fine too.
  bool check_tag(const yaml_char_t* tag, const Mark& at) const {
    if (tag == nullptr) return false;
    std::string_view t(reinterpret_cast<const char*>(tag));
    if (t == "tag:yaml.org,2002:str") return true;
    if (t == "!" || t == "tag:yaml.org,2002:int" || t == "tag:yaml.org,2002:float" ||
        t == "tag:yaml.org,2002:bool" || t == "tag:yaml.org,2002:null" ||
        t == "tag:yaml.org,2002:seq" || t == "tag:yaml.org,2002:map")
      return false;
    std::string shown(t);
    if (t.starts_with("tag:yaml.org,2002:")) shown = "!!" + shown.substr(18);
    fail(at, "unsupported YAML tag '" + shown + "'");
  }

  // Places a completed node into its parent (or as the root).
  void add(Node&& n, const yaml_char_t* anchor) {
    if (stack_.empty()) {
      if (anchor != nullptr) anchors_[reinterpret_cast<const char*>(anchor)] = n;
      root_ = std::move(n);
      have_root_ = true;
      return;
    }
    Frame& top = stack_.back();
    Node& parent = *top.node;
    if (top.absorbing) {
      swallow_joined_value(top, n);
      return;
    }
    if (rejoin(top, n)) return;
    if (anchor != nullptr) anchors_[reinterpret_cast<const char*>(anchor)] = n;
    if (parent.kind == NodeKind::sequence) {
      parent.items.push_back(std::move(n));
      return;
    }
    if (top.expecting_key) {
      if (n.kind != NodeKind::scalar)
        fail(n.mark, "a mapping key must be a plain word or a quoted string, found " + describe(n));
      for (const MapEntry& e : parent.entries) {
        if (e.key.value == n.value)
          fail(n.mark, "duplicate key '" + n.value + "' (first defined at line " +
                           std::to_string(e.key.mark.line) + ")");
      }
      parent.entries.push_back(MapEntry{std::move(n), Node{}});
      top.expecting_key = false;
    } else {
      parent.entries.back().value = std::move(n);
      top.expecting_key = true;
    }
  }

  // Starts a collection: it is placed into its parent now (so children can be appended in
  // place), and its frame is pushed. Parents' vectors do not grow while a child is open, so
  // the pointer stays valid.
  void open(Node&& n, const yaml_char_t* anchor) {
    if (stack_.size() >= kMaxDepth)
      fail(n.mark, "YAML nested more than " + std::to_string(kMaxDepth) + " levels deep",
           "migration and model files need only a few levels; is a bracket unbalanced?");
    Node* slot = nullptr;
    if (stack_.empty()) {
      root_ = std::move(n);
      have_root_ = true;
      slot = &root_;
    } else {
      Frame& top = stack_.back();
      Node& parent = *top.node;
      if (top.absorbing) swallow_joined_value(top, n);
      if (parent.kind == NodeKind::sequence) {
        parent.items.push_back(std::move(n));
        slot = &parent.items.back();
      } else if (top.expecting_key) {
        fail(n.mark, "a mapping key must be a plain word or a quoted string, found " + describe(n));
      } else {
        parent.entries.back().value = std::move(n);
        top.expecting_key = true;
        slot = &parent.entries.back().value;
      }
    }
    stack_.push_back(
        Frame{slot, anchor ? std::string(reinterpret_cast<const char*>(anchor)) : std::string()});
  }

  void close() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    if (!frame.anchor.empty()) anchors_[frame.anchor] = *frame.node;
  }

  // docs/migration-files.md writes `{name: rate, type: numeric(10,2)}`, but in a flow collection
  // YAML ends a plain scalar at a comma, giving `type: numeric(10` and a key `2)` with no value.
  // retort reads a plain scalar with an unclosed '(' as going on past commas to its ')': the pieces
  // are joined back into the source text between them. Returns whether `n` was such a piece.
  bool rejoin(Frame& top, const Node& n) {
    Node& parent = *top.node;
    if (!parent.flow || n.kind != NodeKind::scalar || n.style != ScalarStyle::plain ||
        n.value.empty())
      return false;
    Node* prev = nullptr;
    if (parent.kind == NodeKind::sequence) {
      if (!parent.items.empty()) prev = &parent.items.back();
    } else if (top.expecting_key && !parent.entries.empty()) {
      prev = &parent.entries.back().value;
    }
    if (prev == nullptr || prev->kind != NodeKind::scalar || prev->style != ScalarStyle::plain ||
        prev->mark.line != scalar_end_.line || paren_depth(prev->value) <= 0)
      return false;
    size_t from = offset_of(prev->mark);
    size_t to = offset_of(scalar_end_);
    prev->value.assign(text_.substr(from, to - from));
    if (parent.kind == NodeKind::mapping) {
      top.expecting_key = false;
      top.absorbing = true;
    }
    return true;
  }

  // The value after a joined piece must be the implicit null of `{a: f(x, y)}`.
  void swallow_joined_value(Frame& top, const Node& n) {
    if (n.kind != NodeKind::scalar || n.style != ScalarStyle::plain || !n.value.empty()) {
      const Node& joined = top.node->entries.back().value;
      fail(joined.mark, "unbalanced '(' in '" + joined.value + "'",
           "close the parenthesis, or quote the text");
    }
    top.absorbing = false;
    top.expecting_key = true;
  }

  static int paren_depth(std::string_view s) {
    int depth = 0;
    for (char c : s) depth += c == '(' ? 1 : c == ')' ? -1 : 0;
    return depth;
  }

  // Byte offset of a mark: its line's start, then column - 1 UTF-8 characters.
  size_t offset_of(const Mark& m) {
    if (line_starts_.empty()) {
      line_starts_.push_back(0);
      for (size_t i = 0; i < text_.size(); ++i)
        if (text_[i] == '\n') line_starts_.push_back(i + 1);
    }
    size_t line = static_cast<size_t>(m.line > 0 ? m.line - 1 : 0);
    size_t pos = line < line_starts_.size() ? line_starts_[line] : text_.size();
    for (int c = 1; c < m.column && pos < text_.size(); ++c) {
      auto lead = static_cast<unsigned char>(text_[pos]);
      pos += lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    }
    return std::min(pos, text_.size());
  }

  [[noreturn]] void fail(const Mark& at, const std::string& message,
                         const std::string& hint = "") const {
    throw input_error(SourceLocation{path_, at.line, at.column}, std::string(text_), message, hint);
  }

  [[noreturn]] void syntax_error(const yaml_parser_t& p) const {
    std::string problem = p.problem ? p.problem : "unknown error";
    if (p.error == YAML_READER_ERROR) {
      // Reader errors (bad encoding) carry a byte offset, not a mark: find its line.
      int line = 1, column = 1;
      for (size_t i = 0; i < p.problem_offset && i < text_.size(); ++i) {
        if (text_[i] == '\n') {
          ++line;
          column = 1;
        } else {
          ++column;
        }
      }
      fail(Mark{line, column}, "invalid text: " + problem + " (YAML files must be UTF-8)");
    }
    Mark at = mark_of(p.problem_mark);
    // At the end of the text there is no line to show: point at where the construct began.
    if (p.context && p.problem_mark.index >= text_.size()) at = mark_of(p.context_mark);
    std::string message = "YAML syntax error: " + problem;
    if (p.context) {
      Mark ctx = mark_of(p.context_mark);
      message += " (" + std::string(p.context) + " at line " + std::to_string(ctx.line) +
                 ", column " + std::to_string(ctx.column) + ")";
    }
    std::string hint;
    // The most common cause by far: a tab used for indentation.
    if (leading_whitespace_has_tab(at.line)) hint = "YAML indentation must use spaces, not tabs";
    fail(at, message, hint);
  }

  bool leading_whitespace_has_tab(int line) const {
    size_t pos = 0;
    for (int i = 1; i < line; ++i) {
      pos = text_.find('\n', pos);
      if (pos == std::string_view::npos) return false;
      ++pos;
    }
    for (; pos < text_.size() && (text_[pos] == ' ' || text_[pos] == '\t'); ++pos)
      if (text_[pos] == '\t') return true;
    return false;
  }

  const std::string& path_;
  std::string_view text_;
  std::vector<Frame> stack_;
  std::unordered_map<std::string, Node> anchors_;
  size_t alias_nodes_ = 0;
  Mark scalar_end_;                  // end of the scalar event being added
  std::vector<size_t> line_starts_;  // byte offset of each line, built on first use
  Node root_;
  bool have_root_ = false;
};

}  // namespace

Node parse_yaml(const std::string& path, std::string_view text) {
  return Composer(path, text).run();
}

}  // namespace retort::yaml
