#include "runner/project.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>

#include "base/strings.hpp"
#include "ops/load_revision.hpp"

namespace retort {

Project::Project(Config config, RevisionGraph graph)
    : config_(std::move(config)), graph_(std::make_shared<const RevisionGraph>(std::move(graph))) {}

Project Project::open(const std::string& config_path, const std::string& url) {
  std::optional<std::string> path;
  if (!config_path.empty()) path = config_path;
  std::optional<std::string> url_flag;
  if (!url.empty()) url_flag = url;
  Config config = load_config(path, process_environment(), url_flag);
  for (const auto& dir : config.migration_directories)
    if (!std::filesystem::is_directory(dir))
      throw Error(ErrorKind::input, "migrations directory '" + dir + "' does not exist");
  std::optional<Dialect> dialect;
  if (config.database_url) dialect = config.database_url->dialect;
  RevisionGraph graph =
      RevisionGraph::build(load_revisions(config.migration_directories, LoadDepth::full, dialect));
  return Project(std::move(config), std::move(graph));
}

Project Project::from_files(const std::vector<InMemoryFile>& files, Config config) {
  std::vector<Revision> revisions;
  revisions.reserve(files.size());
  std::optional<Dialect> dialect;
  if (config.database_url) dialect = config.database_url->dialect;
  for (const auto& f : files)
    revisions.push_back(parse_revision(f.name, f.text, LoadDepth::full, dialect));
  RevisionGraph graph = RevisionGraph::build(std::move(revisions));
  return Project(std::move(config), std::move(graph));
}

std::unique_ptr<Connection> Project::connect(const ConnectOptions& options) const {
  return retort::connect(config_.require_database_url(), options);
}

bool skip_migrations_requested() {
  const char* v = std::getenv("SKIP_MIGRATIONS");
  if (!v) return false;
  std::string s = lower(v);
  return s == "1" || s == "true" || s == "yes" || s == "on";
}

}  // namespace retort
