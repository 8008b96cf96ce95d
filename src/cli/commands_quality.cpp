// Commands that judge migrations and schemas: lint, check, test, sql-schema.
#include <filesystem>
#include <iostream>
#include <optional>

#include "base/name_glob.hpp"
#include "base/strings.hpp"
#include "cli/commands.hpp"
#include "cli/format.hpp"
#include "cli/scratch.hpp"
#include "db/interrupt.hpp"
#include "diff/schema_diff.hpp"
#include "lint/lint.hpp"
#include "ops/load_model.hpp"
#include "ops/write_yaml.hpp"
#include "runner/migrator.hpp"
#include "runner/version_table.hpp"
#include "schema/reflect.hpp"
#include "schema/stored_form.hpp"

namespace retort::cli {

namespace {

// A scratch database (check --scratch, test) is built one revision per transaction, whatever
// [migrations] transaction says: nothing else uses it, and a transactional: false revision in the
// history must not stop the check.
MigratorOptions scratch_migrator_options(const Config& cfg) {
  MigratorOptions o = migrator_options(cfg);
  o.transaction = RunTransaction::per_revision;
  return o;
}

int cmd_lint(Context& ctx, const std::vector<std::string>& targets,
             const std::vector<std::string>& ignore) {
  const RevisionGraph& graph = ctx.graph();
  std::vector<const Revision*> revs;
  if (targets.empty()) {
    // Oldest first, so findings read in the order the revisions run.
    revs = graph.history();
    std::reverse(revs.begin(), revs.end());
  } else {
    for (const auto& t : targets)
      for (const auto& id : graph.resolve(t))
        if (const Revision* r = graph.find(id);
            r && std::find(revs.begin(), revs.end(), r) == revs.end())
          revs.push_back(r);
  }
  LintOptions options;
  options.ignore = ignore;
  std::vector<LintFinding> findings = lint_revisions(revs, options);
  if (ctx.global.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& f : findings)
      list.push_back({{"code", f.code},
                      {"message", f.message},
                      {"recipe", f.recipe},
                      {"allow", f.allow},
                      {"revision", f.revision},
                      {"file", f.where.file},
                      {"line", f.where.line}});
    ctx.json({{"ok", findings.empty()}, {"findings", list}, {"revisions", revs.size()}});
  } else {
    for (const auto& f : findings) {
      ctx.out(f.where.str() + ": " + f.code + " " + f.message);
      ctx.out("    safer: " + f.recipe);
      ctx.out("    after review, allow it with: " + f.allow);
    }
    ctx.out(findings.empty() ? "OK: " + std::to_string(revs.size()) + " revision(s), no findings"
                             : std::to_string(findings.size()) + " finding(s) in " +
                                   std::to_string(revs.size()) + " revision(s)");
  }
  return findings.empty() ? 0 : 1;
}

std::vector<std::string> bookkeeping_tables(const Config& cfg) {
  std::vector<std::string> out{cfg.version_table};
  if (!cfg.history_table.empty()) out.push_back(cfg.history_table);
  return out;
}

DiffOptions diff_options(const Config& cfg) {
  DiffOptions o;
  o.exclude_tables = bookkeeping_tables(cfg);
  return o;
}

// The database's schema as autogenerate, check and sql-schema see it: without the version and
// history tables, nor the tables `[autogenerate] exclude` names (docs/configuration.md).
Schema reflect_project_schema(Connection& conn, const Config& cfg) {
  Schema schema = reflect_schema(conn, bookkeeping_tables(cfg));
  std::erase_if(schema.tables,
                [&](const TableSpec& t) { return excluded_by(cfg.autogenerate_exclude, t.name); });
  return schema;
}

Schema load_project_model(Context& ctx) {
  const Config& cfg = ctx.config();
  if (!std::filesystem::exists(cfg.models_path))
    throw Error(ErrorKind::input, "no model at '" + cfg.models_path +
                                      "': write the desired schema in models/*.yaml (see "
                                      "docs/models.md), or set [models] path in "
                                      "retort.toml");
  std::optional<Dialect> dialect;
  if (cfg.database_url) dialect = cfg.database_url->dialect;
  return load_model(cfg.models_path, dialect);
}

// The comparison behind `check` and `revision --autogenerate` (docs/autogenerate.md): the
// database as reflected against the model, whose expressions are first put through the same
// database (schema/stored_form) so that both sides are the database's own text. A model with no
// table compared with a database that has some would drop every table: refused (Error(input))
// unless `allow_empty_model`. `command` names the command in that message.
DiffResult compare_model(Context& ctx, Connection& conn, const Schema& model,
                         bool allow_empty_model, const std::string& command) {
  const Config& cfg = ctx.config();
  Schema db = reflect_project_schema(conn, cfg);
  if (model.tables.empty() && !db.tables.empty() && !allow_empty_model) {
    std::vector<std::string> names;
    for (const TableSpec& t : db.tables) {
      if (names.size() == 5) {
        names.push_back("...");
        break;
      }
      names.push_back(t.name);
    }
    throw Error(ErrorKind::input,
                "the model (" + cfg.models_path + ") declares no tables, but the database has " +
                    std::to_string(db.tables.size()) + " (" + join(names, ", ") + "): " + command +
                    " would take an empty model to mean \"drop every table\". Write the desired "
                    "schema in the model (`retort sql-schema > " +
                    cfg.models_path +
                    "/schema.yaml` starts it from the database; see docs/autogenerate.md), or "
                    "pass --allow-empty-model if dropping every table is what you want");
  }
  Schema stored = model_as_stored(conn, model);
  DiffOptions options = diff_options(cfg);
  options.exclude_patterns = cfg.autogenerate_exclude;  // the model's side too
  options.expressions = DiffOptions::Expressions::stored;
  options.model_stored = &stored;
  return diff_schemas(db, model, conn.dialect(), options);
}

std::vector<std::string> head_ids(const RevisionGraph& graph) {
  std::vector<std::string> out;
  for (const Revision* h : graph.heads()) out.push_back(h->id);
  std::sort(out.begin(), out.end());
  return out;
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

int cmd_check(Context& ctx, bool scratch, bool allow_empty_model) {
  const RevisionGraph& graph = ctx.graph();
  const Config& cfg = ctx.config();
  Schema model = load_project_model(ctx);
  nlohmann::json findings = nlohmann::json::array();
  std::vector<std::string> lines;
  auto add = [&](const std::string& code, const std::string& message, const std::string& file,
                 int line) {
    findings.push_back({{"code", code}, {"message", message}, {"file", file}, {"line", line}});
    lines.push_back(message);
  };
  std::vector<std::string> heads = head_ids(graph);
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
    std::vector<std::string> rows = VersionTable(*conn, cfg.version_table).read();
    std::sort(rows.begin(), rows.end());
    if (report_ghosts(ctx, rows)) {
      // The files do not describe the database's schema: nothing to diff. --json still answers
      // with one object (the explanation went to stderr).
      for (const std::string& g : graph.ghosts(rows))
        add("ghost_revision",
            "revision " + g + " is applied to the database but no migration file has it", "", 0);
      if (ctx.global.json) ctx.json({{"ok", false}, {"findings", findings}});
      return 1;
    }
    if (rows != heads)
      add("not_at_head",
          "the database is at " + (rows.empty() ? std::string("base") : join(rows, ", ")) +
              ", not at the head revision(s) " + join(heads, ", ") +
              ": run `retort upgrade heads` first, or use `check --scratch`",
          "", 0);
  }
  DiffResult diff = compare_model(ctx, *conn, model, allow_empty_model, "check");
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
    std::cout << "# The schema of " << conn.describe() << ", reflected by retort " RETORT_VERSION
              << "\n# in the model format (models/*.yaml): see docs/models.md\n"
              << render_schema(schema);
  }
  return 0;
}

