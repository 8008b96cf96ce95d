// Builders of the ops' data vocabulary (ops/spec.hpp) for the dialect and reflection tests, and
// the message of the error a call throws.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "base/error.hpp"
#include "ops/spec.hpp"

namespace retort::testing {

inline Type type_of(Type::Kind kind, std::optional<int> length = std::nullopt) {
  Type t;
  t.kind = kind;
  t.length = length;
  return t;
}

inline ColumnSpec column(std::string name, Type type, bool nullable = true) {
  ColumnSpec c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.nullable = nullable;
  return c;
}

// A default written as SQL, the same on every dialect.
inline DefaultValue sql_default(std::string text) {
  DefaultValue v;
  v.kind = DefaultValue::Kind::sql;
  v.sql.common = std::move(text);
  return v;
}

inline DefaultValue number_default(std::string n) {
  DefaultValue v;
  v.kind = DefaultValue::Kind::number;
  v.number = std::move(n);
  return v;
}

// The message of the retort::Error `fn` throws (its kind into `*kind` when given); a test
// failure and "" when it throws none.
inline std::string error_of(const std::function<void()>& fn, ErrorKind* kind = nullptr) {
  try {
    fn();
  } catch (const Error& e) {
    if (kind) *kind = e.kind();
    return e.what();
  }
  ADD_FAILURE() << "no error thrown";
  return "";
}

}  // namespace retort::testing
