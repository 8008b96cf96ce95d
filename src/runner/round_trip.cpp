#include "runner/round_trip.hpp"

#include <optional>

#include "db/interrupt.hpp"
#include "diff/schema_diff.hpp"
#include "runner/migrator.hpp"
#include "runner/scratch_database.hpp"
#include "schema/reflect.hpp"

namespace retort {

RoundTripReport test_round_trips(const RevisionGraph& graph, const Config& cfg,
                                 const DatabaseUrl& url, const RoundTripOptions& test_options,
                                 RoundTripObserver* observer) {
  const MigratorOptions migrator_opts = scratch_migrator_options(cfg);
  std::optional<ScratchDatabase> scratch(std::in_place, url);
  std::optional<Migrator> migrator(std::in_place, graph, scratch->connection(), migrator_opts);
  const Dialect d = scratch->connection().dialect();
  std::vector<std::string> excluded{cfg.version_table};
  if (!cfg.history_table.empty()) excluded.push_back(cfg.history_table);
  DiffOptions options;
  options.exclude_tables = excluded;
  // Both sides are reflected from the same database: its own texts, compared as they are.
  options.expressions = DiffOptions::Expressions::stored;
  auto reflect = [&] { return reflect_schema(scratch->connection(), excluded); };

  std::vector<MigrationStep> plan = graph.plan_upgrade("heads", {});
  if (observer) observer->started(plan.size(), scratch->describe());
  RoundTripReport report;
  auto report_result = [&](RoundTripResult r) {
    report.results.push_back(std::move(r));
    if (observer) observer->finished(report.results.back());
  };
  std::vector<std::string> rows;
  Schema before = reflect();
  // After a revision that did not round-trip, the scratch database holds whatever its downgrade
  // and second upgrade left: start a fresh one and apply the plan up to and including the
  // revision, so that the revisions after it are tested from the schema their upgrades expect.
  auto rebuild = [&](size_t through) {
    migrator.reset();
    scratch.reset();  // drops the temporary PostgreSQL database before the next is created
    scratch.emplace(url);
    migrator.emplace(graph, scratch->connection(), migrator_opts);
    migrator->run_steps(std::vector<MigrationStep>(plan.begin(), plan.begin() + through + 1));
  };
  for (size_t i = 0; i < plan.size(); ++i) {
    const MigrationStep& step = plan[i];
    const Revision& rev = *step.revision;
    throw_if_interrupted();  // Ctrl-C: stop here; the scratch database is dropped on the way out
    migrator->run_steps({step});
    Schema after = reflect();
    RoundTripResult result;
    result.revision = rev.id;
    result.message = rev.message;
    result.path = rev.path;
    result.allowed_reason = rev.round_trip_allowed;
    bool irreversible = false;
    for (const Op& op : rev.downgrade)
      if (op.runs_on(d) && std::holds_alternative<Irreversible>(op.body)) irreversible = true;
    if (irreversible) {
      ++report.skipped;
      result.outcome = RoundTripResult::Outcome::skipped;
      report_result(std::move(result));
      rows = step.heads_after;
      before = std::move(after);
      continue;
    }
    // What went wrong, if anything, and the difference. The expected schema goes first, so each
    // line reads from what was expected to what the step left ("added index …" = an index the
    // downgrade left behind).
    std::string what;
    std::vector<std::string> lines;  // the difference, or the failing migration's error
    const bool tolerate = test_options.keep_going || !rev.round_trip_allowed.empty();
    bool downgrading = true;
    try {
      migrator->run_steps({Migrator::inverse(step, rows)});
      DiffResult down = diff_schemas(before, reflect(), d, options);
      if (!down.empty()) {
        what =
            "downgrade does not restore the schema before it (from the schema before the upgrade "
            "to the one after the downgrade):";
        lines = describe_differences(down);
      } else {
        downgrading = false;
        migrator->run_steps({step});
        DiffResult up = diff_schemas(after, reflect(), d, options);
        if (!up.empty()) {
          what =
              "upgrade after downgrade gives a different schema (from the schema after the first "
              "upgrade to the one after the second):";
          lines = describe_differences(up);
        }
      }
    } catch (const Error& e) {
      // A downgrade or second upgrade that fails is this revision's failure to round-trip; an
      // interrupt, or a lost server, is not, and ends the test.
      if (!tolerate || interrupt_signal() != 0 || e.kind() == ErrorKind::connection) throw;
      what = downgrading ? "its downgrade failed:" : "its upgrade after the downgrade failed:";
      lines.clear();
      const std::string text = e.what();
      for (size_t at = 0; at <= text.size();) {
        size_t nl = text.find('\n', at);
        if (nl == std::string::npos) nl = text.size();
        lines.push_back(text.substr(at, nl - at));  // its own indented lines stay nested
        at = nl + 1;
      }
    }
    if (what.empty()) {
      ++report.checked;
      result.outcome = RoundTripResult::Outcome::ok;
      report_result(std::move(result));
    } else {
      result.detail = what;
      for (const auto& line : lines) result.detail += "\n    " + line;
      if (!rev.round_trip_allowed.empty()) {
        report.allowed.push_back(rev.id);
        result.outcome = RoundTripResult::Outcome::allowed;
        report_result(std::move(result));
      } else {
        report.failed.push_back(rev.id);
        result.outcome = RoundTripResult::Outcome::failed;
        if (!test_options.keep_going) report.stopped = true;
        report_result(std::move(result));
        if (report.stopped) return report;
      }
      rebuild(i);
    }
    rows = step.heads_after;
    before = std::move(after);
  }
  return report;
}

}  // namespace retort
