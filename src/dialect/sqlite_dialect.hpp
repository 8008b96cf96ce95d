// SQLite rendering of ops (see dialect/dialect.hpp for the contract).
#pragma once

#include "dialect/dialect.hpp"

namespace retort {

// The SQLite renderer; stateless, lives for the whole program.
const SqlDialect& sqlite_dialect();

}  // namespace retort
