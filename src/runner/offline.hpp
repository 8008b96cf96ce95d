// Offline SQL (`upgrade --sql`, `downgrade --sql`, `stamp --sql`): the script a plan would run,
// for a DBA to review and apply, rendered without a database (Alembic's offline mode).
#pragma once

#include <string>
#include <vector>

#include "base/dialect_name.hpp"
#include "graph/migration_step.hpp"

namespace retort {

struct OfflineOptions {
  Dialect dialect = Dialect::sqlite;
  std::string version_table = "alembic_version";
  bool create_version_table = true;  // the plan starts at base: create the table first
};

// The whole script. Each revision is wrapped in BEGIN/COMMIT with its version-row change
// (transactional: false revisions run their ops outside it). What only a live database could
// decide is written as a comment: `execute` guards are not evaluated (the statement is
// emitted with its guard in a comment), `repeat_until_zero` runs once, `assert` becomes a comment.
// Throws Error(usage) for ops that cannot be rendered offline: `call` steps, and SQLite table
// rebuilds (they need the table's current definition).
std::string render_offline_script(const std::vector<MigrationStep>& steps,
                                  const OfflineOptions& options);

}  // namespace retort
