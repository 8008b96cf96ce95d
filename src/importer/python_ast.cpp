#include "importer/python_ast.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "base/error.hpp"
#include "importer/python_ast_dump_script.hpp"

extern char** environ;

namespace retort::importer {

namespace {

struct Output {
  int exit_code = -1;
  double cpu_seconds = 0;  // the child's user + system time
  bool spawned = false;
  int spawn_errno = 0;
  std::string out;
  std::string err;
};

// Runs argv[0] (looked up in PATH) with its stdout and stderr captured; stdin is /dev/null.
Output run(const std::vector<std::string>& args) {
  Output result;
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0)
    throw Error(ErrorKind::failure, "pipe: " + std::string(strerror(errno)));
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    throw Error(ErrorKind::failure, "pipe: " + std::string(strerror(errno)));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    result.spawn_errno = rc;
    return result;
  }
  result.spawned = true;
  // Both pipes are drained together so that neither can fill up and stall the child.
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_count = 2;
  char buffer[65536];
  while (open_count > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_count;
      }
    }
  }
  int status = 0;
  rusage usage{};
  while (wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  result.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                       static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

const char* kChoosePython =
    "`retort import alembic` parses the Alembic scripts with Python's own `ast` module and needs "
    "Python 3.8 or later (no packages): install python3, or name one with --python PATH or "
    "RETORT_PYTHON (docs/alembic-import.md)";

}  // namespace

ParseResult parse_python_files(const std::string& python, const std::vector<std::string>& paths) {
  std::vector<std::string> args{python, "-I", "-S", "-c", kPythonAstDumpScript};
  args.insert(args.end(), paths.begin(), paths.end());
  auto start = std::chrono::steady_clock::now();
  Output o = run(args);
  auto parsed = std::chrono::steady_clock::now();
  if (!o.spawned)
    throw Error(ErrorKind::usage,
                "cannot run '" + python + "': " + strerror(o.spawn_errno) + "\n" + kChoosePython);
  if (o.exit_code == 3 ||
      (o.exit_code != 0 && o.out.empty() && o.err.find("SyntaxError") != std::string::npos))
    throw Error(ErrorKind::usage,
                "'" + python + "' cannot run the parser: " + o.err + kChoosePython);
  if (o.exit_code != 0)
    throw Error(ErrorKind::failure, "'" + python + "' failed (exit " + std::to_string(o.exit_code) +
                                        ") parsing the scripts:\n" + o.err);
  ParseResult result;
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(o.out);
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorKind::failure, "'" + python + "' wrote output that is not JSON: " + e.what());
  }
  result.python_version = doc.value("python", "");
  for (auto& f : doc["files"]) {
    ParsedFile pf;
    pf.path = f.value("path", "");
    if (f.contains("error")) {
      pf.failed = true;
      pf.error_line = f["error"].value("line", 0);
      pf.error_column = f["error"].value("col", 0);
      pf.error = f["error"].value("message", "");
    } else {
      pf.tree = std::move(f["tree"]);
    }
    result.files.push_back(std::move(pf));
  }
  auto decoded = std::chrono::steady_clock::now();
  result.python_seconds = std::chrono::duration<double>(parsed - start).count();
  result.python_cpu_seconds = o.cpu_seconds;
  result.decode_seconds = std::chrono::duration<double>(decoded - parsed).count();
  return result;
}

}  // namespace retort::importer
