// The public API (docs/embedding.md) as an embedding program uses it: only <retort/retort.hpp>
// for what is tested (the support helpers write the project files). Each check the CLI makes is
// reachable here, computed by the same library code: the database's status (applied rows minus
// ghosts, at every head), verify's checksums, autogenerate, the round trip of `retort test`; and
// the version, and the seed ops file of the example app.
#include <gtest/gtest.h>

#include <retort/retort.hpp>
#include <string>
#include <vector>

#include "support/project_dir.hpp"

namespace {

using retort::testing::ProjectDir;
using retort::testing::table_revision_yaml;

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

TEST(PublicApi, VersionMacrosAndFunctionAgree) {
  EXPECT_STREQ(retort::version(), RETORT_VERSION_STRING);
  EXPECT_EQ(std::string(RETORT_VERSION_STRING), std::to_string(RETORT_VERSION_MAJOR) + "." +
                                                    std::to_string(RETORT_VERSION_MINOR) + "." +
                                                    std::to_string(RETORT_VERSION_PATCH));
}

// Two revisions in a row, on a SQLite file.
struct TwoRevisions {
  ProjectDir dir;
  TwoRevisions() {
    dir.write_config(dir.sqlite_url());
    dir.write_revision("001_a.yaml", table_revision_yaml("001", {}));
    dir.write_revision("002_b.yaml", table_revision_yaml("002", {"001"}));
  }
  retort::Project open() const { return retort::Project::open(dir.config_path()); }
};

TEST(PublicApi, StatusIsAppliedRowsMinusGhostsAndWhetherAtEveryHead) {
  TwoRevisions p;
  retort::Project project = p.open();
  EXPECT_EQ(joined(project.heads()), "002");
  auto conn = project.connect();
  retort::Migrator migrator(project, *conn);
  retort::DatabaseStatus base = project.status(*conn);
  EXPECT_TRUE(base.rows.empty());
  EXPECT_FALSE(base.at_heads());

  migrator.upgrade("001");
  retort::DatabaseStatus s = project.status(*conn);
  EXPECT_EQ(joined(s.rows), "001");
  EXPECT_EQ(joined(s.applied), "001");
  EXPECT_EQ(joined(s.heads), "002");
  EXPECT_FALSE(s.at_heads());

  migrator.upgrade("head");
  EXPECT_TRUE(project.status(*conn).at_heads());

  // A row no file defines: a ghost, not applied, and the status explains it.
  conn->execute("INSERT INTO alembic_version (version_num) VALUES ('zzz')");
  s = project.status(*conn);
  EXPECT_EQ(joined(s.ghosts), "zzz");
  EXPECT_EQ(joined(s.applied), "002");
  EXPECT_FALSE(s.at_heads());
  EXPECT_NE(s.ghost_message.find("zzz"), std::string::npos) << s.ghost_message;
}

TEST(PublicApi, VerifyFindsARevisionModifiedAfterItWasApplied) {
  TwoRevisions p;
  {
    retort::Project project = p.open();
    auto conn = project.connect();
    retort::Migrator(project, *conn).upgrade("head");
    retort::VerifyReport ok = project.verify(*conn);
    EXPECT_TRUE(ok.ok());
    EXPECT_EQ(ok.checked, 2);
  }
  p.dir.write_revision("001_a.yaml", table_revision_yaml("001", {}) + "# edited\n");
  retort::Project project = p.open();
  auto conn = project.connect();
  retort::VerifyReport report = project.verify(*conn);
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(report.findings[0].code, "V001");
  EXPECT_EQ(report.findings[0].revision, "001");
  EXPECT_EQ(report.modified, 1);
}

// Records what Project::test_round_trips() reports as it goes.
class Recorder : public retort::RoundTripObserver {
 public:
  void started(size_t revisions, const std::string& scratch) override {
    log += "started " + std::to_string(revisions) + " " + scratch + "\n";
  }
  void finished(const retort::RoundTripResult& r) override {
    log +=
        r.revision + (r.outcome == retort::RoundTripResult::Outcome::ok ? " ok" : " failed") + "\n";
  }
  std::string log;
};

TEST(PublicApi, TestRoundTripsReportsEachRevisionAndStopsAtTheFirstFailure) {
  TwoRevisions p;
  // 003's downgrade forgets its table: it does not round-trip.
  p.dir.write_revision("003_c.yaml",
                       "revision: '003'\ndown_revision: '002'\nmessage: leaky\nupgrade:\n"
                       "  - create_table: {table: t_003, columns: [{name: id, type: integer, "
                       "primary_key: true}]}\ndowngrade: []\n");
  p.dir.write_revision("004_d.yaml", table_revision_yaml("004", {"003"}));
  retort::Project project = p.open();
  Recorder recorder;
  retort::RoundTripReport report = project.test_round_trips({}, &recorder);
  EXPECT_FALSE(report.ok());
  EXPECT_TRUE(report.stopped);
  EXPECT_EQ(joined(report.failed), "003");
  EXPECT_EQ(recorder.log, "started 4 sqlite:///:memory:\n001 ok\n002 ok\n003 failed\n");
  EXPECT_NE(report.results.back().detail.find("downgrade does not restore the schema"),
            std::string::npos)
      << report.results.back().detail;

  retort::RoundTripReport all = project.test_round_trips({.keep_going = true});
  EXPECT_FALSE(all.stopped);
  EXPECT_EQ(all.checked, 3);
  EXPECT_EQ(joined(all.failed), "003");
}

TEST(PublicApi, AutogenerateGivesTheOpsFromTheDatabaseToTheModel) {
  TwoRevisions p;
  p.dir.write("models/schema.yaml",
              "tables:\n"
              "  - table: t_001\n    columns:\n"
              "      - {name: id, type: integer, primary_key: true}\n"
              "      - {name: note, type: text}\n"
              "  - table: t_002\n    columns:\n"
              "      - {name: id, type: integer, primary_key: true}\n"
              "      - {name: note, type: text}\n"
              "  - table: extra\n    columns:\n"
              "      - {name: id, type: integer, primary_key: true}\n");
  retort::Project project = p.open();
  auto conn = project.connect();
  retort::Migrator migrator(project, *conn);
  migrator.upgrade("001");
  try {
    project.autogenerate(*conn);
    ADD_FAILURE() << "autogenerate ran on a database not at head";
  } catch (const retort::Error& e) {
    EXPECT_EQ(e.kind(), retort::ErrorKind::failure);
    EXPECT_NE(std::string(e.what()).find("Target database is not up to date"), std::string::npos);
  }
  migrator.upgrade("head");
  retort::AutogenerateResult gen = project.autogenerate(*conn);
  EXPECT_FALSE(gen.empty);
  EXPECT_NE(gen.upgrade_yaml.find("create_table"), std::string::npos) << gen.upgrade_yaml;
  EXPECT_NE(gen.upgrade_yaml.find("extra"), std::string::npos) << gen.upgrade_yaml;
  EXPECT_NE(gen.downgrade_yaml.find("drop_table"), std::string::npos) << gen.downgrade_yaml;
}

TEST(PublicApi, ApplyOpsFileRunsAListOfOpsOrNothing) {
  TwoRevisions p;
  retort::Project project = p.open();
  auto conn = project.connect();
  retort::Migrator migrator(project, *conn);
  migrator.upgrade("head");
  const std::string seed = p.dir.write(
      "seed.yaml", "- bulk_insert: {table: t_001, rows: [{id: 1, note: a}, {id: 2, note: b}]}\n");
  EXPECT_EQ(migrator.apply_ops_file(seed), 1u);
  EXPECT_EQ(conn->query("SELECT COUNT(*) FROM t_001").scalar(), "2");

  const std::string bad = p.dir.write("bad.yaml", "- bulk_insert: {table: t_001, rows: [\n");
  try {
    migrator.apply_ops_file(bad);
    ADD_FAILURE() << "a bad ops file ran";
  } catch (const retort::Error& e) {
    EXPECT_EQ(e.kind(), retort::ErrorKind::input);
    EXPECT_NE(std::string(e.what()).find("bad.yaml"), std::string::npos) << e.what();
  }
  EXPECT_EQ(conn->query("SELECT COUNT(*) FROM t_001").scalar(), "2");
}

}  // namespace
