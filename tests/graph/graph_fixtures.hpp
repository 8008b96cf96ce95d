// Helpers for the graph tests: revisions built in code, and plans printed as one line per step so
// that a test can compare a whole plan, including every version-table change, at once.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "graph/migration_step.hpp"
#include "graph/revision_graph.hpp"
#include "ops/revision.hpp"

namespace retort::testing {

// The message of the retort::Error `fn` throws, which must be of `kind`; "(no error)" when it
// throws none.
inline std::string graph_error(const std::function<void()>& fn,
                               ErrorKind kind = ErrorKind::revision) {
  try {
    fn();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), kind) << e.what();
    return e.what();
  }
  return "(no error)";
}

// A revision with the given parents, branch labels and dependencies; its path is "<id>.yaml" and
// its message "msg <id>".
inline Revision rev(std::string id, std::vector<std::string> down = {},
                    std::vector<std::string> labels = {}, std::vector<std::string> deps = {}) {
  Revision r;
  r.id = std::move(id);
  r.down_revisions = std::move(down);
  r.branch_labels = std::move(labels);
  r.depends_on = std::move(deps);
  r.message = "msg " + r.id;
  r.path = r.id + ".yaml";
  return r;
}

// "upgrade c1: +c1 => c1,d2": direction, revision, then the row changes (-deleted, +inserted,
// from>to updated), then the rows after the step. Stamp steps read "stamp up|down A,B>C: ...".
inline std::string describe(const MigrationStep& step) {
  std::string out = direction_name(step.direction);
  if (step.direction == MigrationStep::Direction::stamp) {
    out += step.is_upgrade ? " up " : " down ";
    for (size_t i = 0; i < step.from_revisions.size(); ++i)
      out += (i ? "," : "") + step.from_revisions[i];
    out += ">";
    for (size_t i = 0; i < step.to_revisions.size(); ++i)
      out += (i ? "," : "") + step.to_revisions[i];
  } else {
    out += " " + step.revision->id;
  }
  out += ":";
  for (const auto& d : step.rows.deleted) out += " -" + d;
  for (const auto& [from, to] : step.rows.updated) out += " " + from + ">" + to;
  for (const auto& i : step.rows.inserted) out += " +" + i;
  out += " =>";
  for (size_t i = 0; i < step.heads_after.size(); ++i) out += (i ? "," : " ") + step.heads_after[i];
  return out;
}

inline std::vector<std::string> describe(const std::vector<MigrationStep>& steps) {
  std::vector<std::string> out;
  for (const MigrationStep& s : steps) out.push_back(describe(s));
  return out;
}

inline std::vector<std::string> ids(const std::vector<const Revision*>& revs) {
  std::vector<std::string> out;
  for (const Revision* r : revs) out.push_back(r->id);
  return out;
}

using Ids = std::vector<std::string>;

}  // namespace retort::testing
