// Commands that judge migrations without applying them to the user's database: lint.
#include "cli/commands.hpp"
#include "cli/format.hpp"
#include "lint/lint.hpp"

namespace retort::cli {

namespace {

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
                      {"revision", f.revision},
                      {"file", f.where.file},
                      {"line", f.where.line}});
    ctx.json({{"ok", findings.empty()}, {"findings", list}, {"revisions", revs.size()}});
  } else {
    for (const auto& f : findings) {
      ctx.out(f.where.str() + ": " + f.code + " " + f.message);
      ctx.out("    safer: " + f.recipe);
      ctx.out("    after review, allow it on the op with: lint_allow: [" + f.code + "]");
    }
    ctx.out(findings.empty()
                ? "OK: " + std::to_string(revs.size()) + " revision(s), no findings"
                : std::to_string(findings.size()) + " finding(s) in " +
                      std::to_string(revs.size()) + " revision(s)");
  }
  return findings.empty() ? 0 : 1;
}

}  // namespace

void add_quality_commands(CLI::App& app, Context& ctx, Action& action) {
  auto* c = app.add_subcommand("lint", "Report risky ops (SPEC §8 rules R101…R113)");
  auto revs = std::make_shared<std::vector<std::string>>();
  auto ignore = std::make_shared<std::vector<std::string>>();
  c->add_option("REVISIONS", *revs, "Revisions to lint (default: all)");
  c->add_option("--ignore", *ignore, "Rule codes not to report (e.g. R108)");
  c->callback([&, revs, ignore] {
    action = [&, revs, ignore] { return cmd_lint(ctx, *revs, *ignore); };
  });
}

}  // namespace retort::cli
