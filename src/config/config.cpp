#include "config/config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "base/error.hpp"
#include "base/name_glob.hpp"
#include "base/read_file.hpp"
#include "base/redact.hpp"
#include "base/suggest.hpp"

namespace retort {

namespace fs = std::filesystem;

EnvLookup process_environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* v = std::getenv(std::string(name).c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

std::string_view url_source_name(UrlSource source) {
  switch (source) {
    case UrlSource::flag:
      return "--url";
    case UrlSource::env_retort:
      return "RETORT_DATABASE_URL";
    case UrlSource::env_database_url:
      return "DATABASE_URL";
    case UrlSource::config_file:
      return "the config file";
    case UrlSource::none:
      break;
  }
  return "nowhere";
}

const DatabaseUrl& Config::require_database_url() const {
  if (!database_url)
    throw Error(ErrorKind::usage,
                "no database URL: pass --url, set RETORT_DATABASE_URL or DATABASE_URL, or set "
                "[database] url in retort.toml");
  return *database_url;
}

namespace {

struct Section {
  std::string_view name;
  std::vector<std::string_view> keys;
};

const std::vector<Section>& sections() {
  static const std::vector<Section> kSections = {
      {"database", {"url", "schema"}},
      {"migrations",
       {"directory", "directories", "version_table", "history_table", "revision_ids",
        "file_template", "transaction", "header_cache"}},
      {"models", {"path"}},
      {"autogenerate", {"exclude"}},
      {"postgresql", {"lock_timeout", "statement_timeout", "migration_lock"}},
  };
  return kSections;
}

// The keys of one [[targets]] entry.
const std::vector<std::string_view>& target_keys() {
  static const std::vector<std::string_view> kKeys = {"name", "url", "schema", "schemas_query",
                                                      "sqlite_glob"};
  return kKeys;
}

std::string joined(const std::string& base, const std::string& p) {
  if (base.empty() || fs::path(p).is_absolute()) return p;
  return (fs::path(base) / p).lexically_normal().string();
}

std::string toml_kind(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "a boolean";
    default:
      return "a date or time";
  }
}

// Reads and checks the values of one retort.toml.
class FileReader {
 public:
  FileReader(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)) {}

  // Throws the located error. The quoted source line, the message and the hint go through
  // redact_passwords(): the line may be `url = "postgresql://u:PASSWORD@…"`, and no error shows
  // a password. The caret moves left by what the mask saved.
  [[noreturn]] void fail(const toml::source_region& at, const std::string& message,
                         const std::string& hint = "") const {
    SourceLocation where{path_, static_cast<int>(at.begin.line), static_cast<int>(at.begin.column)};
    std::string line = line_text(where.line);
    std::string masked = redact_passwords(line);
    SourceLocation caret = where;
    if (masked != line) {
      // Text after the last change keeps its offset from the line's end.
      size_t same_tail = 0;
      while (same_tail < masked.size() && same_tail < line.size() &&
             masked[masked.size() - 1 - same_tail] == line[line.size() - 1 - same_tail])
        ++same_tail;
      size_t col = static_cast<size_t>(std::max(where.column, 1)) - 1;
      if (col >= line.size() - same_tail)
        caret.column = static_cast<int>(col - (line.size() - masked.size())) + 1;
      else if (col >= masked.size() - same_tail)
        caret.column = static_cast<int>(masked.size() - same_tail) + 1;
    }
    // input_error() prints the caret's column in the place; keep the file's own column there.
    std::string text = std::string(static_cast<size_t>(std::max(where.line - 1, 0)), '\n') + masked;
    Error shown = input_error(caret, text, redact_passwords(message), redact_passwords(hint));
    std::string body = shown.what();
    body.erase(0, caret.str().size() + 2);
    throw Error(ErrorKind::input, where, body);
  }

  // The text of 1-based line `n` of the file, without its line break.
  std::string line_text(int n) const {
    size_t start = 0;
    for (int i = 1; i < n && start != std::string::npos; ++i) {
      start = text_.find('\n', start);
      if (start != std::string::npos) ++start;
    }
    if (start == std::string::npos || start > text_.size()) return "";
    size_t end = text_.find('\n', start);
    return text_.substr(start, end == std::string::npos ? std::string::npos : end - start);
  }

  toml::table parse() const {
    try {
      return toml::parse(text_, path_);
    } catch (const toml::parse_error& e) {
      fail(e.source(), "invalid TOML: " + std::string(e.description()));
    }
  }

  // Rejects unknown sections and keys, with the nearest valid word.
  void check_keys(const toml::table& root) const {
    std::vector<std::string_view> names;
    for (const Section& s : sections()) names.push_back(s.name);
    names.push_back("targets");
    for (const auto& [key, node] : root) {
      if (key.str() == "targets") {
        check_target_keys(node);
        continue;
      }
      const Section* section = nullptr;
      for (const Section& s : sections())
        if (s.name == key.str()) section = &s;
      if (section == nullptr) {
        std::string hint = did_you_mean(key.str(), names);
        fail(key.source(), "unknown section '" + std::string(key.str()) + "'",
             hint.empty() ? "expected one of: " + join_words(names) : hint);
      }
      const toml::table* table = node.as_table();
      if (table == nullptr)
        fail(node.source(),
             "expected a table [" + std::string(key.str()) + "], found " + toml_kind(node));
      for (const auto& [k, v] : *table) {
        if (std::find(section->keys.begin(), section->keys.end(), k.str()) != section->keys.end())
          continue;
        std::string hint = did_you_mean(k.str(), section->keys);
        fail(k.source(),
             "unknown key '" + std::string(k.str()) + "' in [" + std::string(section->name) + "]",
             hint.empty() ? "expected one of: " + join_words(section->keys) : hint);
      }
    }
  }

  // [[targets]]: an array of tables, each with known keys only.
  void check_target_keys(const toml::node& node) const {
    const toml::array* list = node.as_array();
    if (list == nullptr || !list->is_array_of_tables())
      fail(node.source(),
           "expected [[targets]] entries (an array of tables), found " +
               toml_kind(list && !list->empty() ? *list->get(0) : node),
           "write each target as a [[targets]] table with a name");
    for (const toml::node& entry : *list)
      for (const auto& [k, v] : *entry.as_table()) {
        if (std::find(target_keys().begin(), target_keys().end(), k.str()) != target_keys().end())
          continue;
        std::string hint = did_you_mean(k.str(), target_keys());
        fail(k.source(), "unknown key '" + std::string(k.str()) + "' in [[targets]]",
             hint.empty() ? "expected one of: " + join_words(target_keys()) : hint);
      }
  }

  // The string at section.key, or nullopt when absent.
  std::optional<std::string> string(const toml::table& root, std::string_view section,
                                    std::string_view key) const {
    const toml::node* n = find(root, section, key);
    if (n == nullptr) return std::nullopt;
    if (const auto* s = n->as_string()) return s->get();
    fail(n->source(), "expected a string for " + std::string(section) + "." + std::string(key) +
                          ", found " + toml_kind(*n));
  }

  const toml::node* find(const toml::table& root, std::string_view section,
                         std::string_view key) const {
    const toml::table* t = root[section].as_table();
    return t == nullptr ? nullptr : t->get(key);
  }

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::string text_;
};

bool valid_table_name(std::string_view name) {
  // `table` or `schema.table`: identifiers of letters, digits and '_', not starting with a digit.
  if (name.empty() || name.size() > 127) return false;
  bool start = true;
  int dots = 0;
  for (char c : name) {
    if (c == '.') {
      if (start || ++dots > 1) return false;
      start = true;
      continue;
    }
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    bool digit = c >= '0' && c <= '9';
    if (!letter && !(digit && !start)) return false;
    start = false;
  }
  return !start;
}

bool valid_timeout(std::string_view v) {
  if (v.empty()) return true;
  size_t i = 0;
  while (i < v.size() && v[i] >= '0' && v[i] <= '9') ++i;
  if (i == 0) return false;
  std::string_view unit = v.substr(i);
  return unit.empty() || unit == "ms" || unit == "s" || unit == "min" || unit == "h" || unit == "d";
}

// `text` with each ${NAME} replaced by the environment's value; an unset or empty variable is a
// located error (a URL silently missing its host or password would reach another database).
std::string expand_variables(const FileReader& r, const toml::node& at, const std::string& text,
                             const EnvLookup& env) {
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t open = text.find("${", pos);
    if (open == std::string::npos) break;
    size_t close = text.find('}', open);
    if (close == std::string::npos)
      r.fail(at.source(), "unterminated ${ in the url", "write ${NAME} for a variable");
    std::string name = text.substr(open + 2, close - open - 2);
    std::optional<std::string> value = env ? env(name) : std::nullopt;
    if (!value || value->empty())
      r.fail(at.source(), "environment variable '" + name + "' is not set (used in the url)",
             "set it, or write the url without ${" + name + "}");
    out += text.substr(pos, open - pos) + *value;
    pos = close + 1;
  }
  return out + text.substr(pos);
}

