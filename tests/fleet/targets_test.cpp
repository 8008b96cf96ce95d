// expand_targets (src/fleet/targets.hpp) on SQLite globs and one-database groups; the PostgreSQL
// schemas_query is run by tests/cli/fleet_postgresql.t.
#include "fleet/targets.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "base/loader_temp_dir.hpp"
#include "fleet/fleet_resume.hpp"

namespace retort {
namespace {

Config fleet_config(const testing::LoaderTempDir& dir) {
  dir.write("retort.toml", R"([[targets]]
name = "devices"
sqlite_glob = "data/*/*.db"
[[targets]]
name = "main"
url = "sqlite:///main.db"
)");
  for (const char* f : {"data/eu/b.db", "data/eu/a.db", "data/us/a.db", "data/us/notes.txt"})
    dir.write(f, "");
  return load_config(
      std::nullopt, [](std::string_view) { return std::nullopt; }, std::nullopt, dir.str());
}

std::vector<std::string> names(const std::vector<Target>& targets) {
  std::vector<std::string> out;
  for (const Target& t : targets) out.push_back(t.name);
  return out;
}

std::string usage_error(const Config& c, TargetSelection s) {
  try {
    expand_targets(c, s);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::usage);
    return e.what();
  }
  return "(no error)";
}

TEST(FleetTargets, ExpandsGlobsWithStableNames) {
  testing::LoaderTempDir dir;
  Config c = fleet_config(dir);
  std::vector<Target> all = expand_targets(c, {.all = true});
  EXPECT_EQ(names(all), (std::vector<std::string>{"devices/eu/a.db", "devices/eu/b.db",
                                                  "devices/us/a.db", "main"}));
  EXPECT_EQ(all[0].url.path, dir.str() + "/data/eu/a.db");
  EXPECT_EQ(all[0].group, "devices");
  EXPECT_EQ(all[3].url.path, dir.str() + "/main.db");
}

TEST(FleetTargets, SelectsAGroupOrOneMember) {
  testing::LoaderTempDir dir;
  Config c = fleet_config(dir);
  EXPECT_EQ(names(expand_targets(c, {.names = {"main"}})), std::vector<std::string>{"main"});
  EXPECT_EQ(names(expand_targets(c, {.names = {"devices/us/a.db", "main", "devices/us/a.db"}})),
            (std::vector<std::string>{"devices/us/a.db", "main"}));
  EXPECT_EQ(names(expand_targets(c, {.names = {"devices", "devices/eu/a.db"}})).size(), 3u);
  EXPECT_EQ(usage_error(c, {.names = {"devise"}}),
            "unknown target 'devise'\n  did you mean 'devices'?");
  EXPECT_EQ(usage_error(c, {.names = {"devices/eu/c.db"}}),
            "unknown target 'devices/eu/c.db': group 'devices' has 3 target(s)\n  did you mean "
            "'devices/eu/a.db'?");
  EXPECT_EQ(usage_error(c, {}), "no targets selected: pass --all-targets or --target NAME");
  EXPECT_EQ(usage_error(Config{}, {.all = true}),
            "no [[targets]] in the configuration (no retort.toml): --all-targets and --target run "
            "on the targets it lists (docs/multi-tenant.md)");
}

TEST(FleetResume, RerunsWhatTheNewestRunDidNotFinish) {
  auto mark = [](std::string id, bool ok) {
    FleetMark m;
    m.run_id = std::move(id);
    m.success = ok;
    return m;
  };
  std::vector<std::optional<std::vector<FleetMark>>> marks = {
      std::vector<FleetMark>{mark("20260101T000000000Z-1", true),
                             mark("20260102T000000000Z-2", true)},
      std::vector<FleetMark>{mark("20260102T000000000Z-2", false)},
      std::vector<FleetMark>{mark("20260101T000000000Z-1", true)},  // not reached by run 2
      std::nullopt,                                                 // down
  };
  ResumePlan plan = plan_resume(marks);
  EXPECT_EQ(plan.run_id, "20260102T000000000Z-2");
  EXPECT_EQ(plan.pending, (std::vector<bool>{false, true, true, true}));
  std::vector<std::optional<std::vector<FleetMark>>> none = {std::vector<FleetMark>{},
                                                             std::nullopt};
  EXPECT_THROW(plan_resume(none), Error);
  EXPECT_LE(new_fleet_run_id().size(), 32u);
}

}  // namespace
}  // namespace retort
