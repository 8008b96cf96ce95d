// The project configuration, `retort.toml` (docs/configuration.md), with the environment and
// command-line overrides applied. No global state: the environment comes in as a lookup function,
// so tests and embedding programs decide what it holds.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "db/database_url.hpp"

namespace retort {

// Reads one environment variable; nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

// The real process environment (getenv). For the CLI; tests pass their own lookup.
EnvLookup process_environment();

enum class RevisionIdStyle { sequential, hex };

// Where the database URL came from (precedence: flag > RETORT_DATABASE_URL > DATABASE_URL >
// the config file).
enum class UrlSource { none, flag, env_retort, env_database_url, config_file };

// "--url", "RETORT_DATABASE_URL", "DATABASE_URL", "the config file" or "nowhere".
std::string_view url_source_name(UrlSource source);

// One `[[targets]]` entry (docs/configuration.md, "Targets"): a named group of databases that
// the fleet commands (`--all-targets`, `--target NAME`) run on. Either `url` (one database; with
// `schema`, one schema of it; with `schemas_query`, one target per schema the query returns) or
// `sqlite_glob` (one target per matching SQLite file).
struct TargetGroup {
  std::string name;                // letters, digits, '_', '-', '.'; unique
  std::optional<DatabaseUrl> url;  // ${VAR}s expanded; a relative SQLite file resolved; its
                                   // `schema` is the entry's `schema` key
  std::string schemas_query;       // PostgreSQL: each row's first column names a schema
  std::string sqlite_glob;         // resolved against the config file's directory
  SourceLocation where;            // the entry's `name` in the file, for messages
};

struct Config {
  // The configuration file read, as found (`-c` path, $RETORT_CONFIG, or "retort.toml" in the
  // working directory); nullopt when none was found and the defaults apply.
  std::optional<std::string> file;
  // The directory relative paths were resolved against: the config file's directory ("" when it
  // is the working directory, or no file was found).
  std::string base_dir;

  std::optional<DatabaseUrl> database_url;  // nullopt: no URL anywhere
  UrlSource url_source = UrlSource::none;
  // [database] schema: the PostgreSQL schema the database URL works in (DatabaseUrl::schema;
  // load_config() copies it there, whatever the URL's source). "" = the server's search_path.
  std::string schema;

  // [[targets]], in the file's order.
  std::vector<TargetGroup> targets;

  // [migrations]; directories resolved against base_dir.
  std::vector<std::string> migration_directories = {"migrations/versions"};
  std::string version_table = "alembic_version";
  std::string history_table = "retort_history";  // "" = no history table
  RevisionIdStyle revision_ids = RevisionIdStyle::sequential;
  std::string file_template = "{rev}_{slug}";
  // [migrations] transaction: "per-revision" (each revision in its own transaction) or "all"
  // (every revision of an upgrade/downgrade in one); `--transaction` overrides it.
  std::string transaction = "per-revision";

  // [migrations] header_cache (docs/configuration.md, "The header cache"): the cache file of
  // the revision files' headers, resolved; "" = no cache. load_config() always sets it: by
  // default `.retort-cache/headers` in the first migrations directory.
  std::optional<std::string> header_cache;

  // [models]; resolved against base_dir.
  std::string models_path = "models";

  // [autogenerate] exclude: globs of tables (and schemas, `schema.*`) that autogenerate, check and
  // sql-schema leave out on both sides (base/name_glob.hpp; Alembic's include_object).
  std::vector<std::string> autogenerate_exclude;

  // [postgresql]: `SET lock_timeout` / `statement_timeout` values; "" = the server's default.
  // Validated as a number with an optional unit (ms, s, min, h, d).
  std::string lock_timeout = "10s";
  std::string statement_timeout;
  // [postgresql] migration_lock: "transaction" (pg_advisory_xact_lock in each revision's
  // transaction; works through transaction-mode poolers) or "session" (one session advisory lock
  // for the whole run). See docs/configuration.md "Connection poolers".
  std::string migration_lock = "transaction";

  // The database URL, or Error(usage) "no database URL: …" naming the ways to give one.
  const DatabaseUrl& require_database_url() const;
};

// Loads the configuration. The file is `explicit_path` (`-c FILE`) if given, else
// $RETORT_CONFIG if set, else `retort.toml` in `cwd` (the working directory when ""). A
// missing explicitly named file (flag or environment) is an error; a missing ./retort.toml
// means defaults (Config::file is nullopt; commands that need the migrations then fail on the
// missing directory). The database URL is `url_flag` (--url), else $RETORT_DATABASE_URL,
// else $DATABASE_URL, else [database] url; empty environment values count as unset, an empty
// or blank `url_flag` is Error(usage) (`--url "$UNSET"` must not fall back to another database).
//
// Relative paths in the file — migration directories, the models path, and a relative SQLite
// file in [database] url — resolve against the file's directory. URLs from --url or the
// environment are taken as given (relative to the working directory).
//
// Throws Error(input) for: an unreadable or missing named file, invalid TOML, unknown sections
// or keys (with a did-you-mean), values of the wrong type, `directory` together with
// `directories`, an invalid URL (in the file: with its place; from flag or environment: naming
// the source), an unknown `revision_ids`, a `file_template` placeholder other than {rev} and
// {slug}, a bad table name or timeout, a bad [[targets]] entry (an unknown key, no or a
// duplicate name, both or neither of url and sqlite_glob, schema or schemas_query on SQLite, an
// unset ${VAR} in a url), a schema on an SQLite database URL. Messages for the file are
// `path:line:col: …` with the line and a caret. No message contains a password.
Config load_config(const std::optional<std::string>& explicit_path, const EnvLookup& env,
                   const std::optional<std::string>& url_flag = std::nullopt,
                   const std::string& cwd = "");

}  // namespace retort
