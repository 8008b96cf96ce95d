#include "ops/transaction_control.hpp"

#include <vector>

#include "base/strings.hpp"
#include "sql/statements.hpp"

namespace retort {

std::optional<std::string> transaction_control_statement(std::string_view sql) {
  for (const std::vector<SqlToken>& statement : split_statements(sql)) {
    // The statement's leading words in upper case (quoted text, numbers and operators skipped).
    std::vector<std::string> w;
    for (const SqlToken& t : statement) {
      if (t.kind == SqlToken::Kind::word) w.push_back(upper(t.text));
      if (w.size() == 3) break;
    }
    if (w.empty()) continue;
    const std::string& first = w[0];
    const std::string second = w.size() > 1 ? w[1] : "";
    if (first == "BEGIN" || first == "COMMIT" || first == "END" || first == "ABORT") return first;
    if (first == "ROLLBACK") {
      // ROLLBACK TO [SAVEPOINT] x keeps the transaction; ROLLBACK [WORK|TRANSACTION] ends it.
      if (second == "TO" || (w.size() > 2 && w[2] == "TO")) continue;
      return first;
    }
    if (first == "START" && second == "TRANSACTION") return "START TRANSACTION";
    if (first == "PREPARE" && second == "TRANSACTION") return "PREPARE TRANSACTION";
  }
  return std::nullopt;
}

}  // namespace retort
