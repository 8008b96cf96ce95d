// The connections of a fleet run (docs/multi-tenant.md, "Connections"). The schemas of one
// `schemas_query` group live in one database, and a new PostgreSQL connection costs the server a
// process and a cold catalog cache — more than a target already at head costs itself. So a target
// reuses a connection an earlier target of the same database has finished with, as a pooler in
// session mode does: given back only after its target succeeded with no transaction open, and
// reset with `DISCARD ALL` (settings, role, temporary tables, prepared statements, advisory
// locks: a fresh session's state), then put in the next target's schema as connect() does.
// SQLite files, targets without a schema (a database each) and failed targets always get a
// connection of their own; at most `max_idle` connections wait for reuse.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "db/connect.hpp"

namespace retort {

class FleetConnections {
 public:
  // Keeps at most `max_idle` (the run's --parallel) connections for reuse.
  explicit FleetConnections(size_t max_idle) : max_idle_(max_idle) {}

  // A connection to `url`: an idle one to the same PostgreSQL database, in url.schema, or a new
  // one, connect(url, options). Throws as connect() does. Safe to call from the run's threads
  // at once.
  std::unique_ptr<Connection> acquire(const DatabaseUrl& url, const ConnectOptions& options);

  // Gives back the connection of a target that succeeded. Kept for a later target when it is a
  // PostgreSQL connection to a schema, with no transaction open, that `DISCARD ALL` resets, and
  // fewer than max_idle wait; otherwise closed.
  void release(const DatabaseUrl& url, std::unique_ptr<Connection> conn);

  // Connections opened so far (reused ones not counted again).
  size_t opened() const;

 private:
  size_t max_idle_;
  mutable std::mutex mutex_;
  std::multimap<std::string, std::unique_ptr<Connection>> idle_;  // libpq conninfo → idle
  size_t opened_ = 0;
};

}  // namespace retort
