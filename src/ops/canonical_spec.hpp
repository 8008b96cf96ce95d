// Canonical forms of vocabulary values that come from a server's text, shared by reflection
// (schema/, which reads them from a database) and the differ's normalisation (diff/normalize,
// which brings the model to the same form): a declared column type, an identity column's options, a
// sequence's values. Pure; never throw.
#pragma once

#include <string_view>

#include "base/dialect_name.hpp"
#include "ops/spec.hpp"

namespace retort {

// A declared column type as `dialect` spells it ("VARCHAR(50)", "character varying(50)",
// "timestamptz", "NUMERIC(10, 2)") as a portable Type; a name it does not know becomes
// Type::Kind::custom with the declared text (upper-cased, spaces normalised) as common SQL.
Type parse_declared_type(std::string_view declared, Dialect dialect);

// An identity with the sequence defaults left out: start 1 (-1 counting down), increment 1.
IdentitySpec normalize_identity(const IdentitySpec& identity);

// The value PostgreSQL gives a sequence that leaves `field` out ("start", "min_value",
// "max_value", "increment", "cache") for its type and direction: 1 for increment and cache; for
// an ascending sequence min 1, max the type's largest value, start = min; for a descending one
// min the type's smallest value, max -1, start = max.
int64_t sequence_default(const SequenceSpec& sequence, std::string_view field);

// `sequence` with every value equal to its default (sequence_default) set to nullopt and the type
// "" for bigint: the form reflection gives and the differ compares.
SequenceSpec normalize_sequence(const SequenceSpec& sequence);

}  // namespace retort
