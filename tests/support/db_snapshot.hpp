// Whole-database snapshots as text, for tests that prove a failed or refused migration changed
// nothing: compare the snapshot taken before with the one taken after.
#pragma once

#include <set>
#include <string>

#include "db/connection.hpp"

namespace retort::testing {

// A `sqlite3 .dump`-style text of the main schema: every sqlite_master entry (type, name,
// tbl_name and its SQL, ordered by type and name; sqlite_* internals left out except the
// contents of sqlite_sequence), then every table's rows in rowid order as
// `INSERT INTO "t" VALUES(quote(c1),…);` — byte-exact values, types included (quote() tells 1
// from '1' and shows blobs as X'..'). Tables named in `exclude` (and their indexes, triggers and
// sqlite_sequence rows) are left out. Throws Error(database) when a query fails.
std::string sqlite_dump(Connection& conn, const std::set<std::string>& exclude = {});

// The schema only: sqlite_master rows (type|name|tbl_name|sql) ordered by type and name, and
// `PRAGMA table_xinfo` of every table (cid|name|type|notnull|dflt_value|pk|hidden). Tables in
// `exclude` are left out.
std::string sqlite_catalog(Connection& conn, const std::set<std::string>& exclude = {});

// The same idea for a PostgreSQL schema: every relation (table, index, sequence, view) with its
// kind, every column of every table (name, type, nullability, default), every constraint
// (pg_get_constraintdef), every index (pg_get_indexdef), every type the schema owns (enums with
// their labels), and every table's rows as text in sorted order. Relations named in `exclude`
// (and the sequences and indexes that belong to them) are left out.
std::string pg_snapshot(Connection& conn, const std::set<std::string>& exclude = {},
                        const std::string& schema = "public");

}  // namespace retort::testing
