// Migration plans on Alembic's own test shapes (tests/test_version_traversal.py). Every expected
// plan below, including each step's version-table change, is what Alembic 1.8.1's _upgrade_revs /
// _downgrade_revs / _stamp_revs and HeadMaintainer produce on the same graph.
#include <gtest/gtest.h>

#include "base/error.hpp"
#include "graph/graph_fixtures.hpp"
#include "graph/revision_graph.hpp"

namespace retort {
namespace {

using testing::graph_error;

using testing::describe;
using testing::Ids;
using testing::rev;

// a -> b -> c -> d -> e
class GraphLinearPlan : public ::testing::Test {
 protected:
  RevisionGraph g = RevisionGraph::build(
      {rev("a"), rev("b", {"a"}), rev("c", {"b"}), rev("d", {"c"}), rev("e", {"d"})});
  Ids up(std::string_view target, const Ids& current) {
    return describe(g.plan_upgrade(target, current));
  }
  Ids down(std::string_view target, const Ids& current) {
    return describe(g.plan_downgrade(target, current));
  }
};

TEST_F(GraphLinearPlan, UpgradeAbsolute) {
  EXPECT_EQ(up("e", {"c"}), (Ids{"upgrade d: c>d => d", "upgrade e: d>e => e"}));
  EXPECT_EQ(up("c", {}), (Ids{"upgrade a: +a => a", "upgrade b: a>b => b", "upgrade c: b>c => c"}));
  EXPECT_EQ(up("head", {"e"}), Ids{});
  EXPECT_EQ(up("heads", {"d"}), (Ids{"upgrade e: d>e => e"}));
}

TEST_F(GraphLinearPlan, UpgradeRelative) {
  EXPECT_EQ(up("+2", {"a"}), (Ids{"upgrade b: a>b => b", "upgrade c: b>c => c"}));
  EXPECT_EQ(up("+1", {"a"}), (Ids{"upgrade b: a>b => b"}));
  EXPECT_EQ(up("+3", {"b"}),
            (Ids{"upgrade c: b>c => c", "upgrade d: c>d => d", "upgrade e: d>e => e"}));
  EXPECT_EQ(up("b+2", {"a"}),
            (Ids{"upgrade b: a>b => b", "upgrade c: b>c => c", "upgrade d: c>d => d"}));
  EXPECT_EQ(up("d-2", {"a"}), (Ids{"upgrade b: a>b => b"}));
  EXPECT_EQ(up("+1", {}), (Ids{"upgrade a: +a => a"}));
}

TEST_F(GraphLinearPlan, UpgradeOverwalkFails) {
  EXPECT_EQ(graph_error([&] { g.plan_upgrade("-2", {"b"}); }),
            "Relative revision -2 didn't produce 2 migrations");
  EXPECT_EQ(graph_error([&] { g.plan_upgrade("+5", {"b"}); }),
            "Relative revision +5 didn't produce 5 migrations");
  EXPECT_EQ(graph_error([&] { g.plan_upgrade("c+3", {"b"}); }),
            "Relative revision c+3 didn't produce 3 migrations");
}

TEST_F(GraphLinearPlan, DowngradeAbsolute) {
  EXPECT_EQ(down("c", {"e"}), (Ids{"downgrade e: e>d => d", "downgrade d: d>c => c"}));
  EXPECT_EQ(down("base", {"c"}),
            (Ids{"downgrade c: c>b => b", "downgrade b: b>a => a", "downgrade a: -a =>"}));
  // already there: nothing to do (Alembic #838, #839)
  EXPECT_EQ(down("a", {"a"}), Ids{});
  EXPECT_EQ(down("e", {"e"}), Ids{});
  EXPECT_EQ(down("base", {}), Ids{});
}

TEST_F(GraphLinearPlan, DowngradeRelative) {
  EXPECT_EQ(down("-1", {"c"}), (Ids{"downgrade c: c>b => b"}));
  EXPECT_EQ(down("-3", {"e"}),
            (Ids{"downgrade e: e>d => d", "downgrade d: d>c => c", "downgrade c: c>b => b"}));
  EXPECT_EQ(down("a+2", {"d"}), (Ids{"downgrade d: d>c => c"}));
  EXPECT_EQ(down("c-2", {"d"}),
            (Ids{"downgrade d: d>c => c", "downgrade c: c>b => b", "downgrade b: b>a => a"}));
}

TEST_F(GraphLinearPlan, DowngradeErrors) {
  EXPECT_EQ(graph_error([&] { g.plan_downgrade("-5", {"b"}); }),
            "Relative revision -5 didn't produce 5 migrations");
  EXPECT_EQ(graph_error([&] { g.plan_downgrade("+2", {"b"}); }),
            "Relative revision +2 didn't produce 2 migrations");
  EXPECT_EQ(graph_error([&] { g.plan_downgrade("c", {"b"}); }),
            "Destination c is not a valid downgrade target from current head(s)");
  EXPECT_EQ(graph_error([&] { g.plan_downgrade("b", {}); }),
            "Destination b is not a valid downgrade target from current head(s)");
  EXPECT_EQ(graph_error([&] { g.plan_downgrade("-1", {}); }),
            "Relative revision -1 didn't produce 1 migrations");
}

TEST_F(GraphLinearPlan, Stamp) {
  EXPECT_EQ(describe(g.plan_stamp({"base"}, {"d"})), (Ids{"stamp down d>: -d =>"}));
  EXPECT_EQ(describe(g.plan_stamp({}, {"d"})), (Ids{"stamp down d>: -d =>"}));
  EXPECT_EQ(describe(g.plan_stamp({"b"}, {"d"})), (Ids{"stamp down d>b: d>b => b"}));
  EXPECT_EQ(describe(g.plan_stamp({"e"}, {"b"})), (Ids{"stamp up b>e: b>e => e"}));
  EXPECT_EQ(describe(g.plan_stamp({"heads"}, {})), (Ids{"stamp up >e: +e => e"}));
  EXPECT_EQ(describe(g.plan_stamp({"e"}, {"e"})), Ids{});
}

TEST_F(GraphLinearPlan, StepsCarryRevisionAndAlembicsFromTo) {
  auto steps = g.plan_upgrade("b", {});
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[0].revision, g.find("a"));
  EXPECT_EQ(steps[0].from_revisions, Ids{});
  EXPECT_EQ(steps[0].to_revisions, Ids{"a"});
  EXPECT_EQ(steps[1].from_revisions, Ids{"a"});
  EXPECT_EQ(steps[1].to_revisions, Ids{"b"});
  EXPECT_TRUE(steps[1].is_upgrade);
  auto back = g.plan_downgrade("a", {"b"});
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].direction, MigrationStep::Direction::downgrade);
  EXPECT_EQ(back[0].from_revisions, Ids{"b"});
  EXPECT_EQ(back[0].to_revisions, Ids{"a"});
  EXPECT_FALSE(back[0].is_upgrade);
  EXPECT_EQ(back[0].rows.updated, (std::vector<std::pair<std::string, std::string>>{{"b", "a"}}));
}

