// Lint for risky migration ops (docs/lint.md). Pure: reads revisions, returns findings; nothing
// here touches a database. Each finding carries a stable code (R101…R114), the place of the op, and
// the safer recipe. An op that carries `lint_allow: [CODE]` (after review) is not reported.
#pragma once

#include <string>
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
};

// The findings for `revisions`, in their order, then op order.
std::vector<LintFinding> lint_revisions(const std::vector<const Revision*>& revisions,
                                        const LintOptions& options = {});

// Every rule: code and one-line title, for docs and `lint --rules`.
const std::vector<std::pair<std::string, std::string>>& lint_rules();

}  // namespace retort
