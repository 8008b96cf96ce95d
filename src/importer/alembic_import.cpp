#include "importer/alembic_import.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>

#include "base/error.hpp"
#include "base/read_file.hpp"
#include "base/strings.hpp"
#include "importer/python_ast.hpp"
#include "ops/load_revision.hpp"
#include "ops/write_yaml.hpp"

namespace fs = std::filesystem;

namespace retort::importer {

namespace {

// The [alembic] section of an ini file, as Python's configparser reads it: `key = value` or
// `key: value`, `#`/`;` comment lines, indented continuation lines, `%(here)s` and `%%`.
std::map<std::string, std::string> read_alembic_section(const std::string& path) {
  std::map<std::string, std::string> out;
  std::string text = read_text_file(path);
  std::string here = fs::absolute(path).parent_path().string();
  std::string section, last_key;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string raw = text.substr(start, end - start);
    start = end + 1;
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    std::string line(trim(raw));
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[' && line.back() == ']') {
      section = line.substr(1, line.size() - 2);
      last_key.clear();
      continue;
    }
    if (section != "alembic") continue;
    if ((raw[0] == ' ' || raw[0] == '\t') && !last_key.empty()) {
      out[last_key] += "\n" + line;
      continue;
    }
    size_t eq = line.find_first_of("=:");
    if (eq == std::string::npos) continue;
    last_key = std::string(trim(line.substr(0, eq)));
    out[last_key] = std::string(trim(line.substr(eq + 1)));
  }
  for (auto& [key, value] : out) {
    std::string v;
    for (size_t i = 0; i < value.size(); ++i) {
      if (value.compare(i, 8, "%(here)s") == 0) {
        v += here;
        i += 7;
      } else if (value.compare(i, 2, "%%") == 0) {
        v += '%';
        ++i;
      } else {
        v += value[i];
      }
    }
    value = v;
  }
  return out;
}

std::vector<std::string> split_locations(const std::string& value, const std::string& separator) {
  std::vector<std::string> out;
  std::string sep_chars;
  if (separator.empty())
    sep_chars = " ,\n\t";  // Alembic's legacy splitting
  else if (separator == "space")
    sep_chars = " \n\t";
  else if (separator == "os" || separator == "colon")
    sep_chars = ":";
  else if (separator == "semicolon")
    sep_chars = ";";
  else if (separator == "newline")
    sep_chars = "\n";
  else
    sep_chars = separator;
  std::string cur;
  for (char c : value) {
    if (sep_chars.find(c) != std::string::npos) {
      if (!trim(cur).empty()) out.push_back(std::string(trim(cur)));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!trim(cur).empty()) out.push_back(std::string(trim(cur)));
  return out;
}

bool has_py_files(const fs::path& dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".py") return true;
  return false;
}

// The revision scripts of one directory, as Alembic 1.8 lists them: `*.py` directly in it, not
// `__init__.py`, not editor files starting with `.#`.
std::vector<std::string> scripts_in(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec)
    throw Error(ErrorKind::input,
                "cannot read the versions directory '" + dir + "': " + ec.message());
  for (const auto& e : it) {
    std::string name = e.path().filename().string();
    if (e.path().extension() != ".py" || !e.is_regular_file()) continue;
    if (name.rfind("__init__", 0) == 0 || name.rfind(".", 0) == 0) continue;
    out.push_back((fs::path(dir) / name).string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Inserts each placeholder's Python as `#` lines above the op whose message holds its marker.
std::string with_python_comments(const std::string& yaml,
                                 const std::vector<Placeholder>& placeholders) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < yaml.size()) {
    size_t end = yaml.find('\n', start);
    if (end == std::string::npos) end = yaml.size();
    lines.push_back(yaml.substr(start, end - start));
    start = end + 1;
  }
  for (const Placeholder& p : placeholders) {
    const std::string needle = "(" + p.marker + ")";
    for (size_t i = 0; i < lines.size(); ++i) {
      if (lines[i].find(needle) == std::string::npos) continue;
      if (lines[i].size() > 0 && lines[i][0] == '#') continue;
      // Up to the line that starts the op: `  - assert:`.
      size_t op = i;
      while (op > 0 && lines[op].find("- assert") == std::string::npos) --op;
      std::string indent = lines[op].substr(0, lines[op].find('-'));
      std::vector<std::string> comment{indent + "# Alembic (" + p.marker + "), not converted:"};
      for (const std::string& py : p.python) comment.push_back(indent + "#   " + py);
      lines.insert(lines.begin() + static_cast<long>(op), comment.begin(), comment.end());
      break;
    }
  }
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

std::string relative_or_absolute(const fs::path& p) {
  std::error_code ec;
  fs::path rel = fs::relative(p, fs::current_path(), ec);
  if (ec || rel.empty() || rel.string().rfind("..", 0) == 0) return p.lexically_normal().string();
  return rel.string();
}

}  // namespace