// a -> b -> {c1 (c1branch) -> d1, c2 (c2branch) -> d2}
class GraphBranchedPlan : public ::testing::Test {
 protected:
  RevisionGraph g =
      RevisionGraph::build({rev("a"), rev("b", {"a"}), rev("c1", {"b"}, {"c1branch"}),
                            rev("d1", {"c1"}), rev("c2", {"b"}, {"c2branch"}), rev("d2", {"c2"})});
  Ids up(std::string_view target, const Ids& current) {
    return describe(g.plan_upgrade(target, current));
  }
  Ids down(std::string_view target, const Ids& current) {
    return describe(g.plan_downgrade(target, current));
  }
};

TEST_F(GraphBranchedPlan, UpgradeToBothHeads) {
  EXPECT_EQ(up("heads", {"a"}),
            (Ids{"upgrade b: a>b => b", "upgrade c2: b>c2 => c2", "upgrade d2: c2>d2 => d2",
                 "upgrade c1: +c1 => d2,c1", "upgrade d1: c1>d1 => d2,d1"}));
  EXPECT_EQ(up("d1", {"b"}), (Ids{"upgrade c1: b>c1 => c1", "upgrade d1: c1>d1 => d1"}));
  EXPECT_EQ(up("c1branch@head", {"a"}),
            (Ids{"upgrade b: a>b => b", "upgrade c1: b>c1 => c1", "upgrade d1: c1>d1 => d1"}));
  EXPECT_EQ(up("c1branch@+2", {"b"}), (Ids{"upgrade c1: b>c1 => c1", "upgrade d1: c1>d1 => d1"}));
}

TEST_F(GraphBranchedPlan, DowngradeBothBranches) {
  EXPECT_EQ(down("a", {"d1", "d2"}),
            (Ids{"downgrade d1: d1>c1 => c1,d2", "downgrade c1: -c1 => d2",
                 "downgrade d2: d2>c2 => c2", "downgrade c2: c2>b => b", "downgrade b: b>a => a"}));
}

