// Pictures of the revision graph: `history --graph` (text columns like `git log --graph`) and
// `graph --format dot|mermaid` (sources for Graphviz and Mermaid). Pure functions of their inputs.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "graph/revision_graph.hpp"
#include "ops/revision.hpp"

namespace retort {

// One line of `history --graph`: the drawing in columns of '*', '|', '/', '\', and the revision
// shown on that line, or nullptr for a line that only connects (a branch joining or splitting).
struct GraphLine {
  std::string graph;
  const Revision* revision = nullptr;
};

// Lays out `revisions`, newest first (as RevisionGraph::history returns them), like
// `git log --graph`: each revision is a '*' in its branch's column; a merge splits into one column
// per down_revision ("|\"), branches that meet at their common parent join ("|/"), and a column
// ends at a root, after which one spacer line keeps unrelated histories apart. Only edges between
// revisions in the list are drawn (depends_on is not drawn). Commit lines are padded to their
// width; connector lines carry no trailing spaces. Deterministic.
std::vector<GraphLine> draw_history_graph(const std::vector<const Revision*>& revisions);

// The lines of draw_history_graph joined as text: a commit line is its graph, a space and
// text(revision); a connector line is its graph alone. Every line ends in '\n'.
std::string render_history_graph(const std::vector<const Revision*>& revisions,
                                 const std::function<std::string(const Revision&)>& text);

enum class GraphFormat { dot, mermaid };

// The whole graph as Graphviz DOT or a Mermaid flowchart, oldest at the bottom: one node per
// revision labelled with its id, own branch labels and message, heads marked "(head)" and drawn
// bold, a solid edge from each down_revision to its child and a dashed edge from each depends_on
// target to its dependent. Nodes and edges follow load order.
std::string render_graph(const RevisionGraph& graph, GraphFormat format);

}  // namespace retort
