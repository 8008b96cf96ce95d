// Comparing SQL expressions (check constraints, index expressions and predicates, server
// defaults) written by a user with the same expressions as a database prints them back.
//
// PostgreSQL does not keep the text of an expression: it parses it and prints its own form
// (pg_get_expr), e.g. `role IN ('a', 'b')` comes back as
// `(role)::text = ANY (ARRAY['a'::character varying, 'b'::character varying]::text[])`,
// `a BETWEEN 1 AND 10` as `a >= 1 AND a <= 10`, `a + 1 > 2 * a` as `(a + 1) > (2 * a)`,
// `-1` as `'-1'::integer` and `d LIKE 'x%'` as `d ~~ 'x%'::text`. normalize_sql (sql/normalize)
// removes casts, spacing and case; canonical_expression goes one step further: it parses the
// result with PostgreSQL's operator precedence and prints it back in one canonical form, undoing
// those rewrites, so that equal expressions compare equal as strings. SQLite keeps the text as
// written, and the same function serves it (both sides go through it).
//
// This is the differ's fallback for schemas no database has seen (DiffOptions::Expressions::
// canonical). It cannot know every rewrite, and it ignores casts; `check` and autogenerate
// instead put the model through the server (schema/stored_form) and compare the database's own
// texts (docs/autogenerate.md, "How expressions compare").
#pragma once

#include <string>
#include <string_view>

#include "base/dialect_name.hpp"

namespace retort {

// The canonical form of `sql` for comparisons (not for execution: casts are gone). Two texts that
// PostgreSQL (or SQLite) would store as the same expression give the same string; texts that are
// not understood (sub-selects, unusual syntax) fall back to their normalize_sql tokens joined by
// single spaces, which still compares equal for identical input. A quoted number compares equal
// to the number ('5' = 5), as PostgreSQL prints -1 as '-1'::integer. Idempotent, also over
// normalize_sql: canonical_expression(normalize_sql(x)) == canonical_expression(x). Pure; never
// throws.
std::string canonical_expression(std::string_view sql, Dialect dialect);

}  // namespace retort
