// Splitting a script of SQL statements (an `execute` op's text) into its top-level statements,
// for the loader's rule that a transactional revision must leave its transaction alone
// (ops/transaction_control, docs/migration-files.md "Transactions").
#pragma once

#include <string_view>
#include <vector>

#include "sql/lexer.hpp"

namespace retort {

// The statements of `sql`, each as its tokens (views into `sql`, which must outlive them), in
// order, without their `;`; a statement with no tokens (";;", a trailing ";") is left out. The
// text is read with both dialects' lexical rules at once (SqlLexRules{true, true}: "[name]",
// $tag$…$tag$, E'…', nested comments), so that no `;` inside quotes or comments splits. A `;`
// inside a compound body does not split either: after a statement's first word, BEGIN and CASE
// open a body that END closes (CREATE TRIGGER … BEGIN … END, BEGIN ATOMIC … END, CASE … END).
std::vector<std::vector<SqlToken>> split_statements(std::string_view sql);

}  // namespace retort
