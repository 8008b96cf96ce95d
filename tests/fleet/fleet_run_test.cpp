// run_fleet (src/fleet/fleet_run.hpp): bounded parallelism, canary, failure budget, interrupts,
// serialised observer calls. Real threads; built into the ThreadSanitizer program too.
#include "fleet/fleet_run.hpp"

#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <retort/interrupt.hpp>
#include <set>
#include <thread>

#include "base/error.hpp"

namespace retort {
namespace {

std::vector<Target> some_targets(size_t n) {
  std::vector<Target> out;
  for (size_t i = 0; i < n; ++i) {
    Target t;
    t.group = "g";
    t.name = "g/t" + std::to_string(i);
    out.push_back(t);
  }
  return out;
}

// Counts how many observer calls overlap (must be none) and the events' order.
class Recorder : public FleetObserver {
 public:
  void target_started(size_t i, const Target&) override { event("start", i); }
  void target_finished(size_t i, const Target&, const TargetOutcome&) override { event("end", i); }
  std::atomic<int> inside{0};
  std::atomic<int> overlaps{0};
  std::vector<std::string> events;

 private:
  void event(const char* what, size_t i) {
    if (inside.fetch_add(1) != 0) ++overlaps;
    std::this_thread::sleep_for(std::chrono::microseconds(50));
    events.push_back(std::string(what) + " " + std::to_string(i));
    inside.fetch_sub(1);
  }
};

TEST(FleetRun, RunsEveryTargetAtMostNAtOnce) {
  std::atomic<int> running{0}, most{0};
  std::vector<int> ran(40, 0);
  FleetOptions o;
  o.parallel = 4;
  Recorder rec;
  FleetResult r = run_fleet(
      some_targets(40), o,
      [&](size_t i, const Target& t) {
        int now = ++running;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        ++ran[i];
        --running;
        return "done " + t.name;
      },
      &rec);
  EXPECT_EQ(r.count(TargetStatus::ok), 40u);
  EXPECT_TRUE(r.stopped_by.empty());
  for (int n : ran) EXPECT_EQ(n, 1);
  EXPECT_LE(most.load(), 4);
  EXPECT_GE(most.load(), 1);
  EXPECT_EQ(r.outcomes[7].summary, "done g/t7");
  EXPECT_EQ(rec.overlaps.load(), 0);
  EXPECT_EQ(rec.events.size(), 80u);
}

TEST(FleetRun, AFailureIsItsOwnAndKeepsItsExitCode) {
  FleetOptions o;
  o.parallel = 3;
  FleetResult r = run_fleet(some_targets(10), o, [](size_t i, const Target&) -> std::string {
    if (i == 4) throw Error(ErrorKind::database, "duplicate key");
    if (i == 6) throw Error(ErrorKind::connection, "server down");
    return "ok";
  });
  EXPECT_EQ(r.count(TargetStatus::ok), 8u);
  EXPECT_EQ(r.count(TargetStatus::failed), 2u);
  EXPECT_EQ(r.outcomes[4].summary, "duplicate key");
  EXPECT_EQ(r.outcomes[4].exit_code, 1);
  EXPECT_EQ(r.outcomes[6].exit_code, 3);
  EXPECT_TRUE(r.stopped_by.empty());
}

TEST(FleetRun, ACanaryFailureStartsNothingElse) {
  std::atomic<int> calls{0};
  FleetOptions o;
  o.parallel = 8;
  o.canary = 3;
  FleetResult r = run_fleet(some_targets(20), o, [&](size_t i, const Target&) -> std::string {
    ++calls;
    if (i == 1) throw Error(ErrorKind::database, "boom");
    return "ok";
  });
  EXPECT_EQ(calls.load(), 3);  // the canaries all finish
  EXPECT_EQ(r.stopped_by, "canary");
  EXPECT_EQ(r.count(TargetStatus::ok), 2u);
  EXPECT_EQ(r.count(TargetStatus::failed), 1u);
  EXPECT_EQ(r.count(TargetStatus::not_started), 17u);

  // Canaries that pass let the rest run.
  calls = 0;
  r = run_fleet(some_targets(20), o, [&](size_t, const Target&) {
    ++calls;
    return std::string("ok");
  });
  EXPECT_EQ(calls.load(), 20);
  EXPECT_EQ(r.count(TargetStatus::ok), 20u);
}

TEST(FleetRun, MaxFailuresStopsStartingNewTargets) {
  FleetOptions o;
  o.parallel = 1;
  o.max_failures = 2;
  std::vector<size_t> started;
  FleetResult r = run_fleet(some_targets(10), o, [&](size_t i, const Target&) -> std::string {
    started.push_back(i);
    if (i % 2 == 1) throw Error(ErrorKind::database, "bad");
    return "ok";
  });
  EXPECT_EQ(started, (std::vector<size_t>{0, 1, 2, 3}));
  EXPECT_EQ(r.stopped_by, "max-failures");
  EXPECT_EQ(r.count(TargetStatus::not_started), 6u);
}

TEST(FleetRun, AnExpansionFailureFailsWithoutRunning) {
  std::vector<Target> targets = some_targets(3);
  targets[1].expansion_error = "cannot list the schemas of target 'g'";
  std::atomic<int> calls{0};
  FleetResult r = run_fleet(targets, FleetOptions{}, [&](size_t, const Target&) {
    ++calls;
    return std::string("ok");
  });
  EXPECT_EQ(calls.load(), 2);
  EXPECT_EQ(r.outcomes[1].status, TargetStatus::failed);
  EXPECT_EQ(r.outcomes[1].exit_code, 3);
}

TEST(FleetRun, AnInterruptLetsRunningTargetsFinishAndStartsNoOther) {
  clear_interrupt();
  FleetOptions o;
  o.parallel = 2;
  std::atomic<int> finished{0};
  FleetResult r = run_fleet(some_targets(10), o, [&](size_t i, const Target&) {
    if (i == 2) request_interrupt(SIGINT);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ++finished;
    return std::string("ok");
  });
  clear_interrupt();
  EXPECT_EQ(r.stopped_by, "SIGINT");
  EXPECT_EQ(static_cast<size_t>(finished.load()), r.count(TargetStatus::ok));
  EXPECT_GE(r.count(TargetStatus::ok), 3u);
  EXPECT_LE(r.count(TargetStatus::ok), 4u);
  EXPECT_EQ(r.count(TargetStatus::ok) + r.count(TargetStatus::not_started), 10u);
}

}  // namespace
}  // namespace retort
