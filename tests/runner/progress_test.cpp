// Progress lines (runner/progress.hpp, docs/commands.md "upgrade"): a step's "Running …" line is
// written and flushed when the step starts, before its ops run, and "  done in N ms" when it ends
// — through the library's ProgressPrinter, and through the CLI reading its stdout from a pipe
// while a revision is still running on real PostgreSQL.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <retort/progress.hpp>
#include <sstream>

#include "db/sqlite_connection.hpp"
#include "graph/revision_graph.hpp"
#include "ops/load_revision.hpp"
#include "runner/migrator.hpp"
#include "support/pg_env.hpp"
#include "support/process.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

// A stream buffer that remembers what had been flushed (sync) — what a reader on the other end of
// a pipe could have seen.
class FlushRecorder : public std::stringbuf {
 public:
  const std::string& flushed() const { return flushed_; }

 protected:
  int sync() override {
    flushed_ = str();
    return 0;
  }

 private:
  std::string flushed_;
};

RevisionGraph two_revisions() {
  std::vector<Revision> revs;
  revs.push_back(parse_revision("001.yaml",
                                "revision: \"001\"\ndown_revision: null\nmessage: create t\n"
                                "upgrade:\n  - create_table: {table: t, columns: [{name: id, "
                                "type: integer}]}\ndowngrade:\n  - drop_table: {table: t}\n"));
  revs.push_back(parse_revision("002.yaml",
                                "revision: \"002\"\ndown_revision: \"001\"\nmessage: probe\n"
                                "upgrade:\n  - call: {name: probe}\ndowngrade: []\n"));
  return RevisionGraph::build(std::move(revs));
}

TEST(Progress, ThePrinterFlushesTheStartLineBeforeTheStepRuns) {
  RevisionGraph graph = two_revisions();
  auto conn = SqliteConnection::open(":memory:", SqliteConnection::OpenMode::read_write_create);
  Migrator migrator(graph, *conn, {});
  FlushRecorder buf;
  std::ostream out(&buf);
  ProgressPrinter printer(out);
  std::string seen_by_probe;
  migrator.register_call("probe", [&](Connection&) { seen_by_probe = buf.flushed(); });

  migrator.upgrade("head", &printer);

  const std::regex while_running(
      "Running upgrade  -> 001, create t\n  done in \\d+ ms\nRunning upgrade 001 -> 002, probe\n");
  EXPECT_TRUE(std::regex_match(seen_by_probe, while_running)) << seen_by_probe;
  const std::regex after(
      "Running upgrade  -> 001, create t\n  done in \\d+ ms\n"
      "Running upgrade 001 -> 002, probe\n  done in \\d+ ms\n");
  EXPECT_TRUE(std::regex_match(buf.flushed(), after)) << buf.flushed();
}

TEST(Progress, TheLinesNameTheStep) {
  RevisionGraph graph = two_revisions();
  std::vector<MigrationStep> plan = graph.plan_upgrade("head", {});
  ASSERT_EQ(plan.size(), 2u);
  EXPECT_EQ(step_started_line(plan[1]), "Running upgrade 001 -> 002, probe");
  EXPECT_EQ(step_text(plan[0]), "upgrade  -> 001, create t");
  EXPECT_EQ(step_finished_line(12), "  done in 12 ms");
}

