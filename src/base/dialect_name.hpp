// The database dialects retort knows. Rendering lives in src/dialect/; this is only the name.
#pragma once

#include <optional>
#include <string_view>

namespace retort {

enum class Dialect { sqlite, postgresql };

constexpr std::string_view dialect_name(Dialect d) {
  return d == Dialect::sqlite ? "sqlite" : "postgresql";
}

// "sqlite" or "postgresql" (also "postgres"); nullopt for anything else.
constexpr std::optional<Dialect> parse_dialect(std::string_view name) {
  if (name == "sqlite") return Dialect::sqlite;
  if (name == "postgresql" || name == "postgres") return Dialect::postgresql;
  return std::nullopt;
}

}  // namespace retort
