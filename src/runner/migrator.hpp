// The migration runtime (docs/commands.md, "upgrade"): runs the steps of a plan against a database,
// each revision in its own transaction together with its version-row change, with the locking,
// audit history and failure reporting that page promises. Nothing here prints: progress goes to a
// MigrationObserver.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "db/connection.hpp"
#include "graph/migration_step.hpp"
#include "graph/revision_graph.hpp"

namespace retort {

// A `call` step registered by the program that embeds the library. It runs inside the
// revision's transaction on the migration connection.
using CallStep = std::function<void(Connection&)>;

// How PostgreSQL migrations keep each other out (docs/configuration.md "Connection poolers").
enum class PgMigrationLock {
  transaction,  // pg_advisory_xact_lock in each revision's transaction (works through poolers)
  session,      // one session advisory lock for the whole run (needs a session of its own)
};

// How the revisions of one upgrade or downgrade share transactions (docs/commands.md, "upgrade",
// `--transaction`; docs/configuration.md, `[migrations] transaction`).
enum class RunTransaction {
  per_revision,  // each revision in its own transaction with its version-row change (default)
  all,           // every revision of the run in one transaction: a failure anywhere undoes the run
};

// "per-revision" or "all": the option's and the history table's word for it.
const char* run_transaction_name(RunTransaction t);

struct MigratorOptions {
  std::string version_table = "alembic_version";
  std::string history_table = "retort_history";  // "" disables the history
  // PostgreSQL: how long to wait for the migration advisory lock, in seconds.
  double lock_timeout_seconds = 60;
  // PostgreSQL session settings for migration sessions ("" = server default), e.g. "10s".
  std::string pg_lock_timeout;
  std::string pg_statement_timeout;
  PgMigrationLock pg_migration_lock = PgMigrationLock::transaction;
  // upgrade() and downgrade(); run_steps() and stamp() ignore it.
  RunTransaction transaction = RunTransaction::per_revision;
};

// RunTransaction::all: throws Error(input) naming the first transactional: false revision of
// `steps`, which cannot run inside the run's one transaction (docs/commands.md, "upgrade").
void require_one_transaction(const std::vector<MigrationStep>& steps);

// The options a project's configuration gives (tables, PostgreSQL timeouts, run transaction).
MigratorOptions migrator_options(const Config& config);

// Progress callbacks. Default implementations do nothing.
class MigrationLock;

class MigrationObserver {
 public:
  virtual ~MigrationObserver() = default;
  virtual void step_started(const MigrationStep&) {}
  virtual void step_finished(const MigrationStep&, int64_t /*duration_ms*/) {}
  // An op skipped on this dialect (its `dialect:` list), or a guard that said no.
  virtual void op_skipped(const MigrationStep&, const Op&, const std::string& /*why*/) {}
  // A step another process applied while we waited (SQLite): nothing was run for it.
  virtual void step_already_applied(const MigrationStep&) {}
  // RunTransaction::all: the run's one transaction, holding `steps`, has committed (each step
  // had its step_finished when its ops were done, before this).
  virtual void run_committed(const std::vector<MigrationStep>& /*steps*/, int64_t /*duration_ms*/) {
  }
};

class Migrator {
 public:
  // Borrows the graph and the connection; both must outlive the Migrator.
  Migrator(const RevisionGraph& graph, Connection& conn, MigratorOptions options);

  void register_call(const std::string& name, CallStep step);

  // The version-table rows (sorted). Read-only: creates nothing.
  std::vector<std::string> current();

  // The steps `upgrade`/`downgrade` would run from the current rows. Read-only.
  // Throws Error(revision) for a bad target, and when the database holds ghost revisions.
  std::vector<MigrationStep> plan(MigrationStep::Direction direction, const std::string& target);

