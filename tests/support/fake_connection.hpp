// FakeConnection: a Connection for unit tests that records every statement and answers from a
// script of canned results (STYLE habit 3). No database is involved.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/connection.hpp"

namespace retort {

class FakeConnection final : public Connection {
 public:
  // One recorded call.
  struct Call {
    std::string sql;
    std::vector<Param> params;
    bool is_query = false;  // query() rather than execute()
  };

  explicit FakeConnection(Dialect dialect = Dialect::sqlite) : dialect_(dialect) {}

  // Answers statements whose SQL contains `needle` with `result` (execute() returns
  // result.affected). `times` limits how often the rule answers (-1 = always). Rules are tried
  // in the order they were added; the first one that matches and is not used up answers.
  // Unmatched statements get an empty result.
  void on(std::string needle, QueryResult result, int times = -1);
  // Makes statements containing `needle` throw Error(database, message) (`times` as for on()).
  void fail_on(std::string needle, std::string message, int times = -1);

  // A QueryResult with these columns and rows, for on().
  static QueryResult rows(std::vector<std::string> columns,
                          std::vector<std::vector<std::optional<std::string>>> values);

  // Every call so far, in order.
  const std::vector<Call>& calls() const { return calls_; }
  // The SQL of every call so far, in order.
  std::vector<std::string> statements() const;
  // Forgets recorded calls (rules stay).
  void clear_calls() { calls_.clear(); }

  void set_server_version(std::string version) { version_ = std::move(version); }

  Dialect dialect() const override { return dialect_; }
  QueryResult query(std::string_view sql, const std::vector<Param>& params = {}) override;
  int64_t execute(std::string_view sql) override;
  std::string server_version() override { return version_; }
  std::string describe() const override { return "fake"; }
  // Tracks BEGIN / COMMIT / ROLLBACK / END seen in the recorded statements.
  bool in_transaction() override { return in_transaction_; }

 private:
  struct Rule {
    std::string needle;
    QueryResult result;
    std::optional<std::string> failure;
    int remaining = -1;
  };

  QueryResult answer(std::string_view sql);

  Dialect dialect_;
  std::string version_ = "3.40.1";
  std::vector<Rule> rules_;
  std::vector<Call> calls_;
  bool in_transaction_ = false;
};

}  // namespace retort
