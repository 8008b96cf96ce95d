// Revision ids and branch labels: what is valid, and the id of a new revision
// (docs/configuration.md `revision_ids`: "sequential" 001, 002, … or "hex", 12 hex digits like
// Alembic's).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace retort {

// Longest revision id: Alembic's version_num column is VARCHAR(32).
inline constexpr size_t kMaxRevisionIdLength = 32;

// True for the words revision identifiers reserve: head, heads, base, current.
bool is_reserved_revision_word(std::string_view word);

// True when `id` matches [A-Za-z0-9_]+, has at most 32 characters and is not a reserved word
// (`upgrade head` must mean the head, never a revision called "head").
bool is_valid_revision_id(std::string_view id);

// Why `id` is not a valid revision id, as the end of a sentence ("is a reserved word: …"), or ""
// when it is valid.
std::string revision_id_problem(std::string_view id);

// True when `label` matches [A-Za-z0-9_-]+ and is not one of the words identifiers reserve
// (head, heads, base, current).
bool is_valid_branch_label(std::string_view label);

// The next sequential id: one more than the largest all-digit id in `existing_ids`, zero-padded to
// the widest all-digit id in use and at least 3 digits ("001" when there is none). Ids that are not
// all digits are ignored. Throws Error(usage) when the next number would exceed 32 digits.
std::string next_sequential_id(const std::vector<std::string>& existing_ids);

// 12 random lowercase hex digits (like Alembic's uuid4().hex[-12:]), different from every id in
// `existing_ids`. Uses std::random_device.
std::string random_hex_id(const std::vector<std::string>& existing_ids = {});

}  // namespace retort
