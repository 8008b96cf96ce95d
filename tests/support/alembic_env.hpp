// Alembic as an oracle for interop tests: Debian's python3-alembic run as
// `/usr/bin/python3 -m alembic`, on a project written by tests/support/alembic_project.py (the
// same five-revision history as Alembic scripts and as retort YAML, in one directory).
#pragma once

#include <string>
#include <vector>

#include "support/process.hpp"
#include "support/project_dir.hpp"

namespace retort::testing {

// The Python that has Debian's alembic (not a pyenv python3 earlier in PATH).
inline constexpr const char* kSystemPython = "/usr/bin/python3";

// Checks (once per process) that alembic and SQLAlchemy (and psycopg2 when `postgresql`)
// import. Throws std::runtime_error saying what is missing and how to install it: interop tests
// fail, never skip, without them.
void require_alembic(bool postgresql);

// Writes alembic.ini, alembic/ (env.py, versions/*.py) and migrations/versions/*.yaml into the
// project for `url` (tests/support/alembic_project.py). Throws std::runtime_error when the
// generator fails.
void write_interop_project(const ProjectDir& dir, const std::string& url);

// Runs `python3 -m alembic -c <project>/alembic.ini ARGS…` in the project directory.
ProcessResult run_alembic(const ProjectDir& dir, const std::vector<std::string>& args);

}  // namespace retort::testing
