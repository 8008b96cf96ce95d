// Fault sweeps (LevelDB's fault-injection `Env` idea applied to the runner): the Sales Agent
// example's whole history (examples/salesagent: table rebuilds on SQLite, data migrations, a
// non-transactional revision, branches and a merge) is upgraded base → head with the Nth
// statement failing, for every N on SQLite and for a spread of N on PostgreSQL. Whatever
// statement fails — DDL, a data move, a version-row write, a history row, a lock, COMMIT — the
// database must end on a revision boundary: its version rows name some revision R and its schema
// and data are exactly those of a clean upgrade to R (with --transaction all: R is where the run
// started). Then a plain `upgrade head` from there must reach exactly the clean head.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "base/strings.hpp"
#include "runner/migrator.hpp"
#include "runner/project.hpp"
#include "runner/reliability_helpers.hpp"
#include "support/db_snapshot.hpp"
#include "support/faulty_connection.hpp"
#include "support/pg_env.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

using testing::dialect_label;
using testing::kSalesAgentConfig;

// The history table records failed attempts too, so it differs between a run that failed and a
// clean one by design; everything else must not.
const std::set<std::string> kNotCompared = {"retort_history"};

// /dev/shm when the machine has it: a sweep commits thousands of times, and fsync is not what it
// tests.
std::filesystem::path scratch_parent() {
  std::error_code ec;
  if (std::filesystem::is_directory("/dev/shm", ec) && access("/dev/shm", W_OK) == 0)
    return "/dev/shm";
  return std::filesystem::temp_directory_path();
}

// One fresh database per attempt, of the dialect under test.
class Databases {
 public:
  explicit Databases(Dialect dialect) : dialect_(dialect), dir_(scratch_parent()) {}

  // A new empty database and a project opened on it.
  Project fresh() {
    if (dialect_ == Dialect::postgresql) {
      pg_.push_back(std::make_unique<testing::PgTestDatabase>());  // fails, never skips
      return Project::open(kSalesAgentConfig, pg_.back()->url());
    }
    return Project::open(kSalesAgentConfig,
                         dir_.sqlite_url("db" + std::to_string(++count_) + ".db"));
  }

  std::string snapshot(Connection& conn) {
    return dialect_ == Dialect::postgresql ? testing::pg_snapshot(conn, kNotCompared)
                                           : testing::sqlite_dump(conn, kNotCompared);
  }

  // Drops the PostgreSQL databases made so far (a sweep makes dozens).
  void release() { pg_.clear(); }

 private:
  Dialect dialect_;
  testing::ProjectDir dir_;
  int count_ = 0;
  std::vector<std::unique_ptr<testing::PgTestDatabase>> pg_;
};

// The revision whose step started last: the one a failure interrupted.
class LastStarted : public MigrationObserver {
 public:
  void step_started(const MigrationStep& s) override { revision = s.revision; }
  const Revision* revision = nullptr;
};

std::string rows_key(const std::vector<std::string>& rows) {
  std::string key;
  for (const std::string& r : rows) key += (key.empty() ? "" : ",") + r;
  return key;
}