bool valid_target_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

// [[targets]] (keys already checked).
void read_targets(const FileReader& r, const toml::table& root, const EnvLookup& env, Config& c) {
  const toml::array* list = root["targets"].as_array();
  if (list == nullptr) return;
  for (const toml::node& node : *list) {
    const toml::table& t = *node.as_table();
    auto str = [&](std::string_view key) -> std::optional<std::string> {
      const toml::node* n = t.get(key);
      if (n == nullptr) return std::nullopt;
      if (const auto* s = n->as_string()) return s->get();
      r.fail(n->source(),
             "expected a string for targets." + std::string(key) + ", found " + toml_kind(*n));
    };
    TargetGroup g;
    const toml::node* name_node = t.get("name");
    if (name_node == nullptr)
      r.fail(node.source(), "a [[targets]] entry has no name",
             "add name = \"...\": the name --target selects and the summary shows");
    g.name = *str("name");
    if (!valid_target_name(g.name))
      r.fail(name_node->source(), "invalid target name '" + g.name + "'",
             "use letters, digits, '_', '-' and '.' (at most 64)");
    for (const TargetGroup& other : c.targets)
      if (other.name == g.name)
        r.fail(name_node->source(), "duplicate target name '" + g.name + "'",
               "the first is at " + other.where.str());
    g.where = {r.path(), static_cast<int>(name_node->source().begin.line),
               static_cast<int>(name_node->source().begin.column)};
    const toml::node* url_node = t.get("url");
    const toml::node* glob_node = t.get("sqlite_glob");
    if (url_node && glob_node)
      r.fail(glob_node->source(),
             "target '" + g.name + "' has both url and sqlite_glob: give one of them",
             "a url is one database (with schemas_query: one per schema); sqlite_glob is one per "
             "file");
    if (!url_node && !glob_node)
      r.fail(name_node->source(), "target '" + g.name + "' has neither url nor sqlite_glob",
             "add url = \"postgresql://...\" or sqlite_glob = \"data/*.db\"");
    std::optional<std::string> schema = str("schema");
    std::optional<std::string> query = str("schemas_query");
    if (glob_node) {
      g.sqlite_glob = *str("sqlite_glob");
      if (g.sqlite_glob.empty()) r.fail(glob_node->source(), "sqlite_glob is empty");
      g.sqlite_glob = joined(c.base_dir, g.sqlite_glob);
      for (const char* key : {"schema", "schemas_query"})
        if (const toml::node* n = t.get(key))
          r.fail(n->source(),
                 std::string(key) + " is for PostgreSQL targets, and target '" + g.name +
                     "' is a glob of SQLite files",
                 "remove it");
      c.targets.push_back(std::move(g));
      continue;
    }
    std::string text = expand_variables(r, *url_node, *str("url"), env);
    try {
      DatabaseUrl parsed = parse_database_url(text);
      if (parsed.dialect == Dialect::sqlite && !parsed.memory)
        parsed.path = joined(c.base_dir, parsed.path);
      g.url = std::move(parsed);
    } catch (const Error& e) {
      r.fail(url_node->source(), e.what());
    }
    if (schema && query)
      r.fail(t.get("schemas_query")->source(),
             "target '" + g.name + "' has both schema and schemas_query: give one of them");
    for (const char* key : {"schema", "schemas_query"}) {
      const toml::node* n = t.get(key);
      if (n == nullptr) continue;
      if (g.url->dialect == Dialect::sqlite)
        r.fail(n->source(),
               std::string(key) + " is for PostgreSQL, and target '" + g.name +
                   "' is an SQLite database",
               "remove it, or use sqlite_glob for one target per file");
      if (str(key)->find_first_not_of(" \t\r\n") == std::string::npos)
        r.fail(n->source(), std::string(key) + " is empty");
    }
    if (schema) g.url->schema = *schema;
    if (query) g.schemas_query = *query;
    c.targets.push_back(std::move(g));
  }
}

