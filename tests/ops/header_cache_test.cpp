// The header cache (ops/header_cache.hpp): the same revisions as reading the files, and a
// changed file always seen.
#include "ops/header_cache.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "base/error.hpp"
#include "base/loader_temp_dir.hpp"
#include "base/read_file.hpp"
#include "graph/revision_graph.hpp"
#include "ops/load_revision.hpp"

namespace retort {
namespace {

using std::chrono::hours;
using std::chrono::system_clock;

std::string cache_revision_text(const std::string& id, const std::string& parent,
                                const std::string& message = "") {
  return "revision: \"" + id +
         "\"\ndown_revision: " + (parent.empty() ? "null" : "\"" + parent + "\"") +
         "\nmessage: " + (message.empty() ? "step " + id : message) + "\nbranch_labels: [l" + id +
         "]\nupgrade:\n  - create_table: {table: t" + id +
         ", columns: [{name: id, type: integer, primary_key: true}]}\ndowngrade:\n"
         "  - drop_table: {table: t" +
         id + "}\n";
}

// Every field a header load sets, for comparing a cached load with reading the files. A place
// with no file is in the revision's own (ops/header_cache.hpp): compared completed.
std::string header_fields(const Revision& r) {
  auto in_file = [&](SourceLocation l) {
    if (l.file.empty()) l.file = r.path;
    return l.str();
  };
  auto places = [&](const std::vector<SourceLocation>& v) {
    std::string out;
    for (const SourceLocation& l : v) out += in_file(l) + ",";
    return out;
  };
  auto list = [](const std::vector<std::string>& v) {
    std::string out;
    for (const std::string& s : v) out += s + ",";
    return out;
  };
  return r.id + "|" + list(r.down_revisions) + "|" + list(r.branch_labels) + "|" +
         list(r.depends_on) + "|" + r.message + "|" + r.created + "|" +
         (r.transactional ? "t" : "f") + "|" + r.round_trip_allowed + "|" + r.path + "|" +
         r.checksum + "|" + in_file(r.where) + "|" + places(r.down_where) + "|" +
         places(r.labels_where) + "|" + places(r.depends_where);
}

std::vector<std::string> header_fields(const std::vector<Revision>& revs) {
  std::vector<std::string> out;
  for (const Revision& r : revs) out.push_back(header_fields(r));
  return out;
}

// Waits for the file system's next timestamp tick, so that a change made next is not stamped
// with the time of the last one (real runs are protected by the racy margin; these tests move
// `now` an hour ahead to trust fresh files).
void next_tick() {
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

class HeaderCache : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 1; i <= 5; ++i) {
      std::string id = "00" + std::to_string(i);
      dir_.write("v/" + id + ".yaml",
                 cache_revision_text(id, i == 1 ? "" : "00" + std::to_string(i - 1)));
    }
    // Later than the files' timestamps by more than the racy margin: their entries are trusted.
    options_.path = dir_.str() + "/v/.retort-cache/headers";
    options_.now = system_clock::now() + hours(1);
  }

  std::vector<std::string> from_files() const {
    return header_fields(load_revisions({versions()}, LoadDepth::header));
  }
  std::vector<Revision> load(HeaderCacheStats* stats = nullptr) const {
    return load_revision_headers({versions()}, Dialect::sqlite, options_, stats);
  }
  std::string versions() const { return dir_.str() + "/v"; }

  // Truncations of a record beside the cache (`<cache>.<suffix>`) and one changed byte (in the
  // first `mark`) are each refused by `read`; the good record is put back.
  template <typename Read>
  void expect_damage_refused(const std::string& suffix, const std::string& mark, Read read) {
    const std::string rel = "v/.retort-cache/headers." + suffix;
    const std::string good = read_text_file(options_.path + "." + suffix);
    for (size_t cut : {size_t{0}, size_t{5}, good.size() / 2, good.size() - 1}) {
      dir_.write(rel, good.substr(0, cut));
      EXPECT_FALSE(read().has_value()) << suffix << " cut at " << cut;
    }
    std::string changed = good;
    changed[changed.find(mark)] ^= 1;
    dir_.write(rel, changed);
    EXPECT_FALSE(read().has_value()) << suffix << " changed";
    dir_.write(rel, good);
  }

  testing::LoaderTempDir dir_;
  HeaderCacheOptions options_;
};

