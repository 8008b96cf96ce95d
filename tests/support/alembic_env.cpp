#include "support/alembic_env.hpp"

#include <stdexcept>

namespace retort::testing {

void require_alembic(bool postgresql) {
  // One check per test binary run and kind: a Python start-up costs most of a second here.
  static bool checked[2] = {false, false};
  if (checked[postgresql ? 1 : 0]) return;
  std::string modules = postgresql ? "alembic, sqlalchemy, psycopg2" : "alembic, sqlalchemy";
  ProcessResult r = run_process({kSystemPython, "-c", "import " + modules});
  if (r.exit_code != 0)
    throw std::runtime_error(std::string("the Alembic interop tests need ") + kSystemPython +
                             " with " + modules + " (apt-get install python3-alembic" +
                             (postgresql ? " python3-psycopg2" : "") +
                             "), and importing them failed:\n" + r.describe());
  checked[postgresql ? 1 : 0] = true;
}

void write_interop_project(const ProjectDir& dir, const std::string& url) {
  ProcessResult r = run_process(
      {kSystemPython, std::string(RETORT_SOURCE_DIR) + "/tests/support/alembic_project.py",
       dir.str(), url});
  if (r.exit_code != 0) throw std::runtime_error("alembic_project.py failed: " + r.describe());
}

ProcessResult run_alembic(const ProjectDir& dir, const std::vector<std::string>& args) {
  std::vector<std::string> argv{kSystemPython, "-m", "alembic", "-c", dir.file("alembic.ini")};
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessOptions o;
  o.cwd = dir.str();
  return run_process(argv, o);
}

}  // namespace retort::testing