void read_file(const FileReader& r, const toml::table& root, const EnvLookup& env, Config& c) {
  r.check_keys(root);
  read_targets(r, root, env, c);

  if (auto url = r.string(root, "database", "url"); url && !url->empty()) {
    const toml::node* n = r.find(root, "database", "url");
    try {
      DatabaseUrl parsed = parse_database_url(*url);
      if (parsed.dialect == Dialect::sqlite && !parsed.memory)
        parsed.path = joined(c.base_dir, parsed.path);
      c.database_url = std::move(parsed);
      c.url_source = UrlSource::config_file;
    } catch (const Error& e) {
      r.fail(n->source(), e.what());
    }
  }

  if (auto schema = r.string(root, "database", "schema")) {
    if (schema->find_first_not_of(" \t\r\n") == std::string::npos)
      r.fail(r.find(root, "database", "schema")->source(), "database.schema is empty",
             "remove it to use the server's search_path");
    if (c.database_url && c.database_url->dialect == Dialect::sqlite)
      r.fail(r.find(root, "database", "schema")->source(),
             "database.schema is for PostgreSQL, and the database url is an SQLite database",
             "remove it");
    c.schema = *schema;
  }

  const toml::node* dir = r.find(root, "migrations", "directory");
  const toml::node* dirs = r.find(root, "migrations", "directories");
  if (dir != nullptr && dirs != nullptr)
    r.fail(dirs->source(), "give either migrations.directory or migrations.directories, not both");
  if (dir != nullptr) {
    c.migration_directories = {*r.string(root, "migrations", "directory")};
  } else if (dirs != nullptr) {
    const toml::array* list = dirs->as_array();
    if (list == nullptr)
      r.fail(dirs->source(),
             "expected an array of strings for migrations.directories, found " + toml_kind(*dirs));
    c.migration_directories.clear();
    for (const toml::node& item : *list) {
      const auto* s = item.as_string();
      if (s == nullptr)
        r.fail(item.source(),
               "expected a string in migrations.directories, found " + toml_kind(item));
      c.migration_directories.push_back(s->get());
    }
    if (c.migration_directories.empty()) r.fail(dirs->source(), "migrations.directories is empty");
  }
  for (const std::string& d : c.migration_directories)
    if (d.empty()) r.fail((dir ? dir : dirs)->source(), "a migrations directory is empty");

  if (auto v = r.string(root, "migrations", "version_table")) {
    if (!valid_table_name(*v))
      r.fail(r.find(root, "migrations", "version_table")->source(),
             "invalid version_table '" + *v + "'",
             "use a table name such as alembic_version, or schema.table");
    c.version_table = *v;
  }
  if (auto v = r.string(root, "migrations", "history_table")) {
    if (!v->empty() && !valid_table_name(*v))
      r.fail(r.find(root, "migrations", "history_table")->source(),
             "invalid history_table '" + *v + "'",
             "use a table name such as retort_history or schema.table, or \"\" for none");
    if (*v == c.version_table)
      r.fail(r.find(root, "migrations", "history_table")->source(),
             "history_table cannot be the version table '" + *v + "'");
    c.history_table = *v;
  }
  if (auto v = r.string(root, "migrations", "revision_ids")) {
    if (*v == "sequential") {
      c.revision_ids = RevisionIdStyle::sequential;
    } else if (*v == "hex") {
      c.revision_ids = RevisionIdStyle::hex;
    } else {
      std::string hint = did_you_mean(*v, {"sequential", "hex"});
      r.fail(r.find(root, "migrations", "revision_ids")->source(),
             "invalid revision_ids '" + *v + "'",
             hint.empty() ? "expected one of: sequential, hex" : hint);
    }
  }
  if (auto v = r.string(root, "migrations", "transaction")) {
    if (*v != "per-revision" && *v != "all") {
      std::string hint = did_you_mean(*v, {"per-revision", "all"});
      r.fail(r.find(root, "migrations", "transaction")->source(),
             "invalid transaction '" + *v + "'",
             hint.empty() ? "expected one of: per-revision, all" : hint);
    }
    c.transaction = *v;
  }
  if (auto v = r.string(root, "migrations", "file_template")) {
    const toml::node* n = r.find(root, "migrations", "file_template");
    size_t pos = 0;
    while ((pos = v->find('{', pos)) != std::string::npos) {
      size_t end = v->find('}', pos);
      std::string name =
          v->substr(pos + 1, end == std::string::npos ? std::string::npos : end - pos - 1);
      if (end == std::string::npos || (name != "rev" && name != "slug")) {
        std::string hint = did_you_mean(name, {"rev", "slug"});
        r.fail(n->source(), "unknown placeholder '{" + name + "}' in file_template",
               hint.empty() ? "use {rev} and {slug}" : hint);
      }
      pos = end + 1;
    }
    if (v->find('/') != std::string::npos || v->empty())
      r.fail(n->source(), "file_template must be a file name without '/'");
    c.file_template = *v;
  }

  if (const toml::node* n = r.find(root, "migrations", "header_cache")) {
    // false: no cache; a string: the cache file (relative to this file).
    if (const auto* b = n->as_boolean()) {
      if (!b->get()) c.header_cache = "";
    } else if (const auto* s = n->as_string(); s && !s->get().empty()) {
      c.header_cache = s->get();
    } else {
      r.fail(n->source(),
             "expected false or a file path for migrations.header_cache, found " +
                 (s ? std::string("an empty string") : toml_kind(*n)),
             "write `header_cache = false` to turn the cache off");
    }
  }

  if (auto v = r.string(root, "models", "path")) {
    if (v->empty()) r.fail(r.find(root, "models", "path")->source(), "models.path is empty");
    c.models_path = *v;
  }

  if (const toml::node* n = r.find(root, "autogenerate", "exclude")) {
    const toml::array* list = n->as_array();
    if (list == nullptr)
      r.fail(n->source(),
             "expected a list of patterns for autogenerate.exclude, found " + toml_kind(*n),
             "write exclude = [\"celery_*\", \"audit.*\"]");
    for (const toml::node& item : *list) {
      const auto* s = item.as_string();
      if (s == nullptr)
        r.fail(item.source(),
               "expected a string pattern in autogenerate.exclude, found " + toml_kind(item));
      if (std::string problem = name_glob_problem(s->get()); !problem.empty())
        r.fail(item.source(),
               "invalid pattern '" + s->get() + "' in autogenerate.exclude: " + problem,
               "a pattern is a table name or `schema.table`, with * ? and [...] as in the shell");
      c.autogenerate_exclude.push_back(s->get());
    }
  }

  for (std::string_view key : {"lock_timeout", "statement_timeout"}) {
    auto v = r.string(root, "postgresql", key);
    if (!v) continue;
    if (!valid_timeout(*v))
      r.fail(r.find(root, "postgresql", key)->source(),
             "invalid " + std::string(key) + " '" + *v + "'",
             "write a number with an optional unit (ms, s, min, h, d), e.g. \"10s\", or \"\"");
    (key == "lock_timeout" ? c.lock_timeout : c.statement_timeout) = *v;
  }
  if (auto v = r.string(root, "postgresql", "migration_lock")) {
    if (*v != "transaction" && *v != "session")
      r.fail(r.find(root, "postgresql", "migration_lock")->source(),
             "invalid migration_lock '" + *v + "'",
             "write \"transaction\" (works through connection poolers) or \"session\" (see "
             "docs/configuration.md, Connection poolers)");
    c.migration_lock = *v;
  }
}

}  // namespace

