// What a valid revision id or branch label is (docs/migration-files.md, "Top-level keys"): one
// rule, checked by the loader (the shape of an id in a file), the graph (reserved words, labels,
// identifiers such as `ae10+2`) and the commands that make new ids (graph/revision_ids).
#pragma once

#include <string>
#include <string_view>

namespace retort {

// Longest revision id: Alembic's version_num column is VARCHAR(32).
inline constexpr size_t kMaxRevisionIdLength = 32;

// True for a character a revision id may contain: [A-Za-z0-9_].
bool is_revision_id_char(char c);

// True when `id` has a revision id's shape: 1 to kMaxRevisionIdLength characters, each one
// is_revision_id_char. The loader checks this; is_valid_revision_id adds the reserved words.
bool has_revision_id_shape(std::string_view id);

// True for the words revision identifiers reserve: head, heads, base, current.
bool is_reserved_revision_word(std::string_view word);

// True when `id` has a revision id's shape and is not a reserved word (`upgrade head` must mean
// the head, never a revision called "head").
bool is_valid_revision_id(std::string_view id);

// Why `id` is not a valid revision id, as the end of a sentence ("is a reserved word: …"), or ""
// when it is valid.
std::string revision_id_problem(std::string_view id);

// True when `label` matches [A-Za-z0-9_-]+ and is not one of the words identifiers reserve
// (head, heads, base, current).
bool is_valid_branch_label(std::string_view label);

}  // namespace retort
