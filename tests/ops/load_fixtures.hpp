// Helpers for the loader's error tests: the message of the error a revision or an op list fails
// to load with.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "base/error.hpp"
#include "ops/load_revision.hpp"

namespace retort::testing {

// The header lines of a root revision "001"; the tests append upgrade/downgrade.
inline const std::string kHead = "revision: \"001\"\ndown_revision: null\n";

// The message of the input error parse_revision("m/001.yaml", text) throws; "(no error)" if none.
inline std::string revision_error(const std::string& text) {
  try {
    parse_revision("m/001.yaml", text);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    return e.what();
  }
  return "(no error)";
}

// The message of the input error parse_op_list("ops.yaml", text) throws; "(no error)" if none.
inline std::string ops_error(const std::string& text) {
  try {
    parse_op_list("ops.yaml", text);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    return e.what();
  }
  return "(no error)";
}

}  // namespace retort::testing