TEST_F(GraphBranchedPlan, RelativeWithLabels) {
  EXPECT_EQ(up("c2branch@head-1", {"b"}), (Ids{"upgrade c2: b>c2 => c2"}));
  EXPECT_EQ(down("base+2", {"d2", "d1"}),
            (Ids{"downgrade d1: d1>c1 => d2,c1", "downgrade c1: -c1 => d2",
                 "downgrade d2: d2>c2 => c2", "downgrade c2: c2>b => b"}));
  // only the c2branch goes back to base+2 = b
  EXPECT_EQ(down("c2branch@base+2", {"d2", "d1"}),
            (Ids{"downgrade d2: d2>c2 => c2,d1", "downgrade c2: -c2 => d1"}));
  EXPECT_EQ(down("c2branch@base+3", {"d2", "d1"}), (Ids{"downgrade d2: d2>c2 => c2,d1"}));
  EXPECT_EQ(down("c1branch@-1", {"d1", "d2"}), (Ids{"downgrade d1: d1>c1 => c1,d2"}));
  EXPECT_EQ(down("c1branch@head-1", {"d1", "d2"}), (Ids{"downgrade d1: d1>c1 => c1,d2"}));
  EXPECT_EQ(down("d2-1", {"d2", "c1"}), (Ids{"downgrade d2: d2>c2 => c2,c1"}));
  EXPECT_EQ(down("c2branch@b", {"c1", "d2"}),
            (Ids{"downgrade d2: d2>c2 => c1,c2", "downgrade c2: -c2 => c1"}));
  EXPECT_EQ(up("c2branch@+1", {"c1"}), (Ids{"upgrade c2: +c2 => c1,c2"}));
  EXPECT_EQ(up("c2branch@+1", {"c1", "c2"}), (Ids{"upgrade d2: c2>d2 => c1,d2"}));
}

TEST_F(GraphBranchedPlan, MinusOneFromSeveralHeadsUsesTheFirstRow) {
  // Alembic warns that this is ambiguous and walks down from the first row.
  EXPECT_EQ(down("-1", {"d2", "d1"}), (Ids{"downgrade d2: d2>c2 => c2,d1"}));
  EXPECT_EQ(down("-1", {"c1", "d2"}), (Ids{"downgrade c1: -c1 => d2"}));
}

TEST_F(GraphBranchedPlan, AmbiguousAndMultipleHeads) {
  EXPECT_EQ(graph_error([&] {
              g.plan_upgrade("+1", {"c1", "c2"});
            }),
            "Ambiguous upgrade from multiple current revisions (c1, c2): name the target "
            "revision, one to walk up from as REV+N, or a branch as LABEL@+N");
  EXPECT_EQ(
      graph_error([&] { g.plan_upgrade("head", {"a"}); }),
      "Multiple head revisions are present for given argument 'head'; please specify a "
      "specific target revision, '<branchname>@head' to narrow to a specific head, or 'heads' "
      "for all heads (heads: d1, d2)");
}

TEST_F(GraphBranchedPlan, NothingToDoOnOtherBranch) {
  EXPECT_EQ(down("c2", {"d1", "c2"}), Ids{});
  EXPECT_EQ(down("d1", {"d1", "c2"}), Ids{});
}

TEST_F(GraphBranchedPlan, Stamp) {
  // DELETE d1, UPDATE c2 to b
  EXPECT_EQ(describe(g.plan_stamp({"b"}, {"d1", "c2"})),
            (Ids{"stamp down d1,c2>b: -d1 c2>b => b"}));
  EXPECT_EQ(describe(g.plan_stamp({"c1branch@base"}, {"d1", "c2"})),
            (Ids{"stamp down d1>: -d1 => c2"}));
  // the c1branch row stays
  EXPECT_EQ(describe(g.plan_stamp({"c2branch@head"}, {"d1", "c2"})),
            (Ids{"stamp up c2>d2: c2>d2 => d1,d2"}));
  EXPECT_EQ(describe(g.plan_stamp({"d1", "d2"}, {"b"})),
            (Ids{"stamp up b>d1: b>d1 => d1", "stamp up b>d2: +d2 => d1,d2"}));
  EXPECT_EQ(graph_error([&] { g.plan_stamp({"head"}, {}); }),
            "Multiple heads are present; please specify a single target revision (heads: d1, d2)");
}

