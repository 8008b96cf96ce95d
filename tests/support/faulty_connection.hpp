// FaultyConnection: a Connection wrapper that makes one chosen statement fail, for reliability
// tests (STYLE habit 3: a wrapper subclass injects faults, like LevelDB's EnvWrapper).
#pragma once

#include <string>

#include "db/connection.hpp"

namespace retort {

// Which statement fails. Statements are query() and execute() calls, counted together from 1.
struct FaultPlan {
  // The 1-based number of the statement that fails; 0 = never.
  int fail_at = 0;
  // When not empty, only statements whose SQL contains this text are counted.
  std::string match;
  // Also fail every counted statement after the first failure (a database that went away).
  bool keep_failing = false;
};

// Forwards every call to `inner` except the planned failure, which throws
// Error(ErrorKind::database, "injected fault: ...") without running the statement. Does not own
// `inner`, which must outlive this object. Not thread-safe (like every Connection).
class FaultyConnection final : public Connection {
 public:
  FaultyConnection(Connection& inner, FaultPlan plan);

  // Replaces the plan and restarts the count.
  void arm(FaultPlan plan);
  // Statements counted so far (those matching plan.match).
  int counted() const { return counted_; }
  // Whether the fault has been thrown at least once.
  bool fired() const { return fired_; }
  // The SQL of the statement the fault replaced last ("" before it fired).
  const std::string& failed_sql() const { return failed_sql_; }

  Dialect dialect() const override { return inner_.dialect(); }
  QueryResult query(std::string_view sql, const std::vector<Param>& params = {}) override;
  int64_t execute(std::string_view sql) override;
  std::string server_version() override { return inner_.server_version(); }
  std::string describe() const override { return inner_.describe(); }
  bool in_transaction() override { return inner_.in_transaction(); }

 private:
  // Counts `sql` and throws when it is the planned failure.
  void maybe_fail(std::string_view sql);

  Connection& inner_;
  FaultPlan plan_;
  int counted_ = 0;
  bool fired_ = false;
  std::string failed_sql_;
};

}  // namespace retort
