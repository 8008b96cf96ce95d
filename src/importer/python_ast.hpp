// Python syntax trees for `retort import alembic`: the files are parsed by the `ast` module of a
// real Python (the script src/importer/python_ast_dump.py, compiled into retort and run as
// `python3 -c SCRIPT FILE…`), never by retort itself. One Python process parses every file.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace retort::importer {

// One parsed file: its syntax tree as python_ast_dump.py writes it ({"_": "Module", …}), or,
// when Python could not parse it, the place and Python's message.
struct ParsedFile {
  std::string path;
  nlohmann::json tree;  // null when `error` is set
  bool failed = false;
  int error_line = 0;
  int error_column = 0;
  std::string error;
};

struct ParseResult {
  std::vector<ParsedFile> files;  // in the order of the paths given
  std::string python_version;     // "3.11.7"
  double python_seconds = 0;      // wall time of the Python process (start-up and parsing)
  double python_cpu_seconds = 0;  // its CPU time (user + system)
  double decode_seconds = 0;      // reading its JSON in retort
};

// Parses `paths` with `python` (a command looked up in PATH, or a path). Throws Error(usage)
// when the Python cannot be run or is older than 3.8, saying which Python was tried and how to
// choose another (--python, RETORT_PYTHON); Error(failure) when it fails otherwise (its stderr
// is in the message). A file Python rejects is not an error here: its ParsedFile says where.
ParseResult parse_python_files(const std::string& python, const std::vector<std::string>& paths);

}  // namespace retort::importer
