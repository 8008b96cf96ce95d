// The narrow seam between retort and a database (STYLE habit 3) is public: `Connection`, `Param`,
// `QueryResult` and `Statement` are declared in <retort/connection.hpp>. Real implementations:
// SqliteConnection (db/sqlite_connection), PgConnection (db/pg_connection). Tests wrap them in
// FaultyConnection (tests/support/faulty_connection) to make a chosen statement fail.
#pragma once

#include <retort/connection.hpp>

#include "base/dialect_name.hpp"