// Upgrades from base to `target` with the Nth statement failing, for `attempts` values of N
// spread over the run (every N with RETORT_FAULT_SWEEP=all: minutes, not for every run of the
// suite). Per revision, the database must end on some revision boundary; with
// RunTransaction::all, at base, where the run started.
void sweep(Dialect dialect, RunTransaction mode, const std::string& target, int attempts) {
  Databases dbs(dialect);
  auto options = [mode](const Project& p) {
    MigratorOptions o = migrator_options(p.config());
    o.transaction = mode;
    return o;
  };

  // The clean run, one revision at a time: the snapshot at every revision boundary, and the
  // number of statements a whole upgrade sends.
  std::map<std::string, std::string> at;  // version rows joined with ',' → snapshot
  int statements = 0;
  std::string head;
  {
    Project project = dbs.fresh();
    auto conn = project.connect();
    at[""] = dbs.snapshot(*conn);
    Migrator migrator(project.graph(), *conn, migrator_options(project.config()));
    for (const MigrationStep& step : migrator.plan(MigrationStep::Direction::upgrade, target)) {
      migrator.upgrade(step.revision->id);
      at[rows_key(migrator.current())] = dbs.snapshot(*conn);
    }
    head = dbs.snapshot(*conn);

    Project counted = dbs.fresh();
    auto inner = counted.connect();
    FaultyConnection counting(*inner, {});
    Migrator all(counted.graph(), counting, options(counted));
    all.upgrade(target);
    statements = counting.counted();
    dbs.release();
  }
  ASSERT_GT(statements, 100) << "the history should send hundreds of statements";

  const char* all = std::getenv("RETORT_FAULT_SWEEP");
  int stride = all && std::string(all) == "all" ? 1 : std::max(1, statements / attempts);
  int failed_runs = 0;
  for (int n = 1 + (stride > 1 ? 3 % stride : 0); n <= statements; n += stride) {
    SCOPED_TRACE("statement " + std::to_string(n) + " of " + std::to_string(statements));
    Project project = dbs.fresh();
    auto inner = project.connect();
    std::optional<Error> error;
    LastStarted last;
    std::string failed_sql;
    {
      FaultyConnection faulty(*inner, {.fail_at = n});
      Migrator migrator(project.graph(), faulty, options(project));
      try {
        migrator.upgrade(target, &last);
      } catch (const Error& e) {
        error = e;
      }
      failed_sql = faulty.failed_sql();
    }
    SCOPED_TRACE("the failed statement: " + failed_sql);
    if (error) {
      ++failed_runs;
      EXPECT_NE(std::string(error->what()).find("injected fault"), std::string::npos)
          << error->what();
      // The runner rolled back what it had open, unless the fault hit that ROLLBACK itself (then
      // only closing the connection ends the transaction, as when the process exits).
      if (upper(trim(failed_sql)).rfind("ROLLBACK", 0) != 0) {
        EXPECT_FALSE(inner->in_transaction()) << error->what();
      }
    }
    inner.reset();  // as when the process that failed exits
    // A non-transactional revision (015: CREATE INDEX CONCURRENTLY) runs op by op, so a failure
    // inside it may leave the ops before it done, as documented; the error says which ran.
    if (error && last.revision && !last.revision->transactional) {
      dbs.release();
      continue;
    }

    // A revision boundary: the version rows name a revision of the clean run, and schema and
    // data are that revision's.
    auto check = project.connect();
    Migrator reader(project.graph(), *check, migrator_options(project.config()));
    std::string key = rows_key(reader.current());
    if (mode == RunTransaction::all && error) {
      EXPECT_EQ(key, "") << "a failed run in one transaction must leave the database at base";
    }
    auto expected = at.find(key);
    ASSERT_NE(expected, at.end()) << "version rows '" << key << "' are no revision boundary";
    EXPECT_EQ(dbs.snapshot(*check), expected->second) << "at '" << key << "'";

    // And the next plain run reaches exactly the clean head.
    reader.upgrade(target);
    EXPECT_EQ(dbs.snapshot(*check), head);
    check.reset();
    dbs.release();
    if (::testing::Test::HasFailure()) break;  // one located failure is enough to read
  }
  // Almost every injected fault must surface as an error (a few statements are probes whose
  // failure the runner handles by design); none may be silently lost.
  EXPECT_GT(failed_runs, 0);
}

class FaultSweep : public ::testing::TestWithParam<Dialect> {};

// The whole history, each revision in its own transaction (the default).
TEST_P(FaultSweep, PerRevisionAFailureAnywhereLeavesARevisionBoundaryAndUpgradeCompletes) {
  sweep(GetParam(), RunTransaction::per_revision, "heads", GetParam() == Dialect::sqlite ? 80 : 24);
}

// --transaction all, up to 014 (015 is transactional: false, which such a run refuses).
TEST_P(FaultSweep, OneTransactionAFailureAnywhereLeavesBaseAndUpgradeCompletes) {
  sweep(GetParam(), RunTransaction::all, "014", GetParam() == Dialect::sqlite ? 40 : 12);
}

INSTANTIATE_TEST_SUITE_P(Dialects, FaultSweep,
                         ::testing::Values(Dialect::sqlite, Dialect::postgresql), dialect_label);

}  // namespace
}  // namespace retort
