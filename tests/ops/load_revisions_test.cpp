// Loading every migration file of one or more directories.
#include <gtest/gtest.h>

#include <filesystem>

#include "base/error.hpp"
#include "base/loader_temp_dir.hpp"
#include "base/read_file.hpp"
#include "ops/load_revision.hpp"

namespace retort {
namespace {

std::string revision_text(const std::string& id, const std::string& parent) {
  return "revision: \"" + id +
         "\"\ndown_revision: " + (parent.empty() ? "null" : "\"" + parent + "\"") +
         "\nmessage: step " + id + "\nupgrade:\n  - create_table: {table: t" + id +
         ", columns: [{name: id, type: integer, primary_key: true}]}\ndowngrade:\n"
         "  - drop_table: {table: t" +
         id + "}\n";
}

TEST(LoadRevisions, ReadsYamlFilesSortedByNameSkippingOthers) {
  testing::LoaderTempDir dir;
  dir.write("v/b_second.yaml", revision_text("002", "001"));
  dir.write("v/a_first.yml", revision_text("001", ""));
  dir.write("v/README.md", "not a revision");
  dir.write("v/.#c_editor_lock.yaml", "garbage: [");
  dir.write("v/nested/d.yaml", "garbage: [");
  dir.write("w/x.yaml", revision_text("003", "002"));
  std::vector<Revision> revs = load_revisions({dir.str() + "/v", dir.str() + "/w/"});
  ASSERT_EQ(revs.size(), 3u);
  EXPECT_EQ(revs[0].id, "001");
  EXPECT_EQ(revs[0].path, dir.str() + "/v/a_first.yml");
  EXPECT_EQ(revs[1].id, "002");
  EXPECT_EQ(revs[2].id, "003");
  EXPECT_EQ(revs[2].path, dir.str() + "/w/x.yaml");
  EXPECT_EQ(revs[1].message, "step 002");
  EXPECT_EQ(revs[1].checksum, load_revision_file(revs[1].path).checksum);
}

// What counts as a revision file (base/read_file.hpp, list_yaml_files): a regular file, or a
// symlink to one; not a directory named like one, nor a dangling symlink.
TEST(LoadRevisions, ListsRegularFilesAndSymlinksToThem) {
  testing::LoaderTempDir dir;
  dir.write("v/a.yaml", revision_text("001", ""));
  dir.write("elsewhere/real.yaml", revision_text("002", "001"));
  std::filesystem::create_symlink(dir.path() / "elsewhere/real.yaml", dir.path() / "v/b.yaml");
  std::filesystem::create_symlink(dir.path() / "missing.yaml", dir.path() / "v/c.yaml");
  std::filesystem::create_directories(dir.path() / "v/d.yaml");
  EXPECT_EQ(list_yaml_files(dir.str() + "/v"),
            (std::vector<std::string>{dir.str() + "/v/a.yaml", dir.str() + "/v/b.yaml"}));
  std::vector<Revision> revs = load_revisions({dir.str() + "/v"});
  ASSERT_EQ(revs.size(), 2u);
  EXPECT_EQ(revs[1].id, "002");
  try {
    list_yaml_files(dir.str() + "/v/a.yaml");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot read directory '" + dir.str() + "/v/a.yaml': Not a directory");
  }
}

TEST(LoadRevisions, ManyFilesLoadInOrderWithTheFirstErrorReported) {
  // Enough files for the loader to use several threads: results must not depend on them, at
  // either depth.
  for (LoadDepth depth : {LoadDepth::header, LoadDepth::full}) {
    testing::LoaderTempDir dir;
    for (int i = 0; i < 400; ++i) {
      char id[8];
      std::snprintf(id, sizeof id, "%04d", i);
      char parent[8];
      std::snprintf(parent, sizeof parent, "%04d", i - 1);
      dir.write(std::string("v/") + id + ".yaml", revision_text(id, i ? parent : ""));
    }
    std::vector<Revision> revs = load_revisions({dir.str() + "/v"}, depth);
    ASSERT_EQ(revs.size(), 400u);
    for (int i = 0; i < 400; ++i) {
      char id[8];
      std::snprintf(id, sizeof id, "%04d", i);
      ASSERT_EQ(revs[static_cast<size_t>(i)].id, id);
    }
    // Two bad files: the one first by name is reported, whichever thread met it.
    dir.write("v/0300.yaml",
              "revision: \"0300\"\ndown_revision: \"0299\"\nmesage: x\nupgrade: []\n"
              "downgrade: []\n");
    dir.write("v/0100.yaml", "revision: \"0100\"\ndown_revision: \"0099\"\nupgrade: []\n");
    for (int attempt = 0; attempt < 3; ++attempt) {
      try {
        load_revisions({dir.str() + "/v"}, depth);
        FAIL() << "expected an error";
      } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()),
                  dir.str() +
                      "/v/0100.yaml:1:1: missing required field 'downgrade' in revision\n"
                      "  revision: \"0100\"\n"
                      "  ^\n"
                      "  write `downgrade: []` when there is nothing to undo");
      }
    }
  }
}

TEST(LoadRevisions, MissingDirectoryIsAnInputError) {
  testing::LoaderTempDir dir;
  try {
    load_revisions({dir.str() + "/nope"});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    EXPECT_EQ(std::string(e.what()),
              "migrations directory '" + dir.str() + "/nope' does not exist");
  }
}

TEST(LoadRevisions, EmptyDirectoryIsNoRevisions) {
  testing::LoaderTempDir dir;
  std::filesystem::create_directories(dir.path() / "v");
  EXPECT_TRUE(load_revisions({dir.str() + "/v"}).empty());
}

TEST(LoadRevisionFile, UnreadableFileIsAnInputError) {
  testing::LoaderTempDir dir;
  try {
    load_revision_file(dir.str() + "/missing.yaml");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    EXPECT_EQ(std::string(e.what()),
              "cannot read '" + dir.str() + "/missing.yaml': No such file or directory");
  }
  try {
    read_text_file(dir.str());
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot read '" + dir.str() + "': Is a directory");
  }
}

TEST(ReadTextFile, ReadsBytesExactly) {
  testing::LoaderTempDir dir;
  std::string bytes("a\r\nb\0c\n", 7);
  bytes += std::string(100000, 'x');  // bigger than any single read buffer
  std::string path = dir.write("f.bin", bytes);
  EXPECT_EQ(read_text_file(path), bytes);
  EXPECT_EQ(read_text_file(dir.write("empty", "")), "");
}

}  // namespace
}  // namespace retort
