#include "graph/migration_step.hpp"

namespace retort {

const char* direction_name(MigrationStep::Direction direction) {
  switch (direction) {
    case MigrationStep::Direction::upgrade:
      return "upgrade";
    case MigrationStep::Direction::downgrade:
      return "downgrade";
    case MigrationStep::Direction::stamp:
      return "stamp";
  }
  return "upgrade";
}

std::string revision_id(const MigrationStep& step) {
  return step.revision ? step.revision->id : "";
}

std::string revision_message(const MigrationStep& step) {
  return step.revision ? step.revision->message : "";
}

const std::vector<Op>& ops_of(const MigrationStep& step) {
  static const std::vector<Op> kNoOps;
  if (!step.revision) return kNoOps;
  switch (step.direction) {
    case MigrationStep::Direction::upgrade:
      return step.revision->upgrade;
    case MigrationStep::Direction::downgrade:
      return step.revision->downgrade;
    case MigrationStep::Direction::stamp:
      return kNoOps;
  }
  return kNoOps;
}

}  // namespace retort
