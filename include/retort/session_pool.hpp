// <retort/session_pool.hpp> — SessionPool: the database sessions of a program that embeds retort
// (docs/embedding.md) — the Sales Agent's `get_db_session()`. A bounded pool of connections;
// `session()` checks one out as an RAII Session whose transaction commits on commit() and rolls
// back when it leaves scope otherwise.
//
// Thread safety: SessionPool is safe to use from many threads; a Session is used by one thread
// at a time. Ownership: the pool owns its connections; a Session borrows one and hands it back
// (or, when it broke, discards it) on destruction. The pool must outlive its sessions.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <retort/connection.hpp>
#include <retort/error.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace retort {

// Makes a new connection; throws Error(connection) when the database cannot be reached.
using ConnectionFactory = std::function<std::unique_ptr<Connection>()>;

// How a SessionPool behaves (docs/embedding.md, "The session pool").
struct SessionPoolOptions {
  // At most this many connections exist at once (idle and checked out).
  size_t max_connections = 5;
  // How long session() waits for a free connection before Error(lock).
  std::chrono::milliseconds checkout_timeout{5000};
  // After a failed connect, session() fails at once for this long instead of trying again
  // (a database known to be down should not stall every request for a connect timeout).
  std::chrono::milliseconds fail_fast_window{3000};
  // Run a trivial query on an idle connection before handing it out; replace it if it fails.
  bool health_check = true;
};

class SessionPool;

// One checked-out connection and its transaction (RAII).
class Session {
 public:
  // Takes over `other`'s connection and transaction; `other` is left empty.
  Session(Session&& other) noexcept;
  Session& operator=(Session&&) = delete;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  // Rolls back an uncommitted transaction and returns the connection to the pool. Never throws.
  ~Session();

  // One statement with bound parameters (`?` on SQLite, `$1` on PostgreSQL; see
  // placeholder()). The first statement of a session opens its transaction. Throws
  // Error(database); the transaction is then rolled back at the latest when the session ends.
  QueryResult query(std::string_view sql, const std::vector<Param>& params = {});
  // Commits the transaction (if any statement ran). Later statements open a new one.
  void commit();
  // Rolls back the transaction now.
  void rollback();

  // The kind of database the session talks to.
  Dialect dialect() const { return conn_->dialect(); }
  // The placeholder for parameter n (1-based) on this session's database.
  std::string placeholder(int n) const;

 private:
  friend class SessionPool;
  Session(SessionPool* pool, std::unique_ptr<Connection> conn);

  SessionPool* pool_;
  std::unique_ptr<Connection> conn_;
  bool in_transaction_ = false;
  bool broken_ = false;  // a connection-level failure: discard instead of reusing
};

// A bounded pool of connections made by `factory`.
class SessionPool {
 public:
  // Opens no connection yet: the first session() does.
  SessionPool(ConnectionFactory factory, SessionPoolOptions options = {});
  // Closes the idle connections. Every Session must have ended.
  ~SessionPool();
  SessionPool(const SessionPool&) = delete;
  SessionPool& operator=(const SessionPool&) = delete;

  // Checks out a session. Reuses an idle connection (health-checked), or opens a new one while
  // fewer than max_connections exist, or waits up to checkout_timeout. Throws Error(lock) on
  // timeout ("all N connections are in use"), Error(connection) when the database cannot be
  // reached, and — within fail_fast_window after such a failure — Error(connection) at once.
  Session session();

  // Connections waiting in the pool.
  size_t idle_count() const;
  // Connections in existence: idle, checked out, or being opened.
  size_t open_count() const;

 private:
  friend class Session;
  void give_back(std::unique_ptr<Connection> conn, bool broken);

  ConnectionFactory factory_;
  SessionPoolOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
  size_t open_ = 0;  // connections in existence: idle + checked out + being opened
  std::chrono::steady_clock::time_point down_since_{};
  std::string down_error_;
};

}  // namespace retort
