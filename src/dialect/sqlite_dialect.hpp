// SQLite rendering of ops (see dialect/dialect.hpp for the contract).
//
// Table rebuilds. SQLite cannot alter a column's type, nullability or default, nor add or drop
// constraints; for those ops (and for add_column / drop_column when ALTER TABLE cannot do them)
// the renderer emits SQLite's documented rebuild: create "_retort_new_<t>", copy the rows, drop
// <t>, rename, recreate indexes and triggers, then `PRAGMA foreign_key_check("<t>")` (which
// SqliteConnection::execute turns into an Error(database) when it finds violations). Such ops
// are exactly those for which needs_table_state() is true; they read the table through
// RenderContext::lookup_table (reflect_sqlite_table in schema/sqlite_reflect.hpp).
//
// What the runner must do around a revision that contains such an op (SQLite's steps 1 and 12,
// which a renderer cannot do because they are only possible outside a transaction):
//     PRAGMA foreign_keys=OFF      -- before BEGIN (a no-op inside a transaction)
//     BEGIN IMMEDIATE; …render and run each op…; COMMIT (or ROLLBACK)
//     PRAGMA foreign_keys=ON       -- after COMMIT/ROLLBACK, also on failure
// With enforcement on, `DROP TABLE <t>` first deletes <t>'s rows, firing ON DELETE CASCADE /
// SET NULL in every table that references <t>: child rows are silently lost.
// `PRAGMA defer_foreign_keys=ON`, which the rebuild also emits, does not prevent that (it only
// defers the checks). Offline (--sql) scripts need the same two lines around BEGIN/COMMIT.
#pragma once

#include "dialect/dialect.hpp"

namespace retort {

// The SQLite renderer; stateless, lives for the whole program.
const SqlDialect& sqlite_dialect();

}  // namespace retort