// a -> b -> {c1 -> d1, c2 (c2branch) -> d2} -> e (merges d1, d2) -> f
class GraphMergedPlan : public ::testing::Test {
 protected:
  RevisionGraph g = RevisionGraph::build(
      {rev("a"), rev("b", {"a"}), rev("c1", {"b"}), rev("d1", {"c1"}),
       rev("c2", {"b"}, {"c2branch"}), rev("d2", {"c2"}), rev("e", {"d1", "d2"}), rev("f", {"e"})});
  Ids up(std::string_view target, const Ids& current) {
    return describe(g.plan_upgrade(target, current));
  }
  Ids down(std::string_view target, const Ids& current) {
    return describe(g.plan_downgrade(target, current));
  }
};

TEST_F(GraphMergedPlan, UpgradeAcrossMergeCollapsesRows) {
  EXPECT_EQ(up("f", {"b"}),
            (Ids{"upgrade c2: b>c2 => c2", "upgrade d2: c2>d2 => d2", "upgrade c1: +c1 => d2,c1",
                 "upgrade d1: c1>d1 => d2,d1", "upgrade e: -d1 d2>e => e", "upgrade f: e>f => f"}));
  EXPECT_EQ(up("e", {"d1", "c2"}), (Ids{"upgrade d2: c2>d2 => d1,d2", "upgrade e: -d1 d2>e => e"}));
  EXPECT_EQ(up("e", {"d1"}), (Ids{"upgrade c2: +c2 => d1,c2", "upgrade d2: c2>d2 => d1,d2",
                                  "upgrade e: -d1 d2>e => e"}));
}

TEST_F(GraphMergedPlan, DowngradeAcrossMergeRestoresBothRows) {
  EXPECT_EQ(down("b", {"f"}), (Ids{"downgrade f: f>e => e", "downgrade e: e>d2 +d1 => d2,d1",
                                   "downgrade d1: d1>c1 => d2,c1", "downgrade c1: -c1 => d2",
                                   "downgrade d2: d2>c2 => c2", "downgrade c2: c2>b => b"}));
  EXPECT_EQ(down("d1", {"f"}), (Ids{"downgrade f: f>e => e", "downgrade e: e>d2 +d1 => d2,d1"}));
  EXPECT_EQ(down("c2", {"e"}),
            (Ids{"downgrade e: e>d2 +d1 => d2,d1", "downgrade d2: d2>c2 => c2,d1"}));
}

TEST_F(GraphMergedPlan, EveryStepOfAFullRoundTrip) {
  auto upgrade = g.plan_upgrade("heads", {});
  ASSERT_EQ(upgrade.size(), 8u);
  const MigrationStep& merge = upgrade[6];
  EXPECT_EQ(merge.revision->id, "e");
  EXPECT_EQ(merge.from_revisions, (Ids{"d1", "d2"}));
  EXPECT_EQ(merge.rows.deleted, Ids{"d1"});
  EXPECT_EQ(merge.rows.updated, (std::vector<std::pair<std::string, std::string>>{{"d2", "e"}}));
  EXPECT_TRUE(merge.rows.inserted.empty());
  auto downgrade = g.plan_downgrade("base", upgrade.back().heads_after);
  ASSERT_EQ(downgrade.size(), 8u);
  const MigrationStep& unmerge = downgrade[1];
  EXPECT_EQ(unmerge.revision->id, "e");
  EXPECT_EQ(unmerge.to_revisions, (Ids{"d1", "d2"}));
  EXPECT_EQ(unmerge.rows.inserted, Ids{"d1"});
  EXPECT_EQ(unmerge.rows.updated, (std::vector<std::pair<std::string, std::string>>{{"e", "d2"}}));
  EXPECT_TRUE(unmerge.rows.deleted.empty());
  EXPECT_EQ(downgrade.back().heads_after, Ids{});
}

TEST_F(GraphMergedPlan, Stamp) {
  EXPECT_EQ(describe(g.plan_stamp({"c2"}, {"e"})), (Ids{"stamp down e>c2: e>c2 => c2"}));
  EXPECT_EQ(describe(g.plan_stamp({"a"}, {"e"})), (Ids{"stamp down e>a: e>a => a"}));
  EXPECT_EQ(describe(g.plan_stamp({"e"}, {"c2"})), (Ids{"stamp up c2>e: c2>e => e"}));
  EXPECT_EQ(describe(g.plan_stamp({"c2branch@head"}, {"d1", "c2"})),
            (Ids{"stamp up d1,c2>f: -d1 c2>f => f"}));
  EXPECT_EQ(describe(g.plan_stamp({"e"}, {"d1", "c2"})), (Ids{"stamp up d1,c2>e: -d1 c2>e => e"}));
  EXPECT_EQ(describe(g.plan_stamp({"e"}, {"b"})), (Ids{"stamp up b>e: b>e => e"}));
}

