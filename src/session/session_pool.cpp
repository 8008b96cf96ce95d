#include <retort/session_pool.hpp>

namespace retort {

namespace {

using Clock = std::chrono::steady_clock;

bool healthy(Connection& conn) {
  try {
    conn.query("SELECT 1");
    return true;
  } catch (const Error&) {
    return false;
  }
}

}  // namespace

Session::Session(SessionPool* pool, std::unique_ptr<Connection> conn)
    : pool_(pool), conn_(std::move(conn)) {}

Session::Session(Session&& other) noexcept
    : pool_(other.pool_),
      conn_(std::move(other.conn_)),
      in_transaction_(other.in_transaction_),
      broken_(other.broken_) {
  other.pool_ = nullptr;
}

Session::~Session() {
  if (!conn_) return;
  if (in_transaction_) {
    try {
      conn_->execute("ROLLBACK");
    } catch (const Error&) {
      broken_ = true;
    }
  }
  if (pool_) pool_->give_back(std::move(conn_), broken_);
}

std::string Session::placeholder(int n) const {
  return conn_->dialect() == Dialect::sqlite ? std::string("?") : "$" + std::to_string(n);
}

QueryResult Session::query(std::string_view sql, const std::vector<Param>& params) {
  try {
    if (!in_transaction_) {
      conn_->execute("BEGIN");
      in_transaction_ = true;
    }
    return conn_->query(sql, params);
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::connection) broken_ = true;
    throw;
  }
}

void Session::commit() {
  if (!in_transaction_) return;
  in_transaction_ = false;
  try {
    conn_->execute("COMMIT");
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::connection) broken_ = true;
    // A failed COMMIT leaves an aborted transaction on some databases: end it.
    try {
      if (conn_->in_transaction()) conn_->execute("ROLLBACK");
    } catch (const Error&) {
      broken_ = true;
    }
    throw;
  }
}

void Session::rollback() {
  if (!in_transaction_) return;
  in_transaction_ = false;
  try {
    conn_->execute("ROLLBACK");
  } catch (const Error&) {
    broken_ = true;
    throw;
  }
}

SessionPool::SessionPool(ConnectionFactory factory, SessionPoolOptions options)
    : factory_(std::move(factory)), options_(options) {}

SessionPool::~SessionPool() = default;

size_t SessionPool::idle_count() const {
  std::lock_guard lock(mutex_);
  return idle_.size();
}

size_t SessionPool::open_count() const {
  std::lock_guard lock(mutex_);
  return open_;
}

Session SessionPool::session() {
  const auto deadline = Clock::now() + options_.checkout_timeout;
  std::unique_lock lock(mutex_);
  for (;;) {
    if (!down_error_.empty() && Clock::now() - down_since_ < options_.fail_fast_window) {
      throw Error(ErrorKind::connection,
                  "the database was found down " +
                      std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                         Clock::now() - down_since_)
                                         .count()) +
                      " ms ago; failing fast (" + down_error_ + ")");
    }
    if (!idle_.empty()) {
      std::unique_ptr<Connection> conn = std::move(idle_.back());
      idle_.pop_back();
      if (!options_.health_check) return Session(this, std::move(conn));
      lock.unlock();
      if (healthy(*conn)) return Session(this, std::move(conn));
      // A stale connection (the server restarted): drop it and open a fresh one below.
      conn.reset();
      lock.lock();
      --open_;
      continue;
    }
    if (open_ < options_.max_connections) {
      ++open_;
      lock.unlock();
      try {
        std::unique_ptr<Connection> conn = factory_();
        lock.lock();
        down_error_.clear();
        lock.unlock();
        return Session(this, std::move(conn));
      } catch (const Error& e) {
        lock.lock();
        --open_;
        if (e.kind() == ErrorKind::connection) {
          down_since_ = Clock::now();
          down_error_ = e.what();
        }
        available_.notify_one();
        throw;
      }
    }
    if (available_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_ >= options_.max_connections) {
      throw Error(ErrorKind::lock,
                  "no database session within " +
                      std::to_string(options_.checkout_timeout.count()) + " ms: all " +
                      std::to_string(options_.max_connections) +
                      " connections of the pool are in use (raise max_connections, or find the "
                      "session that is not released)");
    }
  }
}

void SessionPool::give_back(std::unique_ptr<Connection> conn, bool broken) {
  {
    std::lock_guard lock(mutex_);
    if (broken) {
      --open_;
    } else {
      idle_.push_back(std::move(conn));
    }
  }
  available_.notify_one();
}

}  // namespace retort
