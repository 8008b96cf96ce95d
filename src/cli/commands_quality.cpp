// Commands that judge migrations and schemas: lint, check, test, sql-schema.
#include <filesystem>
#include <iostream>
#include <optional>
#include <retort/version.hpp>

#include "base/name_glob.hpp"
#include "base/strings.hpp"
#include "cli/commands.hpp"
#include "cli/commands_fleet.hpp"
#include "cli/format.hpp"
#include "cli/lint_report.hpp"
#include "db/interrupt.hpp"
#include "diff/schema_diff.hpp"
#include "lint/lint.hpp"
#include "ops/load_model.hpp"
#include "ops/write_yaml.hpp"
#include "runner/database_status.hpp"
#include "runner/migrator.hpp"
#include "runner/model_compare.hpp"
#include "runner/round_trip.hpp"
#include "runner/scratch_database.hpp"
#include "schema/reflect.hpp"

namespace retort::cli {

namespace {

// What `retort lint` was asked (docs/commands.md, "lint").
struct LintArgs {
  std::vector<std::string> revisions;
  std::vector<std::string> ignore;
  std::vector<std::string> enable;
  std::string format = "text";
  bool rules = false;
};

int cmd_lint(Context& ctx, const LintArgs& a) {
  if (a.format == "json") ctx.global.json = true;
  if (a.rules) {
    print_lint_rules(ctx);
    return 0;
  }
  for (const std::vector<std::string>* codes : {&a.ignore, &a.enable})
    for (const std::string& code : *codes)
      if (!find_lint_rule(code))
        throw Error(ErrorKind::usage,
                    "unknown lint rule '" + code + "' (`retort lint --rules` lists them)");
  const RevisionGraph& graph = ctx.graph();
  // Oldest first, so findings read in the order the revisions run; the whole history is read
  // even when some revisions are named, for the views and functions they create (R130, R131).
  std::vector<const Revision*> revs = graph.history();
  std::reverse(revs.begin(), revs.end());
  LintOptions options;
  for (const auto& t : a.revisions)
    for (const auto& id : graph.resolve(t))
      if (std::find(options.report_only.begin(), options.report_only.end(), id) ==
          options.report_only.end())
        options.report_only.push_back(id);
  options.ignore = a.ignore;
  options.enable = a.enable;
  options.lock_timeout = !ctx.config().lock_timeout.empty();
  std::vector<LintFinding> findings = lint_revisions(revs, options);
  print_lint_findings(ctx, findings,
                      options.report_only.empty() ? revs.size() : options.report_only.size(),
                      a.format);
  return findings.empty() ? 0 : 1;
}

// Where a check finding points in the model: the column, constraint, index or enum it names, else
// its table; the model path alone when the model lacks the object (only the database has it).
SourceLocation model_location(const Schema& model, const DiffFinding& f,
                              const std::string& models_path) {
  const SourceLocation fallback{models_path, 0, 0};
  auto known = [](const SourceLocation& w) { return !w.empty() && w.line > 0; };
  if (f.table.empty()) {
    for (const EnumSpec& e : model.enums)
      if (e.name == f.object && known(e.where)) return e.where;
    return fallback;
  }
  const TableSpec* t = model.find_table(f.table);
  if (!t) return fallback;
  if (!f.object.empty()) {
    if (const ColumnSpec* c = t->find_column(f.object); c && known(c->where)) return c->where;
    for (const IndexSpec& i : t->indexes)
      if (i.name == f.object && known(i.where_loc)) return i.where_loc;
    for (const ForeignKeySpec& k : t->foreign_keys)
      if (k.name == f.object && known(k.where)) return k.where;
    for (const UniqueSpec& u : t->unique)
      if (u.name == f.object && known(u.where)) return u.where;
    for (const CheckSpec& c : t->checks)
      if (c.name == f.object && known(c.where)) return c.where;
  }
  return known(t->where) ? t->where : fallback;
}

// check --all-targets: each target's schema against the model; a target not at the heads or
// whose schema differs fails with its findings.
int fleet_check(Context& ctx, bool allow_empty_model, const FleetArgs& fleet) {
  const RevisionGraph& graph = ctx.graph();
  const Schema model = load_project_model(ctx.config());
  auto work = [&](const Target&, Connection& conn, const Config& config) {
    const DatabaseStatus status = database_status(graph, conn, config);
    if (!status.ghosts.empty()) throw Error(ErrorKind::failure, status.ghost_message);
    std::vector<std::string> messages;
    Json findings = Json::array();
    if (!status.at_heads()) {
      std::string m = "at " +
                      (status.rows.empty() ? std::string("base") : join(status.rows, ", ")) +
                      ", not at the head revision(s)";
      messages.push_back(m);
      findings.push_back({{"code", "not_at_head"}, {"message", m}});
    }
    DiffResult diff = compare_model(conn, config, model, allow_empty_model, "check");
    for (const DiffFinding& f : diff.findings) {
      messages.push_back(f.message);
      findings.push_back({{"code", f.code}, {"message", f.message}});
    }
    if (!messages.empty()) {
      std::string text = std::to_string(messages.size()) + " difference(s)";
      for (const std::string& m : messages) text += "\n  " + m;
      throw Error(ErrorKind::failure, text);
    }
    TargetReply reply;
    reply.rows = status.rows;
    reply.summary = "the model matches";
    reply.json = {{"ok", true}, {"findings", findings}};
    return reply;
  };
  return run_fleet_command(ctx, fleet, "check", false, work);
}

int cmd_check(Context& ctx, bool scratch, bool allow_empty_model, const FleetArgs& fleet) {
  refuse_with_targets(fleet, scratch, "--scratch");
  if (fleet.active()) return fleet_check(ctx, allow_empty_model, fleet);
  const RevisionGraph& graph = ctx.graph();
  const Config& cfg = ctx.config();
  Schema model = load_project_model(cfg);
  Json findings = Json::array();
  std::vector<std::string> lines;
  auto add = [&](const std::string& code, const std::string& message, const std::string& file,
                 int line) {
    findings.push_back({{"code", code}, {"message", message}, {"file", file}, {"line", line}});
    lines.push_back(message);
  };
  const std::vector<std::string> heads = database_status(graph, {}).heads;
  if (heads.size() > 1)
    add("multiple_heads",
        "the revision graph has " + std::to_string(heads.size()) + " heads (" + join(heads, ", ") +
            "): deployments of `upgrade head` will fail; join them with "
            "`retort merge -m MESSAGE heads`",
        "", 0);

  std::unique_ptr<ScratchDatabase> scratch_db;
  Connection* conn = nullptr;
  std::string where;
  if (scratch) {
    DatabaseUrl url;
    if (ctx.has_database_url()) url = cfg.require_database_url();
    scratch_db = std::make_unique<ScratchDatabase>(url);
    conn = &scratch_db->connection();
    where = "a scratch database built from the migrations (" + scratch_db->describe() + ")";
    Migrator migrator(graph, *conn, scratch_migrator_options(cfg));
    migrator.upgrade("heads");
  } else {
    conn = &ctx.db(DbAccess::read_only);
    where = "the database (" + conn->describe() + ")";
    const DatabaseStatus status = database_status(graph, *conn, cfg);
    std::vector<std::string> rows = status.rows;
    std::sort(rows.begin(), rows.end());
    if (!status.ghosts.empty()) {
      ctx.warn(status.ghost_message);
      // The files do not describe the database's schema: nothing to diff. --json still answers
      // with one object (the explanation went to stderr).
      for (const std::string& g : status.ghosts)
        add("ghost_revision",
            "revision " + g + " is applied to the database but no migration file has it", "", 0);
      if (ctx.global.json) ctx.json({{"ok", false}, {"findings", findings}});
      return 1;
    }
    if (!status.at_heads())
      add("not_at_head",
          "the database is at " + (rows.empty() ? std::string("base") : join(rows, ", ")) +
              ", not at the head revision(s) " + join(heads, ", ") +
              ": run `retort upgrade heads` first, or use `check --scratch`",
          "", 0);
  }
  DiffResult diff = compare_model(*conn, cfg, model, allow_empty_model, "check");
  for (const DiffFinding& f : diff.findings) {
    const SourceLocation at = model_location(model, f, cfg.models_path);
    add(f.code, f.message, at.file, at.line);
  }

  const bool ok = findings.empty();
  if (ctx.global.json) {
    ctx.json({{"ok", ok}, {"findings", findings}});
  } else if (ok) {
    ctx.out("OK: the model (" + cfg.models_path + ") matches " + where);
  } else {
    ctx.out("Differences between the model (" + cfg.models_path + ") and " + where + ":");
    for (const auto& l : lines) ctx.out("  " + l);
    ctx.out("FAILED: " + std::to_string(lines.size()) + " difference(s)");
  }
  return ok ? 0 : 1;
}

int cmd_sql_schema(Context& ctx) {
  const Config& cfg = ctx.config();
  Connection& conn = ctx.db(DbAccess::read_only);
  Schema schema = reflect_project_schema(conn, cfg);
  if (ctx.global.json) {
    ctx.json({{"dialect", std::string(dialect_name(conn.dialect()))},
              {"tables", schema.tables.size()},
              {"yaml", render_schema(schema)}});
  } else {
    std::cout << "# The schema of " << conn.describe() << ", reflected by retort " << version()
              << "\n# in the model format (models/*.yaml): see docs/models.md\n"
              << render_schema(schema);
  }
  return 0;
}

// Prints one line per checked revision as runner/round_trip.hpp makes it: "ok   012 message",
// "skip 013 (…)", "allowed 014 (reason): …", "FAILED revision 015 …".
class RoundTripPrinter : public RoundTripObserver {
 public:
  explicit RoundTripPrinter(Context& ctx) : ctx_(ctx) {}
  void started(size_t revisions, const std::string& scratch) override {
    ctx_.out("Testing " + std::to_string(revisions) + " revision(s) on a scratch database (" +
             scratch + "): upgrade one at a time; after each, downgrade and upgrade again");
  }
  void finished(const RoundTripResult& r) override {
    using Outcome = RoundTripResult::Outcome;
    switch (r.outcome) {
      case Outcome::ok:
        ctx_.out("ok   " + r.revision + " " + r.message +
                 (r.allowed_reason.empty()
                      ? ""
                      : " (round-trips: its test_allow.round_trip is no longer needed)"));
        break;
      case Outcome::skipped:
        ctx_.out("skip " + r.revision + " (its downgrade is irreversible)");
        break;
      case Outcome::allowed:
        ctx_.out("allowed " + r.revision + " (" + r.allowed_reason + "): " + r.detail);
        break;
      case Outcome::failed:
        ctx_.out("FAILED " + failure_message(r));
        break;
    }
  }
  static std::string failure_message(const RoundTripResult& r) {
    return "revision " + r.revision + " (" + r.path + "): " + r.detail;
  }