// Alembic #297: two merge points from the same three branches.
TEST(GraphTwinMergePlan, UpgradeAndDowngrade) {
  RevisionGraph g =
      RevisionGraph::build({rev("a"), rev("b1", {"a"}), rev("b2", {"a"}), rev("b3", {"a"}),
                            rev("c1", {"b1", "b2", "b3"}), rev("c2", {"b1", "b2", "b3"}),
                            rev("d1", {"c1"}), rev("d2", {"c2"})});
  EXPECT_EQ(
      describe(g.plan_upgrade("heads", {"a"})),
      (Ids{"upgrade b3: a>b3 => b3", "upgrade b2: +b2 => b3,b2", "upgrade b1: +b1 => b3,b2,b1",
           "upgrade c2: -b1 -b2 b3>c2 => c2", "upgrade d2: c2>d2 => d2", "upgrade c1: +c1 => d2,c1",
           "upgrade d1: c1>d1 => d2,d1"}));
  EXPECT_EQ(
      describe(g.plan_downgrade("a", {"d1", "d2"})),
      (Ids{"downgrade d1: d1>c1 => c1,d2", "downgrade c1: -c1 => d2", "downgrade d2: d2>c2 => c2",
           "downgrade c2: c2>b3 +b1 +b2 => b3,b1,b2", "downgrade b1: -b1 => b3,b2",
           "downgrade b2: -b2 => b3", "downgrade b3: b3>a => a"}));
}

// Two roots: a1 -> b1 and a2 -> b2.
class GraphForestPlan : public ::testing::Test {
 protected:
  RevisionGraph g =
      RevisionGraph::build({rev("a1"), rev("b1", {"a1"}), rev("a2"), rev("b2", {"a2"})});
};

TEST_F(GraphForestPlan, UpgradeDowngradeStamp) {
  EXPECT_EQ(describe(g.plan_upgrade("heads", {})),
            (Ids{"upgrade a2: +a2 => a2", "upgrade b2: a2>b2 => b2", "upgrade a1: +a1 => b2,a1",
                 "upgrade b1: a1>b1 => b2,b1"}));
  EXPECT_EQ(describe(g.plan_upgrade("b2", {"b1"})),
            (Ids{"upgrade a2: +a2 => b1,a2", "upgrade b2: a2>b2 => b1,b2"}));
  EXPECT_EQ(describe(g.plan_downgrade("base", {"b1", "b2"})),
            (Ids{"downgrade b1: b1>a1 => a1,b2", "downgrade a1: -a1 => b2",
                 "downgrade b2: b2>a2 => a2", "downgrade a2: -a2 =>"}));
  EXPECT_EQ(describe(g.plan_downgrade("a1", {"b1", "b2"})), (Ids{"downgrade b1: b1>a1 => a1,b2"}));
  EXPECT_EQ(describe(g.plan_stamp({"heads"}, {})),
            (Ids{"stamp up >b1: +b1 => b1", "stamp up >b2: +b2 => b1,b2"}));
  EXPECT_EQ(describe(g.plan_stamp({"heads"}, {"b1", "b2"})), Ids{});
  EXPECT_EQ(testing::ids(g.bases()), (Ids{"a1", "a2"}));
  EXPECT_EQ(testing::ids(g.heads()), (Ids{"b1", "b2"}));
}

// a -> b -> {c1 (c1branch) -> d1, c2 (c2branch) -> d2}, and d2 depends on c1.
class GraphCrossDependencyPlan : public ::testing::Test {
 protected:
  RevisionGraph g = RevisionGraph::build({rev("a"), rev("b", {"a"}), rev("c1", {"b"}, {"c1branch"}),
                                          rev("d1", {"c1"}), rev("c2", {"b"}, {"c2branch"}),
                                          rev("d2", {"c2"}, {}, {"c1"})});
  Ids up(std::string_view target, const Ids& current) {
    return describe(g.plan_upgrade(target, current));
  }
  Ids down(std::string_view target, const Ids& current) {
    return describe(g.plan_downgrade(target, current));
  }
};

TEST_F(GraphCrossDependencyPlan, UpgradingPullsTheDependency) {
  EXPECT_EQ(up("d2", {}),
            (Ids{"upgrade a: +a => a", "upgrade b: a>b => b", "upgrade c1: b>c1 => c1",
                 "upgrade c2: +c2 => c1,c2", "upgrade d2: -c2 c1>d2 => d2"}));
  EXPECT_EQ(up("c2branch@head", {"c2"}),
            (Ids{"upgrade c1: +c1 => c2,c1", "upgrade d2: -c2 c1>d2 => d2"}));
  // "Running upgrade c2 -> d2" shows the down_revision only, as Alembic prints it
  auto steps = g.plan_upgrade("d2", {"c1", "c2"});
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(steps[0].from_revisions, Ids{"c2"});
}

