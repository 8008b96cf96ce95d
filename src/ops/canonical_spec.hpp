// Canonical forms of vocabulary values that come from a server's text, shared by reflection
// (schema/, which reads them from a database) and the differ's normalisation (diff/normalize,
// which brings the model to the same form): a declared column type, an identity column's options.
// Pure; never throw.
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

}  // namespace retort
