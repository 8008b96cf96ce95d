// `retort import alembic`: an Alembic project's revision scripts into retort YAML revisions
// (docs/alembic-import.md). The work is in src/importer/; this file picks the target directory
// from the configuration, writes retort.toml when there is none, and prints the report.
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "base/error.hpp"
#include "cli/commands.hpp"
#include "importer/alembic_import.hpp"

namespace fs = std::filesystem;

namespace retort::cli {

namespace {

struct ImportArgs {
  std::string source;
  std::string into;
  std::string dialect_hint;
  std::string python;
  bool force = false;
};

int cmd_import_alembic(Context& ctx, const ImportArgs& a) {
  importer::ImportOptions o;
  o.source = a.source;
  o.force = a.force;
  o.python = !a.python.empty() ? a.python
             : std::getenv("RETORT_PYTHON") && *std::getenv("RETORT_PYTHON")
                 ? std::string(std::getenv("RETORT_PYTHON"))
                 : std::string("python3");
  if (!a.dialect_hint.empty()) {
    if (a.dialect_hint == "postgresql" || a.dialect_hint == "postgres")
      o.dialect_hint = Dialect::postgresql;
    else if (a.dialect_hint == "sqlite")
      o.dialect_hint = Dialect::sqlite;
    else
      throw Error(ErrorKind::usage,
                  "--dialect-hint must be postgresql or sqlite, not '" + a.dialect_hint + "'");
  }
  const Config& cfg = ctx.config();
  const bool write_config = !cfg.file.has_value();
  o.into = !a.into.empty() ? a.into : cfg.migration_directories.front();
  if (write_config && fs::exists("retort.toml"))
    throw Error(ErrorKind::usage, "retort.toml exists but was not read; pass -c retort.toml");

  importer::ImportResult r = importer::import_alembic(o);

  std::string config_written;
  if (write_config) {
    config_written = "retort.toml";
    std::ofstream f(config_written);
    f << importer::render_imported_config(r.layout, o.into);
    if (!f) throw Error(ErrorKind::input, "cannot write retort.toml");
  } else {
    std::string alembic_table = r.layout.version_table_schema.empty()
                                    ? r.layout.version_table
                                    : r.layout.version_table_schema + "." + r.layout.version_table;
    if (cfg.version_table != alembic_table)
      ctx.warn("warning: " + *cfg.file + " uses version_table \"" + cfg.version_table +
               "\" but the Alembic project uses \"" + alembic_table +
               "\": set it to Alembic's to continue on the same databases");
  }

  const size_t review = r.needs_review();
  const size_t total = r.files.size();
  if (ctx.global.json) {
    Json files = Json::array();
    for (const auto& f : r.files) {
      Json reasons = Json::array();
      for (const auto& item : f.review)
        reasons.push_back({{"line", item.line}, {"reason", item.reason}});
      files.push_back({{"source", f.source},
                       {"written", f.written.empty() ? Json() : Json(f.written)},
                       {"revision", f.revision},
                       {"status", f.review.empty() ? "converted" : "needs review"},
                       {"reasons", reasons}});
    }
    ctx.json({{"ok", review == 0},
              {"files", files},
              {"converted", total - review},
              {"needs_review", review},
              {"into", o.into},
              {"config_written", config_written.empty() ? Json() : Json(config_written)},
              {"version_table", r.layout.version_table_schema.empty()
                                    ? r.layout.version_table
                                    : r.layout.version_table_schema + "." + r.layout.version_table},
              {"version_locations", r.layout.version_locations},
              {"python", r.python_version},
              {"seconds",
               {{"python", r.python_seconds},
                {"python_cpu", r.python_cpu_seconds},
                {"decode", r.decode_seconds},
                {"translate", r.translate_seconds},
                {"retort_cpu", r.cpu_seconds}}}});
  } else {
    for (const auto& f : r.files) {
      if (f.review.empty()) {
        ctx.out("converted     " + f.source + " -> " + f.written);
      } else {
        ctx.out("needs review  " + f.source + (f.written.empty() ? "" : " -> " + f.written));
        for (const auto& item : f.review)
          ctx.out("    " + f.source + ":" + std::to_string(item.line) + ": " + item.reason);
      }
    }
    if (!config_written.empty())
      ctx.out("Wrote " + config_written + " (version table \"" + r.layout.version_table +
              "\"; set the database URL with RETORT_DATABASE_URL or DATABASE_URL)");
    ctx.out(std::to_string(total) + " scripts: " + std::to_string(total - review) + " converted, " +
            std::to_string(review) + " need review");
    if (review > 0)
      ctx.out(
          "Each op that needs review is an `assert` that fails with its reason; replace it "
          "with what the Python in the comment above it does (docs/alembic-import.md).");
  }
  return review == 0 ? 0 : 1;
}

}  // namespace

void add_import_commands(Command& app, Context& ctx, Action& action) {
  Command* imp = app.add_subcommand("import", "Import another tool's migrations");
  imp->require_subcommand(1);
  auto a = std::make_shared<ImportArgs>();
  Command* alembic = imp->add_subcommand(
      "alembic",
      "Write one retort revision per Alembic script (same ids, parents, labels, messages), "
      "translating op.* calls to ops; what cannot be translated is marked for review "
      "(docs/alembic-import.md)");
  alembic
      ->add_option("ALEMBIC_DIR", a->source,
                   "The Alembic project: a directory with alembic.ini, the script_location "
                   "directory, or a versions directory")
      ->required();
  alembic->add_option("--into", a->into,
                      "Directory to write the YAML files to (default: the configured migrations "
                      "directory)");
  alembic->add_option("--dialect-hint", a->dialect_hint,
                      "postgresql or sqlite: the database the project runs on; op.execute SQL "
                      "is then written for that database only");
  alembic->add_option("--python", a->python,
                      "The Python that parses the scripts (default: $RETORT_PYTHON, else "
                      "python3; 3.8 or later, no packages needed)");
  alembic->add_flag("--force", a->force, "Overwrite existing YAML files");
  alembic->callback(
      [&ctx, &action, a] { action = [&ctx, a] { return cmd_import_alembic(ctx, *a); }; });
}

}  // namespace retort::cli
