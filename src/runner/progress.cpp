#include <retort/progress.hpp>

#include "base/strings.hpp"

namespace retort {

std::string step_text(const MigrationStep& step) {
  std::string msg = revision_message(step);
  return std::string(direction_name(step.direction)) + " " + join(step.from_revisions, ", ") +
         " -> " + join(step.to_revisions, ", ") + (msg.empty() ? "" : ", " + msg);
}

std::string step_started_line(const MigrationStep& step) {
  return "Running " + step_text(step);
}

std::string step_finished_line(int64_t duration_ms) {
  return "  done in " + std::to_string(duration_ms) + " ms";
}

std::string run_committed_line(size_t revisions, int64_t duration_ms) {
  return "Committed " + std::to_string(revisions) +
         " revision(s) in one transaction (--transaction all) in " + std::to_string(duration_ms) +
         " ms";
}

void ProgressPrinter::step_started(const MigrationStep& step) {
  out_ << step_started_line(step) << std::endl;  // std::endl: flushed now, not at exit
}

void ProgressPrinter::step_finished(const MigrationStep&, int64_t duration_ms) {
  out_ << step_finished_line(duration_ms) << std::endl;
}

void ProgressPrinter::run_committed(const std::vector<MigrationStep>& steps, int64_t duration_ms) {
  out_ << run_committed_line(steps.size(), duration_ms) << std::endl;
}

}  // namespace retort
