// <retort/dialect.hpp> — the database dialects retort knows (SQLite and PostgreSQL), by name.
#pragma once

#include <optional>
#include <string_view>

namespace retort {

// The kind of database a connection talks to.
enum class Dialect { sqlite, postgresql };

// "sqlite" or "postgresql".
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
