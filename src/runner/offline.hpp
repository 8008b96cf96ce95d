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
  // SQLite only: the upgrade steps from base to where the script starts (empty when it starts
  // at base). Ops that rebuild a table need its definition at that point; the script's schema
  // is then followed on a private in-memory database (see render_offline_script).
  std::vector<MigrationStep> steps_before;
  // PostgreSQL: `[postgresql] lock_timeout` / `statement_timeout` ("" = server default). The
  // script sets them for its session first, as an online run sets them for its transactions.
  std::string pg_lock_timeout;
  std::string pg_statement_timeout;
  // --transaction all: the whole script in one BEGIN/COMMIT (Alembic's offline mode with
  // transaction_per_migration=False), the version table created inside it. A transactional:
  // false revision is then refused (Error(input)), as online.
  bool one_transaction = false;
};

// The whole script. Each revision is wrapped in BEGIN/COMMIT with its version-row change
// (transactional: false revisions run their ops outside it). What only a live database could
// decide is written as a comment: `execute` guards are not evaluated (the statement is
// emitted with its guard in a comment), `repeat_until_zero` runs once, `assert` becomes a comment.
// SQLite table rebuilds (alter_column, constraints, …) need the table's definition at that point
// of the script: when the plan has any, retort runs `steps_before` and then the script's own DDL
// on a private in-memory SQLite database, schema only (data statements that fail there on empty
// tables are ignored), and reads each table from it when a rebuild is rendered. A rebuild is
// written as the runner runs it: `PRAGMA foreign_keys=OFF` before the transaction,
// `PRAGMA foreign_key_check` before COMMIT, `PRAGMA foreign_keys=ON` after.
// On PostgreSQL the script starts with `SET lock_timeout` / `SET statement_timeout` when they are
// configured (Error(input) when they are invalid), so that it waits for locks no longer than the
// online run would.
// Throws Error(usage) for `call` steps, which cannot be rendered offline.
std::string render_offline_script(const std::vector<MigrationStep>& steps,
                                  const OfflineOptions& options);

}  // namespace retort
