// Running programs from tests: the built `retort` binary (RETORT_BINARY), python3 -m alembic,
// sqlite3, sha256sum. A child's stdout and stderr go to temporary files (never pipes, so a chatty
// child cannot block on a full pipe while the test waits for it) and are read back when it ends.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace retort::testing {

// How a child ended and what it printed.
struct ProcessResult {
  int exit_code = -1;                    // the exit status, or -1 when a signal ended the child
  int signal = 0;                        // the signal that ended the child, or 0
  std::string out;                       // everything it wrote to stdout
  std::string err;                       // everything it wrote to stderr
  std::chrono::milliseconds elapsed{0};  // from start to exit

  // "exit 2" / "signal 9", then stdout and stderr: for test failure messages.
  std::string describe() const;
};

struct ProcessOptions {
  std::string cwd;  // "" = the test's working directory
  // Environment changes applied on top of the test's own environment: a value sets the
  // variable, nullopt removes it.
  std::map<std::string, std::optional<std::string>> env;
  // How long wait() lets the child run before killing it (SIGKILL) and throwing.
  std::chrono::milliseconds timeout{60000};
};

// One running child process. Movable, not copyable. The destructor kills (SIGKILL) and reaps a
// child that is still running, and removes the output files.
class ChildProcess {
 public:
  // Starts `argv[0]` (a path, or a name looked up in PATH) with `argv`. Throws
  // std::runtime_error when the files cannot be made or fork fails; an exec failure shows as exit
  // code 127 with the reason on stderr.
  static ChildProcess start(const std::vector<std::string>& argv,
                            const ProcessOptions& options = {});

  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&&) = delete;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ~ChildProcess();

  pid_t pid() const { return pid_; }
  // True while the child has not exited (reaps it when it has; wait() still reports it).
  bool running();
  // Sends `sig` to the child (no-op once it has been reaped).
  void send_signal(int sig);
  // Waits for the child to end and returns its result. Throws std::runtime_error after killing
  // the child when it runs longer than the options' timeout.
  ProcessResult wait();
  // What the child has written to stdout / stderr so far.
  std::string stdout_so_far() const;
  std::string stderr_so_far() const;

 private:
  ChildProcess() = default;

  pid_t pid_ = -1;
  std::optional<int> status_;  // set once reaped
  std::string out_path_;
  std::string err_path_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::milliseconds timeout_{60000};
};

// Starts a child, waits for it, returns its result (ChildProcess::start + wait).
ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// The options for running the built retort: `cwd`, and the environment variables retort reads
// (RETORT_DATABASE_URL, DATABASE_URL, RETORT_CONFIG, SKIP_MIGRATIONS) removed so the test's own
// environment cannot change what the command does.
ProcessOptions retort_options(const std::string& cwd = "");

// Runs the built binary (RETORT_BINARY) with `args` and retort_options(cwd).
ProcessResult run_retort(const std::vector<std::string>& args, const std::string& cwd = "");
// Starts the built binary in the background with `args` and `options`.
ChildProcess start_retort(const std::vector<std::string>& args, const ProcessOptions& options);

// The path of the built retort binary (RETORT_BINARY).
std::string retort_binary();

// The whole content of a file ("" when it cannot be read).
std::string read_text_file(const std::string& path);

}  // namespace retort::testing
