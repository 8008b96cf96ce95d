#include "cli/lint_report.hpp"

#include <retort/version.hpp>

#include "cli/json.hpp"

namespace retort::cli {

namespace {

// GitHub's escaping of a workflow command's message and of its properties.
std::string github_escape(const std::string& text, bool property) {
  std::string out;
  for (char c : text) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else if (property && c == ':')
      out += "%3A";
    else if (property && c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

int column_of(const LintFinding& f) {
  return f.where.column > 0 ? f.where.column : 1;
}

// SARIF 2.1.0 (OASIS): one run of the tool "retort", its rules, one result per finding.
Json sarif(const std::vector<LintFinding>& findings) {
  Json rules = Json::array();
  for (const LintRule& r : lint_rules())
    rules.push_back({{"id", std::string(r.code)},
                     {"shortDescription", {{"text", std::string(r.reports)}}},
                     {"fullDescription", {{"text", std::string(r.risk)}}},
                     {"help", {{"text", "safer: " + std::string(r.recipe)}}},
                     {"defaultConfiguration", {{"level", "warning"}}}});
  Json results = Json::array();
  for (const LintFinding& f : findings) {
    size_t index = 0;
    for (size_t i = 0; i < lint_rules().size(); ++i)
      if (lint_rules()[i].code == f.code) index = i;
    Json region = {{"startLine", f.where.line > 0 ? f.where.line : 1},
                   {"startColumn", column_of(f)}};
    Json location = {
        {"physicalLocation", {{"artifactLocation", {{"uri", f.where.file}}}, {"region", region}}}};
    Json locations = Json::array();
    locations.push_back(location);
    Json result = {{"ruleId", f.code},
                   {"ruleIndex", index},
                   {"level", "warning"},
                   {"message",
                    {{"text", f.message + "\nsafer: " + f.recipe +
                                  "\nafter review, allow it with: " + f.allow}}}};
    result["locations"] = locations;
    result["properties"] = Json{{"revision", f.revision}};
    results.push_back(result);
  }
  Json driver = {{"name", "retort"}, {"version", RETORT_VERSION_STRING}};
  driver["rules"] = rules;
  Json run = Json::object();
  run["tool"] = Json{{"driver", driver}};
  run["results"] = results;
  Json runs = Json::array();
  runs.push_back(run);
  Json out = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"}, {"version", "2.1.0"}};
  out["runs"] = runs;
  return out;
}

}  // namespace

const std::vector<std::string>& lint_formats() {
  static const std::vector<std::string> kFormats = {"text", "json", "gcc", "sarif", "github"};
  return kFormats;
}

void print_lint_findings(Context& ctx, const std::vector<LintFinding>& findings, size_t revisions,
                         const std::string& format) {
  if (ctx.global.json || format == "json") {
    Json list = Json::array();
    for (const auto& f : findings)
      list.push_back({{"code", f.code},
                      {"message", f.message},
                      {"recipe", f.recipe},
                      {"allow", f.allow},
                      {"revision", f.revision},
                      {"file", f.where.file},
                      {"line", f.where.line},
                      {"column", f.where.column}});
    ctx.json({{"ok", findings.empty()}, {"findings", list}, {"revisions", revisions}});
    return;
  }
  if (format == "sarif") {
    ctx.out(sarif(findings).dump());
    return;
  }
  for (const auto& f : findings) {
    const std::string place =
        f.where.file + ":" + std::to_string(f.where.line) + ":" + std::to_string(column_of(f));
    if (format == "gcc") {
      ctx.out(place + ": warning: " + f.code + " " + f.message);
      ctx.out(place + ": note: safer: " + f.recipe);
      ctx.out(place + ": note: after review, allow it with: " + f.allow);
    } else if (format == "github") {
      ctx.out("::warning file=" + github_escape(f.where.file, true) +
              ",line=" + std::to_string(f.where.line) + ",col=" + std::to_string(column_of(f)) +
              ",title=" + github_escape("retort lint " + f.code, true) + "::" +
              github_escape(
                  f.message + "\nsafer: " + f.recipe + "\nafter review, allow it with: " + f.allow,
                  false));
    } else {
      ctx.out(f.where.str() + ": " + f.code + " " + f.message);
      ctx.out("    safer: " + f.recipe);
      ctx.out("    after review, allow it with: " + f.allow);
    }
  }
  if (format == "text")
    ctx.out(findings.empty() ? "OK: " + std::to_string(revisions) + " revision(s), no findings"
                             : std::to_string(findings.size()) + " finding(s) in " +
                                   std::to_string(revisions) + " revision(s)");
}

void print_lint_rules(Context& ctx) {
  if (ctx.global.json) {
    Json list = Json::array();
    for (const LintRule& r : lint_rules())
      list.push_back({{"code", std::string(r.code)},
                      {"severity", std::string(r.severity())},
                      {"reports", std::string(r.reports)},
                      {"risk", std::string(r.risk)},
                      {"recipe", std::string(r.recipe)},
                      {"opt_in", r.opt_in}});
    ctx.json({{"rules", list}});
    return;
  }
  for (const LintRule& r : lint_rules()) {
    ctx.out(std::string(r.code) + " " + std::string(r.severity()) + ": " + std::string(r.reports) +
            " (" + std::string(r.risk) + ")");
    ctx.out("    safer: " + std::string(r.recipe));
  }
}

}  // namespace retort::cli