TEST_F(GraphCrossDependencyPlan, DowngradingTheDependencyTakesTheDependent) {
  EXPECT_EQ(down("c1branch@b", {"d1", "d2"}),
            (Ids{"downgrade d1: -d1 => d2", "downgrade d2: d2>c1 +c2 => c1,c2",
                 "downgrade c1: -c1 => c2"}));
  EXPECT_EQ(down("c2branch@b", {"d1", "d2"}),
            (Ids{"downgrade d2: d2>c2 => d1,c2", "downgrade c2: -c2 => d1"}));
  EXPECT_EQ(down("b", {"d1", "d2"}),
            (Ids{"downgrade d1: -d1 => d2", "downgrade d2: d2>c1 +c2 => c1,c2",
                 "downgrade c2: -c2 => c1", "downgrade c1: c1>b => b"}));
  EXPECT_EQ(graph_error([&] { g.plan_downgrade("c1", {"d2"}); }),
            "Destination c1 is not a valid downgrade target from current head(s)");
}

TEST_F(GraphCrossDependencyPlan, GraphFacts) {
  EXPECT_EQ(g.resolved_depends_on("d2"), Ids{"c1"});
  EXPECT_EQ(testing::ids(g.dependents("c1")), Ids{"d2"});
  EXPECT_EQ(testing::ids(g.children("c1")), Ids{"d1"});
  EXPECT_FALSE(g.is_head("c1"));
  EXPECT_EQ(testing::ids(g.real_heads()), (Ids{"d1", "d2"}));
}

// Alembic's DependsOnBranchTestOne: c2 depends on c1 of another root.
TEST(GraphDependencyAcrossRoots, DowngradeAndStamp) {
  RevisionGraph g = RevisionGraph::build(
      {rev("a1", {}, {"lib1"}), rev("b1", {"a1"}), rev("c1", {"b1"}), rev("a2"), rev("b2", {"a2"}),
       rev("c2", {"b2"}, {}, {"c1"}), rev("d1", {"c1"}), rev("e1", {"d1"}), rev("f1", {"e1"})});
  // d1 goes; c1 stays implied by c2
  EXPECT_EQ(describe(g.plan_downgrade("c1", {"c2", "d1"})), (Ids{"downgrade d1: -d1 => c2"}));
  EXPECT_EQ(describe(g.plan_stamp({"b1"}, {"e1", "c2"})),
            (Ids{"stamp down e1,c2>b1: -e1 c2>b1 => b1"}));
  EXPECT_EQ(
      describe(g.plan_upgrade("c2", {"a2"})),
      (Ids{"upgrade a1: +a1 => a2,a1", "upgrade b1: a1>b1 => a2,b1", "upgrade c1: b1>c1 => a2,c1",
           "upgrade b2: a2>b2 => b2,c1", "upgrade c2: -b2 c1>c2 => c2"}));
  EXPECT_EQ(describe(g.plan_downgrade("b1", {"c2", "f1"})),
            (Ids{"downgrade c2: c2>b2 => b2,f1", "downgrade f1: f1>e1 => b2,e1",
                 "downgrade e1: e1>d1 => b2,d1", "downgrade d1: d1>c1 => b2,c1",
                 "downgrade c1: c1>b1 => b2,b1"}));
}

// Alembic #377: criss-cross dependencies; half of a merge point can be removed.
TEST(GraphDependencyRegressions, CrissCross) {
  RevisionGraph g =
      RevisionGraph::build({rev("a1"), rev("a2", {"a1"}), rev("b1"), rev("b2", {"b1"}, {}, {"a2"}),
                            rev("b3", {"b2"}), rev("a3", {"a2"}, {}, {"b1"})});
  EXPECT_EQ(describe(g.plan_downgrade("b1", {"a3", "b2"})), (Ids{"downgrade b2: -b2 => a3"}));
  EXPECT_EQ(describe(g.plan_upgrade("heads", {})),
            (Ids{"upgrade a1: +a1 => a1", "upgrade a2: a1>a2 => a2", "upgrade b1: +b1 => a2,b1",
                 "upgrade a3: -a2 b1>a3 => a3", "upgrade b2: +b2 => a3,b2",
                 "upgrade b3: b2>b3 => a3,b3"}));
  EXPECT_EQ(testing::ids(g.history()), (Ids{"b3", "b2", "a3", "b1", "a2", "a1"}));
}

