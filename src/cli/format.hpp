// Alembic's text forms of a revision (its Script.cmd_format and log_entry), so that `heads`,
// `history`, `branches`, `current` and `show` print what an Alembic user expects.
#pragma once

#include <string>
#include <vector>

#include "base/strings.hpp"
#include "cli/json.hpp"
#include "graph/revision_graph.hpp"
#include "ops/header_cache.hpp"

namespace retort::cli {

struct FormatOptions {
  bool include_branches = false;  // " (label, …)" after the id: own and inherited labels
  bool include_doc = false;       // ", message"
  bool include_parents = false;   // "parent -> id"
  bool tree_indicators = true;    // " (branchpoint)", " (mergepoint)"
  bool head_indicators = true;    // " (head)", " (current)"
  bool is_current = false;
  bool color = false;  // ids, (head) and (current) coloured (color.hpp)
};

// What the text forms show of a revision besides its own fields: what the graph says of it.
struct RevisionFacts {
  std::vector<std::string> labels;  // own and inherited
  bool is_head = false;
  bool is_branch_point = false;
  bool is_merge = false;
};
RevisionFacts revision_facts(const RevisionGraph& graph, const Revision& rev);
// The same of a head the header cache recorded (ops/header_cache.hpp, CachedHead), and the
// revision fields it recorded (id, down_revisions, depends_on, message), for printing it as
// the graph's own would be without building the graph.
RevisionFacts revision_facts(const CachedHead& head);
Revision cached_head_revision(const CachedHead& head);

// One line: `002 -> 003 (head), add users` (Alembic's _head_only).
std::string revision_line(const RevisionGraph& graph, const Revision& rev, const FormatOptions& o);
std::string revision_line(const Revision& rev, const RevisionFacts& facts, const FormatOptions& o);

// The multi-line verbose form (Alembic's log_entry): Rev, Parent/Merges, Also depends on,
// Branches into, Branch names (own and inherited), Path, then the message indented.
// `color`: ids, (head) and (current) coloured.
std::string revision_entry(const RevisionGraph& graph, const Revision& rev, bool is_current,
                           bool color = false);

// "<base>" for a root, else the parents joined by ", ".
std::string format_down_revisions(const Revision& rev);

// JSON fields shared by several commands: revision, down_revisions, branch_labels (own and
// inherited, as the text forms show them), message.
Json revision_json(const RevisionGraph& graph, const Revision& rev);
Json revision_json(const Revision& rev, const std::vector<std::string>& labels);

}  // namespace retort::cli