Config load_config(const std::optional<std::string>& explicit_path, const EnvLookup& env,
                   const std::optional<std::string>& url_flag, const std::string& cwd) {
  auto env_value = [&](std::string_view name) -> std::optional<std::string> {
    if (!env) return std::nullopt;
    auto v = env(name);
    if (v && v->empty()) return std::nullopt;
    return v;
  };

  Config c;
  c.base_dir = cwd;
  // Which file: -c, else $RETORT_CONFIG (both must exist), else ./retort.toml if present.
  std::optional<std::string> named = explicit_path;
  const char* named_by = "-c";
  if (!named) {
    named = env_value("RETORT_CONFIG");
    named_by = "RETORT_CONFIG";
  }
  std::string path;
  if (named) {
    path = joined(cwd, *named);
    std::error_code ec;
    if (!fs::exists(path, ec))
      throw Error(ErrorKind::input,
                  "config file '" + path + "' (from " + named_by + ") does not exist");
  } else {
    std::string candidate = joined(cwd, "retort.toml");
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec)) path = candidate;
  }

  if (!path.empty()) {
    c.file = path;
    c.base_dir = fs::path(path).parent_path().string();
    FileReader reader(path, read_text_file(path));
    read_file(reader, reader.parse(), env, c);
  }
  for (std::string& d : c.migration_directories) d = joined(c.base_dir, d);
  c.models_path = joined(c.base_dir, c.models_path);
  // The header cache: $RETORT_HEADER_CACHE ("off", or a path from the working directory), else
  // the file's setting, else beside the first migrations directory's files.
  if (auto v = env_value("RETORT_HEADER_CACHE"))
    c.header_cache = *v == "off" ? std::optional<std::string>("") : joined(cwd, *v);
  else if (c.header_cache && !c.header_cache->empty())
    c.header_cache = joined(c.base_dir, *c.header_cache);
  if (!c.header_cache)
    c.header_cache = joined(c.migration_directories.front(), ".retort-cache/headers");

  // URL precedence: --url > RETORT_DATABASE_URL > DATABASE_URL > the file. An empty --url is a
  // mistake (an unset variable in `--url "$DB"`), not a request for the next source.
  if (url_flag && url_flag->find_first_not_of(" \t\r\n") == std::string::npos)
    throw Error(ErrorKind::usage,
                "--url is empty: give a database URL such as sqlite:///app.db or "
                "postgresql://user@host/db, or leave --url out to use the environment or the "
                "config file");
  auto take = [&](const std::optional<std::string>& text, UrlSource source) {
    if (!text || text->empty()) return false;
    try {
      c.database_url = parse_database_url(*text);
    } catch (const Error& e) {
      throw Error(ErrorKind::input, std::string(url_source_name(source)) + ": " + e.what());
    }
    c.url_source = source;
    return true;
  };
  take(url_flag, UrlSource::flag) ||
      take(env_value("RETORT_DATABASE_URL"), UrlSource::env_retort) ||
      take(env_value("DATABASE_URL"), UrlSource::env_database_url);
  if (c.database_url && !c.schema.empty()) c.database_url->schema = c.schema;
  return c;
}

}  // namespace retort