  // Applies the plan to `target` and returns the steps it ran. Each step is atomic (unless its
  // revision is transactional: false); on failure the step is rolled back, the attempt recorded in
  // the history table, and Error(database) / Error(failure) thrown naming the revision, op and SQL;
  // the message says what stayed applied when the step could not be rolled back (transactional:
  // false, or an op that ended the transaction itself). Before anything runs, the whole plan is
  // checked: unregistered `call` steps and irreversible downgrades fail with nothing changed.
  // After request_interrupt() (db/interrupt.hpp) it stops at the next safe point — before a step
  // or an op — rolling back the running step, and throws.
  // With RunTransaction::all the whole plan runs in one transaction (the migration lock taken
  // once, the version rows read and the plan made again under it): a failure or an interrupt
  // anywhere rolls back every step of the run, and one failed history row, written after the
  // rollback in a transaction of its own, says so. A transactional: false revision in the plan is
  // refused before anything runs (Error(input), naming it).
  std::vector<MigrationStep> upgrade(const std::string& target,
                                     MigrationObserver* observer = nullptr);
  std::vector<MigrationStep> downgrade(const std::string& target,
                                       MigrationObserver* observer = nullptr);

  // Runs exactly `steps` (a plan made from the current rows, e.g. by RevisionGraph), each
  // atomic as in upgrade(); no re-planning. Throws Error(failure) when the version rows are not
  // what the plan expects. Used by `retort test` to step one revision at a time.
  std::vector<MigrationStep> run_steps(const std::vector<MigrationStep>& steps,
                                       MigrationObserver* observer = nullptr);
  // The step that undoes `step` (same revision, other direction, inverse version-row change);
  // `rows_before` are the version rows before `step` ran, which the inverse restores.
  static MigrationStep inverse(const MigrationStep& step, std::vector<std::string> rows_before);

  // Runs `ops` (e.g. seed data: a list of bulk_insert ops) in one transaction, outside the
  // revision history: the version table is neither read nor changed. Rolls back and throws on
  // the first failure, naming the op.
  void apply_ops(const std::vector<Op>& ops);

  // Sets the version table to `targets` without running ops (purge: clear it first).
  std::vector<MigrationStep> stamp(const std::vector<std::string>& targets, bool purge,
                                   MigrationObserver* observer = nullptr);

 private:
  std::vector<MigrationStep> run(MigrationStep::Direction direction, const std::string& target,
                                 MigrationObserver* observer);
  void check_runnable(const std::vector<MigrationStep>& steps) const;
  std::vector<MigrationStep> run_all(MigrationStep::Direction direction, const std::string& target,
                                     MigrationObserver* observer);
  // Runs one step in its own transaction if the version rows are still `expected`; otherwise
  // rolls back and returns the rows found (another process got there first). `exclusive`: the
  // caller holds a MigrationLock that keeps other processes out, so the rows are not re-read.
  std::optional<std::vector<std::string>> try_step(const MigrationStep& step,
                                                   const std::vector<std::string>& expected,
                                                   MigrationObserver* observer);
  // Runs one step inside the transaction the caller opened, whose version rows were `rows`;
  // `fk_check` runs SQLite's foreign_key_check before committing (foreign keys were turned off
  // for a table rebuild).
  void run_step(const MigrationStep& step, const std::vector<std::string>& rows,
                MigrationObserver* observer, bool fk_check);
  // After a failed step: rolls back a transaction still open and turns SQLite's foreign keys
  // back on if the step turned them off. Never throws.
  void restore_connection(bool foreign_keys_were_off) noexcept;
  bool needs_foreign_keys_off(const MigrationStep& step) const;
  void run_op(const MigrationStep& step, const Op& op, MigrationObserver* observer);
  // BEGIN (IMMEDIATE on SQLite), then, while a MigrationLock is held, its per-transaction part
  // (the transaction-level advisory lock and SET LOCAL timeouts).
  void begin_write();
  void ensure_tables();
  void record_failure(const MigrationStep& step, const std::string& started, int64_t ms,
                      const std::string& error, RunTransaction mode);

  const RevisionGraph& graph_;
  Connection& conn_;
  MigratorOptions options_;
  std::map<std::string, CallStep> calls_;
  bool tables_ready_ = false;
  MigrationLock* lock_ = nullptr;  // the lock of the running upgrade/downgrade/stamp, if any
};

}  // namespace retort
