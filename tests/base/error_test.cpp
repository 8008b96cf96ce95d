#include "base/error.hpp"

#include <gtest/gtest.h>

namespace retort {
namespace {

TEST(InputError, ShowsLineAndCaret) {
  std::string text = "revision: '1'\nupgrade:\n  - add_colum: {}\n";
  Error e = input_error({"m/001.yaml", 3, 5}, text, "unknown op 'add_colum'",
                        "did you mean 'add_column'?");
  EXPECT_EQ(std::string(e.what()),
            "m/001.yaml:3:5: unknown op 'add_colum'\n"
            "    - add_colum: {}\n"
            "      ^\n"
            "  did you mean 'add_column'?");
  EXPECT_EQ(e.kind(), ErrorKind::input);
  EXPECT_EQ(exit_code_for(e.kind()), 2);
}

TEST(ExitCodes, FollowSpec) {
  EXPECT_EQ(exit_code_for(ErrorKind::usage), 2);
  EXPECT_EQ(exit_code_for(ErrorKind::revision), 2);
  EXPECT_EQ(exit_code_for(ErrorKind::connection), 3);
  EXPECT_EQ(exit_code_for(ErrorKind::lock), 3);
  EXPECT_EQ(exit_code_for(ErrorKind::database), 1);
  EXPECT_EQ(exit_code_for(ErrorKind::failure), 1);
}

}  // namespace
}  // namespace retort
