// `retort verify` (docs/commands.md, "verify"): the checksum recorded when each applied revision
// last ran, against its file today (VerifyReport, <retort/checks.hpp>). Read-only.
#pragma once

#include <retort/checks.hpp>

#include "config/config.hpp"
#include "db/connection.hpp"
#include "graph/revision_graph.hpp"

namespace retort {

// V003 for each ghost row, V001 for each applied revision whose file changed after its newest
// successful upgrade was recorded in the history table. Revisions without such a record are
// counted as unrecorded. `graph` may be loaded at header depth (checksums only).
VerifyReport verify_checksums(const RevisionGraph& graph, Connection& conn, const Config& config);

}  // namespace retort
