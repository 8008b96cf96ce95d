#include "fleet/targets.hpp"

#include <glob.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "base/error.hpp"
#include "base/suggest.hpp"
#include "db/connect.hpp"

namespace retort {

namespace {

namespace fs = std::filesystem;

// The part of `pattern` before its first component with a wildcard: the directory the display
// names of its files are relative to.
std::string fixed_directory(const std::string& pattern) {
  fs::path fixed;
  for (const fs::path& part : fs::path(pattern).parent_path()) {
    if (part.string().find_first_of("*?[") != std::string::npos) break;
    fixed /= part;
  }
  return fixed.string();
}

std::vector<Target> expand_glob(const TargetGroup& g) {
  std::vector<Target> out;
  glob_t found{};
  int rc = ::glob(g.sqlite_glob.c_str(), GLOB_NOSORT, nullptr, &found);
  std::vector<std::string> paths;
  if (rc == 0)
    for (size_t i = 0; i < found.gl_pathc; ++i) paths.emplace_back(found.gl_pathv[i]);
  globfree(&found);
  std::sort(paths.begin(), paths.end());
  const std::string base = fixed_directory(g.sqlite_glob);
  for (const std::string& path : paths) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) continue;
    Target t;
    t.group = g.name;
    std::string shown =
        base.empty() ? path : fs::path(path).lexically_relative(base).generic_string();
    t.name = g.name + "/" + shown;
    t.url.dialect = Dialect::sqlite;
    t.url.path = path;
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<Target> expand_schemas(const TargetGroup& g) {
  std::vector<Target> out;
  try {
    std::unique_ptr<Connection> conn = connect(*g.url, ConnectOptions{.create = false});
    QueryResult r = conn->query(g.schemas_query);
    std::set<std::string> schemas;
    for (const auto& row : r.rows)
      if (!row.empty() && row[0] && !row[0]->empty()) schemas.insert(*row[0]);
    for (const std::string& schema : schemas) {
      Target t;
      t.group = g.name;
      t.name = g.name + "/" + schema;
      t.url = *g.url;
      t.url.schema = schema;
      out.push_back(std::move(t));
    }
  } catch (const Error& e) {
    Target t;
    t.group = g.name;
    t.name = g.name;
    t.url = *g.url;
    t.expansion_error = std::string("cannot list the schemas of target '") + g.name +
                        "' (schemas_query): " + e.what();
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<Target> expand_group(const TargetGroup& g) {
  if (!g.sqlite_glob.empty()) return expand_glob(g);
  if (!g.schemas_query.empty()) return expand_schemas(g);
  Target t;
  t.group = g.name;
  t.name = g.name;
  t.url = *g.url;
  return {t};
}

}  // namespace

std::vector<Target> expand_targets(const Config& config, const TargetSelection& selection) {
  if (config.targets.empty())
    throw Error(
        ErrorKind::usage,
        std::string("no [[targets]] in ") +
            (config.file ? *config.file : std::string("the configuration (no retort.toml)")) +
            ": --all-targets and --target run on the targets it lists (docs/multi-tenant.md)");
  if (!selection.all && selection.names.empty())
    throw Error(ErrorKind::usage, "no targets selected: pass --all-targets or --target NAME");

  // Per group: everything, or the chosen members.
  std::vector<bool> whole(config.targets.size(), selection.all);
  std::vector<std::set<std::string>> members(config.targets.size());
  std::vector<std::string_view> group_names;
  for (const TargetGroup& g : config.targets) group_names.push_back(g.name);
  auto group_index = [&](std::string_view name) -> std::optional<size_t> {
    for (size_t i = 0; i < config.targets.size(); ++i)
      if (config.targets[i].name == name) return i;
    return std::nullopt;
  };
  auto unknown = [&](const std::string& name, const std::string& detail) {
    std::string hint = did_you_mean(name, group_names);
    throw Error(ErrorKind::usage, "unknown target '" + name + "'" + detail + "\n  " +
                                      (hint.empty() ? "the targets of " + *config.file +
                                                          " are: " + join_words(group_names)
                                                    : hint));
  };
  for (const std::string& name : selection.names) {
    if (auto i = group_index(name)) {
      whole[*i] = true;
      continue;
    }
    size_t slash = name.find('/');
    auto i = slash == std::string::npos ? std::nullopt : group_index(name.substr(0, slash));
    if (!i) unknown(name, "");
    members[*i].insert(name);
  }

  std::vector<Target> out;
  for (size_t i = 0; i < config.targets.size(); ++i) {
    if (!whole[i] && members[i].empty()) continue;
    std::vector<Target> expanded = expand_group(config.targets[i]);
    if (whole[i]) {
      for (Target& t : expanded) out.push_back(std::move(t));
      continue;
    }
    std::vector<std::string_view> found;
    for (const Target& t : expanded) found.push_back(t.name);
    for (const std::string& name : members[i]) {
      auto it = std::find_if(expanded.begin(), expanded.end(),
                             [&](const Target& t) { return t.name == name; });
      if (it != expanded.end()) {
        out.push_back(*it);
        continue;
      }
      if (expanded.size() == 1 && !expanded[0].expansion_error.empty()) {
        out.push_back(expanded[0]);  // reported as failed, with why
        continue;
      }
      std::string hint = did_you_mean(name, found);
      throw Error(ErrorKind::usage, "unknown target '" + name + "': group '" +
                                        config.targets[i].name + "' has " +
                                        std::to_string(expanded.size()) + " target(s)" +
                                        (hint.empty() ? "" : "\n  " + hint));
    }
  }
  return out;
}

}  // namespace retort
