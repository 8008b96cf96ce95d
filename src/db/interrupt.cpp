#include "db/interrupt.hpp"

#include <signal.h>

#include <atomic>
#include <string>

#include "base/error.hpp"

namespace retort {

namespace {

std::atomic<int> g_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "request_interrupt must be signal-safe");

// The canceller of the statement this thread runs now. Only this thread writes it, and a signal
// handler that reads it runs on this thread, so it never points at a freed canceller.
thread_local const StatementCanceller* volatile t_active = nullptr;

}  // namespace

void request_interrupt(int signo) noexcept {
  int none = 0;
  g_signal.compare_exchange_strong(none, signo);
  if (const StatementCanceller* c = t_active; c && c->cancel) c->cancel(c->target);
}

int interrupt_signal() noexcept {
  return g_signal.load();
}

void clear_interrupt() noexcept {
  g_signal.store(0);
}

const char* signal_name(int signo) noexcept {
  switch (signo) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    case SIGHUP:
      return "SIGHUP";
    default:
      return "a signal";
  }
}

void throw_if_interrupted() {
  if (int s = interrupt_signal())
    throw Error(ErrorKind::failure, std::string("interrupted by ") + signal_name(s));
}

ActiveStatement::ActiveStatement(const StatementCanceller* canceller) noexcept
    : previous_(t_active) {
  t_active = canceller;
}

ActiveStatement::~ActiveStatement() {
  t_active = previous_;
}

}  // namespace retort