// Alembic #843: depending on one's own down_revision changes nothing.
TEST(GraphDependencyRegressions, DependsOnOwnParent) {
  RevisionGraph g = RevisionGraph::build({rev("a1"), rev("a2", {"a1"}, {}, {"a1"})});
  EXPECT_EQ(describe(g.plan_upgrade("a2", {})),
            (Ids{"upgrade a1: +a1 => a1", "upgrade a2: a1>a2 => a2"}));
  EXPECT_EQ(describe(g.plan_downgrade("a1", {"a2"})), (Ids{"downgrade a2: a2>a1 => a1"}));
}

// Alembic #789: a dependency an ancestor already has is not repeated (normalized), so undoing b4
// does not bring back a row for a3.
TEST(GraphDependencyRegressions, NormalizedDependencies) {
  RevisionGraph g = RevisionGraph::build({rev("a1"), rev("a2", {"a1"}), rev("a3", {"a2"}),
                                          rev("b1"), rev("b2", {"b1"}, {}, {"a3"}),
                                          rev("b3", {"b2"}), rev("b4", {"b3"}, {}, {"a3"})});
  EXPECT_EQ(describe(g.plan_downgrade("b3", {"b4"})), (Ids{"downgrade b4: b4>b3 => b3"}));
  EXPECT_EQ(describe(g.plan_upgrade("b4", {})),
            (Ids{"upgrade a1: +a1 => a1", "upgrade a2: a1>a2 => a2", "upgrade a3: a2>a3 => a3",
                 "upgrade b1: +b1 => a3,b1", "upgrade b2: -b1 a3>b2 => b2",
                 "upgrade b3: b2>b3 => b3", "upgrade b4: b3>b4 => b4"}));
}

// Alembic #1373 (fixed in newer Alembic; 1.8.1 leaves rows a1 and b1, one below the other):
// undoing a merge does not restore a row that another restored row implies.
TEST(GraphDependencyRegressions, UndoingAMergeLeavesNoRowBelowAnother) {
  RevisionGraph g =
      RevisionGraph::build({rev("a1"), rev("b1", {}, {}, {"a1"}), rev("bmerge", {"a1", "b1"})});
  EXPECT_EQ(describe(g.plan_upgrade("b1", {"a1"})), (Ids{"upgrade b1: a1>b1 => b1"}));
  EXPECT_EQ(describe(g.plan_upgrade("bmerge", {"b1"})),
            (Ids{"upgrade bmerge: b1>bmerge => bmerge"}));
  EXPECT_EQ(describe(g.plan_downgrade("a1", {"bmerge"})),
            (Ids{"downgrade bmerge: bmerge>b1 => b1"}));
  EXPECT_EQ(describe(g.plan_downgrade("b1", {"bmerge"})),
            (Ids{"downgrade bmerge: bmerge>b1 => b1"}));
  // the same with a depends_on naming an ancestor of the down_revision
  RevisionGraph chain =
      RevisionGraph::build({rev("a1"), rev("a2", {"a1"}), rev("a3", {"a2"}, {}, {"a1"})});
  EXPECT_EQ(describe(chain.plan_downgrade("a2", {"a3"})), (Ids{"downgrade a3: a3>a2 => a2"}));
}

// A merge that also names an ancestor of one of its parents (Alembic fails updating a row that is
// not there): only existing rows are touched.
TEST(GraphDependencyRegressions, MergeNamingAnAncestorOfAParent) {
  RevisionGraph g = RevisionGraph::build(
      {rev("r0"), rev("r1", {"r0"}), rev("r2", {"r0"}), rev("r3", {"r1", "r2", "r0"})});
  EXPECT_EQ(describe(g.plan_upgrade("heads", {})),
            (Ids{"upgrade r0: +r0 => r0", "upgrade r2: r0>r2 => r2", "upgrade r1: +r1 => r2,r1",
                 "upgrade r3: -r1 r2>r3 => r3"}));
  EXPECT_EQ(describe(g.plan_downgrade("base", {"r3"})),
            (Ids{"downgrade r3: r3>r2 +r1 => r2,r1", "downgrade r1: -r1 => r2",
                 "downgrade r2: r2>r0 => r0", "downgrade r0: -r0 =>"}));
}

