#include "support/process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace retort::testing {

namespace {

using Clock = std::chrono::steady_clock;

std::string make_temp_file(const char* tag) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / (std::string("retort-proc-") + tag + "-XXXXXX"))
          .string();
  int fd = mkstemp(pattern.data());
  if (fd < 0) throw std::runtime_error("mkstemp failed: " + std::string(std::strerror(errno)));
  close(fd);
  return pattern;
}

// The child's environment: ours with the options' changes applied.
std::vector<std::string> child_environment(const ProcessOptions& options) {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string entry = *e;
    size_t eq = entry.find('=');
    if (eq == std::string::npos) continue;
    env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& [name, value] : options.env) {
    if (value)
      env[name] = *value;
    else
      env.erase(name);
  }
  std::vector<std::string> out;
  for (const auto& [name, value] : env) out.push_back(name + "=" + value);
  return out;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string ProcessResult::describe() const {
  std::string how =
      signal ? "signal " + std::to_string(signal) : "exit " + std::to_string(exit_code);
  return how + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
}

ChildProcess ChildProcess::start(const std::vector<std::string>& argv,
                                 const ProcessOptions& options) {
  if (argv.empty()) throw std::runtime_error("ChildProcess::start: no program");
  ChildProcess child;
  child.out_path_ = make_temp_file("out");
  child.err_path_ = make_temp_file("err");
  child.timeout_ = options.timeout;
  // Everything the child needs is built before fork: after it, only async-signal-safe calls.
  std::vector<std::string> args = argv;
  std::vector<std::string> env = child_environment(options);
  std::vector<char*> c_args = c_strings(args);
  std::vector<char*> c_env = c_strings(env);
  const std::string cwd = options.cwd;
  int out_fd = open(child.out_path_.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  int err_fd = open(child.err_path_.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (out_fd < 0 || err_fd < 0 || null_fd < 0)
    throw std::runtime_error("cannot open the child's output files");
  std::fflush(nullptr);
  child.started_ = Clock::now();
  pid_t pid = fork();
  if (pid < 0) {
    close(out_fd);
    close(err_fd);
    close(null_fd);
    throw std::runtime_error("fork failed: " + std::string(std::strerror(errno)));
  }
  if (pid == 0) {
    dup2(null_fd, STDIN_FILENO);
    dup2(out_fd, STDOUT_FILENO);
    dup2(err_fd, STDERR_FILENO);
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) {
      const char msg[] = "ChildProcess: chdir failed\n";
      (void)!write(STDERR_FILENO, msg, sizeof msg - 1);
      _exit(127);
    }
    execvpe(c_args[0], c_args.data(), c_env.data());
    const char msg[] = "ChildProcess: exec failed: ";
    (void)!write(STDERR_FILENO, msg, sizeof msg - 1);
    const char* why = strerror(errno);
    (void)!write(STDERR_FILENO, why, strlen(why));
    (void)!write(STDERR_FILENO, "\n", 1);
    _exit(127);
  }
  close(out_fd);
  close(err_fd);
  close(null_fd);
  child.pid_ = pid;
  return child;
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(other.pid_),
      status_(other.status_),
      out_path_(std::move(other.out_path_)),
      err_path_(std::move(other.err_path_)),
      started_(other.started_),
      timeout_(other.timeout_) {
  other.pid_ = -1;
  other.out_path_.clear();
  other.err_path_.clear();
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !status_) {
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  if (!out_path_.empty()) std::remove(out_path_.c_str());
  if (!err_path_.empty()) std::remove(err_path_.c_str());
}

bool ChildProcess::running() {
  if (pid_ <= 0 || status_) return false;
  int status = 0;
  pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    status_ = status;
    return false;
  }
  return true;
}

void ChildProcess::send_signal(int sig) {
  if (pid_ > 0 && !status_) kill(pid_, sig);
}

std::string ChildProcess::stdout_so_far() const {
  return read_text_file(out_path_);
}
std::string ChildProcess::stderr_so_far() const {
  return read_text_file(err_path_);
}

ProcessResult ChildProcess::wait() {
  if (pid_ <= 0) throw std::runtime_error("ChildProcess::wait: no child");
  // Poll rather than block so that a hung child fails the test instead of hanging the suite.
  auto sleep = std::chrono::milliseconds(2);
  while (running()) {
    if (Clock::now() - started_ > timeout_) {
      kill(pid_, SIGKILL);
      int status = 0;
      waitpid(pid_, &status, 0);
      status_ = status;
      throw std::runtime_error("child process " + std::to_string(pid_) + " ran longer than " +
                               std::to_string(timeout_.count()) + " ms and was killed\n" +
                               "--- stdout ---\n" + stdout_so_far() + "--- stderr ---\n" +
                               stderr_so_far());
    }
    std::this_thread::sleep_for(sleep);
    if (sleep < std::chrono::milliseconds(20)) sleep *= 2;
  }
  ProcessResult r;
  r.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started_);
  if (WIFEXITED(*status_)) {
    r.exit_code = WEXITSTATUS(*status_);
  } else if (WIFSIGNALED(*status_)) {
    r.signal = WTERMSIG(*status_);
  }
  r.out = stdout_so_far();
  r.err = stderr_so_far();
  return r;
}

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options) {
  return ChildProcess::start(argv, options).wait();
}

std::string retort_binary() {
  return RETORT_BINARY;
}

ProcessOptions retort_options(const std::string& cwd) {
  ProcessOptions o;
  o.cwd = cwd;
  for (const char* name :
       {"RETORT_DATABASE_URL", "DATABASE_URL", "RETORT_CONFIG", "SKIP_MIGRATIONS"})
    o.env[name] = std::nullopt;
  return o;
}

ProcessResult run_retort(const std::vector<std::string>& args, const std::string& cwd) {
  return start_retort(args, retort_options(cwd)).wait();
}

ChildProcess start_retort(const std::vector<std::string>& args, const ProcessOptions& options) {
  std::vector<std::string> argv{retort_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return ChildProcess::start(argv, options);
}

}  // namespace retort::testing
