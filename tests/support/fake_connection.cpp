#include "support/fake_connection.hpp"

#include <cctype>

#include "base/error.hpp"

namespace retort {

namespace {

// The first word of `sql`, upper-cased.
std::string first_word(std::string_view sql) {
  std::string out;
  size_t i = 0;
  while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
  while (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])))
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i++])));
  return out;
}

}  // namespace

void FakeConnection::on(std::string needle, QueryResult result, int times) {
  rules_.push_back(Rule{std::move(needle), std::move(result), std::nullopt, times});
}

void FakeConnection::fail_on(std::string needle, std::string message, int times) {
  rules_.push_back(Rule{std::move(needle), {}, std::move(message), times});
}

QueryResult FakeConnection::rows(std::vector<std::string> columns,
                                 std::vector<std::vector<std::optional<std::string>>> values) {
  QueryResult r;
  r.columns = std::move(columns);
  r.rows = std::move(values);
  return r;
}

std::vector<std::string> FakeConnection::statements() const {
  std::vector<std::string> out;
  out.reserve(calls_.size());
  for (const auto& c : calls_) out.push_back(c.sql);
  return out;
}

QueryResult FakeConnection::answer(std::string_view sql) {
  for (Rule& rule : rules_) {
    if (rule.remaining == 0 || sql.find(rule.needle) == std::string_view::npos) continue;
    if (rule.remaining > 0) --rule.remaining;
    if (rule.failure) throw Error(ErrorKind::database, *rule.failure);
    return rule.result;
  }
  return {};
}

QueryResult FakeConnection::query(std::string_view sql, const std::vector<Param>& params) {
  calls_.push_back(Call{std::string(sql), params, true});
  return answer(sql);
}

int64_t FakeConnection::execute(std::string_view sql) {
  calls_.push_back(Call{std::string(sql), {}, false});
  QueryResult r = answer(sql);
  std::string word = first_word(sql);
  if (word == "BEGIN") in_transaction_ = true;
  bool to_savepoint = word == "ROLLBACK" && sql.find(" TO ") != std::string_view::npos;
  if ((word == "COMMIT" || word == "END" || word == "ROLLBACK") && !to_savepoint)
    in_transaction_ = false;
  return r.affected;
}

}  // namespace retort
