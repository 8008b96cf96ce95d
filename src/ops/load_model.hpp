// Loading the model (docs/models.md): the desired schema as YAML — `tables:` (table specs, as in
// create_table), `enums:` (`{name, values}`), and `views:`, `functions:`, `triggers:`,
// `sequences:`, `extensions:` (the specs of their create ops), possibly spread over several files.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/dialect_name.hpp"
#include "ops/spec.hpp"

namespace retort {

// Parses one model document. `path` is used in messages and in the `where` of each table,
// column, constraint, enum and object. An empty document is an empty schema. Top-level keys other
// than those of docs/models.md are errors unless they start with `x-`. Throws Error(input)
// (file:line:col, source line, caret, hint) for a bad document, and for a table, enum or object
// defined twice in it (a function by its name and arguments, a trigger by its name and table).
// Names are checked as in migration files; `dialect` as in parse_revision (an identifier over
// 63 bytes is an error on PostgreSQL, else noted in Schema::long_identifiers).
Schema parse_model(const std::string& path, std::string_view text,
                   std::optional<Dialect> dialect = std::nullopt);

// Loads the model at `path`: a file, or a directory whose `*.yaml` / `*.yml` files (not
// recursive, names starting with '.' skipped) are merged in name order. Throws Error(input) when
// the path does not exist or cannot be read, for a bad file, and for a table, enum or object
// defined twice across files — naming both places.
//
// Both: a column typed `{enum: NAME}` without values takes the values of the model's `enums:`
// entry NAME (so SQLite's CHECK knows them); values given in both places must agree (else
// Error(input) at the column).
Schema load_model(const std::string& path, std::optional<Dialect> dialect = std::nullopt);

}  // namespace retort
