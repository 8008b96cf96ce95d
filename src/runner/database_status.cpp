#include "runner/database_status.hpp"

#include <algorithm>

#include "runner/ghost.hpp"
#include "runner/history_table.hpp"
#include "runner/version_table.hpp"

namespace retort {

DatabaseStatus database_status(const RevisionGraph& graph, std::vector<std::string> rows) {
  DatabaseStatus s;
  s.ghosts = graph.ghosts(rows);
  for (const std::string& r : rows)
    if (std::find(s.ghosts.begin(), s.ghosts.end(), r) == s.ghosts.end()) s.applied.push_back(r);
  for (const Revision* h : graph.heads()) s.heads.push_back(h->id);
  std::sort(s.heads.begin(), s.heads.end());
  s.rows = std::move(rows);
  return s;
}

DatabaseStatus database_status(const RevisionGraph& graph, Connection& conn, const Config& config) {
  DatabaseStatus s = database_status(graph, VersionTable(conn, config.version_table).read());
  if (!s.ghosts.empty())
    s.ghost_message =
        ghost_error(s.ghosts, graph, HistoryTable(conn, config.history_table).read(), s.rows)
            .what();
  return s;
}

}  // namespace retort
