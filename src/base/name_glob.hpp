// Name patterns of `[autogenerate] exclude` (docs/configuration.md): shell globs on table names,
// as Alembic's include_object is used to keep foreign tables out of autogenerate.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace retort {

// Whether the glob `pattern` (`*`, `?`, `[abc]`, `[!abc]`; case-sensitive) matches the table
// `name` ("table" or "schema.table"). A pattern with a `.` is matched against the whole qualified
// name, so "audit.*" is every table of schema audit; a pattern without one against the name's
// last part, so "celery_*" matches celery_tasks in any schema. Pure; never throws.
bool name_glob_matches(std::string_view pattern, std::string_view name);

// Whether any of `patterns` matches `name` (name_glob_matches).
bool excluded_by(const std::vector<std::string>& patterns, std::string_view name);

// What is wrong with `pattern` as an exclude glob — empty, blank, an unclosed `[`, more than one
// `.`, an empty part around the `.` — or "" when it is valid.
std::string name_glob_problem(std::string_view pattern);

}  // namespace retort
