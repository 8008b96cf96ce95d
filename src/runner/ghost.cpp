#include "runner/ghost.hpp"

#include <algorithm>

#include "base/strings.hpp"

namespace retort {

Error ghost_error(const std::vector<std::string>& ghosts, const RevisionGraph& graph,
                  const std::vector<HistoryRecord>& history, const std::vector<std::string>& rows) {
  std::string msg = ghosts.size() == 1
                        ? "the database is at revision '" + ghosts[0] +
                              "', which no migration file contains (a ghost revision: deleted, "
                              "renamed, or these files are older than the database)"
                        : "the database is at revisions '" + join(ghosts, "', '") +
                              "', which no migration file contains (ghost revisions)";
  auto add = [](std::vector<std::string>& v, const std::string& id) {
    if (std::find(v.begin(), v.end(), id) == v.end()) v.push_back(id);
  };
  // Rows the files know stay as they are.
  std::vector<std::string> keep;
  for (const auto& r : rows)
    if (std::find(ghosts.begin(), ghosts.end(), r) == ghosts.end()) add(keep, r);
  // What each ghost was applied on top of, from its newest successful upgrade in the history;
  // a parent that is gone too (several deleted revisions in a row) is followed back the same way
  // to the revisions the files still have.
  bool known_parents = false;
  std::vector<std::string> target = keep;
  std::vector<std::string> pending = ghosts, seen;
  while (!pending.empty()) {
    const std::string g = pending.back();
    pending.pop_back();
    if (std::find(seen.begin(), seen.end(), g) != seen.end()) continue;
    seen.push_back(g);
    for (auto it = history.rbegin(); it != history.rend(); ++it) {
      const HistoryEntry& e = it->entry;
      if (e.revision == g && e.success && e.direction == "upgrade") {
        for (const auto& p : e.from_revisions) {
          if (graph.find(p)) {
            add(target, p);
            known_parents = true;
          } else {
            pending.push_back(p);
          }
        }
        break;
      }
    }
  }
  std::vector<std::string> heads;
  for (const Revision* h : graph.heads()) heads.push_back(h->id);
  std::sort(target.begin(), target.end());
  std::sort(keep.begin(), keep.end());
  std::sort(heads.begin(), heads.end());
  msg += "\n  to recover, record the revision(s) whose schema the database really has:";
  if (known_parents)
    msg += "\n    retort stamp --purge " + join(target, " ") +
           "    (the ghost was applied on top of these; its own changes stay in the database)";
  else if (!keep.empty())
    msg += "\n    retort stamp --purge " + join(keep, " ") +
           "    (keeps the rows the files know; the ghost's changes stay in the database)";
  if (heads.empty() && target.empty())
    msg +=
        "\n    retort stamp --purge base    (no migration file defines any revision: forget "
        "them all; the database keeps its schema)";
  if (!heads.empty() && heads != target && heads != keep)
    msg += "\n    retort stamp --purge " + join(heads, " ") +
           "    (if the database already matches the newest files)";
  msg += "\n  or restore the missing migration file(s) from version control";
  return Error(ErrorKind::revision, msg);
}

}  // namespace retort
