// Finding statements that end or start a transaction in the SQL of an `execute` op, for the
// loader's rule that a transactional revision must leave its transaction alone
// (docs/migration-files.md "Transactions").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace retort {

// The first top-level statement of `sql` that begins, ends or replaces a transaction — BEGIN,
// START TRANSACTION, COMMIT, END, ROLLBACK (not ROLLBACK TO a savepoint), ABORT, PREPARE
// TRANSACTION — as its leading words in upper case ("COMMIT", "START TRANSACTION"), or nullopt.
// Statements are split by split_statements (sql/statements): at `;` outside quotes ('…', "…",
// $tag$…$tag$), comments (--, /* */) and compound bodies (CREATE TRIGGER … BEGIN … END,
// CREATE FUNCTION … BEGIN ATOMIC … END, CASE … END), so `DO $$ BEGIN … END $$` and SQLite
// triggers are not mistaken for one.
std::optional<std::string> transaction_control_statement(std::string_view sql);

}  // namespace retort
