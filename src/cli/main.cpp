// The retort command line: parse, run one command, map errors to exit codes (docs/commands.md,
// "Exit codes").
#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "base/heap_prefault.hpp"
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/version.hpp"
#include "db/interrupt.hpp"

namespace {

// SIGINT/SIGTERM: record the signal and cancel the running statement; the command stops at its
// next safe point, cleans up (rolls back, drops a scratch database) and exits 128 + signal. The
// handler resets itself: a second signal ends the process at once.
void on_signal(int signo) {
  retort::request_interrupt(signo);
}

void install_signal_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART | SA_RESETHAND;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

}  // namespace

// The program's C++ allocations as the standard library's own (malloc), followed by the heap
// prefault check (base/heap_prefault.hpp): the paths, strings and revisions a command builds
// are most of its heap. The array and nothrow forms call these. Not under the sanitizers, whose
// own operator new checks what is freed with what.
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
void* operator new(std::size_t n) {
  void* p = std::malloc(n == 0 ? 1 : n);
  if (p == nullptr) throw std::bad_alloc();
  retort::heap_prefault_check();
  return p;
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
#endif

int main(int argc, char** argv) {
  using namespace retort;
  // One command per process: its heap is mapped a step at a time, not a page fault at a time
  // (base/heap_prefault.hpp).
  enable_heap_prefault();
  cli::Context ctx;
  cli::Action action;

  std::unique_ptr<cli::Command> program = cli::describe_program(ctx, action);
  cli::ParseResult parsed = cli::parse_command_line(*program, cli::version_text(), argc, argv);
  if (parsed.exit) {
    if (parsed.usage_error.empty()) return parsed.exit_code;  // --help, --version
    // With --json the one JSON object on stdout says what failed, as for every other error
    // (the flag may not have been parsed when the error came); so does --no-color.
    auto given = [&](std::string_view flag) {
      return std::any_of(argv + 1, argv + argc, [&](const char* a) { return a == flag; });
    };
    ctx.global.json = given("--json");
    ctx.global.no_color = given("--no-color");
    ctx.error(parsed.usage_error);
    ctx.json({{"ok", false},
              {"error",
               {{"kind", error_kind_name(ErrorKind::usage)},
                {"message", parsed.usage_error},
                {"exit_code", 2}}}});
    return 2;
  }
  install_signal_handlers();
  try {
    int code = action ? action() : 0;
    // A signal that came after the last safe point: the work is done, the exit code still says
    // the command was interrupted.
    if (int sig = interrupt_signal()) return 128 + sig;
    return code;
  } catch (const Error& e) {
    if (int sig = interrupt_signal()) {
      std::string message = e.what();
      if (message.find("interrupted by") == std::string::npos)
        message += std::string("\n  interrupted by ") + signal_name(sig);
      ctx.error(message);
      ctx.json(
          {{"ok", false},
           {"error", {{"kind", "interrupted"}, {"message", message}, {"exit_code", 128 + sig}}}});
      return 128 + sig;
    }
    ctx.error(e.what());
    // With --json the one JSON object on stdout says what failed, too.
    ctx.json({{"ok", false},
              {"error",
               {{"kind", error_kind_name(e.kind())},
                {"message", e.what()},
                {"exit_code", exit_code_for(e.kind())}}}});
    return exit_code_for(e.kind());
  } catch (const std::exception& e) {
    ctx.error(e.what());
    ctx.json({{"ok", false},
              {"error", {{"kind", "internal"}, {"message", e.what()}, {"exit_code", 1}}}});
    return 1;
  }
}
