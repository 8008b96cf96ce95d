#include "base/suggest.hpp"

#include <gtest/gtest.h>

namespace retort {
namespace {

TEST(Suggest, EditDistance) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("add_colum", "add_column"), 1u);
  EXPECT_EQ(edit_distance("nulalble", "nullable"), 1u);  // adjacent transposition
  EXPECT_EQ(edit_distance("Integer", "integer"), 0u);    // case-insensitive
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(Suggest, NearestWordWithCutoff) {
  const std::vector<std::string_view> words = {"table", "columns", "column", "comment"};
  EXPECT_EQ(nearest_word("colum", words), "column");
  EXPECT_EQ(nearest_word("tabel", words), "table");
  EXPECT_EQ(nearest_word("columns", words), "columns");
  EXPECT_EQ(nearest_word("xyz", words), std::nullopt);
  EXPECT_EQ(nearest_word("cascade", words), std::nullopt);
  // Short words allow one edit only.
  EXPECT_EQ(nearest_word("to", {"on"}), std::nullopt);
  EXPECT_EQ(nearest_word("no", {"on"}), "on");
  // Ties go to the first candidate.
  EXPECT_EQ(nearest_word("ab", {"aa", "bb"}), "aa");
}

TEST(Suggest, DidYouMean) {
  EXPECT_EQ(did_you_mean("postgress", {"postgresql", "sqlite"}), "did you mean 'postgresql'?");
  EXPECT_EQ(did_you_mean("mysql", {"postgresql", "sqlite"}), "");
  EXPECT_EQ(join_words({"a", "b", "c"}), "a, b, c");
}

}  // namespace
}  // namespace retort
