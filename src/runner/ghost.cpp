#include "runner/ghost.hpp"

namespace retort {

namespace {

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + v[i];
  return out;
}

}  // namespace

Error ghost_error(const std::vector<std::string>& ghosts, const RevisionGraph& graph,
                  const std::vector<HistoryRecord>& history) {
  std::string msg = ghosts.size() == 1
                        ? "the database is at revision '" + ghosts[0] +
                              "', which no migration file contains (a ghost revision: deleted, "
                              "renamed, or these files are older than the database)"
                        : "the database is at revisions '" + join(ghosts, "', '") +
                              "', which no migration file contains (ghost revisions)";
  // What the ghosts were applied on top of, from the newest history row of each.
  std::vector<std::string> parents;
  for (const auto& g : ghosts) {
    for (auto it = history.rbegin(); it != history.rend(); ++it) {
      const HistoryEntry& e = it->entry;
      if (e.revision == g && e.success && e.direction == "upgrade") {
        for (const auto& p : e.from_revisions)
          if (graph.find(p)) parents.push_back(p);
        break;
      }
    }
  }
  std::vector<std::string> heads;
  for (const Revision* h : graph.heads()) heads.push_back(h->id);
  msg += "\n  to recover, record the revision whose schema the database really has:";
  if (!parents.empty()) {
    msg += "\n    retort stamp --purge " + join(parents, " ") +
           "    (the ghost was applied on top of this; its changes are still in the database)";
  }
  if (!heads.empty())
    msg += "\n    retort stamp --purge " + join(heads, " ") +
           "    (if the database already matches the newest files)";
  msg += "\n  or restore the missing migration file(s) from version control";
  return Error(ErrorKind::revision, msg);
}

}  // namespace retort
