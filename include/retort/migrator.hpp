// <retort/migrator.hpp> — the migration runtime (docs/embedding.md; docs/commands.md, "upgrade"):
// runs the steps of a plan against a database, each revision in its own transaction together with
// its version-row change, with the locking, audit history and failure reporting those pages
// promise. Nothing here prints: progress goes to a MigrationObserver (<retort/progress.hpp> has
// the one `retort upgrade` uses).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <retort/connection.hpp>
#include <retort/migration_step.hpp>
#include <string>
#include <vector>

namespace retort {

class Project;
class RevisionGraph;  // the library's revision graph (Project::graph())
struct Op;            // one op of a revision file: the library's own type

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

// How a Migrator runs. Project::migrator_options() gives the project's configuration's.
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

// Progress callbacks of a run. Default implementations do nothing. Called on the thread that runs
// the Migrator.
class MigrationObserver {
 public:
  virtual ~MigrationObserver() = default;
  // A step is about to run (its transaction is open).
  virtual void step_started(const MigrationStep&) {}
  // A step has committed (with RunTransaction::all: its ops and version-row change are done).
  virtual void step_finished(const MigrationStep&, int64_t /*duration_ms*/) {}
  // An op skipped on this dialect (its `dialect:` list), or a guard that said no; `why` says which.
  virtual void op_skipped(const MigrationStep&, const Op&, const std::string& /*why*/) {}
  // A step another process applied while we waited (SQLite): nothing was run for it.
  virtual void step_already_applied(const MigrationStep&) {}
  // RunTransaction::all: the run's one transaction, holding `steps`, has committed (each step
  // had its step_finished when its ops were done, before this).
  virtual void run_committed(const std::vector<MigrationStep>& /*steps*/, int64_t /*duration_ms*/) {
  }
};

// Runs a project's revisions against one connection. Not thread-safe; one Migrator per connection.
class Migrator {
 public:
  // Borrows the project's revisions and the connection (both must outlive the Migrator), with
  // the options of the project's configuration (Project::migrator_options()).
  Migrator(const Project& project, Connection& conn);
  // The same with `options` instead.
  Migrator(const Project& project, Connection& conn, MigratorOptions options);
  // Borrows a revision graph the library loaded (retort's own commands and tests) and the
  // connection; both must outlive the Migrator.
  Migrator(const RevisionGraph& graph, Connection& conn, MigratorOptions options);
  ~Migrator();
  // Movable, not copyable.
  Migrator(Migrator&&) noexcept;
  Migrator& operator=(Migrator&&) noexcept;

  // Registers the step that `call: NAME` ops run (replacing one of the same name).
  void register_call(const std::string& name, CallStep step);

  // The version-table rows (sorted). Read-only: creates nothing.
  std::vector<std::string> current();

  // The steps `upgrade`/`downgrade` would run from the current rows. Read-only.
  // Throws Error(revision) for a bad target, and when the database holds ghost revisions.
  std::vector<MigrationStep> plan(MigrationStep::Direction direction, const std::string& target);

  // Applies the plan to `target` (every identifier of the CLI: `head`, `+1`, `billing@head`, a
  // prefix…) and returns the steps it ran. Each step is atomic (unless its revision is
  // transactional: false); on failure the step is rolled back, the attempt recorded in the history
  // table, and Error(database) / Error(failure) thrown naming the revision, op and SQL; the message
  // says what stayed applied when the step could not be rolled back (transactional: false, or an op
  // that ended the transaction itself). Before anything runs, the whole plan is checked:
  // unregistered `call` steps and irreversible downgrades fail with nothing changed. After
  // request_interrupt() (<retort/interrupt.hpp>) it stops at the next safe point — before a step or
  // an op — rolling back the running step, and throws.
  // With RunTransaction::all the whole plan runs in one transaction (the migration lock taken
  // once, the version rows read and the plan made again under it): a failure or an interrupt
  // anywhere rolls back every step of the run, and one failed history row, written after the
  // rollback in a transaction of its own, says so. A transactional: false revision in the plan is
  // refused before anything runs (Error(input), naming it).
  std::vector<MigrationStep> upgrade(const std::string& target,
                                     MigrationObserver* observer = nullptr);
  // As upgrade(), downwards.
  std::vector<MigrationStep> downgrade(const std::string& target,
                                       MigrationObserver* observer = nullptr);

  // Runs exactly `steps` (a plan made from the current rows), each atomic as in upgrade(); no
  // re-planning. Throws Error(failure) when the version rows are not what the plan expects. Used
  // to step one revision at a time (`retort test`).
  std::vector<MigrationStep> run_steps(const std::vector<MigrationStep>& steps,
                                       MigrationObserver* observer = nullptr);
  // The step that undoes `step` (same revision, other direction, inverse version-row change);
  // `rows_before` are the version rows before `step` ran, which the inverse restores.
  static MigrationStep inverse(const MigrationStep& step, std::vector<std::string> rows_before);

  // Runs `ops` (e.g. seed data: a list of bulk_insert ops) in one transaction, outside the
  // revision history: the version table is neither read nor changed. Rolls back and throws on
  // the first failure, naming the op.
  void apply_ops(const std::vector<Op>& ops);
  // apply_ops() on the ops of a YAML file holding a list of ops (docs/migration-files.md, the
  // entries of an `upgrade:` list). Throws Error(input) with the file's place for a bad file,
  // and nothing runs then; returns the number of ops it ran.
  size_t apply_ops_file(const std::string& path);

  // Sets the version table to `targets` without running ops (purge: clear it first).
  std::vector<MigrationStep> stamp(const std::vector<std::string>& targets, bool purge,
                                   MigrationObserver* observer = nullptr);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace retort
