// How the differ names schema things in its findings and notes ("column media_buys.budget: type
// float -> numeric(15,2)"): the model's own spellings (docs/migration-files.md, "Types"), short and
// on one line.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/dialect_name.hpp"
#include "ops/spec.hpp"

namespace retort {

// `integer`, `string(50)`, `numeric(15,2)`, `datetime(tz)`, `enum status(a, b)`, or a custom
// type's SQL for `dialect`.
std::string type_text(const Type& type, Dialect dialect);

// The default as SQL for `dialect` (`0`, `true`, `'active'`, `CURRENT_TIMESTAMP`), or `none`.
std::string default_text(const std::optional<DefaultValue>& value, Dialect dialect);

// `(a, b)`.
std::string columns_text(const std::vector<std::string>& columns);

// `(tenant_id) -> tenants (tenant_id) ON DELETE CASCADE`.
std::string foreign_key_text(const ForeignKeySpec& fk);

// `(tenant_id, lower(email)) WHERE deleted_at IS NULL USING gin`, with `unique ` in front of a
// unique index.
std::string index_text(const IndexSpec& index);
// "(a, b) INCLUDE (c) NULLS NOT DISTINCT".
std::string unique_text(const UniqueSpec& unique);
// "always start 10 increment 5", "by default"; "none" when absent.
std::string identity_text(const std::optional<IdentitySpec>& identity);
// "(price * qty) stored" (the compared expression); "none" when absent.
std::string generated_text(const std::optional<GeneratedSpec>& generated);

// A comment quoted for a message, or `none`.
std::string comment_text(const std::optional<std::string>& comment);

}  // namespace retort
