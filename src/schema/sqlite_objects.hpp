// SQLite reflection of views and triggers (docs/autogenerate.md, "Views, functions, triggers,
// sequences, extensions"), read from the CREATE statements sqlite_schema keeps as written. SQLite
// has no functions, sequences or extensions.
//
// The reflected form:
// - Views: the definition is the text after `AS` (a column list before it is not read), trimmed,
//   without a final `;`. In creation order (sqlite_schema's rowid).
// - Triggers: timing ("before" when not written, as SQLite takes it), the one event, UPDATE OF
//   columns, for_each_row true, WHEN as written, the body as written between BEGIN and the last
//   END (trimmed), the table as written. In creation order. Triggers on tables left out by
//   `exclude_tables` are left out too.
#pragma once

#include <string>
#include <vector>

#include "db/connection.hpp"
#include "ops/spec.hpp"

namespace retort {

// Fills out.views and out.triggers (one query). `exclude_tables` as SqliteReflectOptions (compared
// ignoring case). Throws Error(database) when the query fails.
void reflect_sqlite_objects(Connection& conn, const std::vector<std::string>& exclude_tables,
                            Schema& out);

// A CREATE TRIGGER statement (SQLite's syntax) as a TriggerSpec; nullopt when it cannot be read.
std::optional<TriggerSpec> parse_sqlite_trigger(std::string_view sql);

// The query of a CREATE VIEW statement: the text after its AS; nullopt when there is none.
std::optional<std::string> parse_sqlite_view(std::string_view sql);

}  // namespace retort