// `retort` with its stdout on a pipe, read line by line while it runs.
class PipedRetort {
 public:
  explicit PipedRetort(const std::vector<std::string>& args, const std::string& cwd) {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      dup2(fds[1], STDOUT_FILENO);
      close(fds[0]);
      close(fds[1]);
      if (chdir(cwd.c_str()) != 0) _exit(126);
      for (const char* v :
           {"RETORT_DATABASE_URL", "DATABASE_URL", "RETORT_CONFIG", "SKIP_MIGRATIONS"})
        unsetenv(v);
      std::string binary = testing::retort_binary();
      std::vector<char*> argv{binary.data()};
      std::vector<std::string> copy = args;
      for (auto& a : copy) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(binary.c_str(), argv.data());
      _exit(127);
    }
    close(fds[1]);
    fd_ = fds[0];
  }
  ~PipedRetort() {
    if (fd_ >= 0) close(fd_);
    if (pid_ > 0 && !reaped_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }

  // The next line from the pipe (without '\n'); nullopt at end of file. Fails the test (and
  // returns nullopt) when nothing arrives within `timeout` — a line held in a buffer.
  std::optional<std::string> line(std::chrono::seconds timeout = std::chrono::seconds(60)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      if (auto nl = pending_.find('\n'); nl != std::string::npos) {
        std::string l = pending_.substr(0, nl);
        pending_.erase(0, nl + 1);
        return l;
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        ADD_FAILURE() << "no complete line on the pipe within " << timeout.count()
                      << " s (so far: '" << pending_ << "')";
        return std::nullopt;
      }
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char buf[4096];
      ssize_t n = read(fd_, buf, sizeof buf);
      if (n <= 0) {
        if (pending_.empty()) return std::nullopt;
        std::string l = std::move(pending_);
        pending_.clear();
        return l;
      }
      pending_.append(buf, static_cast<size_t>(n));
    }
  }

  bool running() {
    if (reaped_) return false;
    pid_t r = waitpid(pid_, &status_, WNOHANG);
    if (r == pid_) reaped_ = true;
    return !reaped_;
  }

  int wait() {
    if (!reaped_) waitpid(pid_, &status_, 0);
    reaped_ = true;
    return WIFEXITED(status_) ? WEXITSTATUS(status_) : -1;
  }

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
  int status_ = 0;
  bool reaped_ = false;
  std::string pending_;
};

// The test holds a lock that revision 002 waits for: while it waits, the lines of 001 and the
// start line of 002 must already have come through the pipe.
TEST(Progress, LinesComeThroughAPipeWhileARevisionRunsOnPostgresql) {
  testing::PgTestDatabase db;
  testing::ProjectDir dir;
  // No server-side lock_timeout: 002 waits for the test's lock as long as the test holds it.
  dir.write_config(db.url(), "[postgresql]\nlock_timeout = \"\"\n");
  dir.write_revision("001.yaml", testing::table_revision_yaml("001", {}));
  dir.write_revision("002.yaml",
                     "revision: \"002\"\ndown_revision: \"001\"\nmessage: wait for the gate\n"
                     "upgrade:\n  - execute: \"INSERT INTO gate VALUES (2)\"\n"
                     "downgrade:\n  - execute: \"DELETE FROM gate WHERE id = 2\"\n");
  dir.write_revision("003.yaml", testing::table_revision_yaml("003", {"002"}));
  auto holder = db.connect();
  holder->execute("CREATE TABLE gate (id integer)");
  holder->execute("BEGIN");
  holder->execute("LOCK TABLE gate IN ACCESS EXCLUSIVE MODE");

  PipedRetort retort({"-c", dir.config_path(), "upgrade", "head"}, dir.str());
  const std::regex done("  done in \\d+ ms");
  auto l1 = retort.line();
  ASSERT_TRUE(l1);
  EXPECT_EQ(*l1, "Running upgrade  -> 001, create t_001");
  auto l2 = retort.line();
  ASSERT_TRUE(l2);
  EXPECT_TRUE(std::regex_match(*l2, done)) << *l2;
  auto l3 = retort.line();
  ASSERT_TRUE(l3);
  EXPECT_EQ(*l3, "Running upgrade 001 -> 002, wait for the gate");
  // 002 is still waiting for the lock: the lines came while the process runs.
  EXPECT_TRUE(retort.running());

  holder->execute("COMMIT");
  std::vector<std::string> rest;
  while (auto l = retort.line()) rest.push_back(*l);
  EXPECT_EQ(retort.wait(), 0);
  ASSERT_EQ(rest.size(), 3u);
  EXPECT_TRUE(std::regex_match(rest[0], done)) << rest[0];
  EXPECT_EQ(rest[1], "Running upgrade 002 -> 003, create t_003");
  EXPECT_TRUE(std::regex_match(rest[2], done)) << rest[2];
}

}  // namespace
}  // namespace retort