AlembicLayout find_alembic_layout(const std::string& alembic_dir) {
  AlembicLayout layout;
  fs::path dir(alembic_dir);
  std::error_code ec;
  if (!fs::exists(dir, ec)) throw Error(ErrorKind::input, "'" + alembic_dir + "' does not exist");
  fs::path ini;
  if (fs::is_regular_file(dir) && dir.extension() == ".ini")
    ini = dir;
  else if (fs::is_regular_file(dir / "alembic.ini"))
    ini = dir / "alembic.ini";
  if (!ini.empty()) {
    layout.ini_path = ini.string();
    auto section = read_alembic_section(ini.string());
    auto it = section.find("script_location");
    std::string loc;
    if (it != section.end() && !it->second.empty()) {
      loc = it->second;
    } else if (fs::is_directory(fs::absolute(ini).parent_path() / "versions")) {
      // Flask-Migrate's alembic.ini sits in the script directory and sets no script_location.
      loc = fs::absolute(ini).parent_path().string();
    } else {
      throw Error(ErrorKind::input, ini.string() + ": no script_location in the [alembic] section");
    }
    if (loc.find(':') != std::string::npos && !fs::exists(loc))
      throw Error(ErrorKind::input,
                  ini.string() + ": script_location '" + loc +
                      "' names a Python package; give the scripts' directory instead "
                      "(retort import alembic PATH/TO/script_location)");
    fs::path base = fs::absolute(ini).parent_path();
    fs::path script = fs::path(loc).is_absolute() ? fs::path(loc) : base / loc;
    layout.script_location = script.lexically_normal().string();
    if (auto v = section.find("version_locations"); v != section.end() && !v->second.empty()) {
      std::string sep =
          section.count("version_path_separator") ? section["version_path_separator"] : "";
      for (const std::string& l : split_locations(v->second, sep)) {
        fs::path p = fs::path(l).is_absolute() ? fs::path(l) : base / l;
        layout.version_locations.push_back(p.lexically_normal().string());
      }
    }
  } else if (fs::is_regular_file(dir / "env.py") || fs::is_directory(dir / "versions")) {
    layout.script_location = dir.lexically_normal().string();
  } else if (fs::is_directory(dir) && has_py_files(dir)) {
    layout.version_locations.push_back(dir.lexically_normal().string());
  } else {
    throw Error(ErrorKind::input, "'" + alembic_dir +
                                      "' is not an Alembic project: no alembic.ini, no env.py or "
                                      "versions/ directory, and no *.py revision scripts in it");
  }
  if (layout.version_locations.empty())
    layout.version_locations.push_back((fs::path(layout.script_location) / "versions").string());
  for (const std::string& v : layout.version_locations)
    if (!fs::is_directory(v))
      throw Error(ErrorKind::input, "the Alembic versions directory '" + v + "' does not exist");
  return layout;
}

