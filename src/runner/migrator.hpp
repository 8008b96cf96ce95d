// The migration runtime is public: `Migrator`, its options and observer are declared in
// <retort/migrator.hpp> (docs/embedding.md), and implemented in migrator.cpp behind a pimpl. This
// header adds what only the library and the CLI use, and the types the Migrator's internal
// constructor takes.
#pragma once

#include <retort/migrator.hpp>
#include <vector>

#include "config/config.hpp"
#include "db/connection.hpp"
#include "graph/migration_step.hpp"
#include "graph/revision_graph.hpp"

namespace retort {

// RunTransaction::all: throws Error(input) naming the first transactional: false revision of
// `steps`, which cannot run inside the run's one transaction (docs/commands.md, "upgrade").
void require_one_transaction(const std::vector<MigrationStep>& steps);

// The options a project's configuration gives (tables, PostgreSQL timeouts, run transaction).
MigratorOptions migrator_options(const Config& config);

}  // namespace retort
