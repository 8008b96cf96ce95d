// A retort project as a program that embeds the library sees it (docs/embedding.md): its
// configuration, its revision graph, and a way to connect to its database. Opened from
// `retort.toml` on disk or from migration files held in memory (a program that compiles its
// migrations in).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/config.hpp"
#include "db/connect.hpp"
#include "db/connection.hpp"
#include "graph/revision_graph.hpp"

namespace retort {

// One migration file held in memory: a name for messages (e.g. "embedded/001_init.yaml") and
// its YAML text.
struct InMemoryFile {
  std::string name;
  std::string text;
};

class Project {
 public:
  // Loads `config_path` (or, when empty, the lookup of docs/configuration.md: $RETORT_CONFIG, else
  // ./retort.toml) with the process environment's URL overrides, and every revision file of
  // its migration directories. `url` overrides the database URL when not empty.
  // Throws Error(input) for bad configuration or migration files, Error(revision) for a bad graph.
  static Project open(const std::string& config_path = "", const std::string& url = "");

  // A project whose revisions come from `files` and whose settings come from `config` (a
  // default Config if you need nothing else; set config.database_url, e.g. with
  // parse_database_url()). Throws as open().
  static Project from_files(const std::vector<InMemoryFile>& files, Config config);

  const Config& config() const { return config_; }
  const RevisionGraph& graph() const { return *graph_; }

  // A new connection to the project's database (Error(usage) when none is configured,
  // Error(connection) when unreachable). The caller owns it.
  std::unique_ptr<Connection> connect(const ConnectOptions& options = {.create = true}) const;

 private:
  Project(Config config, RevisionGraph graph);
  Config config_;
  std::shared_ptr<const RevisionGraph> graph_;
};

// Whether the environment asks a start-up migration to be skipped: $SKIP_MIGRATIONS is `1`,
// `true`, `yes` or `on`, in any case (docs/commands.md, "Environment"). `retort upgrade` honours
// it; a program that migrates on start-up calls this to behave the same.
bool skip_migrations_requested();

}  // namespace retort
