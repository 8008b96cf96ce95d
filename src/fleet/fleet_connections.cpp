#include "fleet/fleet_connections.hpp"

#include "base/error.hpp"
#include "db/pg_connection.hpp"

namespace retort {

std::unique_ptr<Connection> FleetConnections::acquire(const DatabaseUrl& url,
                                                      const ConnectOptions& options) {
  if (url.dialect == Dialect::postgresql) {
    std::unique_ptr<Connection> conn;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto it = idle_.find(url.libpq_conninfo());
      if (it != idle_.end()) {
        conn = std::move(it->second);
        idle_.erase(it);
      }
    }
    if (conn) {
      if (!url.schema.empty()) enter_schema(*conn, url);
      return conn;
    }
  }
  std::unique_ptr<Connection> conn = connect(url, options);
  std::lock_guard<std::mutex> lock(mutex_);
  ++opened_;
  return conn;
}

void FleetConnections::release(const DatabaseUrl& url, std::unique_ptr<Connection> conn) {
  if (!conn || url.dialect != Dialect::postgresql || url.schema.empty() || conn->in_transaction())
    return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (idle_.size() >= max_idle_) return;
  }
  try {
    conn->execute("DISCARD ALL");
  } catch (const Error&) {
    return;  // a broken or busy session is closed, never reused
  }
  if (auto* pg = dynamic_cast<PgConnection*>(conn.get())) pg->take_notices();
  std::lock_guard<std::mutex> lock(mutex_);
  idle_.emplace(url.libpq_conninfo(), std::move(conn));
}

size_t FleetConnections::opened() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return opened_;
}

}  // namespace retort
