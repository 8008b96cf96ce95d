#include "runner/migrator.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>

#include "base/overloaded.hpp"
#include "base/read_file.hpp"
#include "base/strings.hpp"
#include "db/interrupt.hpp"
#include "db/sqlite_connection.hpp"
#include "dialect/dialect.hpp"
#include "dialect/object_sql.hpp"
#include "dialect/server_requirements.hpp"
#include "ops/load_revision.hpp"
#include "runner/ghost.hpp"
#include "runner/history_table.hpp"
#include "runner/migration_lock.hpp"
#include "runner/project.hpp"
#include "runner/table_state.hpp"
#include "runner/version_table.hpp"

namespace retort {

namespace {

using Clock = std::chrono::steady_clock;

int64_t elapsed_ms(Clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count();
}

bool truthy(const std::optional<std::string>& v) {
  if (!v) return false;
  const std::string& s = *v;
  return !(s.empty() || s == "0" || s == "f" || s == "false" || s == "FALSE" || s == "False");
}

// "revision 042 (migrations/versions/042_x.yaml)" for messages.
std::string describe_revision(const Revision& rev) {
  return "revision " + rev.id + (rev.path.empty() ? "" : " (" + rev.path + ")");
}

// "op 2 (create_view at file:5:5)". Without the place when `message`, the error that follows
// it, already starts with a place in the op's file (a render error located at the op or in it).
std::string op_place(const Op& op, size_t index, std::string_view message = {}) {
  std::string out = "op " + std::to_string(index + 1) + " (" + std::string(op_name(op.body));
  if (!op.where.empty() && !message.starts_with(op.where.file + ":"))
    out += " at " + op.where.str();
  return out + ")";
}

// The ghost error with the history's knowledge of what each ghost was applied on top of, so that
// upgrade, downgrade and stamp suggest the same recovery as `current` and `verify`.
Error ghost_error_with_history(const std::vector<std::string>& ghosts, const RevisionGraph& graph,
                               Connection& conn, const std::string& history_table,
                               const std::string& version_table) {
  return ghost_error(ghosts, graph, HistoryTable(conn, history_table).read(),
                     VersionTable(conn, version_table).read());
}

// Points `slot` at a lock for one run; clears it on every way out.
class LockInUse {
 public:
  LockInUse(MigrationLock*& slot, MigrationLock& lock) : slot_(slot) { slot_ = &lock; }
  ~LockInUse() { slot_ = nullptr; }
  LockInUse(const LockInUse&) = delete;
  LockInUse& operator=(const LockInUse&) = delete;

 private:
  MigrationLock*& slot_;
};

// A write transaction on the migration connection, open for as long as this lives, and the one
// way a failed one is undone. The constructor turns SQLite's foreign keys off first when asked
// (they cannot change inside a transaction; a table rebuild needs them off), sends BEGIN
// (IMMEDIATE on SQLite) and, while a MigrationLock is held, its per-transaction part (the
// transaction-level advisory lock, SET LOCAL timeouts). On every way out that did not close() it —
// a failure in the constructor itself, in a step, in the lock, an interrupt — the destructor rolls
// back whatever is still open and turns foreign keys back on, never throwing: a second failure
// there (the connection is gone) must not replace the first, and closing the connection ends the
// transaction anyway. A failure anywhere must not leave an embedding program's connection inside a
// transaction that holds SQLite's write lock (tests/runner/fault_sweep_test.cpp).
class WriteTransaction {
 public:
  WriteTransaction(Connection& conn, MigrationLock* lock, bool foreign_keys_off)
      : undo_{conn, lock, foreign_keys_off} {
    if (foreign_keys_off) conn.execute("PRAGMA foreign_keys=OFF");
    begin();
  }
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;

  // BEGIN again, after the caller committed the transaction this one opened (a transactional:
  // false revision's version-row change).
  void begin() {
    undo_.conn.execute(undo_.conn.dialect() == Dialect::sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
    if (undo_.lock) undo_.lock->enter_transaction();
  }
  // After the caller's COMMIT or ROLLBACK: turns foreign keys back on (throws when that fails),
  // and leaves nothing for the destructor to do.
  void close() {
    undo_.armed = false;
    if (undo_.foreign_keys_off) undo_.conn.execute("PRAGMA foreign_keys=ON");
  }
  // Undoes now what the destructor would (a failure's report is written after it). Returns
  // false when a transaction is still open afterwards (the ROLLBACK failed): a report must then
  // not claim a rollback.
  bool undo() noexcept {
    undo_.run();
    try {
      return !undo_.conn.in_transaction();
    } catch (...) {
      return false;
    }
  }
  bool foreign_keys_off() const { return undo_.foreign_keys_off; }

 private:
  // A member, so that its destructor also runs when the constructor throws.
  struct Undo {
    Connection& conn;
    MigrationLock* lock;
    bool foreign_keys_off;
    bool armed = true;
    ~Undo() { run(); }
    void run() noexcept {
      if (!armed) return;
      armed = false;
      try {
        if (conn.in_transaction()) conn.execute("ROLLBACK");
      } catch (const Error&) {
      }
      try {
        if (foreign_keys_off) conn.execute("PRAGMA foreign_keys=ON");
      } catch (const Error&) {
      }
    }
  } undo_;
};

}  // namespace

const char* run_transaction_name(RunTransaction t) {
  return t == RunTransaction::all ? "all" : "per-revision";
}

MigratorOptions migrator_options(const Config& config) {
  MigratorOptions o;
  o.version_table = config.version_table;
  o.history_table = config.history_table;
  o.pg_lock_timeout = config.lock_timeout;
  o.pg_statement_timeout = config.statement_timeout;
  o.pg_migration_lock =
      config.migration_lock == "session" ? PgMigrationLock::session : PgMigrationLock::transaction;
  o.transaction = config.transaction == "all" ? RunTransaction::all : RunTransaction::per_revision;
  return o;
}

// The Migrator's state and its engine: the public methods below forward here.
struct Migrator::Impl {
  Impl(const RevisionGraph& graph, Connection& conn, MigratorOptions options)
      : graph_(graph), conn_(conn), options_(std::move(options)) {}

