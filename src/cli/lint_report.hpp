// How `retort lint` prints its findings (docs/commands.md "lint", docs/lint.md "Output
// formats"): text for people, --json, gcc's one-line form for editors, SARIF 2.1.0 for code
// scanning, and GitHub Actions workflow commands (annotations). Also `lint --rules`.
#pragma once

#include <string>
#include <vector>

#include "cli/context.hpp"
#include "lint/lint.hpp"

namespace retort::cli {

// The output formats of `retort lint --format`.
const std::vector<std::string>& lint_formats();

// Prints `findings` (of `revisions` revisions) in `format` ("text", "json", "gcc", "sarif",
// "github"); --json is "json".
void print_lint_findings(Context& ctx, const std::vector<LintFinding>& findings, size_t revisions,
                         const std::string& format);

// Prints every rule (code, severity, what it reports, the safer recipe); as JSON with --json.
void print_lint_rules(Context& ctx);

}  // namespace retort::cli
