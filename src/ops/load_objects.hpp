// Reading the database objects beyond tables — views, functions, triggers, sequences and
// extensions (docs/migration-files.md "Views, functions, triggers, sequences, extensions";
// docs/models.md) — from YAML mappings. Shared by their ops (load_revision) and the model's
// `views:`, `functions:`, `triggers:`, `sequences:`, `extensions:` (load_model). Every function
// throws Error(input) made by input_error() at the offending node, with the valid choices or
// the nearest word.
#pragma once

#include <string_view>
#include <vector>

#include "ops/load_spec.hpp"
#include "ops/spec.hpp"

namespace retort {

// The keys of each spec (without op-only keys such as if_not_exists).
const std::vector<std::string_view>& view_spec_keys();       // name, definition, materialized
const std::vector<std::string_view>& function_spec_keys();   // name, arguments, returns, …
const std::vector<std::string_view>& trigger_spec_keys();    // name, table, timing, events, …
const std::vector<std::string_view>& sequence_spec_keys();   // name, type, start, increment, …
const std::vector<std::string_view>& extension_spec_keys();  // name, schema

// A view: `name` (may be schema-qualified) and `definition` (the query, SQL or per dialect; a
// top-level `;` is an error) required; `materialized` (PostgreSQL).
ViewSpec parse_view_spec(const MapReader& reader);

// A function: `name`, `returns`, `language`, `body` required; `arguments` (the argument list
// as SQL), `volatility` (volatile, stable, immutable).
FunctionSpec parse_function_spec(const MapReader& reader);

// A trigger: `name`, `table`, `timing` (before, after, instead_of), `events` (insert, update,
// delete, truncate; one or a list) required; `update_of` (columns, needs the update event),
// `for_each_row` (default true), `when` (SQL or per dialect), `function` (PostgreSQL) and/or
// `body` (SQLite) — at least one of the two.
TriggerSpec parse_trigger_spec(const MapReader& reader);

// A sequence: `name` required; `type` (smallint, integer, bigint), `start`, `increment`,
// `min_value`, `max_value`, `cache` (whole numbers; increment not 0, cache at least 1),
// `cycle`.
SequenceSpec parse_sequence_spec(const MapReader& reader);

// An extension: `name` required, `schema`.
ExtensionSpec parse_extension_spec(const MapReader& reader);

}  // namespace retort
