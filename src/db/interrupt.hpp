// Interrupting a command (SIGINT, SIGTERM) at a safe point; see docs/commands.md "Interrupting a
// command".
//
// The library installs no signal handler and never exits. A program that wants Ctrl-C to stop a
// migration cleanly (the retort CLI does) calls request_interrupt() from its own handler. That
// records the signal and cancels the statement the interrupted thread's connection is running
// (PQcancel on PostgreSQL, sqlite3_interrupt on SQLite; both may be called from a signal
// handler). The library then stops at its next safe point — between revisions, between ops, in a
// lock wait — by throwing; the revision that was running is rolled back like any failure, locks
// are released, and the caller (the CLI) maps the recorded signal to its exit code (128 + signal).
//
// request_interrupt() and the other calls a program makes are public (<retort/interrupt.hpp>);
// this header adds what the library's connections and safe points use.
#pragma once

#include <retort/interrupt.hpp>

namespace retort {

// Stops the statement a connection is running. `cancel(target)` must be async-signal-safe.
struct StatementCanceller {
  void (*cancel)(void* target) noexcept = nullptr;
  void* target = nullptr;
};

// Throws Error(failure) "interrupted by SIGINT" when a signal has been recorded: the library's
// safe points call it.
void throw_if_interrupted();

// While an ActiveStatement lives, request_interrupt() on this thread cancels through
// `canceller` (which must outlive it). Connections wrap each statement they run in one. Nests:
// the destructor restores the previous canceller.
class ActiveStatement {
 public:
  explicit ActiveStatement(const StatementCanceller* canceller) noexcept;
  ~ActiveStatement();
  ActiveStatement(const ActiveStatement&) = delete;
  ActiveStatement& operator=(const ActiveStatement&) = delete;

 private:
  const StatementCanceller* previous_;
};

}  // namespace retort