TEST(GraphGhostRevisions, ReportedByEveryPlan) {
  RevisionGraph g = RevisionGraph::build({rev("a"), rev("b", {"a"})});
  EXPECT_EQ(g.ghosts({"a", "zz9", "b", "zz9", "yy"}), (Ids{"zz9", "yy"}));
  EXPECT_EQ(g.ghosts({"a", "b"}), Ids{});
  const std::string one =
      "The database is at revision 'zz9', which no migration file defines (a ghost revision; was a "
      "file deleted or renamed?). Restore the file, or record the revision the schema actually "
      "matches with 'retort stamp --purge REV' (see 'retort history')";
  EXPECT_EQ(ghost_message({"zz9"}), one);
  EXPECT_EQ(graph_error([&] { g.plan_upgrade("head", {"zz9"}); }), one);
  EXPECT_EQ(graph_error([&] { g.plan_downgrade("base", {"zz9"}); }), one);
  EXPECT_EQ(graph_error([&] { g.plan_stamp({"a"}, {"zz9"}); }), one);
  EXPECT_EQ(graph_error([&] { g.effective_current({"zz9"}); }), one);
  EXPECT_EQ(graph_error([&] { g.history("current", "", {"zz9"}); }), one);
  EXPECT_EQ(graph_error([&] {
              g.plan_upgrade("head", {"a", "x1", "x2"});
            }),
            "The database is at revisions 'x1', 'x2', which no migration file defines (ghost "
            "revisions; were files deleted or renamed?). Restore the files, or record the revision "
            "the schema actually matches with 'retort stamp --purge REV' (see 'retort history')");
  // --purge: the caller passes no current rows, and the stamp recovers
  EXPECT_EQ(describe(g.plan_stamp({"b"}, {})), (Ids{"stamp up >b: +b => b"}));
}

TEST(GraphOverlappingRows, ReportedWithTheStampThatFixesThem) {
  RevisionGraph g = RevisionGraph::build(
      {rev("a"), rev("b", {"a"}), rev("c", {"b"}), rev("x", {"a"}), rev("y", {"x"})});
  // rows a and b where a is below b: Alembic says only "Requested revision b overlaps with other
  // requested revisions a"; retort names the rows and the stamp that recovers, in every plan.
  const std::string overlap =
      "The version table has overlapping rows (a is an ancestor of b): a database is at one "
      "revision per branch, so one of these rows is wrong (left behind or inserted by hand?). "
      "Record the revision the schema actually matches with 'retort stamp --purge b' if it is at "
      "the newer one (see 'retort history')";
  EXPECT_EQ(g.overlapping_rows({"a", "b"}),
            (std::vector<std::pair<std::string, std::string>>{{"a", "b"}}));
  EXPECT_TRUE(g.overlapping_rows({"b", "y"}).empty());
  EXPECT_TRUE(g.overlapping_rows({"b", "zz9"}).empty());  // ghosts are reported apart
  EXPECT_EQ(graph_error([&] { g.plan_upgrade("c", {"a", "b"}); }), overlap);
  EXPECT_EQ(graph_error([&] { g.plan_upgrade("c", {"b", "a"}); }), overlap);
  EXPECT_EQ(graph_error([&] { g.plan_downgrade("base", {"a", "b"}); }), overlap);
  EXPECT_EQ(graph_error([&] { g.plan_stamp({"c"}, {"a", "b"}); }), overlap);
  EXPECT_EQ(graph_error([&] { g.history("", "current", {"a", "b"}); }), overlap);
  EXPECT_EQ(graph_error([&] { g.resolve("+1", {"a", "b"}); }), overlap);
  // Several rows and several branches: only the rows below another are dropped.
  EXPECT_EQ(overlap_message(g.overlapping_rows({"a", "b", "y"}), {"a", "b", "y"}),
            "The version table has overlapping rows (a is an ancestor of b; a is an ancestor of "
            "y): a database is at one revision per branch, so one of these rows is wrong (left "
            "behind or inserted by hand?). Record the revision the schema actually matches with "
            "'retort stamp --purge b y' if it is at the newer one (see 'retort history')");
}

TEST(GraphOverlappingRows, StampNeverWritesThem) {
  RevisionGraph g = RevisionGraph::build({rev("a"), rev("b", {"a"}), rev("c", {"b"})});
  EXPECT_EQ(graph_error([&] {
              g.plan_stamp({"a", "b"}, {});
            }),
            "Cannot stamp a b: a is an ancestor of b, and the version table holds one revision per "
            "branch (stamp b instead)");
  EXPECT_EQ(graph_error([&] {
              g.plan_stamp({"c", "a"}, {"b"});
            }),
            "Cannot stamp c a: a is an ancestor of c, and the version table holds one revision per "
            "branch (stamp c instead)");
}

}  // namespace
}  // namespace retort