 private:
  Context& ctx_;
};

// `keep_going`: a revision that does not round-trip is reported and the test goes on (exit 1 at
// the end) instead of stopping there.
int cmd_test(Context& ctx, bool keep_going) {
  const RevisionGraph& graph = ctx.graph();
  const Config& cfg = ctx.config();
  DatabaseUrl url;
  if (ctx.has_database_url()) url = cfg.require_database_url();
  RoundTripPrinter printer(ctx);
  const RoundTripReport report =
      test_round_trips(graph, cfg, url, {.keep_going = keep_going}, &printer);
  Json results = Json::array();
  for (const RoundTripResult& r : report.results) {
    using Outcome = RoundTripResult::Outcome;
    switch (r.outcome) {
      case Outcome::ok:
        results.push_back({{"revision", r.revision}, {"ok", true}});
        break;
      case Outcome::skipped:
        results.push_back(
            {{"revision", r.revision}, {"ok", true}, {"skipped", "irreversible downgrade"}});
        break;
      case Outcome::allowed:
        results.push_back({{"revision", r.revision},
                           {"ok", true},
                           {"allowed", r.allowed_reason},
                           {"message", RoundTripPrinter::failure_message(r)}});
        break;
      case Outcome::failed:
        results.push_back({{"revision", r.revision},
                           {"ok", false},
                           {"message", RoundTripPrinter::failure_message(r)}});
        break;
    }
  }
  if (report.stopped) {
    if (ctx.global.json) ctx.json({{"ok", false}, {"results", results}});
    return 1;
  }
  const bool ok = report.ok();
  const int checked = report.checked, skipped = report.skipped;
  const std::vector<std::string>& allowed = report.allowed;
  const std::vector<std::string>& failed = report.failed;
  if (ctx.global.json) {
    ctx.json({{"ok", ok},
              {"results", results},
              {"checked", checked},
              {"skipped", skipped},
              {"allowed", allowed},
              {"failed", failed}});
  } else {
    std::string summary =
        std::to_string(checked) + " revision(s) round-trip" +
        (skipped ? "; " + std::to_string(skipped) + " with an irreversible downgrade not undone"
                 : "") +
        (allowed.empty() ? ""
                         : "; " + std::to_string(allowed.size()) +
                               " allowed not to (test_allow): " + join(allowed, ", "));
    if (ok)
      ctx.out("OK: " + summary);
    else
      ctx.out("FAILED: " + std::to_string(failed.size()) +
              " revision(s) do not round-trip: " + join(failed, ", ") + "; " + summary);
  }
  return ok ? 0 : 1;
}

}  // namespace

void add_quality_commands(Command& app, Context& ctx, Action& action) {
  auto* c = app.add_subcommand("lint", "Report risky ops and SQL (the rules of docs/lint.md)");
  auto lint = std::make_shared<LintArgs>();
  c->add_option("REVISIONS", lint->revisions, "Revisions to lint (default: all)");
  c->add_option("--ignore", lint->ignore, "Rule codes not to report (e.g. R108)");
  c->add_option("--enable", lint->enable, "Opt-in rules to report too (e.g. R127)");
  c->add_option("--format", lint->format, "Output: text, json (= --json), gcc, sarif, github")
      ->check(one_of(lint_formats()));
  c->add_flag("--rules", lint->rules, "List every rule: code, severity, recipe");
  c->callback([&, lint] { action = [&, lint] { return cmd_lint(ctx, *lint); }; });
  {
    auto* chk = app.add_subcommand("check", "Compare the model with the database");
    auto scratch = std::make_shared<bool>(false);
    auto allow_empty = std::make_shared<bool>(false);
    chk->add_flag("--scratch", *scratch,
                  "Compare with a fresh database built by applying every migration");
    chk->add_flag("--allow-empty-model", *allow_empty,
                  "Compare even when the model declares no tables and the database has some");
    auto fleet = std::make_shared<FleetArgs>();
    add_fleet_options(*chk, *fleet, false);
    chk->callback([&, scratch, allow_empty, fleet] {
      action = [&, scratch, allow_empty, fleet] {
        return cmd_check(ctx, *scratch, *allow_empty, *fleet);
      };
    });
  }
  {
    auto* t = app.add_subcommand("test",
                                 "On a scratch database: upgrade one revision at a time, downgrade "
                                 "and upgrade it again, compare schemas");
    auto keep_going = std::make_shared<bool>(false);
    t->add_flag("--keep-going", *keep_going,
                "Report every revision that does not round-trip instead of stopping at the first");
    t->callback(
        [&, keep_going] { action = [&, keep_going] { return cmd_test(ctx, *keep_going); }; });
  }
  {
    auto* s = app.add_subcommand("sql-schema", "Print the database's schema as a YAML model");
    s->callback([&] { action = [&] { return cmd_sql_schema(ctx); }; });
  }
}

}  // namespace retort::cli
