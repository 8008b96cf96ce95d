#include "fleet/fleet_run.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "base/error.hpp"
#include "db/interrupt.hpp"

namespace retort {

const char* target_status_name(TargetStatus status) {
  switch (status) {
    case TargetStatus::ok:
      return "ok";
    case TargetStatus::failed:
      return "failed";
    case TargetStatus::not_started:
      break;
  }
  return "not started";
}

size_t FleetResult::count(TargetStatus status) const {
  return static_cast<size_t>(
      std::count_if(outcomes.begin(), outcomes.end(),
                    [&](const TargetOutcome& o) { return o.status == status; }));
}

namespace {

class Run {
 public:
  Run(const std::vector<Target>& targets, const FleetOptions& options, const TargetWork& work,
      FleetObserver* observer)
      : targets_(targets), options_(options), work_(work), observer_(observer) {
    result_.outcomes.resize(targets.size());
  }

  // Runs targets [begin, end) on up to options.parallel threads.
  void batch(size_t begin, size_t end) {
    next_ = begin;
    end_ = end;
    size_t threads = std::min<size_t>(static_cast<size_t>(std::max(options_.parallel, 1)),
                                      end > begin ? end - begin : 0);
    if (threads <= 1) {
      worker();
      return;
    }
    std::vector<std::thread> pool;
    for (size_t i = 0; i < threads; ++i) pool.emplace_back([this] { worker(); });
    for (std::thread& t : pool) t.join();
  }

  bool stopped() {
    std::lock_guard<std::mutex> lock(mutex_);
    return !result_.stopped_by.empty();
  }
  void stop(const char* why) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (result_.stopped_by.empty()) result_.stopped_by = why;
  }
  size_t failures() {
    std::lock_guard<std::mutex> lock(mutex_);
    return failures_;
  }

  FleetResult take() { return std::move(result_); }

 private:
  void worker() {
    while (true) {
      size_t i;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (int sig = interrupt_signal(); sig && result_.stopped_by.empty())
          result_.stopped_by = signal_name(sig);
        if (!result_.stopped_by.empty() || next_ >= end_) return;
        i = next_++;
        if (observer_) observer_->target_started(i, targets_[i]);
      }
      TargetOutcome outcome = run_one(i);
      std::lock_guard<std::mutex> lock(mutex_);
      result_.outcomes[i] = outcome;
      if (outcome.status == TargetStatus::failed) {
        ++failures_;
        if (options_.max_failures > 0 && failures_ >= static_cast<size_t>(options_.max_failures) &&
            result_.stopped_by.empty())
          result_.stopped_by = "max-failures";
      }
      if (observer_) observer_->target_finished(i, targets_[i], outcome);
    }
  }

  TargetOutcome run_one(size_t i) {
    using Clock = std::chrono::steady_clock;
    const auto started = Clock::now();
    TargetOutcome o;
    const Target& t = targets_[i];
    if (!t.expansion_error.empty()) {
      o.status = TargetStatus::failed;
      o.summary = t.expansion_error;
      o.exit_code = exit_code_for(ErrorKind::connection);
      return o;
    }
    try {
      o.summary = work_(i, t);
      o.status = TargetStatus::ok;
    } catch (const Error& e) {
      o.status = TargetStatus::failed;
      o.summary = e.what();
      o.exit_code = exit_code_for(e.kind());
    } catch (const std::exception& e) {
      o.status = TargetStatus::failed;
      o.summary = e.what();
      o.exit_code = 1;
    }
    o.duration_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
    return o;
  }

  const std::vector<Target>& targets_;
  const FleetOptions& options_;
  const TargetWork& work_;
  FleetObserver* observer_;
  std::mutex mutex_;  // guards everything below, and serialises the observer's calls
  size_t next_ = 0;
  size_t end_ = 0;
  size_t failures_ = 0;
  FleetResult result_;
};

}  // namespace

FleetResult run_fleet(const std::vector<Target>& targets, const FleetOptions& options,
                      const TargetWork& work, FleetObserver* observer) {
  Run run(targets, options, work, observer);
  size_t canary = std::min(targets.size(), static_cast<size_t>(std::max(options.canary, 0)));
  if (canary > 0) {
    run.batch(0, canary);
    if (run.failures() > 0) run.stop("canary");
  }
  if (!run.stopped()) run.batch(canary, targets.size());
  return run.take();
}

}  // namespace retort
