#include "cli/format.hpp"

#include "base/strings.hpp"
#include "cli/color.hpp"

namespace retort::cli {

std::string format_down_revisions(const Revision& rev) {
  return rev.down_revisions.empty() ? "<base>" : join(rev.down_revisions, ", ");
}

RevisionFacts revision_facts(const RevisionGraph& graph, const Revision& rev) {
  return {graph.labels(rev.id), graph.is_head(rev.id), graph.is_branch_point(rev.id),
          graph.is_merge(rev.id)};
}

RevisionFacts revision_facts(const CachedHead& head) {
  // A head has no children, so it is no branch point; a merge has several down revisions.
  return {head.labels, true, false, head.down_revisions.size() > 1};
}

Revision cached_head_revision(const CachedHead& head) {
  Revision rev;
  rev.id = head.id;
  rev.down_revisions = head.down_revisions;
  rev.depends_on = head.depends_on;
  rev.message = head.message;
  return rev;
}

std::string revision_line(const RevisionGraph& graph, const Revision& rev, const FormatOptions& o) {
  return revision_line(rev, revision_facts(graph, rev), o);
}

std::string revision_line(const Revision& rev, const RevisionFacts& facts, const FormatOptions& o) {
  // Appended in place: `history` makes one line per revision.
  std::string text;
  if (o.include_parents) {
    text = format_down_revisions(rev);
    if (!rev.depends_on.empty()) {
      text += " (";
      text += join(rev.depends_on, ", ");
      text += ")";
    }
    text += " -> ";
  }
  text += paint(rev.id, Color::revision, o.color);
  // Labels as Alembic shows them: the revision's own and those inherited along its branch.
  if (o.include_branches && !facts.labels.empty()) text += " (" + join(facts.labels, ", ") + ")";
  if (o.head_indicators || o.tree_indicators) {
    if (facts.is_head) text += " " + paint("(head)", Color::head, o.color);
    if (o.is_current) text += " " + paint("(current)", Color::current, o.color);
  }
  if (o.tree_indicators) {
    if (facts.is_branch_point) text += " (branchpoint)";
    if (facts.is_merge) text += " (mergepoint)";
  }
  if (o.include_doc) {
    text += ", ";
    text += rev.message;
  }
  return text;
}

std::string revision_entry(const RevisionGraph& graph, const Revision& rev, bool is_current,
                           bool color) {
  std::string e = "Rev: " + paint(rev.id, Color::revision, color);
  if (graph.is_head(rev.id)) e += " " + paint("(head)", Color::head, color);
  if (graph.is_branch_point(rev.id)) e += " (branchpoint)";
  if (graph.is_merge(rev.id)) e += " (mergepoint)";
  if (is_current) e += " " + paint("(current)", Color::current, color);
  e += "\n";
  e += (graph.is_merge(rev.id) ? "Merges: " : "Parent: ") + format_down_revisions(rev) + "\n";
  if (!rev.depends_on.empty()) e += "Also depends on: " + join(rev.depends_on, ", ") + "\n";
  if (graph.is_branch_point(rev.id)) {
    std::vector<std::string> next;
    for (const Revision* c : graph.children(rev.id)) next.push_back(c->id);
    e += "Branches into: " + join(next, ", ") + "\n";
  }
  if (std::vector<std::string> labels = graph.labels(rev.id); !labels.empty())
    e += "Branch names: " + join(labels, ", ") + "\n";
  e += "Path: " + rev.path + "\n\n";
  e += "    " + rev.message + "\n\n";
  e += "    Revision ID: " + rev.id + "\n";
  e += "    Revises: " + join(rev.down_revisions, ", ") + "\n";
  if (!rev.created.empty()) e += "    Create Date: " + rev.created + "\n";
  return e;
}

Json revision_json(const RevisionGraph& graph, const Revision& rev) {
  return revision_json(rev, graph.labels(rev.id));
}

Json revision_json(const Revision& rev, const std::vector<std::string>& labels) {
  return {{"revision", rev.id},
          {"down_revisions", rev.down_revisions},
          {"branch_labels", labels},
          {"message", rev.message}};
}

}  // namespace retort::cli
