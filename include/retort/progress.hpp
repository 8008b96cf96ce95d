// <retort/progress.hpp> — progress lines of a migration run, as `retort upgrade` prints them and as
// a program that embeds the library can print them (docs/commands.md, "upgrade";
// docs/embedding.md): one line when a step starts, one when it ends, each written out at once so
// that a log read through a pipe (a container's log, CI, Kubernetes) shows the step that is
// running, also when the process is killed in the middle of it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <retort/migration_step.hpp>
#include <retort/migrator.hpp>
#include <string>
#include <vector>

namespace retort {

// A step in Alembic's words: "upgrade 041 -> 042, add priority" (from-rows -> to-rows, message).
std::string step_text(const MigrationStep& step);
// "Running upgrade 041 -> 042, add priority": written when the step starts.
std::string step_started_line(const MigrationStep& step);
// "  done in 12 ms": written when the step has committed (with --transaction all: when its ops
// and version-row change are done, in the run's transaction).
std::string step_finished_line(int64_t duration_ms);
// "Committed 14 revision(s) in one transaction (--transaction all) in 812 ms": written when a
// --transaction all run has committed.
std::string run_committed_line(size_t revisions, int64_t duration_ms);

// A MigrationObserver that writes the two lines of each step to `out` and flushes after each.
// Nothing else: a failing step has its start line and no end line (the error says the rest).
// The stream is borrowed and must outlive the printer.
class ProgressPrinter : public MigrationObserver {
 public:
  // Writes to `out`.
  explicit ProgressPrinter(std::ostream& out) : out_(out) {}
  // Each writes its line (above) and flushes.
  void step_started(const MigrationStep& step) override;
  void step_finished(const MigrationStep& step, int64_t duration_ms) override;
  void run_committed(const std::vector<MigrationStep>& steps, int64_t duration_ms) override;

 private:
  std::ostream& out_;
};

}  // namespace retort
