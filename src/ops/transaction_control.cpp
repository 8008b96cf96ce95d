#include "ops/transaction_control.hpp"

#include <cctype>
#include <vector>

#include "base/strings.hpp"

namespace retort {

namespace {

bool word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}

// Splits `sql` into statements, each as its top-level words in upper case (quoted text and
// comments dropped).
std::vector<std::vector<std::string>> statements_words(std::string_view sql) {
  std::vector<std::vector<std::string>> out(1);
  int depth = 0;  // open BEGIN/CASE bodies inside the statement
  size_t i = 0;
  const size_t n = sql.size();
  while (i < n) {
    char c = sql[i];
    if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
      while (i < n && sql[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      int nest = 1;  // PostgreSQL nests block comments
      i += 2;
      while (i < n && nest > 0) {
        if (sql[i] == '/' && i + 1 < n && sql[i + 1] == '*') {
          ++nest;
          i += 2;
        } else if (sql[i] == '*' && i + 1 < n && sql[i + 1] == '/') {
          --nest;
          i += 2;
        } else {
          ++i;
        }
      }
    } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
      const char close = c == '[' ? ']' : c;
      // E'…' strings take backslash escapes.
      const bool backslash = c == '\'' && i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
                             (i < 2 || !word_char(sql[i - 2]));
      ++i;
      while (i < n) {
        if (backslash && sql[i] == '\\') {
          i += 2;
          continue;
        }
        if (sql[i] == close) {
          if (close != ']' && i + 1 < n && sql[i + 1] == close) {  // '' or "" inside
            i += 2;
            continue;
          }
          break;
        }
        ++i;
      }
      ++i;
    } else if (c == '$' && (i == 0 || !word_char(sql[i - 1]))) {
      // $tag$ … $tag$ (PostgreSQL dollar quoting); a lone $1 parameter is not one.
      size_t j = i + 1;
      while (j < n && (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_')) ++j;
      if (j < n && sql[j] == '$' &&
          !(j > i + 1 && std::isdigit(static_cast<unsigned char>(sql[i + 1])))) {
        std::string_view tag = sql.substr(i, j - i + 1);
        size_t end = sql.find(tag, j + 1);
        i = end == std::string_view::npos ? n : end + tag.size();
      } else {
        i = j;
      }
    } else if (c == ';' && depth == 0) {
      out.emplace_back();
      ++i;
    } else if (word_char(c)) {
      size_t j = i;
      while (j < n && word_char(sql[j])) ++j;
      std::string word = upper(sql.substr(i, j - i));
      std::vector<std::string>& words = out.back();
      if (!words.empty() && (word == "BEGIN" || word == "CASE"))
        ++depth;
      else if (word == "END" && depth > 0)
        --depth;
      words.push_back(std::move(word));
      i = j;
    } else {
      ++i;
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> transaction_control_statement(std::string_view sql) {
  for (const std::vector<std::string>& w : statements_words(sql)) {
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
