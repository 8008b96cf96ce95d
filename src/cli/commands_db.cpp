// Commands that read or change the database: upgrade, downgrade, current, stamp, verify.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <future>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <retort/progress.hpp>

#include "base/error.hpp"
#include "cli/commands.hpp"
#include "cli/commands_fleet.hpp"
#include "cli/format.hpp"
#include "dialect/dialect.hpp"
#include "runner/database_status.hpp"
#include "runner/ghost.hpp"
#include "runner/history_table.hpp"
#include "runner/migrator.hpp"
#include "runner/offline.hpp"
#include "runner/project.hpp"
#include "runner/verify.hpp"
#include "runner/version_table.hpp"

namespace retort::cli {

std::vector<std::string> read_current(Context& ctx) {
  return VersionTable(ctx.db(DbAccess::read_only), ctx.config().version_table).read();
}

bool report_ghosts(Context& ctx, const std::vector<std::string>& rows) {
  const RevisionGraph& graph = ctx.graph_headers();
  std::vector<std::string> ghosts = graph.ghosts(rows);
  if (ghosts.empty()) return false;
  Connection& conn = ctx.db(DbAccess::read_only);
  ctx.warn(ghost_error(ghosts, graph, HistoryTable(conn, ctx.config().history_table).read(), rows)
               .what());
  return true;
}

namespace {

// Prints the progress lines of runner/progress.hpp as the steps run ("Running upgrade 041 -> 042,
// add priority" when a step starts, "  done in 12 ms" when it ends), each flushed at once; -v
// detail on stderr. In a fleet run (-v) every line starts with `prefix`, the target's name and
// ": " (docs/multi-tenant.md, "Output").
class PrintingObserver : public MigrationObserver {
 public:
  explicit PrintingObserver(Context& ctx, std::string prefix = "")
      : ctx_(ctx), prefix_(std::move(prefix)) {}
  void step_started(const MigrationStep& s) override {
    ctx_.progress(prefix_ + step_started_line(s));
  }
  void step_finished(const MigrationStep&, int64_t ms) override {
    ctx_.progress(prefix_ + step_finished_line(ms));
  }
  void op_skipped(const MigrationStep& s, const Op& op, const std::string& why) override {
    ctx_.info(prefix_ + "  skipped " + std::string(op_name(op.body)) +
              (op.where.empty() ? "" : " at " + op.where.str()) + " in " +
              (s.revision ? s.revision->id : "") + ": " + why);
  }
  void run_committed(const std::vector<MigrationStep>& steps, int64_t ms) override {
    ctx_.progress(prefix_ + run_committed_line(steps.size(), ms));
  }
  void step_already_applied(const MigrationStep&) override {
    ctx_.info(prefix_ +
              "another process applied steps meanwhile; continuing from the database's state");
  }

