#include "cli/commands_fleet.hpp"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <optional>

#include "base/error.hpp"
#include "base/strings.hpp"
#include "db/connect.hpp"
#include "fleet/fleet_connections.hpp"
#include "fleet/fleet_resume.hpp"
#include "fleet/fleet_run.hpp"
#include "runner/history_table.hpp"

namespace retort::cli {

namespace {

// A whole number from `low` to `high` (--parallel, --canary, --max-failures).
Check count_validator(int low, int high) {
  Check c;
  c.validate = [low, high](const std::string& text) -> std::string {
    char* end = nullptr;
    long v = std::strtol(text.c_str(), &end, 10);
    if (!text.empty() && end == text.c_str() + text.size() && v >= low && v <= high) return "";
    return "expected a whole number from " + std::to_string(low) + " to " + std::to_string(high) +
           ", got '" + text + "'";
  };
  return c;
}

int as_int(const std::string& text) {
  return static_cast<int>(std::strtol(text.c_str(), nullptr, 10));
}

// The first line of a message, at most `width` characters: a live line stays one line.
std::string one_line(const std::string& text, size_t width = 160) {
  std::string line = text.substr(0, text.find('\n'));
  if (line.size() > width) line = line.substr(0, width - 3) + "...";
  return line;
}

std::string padded(const std::string& text, size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

// The live lines: one when a target starts, one when it ends. run_fleet serialises the calls,
// and each line goes out whole and flushed (Context::progress), so lines from different targets
// never interleave, also through a pipe.
class LivePrinter : public FleetObserver {
 public:
  LivePrinter(Context& ctx, size_t total) : ctx_(ctx), total_(total) {}
  void target_started(size_t, const Target& t) override { ctx_.progress("start   " + t.name); }
  void target_finished(size_t, const Target& t, const TargetOutcome& o) override {
    ++finished_;
    std::string status = o.status == TargetStatus::ok ? "ok      " : "FAILED  ";
    ctx_.progress(status + t.name + ": " + one_line(o.summary) + " (" +
                  std::to_string(o.duration_ms) + " ms; " + std::to_string(finished_) + "/" +
                  std::to_string(total_) + " done)");
  }

 private:
  Context& ctx_;
  size_t total_;
  size_t finished_ = 0;
};

// Each target's fleet marks, read on up to `parallel` connections (nullopt: unreadable).
std::vector<std::optional<std::vector<FleetMark>>> read_marks(const std::vector<Target>& targets,
                                                              const Config& config, int parallel,
                                                              FleetConnections& connections) {
  std::vector<std::optional<std::vector<FleetMark>>> marks(targets.size());
  FleetOptions o;
  o.parallel = parallel;
  run_fleet(targets, o, [&](size_t i, const Target& t) {
    std::unique_ptr<Connection> conn = connections.acquire(t.url, ConnectOptions{.create = false});
    marks[i] = HistoryTable(*conn, config.history_table).read_fleet_marks();
    connections.release(t.url, std::move(conn));
    return std::string();
  });
  return marks;
}

}  // namespace

void add_fleet_options(Command& c, FleetArgs& a, bool writes) {
  c.add_flag("--all-targets", a.all, "Run on every target of [[targets]] (docs/multi-tenant.md)");
  c.add_option("--target", a.names,
               "Run on this target: a [[targets]] name (all its databases) or one of them, "
               "e.g. tenants/tenant_042 (repeatable)");
  c.add_option("--parallel", a.parallel, "Targets run at once with --all-targets/--target (1)")
      ->check(count_validator(1, 64));
  c.add_option("--canary", a.canary, "Run the first N targets first; stop if any of them fails")
      ->check(count_validator(0, 100000));
  c.add_option("--max-failures", a.max_failures,
               "Start no new target after K failures (0: no limit)")
      ->check(count_validator(0, 100000));
  if (writes)
    c.add_flag("--resume", a.resume,
               "Rerun only the targets that failed or were not reached in the last fleet run");
}

void refuse_with_targets(const FleetArgs& args, bool given, const std::string& option) {
  if (given && args.active())
    throw Error(ErrorKind::usage,
                option +
                    " cannot be used with --all-targets or --target: run it on one database "
                    "(--url, or the configured one)");
}

int run_fleet_command(Context& ctx, const FleetArgs& args, const std::string& command, bool writes,
                      const FleetCommandWork& work, double wait_for_db) {
  const Config& config = ctx.config();
  if (args.resume && config.history_table.empty())
    throw Error(ErrorKind::usage,
                "--resume reads each target's history table, and history_table is \"\" (off)");
  TargetSelection selection;
  selection.all = args.all;
  selection.names = args.names;
  std::vector<Target> targets = expand_targets(config, selection);
  const int parallel = as_int(args.parallel);
  FleetConnections connections(static_cast<size_t>(parallel));  // --resume's reading, then the run

  std::string run_id;
  std::vector<std::string> done_earlier;
  if (args.resume) {
    ResumePlan plan = plan_resume(read_marks(targets, config, parallel, connections));
    run_id = plan.run_id;
    std::vector<Target> pending;
    for (size_t i = 0; i < targets.size(); ++i) {
      if (plan.pending[i])
        pending.push_back(std::move(targets[i]));
      else
        done_earlier.push_back(targets[i].name);
    }
    targets = std::move(pending);
    ctx.progress("Resuming fleet run " + run_id + ": " + std::to_string(targets.size()) +
                 " target(s) to run, " + std::to_string(done_earlier.size()) + " done in it");
  } else if (writes) {
    run_id = new_fleet_run_id();
  }

  FleetOptions options;
  options.parallel = parallel;
  options.canary = as_int(args.canary);
  options.max_failures = as_int(args.max_failures);

  std::vector<Json> replies(targets.size());  // each written by its target's thread only
  ConnectOptions co;
  co.create = writes;
  co.wait = std::chrono::milliseconds(static_cast<int64_t>(wait_for_db * 1000));
  auto run_one = [&](size_t i, const Target& t) -> std::string {
    std::unique_ptr<Connection> conn = connections.acquire(t.url, co);
    Config target_config = config;
    target_config.database_url = t.url;
    HistoryTable history(*conn, config.history_table);
    try {
      TargetReply reply = work(t, *conn, target_config);
      if (writes) history.record_fleet_mark({run_id, command, true, "", reply.rows});
      replies[i] = std::move(reply.json);
      connections.release(t.url, std::move(conn));
      return reply.summary;
    } catch (const Error& e) {
      if (writes) {
        try {
          history.record_fleet_mark({run_id, command, false, e.what(), {}});
        } catch (const Error&) {
          // The mark is a record, not the state: without it the target counts as not done.
        }
      }
      throw;
    }
  };
  LivePrinter printer(ctx, targets.size());
  FleetResult result = run_fleet(targets, options, run_one, &printer);

  const size_t ok = result.count(TargetStatus::ok), failed = result.count(TargetStatus::failed),
               not_started = result.count(TargetStatus::not_started);
  int code = 0;
  for (const TargetOutcome& o : result.outcomes)
    if (o.status == TargetStatus::failed) {
      code = o.exit_code;
      break;
    }
  if (code == 0 && not_started > 0) code = 1;
  std::string stopped;
  if (result.stopped_by == "canary")
    stopped = "a canary target failed: the other targets were not started";
  else if (result.stopped_by == "max-failures")
    stopped = std::to_string(failed) + " target(s) failed (--max-failures " + args.max_failures +
              "): no further target was started";
  else if (!result.stopped_by.empty())
    stopped = "interrupted by " + result.stopped_by + ": no further target was started";

  if (ctx.global.json) {
    Json list = Json::array();
    for (size_t i = 0; i < targets.size(); ++i) {
      const TargetOutcome& o = result.outcomes[i];
      Json entry = {{"name", targets[i].name},
                    {"group", targets[i].group},
                    {"status", target_status_name(o.status)},
                    {"duration_ms", o.duration_ms}};
      if (o.status == TargetStatus::ok) entry["result"] = replies[i];
      if (o.status == TargetStatus::failed)
        entry["error"] = Json{{"message", o.summary}, {"exit_code", o.exit_code}};
      list.push_back(entry);
    }
    Json answer = {{"ok", code == 0},
                   {"command", command},
                   {"targets", list},
                   {"counts",
                    {{"targets", targets.size()},
                     {"ok", ok},
                     {"failed", failed},
                     {"not_started", not_started}}}};
    answer["fleet_run"] = run_id.empty() ? Json() : Json(run_id);
    answer["stopped_by"] = result.stopped_by.empty() ? Json() : Json(result.stopped_by);
    if (args.resume) answer["done_earlier"] = done_earlier;
    ctx.json(answer);
  } else {
    size_t width = 6;
    for (const Target& t : targets) width = std::max(width, t.name.size());
    ctx.out("");
    ctx.out(padded("TARGET", width) + "  " + padded("STATUS", 11) + "  RESULT");
    for (size_t i = 0; i < targets.size(); ++i) {
      const TargetOutcome& o = result.outcomes[i];
      ctx.out(padded(targets[i].name, width) + "  " + padded(target_status_name(o.status), 11) +
              (o.status == TargetStatus::not_started ? "" : "  " + one_line(o.summary)));
    }
    ctx.out(std::to_string(targets.size()) + " target(s): " + std::to_string(ok) + " ok, " +
            std::to_string(failed) + " failed, " + std::to_string(not_started) + " not started" +
            (run_id.empty() ? "" : " (fleet run " + run_id + ")"));
  }
  for (size_t i = 0; i < targets.size(); ++i)
    if (result.outcomes[i].status == TargetStatus::failed)
      ctx.error(targets[i].name + ": " + result.outcomes[i].summary);
  if (!stopped.empty()) ctx.warn("warning: " + stopped);
  if (failed > 0 && writes)
    ctx.warn("hint: fix the cause, then rerun the failed and unreached targets with `retort " +
             command + " --resume` and the same selection");
  return code;
}

}  // namespace retort::cli
