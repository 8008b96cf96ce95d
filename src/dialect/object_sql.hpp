// Rendering of the ops on database objects beyond tables — views, functions, triggers,
// sequences, extensions and schemas (docs/migration-files.md, "Views, functions, triggers,
// sequences, extensions") — for both dialects. Each dialect's render() hands these ops here.
// Bodies and definitions are SQL written as is; names are quoted by the dialect.
#pragma once

#include <string>
#include <type_traits>
#include <vector>

#include "dialect/dialect.hpp"
#include "ops/op.hpp"

namespace retort {

// The op alternatives rendered by render_object_op.
template <typename T>
concept ObjectOp = std::is_same_v<T, CreateView> || std::is_same_v<T, DropView> ||
    std::is_same_v<T, ReplaceView> || std::is_same_v<T, RefreshMaterializedView> ||
    std::is_same_v<T, CreateFunction> || std::is_same_v<T, ReplaceFunction> ||
    std::is_same_v<T, DropFunction> || std::is_same_v<T, CreateTrigger> ||
    std::is_same_v<T, DropTrigger> || std::is_same_v<T, CreateSequence> ||
    std::is_same_v<T, AlterSequence> || std::is_same_v<T, DropSequence> ||
    std::is_same_v<T, CreateExtension> || std::is_same_v<T, DropExtension> ||
    std::is_same_v<T, CreateSchema> || std::is_same_v<T, DropSchema>;

// The statements of `op` (one of the ObjectOp alternatives, running on `dialect`). A view whose
// definition has no text for the dialect renders to nothing. Throws Error(input) at the op's
// place for what the dialect cannot do, naming the op and the fix: on SQLite the PostgreSQL-only
// ops (functions, sequences, extensions, schemas, materialized views) and a trigger without a
// `body`, with several events, `truncate` or `for_each_row: false`; on PostgreSQL a trigger
// without a `function`.
std::vector<std::string> render_object_op(const SqlDialect& dialect, const Op& op);

}  // namespace retort
