// Ghost revisions (docs/commands.md, "current"): the database records a revision that no migration
// file has (it was deleted, renamed, or the files are from an older checkout). Every command
// reports them with the `stamp` that recovers.
#pragma once

#include <string>
#include <vector>

#include "base/error.hpp"
#include "graph/revision_graph.hpp"
#include "runner/history_table.hpp"

namespace retort {

// Error(revision) that names the ghosts and the recovery. The suggested stamp keeps the rows
// that are not ghosts (`rows`: every version-table row) and, when the history table recorded how
// a ghost was applied, puts the revisions it was applied on top of in its place (followed back
// through parents that are ghosts too). Without that record, a second suggestion is the graph's
// heads, for a database that already matches the files.
Error ghost_error(const std::vector<std::string>& ghosts, const RevisionGraph& graph,
                  const std::vector<HistoryRecord>& history = {},
                  const std::vector<std::string>& rows = {});

}  // namespace retort