  void register_call(const std::string& name, CallStep step);
  std::vector<std::string> current();
  std::vector<MigrationStep> plan(MigrationStep::Direction direction, const std::string& target);
  std::vector<MigrationStep> run_steps(const std::vector<MigrationStep>& steps,
                                       MigrationObserver* observer);
  void apply_ops(const std::vector<Op>& ops);
  std::vector<MigrationStep> stamp(const std::vector<std::string>& targets, bool purge,
                                   MigrationObserver* observer);

  std::vector<MigrationStep> run(MigrationStep::Direction direction, const std::string& target,
                                 MigrationObserver* observer);
  void check_runnable(const std::vector<MigrationStep>& steps) const;
  std::vector<MigrationStep> run_all(MigrationStep::Direction direction, const std::string& target,
                                     MigrationObserver* observer);
  // Runs one step in its own transaction if the version rows are still `expected`; otherwise
  // rolls back and returns the rows found (another process got there first). Under an exclusive
  // (session) lock the rows are not re-read.
  std::optional<std::vector<std::string>> try_step(const MigrationStep& step,
                                                   const std::vector<std::string>& expected,
                                                   MigrationObserver* observer);
  // Runs one step inside `tx`, whose version rows were `rows`; with the transaction's foreign
  // keys off, runs SQLite's foreign_key_check before committing.
  void run_step(const MigrationStep& step, const std::vector<std::string>& rows,
                MigrationObserver* observer, WriteTransaction& tx);
  bool needs_foreign_keys_off(const MigrationStep& step) const;
  void run_op(const MigrationStep& step, const Op& op, MigrationObserver* observer);
  // A write transaction (see WriteTransaction) under the running lock, if any.
  WriteTransaction begin_write(bool foreign_keys_off = false) {
    return WriteTransaction(conn_, lock_, foreign_keys_off);
  }
  void ensure_tables();
  // SQLite: the connection's data version (SqliteConnection::data_version), or nullopt (another
  // database, a wrapped connection, a VFS that does not report it).
  std::optional<uint32_t> sqlite_data_version();
  // Records that the version rows are `rows` (sorted) under the write lock held now, or as this
  // connection's COMMIT just left them.
  void remember_rows(std::vector<std::string> rows);
  void record_failure(const MigrationStep& step, const std::string& started, int64_t ms,
                      const std::string& error, RunTransaction mode);

