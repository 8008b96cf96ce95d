// The golden-file cases the dialect tests share: tests/dialect/golden/<dialect>/<case>.yaml (a
// list of ops) renders to <case>.sql; RETORT_UPDATE_GOLDEN=1 rewrites the .sql files.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "ops/load_revision.hpp"

namespace retort::testing {

inline std::string read_golden_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The .yaml cases of one dialect's folder, sorted by name.
inline std::vector<std::filesystem::path> golden_cases(const std::string& dialect) {
  std::filesystem::path dir =
      std::filesystem::path(RETORT_SOURCE_DIR) / "tests/dialect/golden" / dialect;
  std::vector<std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".yaml") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

inline std::vector<Op> load_golden_case(const std::filesystem::path& yaml) {
  return parse_op_list(yaml.filename().string(), read_golden_text(yaml));
}

// Each case's text from `render` compared with its .sql file (or written to it when
// RETORT_UPDATE_GOLDEN=1). At least `min_cases` cases must exist.
inline void expect_golden_files(const std::string& dialect,
                                const std::function<std::string(const std::vector<Op>&)>& render,
                                size_t min_cases = 8) {
  std::vector<std::filesystem::path> all = golden_cases(dialect);
  ASSERT_GE(all.size(), min_cases);
  const char* update = std::getenv("RETORT_UPDATE_GOLDEN");
  for (const std::filesystem::path& yaml : all) {
    SCOPED_TRACE(yaml.filename().string());
    std::string rendered = render(load_golden_case(yaml));
    std::filesystem::path sql = std::filesystem::path(yaml).replace_extension(".sql");
    if (update && std::string(update) == "1") {
      std::ofstream(sql, std::ios::binary) << rendered;
      continue;
    }
    ASSERT_TRUE(std::filesystem::exists(sql))
        << sql << " is missing (run with RETORT_UPDATE_GOLDEN=1)";
    EXPECT_EQ(rendered, read_golden_text(sql));
  }
}

// Every op of docs/migration-files.md appears in at least one of the dialect's cases.
inline void expect_every_op_kind_has_a_case(const std::string& dialect) {
  std::vector<std::string> seen;
  for (const std::filesystem::path& yaml : golden_cases(dialect))
    for (const Op& op : load_golden_case(yaml)) seen.emplace_back(op_name(op.body));
  for (std::string_view name : op_names())
    EXPECT_NE(std::find(seen.begin(), seen.end(), name), seen.end())
        << name << " has no golden case";
}

}  // namespace retort::testing
