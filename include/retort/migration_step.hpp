// <retort/migration_step.hpp> — one step of a migration plan: which revision runs, in which
// direction, and what the step does to the version table. Migrator::plan() returns the steps it
// would run, upgrade()/downgrade() the steps they ran, and a MigrationObserver hears about each
// (docs/embedding.md). Plain data.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace retort {

struct Revision;  // a loaded revision file: the library's own type

// What one step does to the version table (Alembic's HeadMaintainer). The ids within and across the
// three lists are distinct, so the runner may apply them in any order; the natural one is deleted,
// updated, inserted. Each delete and update must match exactly one row.
struct VersionRowChange {
  std::vector<std::string> deleted;                          // rows removed
  std::vector<std::string> inserted;                         // rows added
  std::vector<std::pair<std::string, std::string>> updated;  // (from, to): row `from` becomes `to`

  // True when the step leaves the version table as it was.
  bool empty() const { return deleted.empty() && inserted.empty() && updated.empty(); }
  bool operator==(const VersionRowChange&) const = default;
};

// One step of a plan.
struct MigrationStep {
  enum class Direction { upgrade, downgrade, stamp };
  Direction direction = Direction::upgrade;

  // upgrade/downgrade: the revision whose ops run. stamp: the revision the step moves the version
  // table to, or, for a step to base, the revision whose row is removed. Points into the
  // project that made the plan, which must outlive the step. Opaque to an embedding program:
  // revision_id() and revision_message() below read it.
  const Revision* revision = nullptr;

  // As Alembic prints a step, "Running upgrade A, B -> C": for an upgrade, the revision's
  // down_revisions -> its id; for a downgrade, its id -> its down_revisions; for a stamp, the rows
  // the step moves from -> the revision(s) it moves to. Either side may be empty (base).
  std::vector<std::string> from_revisions;
  std::vector<std::string> to_revisions;

  // For a stamp step: true when it moves up the graph (or adds a branch), false when it moves down.
  // Always true for upgrades and false for downgrades.
  bool is_upgrade = true;

  VersionRowChange rows;                 // the version-table change of this step
  std::vector<std::string> heads_after;  // the version rows after this step
};

// "upgrade", "downgrade" or "stamp".
const char* direction_name(MigrationStep::Direction direction);

// The id of the step's revision ("" when it has none).
std::string revision_id(const MigrationStep& step);
// The message of the step's revision ("" when it has none or no message).
std::string revision_message(const MigrationStep& step);

}  // namespace retort
