// Alembic's text forms of a revision (its Script.cmd_format and log_entry), so that `heads`,
// `history`, `branches`, `current` and `show` print what an Alembic user expects.
#pragma once

#include <string>
#include <vector>

#include "base/strings.hpp"
#include "cli/json.hpp"
#include "graph/revision_graph.hpp"

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

// One line: `002 -> 003 (head), add users` (Alembic's _head_only).
std::string revision_line(const RevisionGraph& graph, const Revision& rev, const FormatOptions& o);

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

}  // namespace retort::cli
