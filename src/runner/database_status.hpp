// Where a database stands against a revision graph (DatabaseStatus, <retort/checks.hpp>): the
// version rows, the ghosts among them, the applied revisions the files know, and whether it is at
// every head. Written once here for `current`, `check`, `verify`, autogenerate and
// Project::status().
#pragma once

#include <retort/checks.hpp>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "db/connection.hpp"
#include "graph/revision_graph.hpp"

namespace retort {

// The status of `rows` (version-table rows) against `graph`; ghost_message is left empty.
DatabaseStatus database_status(const RevisionGraph& graph, std::vector<std::string> rows);

// Reads the version table (read-only: a missing one is base) and, when there are ghosts, the
// history table for the recovery ghost_message suggests.
DatabaseStatus database_status(const RevisionGraph& graph, Connection& conn, const Config& config);

}  // namespace retort
