// Lint for risky migration ops (docs/lint.md). Pure: reads revisions, returns findings; nothing
// here touches a database. Each finding carries a stable code (lint_rules()), the place of the
// op, and the safer recipe. An op that carries `lint_allow: [CODE]` (after review) is not
// reported.
//
// The rules read one neutral description of what a change does (SqlChange, sql/pg_parse.hpp):
// typed ops are described that way here, and the SQL of an `execute` that runs on PostgreSQL is
// parsed with PostgreSQL's own grammar and described the same way, so that `ALTER TABLE t ALTER
// COLUMN c TYPE bigint` in an execute is the same R105 as `alter_column` with `type`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "ops/revision.hpp"

namespace retort {

struct LintFinding {
  std::string code;      // "R102"
  std::string message;   // what is risky, naming the table/column
  std::string recipe;    // the safer way
  std::string allow;     // how to accept it after review ("lint_allow: [R102] on the op")
  std::string revision;  // the revision id
  SourceLocation where;  // the op (or the revision's `revision:` key for revision-level rules)
};

struct LintOptions {
  std::vector<std::string> ignore;  // codes not to report at all (`retort lint --ignore R108`)
  std::vector<std::string> enable;  // opt-in rules to report (`retort lint --enable R127`)
  // Whether the configuration sets a lock_timeout (`[postgresql] lock_timeout`, 10s unless set
  // to ""): retort sets it for every revision, online and in --sql scripts (R129).
  bool lock_timeout = true;
  // Revision ids to report findings for; empty = every revision given. The others are still
  // read, oldest first, for what they create (the views and functions that R130 and R131
  // compare later ops with), as `retort lint REV` reads the history before REV.
  std::vector<std::string> report_only;
};

// One rule: the one source of `retort lint --rules`, of the findings' recipes and of
// docs/lint.md's table (tests/docs checks that the table says the same).
struct LintRule {
  std::string_view code;     // "R105"
  std::string_view reports;  // what it reports, as the docs' table says it (Markdown)
  std::string_view risk;     // the risk, as the docs' table says it
  std::string_view recipe;   // the safer way
  bool opt_in = false;       // reported only with `--enable CODE`
  std::string_view severity() const { return opt_in ? "warning (opt-in)" : "warning"; }
};

// The findings for `revisions`, in their order, then op order. Give them oldest first: the views
// and functions an earlier revision creates are known to the rules on later ones (R130, R131).
// Revisions are read as one line of history; on a branched history a view created on one
// branch is known to the revisions after it in that order, whichever branch they are on.
std::vector<LintFinding> lint_revisions(const std::vector<const Revision*>& revisions,
                                        const LintOptions& options = {});

// Every rule, in code order.
const std::vector<LintRule>& lint_rules();
// The rule with `code`, or nullptr.
const LintRule* find_lint_rule(std::string_view code);

}  // namespace retort