// Prints one line per checked revision: "ok   012 message", "skip 013 (…)", "allowed 014 (reason):
// …", "FAILED revision 015 …". `keep_going`: a revision that does not round-trip is reported and
// the test goes on (exit 1 at the end) instead of stopping there.
int cmd_test(Context& ctx, bool keep_going) {
  const RevisionGraph& graph = ctx.graph();
  const Config& cfg = ctx.config();
  DatabaseUrl url;
  if (ctx.has_database_url()) url = cfg.require_database_url();
  std::optional<ScratchDatabase> scratch(std::in_place, url);
  std::optional<Migrator> migrator(std::in_place, graph, scratch->connection(),
                                   scratch_migrator_options(cfg));
  const Dialect d = scratch->connection().dialect();
  const std::vector<std::string> excluded = bookkeeping_tables(cfg);
  DiffOptions options = diff_options(cfg);
  // Both sides are reflected from the same database: its own texts, compared as they are.
  options.expressions = DiffOptions::Expressions::stored;
  auto reflect = [&] { return reflect_schema(scratch->connection(), excluded); };

  std::vector<MigrationStep> plan = graph.plan_upgrade("heads", {});
  ctx.out("Testing " + std::to_string(plan.size()) + " revision(s) on a scratch database (" +
          scratch->describe() +
          "): upgrade one at a time; after each, downgrade and upgrade again");
  nlohmann::json results = nlohmann::json::array();
  std::vector<std::string> rows;
  Schema before = reflect();
  int checked = 0, skipped = 0;
  std::vector<std::string> failed, allowed;
  // After a revision that did not round-trip, the scratch database holds whatever its downgrade
  // and second upgrade left: start a fresh one and apply the plan up to and including the
  // revision, so that the revisions after it are tested from the schema their upgrades expect.
  auto rebuild = [&](size_t through) {
    migrator.reset();
    scratch.reset();  // drops the temporary PostgreSQL database before the next is created
    scratch.emplace(url);
    migrator.emplace(graph, scratch->connection(), scratch_migrator_options(cfg));
    migrator->run_steps(std::vector<MigrationStep>(plan.begin(), plan.begin() + through + 1));
  };
  for (size_t i = 0; i < plan.size(); ++i) {
    const MigrationStep& step = plan[i];
    const Revision& rev = *step.revision;
    throw_if_interrupted();  // Ctrl-C: stop here; the scratch database is dropped on the way out
    migrator->run_steps({step});
    Schema after = reflect();
    bool irreversible = false;
    for (const Op& op : rev.downgrade)
      if (op.runs_on(d) && std::holds_alternative<Irreversible>(op.body)) irreversible = true;
    if (irreversible) {
      ++skipped;
      results.push_back(
          {{"revision", rev.id}, {"ok", true}, {"skipped", "irreversible downgrade"}});
      ctx.out("skip " + rev.id + " (its downgrade is irreversible)");
      rows = step.heads_after;
      before = std::move(after);
      continue;
    }
    // What went wrong, if anything, and the difference. The expected schema goes first, so each
    // line reads from what was expected to what the step left ("added index …" = an index the
    // downgrade left behind).
    std::string what;
    std::vector<std::string> lines;  // the difference, or the failing migration's error
    const bool tolerate = keep_going || !rev.round_trip_allowed.empty();
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
      ++checked;
      results.push_back({{"revision", rev.id}, {"ok", true}});
      ctx.out("ok   " + rev.id + " " + rev.message +
              (rev.round_trip_allowed.empty()
                   ? ""
                   : " (round-trips: its test_allow.round_trip is no longer needed)"));
    } else {
      std::string detail = what;
      for (const auto& line : lines) detail += "\n    " + line;
      const std::string message = "revision " + rev.id + " (" + rev.path + "): " + detail;
      if (!rev.round_trip_allowed.empty()) {
        allowed.push_back(rev.id);
        results.push_back({{"revision", rev.id},
                           {"ok", true},
                           {"allowed", rev.round_trip_allowed},
                           {"message", message}});
        ctx.out("allowed " + rev.id + " (" + rev.round_trip_allowed + "): " + detail);
      } else {
        failed.push_back(rev.id);
        results.push_back({{"revision", rev.id}, {"ok", false}, {"message", message}});
        if (!keep_going) {
          if (ctx.global.json)
            ctx.json({{"ok", false}, {"results", results}});
          else
            ctx.out("FAILED " + message);
          return 1;
        }
        ctx.out("FAILED " + message);
      }
      rebuild(i);
    }
    rows = step.heads_after;
    before = std::move(after);
  }
  const bool ok = failed.empty();
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

