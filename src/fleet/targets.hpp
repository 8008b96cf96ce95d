// The databases a fleet command runs on (docs/multi-tenant.md; docs/configuration.md,
// "Targets"): the `[[targets]]` groups of the configuration expanded into one Target per
// database, schema or SQLite file, and the selection `--all-targets` / `--target NAME` makes.
#pragma once

#include <string>
#include <vector>

#include "config/config.hpp"
#include "db/database_url.hpp"

namespace retort {

// One database (or schema of one) a fleet command runs on.
struct Target {
  // The stable display name: the group's name for a one-database group (`eu`), else
  // `group/member` — the schema (`tenants/tenant_042`) or the file's path below the glob's
  // fixed directory (`devices/a.db`).
  std::string name;
  std::string group;  // the [[targets]] name
  DatabaseUrl url;    // with the schema of a schema target
  // Non-empty when the group could not be expanded (its schemas_query failed: the server is
  // down, the query is wrong). The target then stands for the whole group and is reported failed
  // without running; nothing else is affected.
  std::string expansion_error;
};

// What the command line selected.
struct TargetSelection {
  bool all = false;                // --all-targets
  std::vector<std::string> names;  // --target NAME…: a group's name (all its targets) or one
                                   // target's display name
};

// Expands the selected groups of `config.targets` in the file's order; within a group, targets
// sorted by name. A schemas_query runs on a read-only connection to the group's URL; a row whose
// first column is NULL or empty is skipped; a failure becomes one Target with expansion_error. A
// glob matching no file gives no target. Throws Error(usage) when no [[targets]] are configured,
// when nothing is selected, or for a name that is neither a group nor one of the expanded
// targets (with a did-you-mean and the config file's place of the groups); duplicates in
// `names` are run once.
std::vector<Target> expand_targets(const Config& config, const TargetSelection& selection);

}  // namespace retort
