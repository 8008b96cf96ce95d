// Database URLs (docs/configuration.md, "Database URLs"): `sqlite:///relative.db`,
// `sqlite:////absolute/path.db`, `sqlite:///:memory:`, `postgresql://user:pass@host:port/db?params`
// (and `postgres://`). A password is never printed: use redacted() in every message.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "base/dialect_name.hpp"

namespace retort {

struct DatabaseUrl {
  Dialect dialect = Dialect::sqlite;

  // SQLite: the database file as written (relative paths are relative to the current directory
  // unless Config resolved them against the config file's directory), or ":memory:".
  std::string path;
  bool memory = false;

  // PostgreSQL: the URL's parts, percent-decoded. Empty = not given (libpq's defaults apply).
  // Several hosts (`h1:5432,h2:5433`) are kept comma-separated, as libpq takes them.
  std::string user;
  std::string password;
  std::string host;
  std::string port;
  std::string database;

  // Query parameters in order (`sslmode=require`), percent-decoded. For PostgreSQL they go to
  // libpq as connection keywords; for SQLite they are SQLite's URI parameters `mode` (ro, rw,
  // rwc), `cache` (shared, private), `immutable` (0, 1), `nolock` (0, 1) and `vfs`, each at most
  // once (checked when parsed), which connect() hands to SQLite.
  std::vector<std::pair<std::string, std::string>> params;

  // PostgreSQL: the schema the connection works in (`[database] schema`, a schema target of
  // `[[targets]]`; docs/configuration.md, "The schema"): connect() sets the session's
  // search_path to it alone, so the version and history tables, the migration lock and
  // reflection all use it. Empty = the server's search_path. Not part of the URL's text.
  std::string schema;

  // The URL for messages, without the password: `postgresql://user:***@host:5432/db?sslmode=…`
  // (a `password` query parameter is masked too), `sqlite:///path`, `sqlite:///:memory:`.
  std::string redacted() const;

  // PostgreSQL: a libpq keyword/value connection string (`host='h' port='5432' dbname='d' …`),
  // values quoted and escaped. Contains the password: never print it.
  std::string libpq_conninfo() const;
};

// Parses a database URL. A `+driver` suffix on the scheme (`postgresql+psycopg2://`, as
// SQLAlchemy writes it) is accepted and ignored. Throws Error(input) — whose message never
// contains the password — for a missing `scheme://`, an unknown scheme (with a did-you-mean),
// an SQLite URL with a host or without a path, an SQLite parameter other than those above (naming
// them) or with a bad value, a bad port or a bad percent escape.
DatabaseUrl parse_database_url(const std::string& url);

}  // namespace retort