ImportResult import_alembic(const ImportOptions& options) {
  const std::clock_t cpu_start = std::clock();
  ImportResult result;
  result.layout = find_alembic_layout(options.source);
  std::vector<std::string> scripts;
  for (const std::string& v : result.layout.version_locations) {
    auto in = scripts_in(v);
    scripts.insert(scripts.end(), in.begin(), in.end());
  }
  std::vector<std::string> to_parse = scripts;
  std::string env_py;
  if (!result.layout.script_location.empty() &&
      fs::is_regular_file(fs::path(result.layout.script_location) / "env.py")) {
    env_py = (fs::path(result.layout.script_location) / "env.py").string();
    to_parse.push_back(env_py);
  }
  ParseResult parsed = parse_python_files(options.python, to_parse);
  result.python_version = parsed.python_version;
  result.python_seconds = parsed.python_seconds;
  result.python_cpu_seconds = parsed.python_cpu_seconds;
  result.decode_seconds = parsed.decode_seconds;
  auto start = std::chrono::steady_clock::now();

  // A script Python rejects is bad input: nothing is written.
  for (const ParsedFile& f : parsed.files) {
    if (!f.failed) continue;
    std::string text;
    try {
      text = read_text_file(f.path);
    } catch (const Error&) {
    }
    size_t bad = 0;
    for (const ParsedFile& g : parsed.files) bad += g.failed ? 1 : 0;
    throw input_error(SourceLocation{relative_or_absolute(f.path), f.error_line, f.error_column},
                      text, "Python cannot parse this script: " + f.error,
                      bad > 1 ? std::to_string(bad - 1) +
                                    " more script(s) fail to parse; nothing "
                                    "was written"
                              : "nothing was written");
  }
  if (!env_py.empty()) {
    auto args = configure_string_arguments(parsed.files.back().tree);
    if (args.count("version_table")) result.layout.version_table = args["version_table"];
    if (args.count("version_table_schema"))
      result.layout.version_table_schema = args["version_table_schema"];
  }

  std::vector<std::string> sources(scripts.size());
  for (size_t i = 0; i < scripts.size(); ++i) sources[i] = read_text_file(scripts[i]);
  // Two passes: the first learns the constraints every script creates (drop_constraint
  // without type_ needs them, whatever the order of the files).
  HistoryFacts facts;
  for (size_t i = 0; i < scripts.size(); ++i) {
    TranslateOptions o{relative_or_absolute(scripts[i]), options.dialect_hint};
    translate_script(parsed.files[i].tree, sources[i], o, facts);
  }
  struct Output {
    std::string path;
    std::string text;
  };
  std::vector<Output> outputs;
  fs::path into(options.into);
  std::map<std::string, std::string> targets;  // yaml path -> script, for duplicate stems
  for (size_t i = 0; i < scripts.size(); ++i) {
    std::string shown = relative_or_absolute(scripts[i]);
    TranslateOptions o{shown, options.dialect_hint};
    ScriptTranslation t = translate_script(parsed.files[i].tree, sources[i], o, facts);
    ImportedFile file;
    file.source = shown;
    file.revision = t.revision.id;
    file.review = t.review;
    if (!t.has_identity) {
      result.files.push_back(std::move(file));
      continue;
    }
    std::string yaml_path = (into / (fs::path(scripts[i]).stem().string() + ".yaml")).string();
    if (targets.count(yaml_path))
      throw Error(ErrorKind::input,
                  shown + " and " + targets[yaml_path] + " would both be written to " + yaml_path);
    targets[yaml_path] = shown;
    std::vector<std::string> comments{"Imported from " + shown + " by `retort import alembic`."};
    if (!t.review.empty()) {
      comments.push_back("NEEDS REVIEW: the ops marked below fail until a person replaces them:");
      for (const ReviewItem& r : t.review)
        comments.push_back("  " + shown + ":" + std::to_string(r.line) + ": " + r.reason);
    }
    std::string text =
        with_python_comments(render_revision_file(t.revision, comments), t.placeholders);
    // What is written must load back with retort's own loader.
    try {
      parse_revision(yaml_path, text);
    } catch (const Error& e) {
      file.review.push_back({1, std::string("the converted revision does not load: ") + e.what()});
    }
    file.written = yaml_path;
    outputs.push_back({yaml_path, std::move(text)});
    result.files.push_back(std::move(file));
  }
  if (!options.force)
    for (const Output& o : outputs)
      if (fs::exists(o.path))
        throw Error(ErrorKind::usage, "refusing to overwrite " + o.path +
                                          " (nothing was written; --force replaces the files)");
  std::error_code ec;
  fs::create_directories(into, ec);
  if (ec) throw Error(ErrorKind::input, "cannot create " + into.string() + ": " + ec.message());
  for (const Output& o : outputs) {
    std::ofstream f(o.path, std::ios::binary | std::ios::trunc);
    f << o.text;
    if (!f) throw Error(ErrorKind::input, "cannot write " + o.path);
  }
  result.translate_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.cpu_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  return result;
}

std::string render_imported_config(const AlembicLayout& layout, const std::string& directory) {
  std::string table = layout.version_table;
  if (!layout.version_table_schema.empty()) table = layout.version_table_schema + "." + table;
  auto quoted = [](const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out + "\"";
  };
  return "# retort configuration, written by `retort import alembic` (every key is described in\n"
         "# retort's docs/configuration.md). The database URL is not copied from alembic.ini:\n"
         "# set RETORT_DATABASE_URL or DATABASE_URL, or add [database] url here.\n"
         "[migrations]\n"
         "directory = " +
         quoted(directory) +
         "\n"
         "version_table = " +
         quoted(table) +
         "  # Alembic's, so the database continues as is\n"
         "history_table = \"retort_history\"\n"
         "revision_ids = \"hex\"\n"
         "file_template = \"{rev}_{slug}\"\n";
}

}  // namespace retort::importer
