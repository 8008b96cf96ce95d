// One step of a migration plan is public data (<retort/migration_step.hpp>): which revision's ops
// run, in which direction, and what the step does to the version table. Plans are made by
// RevisionGraph (graph/revision_graph.hpp); the runner executes them. This header adds what only
// the library reads of a step: its revision's ops.
#pragma once

#include <retort/migration_step.hpp>
#include <vector>

#include "ops/revision.hpp"

namespace retort {

// The ops the step runs: the revision's upgrade or downgrade list; none for a stamp.
const std::vector<Op>& ops_of(const MigrationStep& step);

}  // namespace retort
