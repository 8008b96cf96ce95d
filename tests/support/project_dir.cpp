#include "support/project_dir.hpp"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "ops/load_revision.hpp"

namespace retort::testing {

ProjectDir::ProjectDir() : ProjectDir(std::filesystem::temp_directory_path()) {}

ProjectDir::ProjectDir(const std::filesystem::path& parent) {
  std::string pattern = (parent / "retort-project-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
  std::filesystem::create_directories(path_ / "migrations" / "versions");
}

ProjectDir::~ProjectDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string ProjectDir::file(const std::string& relative) const {
  return (path_ / relative).string();
}

std::string ProjectDir::write(const std::string& relative, const std::string& content) const {
  std::filesystem::path p = path_ / relative;
  std::filesystem::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  if (!out) throw std::runtime_error("cannot write " + p.string());
  return p.string();
}

std::string ProjectDir::write_revision(const std::string& file_name,
                                       const std::string& yaml) const {
  return write("migrations/versions/" + file_name, yaml);
}

void ProjectDir::remove_revision(const std::string& file_name) const {
  std::filesystem::remove(path_ / "migrations" / "versions" / file_name);
}

void ProjectDir::write_config(const std::string& url, const std::string& extra) const {
  std::string text;
  if (!url.empty()) text += "[database]\nurl = \"" + url + "\"\n\n";
  text += "[migrations]\ndirectory = \"migrations/versions\"\n";
  if (!extra.empty()) text += "\n" + extra + "\n";
  write("retort.toml", text);
}

std::string ProjectDir::sqlite_url(const std::string& name) const {
  return "sqlite:///" + file(name);
}

RevisionGraph ProjectDir::graph() const {
  return RevisionGraph::build(load_revisions({file("migrations/versions")}));
}

ProcessResult ProjectDir::retort(const std::vector<std::string>& args) const {
  return start_retort(args).wait();
}

ChildProcess ProjectDir::start_retort(const std::vector<std::string>& args,
                                      ProcessOptions options) const {
  std::vector<std::string> full{"-c", config_path()};
  full.insert(full.end(), args.begin(), args.end());
  options.cwd = str();
  return testing::start_retort(full, options);
}

std::string table_revision_yaml(const std::string& id, const std::vector<std::string>& parents,
                                const std::string& log_table) {
  std::string down;
  if (parents.empty()) {
    down = "null";
  } else if (parents.size() == 1) {
    down = "\"" + parents[0] + "\"";
  } else {
    down = "[";
    for (size_t i = 0; i < parents.size(); ++i) down += (i ? ", \"" : "\"") + parents[i] + "\"";
    down += "]";
  }
  std::string yaml = "revision: \"" + id + "\"\ndown_revision: " + down + "\nmessage: create t_" +
                     id +
                     "\nupgrade:\n"
                     "  - create_table:\n"
                     "      table: t_" +
                     id +
                     "\n"
                     "      columns:\n"
                     "        - {name: id, type: integer, primary_key: true}\n"
                     "        - {name: note, type: text}\n";
  if (!log_table.empty())
    yaml += "  - bulk_insert: {table: " + log_table + ", rows: [{rev: \"" + id + "\"}]}\n";
  yaml += "downgrade:\n";
  if (!log_table.empty())
    yaml += "  - execute: \"DELETE FROM " + log_table + " WHERE rev = '" + id + "'\"\n";
  yaml += "  - drop_table: {table: t_" + id + "}\n";
  return yaml;
}

std::string sha256sum_of(const std::string& path) {
  ProcessResult r = run_process({"sha256sum", "--", path});
  if (r.exit_code != 0) throw std::runtime_error("sha256sum failed: " + r.describe());
  return r.out.substr(0, r.out.find(' '));
}

}  // namespace retort::testing