 private:
  Context& ctx_;
  std::string prefix_;
};

// The configuration's options with the command line's over them (`transaction`: "" = as
// configured).
MigratorOptions migrator_options(Context& ctx, double lock_timeout,
                                 const std::string& transaction = "") {
  MigratorOptions o = retort::migrator_options(ctx.config());
  if (lock_timeout >= 0) o.lock_timeout_seconds = lock_timeout;
  if (!transaction.empty())
    o.transaction = transaction == "all" ? RunTransaction::all : RunTransaction::per_revision;
  return o;
}

Json steps_json(const std::vector<MigrationStep>& steps) {
  Json list = Json::array();
  for (const auto& s : steps)
    list.push_back({{"direction", direction_name(s.direction)},
                    {"revision", s.revision ? s.revision->id : ""},
                    {"from", s.from_revisions},
                    {"to", s.to_revisions},
                    {"message", s.revision ? s.revision->message : ""}});
  return list;
}

// Why an upgrade or downgrade to `target` had no step, from the database's rows: it is at the
// target, or (upgrade) already past it — then the way back is a downgrade.
std::string nothing_to_do(const RevisionGraph& graph, const std::string& target,
                          const std::vector<std::string>& rows, bool upgrade) {
  std::string at = rows.empty() ? "base" : join(rows, ", ");
  if (upgrade) {
    bool behind = false;
    try {
      behind = !graph.plan_downgrade(target, rows).empty();
    } catch (const Error&) {
      // not below the current revisions: nothing more to say
    }
    if (behind)
      return "Nothing to do: the database is at " + at + ", which is past " + target +
             " (upgrade never goes back; to return to " + target + ", run `retort downgrade " +
             target + "`)";
  }
  std::vector<std::string> ids;
  try {
    ids = graph.resolve(target, rows);
  } catch (const Error&) {
  }
  std::string shown = target;
  if (ids != std::vector<std::string>{target} && !(ids.empty() && target == "base"))
    shown += " (" + (ids.empty() ? std::string("base") : join(ids, ", ")) + ")";
  return "Nothing to do: the database is already at " + shown;
}

struct MoveArgs {
  std::string target;
  std::string sql;  // --sql [FROM:]TO given as the target with a range
  bool offline = false;
  bool dry_run = false;
  double wait_for_db = 0;
  double lock_timeout = -1;
  std::string transaction;  // --transaction; "" = [migrations] transaction
  FleetArgs fleet;
};

std::string rows_text(const std::vector<std::string>& rows) {
  return rows.empty() ? std::string("base") : join(rows, ", ");
}

// upgrade/downgrade --all-targets: each target as a single run does it — the no-op path on the
// headers' graph, else a Migrator on the full graph (loaded once, by the first target that needs
// it) — with the progress of the fleet instead of each step's lines.
int fleet_move(Context& ctx, MigrationStep::Direction direction, const MoveArgs& a) {
  const bool upgrade = direction == MigrationStep::Direction::upgrade;
  refuse_with_targets(a.fleet, a.offline, "--sql");
  refuse_with_targets(a.fleet, a.dry_run, "--dry-run");
  const RevisionGraph& headers = ctx.graph_headers();
  std::mutex graph_mutex;
  const RevisionGraph* full = nullptr;
  auto full_graph = [&]() -> const RevisionGraph& {
    std::lock_guard<std::mutex> lock(graph_mutex);
    if (full == nullptr) full = &ctx.graph();
    return *full;
  };
  if (!upgrade) full_graph();  // a downgrade always runs ops
  const MigratorOptions options = migrator_options(ctx, a.lock_timeout, a.transaction);
  auto work = [&](const Target& target, Connection& conn, const Config& config) {
    TargetReply reply;
    std::vector<MigrationStep> steps;
    bool done = false;
    if (upgrade) {
      try {
        std::vector<std::string> rows = VersionTable(conn, config.version_table).read_rows();
        if (headers.ghosts(rows).empty() && headers.plan_upgrade(a.target, rows).empty()) {
          reply.rows = rows;
          done = true;
        }
      } catch (const Error&) {
        // the full path reports it, or creates the version table
      }
    }
    if (!done) {
      Migrator migrator(full_graph(), conn, options);
      // -v: each step's lines as a single run prints them, prefixed by the target's name.
      PrintingObserver steps_printer(ctx, target.name + ": ");
      MigrationObserver* observer = ctx.global.verbose ? &steps_printer : nullptr;
      steps =
          upgrade ? migrator.upgrade(a.target, observer) : migrator.downgrade(a.target, observer);
      reply.rows = migrator.current();
    }
    reply.summary = "at " + rows_text(reply.rows) +
                    (steps.empty() ? " (nothing to do)"
                                   : " (" + std::to_string(steps.size()) + " step(s) run)");
    reply.json = {{"steps", steps_json(steps)},
                  {"current", reply.rows},
                  {"transaction", run_transaction_name(options.transaction)}};
    return reply;
  };
  return run_fleet_command(ctx, a.fleet,
                           std::string(upgrade ? "upgrade " : "downgrade ") + a.target, true, work,
                           a.wait_for_db);
}

// The container-start path (docs/commands.md, "A database already at its target"): when the
// version rows already are at the target, `upgrade` needs only them and the graph of the files'
// headers — no op parsed, no lock taken. Returns the rows when there is nothing to do; nullopt
// sends the caller down the full path, which reports anything wrong (a bad file, ghost rows, a
// bad target, no version table yet) exactly as it did before this path existed.
struct AtTarget {
  std::vector<std::string> rows;
  std::string message;  // nothing_to_do()'s
};

// The connection the checks below read the version rows with. Only reads: a SQLite file that
// does not exist yet is not created here (the full path creates it once every file has loaded);
// PostgreSQL keeps the one connection it opens. A bad op in a file is reported before an
// unreachable database, as always.
Connection& at_target_connection(Context& ctx, const MoveArgs& a) {
  try {
    return ctx.db(ctx.dialect() == Dialect::sqlite ? DbAccess::read_only : DbAccess::write,
                  a.wait_for_db);
  } catch (const Error&) {
    ctx.graph();
    throw;
  }
}

// Whether the version rows are exactly `heads`, in any order: each row a head, each head a row.
bool rows_are_heads(std::vector<std::string> rows, std::vector<std::string> heads) {
  std::sort(rows.begin(), rows.end());
  std::sort(heads.begin(), heads.end());
  return rows == heads;
}

// The same for `head` and `heads` from the heads the header cache recorded for exactly these
// files (Context::cached_heads): no graph built. The rows must be those heads, no more, no
// fewer (for `head`, the one head); anything else is left to the graph. `rows_unreadable`: the
// heads were there but the version rows could not be read (no version table: a new database).
// The files are stat'ed on another thread while the database is opened and its rows read.
std::optional<AtTarget> at_cached_heads(Context& ctx, const MoveArgs& a, bool& rows_unreadable) {
  rows_unreadable = false;
  if (a.target != "head" && a.target != "heads") return std::nullopt;
  std::future<std::optional<CachedHeads>> pending = ctx.cached_heads_async();
  Connection* conn = &at_target_connection(ctx, a);
  std::vector<std::string> rows;
  bool unreadable = false;
  try {
    rows = VersionTable(*conn, ctx.config().version_table).read_rows();
  } catch (const Error&) {
    unreadable = true;  // the full path reports it
  }
  std::optional<CachedHeads> cached = pending.get();
  if (!cached) return std::nullopt;
  const std::vector<std::string>& heads = cached->targets;
  if (heads.empty() || (a.target == "head" && heads.size() != 1)) return std::nullopt;
  if (unreadable) {
    rows_unreadable = true;
    return std::nullopt;
  }
  if (!rows_are_heads(rows, heads)) return std::nullopt;
  // As nothing_to_do() words it: resolve(target) are the heads, never the target itself.
  return AtTarget{std::move(rows), "Nothing to do: the database is already at " + a.target + " (" +
                                       join(heads, ", ") + ")"};
}

std::optional<AtTarget> already_at_target(Context& ctx, const MoveArgs& a) {
  bool rows_unreadable = false;
  if (auto at = at_cached_heads(ctx, a, rows_unreadable)) return at;
  // The header cache is exact for these files (its heads were there, so there is nothing to
  // write to it) and the version rows cannot be read (a new database): the headers' graph below
  // would be built from the cache only to fail on the same read. The full path loads the files
  // once and creates the table (docs/BENCHMARKS.md, issue 16's third pass).
  if (rows_unreadable) return std::nullopt;
  const RevisionGraph* graph = nullptr;
  try {
    graph = &ctx.graph_headers();
  } catch (const Error&) {
    return std::nullopt;  // the full load reports it (the same file, or an op error before it)
  }
  Connection* conn = &at_target_connection(ctx, a);
  try {
    // read_rows(): one query; a missing table fails it, and the full path creates the table.
    std::vector<std::string> rows = VersionTable(*conn, ctx.config().version_table).read_rows();
    if (!graph->ghosts(rows).empty()) return std::nullopt;
    if (!graph->plan_upgrade(a.target, rows).empty()) return std::nullopt;
    std::string message = nothing_to_do(*graph, a.target, rows, true);
    return AtTarget{std::move(rows), std::move(message)};
  } catch (const Error&) {
    return std::nullopt;
  }
}

int cmd_move(Context& ctx, MigrationStep::Direction direction, const MoveArgs& a) {
  const bool upgrade = direction == MigrationStep::Direction::upgrade;
  if (a.fleet.active() && !(upgrade && skip_migrations_requested()))
    return fleet_move(ctx, direction, a);
  if (upgrade && skip_migrations_requested()) {
    if (ctx.global.json)
      ctx.json({{"skipped", true}, {"reason", "SKIP_MIGRATIONS is set"}, {"steps", Json::array()}});
    else
      ctx.out("SKIP_MIGRATIONS is set: skipping migrations");
    return 0;
  }
  if (upgrade && !a.offline && !a.dry_run) {
    if (auto at = already_at_target(ctx, a)) {
      if (ctx.global.json)
        ctx.json({{"steps", Json::array()},
                  {"current", at->rows},
                  {"transaction",
                   run_transaction_name(
                       migrator_options(ctx, a.lock_timeout, a.transaction).transaction)}});
      else
        ctx.out(at->message);
      return 0;
    }
  }
  const RevisionGraph& graph = ctx.graph();

  if (a.offline) {
    // Offline: a script for the configured dialect, without connecting (Alembic's --sql).
    std::string from, to = a.target;
    if (auto colon = a.target.find(':'); colon != std::string::npos) {
      from = a.target.substr(0, colon);
      to = a.target.substr(colon + 1);
    } else if (!upgrade) {
      throw Error(ErrorKind::usage,
                  "downgrade with --sql requires <fromrev>:<torev> (there is no database to read "
                  "the starting revision from)");
    }
    std::vector<std::string> start =
        from.empty() || from == "base" ? std::vector<std::string>{} : graph.resolve(from, {});
    std::vector<MigrationStep> steps =
        upgrade ? graph.plan_upgrade(to, start) : graph.plan_downgrade(to, start);
    const Config& cfg = ctx.config();
    OfflineOptions o;
    o.dialect = ctx.dialect();
    o.version_table = cfg.version_table;
    o.pg_lock_timeout = cfg.lock_timeout;
    o.pg_statement_timeout = cfg.statement_timeout;
    o.create_version_table = start.empty();
    o.one_transaction = migrator_options(ctx, -1, a.transaction).transaction == RunTransaction::all;
    // A table rebuild in the script needs the schema where it starts (SQLite).
    if (o.dialect == Dialect::sqlite && !start.empty())
      o.steps_before = graph.plan_upgrade(from, {});
    std::cout << render_offline_script(steps, o);
    return 0;
  }

  Connection& conn = ctx.db(a.dry_run ? DbAccess::read_only : DbAccess::write, a.wait_for_db);
  const MigratorOptions options = migrator_options(ctx, a.lock_timeout, a.transaction);
  const bool all = options.transaction == RunTransaction::all;
  const char* mode = run_transaction_name(options.transaction);
  Migrator migrator(graph, conn, options);
  if (a.dry_run) {
    auto steps = migrator.plan(direction, a.target);
    if (ctx.global.json) {
      ctx.json({{"steps", steps_json(steps)}, {"transaction", mode}});
    } else {
      if (steps.empty()) ctx.out(nothing_to_do(graph, a.target, migrator.current(), upgrade));
      const SqlDialect& dialect = dialect_for(conn.dialect());
      for (const auto& s : steps) {
        ctx.out("Would run " + step_text(s));
        // The guards each op is checked with when it runs (docs/migration-files.md, "Guards").
        if (!s.revision || s.direction == MigrationStep::Direction::stamp) continue;
        const std::vector<Op>& ops = ops_of(s);
        for (size_t i = 0; i < ops.size(); ++i) {
          if (!skip_reason(ops[i], conn.dialect()).empty()) continue;
          for (const std::string& g : dialect.describe_guards(ops[i]))
            ctx.out("  op " + std::to_string(i + 1) + " " + std::string(op_name(ops[i].body)) +
                    (ops[i].where.empty() ? "" : " at " + ops[i].where.str()) + ", guarded: " + g);
        }
      }
      if (all && !steps.empty())
        ctx.out("Would commit them in one transaction (--transaction all)");
    }
    return 0;
  }
  PrintingObserver observer(ctx);
  auto steps =
      upgrade ? migrator.upgrade(a.target, &observer) : migrator.downgrade(a.target, &observer);
  if (ctx.global.json) {
    ctx.json(
        {{"steps", steps_json(steps)}, {"current", migrator.current()}, {"transaction", mode}});
  } else if (steps.empty()) {
    ctx.out(nothing_to_do(graph, a.target, migrator.current(), upgrade));
  }
  return 0;
}

// current --all-targets: each target's rows; ghosts or rows on one line of descent fail it.
int fleet_current(Context& ctx, const FleetArgs& fleet) {
  const RevisionGraph& graph = ctx.graph_headers();
  auto work = [&](const Target&, Connection& conn, const Config& config) {
    const DatabaseStatus status = database_status(graph, conn, config);
    if (!status.ghosts.empty()) throw Error(ErrorKind::failure, status.ghost_message);
    if (auto overlaps = graph.overlapping_rows(status.rows); !overlaps.empty())
      throw Error(ErrorKind::failure, overlap_message(overlaps, status.rows));
    TargetReply reply;
    reply.rows = status.rows;
    reply.summary = "at " + rows_text(status.rows) + (status.at_heads() ? " (head)" : "");
    reply.json = {
        {"current", status.rows}, {"ghost", status.ghosts}, {"at_head", status.at_heads()}};
    return reply;
  };
  return run_fleet_command(ctx, fleet, "current", false, work);
}

// `current` from the header cache's record of the heads (Context::cached_heads), when the
// version rows are exactly the heads `upgrade heads` reaches (then no row is a ghost and none is
// an ancestor of another): the same output, no graph built. nullopt: ask the graph.
// The files are stat'ed on another thread while the rows are read.
std::optional<int> current_from_cached_heads(Context& ctx) {
  std::future<std::optional<CachedHeads>> pending = ctx.cached_heads_async();
  std::vector<std::string> rows;
  try {
    Connection& conn = ctx.db(DbAccess::read_only);
    rows = VersionTable(conn, ctx.config().version_table).read();
  } catch (const Error&) {
    // A bad file is reported before an unreachable or unreadable database, as without the
    // cache.
    if (!pending.get()) ctx.graph_headers();
    throw;
  }
  std::optional<CachedHeads> cached = pending.get();
  if (!cached) return std::nullopt;
  if (!rows_are_heads(rows, cached->targets)) return std::nullopt;
  std::vector<const CachedHead*> shown;
  for (const std::string& id : rows) {
    auto it = std::find_if(cached->heads.begin(), cached->heads.end(),
                           [&](const CachedHead& h) { return h.id == id; });
    if (it == cached->heads.end()) return std::nullopt;
    shown.push_back(&*it);
  }
  if (ctx.global.json) {
    ctx.json({{"current", rows}, {"ghost", Json::array()}});
    return 0;
  }
  FormatOptions o;
  o.color = ctx.color();
  for (const CachedHead* h : shown)
    ctx.out(revision_line(cached_head_revision(*h), revision_facts(*h), o));
  return 0;
}

int cmd_current(Context& ctx, bool verbose, const FleetArgs& fleet) {
  if (fleet.active()) return fleet_current(ctx, fleet);
  if (!verbose) {
    if (std::optional<int> code = current_from_cached_heads(ctx)) return *code;
  }
  const RevisionGraph& graph = ctx.graph_headers();
  Connection& conn = ctx.db(DbAccess::read_only);
  const DatabaseStatus status = database_status(graph, conn, ctx.config());
  const std::vector<std::string>& rows = status.rows;
  if (ctx.global.json) {
    ctx.json({{"current", rows}, {"ghost", status.ghosts}});
  } else {
    if (verbose) ctx.out("Current revision(s) for " + conn.describe() + ":");
    FormatOptions o;
    o.color = ctx.color();
    for (const auto& id : status.applied) {
      const Revision* r = graph.find(id);
      ctx.out(verbose ? revision_entry(graph, *r, false, o.color) : revision_line(graph, *r, o));
    }
    for (const auto& g : status.ghosts) ctx.out(g + " (ghost: not in the migration files)");
  }
  bool bad = !status.ghosts.empty();
  if (bad) ctx.warn(status.ghost_message);
  // Rows on one line of descent: every other command refuses them; say so here too.
  if (auto overlaps = graph.overlapping_rows(rows); !overlaps.empty()) {
    ctx.warn(overlap_message(overlaps, rows));
    bad = true;
  }
  return bad ? 1 : 0;
}

int cmd_stamp(Context& ctx, const std::vector<std::string>& revs, bool purge, bool offline,
              const FleetArgs& fleet) {
  const RevisionGraph& graph = ctx.graph_headers();
  refuse_with_targets(fleet, offline, "--sql");
  if (fleet.active()) {
    const MigratorOptions options = migrator_options(ctx, -1);
    auto work = [&](const Target& target, Connection& conn, const Config&) {
      Migrator migrator(graph, conn, options);
      PrintingObserver steps_printer(ctx, target.name + ": ");  // -v, as for upgrade
      auto steps = migrator.stamp(revs, purge, ctx.global.verbose ? &steps_printer : nullptr);
      TargetReply reply;
      reply.rows = migrator.current();
      reply.summary = "stamped " + rows_text(reply.rows);
      reply.json = {{"steps", steps_json(steps)}, {"current", reply.rows}};
      return reply;
    };
    return run_fleet_command(ctx, fleet, "stamp " + join(revs, " ") + (purge ? " --purge" : ""),
                             true, work);
  }
  if (offline) {
    std::vector<MigrationStep> steps = graph.plan_stamp(revs, {});
    OfflineOptions o;
    o.dialect = ctx.dialect();
    o.version_table = ctx.config().version_table;
    o.pg_lock_timeout = ctx.config().lock_timeout;
    o.pg_statement_timeout = ctx.config().statement_timeout;
    o.create_version_table = true;
    std::cout << render_offline_script(steps, o);
    return 0;
  }
  Connection& conn = ctx.db(DbAccess::write);
  Migrator migrator(graph, conn, migrator_options(ctx, -1));
  PrintingObserver observer(ctx);
  auto steps = migrator.stamp(revs, purge, &observer);
  if (ctx.global.json) ctx.json({{"steps", steps_json(steps)}, {"current", migrator.current()}});
  return 0;
}

// verify: the checksum recorded when each applied revision last ran, against its file today
// (runner/verify.hpp).
Json verify_json(const VerifyReport& report) {
  Json findings = Json::array();
  for (const VerifyFinding& f : report.findings)
    findings.push_back({{"code", f.code},
                        {"message", f.message},
                        {"file", f.file},
                        {"line", f.line},
                        {"revision", f.revision}});
  return {{"ok", report.ok()},
          {"findings", findings},
          {"checked", report.checked},
          {"unrecorded", report.unrecorded}};
}

int fleet_verify(Context& ctx, const FleetArgs& fleet) {
  const RevisionGraph& graph = ctx.graph_headers_from_files();
  auto work = [&](const Target&, Connection& conn, const Config& config) {
    const VerifyReport report = verify_checksums(graph, conn, config);
    if (!report.ok()) {
      std::string message = std::to_string(report.findings.size()) + " finding(s)";
      for (const VerifyFinding& f : report.findings) message += "\n  " + f.code + " " + f.message;
      if (!report.status.ghosts.empty()) message += "\n" + report.status.ghost_message;
      throw Error(ErrorKind::failure, message);
    }
    TargetReply reply;
    reply.rows = report.status.rows;
    reply.summary = std::to_string(report.checked) + " applied revision(s) match their files";
    reply.json = verify_json(report);
    return reply;
  };
  return run_fleet_command(ctx, fleet, "verify", false, work);
}

int cmd_verify(Context& ctx, const FleetArgs& fleet) {
  if (fleet.active()) return fleet_verify(ctx, fleet);
  const VerifyReport report =
      verify_checksums(ctx.graph_headers_from_files(), ctx.db(DbAccess::read_only), ctx.config());
  const bool ok = report.ok();
  if (ctx.global.json) {
    ctx.json(verify_json(report));
  } else {
    for (const VerifyFinding& f : report.findings) {
      std::string place = f.file;
      if (!place.empty()) place += ":" + std::to_string(f.line) + ": ";
      ctx.out(place + f.code + " " + f.message);
    }
    const int checked = report.checked, modified = report.modified;
    std::string summary =
        modified ? std::to_string(checked - modified) + " of " + std::to_string(checked) +
                       " applied revision(s) match their files"
                 : std::to_string(checked) + " applied revision(s) match their files";
    if (report.unrecorded)
      summary += "; " + std::to_string(report.unrecorded) +
                 " without a recorded checksum (applied by another tool or stamped)";
    if (ok)
      ctx.out("OK: " + summary);
    else
      ctx.out("FAILED: " + std::to_string(report.findings.size()) + " finding(s); " + summary);
    if (!report.status.ghosts.empty()) ctx.warn(report.status.ghost_message);
  }
  return ok ? 0 : 1;
}

// A number of seconds from 0 to a day (--wait-for-db, --lock-timeout): a negative, infinite or
// NaN value is a usage error rather than "no limit" or an overflow.
Check seconds_validator() {
  Check c;
  c.validate = [](const std::string& text) -> std::string {
    char* end = nullptr;
    double v = std::strtod(text.c_str(), &end);
    bool number = !text.empty() && end == text.c_str() + text.size() && std::isfinite(v);
    if (number && v >= 0 && v <= 86400) return "";
    return "expected a number of seconds from 0 to 86400, got '" + text + "'";
  };
  return c;
}

}  // namespace

void add_database_commands(Command& app, Context& ctx, Action& action) {
  for (auto direction : {MigrationStep::Direction::upgrade, MigrationStep::Direction::downgrade}) {
    const bool up = direction == MigrationStep::Direction::upgrade;
    auto* c =
        app.add_subcommand(up ? "upgrade" : "downgrade",
                           up ? "Apply revisions up to TARGET" : "Undo revisions down to TARGET");
    auto a = std::make_shared<MoveArgs>();
    c->add_option("TARGET", a->target,
                  up ? "e.g. head, heads, +1, 042, LABEL@head" : "e.g. -1, base, 041, LABEL@base")
        ->required();
    c->add_flag("--sql", a->offline,
                up ? "Print the SQL instead of running it; TARGET may be FROM:TO"
                   : "Print the SQL instead of running it; TARGET must be FROM:TO");
    c->add_flag("--dry-run", a->dry_run, "Show the steps without changing anything");
    if (up) {
      c->add_option("--wait-for-db", a->wait_for_db,
                    "Retry connecting for up to SECONDS while the database starts")
          ->check(seconds_validator());
    }
    c->add_option("--lock-timeout", a->lock_timeout,
                  "Seconds to wait for another migration to finish (PostgreSQL)")
        ->check(seconds_validator());
    c->add_option("--transaction", a->transaction,
                  "per-revision: each revision in its own transaction; all: the whole run in one "
                  "(default: [migrations] transaction, else per-revision)")
        ->check(one_of({"per-revision", "all"}));
    add_fleet_options(*c, a->fleet, true);
    c->callback(
        [&, a, direction] { action = [&, a, direction] { return cmd_move(ctx, direction, *a); }; });
  }
  {
    auto* c = app.add_subcommand("current", "Show the database's current revisions");
    auto v = std::make_shared<bool>(false);
    auto fleet = std::make_shared<FleetArgs>();
    c->add_flag("-v,--verbose", *v, "Show every detail");
    add_fleet_options(*c, *fleet, false);
    c->callback([&, v, fleet] {
      action = [&, v, fleet] { return cmd_current(ctx, *v || ctx.global.verbose, *fleet); };
    });
  }
  {
    auto* c = app.add_subcommand("stamp", "Set the version table without running migrations");
    auto revs = std::make_shared<std::vector<std::string>>();
    auto purge = std::make_shared<bool>(false);
    auto offline = std::make_shared<bool>(false);
    c->add_option("REVISIONS", *revs, "Target revisions")->required();
    c->add_flag("--purge", *purge, "Empty the version table first (also clears ghost revisions)");
    c->add_flag("--sql", *offline, "Print the SQL instead of running it");
    auto fleet = std::make_shared<FleetArgs>();
    add_fleet_options(*c, *fleet, true);
    c->callback([&, revs, purge, offline, fleet] {
      action = [&, revs, purge, offline, fleet] {
        return cmd_stamp(ctx, *revs, *purge, *offline, *fleet);
      };
    });
  }
  {
    auto* c = app.add_subcommand("verify", "Compare checksums of applied revisions with the files");
    auto fleet = std::make_shared<FleetArgs>();
    add_fleet_options(*c, *fleet, false);
    c->callback([&, fleet] { action = [&, fleet] { return cmd_verify(ctx, *fleet); }; });
  }
}

}  // namespace retort::cli
