// A retort project in a fresh temporary directory, for tests that run migrations through the
// library and through the built binary: retort.toml, migrations/versions/*.yaml, and the
// database file when the test uses SQLite.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "graph/revision_graph.hpp"
#include "support/process.hpp"

namespace retort::testing {

class ProjectDir {
 public:
  // Creates /tmp/retort-project-XXXXXX with an empty migrations/versions. Throws
  // std::runtime_error when it cannot.
  ProjectDir();
  // The same, inside `parent` (e.g. /dev/shm for tests that commit thousands of times and do not
  // test durability).
  explicit ProjectDir(const std::filesystem::path& parent);
  // Removes the directory and everything in it.
  ~ProjectDir();
  ProjectDir(const ProjectDir&) = delete;
  ProjectDir& operator=(const ProjectDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }
  // The full path of `relative` inside the project (nothing is created).
  std::string file(const std::string& relative) const;

  // Writes `content` to `relative` (parent directories created); returns the full path.
  std::string write(const std::string& relative, const std::string& content) const;
  // Writes migrations/versions/<file_name>; returns the full path.
  std::string write_revision(const std::string& file_name, const std::string& yaml) const;
  // Removes migrations/versions/<file_name>.
  void remove_revision(const std::string& file_name) const;

  // Writes retort.toml: [database] url = `url` (omitted when empty), the default migrations
  // directory, and `extra` appended as is (more TOML).
  void write_config(const std::string& url, const std::string& extra = "") const;
  std::string config_path() const { return file("retort.toml"); }
  // "sqlite:///<project>/<name>" and the file path it names.
  std::string sqlite_url(const std::string& name = "app.db") const;

  // The revisions in migrations/versions (loaded as the CLI loads them) as a graph. Throws
  // Error(input) for bad files.
  RevisionGraph graph() const;

  // Runs the built retort with `-c retort.toml` prepended, in the project directory, with the
  // environment of retort_options().
  ProcessResult retort(const std::vector<std::string>& args) const;
  // The same, started in the background (with `options`' environment and timeout; the working
  // directory is the project).
  ChildProcess start_retort(const std::vector<std::string>& args,
                            ProcessOptions options = retort_options()) const;

 private:
  std::filesystem::path path_;
};

// A revision file that creates table `t_<id>` (id integer primary key, note text) and, when
// `log_table` is not empty, appends one row (`rev` = id) to it with bulk_insert, so a test can
// count how often the revision's upgrade really ran. `parents` empty = a root. The downgrade
// drops the table and deletes the log row.
std::string table_revision_yaml(const std::string& id, const std::vector<std::string>& parents,
                                const std::string& log_table = "");

// The SHA-256 of a file as hex, computed by the system's `sha256sum` (an oracle independent of
// retort's own hashing). Throws std::runtime_error when the command fails.
std::string sha256sum_of(const std::string& path);

}  // namespace retort::testing
