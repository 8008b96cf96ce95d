// One Alembic revision script (its Python syntax tree) translated into a retort Revision: the
// identity (revision, down_revision, branch_labels, depends_on, message, create date) and the
// op.* calls of upgrade() and downgrade() as typed ops. What cannot be translated exactly is
// never guessed: the statement becomes a placeholder `assert` that fails with the reason, and
// the statement's line is listed for review (docs/alembic-import.md has the mapping table).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/dialect_name.hpp"
#include "ops/revision.hpp"

namespace retort::importer {

// A statement a person must look at: its first line in the script and why.
struct ReviewItem {
  int line = 0;
  std::string reason;
};

// A statement replaced by a failing placeholder op: `marker` is a text unique to the
// placeholder's message (to find it in the rendered YAML) and `python` the statement's source
// lines, written as a comment above it.
struct Placeholder {
  std::string marker;
  std::vector<std::string> python;
};

struct ScriptTranslation {
  Revision revision;          // ops include the placeholders; path/checksum are not set
  bool has_identity = false;  // false: the file sets no `revision = "…"` (not a revision script)
  std::vector<ReviewItem> review;
  std::vector<Placeholder> placeholders;
  bool needs_review() const { return !review.empty() || !has_identity; }
};

// What the scripts of one history tell about each other: the type of every named constraint
// some script creates, so that `op.drop_constraint(name, table)` without `type_` gets the type
// retort needs (SQLite rebuilds). Filled by a first pass over every script.
struct HistoryFacts {
  std::map<std::string, ConstraintType> constraint_types;
};

struct TranslateOptions {
  std::string display_path;  // the script's path as printed in messages
  // --dialect-hint: op.execute SQL is written as this dialect's text only.
  std::optional<Dialect> dialect_hint;
};

// Translates one parsed script (`module`: python_ast_dump.py's tree, `source`: the file's
// text, for the placeholders' comments). Records the constraints it creates in `facts`.
// Never throws for what it cannot translate: that is in `review`.
ScriptTranslation translate_script(const nlohmann::json& module, const std::string& source,
                                   const TranslateOptions& options, HistoryFacts& facts);

// The string-valued keyword arguments of every `context.configure(…)` call in an Alembic
// env.py tree (`version_table`, `version_table_schema`, …); values that are not plain strings
// are left out.
std::map<std::string, std::string> configure_string_arguments(const nlohmann::json& module);

}  // namespace retort::importer
