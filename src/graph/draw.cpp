#include "graph/draw.hpp"

#include <algorithm>
#include <unordered_map>

namespace retort {

namespace {

// Moves tracks one column per line from `pos` to `target`, drawing each line: a track that stays
// is '|' in its column (even character), one moving left is '/' between its column and the next
// one left, one moving right is '\' between its column and the next one right (odd characters).
// Tracks that meet with the same target draw the same characters. Each caller moves tracks in one
// direction only (joins left, splits right), so two moving tracks never claim the same character;
// a track that crosses a standing one passes between its columns, as in "|/|".
void move_tracks(std::vector<int> pos, const std::vector<int>& target,
                 std::vector<GraphLine>& out) {
  for (;;) {
    bool moving = false;
    for (size_t i = 0; i < pos.size(); ++i) moving = moving || pos[i] != target[i];
    if (!moving) return;
    std::string line;
    auto put = [&](int at, char c) {
      size_t index = static_cast<size_t>(at);
      if (line.size() <= index) line.resize(index + 1, ' ');
      line[index] = c;
    };
    for (size_t i = 0; i < pos.size(); ++i) {
      if (target[i] < pos[i]) {
        put(2 * pos[i] - 1, '/');
        --pos[i];
      } else if (target[i] > pos[i]) {
        put(2 * pos[i] + 1, '\\');
        ++pos[i];
      } else {
        put(2 * pos[i], '|');
      }
    }
    out.push_back({line, nullptr});
  }
}

// The columns a line of `lanes` lanes shows when nothing moves.
std::string straight(size_t lanes) {
  std::string line;
  for (size_t i = 0; i < lanes; ++i) line += i ? " |" : "|";
  return line;
}

}  // namespace

std::vector<GraphLine> draw_history_graph(const std::vector<const Revision*>& revisions) {
  std::unordered_map<std::string, size_t> position;  // id -> index in `revisions`
  for (size_t i = 0; i < revisions.size(); ++i) position.emplace(revisions[i]->id, i);

  std::vector<GraphLine> out;
  std::vector<std::string> lanes;  // the revision each column is waiting for (may repeat)
  for (size_t k = 0; k < revisions.size(); ++k) {
    const Revision& rev = *revisions[k];

    std::vector<size_t> mine;  // columns waiting for this revision
    for (size_t i = 0; i < lanes.size(); ++i)
      if (lanes[i] == rev.id) mine.push_back(i);
    size_t column;
    if (mine.empty()) {
      // a head (within the list): a new column on the right
      lanes.push_back(rev.id);
      column = lanes.size() - 1;
    } else {
      column = mine[0];
      if (mine.size() > 1) {
        // several children wait here: their columns join this revision's first column
        std::vector<int> from, to;
        std::vector<std::string> kept;
        int removed = 0;
        for (size_t i = 0; i < lanes.size(); ++i) {
          from.push_back(static_cast<int>(i));
          if (lanes[i] == rev.id && i != column) {
            to.push_back(static_cast<int>(column));
            ++removed;
          } else {
            to.push_back(static_cast<int>(i) - removed);
            kept.push_back(lanes[i]);
          }
        }
        move_tracks(from, to, out);
        lanes = std::move(kept);
      }
    }

    std::string line;
    for (size_t i = 0; i < lanes.size(); ++i) {
      if (i) line += ' ';
      line += i == column ? '*' : '|';
    }
    out.push_back({line, &rev});

    std::vector<std::string> parents;  // down_revisions drawn below this one
    for (const std::string& p : rev.down_revisions) {
      auto it = position.find(p);
      if (it != position.end() && it->second > k) parents.push_back(p);
    }
    bool more = k + 1 < revisions.size();
    if (parents.empty()) {
      // a root: its column ends and the columns to its right move left
      std::vector<int> from, to;
      for (size_t i = column + 1; i < lanes.size(); ++i) {
        from.push_back(static_cast<int>(i));
        to.push_back(static_cast<int>(i) - 1);
      }
      std::vector<int> all_from, all_to;
      for (size_t i = 0; i < column; ++i) {
        all_from.push_back(static_cast<int>(i));
        all_to.push_back(static_cast<int>(i));
      }
      all_from.insert(all_from.end(), from.begin(), from.end());
      all_to.insert(all_to.end(), to.begin(), to.end());
      lanes.erase(lanes.begin() + static_cast<std::ptrdiff_t>(column));
      if (!from.empty()) {
        move_tracks(all_from, all_to, out);
      } else if (more) {
        // The column was the rightmost. Only when the next revision waits in no column does it
        // start a new one in this very place: then a gap line keeps the two histories apart.
        const std::string& next = revisions[k + 1]->id;
        if (std::find(lanes.begin(), lanes.end(), next) == lanes.end())
          out.push_back({straight(lanes.size()), nullptr});
      }
    } else if (parents.size() == 1) {
      lanes[column] = parents[0];
    } else {
      // a merge: one column per down_revision, splitting to the right
      std::vector<int> from, to;
      for (size_t i = 0; i < column; ++i) {
        from.push_back(static_cast<int>(i));
        to.push_back(static_cast<int>(i));
      }
      for (size_t j = 0; j < parents.size(); ++j) {
        from.push_back(static_cast<int>(column));
        to.push_back(static_cast<int>(column + j));
      }
      for (size_t i = column + 1; i < lanes.size(); ++i) {
        from.push_back(static_cast<int>(i));
        to.push_back(static_cast<int>(i + parents.size() - 1));
      }
      std::vector<std::string> next(lanes.begin(),
                                    lanes.begin() + static_cast<std::ptrdiff_t>(column));
      next.insert(next.end(), parents.begin(), parents.end());
      next.insert(next.end(), lanes.begin() + static_cast<std::ptrdiff_t>(column) + 1, lanes.end());
      lanes = std::move(next);
      move_tracks(from, to, out);
    }
  }
  return out;
}

std::string render_history_graph(const std::vector<const Revision*>& revisions,
                                 const std::function<std::string(const Revision&)>& text) {
  std::string out;
  for (const GraphLine& line : draw_history_graph(revisions)) {
    out += line.graph;
    if (line.revision) out += " " + text(*line.revision);
    out += '\n';
  }
  return out;
}

namespace {

std::string dot_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

// Mermaid labels are HTML-ish: entity codes keep quotes and angle brackets literal.
std::string mermaid_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '"':
        out += "#quot;";
        break;
      case '<':
        out += "#lt;";
        break;
      case '>':
        out += "#gt;";
        break;
      case '\n':
        out += ' ';
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A node's label: id and own branch labels, the message, "(head)" for a head; each piece escaped
// for the format and the pieces joined by its line break.
std::string node_text(const RevisionGraph& graph, const Revision& rev,
                      std::string (*escape)(std::string_view), std::string_view line_break) {
  std::string text = escape(rev.id);
  if (!rev.branch_labels.empty()) {
    text += " (";
    for (size_t i = 0; i < rev.branch_labels.size(); ++i)
      text += (i ? ", " : "") + escape(rev.branch_labels[i]);
    text += ")";
  }
  if (!rev.message.empty()) {
    text += line_break;
    text += escape(rev.message);
  }
  if (graph.is_head(rev.id)) {
    text += line_break;
    text += "(head)";
  }
  return text;
}

}  // namespace

std::string render_graph(const RevisionGraph& graph, GraphFormat format) {
  std::string out;
  const auto& revisions = graph.revisions();
  if (format == GraphFormat::dot) {
    out += "digraph revisions {\n";
    out += "  rankdir=BT;\n";
    out += "  node [shape=box, fontname=\"monospace\"];\n";
    for (const Revision& rev : revisions) {
      std::string label = node_text(graph, rev, dot_escape, "\\n");
      out += "  \"" + rev.id + "\" [label=\"" + label + "\"";
      if (graph.is_head(rev.id)) out += ", style=bold";
      out += "];\n";
    }
    for (const Revision& rev : revisions) {
      for (const std::string& p : rev.down_revisions)
        out += "  \"" + p + "\" -> \"" + rev.id + "\";\n";
      for (const std::string& d : graph.resolved_depends_on(rev.id))
        out += "  \"" + d + "\" -> \"" + rev.id + "\" [style=dashed];\n";
    }
    out += "}\n";
    return out;
  }
  // Mermaid: node names get a prefix because words like `end` are reserved in flowcharts.
  out += "flowchart BT\n";
  for (const Revision& rev : revisions) {
    out += "  r_" + rev.id + "[\"" + node_text(graph, rev, mermaid_escape, "<br/>") + "\"]";
    if (graph.is_head(rev.id)) out += ":::head";
    out += '\n';
  }
  for (const Revision& rev : revisions) {
    for (const std::string& p : rev.down_revisions) out += "  r_" + p + " --> r_" + rev.id + "\n";
    for (const std::string& d : graph.resolved_depends_on(rev.id))
      out += "  r_" + d + " -.-> r_" + rev.id + "\n";
  }
  out += "  classDef head stroke-width:3px\n";
  return out;
}

}  // namespace retort
