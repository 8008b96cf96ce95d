// Opening a connection from a database URL: SQLite or PostgreSQL, per the URL's scheme, with the
// public ConnectOptions (<retort/connection.hpp>).
#pragma once

#include <memory>

#include "base/error.hpp"
#include "db/connection.hpp"
#include "db/database_url.hpp"

namespace retort {

// Throws Error(connection) when the database cannot be reached (the message shows the URL
// redacted), Error(input) for a URL libpq rejects.
std::unique_ptr<Connection> connect(const DatabaseUrl& url, const ConnectOptions& options = {});

// Makes url.schema (PostgreSQL, not empty) the session's search_path, as connect() does for a
// URL with a schema; for a connection opened to the same database without one, or reused.
// Throws Error(connection) when the schema does not exist.
void enter_schema(Connection& conn, const DatabaseUrl& url);

}  // namespace retort
