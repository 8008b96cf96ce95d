// <retort/project.hpp> — a retort project as a program that embeds the library sees it
// (docs/embedding.md): its configuration, its revisions, and a way to connect to its database.
// Opened from `retort.toml` on disk or from migration files held in memory (a program that
// compiles its migrations in).
#pragma once

#include <memory>
#include <retort/checks.hpp>
#include <retort/connection.hpp>
#include <retort/migrator.hpp>
#include <string>
#include <vector>

namespace retort {

struct Config;        // the library's parsed retort.toml (Project::config())
class RevisionGraph;  // the library's revision graph (Project::graph())

// One migration file held in memory: a name for messages (e.g. "embedded/001_init.yaml") and
// its YAML text.
struct InMemoryFile {
  std::string name;
  std::string text;
};

// A loaded, validated project. Immutable; copies are cheap and share the same revisions.
// Thread-safe to share; each connection it opens belongs to its caller.
class Project {
 public:
  // Loads `config_path` (or, when empty, the lookup of docs/configuration.md: $RETORT_CONFIG, else
  // ./retort.toml) with the process environment's URL overrides, and every revision file of
  // its migration directories. `url` overrides the database URL when not empty.
  // Throws Error(input) for bad configuration or migration files (naming the file and place),
  // Error(revision) for a bad graph.
  static Project open(const std::string& config_path = "", const std::string& url = "");

  // A project whose revisions come from `files` and whose database is `database_url` (the forms
  // of docs/configuration.md, e.g. "sqlite:///app.db"; "" = none, connect() then throws), with
  // the default settings otherwise (alembic_version, retort_history). Throws as open(), and
  // Error(input) for a bad URL.
  static Project from_files(const std::vector<InMemoryFile>& files,
                            const std::string& database_url);
  // The same with the settings of a parsed configuration (the library's own tools and tests).
  static Project from_files(const std::vector<InMemoryFile>& files, Config config);
  // A project of an already loaded configuration and revision graph (the library's own tools).
  Project(Config config, RevisionGraph graph);

  // The ids of the head revisions (no revision names them as down_revision), in load order.
  std::vector<std::string> heads() const;

  // The Migrator options the project's configuration gives (tables, PostgreSQL timeouts and
  // migration lock, `[migrations] transaction`).
  MigratorOptions migrator_options() const;

  // A new connection to the project's database (Error(usage) when none is configured,
  // Error(connection) when unreachable). The caller owns it.
  std::unique_ptr<Connection> connect(const ConnectOptions& options = {.create = true}) const;

  // What the checking commands compute (docs/embedding.md, "Checking a database"), on a
  // connection the caller opened (read-only use: nothing is created or changed).
  //
  // Where the database stands: its version rows, the ghosts among them (with the explanation
  // `retort current` prints), the applied revisions the files know, and whether it is at every
  // head. Throws Error(database) when the version table cannot be read.
  DatabaseStatus status(Connection& conn) const;
  // `retort verify`: each applied revision's recorded checksum against its file today.
  VerifyReport verify(Connection& conn) const;
  // `retort revision --autogenerate`: the ops (as YAML lists of ops) that turn the database into
  // the project's model ([models] path), without writing a file. Throws Error(input) for a
  // missing or bad model, and for an empty model against a database with tables unless
  // `allow_empty_model`; Error(revision) when the database holds ghosts; Error(failure) "Target
  // database is not up to date" unless it is at every head (docs/autogenerate.md).
  AutogenerateResult autogenerate(Connection& conn, bool allow_empty_model = false) const;
  // `retort test`: every revision upgraded, downgraded and upgraded again on a scratch database
  // (in-memory SQLite, or a temporary database on the project's PostgreSQL server, dropped
  // afterwards), the schemas compared. `observer` (may be null) hears each result. Throws Error
  // when an upgrade fails or the server is lost; a revision that does not round-trip is a result,
  // not an exception.
  RoundTripReport test_round_trips(const RoundTripOptions& options = {},
                                   RoundTripObserver* observer = nullptr) const;

  // The library's own view of the configuration and the revision graph: complete types only
  // with the library's internal headers (retort's CLI and tests use them).
  const Config& config() const;
  const RevisionGraph& graph() const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

// Whether the environment asks a start-up migration to be skipped: $SKIP_MIGRATIONS is `1`,
// `true`, `yes` or `on`, in any case (docs/commands.md, "Environment"). `retort upgrade` honours
// it; a program that migrates on start-up calls this to behave the same.
bool skip_migrations_requested();

}  // namespace retort
