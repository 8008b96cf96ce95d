// What a test may say about wall-clock time (docs/BENCHMARKS.md, "Time in tests").
//
// Speed is measured by bench/ as ratios against a baseline run in the same invocation, never
// asserted by a test: the suite runs on shared 2-core machines, under sanitizers, next to other
// jobs. What a test may check is behaviour that involves time — a lock wait gives up, a re-run
// does not wait for a dead run's lock, a statement timeout cancels — and then only with a bound
// far from the expected value: at least ten times it, so that a loaded machine never trips it
// while a hang (or a wait for the full 30 s busy timeout) still does. Under sanitizers there is
// no upper bound at all. Lower bounds ("it did wait for the 300 ms timeout") hold on any machine
// and are written as plain EXPECT_GE.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace retort::testing {

#if defined(RETORT_TEST_SANITIZED)
inline constexpr bool kSanitizedBuild = true;
#else
inline constexpr bool kSanitizedBuild = false;
#endif

// The factor between what something is expected to take and the bound a test may assert.
inline constexpr int kGenerousFactor = 10;

// Succeeds when `elapsed` is under kGenerousFactor × `expected` (always, in a sanitizer build).
// `expected` is what the step takes on an idle machine — the timeout being tested, or for "at
// once" the time a process takes to start, connect and exit (use 500 ms).
inline ::testing::AssertionResult ends_within_generous_bound(
    std::chrono::steady_clock::duration elapsed, std::chrono::milliseconds expected) {
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  const milliseconds bound = expected * kGenerousFactor;
  if (kSanitizedBuild || elapsed < bound) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "took " << duration_cast<milliseconds>(elapsed).count() << " ms, expected about "
         << expected.count() << " ms (bound " << bound.count() << " ms): it hangs or waits";
}

}  // namespace retort::testing
