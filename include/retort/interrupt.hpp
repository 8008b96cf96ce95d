// <retort/interrupt.hpp> — stopping a migration cleanly on SIGINT/SIGTERM (docs/commands.md,
// "Interrupting a command"; docs/embedding.md).
//
// The library installs no signal handler and never exits. A program that wants Ctrl-C to stop a
// migration cleanly calls request_interrupt() from its own handler. That records the signal and
// cancels the statement the interrupted thread's connection is running (PQcancel on PostgreSQL,
// sqlite3_interrupt on SQLite; both may be called from a signal handler). The library then stops
// at its next safe point — between revisions, between ops, in a lock wait — by throwing
// Error(failure); the revision that was running is rolled back like any failure, and locks are
// released.
#pragma once

namespace retort {

// Async-signal-safe. Records `signo` (the first signal wins) and cancels the statement running on
// the calling thread's connection, if any (the thread that receives the signal).
void request_interrupt(int signo) noexcept;

// The signal request_interrupt() recorded, or 0.
int interrupt_signal() noexcept;

// Forgets a recorded signal (tests; a program that carries on after an interrupt).
void clear_interrupt() noexcept;

// "SIGINT", "SIGTERM", or "signal N".
const char* signal_name(int signo) noexcept;

}  // namespace retort
