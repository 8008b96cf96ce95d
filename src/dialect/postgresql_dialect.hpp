// PostgreSQL rendering of ops (see dialect/dialect.hpp for the contract).
#pragma once

#include "dialect/dialect.hpp"

namespace retort {

// The PostgreSQL renderer; stateless, lives for the whole program.
const SqlDialect& postgresql_dialect();

}  // namespace retort
