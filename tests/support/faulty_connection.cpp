#include "support/faulty_connection.hpp"

#include "base/error.hpp"

namespace retort {

FaultyConnection::FaultyConnection(Connection& inner, FaultPlan plan)
    : inner_(inner), plan_(std::move(plan)) {}

void FaultyConnection::arm(FaultPlan plan) {
  plan_ = std::move(plan);
  counted_ = 0;
  fired_ = false;
}

void FaultyConnection::maybe_fail(std::string_view sql) {
  if (!plan_.match.empty() && sql.find(plan_.match) == std::string_view::npos) return;
  ++counted_;
  if (plan_.fail_at <= 0) return;
  if (counted_ == plan_.fail_at || (plan_.keep_failing && counted_ > plan_.fail_at)) {
    fired_ = true;
    failed_sql_ = std::string(sql);
    std::string shown(sql.substr(0, 120));
    throw Error(ErrorKind::database, "injected fault: statement " + std::to_string(counted_) +
                                         " failed\n  SQL: " + shown);
  }
}

QueryResult FaultyConnection::query(std::string_view sql, const std::vector<Param>& params) {
  maybe_fail(sql);
  return inner_.query(sql, params);
}

int64_t FaultyConnection::execute(std::string_view sql) {
  maybe_fail(sql);
  return inner_.execute(sql);
}

}  // namespace retort
