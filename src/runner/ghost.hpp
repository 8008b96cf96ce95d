// Ghost revisions (SPEC §4): the database records a revision that no migration file has (it was
// deleted, renamed, or the files are from an older checkout). Every command reports them with
// the `stamp` that recovers.
#pragma once

#include <string>
#include <vector>

#include "base/error.hpp"
#include "graph/revision_graph.hpp"
#include "runner/history_table.hpp"

namespace retort {

// Error(revision) that names the ghosts and the recovery. When the history table recorded how a
// ghost was applied, the revisions it was applied on top of are known and the suggested stamp
// uses them; otherwise the suggestion is the graph's heads, with the advice to pick the revision
// whose schema the database really has.
Error ghost_error(const std::vector<std::string>& ghosts, const RevisionGraph& graph,
                  const std::vector<HistoryRecord>& history = {});

}  // namespace retort