TEST_F(HeaderCache, TheSecondLoadComesFromTheCacheAndEqualsReadingTheFiles) {
  HeaderCacheStats st;
  std::vector<Revision> first = load(&st);
  EXPECT_EQ(st.files, 5u);
  EXPECT_EQ(st.hits, 0u);
  EXPECT_EQ(st.parsed, 5u);
  EXPECT_FALSE(st.loaded);
  EXPECT_TRUE(st.written);
  EXPECT_EQ(header_fields(first), from_files());
  std::vector<Revision> second = load(&st);
  EXPECT_EQ(st.hits, 5u);
  EXPECT_EQ(st.parsed, 0u);
  EXPECT_TRUE(st.loaded);
  EXPECT_FALSE(st.written);  // nothing changed: not rewritten
  EXPECT_EQ(header_fields(second), from_files());
  for (const Revision& r : second) {
    EXPECT_FALSE(r.ops_loaded);
    EXPECT_TRUE(r.upgrade.empty());
  }
  // The cache directory says git should ignore it; the loader skips it (a dot name).
  EXPECT_EQ(
      read_text_file(dir_.str() + "/v/.retort-cache/.gitignore").find("*\n") != std::string::npos,
      true);
}

TEST_F(HeaderCache, AnEditKeepingSizeInodeAndMtimeIsSeen) {
  load();
  // Same size, same inode (rewritten in place), and the mtime set back to what it was to the
  // nanosecond: only the ctime, which no program can set, tells the files apart.
  const std::string path = versions() + "/003.yaml";
  struct stat before {};
  ASSERT_EQ(::stat(path.c_str(), &before), 0);
  std::string text = read_text_file(path);
  std::string edited = text;
  edited.replace(edited.find("step 003"), 8, "STEP 333");
  ASSERT_EQ(edited.size(), text.size());
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a later ctime tick
  dir_.write("v/003.yaml", edited);
  struct timespec times[2] = {before.st_atim, before.st_mtim};
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
  struct stat after {};
  ASSERT_EQ(::stat(path.c_str(), &after), 0);
  ASSERT_EQ(after.st_ino, before.st_ino);
  ASSERT_EQ(after.st_size, before.st_size);
  ASSERT_EQ(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
  options_.now = system_clock::now() + hours(1);
  HeaderCacheStats st;
  std::vector<Revision> revs = load(&st);
  EXPECT_EQ(revs[2].message, "STEP 333");
  EXPECT_EQ(st.parsed, 1u);
  EXPECT_EQ(header_fields(revs), from_files());
}

TEST_F(HeaderCache, AFileEditedWithinTheSameSecondIsSeen) {
  // Real time: the files were just written, so they are "racily clean" — their keys could
  // stay the same through an edit in the same timestamp tick — and are never trusted.
  options_.now.reset();
  HeaderCacheStats st;
  load(&st);
  const std::string path = versions() + "/002.yaml";
  std::string text = read_text_file(path);
  text.replace(text.find("step 002"), 8, "STEP 222");
  dir_.write("v/002.yaml", text);  // same size, same inode, within the same second
  std::vector<Revision> revs = load(&st);
  EXPECT_EQ(revs[1].message, "STEP 222");
  EXPECT_EQ(st.hits, 0u);
  EXPECT_EQ(header_fields(revs), from_files());
}

TEST_F(HeaderCache, ACorruptOrForeignCacheIsIgnoredAndRewritten) {
  load();
  const std::string good = read_text_file(options_.path);
  std::vector<std::string> bad = {
      "",
      "garbage",
      good.substr(0, good.size() / 2),                                // truncated
      good.substr(0, good.size() - 1),                                // trailer cut
      std::string(good).replace(good.size() / 2, 1, "\x01"),          // one byte changed
      std::string(good).replace(good.find("retort "), 7, "retorx "),  // another version
  };
  for (const std::string& content : bad) {
    std::ofstream(options_.path, std::ios::binary | std::ios::trunc) << content;
    HeaderCacheStats st;
    std::vector<Revision> revs = load(&st);
    EXPECT_FALSE(st.loaded);
    EXPECT_TRUE(st.written);
    EXPECT_EQ(header_fields(revs), from_files());
    EXPECT_EQ(read_text_file(options_.path), good);  // healed
  }
  // Another dialect's cache is not used (it is rewritten for this one).
  HeaderCacheStats st;
  load_revision_headers({versions()}, Dialect::postgresql, options_, &st);
  EXPECT_FALSE(st.loaded);
}

TEST_F(HeaderCache, AnUnwritableCacheIsSkippedSilently) {
  dir_.write("a_file", "x");
  for (const std::string& where : {dir_.str() + "/a_file/headers", dir_.str() + "/v"}) {
    options_.path = where;  // under a regular file; a directory
    HeaderCacheStats st;
    std::vector<Revision> revs = load(&st);
    EXPECT_FALSE(st.written);
    EXPECT_EQ(header_fields(revs), from_files());
  }
  options_.path = "";  // off: every file read, nothing written
  HeaderCacheStats st;
  EXPECT_EQ(header_fields(load(&st)), from_files());
  EXPECT_EQ(st.parsed, 5u);
  EXPECT_FALSE(st.written);
}

TEST_F(HeaderCache, AddedRemovedAndReplacedFilesAreSeen) {
  load();
  next_tick();
  std::filesystem::remove(versions() + "/005.yaml");
  dir_.write("v/006.yaml", cache_revision_text("006", "004"));
  // Replaced by a rename (a new inode), as editors save.
  dir_.write("tmp.yaml", cache_revision_text("004", "003", "renamed in"));
  std::filesystem::rename(dir_.str() + "/tmp.yaml", versions() + "/004.yaml");
  options_.now = system_clock::now() + hours(1);
  HeaderCacheStats st;
  std::vector<Revision> revs = load(&st);
  EXPECT_EQ(header_fields(revs), from_files());
  EXPECT_EQ(revs[3].message, "renamed in");
  EXPECT_EQ(st.hits, 3u);
  EXPECT_EQ(st.parsed, 2u);
  EXPECT_EQ(header_fields(load(&st)), from_files());
  EXPECT_EQ(st.hits, 5u);
}

// While no migrations directory changed (its key, trusted as a file's is), the cache's records
// are the listing; any name created, removed or renamed in it is seen, by a load and by
// cached_heads.
TEST_F(HeaderCache, TheListingIsSkippedOnlyWhileNoDirectoryChanged) {
  HeaderCacheStats st;
  load(&st);
  EXPECT_TRUE(st.listed);
  EXPECT_TRUE(st.written);
  load(&st);
  EXPECT_FALSE(st.listed);
  EXPECT_EQ(st.hits, 5u);
  EXPECT_FALSE(st.written);
  const CachedHeads heads = {{"005"}, {{"005", {"004"}, {}, {"l001", "l005"}, "step 005"}}};
  write_cached_heads(options_, st, heads);
  auto cached = [&] { return cached_heads({versions()}, Dialect::sqlite, options_); };
  ASSERT_EQ(cached(), heads);
  // cached_heads records the listing too, when it had to list.
  std::filesystem::remove(options_.path + ".dirs");
  ASSERT_EQ(cached(), heads);
  EXPECT_TRUE(std::filesystem::exists(options_.path + ".dirs"));
  load(&st);
  EXPECT_FALSE(st.listed);
  // A damaged record of the directories is not trusted.
  const std::string good_dirs = read_text_file(options_.path + ".dirs");
  std::string damaged = good_dirs;
  damaged[damaged.size() / 2] ^= 1;
  dir_.write("v/.retort-cache/headers.dirs", damaged);
  load(&st);
  EXPECT_TRUE(st.listed);

  auto expect_seen = [&](const std::string& what, size_t files) {
    options_.now = system_clock::now() + hours(1);
    EXPECT_EQ(cached(), std::nullopt) << what;
    std::vector<Revision> revs = load(&st);
    EXPECT_TRUE(st.listed) << what;
    EXPECT_EQ(st.files, files) << what;
    EXPECT_EQ(header_fields(revs), from_files()) << what;
    load(&st);  // the new listing is recorded: not listed again
    EXPECT_FALSE(st.listed) << what;
    EXPECT_EQ(header_fields(load(&st)), from_files()) << what;
  };
  next_tick();
  dir_.write("v/006.yaml", cache_revision_text("006", "005"));
  expect_seen("added", 6);
  next_tick();
  std::filesystem::remove(versions() + "/002.yaml");
  expect_seen("removed", 5);
  next_tick();
  std::filesystem::rename(versions() + "/003.yaml", versions() + "/003b.yaml");
  expect_seen("renamed", 5);
  next_tick();
  dir_.write("v/notes.txt", "not a revision");  // listed, and still five revisions
  expect_seen("another file", 5);

  // A directory too young to be trusted (real time: just changed) is listed on every load.
  next_tick();
  dir_.write("v/007.yaml", cache_revision_text("007", "006"));
  options_.now.reset();
  load(&st);
  EXPECT_TRUE(st.listed);
  load(&st);
  EXPECT_TRUE(st.listed);
  EXPECT_EQ(header_fields(load()), from_files());
}

// The heads recorded beside the cache (cached_heads): given only while the cache is exact for
// the files; any change to the files, the cache or the heads file sends the caller back to the
// graph.
TEST_F(HeaderCache, CachedHeadsAreGivenOnlyForTheFilesTheyWereRecordedWith) {
  // Every field, with text that needs the record's length-prefixed strings.
  const CachedHeads heads = {
      {"005"},
      {{"005", {"004"}, {}, {"l001", "l005"}, "step 005"},
       {"x9", {"003", "004"}, {"l001"}, {}, "a merge: with\nlines, 12:34;"}}};
  auto cached = [&] { return cached_heads({versions()}, Dialect::sqlite, options_); };
  HeaderCacheStats st;
  load(&st);
  EXPECT_TRUE(st.exact);
  EXPECT_EQ(cached(), std::nullopt);  // none recorded yet
  write_cached_heads(options_, st, heads);
  EXPECT_EQ(cached(), heads);
  EXPECT_EQ(cached_heads({versions()}, Dialect::postgresql, options_), std::nullopt);

  // A load that did not leave an exact cache records nothing.
  HeaderCacheStats inexact = st;
  inexact.exact = false;
  write_cached_heads(options_, inexact, CachedHeads{{"other"}, {}});
  EXPECT_EQ(cached(), heads);

  // An edit keeping the size, inode and mtime (only the ctime differs).
  const std::string path = versions() + "/003.yaml";
  struct stat before {};
  ASSERT_EQ(::stat(path.c_str(), &before), 0);
  std::string text = read_text_file(path);
  text.replace(text.find("step 003"), 8, "STEP 333");
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  dir_.write("v/003.yaml", text);
  struct timespec times[2] = {before.st_atim, before.st_mtim};
  ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
  options_.now = system_clock::now() + hours(1);
  EXPECT_EQ(cached(), std::nullopt);
  load(&st);  // the cache is rewritten: the recorded heads belong to the old one
  EXPECT_TRUE(st.exact);
  EXPECT_EQ(cached(), std::nullopt);
  write_cached_heads(options_, st, heads);
  EXPECT_EQ(cached(), heads);

  // A file added, then removed again.
  next_tick();
  dir_.write("v/006.yaml", cache_revision_text("006", "005"));
  options_.now = system_clock::now() + hours(1);
  EXPECT_EQ(cached(), std::nullopt);
  next_tick();
  std::filesystem::remove(versions() + "/006.yaml");
  EXPECT_EQ(cached(), heads);
  next_tick();
  std::filesystem::remove(versions() + "/005.yaml");
  EXPECT_EQ(cached(), std::nullopt);
  next_tick();
  dir_.write("v/005.yaml", cache_revision_text("005", "004"));
  options_.now = system_clock::now() + hours(1);
  EXPECT_EQ(cached(), std::nullopt);  // a new inode

  // Files too young to be trusted (real time: just written).
  load(&st);
  write_cached_heads(options_, st, heads);
  ASSERT_EQ(cached(), heads);
  options_.now.reset();
  EXPECT_EQ(cached(), std::nullopt);
  options_.now = system_clock::now() + hours(1);

  // A damaged heads file, or a damaged cache.
  expect_damage_refused("heads", "005", cached);
  ASSERT_EQ(cached(), heads);
  const std::string good_cache = read_text_file(options_.path);
  std::string damaged = good_cache;
  damaged[damaged.size() / 2] ^= 1;
  dir_.write("v/.retort-cache/headers", damaged);
  EXPECT_EQ(cached(), std::nullopt);
  dir_.write("v/.retort-cache/headers", good_cache);
  EXPECT_EQ(cached(), heads);
  EXPECT_EQ(cached_heads({versions()}, Dialect::sqlite, HeaderCacheOptions{}), std::nullopt);
}

// The history recorded beside the cache (cached_history): made once per cache, given only
// while the cache is exact for the files, never from a damaged or foreign record.
TEST_F(HeaderCache, TheHistoryRecordIsGivenOnlyForTheFilesItWasRecordedWith) {
  const CachedHistory history = {
      {{"005", {"004"}, {}, {"l001", "l005"}, "step 005"}, true, false, false},
      {{"x9", {"003", "004"}, {"l001"}, {}, "a merge: with\nlines, 12:34;"}, false, true, true}};
  int made = 0;
  auto make = [&] {
    ++made;
    return history;
  };
  auto cached = [&] { return cached_history({versions()}, Dialect::sqlite, options_); };
  HeaderCacheStats st;
  load(&st);
  ASSERT_TRUE(st.exact);
  EXPECT_EQ(cached(), std::nullopt);  // none recorded yet
  write_cached_history(options_, st, make);
  EXPECT_EQ(made, 1);
  EXPECT_EQ(cached(), history);
  write_cached_history(options_, st, make);  // that cache's record is there: not made again
  EXPECT_EQ(made, 1);
  EXPECT_EQ(cached_history({versions()}, Dialect::postgresql, options_), std::nullopt);
  HeaderCacheStats inexact = st;
  inexact.exact = false;
  std::filesystem::remove(options_.path + ".history");
  write_cached_history(options_, inexact, make);
  EXPECT_EQ(made, 1);
  EXPECT_EQ(cached(), std::nullopt);
  write_cached_history(options_, st, make);
  ASSERT_EQ(cached(), history);

  // A damaged record.
  expect_damage_refused("history", "x9", cached);
  ASSERT_EQ(cached(), history);

  // A changed file: the record belongs to the old cache.
  next_tick();
  dir_.write("v/006.yaml", cache_revision_text("006", "005"));
  options_.now = system_clock::now() + hours(1);
  EXPECT_EQ(cached(), std::nullopt);
  load(&st);
  EXPECT_EQ(cached(), std::nullopt);
  write_cached_history(options_, st, make);
  EXPECT_EQ(made, 3);
  EXPECT_EQ(cached(), history);
}

TEST_F(HeaderCache, ABadFileIsReportedAsWithoutTheCacheAndNeverCached) {
  load();
  dir_.write("v/003.yaml", "revision: \"003\"\ndown_revision: [002\n");
  options_.now = system_clock::now() + hours(1);
  std::string expected, got;
  try {
    load_revisions({versions()}, LoadDepth::header);
  } catch (const Error& e) {
    expected = e.what();
  }
  for (int i = 0; i < 2; ++i) {
    try {
      load();
    } catch (const Error& e) {
      got = e.what();
    }
    EXPECT_FALSE(expected.empty());
    EXPECT_EQ(got, expected);
  }
}

// The graph's errors in revisions taken from the cache, whose places carry no file, name the
// same file, line and column as when the files are read: a down_revision naming no revision,
// a branch label used twice, an id defined twice.
TEST_F(HeaderCache, GraphErrorsInCachedRevisionsPointWhereTheFilesDo) {
  auto graph_error = [](std::vector<Revision> revs) {
    try {
      RevisionGraph::build(std::move(revs));
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"v/004.yaml", cache_revision_text("004", "0x3")},
      {"v/005.yaml", cache_revision_text("005", "004")
                         .replace(cache_revision_text("005", "004").find("[l005]"), 6, "[l004]")},
      {"v/005.yaml", cache_revision_text("002", "004")},
  };
  const std::vector<std::string> expected_places = {"004.yaml:2:", "005.yaml:4:", "002.yaml:1:"};
  for (size_t c = 0; c < cases.size(); ++c) {
    SetUp();  // the five good files again
    dir_.write(cases[c].first, cases[c].second);
    options_.now = system_clock::now() + hours(1);
    HeaderCacheStats st;
    load(&st);
    std::vector<Revision> cached = load(&st);
    EXPECT_EQ(st.hits, 5u) << c;
    const std::string from_files = graph_error(load_revisions({versions()}, LoadDepth::header));
    EXPECT_EQ(graph_error(std::move(cached)), from_files) << c;
    EXPECT_NE(from_files.find(expected_places[c]), std::string::npos) << from_files;
  }
}

TEST_F(HeaderCache, ConcurrentLoadsLeaveAWholeCache) {
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  const std::vector<std::string> expected = from_files();
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        HeaderCacheOptions o = options_;
        // Half the loads see another dialect: each of them rewrites the cache.
        auto revs = load_revision_headers({versions()},
                                          (t + i) % 2 ? Dialect::sqlite : Dialect::postgresql, o);
        if (header_fields(revs) != expected) ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
  // Whatever write came last, the cache is whole: valid for its dialect, or rewritten.
  HeaderCacheStats st;
  EXPECT_EQ(header_fields(load(&st)), expected);
  EXPECT_EQ(header_fields(load(&st)), expected);
  EXPECT_TRUE(st.loaded);
  EXPECT_EQ(st.hits, 5u);
  // No temporary file is left behind.
  for (const auto& e : std::filesystem::directory_iterator(versions() + "/.retort-cache"))
    EXPECT_EQ(e.path().filename().string().find(".tmp."), std::string::npos) << e.path();
}

}  // namespace
}  // namespace retort