Autogenerated autogenerate(Context& ctx, bool allow_empty_model) {
  const RevisionGraph& graph = ctx.graph_headers();
  const Config& cfg = ctx.config();
  Schema model = load_project_model(ctx);
  Connection& conn = ctx.db(DbAccess::read_only);
  std::vector<std::string> rows = VersionTable(conn, cfg.version_table).read();
  std::sort(rows.begin(), rows.end());
  if (report_ghosts(ctx, rows))
    throw Error(ErrorKind::revision,
                "autogenerate needs a database whose revisions the files know");
  std::vector<std::string> heads = head_ids(graph);
  if (rows != heads)
    throw Error(ErrorKind::failure,
                "Target database is not up to date: it is at " +
                    (rows.empty() ? std::string("base") : join(rows, ", ")) + ", the head" +
                    (heads.size() == 1 ? " is " : "s are ") + join(heads, ", ") +
                    ". Run `retort upgrade heads` first: autogenerate compares the model with a "
                    "database that has every revision applied");
  DiffResult diff = compare_model(ctx, conn, model, allow_empty_model, "autogenerate");
  Autogenerated out;
  out.empty = diff.empty();
  out.upgrade = std::move(diff.upgrade);
  out.downgrade = std::move(diff.downgrade);
  out.notes = std::move(diff.notes);
  out.differences = describe_differences(diff);
  return out;
}

void add_quality_commands(CLI::App& app, Context& ctx, Action& action) {
  auto* c = app.add_subcommand("lint", "Report risky ops (rules R101-R114: docs/lint.md)");
  auto revs = std::make_shared<std::vector<std::string>>();
  auto ignore = std::make_shared<std::vector<std::string>>();
  c->add_option("REVISIONS", *revs, "Revisions to lint (default: all)");
  c->add_option("--ignore", *ignore, "Rule codes not to report (e.g. R108)");
  c->callback(
      [&, revs, ignore] { action = [&, revs, ignore] { return cmd_lint(ctx, *revs, *ignore); }; });
  {
    auto* chk = app.add_subcommand("check", "Compare the model with the database");
    auto scratch = std::make_shared<bool>(false);
    auto allow_empty = std::make_shared<bool>(false);
    chk->add_flag("--scratch", *scratch,
                  "Compare with a fresh database built by applying every migration");
    chk->add_flag("--allow-empty-model", *allow_empty,
                  "Compare even when the model declares no tables and the database has some");
    chk->callback([&, scratch, allow_empty] {
      action = [&, scratch, allow_empty] { return cmd_check(ctx, *scratch, *allow_empty); };
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