  const RevisionGraph& graph_;
  Connection& conn_;
  MigratorOptions options_;
  std::map<std::string, CallStep> calls_;
  bool tables_ready_ = false;
  MigrationLock* lock_ = nullptr;  // the lock of the running upgrade/downgrade/stamp, if any
  // SQLite: the version rows as this connection last knew them for certain (read under its write
  // lock, or written by its own committed step), with the file's data version at that moment.
  // While a new write lock finds the same data version, no other connection or process has
  // committed anything since, so the rows are still these and need not be read again.
  struct KnownRows {
    uint32_t data_version = 0;
    std::vector<std::string> rows;
  };
  std::optional<KnownRows> known_rows_;
};

Migrator::Migrator(const RevisionGraph& graph, Connection& conn, MigratorOptions options)
    : impl_(std::make_unique<Impl>(graph, conn, std::move(options))) {}

Migrator::Migrator(const Project& project, Connection& conn)
    : Migrator(project.graph(), conn, project.migrator_options()) {}

Migrator::Migrator(const Project& project, Connection& conn, MigratorOptions options)
    : Migrator(project.graph(), conn, std::move(options)) {}

Migrator::~Migrator() = default;
Migrator::Migrator(Migrator&&) noexcept = default;
Migrator& Migrator::operator=(Migrator&&) noexcept = default;

void Migrator::register_call(const std::string& name, CallStep step) {
  impl_->register_call(name, std::move(step));
}

std::vector<std::string> Migrator::current() {
  return impl_->current();
}

std::vector<MigrationStep> Migrator::plan(MigrationStep::Direction direction,
                                          const std::string& target) {
  return impl_->plan(direction, target);
}

std::vector<MigrationStep> Migrator::upgrade(const std::string& target,
                                             MigrationObserver* observer) {
  return impl_->run(MigrationStep::Direction::upgrade, target, observer);
}

std::vector<MigrationStep> Migrator::downgrade(const std::string& target,
                                               MigrationObserver* observer) {
  return impl_->run(MigrationStep::Direction::downgrade, target, observer);
}

std::vector<MigrationStep> Migrator::run_steps(const std::vector<MigrationStep>& steps,
                                               MigrationObserver* observer) {
  return impl_->run_steps(steps, observer);
}

void Migrator::apply_ops(const std::vector<Op>& ops) {
  impl_->apply_ops(ops);
}

size_t Migrator::apply_ops_file(const std::string& path) {
  std::vector<Op> ops = parse_op_list(path, read_text_file(path));
  impl_->apply_ops(ops);
  return ops.size();
}

std::vector<MigrationStep> Migrator::stamp(const std::vector<std::string>& targets, bool purge,
                                           MigrationObserver* observer) {
  return impl_->stamp(targets, purge, observer);
}

void Migrator::Impl::register_call(const std::string& name, CallStep step) {
  calls_[name] = std::move(step);
}

std::vector<std::string> Migrator::Impl::current() {
  // Once this Migrator has created (or found) the version table, skip asking whether it exists:
  // on PostgreSQL that is a round trip per revision.
  VersionTable table(conn_, options_.version_table);
  return tables_ready_ ? table.read_rows() : table.read();
}

std::vector<MigrationStep> Migrator::Impl::plan(MigrationStep::Direction direction,
                                                const std::string& target) {
  std::vector<std::string> rows = current();
  if (auto ghosts = graph_.ghosts(rows); !ghosts.empty())
    throw ghost_error_with_history(ghosts, graph_, conn_, options_.history_table,
                                   options_.version_table);
  std::vector<MigrationStep> steps = direction == MigrationStep::Direction::upgrade
                                         ? graph_.plan_upgrade(target, rows)
                                         : graph_.plan_downgrade(target, rows);
  // A dry run refuses what the real run would refuse (irreversible downgrades, unregistered
  // call steps), so that --dry-run never promises a plan that cannot run.
  check_runnable(steps);
  if (options_.transaction == RunTransaction::all) require_one_transaction(steps);
  return steps;
}

void require_one_transaction(const std::vector<MigrationStep>& steps) {
  // Refused rather than split at the revision: a run split there would leave the part before it
  // applied when a later revision fails, which is what `all` promises never happens (Flyway
  // refuses such a group too). docs/commands.md, "upgrade", says how to run such a history.
  for (const MigrationStep& step : steps) {
    const Revision& rev = *step.revision;
    if (rev.transactional) continue;
    const std::string before =
        rev.down_revisions.empty() ? std::string("base") : join(rev.down_revisions, ", ");
    throw Error(ErrorKind::input,
                describe_revision(rev) +
                    " is transactional: false (its ops cannot run inside a transaction), so it "
                    "cannot be part of a --transaction all run, which applies every revision in "
                    "one transaction\n  nothing was changed; run the revisions up to it with "
                    "--transaction all, this one on its own with --transaction per-revision, "
                    "then the rest (before it: " +
                    before + ")");
  }
}

void Migrator::Impl::check_runnable(const std::vector<MigrationStep>& steps) const {
  const Dialect d = conn_.dialect();
  for (const auto& step : steps) {
    if (!step.revision->ops_loaded)
      throw Error(ErrorKind::failure, "internal error: " + describe_revision(*step.revision) +
                                          " was loaded without its ops (LoadDepth::header)");
    const auto& ops = ops_of(step);
    for (size_t i = 0; i < ops.size(); ++i) {
      const Op& op = ops[i];
      if (!op.runs_on(d)) continue;
      if (auto* irr = std::get_if<Irreversible>(&op.body)) {
        throw Error(ErrorKind::failure,
                    "cannot downgrade past " + describe_revision(*step.revision) +
                        ": its downgrade is irreversible: " + irr->reason +
                        "\n  nothing was changed; pick a target at or after " + step.revision->id);
      }
      // What the dialect refuses of an object op depends on the op alone: found here, before
      // the first revision runs, not halfway through the plan.
      std::visit(
          [&](const auto& body) {
            if constexpr (ObjectOp<std::decay_t<decltype(body)>>) {
              try {
                render_object_op(dialect_for(d), op);
              } catch (const Error& e) {
                throw Error(ErrorKind::input, std::string(e.what()) + "\n  in " +
                                                  describe_revision(*step.revision) +
                                                  "; nothing was changed");
              }
            }
          },
          op.body);
      if (auto* call = std::get_if<Call>(&op.body); call && !calls_.count(call->name)) {
        throw Error(ErrorKind::failure,
                    describe_revision(*step.revision) + ", " + op_place(op, i) + ": step '" +
                        call->name +
                        "' is not registered: `call` ops run only in a program that embeds the "
                        "retort library and registers them (Migrator::register_call)\n  nothing "
                        "was changed");
      }
    }
  }
}

void Migrator::Impl::ensure_tables() {
  if (tables_ready_) return;
  VersionTable(conn_, options_.version_table).create();
  HistoryTable(conn_, options_.history_table).create();
  tables_ready_ = true;
}

std::vector<MigrationStep> Migrator::Impl::run(MigrationStep::Direction direction,
                                               const std::string& target,
                                               MigrationObserver* observer) {
  if (options_.transaction == RunTransaction::all) return run_all(direction, target, observer);
  MigrationLock lock(conn_, options_);
  LockInUse in_use(lock_, lock);
  std::vector<std::string> rows = current();
  if (auto ghosts = graph_.ghosts(rows); !ghosts.empty())
    throw ghost_error_with_history(ghosts, graph_, conn_, options_.history_table,
                                   options_.version_table);
  // Relative targets count from the rows seen now; later re-plans (another process moved the
  // database on while we waited) aim at the same concrete revisions.
  std::vector<std::string> resolved = graph_.resolve(target, rows);
  const std::string fixed_target = resolved.empty()       ? std::string("base")
                                   : resolved.size() == 1 ? resolved[0]
                                                          : target;
  bool first = true;
  auto make_plan = [&](const std::vector<std::string>& from) {
    const std::string& t = first ? target : fixed_target;
    first = false;
    return direction == MigrationStep::Direction::upgrade ? graph_.plan_upgrade(t, from)
                                                          : graph_.plan_downgrade(t, from);
  };
  std::vector<MigrationStep> steps = make_plan(rows);
  check_runnable(steps);

  std::vector<MigrationStep> done;
  size_t i = 0;
  while (i < steps.size()) {
    const std::vector<std::string>& expected = i == 0 ? rows : steps[i - 1].heads_after;
    throw_if_interrupted();
    if (auto now = try_step(steps[i], expected, observer)) {
      // Another process applied steps since we planned (SQLite, or PostgreSQL with the
      // transaction-level lock). Re-plan from what is there now.
      if (auto ghosts = graph_.ghosts(*now); !ghosts.empty())
        throw ghost_error_with_history(ghosts, graph_, conn_, options_.history_table,
                                       options_.version_table);
      rows = *now;
      steps = make_plan(rows);
      // The new plan may hold steps the first did not (another process went down): check them
      // too, or an unregistered `call` would be found only halfway through a transaction.
      check_runnable(steps);
      i = 0;
      if (observer && !done.empty()) observer->step_already_applied(done.back());
      continue;
    }
    done.push_back(steps[i]);
    ++i;
  }
  return done;
}

bool Migrator::Impl::needs_foreign_keys_off(const MigrationStep& step) const {
  return conn_.dialect() == Dialect::sqlite &&
         dialect_for(Dialect::sqlite).any_needs_table_state(ops_of(step));
}

std::optional<std::vector<std::string>> Migrator::Impl::try_step(
    const MigrationStep& step, const std::vector<std::string>& expected,
    MigrationObserver* observer) {
  const bool exclusive = lock_ && lock_->exclusive();
  // SQLite rebuilds a table by copy, drop and rename; with foreign keys enforced, dropping a
  // parent would fire its children's ON DELETE actions. SQLite's documented procedure turns
  // enforcement off around the transaction (it cannot change inside one) and checks the whole
  // database with foreign_key_check before committing.
  WriteTransaction tx = begin_write(needs_foreign_keys_off(step));
  // Under an exclusive (session) lock the rows are what the previous step left (its
  // version-row changes checked their affected-row counts), so reading them again is a round
  // trip for nothing.
  std::vector<std::string> want = expected;
  std::sort(want.begin(), want.end());
  std::vector<std::string> now;
  if (exclusive) {
    now = want;
  } else if (auto version = sqlite_data_version(); version && known_rows_ &&
                                                   known_rows_->data_version == *version &&
                                                   known_rows_->rows == want) {
    // SQLite, and the file is exactly as this connection's last step left it (or last read
    // it): nobody else has committed since, so the rows are the ones known.
    now = want;
  } else {
    now = current();
    remember_rows(now);
  }
  // current() is sorted; a plan's heads_after keeps the graph's order (after undoing a merge,
  // its parents in down_revision order), so compare the rows as sets.
  if (now != want) {
    conn_.execute("ROLLBACK");
    tx.close();
    return now;
  }
  known_rows_.reset();  // until the step commits: it may fail, or not change the rows it says
  run_step(step, want, observer, tx);  // commits, or rolls back and throws
  tx.close();
  // What the committed change made of the rows (VersionTable::apply checked that each delete and
  // update touched its row).
  std::vector<std::string> after = want;
  for (const std::string& gone : step.rows.deleted) std::erase(after, gone);
  for (const auto& [from, to] : step.rows.updated)
    std::replace(after.begin(), after.end(), from, to);
  after.insert(after.end(), step.rows.inserted.begin(), step.rows.inserted.end());
  std::sort(after.begin(), after.end());
  remember_rows(std::move(after));
  return std::nullopt;
}

std::optional<uint32_t> Migrator::Impl::sqlite_data_version() {
  // The data version is the main database's: a version table in an attached database
  // ("aux.alembic_version") is always read.
  if (conn_.dialect() != Dialect::sqlite || options_.version_table.find('.') != std::string::npos)
    return std::nullopt;
  auto* sqlite = dynamic_cast<SqliteConnection*>(&conn_);
  return sqlite ? sqlite->data_version() : std::nullopt;
}

void Migrator::Impl::remember_rows(std::vector<std::string> rows) {
  if (auto version = sqlite_data_version())
    known_rows_ = KnownRows{*version, std::move(rows)};
  else
    known_rows_.reset();
}

std::vector<MigrationStep> Migrator::Impl::run_steps(const std::vector<MigrationStep>& steps,
                                                     MigrationObserver* observer) {
  MigrationLock lock(conn_, options_);
  LockInUse in_use(lock_, lock);
  std::vector<std::string> rows = current();
  check_runnable(steps);
  for (const MigrationStep& step : steps) {
    throw_if_interrupted();
    if (auto now = try_step(step, rows, observer))
      throw Error(ErrorKind::failure,
                  "the version table changed while running a fixed plan (another process is "
                  "migrating this database?)");
    rows = step.heads_after;
  }
  return steps;
}

MigrationStep Migrator::inverse(const MigrationStep& step, std::vector<std::string> rows_before) {
  MigrationStep back = step;
  back.direction = step.direction == MigrationStep::Direction::upgrade
                       ? MigrationStep::Direction::downgrade
                       : MigrationStep::Direction::upgrade;
  back.is_upgrade = !step.is_upgrade;
  back.from_revisions = step.to_revisions;
  back.to_revisions = step.from_revisions;
  back.rows.deleted = step.rows.inserted;
  back.rows.inserted = step.rows.deleted;
  back.rows.updated.clear();
  for (const auto& [from, to] : step.rows.updated) back.rows.updated.emplace_back(to, from);
  back.heads_after = std::move(rows_before);
  return back;
}

void Migrator::Impl::run_step(const MigrationStep& step, const std::vector<std::string>& rows,
                              MigrationObserver* observer, WriteTransaction& tx) {
  // Called inside an open transaction (`tx`) whose version rows were just checked.
  if (observer) observer->step_started(step);
  const std::string started = utc_timestamp_now();
  const auto t0 = Clock::now();
  const Revision& rev = *step.revision;
  const auto& ops = ops_of(step);
  // Ops that cannot run in a transaction (CREATE INDEX CONCURRENTLY) run one by one in
  // autocommit when the revision says transactional: false; only the version-row change is
  // atomic then.
  const bool one_transaction =
      rev.transactional || step.direction == MigrationStep::Direction::stamp;
  size_t op_index = 0;
  std::string place;               // what ran when it failed, when not op `op_index`
  bool transaction_ended = false;  // an op ended the revision's transaction itself
  bool at_commit = false;
  try {
    place =
        "creating the version table " + options_.version_table +
        (options_.history_table.empty() ? "" : " or the history table " + options_.history_table);
    ensure_tables();
    place.clear();
    if (!one_transaction) {
      conn_.execute("COMMIT");
      for (; op_index < ops.size(); ++op_index) {
        throw_if_interrupted();
        run_op(step, ops[op_index], observer);
      }
      place = "updating the version table " + options_.version_table;
      tx.begin();
      // Without an exclusive lock, another process may have applied this revision while its ops
      // ran outside any transaction: say so rather than change the rows it left.
      if (!(lock_ && lock_->exclusive())) {
        std::vector<std::string> now = current();
        if (now != rows)
          throw Error(ErrorKind::failure,
                      "the version table changed while this transactional: false revision ran "
                      "outside a transaction (another retort process applied it too?): it is "
                      "now " +
                          (now.empty() ? std::string("empty") : join(now, ", ")) +
                          "; see docs/configuration.md, Connection poolers");
      }
    } else {
      for (; op_index < ops.size(); ++op_index) {
        throw_if_interrupted();
        run_op(step, ops[op_index], observer);
        // An op whose SQL ends the transaction (COMMIT, ROLLBACK, END; the loader rejects the
        // literal statements, a `call` step or a function could still do it) makes everything
        // before it permanent: stop here, and never claim a rollback.
        if (!conn_.in_transaction()) {
          transaction_ended = true;
          throw Error(ErrorKind::failure,
                      "this op ended the revision's transaction (a COMMIT, ROLLBACK or END in "
                      "its SQL?); a transactional revision must leave its transaction open");
        }
      }
    }
    if (tx.foreign_keys_off()) {
      place = "checking foreign keys (PRAGMA foreign_key_check)";
      conn_.execute("PRAGMA foreign_key_check");
    }
    place = "updating the version table " + options_.version_table;
    VersionTable(conn_, options_.version_table).apply(step.rows);
    HistoryEntry entry{rev.id,
                       direction_name(step.direction),
                       step.from_revisions,
                       rev.message,
                       rev.checksum,
                       started,
                       elapsed_ms(t0),
                       true,
                       "",
                       current_user_at_host(),
                       run_transaction_name(RunTransaction::per_revision)};
    // The audit row and the commit go together: one round trip on PostgreSQL.
    std::vector<Statement> finish;
    if (auto insert = HistoryTable(conn_, options_.history_table).record_statement(entry))
      finish.push_back(std::move(*insert));
    finish.push_back(Statement{"COMMIT", {}});
    place = "committing";
    at_commit = true;
    conn_.query_batch(finish);
  } catch (const Error& e) {
    const bool lost = e.kind() == ErrorKind::connection;
    bool rolled_back = false;
    bool rollback_failed = false;  // the transaction is still open: claim nothing
    if (!lost && conn_.in_transaction()) {
      rollback_failed = !tx.undo();
      rolled_back = !rollback_failed && one_transaction && !transaction_ended;
    } else if (!lost && one_transaction && !transaction_ended) {
      // The failing statement ended the transaction itself: a failed COMMIT rolls back, and so
      // does SQLite on some errors (an interrupt, a full disk). PostgreSQL keeps a failed
      // transaction open otherwise, so there it can only have been ended by an op.
      rolled_back = at_commit || conn_.dialect() == Dialect::sqlite;
    }
    // The rollback may have undone the version and history tables ensure_tables() created in
    // this transaction (the first step on an empty database): create them again next time.
    tables_ready_ = false;
    std::string where = describe_revision(rev) + ", " + direction_name(step.direction);
    if (!place.empty())
      where += " (" + place + ")";
    else if (op_index < ops.size())
      where += " " + op_place(ops[op_index], op_index, e.what());
    std::string message = where + ": " + e.what();
    const std::string unapplied = "the version table still says the revision is not applied";
    if (lost && (one_transaction && !transaction_ended)) {
      message +=
          "\n  the connection was lost: the server rolls back the revision's open "
          "transaction, unless its COMMIT had already reached it; run `retort current` "
          "to see where the database is";
    } else if (rolled_back) {
      message += "\n  the revision was rolled back; the database is as it was before it";
    } else if (rollback_failed && one_transaction && !transaction_ended) {
      message +=
          "\n  its ROLLBACK failed as well: the revision's transaction is still open on this "
          "connection, and the server rolls it back when the connection closes; run `retort "
          "current` to see where the database is";
    } else if (!one_transaction) {
      message += "\n  this revision is transactional: false; ";
      if (op_index >= ops.size())
        message += "all its ops had run and stay applied; " + unapplied;
      else if (op_index == 0)
        message +=
            "its ops are not undone: op 1 failed (if its SQL has several statements, "
            "those before the failing one stay applied); " +
            unapplied;
      else
        message += "ops 1.." + std::to_string(op_index) + " had run and stay applied; " + unapplied;
    } else {
      message +=
          "\n  nothing could be undone: the revision's transaction had already ended, so "
          "what ran up to " +
          (op_index < ops.size() ? "op " + std::to_string(op_index + 1)
                                 : std::string("the failure")) +
          " stays applied; " + unapplied;
    }
    record_failure(step, started, elapsed_ms(t0), e.what(), RunTransaction::per_revision);
    throw Error(e.kind() == ErrorKind::failure ? ErrorKind::failure : ErrorKind::database, message);
  }
  if (observer) observer->step_finished(step, elapsed_ms(t0));
}

std::vector<MigrationStep> Migrator::Impl::run_all(MigrationStep::Direction direction,
                                                   const std::string& target,
                                                   MigrationObserver* observer) {
  MigrationLock lock(conn_, options_);
  LockInUse in_use(lock_, lock);
  // Planned first without the lock, so that a ghost, a bad target, an irreversible downgrade or a
  // transactional: false revision is refused before anything is written; planned again under the
  // lock below, where the rows cannot change until the run commits.
  std::vector<std::string> rows = current();
  if (auto ghosts = graph_.ghosts(rows); !ghosts.empty())
    throw ghost_error_with_history(ghosts, graph_, conn_, options_.history_table,
                                   options_.version_table);
  std::vector<std::string> resolved = graph_.resolve(target, rows);
  const std::string fixed_target = resolved.empty()       ? std::string("base")
                                   : resolved.size() == 1 ? resolved[0]
                                                          : target;
  auto make_plan = [&](const std::vector<std::string>& from, const std::string& t) {
    std::vector<MigrationStep> plan = direction == MigrationStep::Direction::upgrade
                                          ? graph_.plan_upgrade(t, from)
                                          : graph_.plan_downgrade(t, from);
    check_runnable(plan);
    require_one_transaction(plan);
    return plan;
  };
  std::vector<MigrationStep> steps = make_plan(rows, target);
  if (steps.empty()) return steps;
  std::sort(rows.begin(), rows.end());

  // SQLite: foreign-key enforcement cannot change inside a transaction, so it is off around the
  // whole run when any step rebuilds a table (see try_step), and the database is checked before
  // the one COMMIT.
  auto needs_fk_off = [&](const std::vector<MigrationStep>& plan) {
    return std::any_of(plan.begin(), plan.end(),
                       [&](const MigrationStep& s) { return needs_foreign_keys_off(s); });
  };
  const bool fk_off = needs_fk_off(steps);

  const auto run_t0 = Clock::now();
  std::vector<std::string> start_rows;  // the version rows when the run began, under the lock
  size_t step_index = 0;
  constexpr size_t kNoOp = static_cast<size_t>(-1);
  size_t op_index = kNoOp;  // the op running, while a step's ops run
  size_t steps_started = 0;
  bool running = false;            // the run's steps had begun
  std::string place;               // what ran when it failed, when not op `op_index`
  bool transaction_ended = false;  // an op ended the run's transaction itself
  bool at_commit = false;
  std::string started;
  auto t0 = Clock::now();
  WriteTransaction tx = begin_write(fk_off);
  try {
    place =
        "creating the version table " + options_.version_table +
        (options_.history_table.empty() ? "" : " or the history table " + options_.history_table);
    ensure_tables();
    place.clear();
    start_rows = current();
    if (start_rows != rows) {
      // Another process migrated while we waited for the lock: plan again from what it left.
      if (auto ghosts = graph_.ghosts(start_rows); !ghosts.empty())
        throw ghost_error_with_history(ghosts, graph_, conn_, options_.history_table,
                                       options_.version_table);
      if (observer) observer->step_already_applied(steps.front());
      steps = make_plan(start_rows, fixed_target);
      if (!fk_off && needs_fk_off(steps))
        throw Error(ErrorKind::failure,
                    "another process changed the database while this run waited for the lock, and "
                    "the new plan rebuilds a table (SQLite), which needs foreign keys turned off "
                    "before the transaction begins\n  nothing was changed; run the command again");
    }
    running = true;
    for (step_index = 0; step_index < steps.size(); ++step_index) {
      const MigrationStep& step = steps[step_index];
      place = "before it started";
      throw_if_interrupted();
      place.clear();
      if (observer) observer->step_started(step);
      ++steps_started;
      started = utc_timestamp_now();
      t0 = Clock::now();
      const auto& ops = ops_of(step);
      for (op_index = 0; op_index < ops.size(); ++op_index) {
        throw_if_interrupted();
        run_op(step, ops[op_index], observer);
        // As in run_step: an op whose SQL ended the transaction made everything before it
        // permanent — here the revisions of the run before this one as well.
        if (!conn_.in_transaction()) {
          transaction_ended = true;
          throw Error(ErrorKind::failure,
                      "this op ended the run's transaction (a COMMIT, ROLLBACK or END in its "
                      "SQL?); a revision of a --transaction all run must leave it open");
        }
      }
      op_index = kNoOp;
      place = "updating the version table " + options_.version_table;
      VersionTable(conn_, options_.version_table).apply(step.rows);
      const Revision& rev = *step.revision;
      HistoryTable(conn_, options_.history_table)
          .record(HistoryEntry{rev.id, direction_name(step.direction), step.from_revisions,
                               rev.message, rev.checksum, started, elapsed_ms(t0), true, "",
                               current_user_at_host(), run_transaction_name(RunTransaction::all)});
      place.clear();
      if (observer) observer->step_finished(step, elapsed_ms(t0));
    }
    if (fk_off) {
      place = "checking foreign keys (PRAGMA foreign_key_check)";
      conn_.execute("PRAGMA foreign_key_check");
    }
    place = "committing the run's transaction";
    at_commit = true;
    conn_.execute("COMMIT");
  } catch (const Error& e) {
    const bool lost = e.kind() == ErrorKind::connection;
    bool rolled_back = false;
    bool rollback_failed = false;  // the transaction is still open: claim nothing
    if (!lost && conn_.in_transaction()) {
      rollback_failed = !tx.undo();
      rolled_back = !rollback_failed && !transaction_ended;
    } else if (!lost && !transaction_ended) {
      // As in run_step: a failed COMMIT rolls back, and so does SQLite on some errors.
      rolled_back = at_commit || conn_.dialect() == Dialect::sqlite;
    }
    tables_ready_ = false;  // the rollback may have undone ensure_tables()
    tx.undo();              // (if not yet) foreign keys back on before the history row
    // Refused before any revision ran (a ghost, a new plan that cannot run): the error says so.
    // An empty new plan (another process applied it all) ran nothing either.
    if ((!running && place.empty()) || steps.empty()) throw;
    const MigrationStep* step =
        running ? &steps[std::min(step_index, steps.size() - 1)] : &steps.front();
    const Revision& rev = *step->revision;
    const auto& ops = ops_of(*step);
    const std::string start = start_rows.empty() ? std::string("base") : join(start_rows, ", ");
    std::string where = running && step_index < steps.size()
                            ? describe_revision(rev) + ", " + direction_name(step->direction)
                            : std::string(direction_name(direction));
    if (!place.empty())
      where += " (" + place + ")";
    else if (op_index < ops.size())
      where += " " + op_place(ops[op_index], op_index, e.what());
    std::string message = where + ": " + e.what();
    const size_t ran = steps_started;
    std::string history_note;
    if (lost && !transaction_ended) {
      message +=
          "\n  the connection was lost: the server rolls back the run's open transaction (every "
          "revision of this --transaction all run), unless its COMMIT had already reached it; "
          "run `retort current` to see where the database is";
    } else if (rolled_back) {
      history_note = "the whole run was rolled back (--transaction all)" +
                     (running ? " to its starting revision (" + start + ")" : std::string());
      message += "\n  " + history_note + ": " +
                 (running ? "the database is as it was before the run; none of the " +
                                std::to_string(ran) + " revision(s) it had started stays applied"
                          : std::string("nothing was changed"));
    } else if (rollback_failed && !transaction_ended) {
      message +=
          "\n  its ROLLBACK failed as well: the run's transaction (every revision of this "
          "--transaction all run) is still open on this connection, and the server rolls it "
          "back when the connection closes; run `retort current` to see where the database is";
    } else {
      message +=
          "\n  nothing could be undone: the run's transaction had already ended, so what ran "
          "before that (the revisions of this run before " +
          rev.id + " and this revision's ops up to op " +
          std::to_string(op_index < ops.size() ? op_index + 1 : ops.size()) +
          ") stays applied; run `retort current` to see where the database is";
    }
    // One row for the run, written after the rollback in a transaction of its own, so that it
    // is not undone with the run.
    if (running)
      record_failure(*step, started.empty() ? utc_timestamp_now() : started, elapsed_ms(t0),
                     history_note.empty() ? std::string(e.what())
                                          : std::string(e.what()) + "\n" + history_note,
                     RunTransaction::all);
    throw Error(e.kind() == ErrorKind::failure ? ErrorKind::failure : ErrorKind::database, message);
  }
  tx.close();
  // Nothing to commit when another process had applied the whole plan while this one waited.
  if (observer && !steps.empty()) observer->run_committed(steps, elapsed_ms(run_t0));
  return steps;
}

void Migrator::Impl::record_failure(const MigrationStep& step, const std::string& started,
                                    int64_t ms, const std::string& error, RunTransaction mode) {
  HistoryTable history(conn_, options_.history_table);
  if (!history.enabled()) return;
  try {
    WriteTransaction tx = begin_write();
    history.create();
    history.record(HistoryEntry{step.revision->id, direction_name(step.direction),
                                step.from_revisions, step.revision->message,
                                step.revision->checksum, started, ms, false, error,
                                current_user_at_host(), run_transaction_name(mode)});
    conn_.execute("COMMIT");
    tx.close();
  } catch (const Error&) {
    // The audit row is best effort (`tx` rolled back): the migration error is what the user must
    // see.
  }
}

void Migrator::Impl::run_op(const MigrationStep& step, const Op& op, MigrationObserver* observer) {
  const Dialect d = conn_.dialect();
  const SqlDialect& dialect = dialect_for(d);
  // Not for this dialect: no SQL, or a guard with no form here (never run unguarded).
  if (std::string why = skip_reason(op, d); !why.empty()) {
    if (observer) observer->op_skipped(step, op, why);
    return;
  }
  // Guards (docs/migration-files.md, "Guards"): only_if, unless, and an existence check the
  // dialect makes with a catalog query; the first that says no skips the op.
  for (const GuardQuery& g : dialect.guard_queries(op)) {
    const bool row = !conn_.query(g.query).empty();
    if (row == g.run_when_row) continue;
    if (observer)
      observer->op_skipped(step, op,
                           g.label == "if_not_exists" ? "if_not_exists: it exists already"
                           : g.label == "if_exists"
                               ? "if_exists: it does not exist"
                               : g.label + (row ? " returned a row" : " returned no row"));
    return;
  }
  auto text_for = [&](const SqlText& t) -> const std::string* { return t.for_dialect(d); };
  std::visit(
      Overloaded{
          [&](const Execute& ex) {
            const std::string* sql = text_for(ex.sql);
            if (!ex.repeat_until_zero) {
              conn_.execute(*sql);
              return;
            }
            // Batched backfill: run until a pass changes nothing. The bound stops a
            // statement that never converges instead of spinning forever.
            constexpr int kMaxPasses = 1'000'000;
            for (int pass = 0; pass < kMaxPasses; ++pass)
              if (conn_.execute(*sql) == 0) return;
            throw Error(ErrorKind::failure, "repeat_until_zero: still changing rows after " +
                                                std::to_string(kMaxPasses) + " passes");
          },
          [&](const Assert& as) {
            const std::string* sql = text_for(as.sql);
            QueryResult r = conn_.query(*sql);
            if (!truthy(r.scalar()))
              throw Error(ErrorKind::failure,
                          "assert failed: " + as.message + "\n  query: " + *sql);
          },
          [&](const Call& call) { calls_.at(call.name)(conn_); },
          [&](const Irreversible& irr) {
            throw Error(ErrorKind::failure, "irreversible: " + irr.reason);
          },
          [&](const auto&) {
            // An older server than the op needs: say so, before the server's syntax error.
            if (required_server_major(op, d) > 0)
              if (std::string why = server_requirement_problem(op, d, conn_.server_version());
                  !why.empty())
                throw Error(ErrorKind::database, op.where, why);
            RenderContext ctx;
            if (dialect.needs_table_state(op))
              ctx.lookup_table = [this](const std::string& table) {
                return reflect_table_state(conn_, table);
              };
            const std::vector<std::string> statements = dialect.render(op, ctx);
            // SQLite decides if_exists / if_not_exists from the table's definition while
            // rendering: no statement means the guard said no, and `-v` says so as for a query.
            if (statements.empty() && observer &&
                dialect.existence_form(op) == ExistenceForm::table_definition) {
              observer->op_skipped(step, op,
                                   existence_guard(op.body) == "if_not_exists"
                                       ? "if_not_exists: it exists already"
                                       : "if_exists: it does not exist");
              return;
            }
            for (const std::string& sql : statements) {
              try {
                conn_.execute(sql);
              } catch (const Error& e) {
                // Name the user's table, not the dialect's scratch one.
                throw Error(e.kind(), dialect.user_error_message(e.what()));
              }
            }
          },
      },
      op.body);
}

void Migrator::Impl::apply_ops(const std::vector<Op>& ops) {
  const MigrationStep none{};
  WriteTransaction tx = begin_write();
  size_t i = 0;
  try {
    for (; i < ops.size(); ++i) run_op(none, ops[i], nullptr);
    conn_.execute("COMMIT");
    tx.close();
  } catch (const Error& e) {
    const bool undone = tx.undo();
    throw Error(e.kind(), op_place(ops[i], i, e.what()) + ": " + e.what() +
                              (undone ? "\n  rolled back: none of these ops stayed applied"
                                      : "\n  the rollback failed too: the connection may still be "
                                        "inside the ops' transaction"));
  }
}

std::vector<MigrationStep> Migrator::Impl::stamp(const std::vector<std::string>& targets,
                                                 bool purge, MigrationObserver* observer) {
  MigrationLock lock(conn_, options_);
  LockInUse in_use(lock_, lock);
  WriteTransaction tx = begin_write();
  try {
    ensure_tables();
    std::vector<std::string> rows = current();
    VersionTable version(conn_, options_.version_table);
    if (purge) {
      version.replace({});
      rows.clear();
    } else if (auto ghosts = graph_.ghosts(rows); !ghosts.empty()) {
      throw ghost_error_with_history(ghosts, graph_, conn_, options_.history_table,
                                     options_.version_table);
    }
    std::vector<MigrationStep> steps = graph_.plan_stamp(targets, rows);
    for (const auto& step : steps) {
      if (observer) observer->step_started(step);
      version.apply(step.rows);
      HistoryTable(conn_, options_.history_table)
          .record(HistoryEntry{step.revision ? step.revision->id : "", "stamp", step.from_revisions,
                               step.revision ? step.revision->message : "",
                               step.revision ? step.revision->checksum : "", utc_timestamp_now(), 0,
                               true, "", current_user_at_host(),
                               run_transaction_name(RunTransaction::all)});
      if (observer) observer->step_finished(step, 0);
    }
    conn_.execute("COMMIT");
    tx.close();
    return steps;
  } catch (...) {
    tx.undo();
    tables_ready_ = false;  // as in run_step: the rollback may have undone ensure_tables()
    throw;
  }
}

}  // namespace retort
