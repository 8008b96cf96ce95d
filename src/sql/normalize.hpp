// The canonical text of an SQL expression, for comparing what a user wrote with what a database
// prints back (docs/autogenerate.md, "How expressions compare"). Used by the differ's schema
// normalisation (diff/normalize) and, one step further, by canonical_expression
// (sql/canonical_expression). Pure; never throws.
#pragma once

#include <string>
#include <string_view>

#include "base/dialect_name.hpp"

namespace retort {

// Canonical text of an SQL expression: tokens re-spaced, unquoted names and keywords in lower
// case, simple quoted identifiers unquoted (on SQLite also lower-cased, as SQLite ignores their
// case), PostgreSQL casts (`::type`) removed unless `keep_casts`, redundant parentheses (around
// the whole text, around a single value, doubled) removed; on PostgreSQL now() and
// transaction_timestamp() are current_timestamp. String literals are kept as written.
// `keep_casts` is for texts that are both in the database's own form (a reflected schema, the
// model through schema/stored_form), where a cast is part of the expression's meaning.
std::string normalize_sql(std::string_view sql, Dialect dialect, bool keep_casts = false);

}  // namespace retort
