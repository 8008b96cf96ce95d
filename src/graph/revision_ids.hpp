// The id of a new revision (docs/configuration.md `revision_ids`: "sequential" 001, 002, … or
// "hex", 12 hex digits like Alembic's). What a valid id or branch label is: ops/revision_id.hpp,
// included here for the graph's callers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ops/revision_id.hpp"

namespace retort {

// The next sequential id: one more than the largest all-digit id in `existing_ids`, zero-padded to
// the widest all-digit id in use and at least 3 digits ("001" when there is none). Ids that are not
// all digits are ignored. Throws Error(usage) when the next number would exceed 32 digits.
std::string next_sequential_id(const std::vector<std::string>& existing_ids);

// 12 random lowercase hex digits (like Alembic's uuid4().hex[-12:]), different from every id in
// `existing_ids`. Uses std::random_device.
std::string random_hex_id(const std::vector<std::string>& existing_ids = {});

}  // namespace retort
