// `retort import alembic`: an Alembic project (alembic.ini, script_location, version_locations,
// env.py's version table) read into one retort YAML revision per versions/*.py file, with the
// same ids, parents, labels, dependencies, messages and create dates, so that a database
// Alembic migrated continues under retort without a stamp. The scripts are parsed by Python's
// own `ast` module (python_ast.hpp) and translated by alembic_script.hpp.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/dialect_name.hpp"
#include "importer/alembic_script.hpp"

namespace retort::importer {

// Where an Alembic project keeps its scripts and its version table.
struct AlembicLayout {
  std::string ini_path;                        // "" when there is no alembic.ini
  std::string script_location;                 // "" when only a versions directory was given
  std::vector<std::string> version_locations;  // the directories of revision scripts
  std::string version_table = "alembic_version";
  std::string version_table_schema;  // "" = the default schema
};

// Finds the layout from ALEMBIC_DIR: a directory with alembic.ini (or the .ini file itself),
// a script_location directory (env.py, versions/), or a directory of revision scripts.
// `script_location` and `version_locations` follow Alembic 1.8: relative paths resolve against
// the ini file's directory, `%(here)s` is that directory, version_path_separator is honoured.
// Throws Error(input) naming what was looked for when nothing fits.
AlembicLayout find_alembic_layout(const std::string& alembic_dir);

struct ImportOptions {
  std::string source;  // ALEMBIC_DIR
  std::string into;    // the directory the YAML files are written to (created when missing)
  std::optional<Dialect> dialect_hint;
  bool force = false;  // overwrite existing files
  std::string python = "python3";
};

struct ImportedFile {
  std::string source;              // the script, as found
  std::string written;             // the YAML file ("" when not written: not a revision script)
  std::string revision;            // its id
  std::vector<ReviewItem> review;  // empty = converted
};

struct ImportResult {
  AlembicLayout layout;
  std::vector<ImportedFile> files;  // by script file name
  std::string python_version;
  double python_seconds = 0;      // the Python process: start-up and parsing every file
  double python_cpu_seconds = 0;  // its CPU time
  double cpu_seconds = 0;         // retort's own CPU time for the whole import (Python's excluded)
  double decode_seconds = 0;      // reading its JSON
  double translate_seconds = 0;   // translating, rendering, checking and writing the YAML
  size_t needs_review() const {
    size_t n = 0;
    for (const auto& f : files) n += f.review.empty() ? 0 : 1;
    return n;
  }
};

// Imports the project. Every file is translated and checked (the YAML must load back with
// retort's own loader) before anything is written; then all files are written. Throws
// Error(input) for a script Python cannot parse (file:line:column, the line and a caret; nothing
// written), Error(usage) when a target file exists and `force` is false (nothing written), and
// the errors of find_alembic_layout and parse_python_files.
ImportResult import_alembic(const ImportOptions& options);

// A retort.toml for the imported project: the migrations directory (as given), the version
// table from env.py, no database URL (it comes from the environment; a URL in alembic.ini may
// hold a password and is never copied).
std::string render_imported_config(const AlembicLayout& layout, const std::string& directory);

}  // namespace retort::importer
