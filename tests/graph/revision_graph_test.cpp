// RevisionGraph: validation at load time, graph facts, identifier resolution, history order and
// the parents of a new revision. Expected orders and labels are Alembic 1.8.1's on the same graphs.
#include "graph/revision_graph.hpp"

#include <gtest/gtest.h>

#include <regex>

#include "base/error.hpp"
#include "graph/graph_fixtures.hpp"
#include "graph/revision_ids.hpp"
#include "ops/load_revision.hpp"

namespace retort {
namespace {

using testing::graph_error;

using testing::ids;
using testing::Ids;
using testing::rev;

std::string build_error(std::vector<Revision> revs) {
  return graph_error([&] { RevisionGraph::build(std::move(revs)); }, ErrorKind::input);
}

Revision at(Revision r, std::string file, int line, int column) {
  r.path = file;
  r.where = {std::move(file), line, column};
  return r;
}

// ---- validation -------------------------------------------------------------------------------

TEST(GraphBuild, RejectsBadIds) {
  EXPECT_EQ(
      build_error({rev("bad-id")}),
      "bad-id.yaml: revision id 'bad-id' is not valid: use letters, digits and '_', at most 32 "
      "characters");
  EXPECT_EQ(build_error({at(rev(std::string(33, 'a')), "m/long.yaml", 1, 11)}),
            "m/long.yaml:1:11: revision id '" + std::string(33, 'a') +
                "' is not valid: use letters, digits and '_', at most 32 characters");
  EXPECT_NO_THROW(RevisionGraph::build({rev(std::string(32, 'a'))}));
}

TEST(GraphBuild, DuplicateIdNamesBothFiles) {
  EXPECT_EQ(
      build_error({at(rev("042"), "m/042_a.yaml", 1, 11), at(rev("042"), "m/042_b.yaml", 1, 11)}),
      "m/042_b.yaml:1:11: revision id '042' is already defined in m/042_a.yaml:1:11");
}

TEST(GraphBuild, ListEntryErrorsPointAtTheEntryInTheFile) {
  auto file = [](const std::string& path, const std::string& header) {
    return parse_revision(path, header + "upgrade: []\ndowngrade: []\n", LoadDepth::header);
  };
  Revision a = file("m/a.yaml", "revision: a\ndown_revision: null\nbranch_labels: [x]\n");
  Revision b = file("m/b.yaml", "revision: b\ndown_revision:\n  - a\n  - bb\n");
  EXPECT_EQ(build_error({a, b}),
            "m/b.yaml:4:5: down_revision 'bb' of revision b names no revision");
  Revision c = file("m/c.yaml", "revision: c\ndown_revision: a\ndepends_on: [a, zz]\n");
  EXPECT_EQ(build_error({a, c}),
            "m/c.yaml:3:17: depends_on 'zz' of revision c names no revision or branch label");
  Revision d = file("m/d.yaml", "revision: d\ndown_revision: a\nbranch_labels: [y, x]\n");
  EXPECT_EQ(build_error({a, d}),
            "m/d.yaml:3:20: Branch name 'x' in revision d already used by revision a "
            "(m/a.yaml:1:1)");
}

TEST(GraphBuild, MissingParentOrDependencyNamesTheFile) {
  EXPECT_EQ(
      build_error({rev("a"), rev("b", {"a"}), at(rev("c", {"bb"}), "m/c.yaml", 2, 16)}),
      "m/c.yaml:2:16: down_revision 'bb' of revision c names no revision (did you mean 'b'?)");
  EXPECT_EQ(build_error({rev("a"), rev("b", {"a"}, {}, {"zzz"})}),
            "b.yaml: depends_on 'zzz' of revision b names no revision or branch label");
}

TEST(GraphBuild, SelfLoopAndCycles) {
  EXPECT_EQ(build_error({rev("r"), rev("a", {"a"})}),
            "a.yaml: Self-loop is detected in revisions (a): its down_revision names itself");
  EXPECT_EQ(
      build_error({rev("r"), rev("a", {"r"}, {}, {"a"})}),
      "a.yaml: Dependency self-loop is detected in revisions (a): its depends_on names itself");
  // x sits above the cycle and r is unrelated: only the cycle is named
  EXPECT_EQ(
      build_error({rev("a", {"c"}), rev("b", {"a"}), rev("c", {"b"}), rev("x", {"a"}), rev("r")}),
      "Cycle is detected in revisions (a, c, b): each names the next as its down_revision; "
      "files: a.yaml, c.yaml, b.yaml");
  EXPECT_EQ(build_error({rev("r"), rev("a", {"r"}, {}, {"b"}), rev("b", {"a"})}),
            "Dependency cycle is detected in revisions (a, b): each names the next as its "
            "down_revision or depends_on; files: a.yaml, b.yaml");
  EXPECT_EQ(
      build_error({at(rev("a", {"b"}), "m/a.yaml", 1, 11), at(rev("b", {"a"}), "m/b.yaml", 1, 11)}),
      "Cycle is detected in revisions (a, b): each names the next as its down_revision; files: "
      "m/a.yaml:1:11, m/b.yaml:1:11");
}

TEST(GraphBuild, BranchLabelErrors) {
  EXPECT_EQ(build_error({rev("a", {}, {"x"}), rev("b", {"a"}, {"x"})}),
            "b.yaml: Branch name 'x' in revision b already used by revision a (a.yaml)");
  EXPECT_EQ(build_error({rev("a"), rev("b", {"a"}, {"a"})}),
            "b.yaml: Branch name 'a' in revision b is the id of revision a (a.yaml)");
  EXPECT_EQ(
      build_error({rev("a", {}, {"head"})}),
      "a.yaml: branch label 'head' is not valid: use letters, digits, '_' and '-', and not head, "
      "heads, base or current");
  EXPECT_EQ(build_error({rev("a", {}, {"x", "x"})}),
            "a.yaml: branch label 'x' is listed twice in revision a");
  EXPECT_EQ(
      build_error({rev("a", {}, {"x"}, {"x"})}),
      "a.yaml: Dependency self-loop is detected in revisions (a): its depends_on names its own "
      "branch label 'x'");
  EXPECT_NO_THROW(RevisionGraph::build({rev("a", {}, {"x"}), rev("b", {"a"}, {}, {"x"})}));
}

TEST(GraphBuild, DuplicateDownRevision) {
  EXPECT_EQ(build_error({rev("a"), rev("b", {"a", "a"})}),
            "b.yaml: down_revision of revision b lists 'a' twice");
}

// ---- facts ------------------------------------------------------------------------------------

// a -> b -> {c1 (c1branch) -> d1, c2 (c2branch) -> d2}
RevisionGraph branched() {
  return RevisionGraph::build({rev("a"), rev("b", {"a"}), rev("c1", {"b"}, {"c1branch"}),
                               rev("d1", {"c1"}), rev("c2", {"b"}, {"c2branch"}),
                               rev("d2", {"c2"})});
}

TEST(GraphFacts, HeadsBasesChildren) {
  RevisionGraph g = branched();
  EXPECT_EQ(g.size(), 6u);
  EXPECT_EQ(ids(g.heads()), (Ids{"d1", "d2"}));
  EXPECT_EQ(ids(g.bases()), Ids{"a"});
  EXPECT_EQ(ids(g.children("b")), (Ids{"c1", "c2"}));
  EXPECT_TRUE(g.is_branch_point("b"));
  EXPECT_FALSE(g.is_branch_point("c1"));
  EXPECT_TRUE(g.is_head("d2"));
  EXPECT_TRUE(g.is_real_head("d2"));
  EXPECT_FALSE(g.is_head("c2"));
  EXPECT_TRUE(g.is_base("a"));
  EXPECT_FALSE(g.is_merge("d1"));
  EXPECT_EQ(g.find("c2")->id, "c2");
  EXPECT_EQ(g.find("c"), nullptr);
  EXPECT_FALSE(g.is_head("nope"));
  RevisionGraph merged =
      RevisionGraph::build({rev("a"), rev("b", {"a"}), rev("c", {"a"}), rev("m", {"b", "c"})});
  EXPECT_TRUE(merged.is_merge("m"));
  EXPECT_EQ(ids(merged.heads()), Ids{"m"});
}

TEST(GraphFacts, EmptyGraph) {
  RevisionGraph g;
  EXPECT_TRUE(g.empty());
  EXPECT_EQ(g.resolve("head"), Ids{});
  EXPECT_EQ(g.resolve("heads"), Ids{});
  EXPECT_TRUE(g.plan_upgrade("heads", {}).empty());
  EXPECT_TRUE(g.history().empty());
  EXPECT_EQ(g.new_revision_parents({}, false, {}).down_revisions, Ids{});
}

TEST(GraphFacts, LabelsSpreadAsAlembicDoes) {
  RevisionGraph g = branched();
  EXPECT_EQ(g.labels("a"), Ids{});
  EXPECT_EQ(g.labels("b"), Ids{});
  EXPECT_EQ(g.labels("c1"), Ids{"c1branch"});
  EXPECT_EQ(g.labels("d1"), Ids{"c1branch"});
  EXPECT_EQ(g.labels("d2"), Ids{"c2branch"});
  // on an unbranched line the label covers the whole line, down to the root
  RevisionGraph line = RevisionGraph::build({rev("a"), rev("b", {"a"}, {"x"}), rev("c", {"b"})});
  EXPECT_EQ(line.labels("a"), Ids{"x"});
  EXPECT_EQ(line.labels("c"), Ids{"x"});
  // ... but stops at a branch point
  RevisionGraph fork = RevisionGraph::build(
      {rev("a"), rev("b", {"a"}), rev("c", {"b"}, {"x"}), rev("d", {"c"}), rev("e", {"b"})});
  EXPECT_EQ(fork.labels("b"), Ids{});
  EXPECT_EQ(fork.labels("d"), Ids{"x"});
  EXPECT_EQ(fork.labels("e"), Ids{});
  // ... and a labelled branch point passes its label only upwards
  RevisionGraph up =
      RevisionGraph::build({rev("a"), rev("b", {"a"}, {"x"}), rev("c", {"b"}), rev("d", {"b"})});
  EXPECT_EQ(up.labels("a"), Ids{});
  EXPECT_EQ(up.labels("c"), Ids{"x"});
  EXPECT_EQ(up.labels("d"), Ids{"x"});
}

TEST(GraphFacts, EffectiveCurrent) {
  RevisionGraph g = branched();
  EXPECT_EQ(ids(g.effective_current({"d1", "c2"})), (Ids{"d1", "c2"}));
  RevisionGraph dep =
      RevisionGraph::build({rev("a"), rev("b", {"a"}), rev("c1", {"b"}), rev("d1", {"c1"}),
                            rev("c2", {"b"}), rev("d2", {"c2"}, {}, {"c1"})});
  // the row d2 also implies c1 through depends_on
  EXPECT_EQ(ids(dep.effective_current({"d2"})), (Ids{"c1", "d2"}));
}

// ---- resolution -------------------------------------------------------------------------------

TEST(GraphResolve, FullIdsPrefixesAndAmbiguity) {
  RevisionGraph g =
      RevisionGraph::build({rev("abcd1234"), rev("abcd5678", {"abcd1234"}),
                            rev("abce0000", {"abcd5678"}), rev("f00d", {"abce0000"})});
  EXPECT_EQ(g.resolve("abcd1234"), Ids{"abcd1234"});
  EXPECT_EQ(g.resolve("abce"), Ids{"abce0000"});
  EXPECT_EQ(g.resolve("abcd123"), Ids{"abcd1234"});
  EXPECT_EQ(graph_error([&] { g.resolve("abcd"); }),
            "Multiple revisions start with 'abcd': 'abcd1234', 'abcd5678'");
  EXPECT_EQ(graph_error([&] { g.resolve("abc"); }),
            "Can't locate revision identified by 'abc'; please ensure at least four characters are "
            "present for partial revision identifier matches");
  EXPECT_EQ(graph_error([&] { g.resolve("abcd12345"); }),
            "Can't locate revision identified by 'abcd12345' (did you mean 'abcd1234'?)");
  EXPECT_EQ(graph_error([&] { g.resolve("zzzz"); }), "Can't locate revision identified by 'zzzz'");
  EXPECT_EQ(g.resolve("f00d"), Ids{"f00d"});
  EXPECT_EQ(g.resolve("head"), Ids{"f00d"});
  EXPECT_EQ(g.resolve("base"), Ids{});
}

TEST(GraphResolve, HeadsLabelsAndBranches) {
  RevisionGraph g = branched();
  EXPECT_EQ(g.resolve("heads"), (Ids{"d1", "d2"}));
  EXPECT_EQ(
      graph_error([&] { g.resolve("head"); }),
      "Multiple head revisions are present for given argument 'head'; please specify a "
      "specific target revision, '<branchname>@head' to narrow to a specific head, or 'heads' "
      "for all heads (heads: d1, d2)");
  EXPECT_EQ(g.resolve("c1branch"), Ids{"c1"});
  EXPECT_EQ(g.resolve("c1br"), Ids{"c1"});  // a label prefix, as Alembic allows
  EXPECT_EQ(g.resolve("c1branch@head"), Ids{"d1"});
  EXPECT_EQ(g.resolve("c2branch@heads"), Ids{"d2"});
  EXPECT_EQ(g.resolve("c1branch@base"), Ids{});
  EXPECT_EQ(g.resolve("c1branch@c1"), Ids{"c1"});
  EXPECT_EQ(g.resolve("c1branch@b"), Ids{"b"});  // b is below the branch: a member
  EXPECT_EQ(graph_error([&] { g.resolve("c1branch@d2"); }),
            "Revision d2 is not a member of branch 'c1branch'");
  EXPECT_EQ(graph_error([&] { g.resolve("nosuch@d1"); }), "No such branch: 'nosuch'");
  EXPECT_EQ(graph_error([&] { g.resolve("nosuch@head"); }), "No such branch: 'nosuch'");
  EXPECT_EQ(graph_error([&] { g.resolve("c1branch@"); }),
            "Can't locate revision identified by 'c1branch@' (did you mean 'c1branch'?)");
  EXPECT_EQ(graph_error([&] { g.resolve("e1"); }),
            "Can't locate revision identified by 'e1' (did you mean 'c1', 'd1'?)");
}

TEST(GraphResolve, Relative) {
  RevisionGraph g = branched();
  EXPECT_EQ(g.resolve("+1", {"c1"}), Ids{"d1"});
  EXPECT_EQ(g.resolve("+1", {}), Ids{"a"});
  EXPECT_EQ(g.resolve("-1", {"d1"}), Ids{"c1"});
  EXPECT_EQ(g.resolve("-2", {"c1"}), Ids{"a"});
  EXPECT_EQ(g.resolve("-3", {"c1"}), Ids{});  // base
  EXPECT_EQ(g.resolve("d1-2"), Ids{"b"});
  EXPECT_EQ(g.resolve("a+1"), Ids{"b"});
  EXPECT_EQ(g.resolve("c1branch@b+1"), Ids{"c1"});
  EXPECT_EQ(g.resolve("c2branch@+1", {"c1", "c2"}), Ids{"d2"});
  EXPECT_EQ(g.resolve("c1branch@-1", {"d1", "d2"}), Ids{"c1"});
  EXPECT_EQ(g.resolve("c2branch@head-1"), Ids{"c2"});
  EXPECT_EQ(graph_error([&] { g.resolve("b+1"); }),
            "Ambiguous walk: 1 step(s) up from revision b cannot choose a way, because revision b "
            "is a branch point (children c1, c2); it could end at c1 or c2: name the one you mean "
            "instead of the relative step, or a branch as LABEL@+N");
  EXPECT_EQ(graph_error([&] { g.resolve("b+2"); }),
            "Ambiguous walk: 2 step(s) up from revision b cannot choose a way, because revision b "
            "is a branch point (children c1, c2); it could end at d1 or d2: name the one you mean "
            "instead of the relative step, or a branch as LABEL@+N");
  EXPECT_EQ(graph_error([&] {
              g.resolve("+1", {"c1", "c2"});
            }),
            "Ambiguous upgrade from multiple current revisions (c1, c2): name the target "
            "revision, one to walk up from as REV+N, or a branch as LABEL@+N");
  EXPECT_EQ(graph_error([&] { g.resolve("+3", {"c1"}); }),
            "Relative revision +3 didn't produce 3 migrations");
  EXPECT_EQ(graph_error([&] { g.resolve("-1", {}); }),
            "Relative revision -1 didn't produce 1 migrations");
  EXPECT_EQ(graph_error([&] {
              g.resolve("+1", {"gone"});
            }).rfind("The database is at revision 'gone'", 0),
            0u);
}

// ---- history ----------------------------------------------------------------------------------

TEST(GraphHistory, LinearAndRanges) {
  RevisionGraph g = RevisionGraph::build(
      {rev("a"), rev("b", {"a"}), rev("c", {"b"}), rev("d", {"c"}), rev("e", {"d"})});
  EXPECT_EQ(ids(g.history()), (Ids{"e", "d", "c", "b", "a"}));
  EXPECT_EQ(ids(g.history("b", "d")), (Ids{"d", "c", "b"}));
  EXPECT_EQ(ids(g.history("", "c")), (Ids{"c", "b", "a"}));
  EXPECT_EQ(ids(g.history("c", "")), (Ids{"e", "d", "c"}));
  EXPECT_EQ(ids(g.history("current", "", {"c"})), (Ids{"e", "d", "c"}));
  EXPECT_EQ(ids(g.history("", "current", {"c"})), (Ids{"c", "b", "a"}));
  EXPECT_EQ(ids(g.history("-2", "")), (Ids{"e", "d", "c"}));
  EXPECT_EQ(ids(g.history("", "+2")), (Ids{"b", "a"}));
  EXPECT_EQ(
      graph_error([&] { g.history("d", "b"); }),
      "Requested range d:b does not refer to ancestor/descendant revisions along the same branch");
}

TEST(GraphHistory, BranchesAndMerges) {
  RevisionGraph g = branched();
  EXPECT_EQ(ids(g.history()), (Ids{"d1", "c1", "d2", "c2", "b", "a"}));
  EXPECT_EQ(ids(g.history("c1branch@b", "")), (Ids{"d1", "c1", "b"}));
  EXPECT_EQ(ids(g.history("", "c2branch@head")), (Ids{"d2", "c2", "b", "a"}));
  EXPECT_EQ(ids(g.history("current", "", {"c1"})), (Ids{"d1", "c1"}));
  EXPECT_EQ(ids(g.history("current", "", {"d1", "c2"})), (Ids{"d1", "d2", "c2"}));
  RevisionGraph merged = RevisionGraph::build(
      {rev("a"), rev("b", {"a"}), rev("c1", {"b"}), rev("d1", {"c1"}), rev("c2", {"b"}),
       rev("d2", {"c2"}), rev("e", {"d1", "d2"}), rev("f", {"e"})});
  EXPECT_EQ(ids(merged.history()), (Ids{"f", "e", "d1", "c1", "d2", "c2", "b", "a"}));
  RevisionGraph forest =
      RevisionGraph::build({rev("a1"), rev("b1", {"a1"}), rev("a2"), rev("b2", {"a2"})});
  EXPECT_EQ(ids(forest.history()), (Ids{"b1", "a1", "b2", "a2"}));
  // the order revisions were loaded in decides which branch is walked first
  RevisionGraph swapped =
      RevisionGraph::build({rev("a2"), rev("b2", {"a2"}), rev("a1"), rev("b1", {"a1"})});
  EXPECT_EQ(ids(swapped.history()), (Ids{"b2", "a2", "b1", "a1"}));
}

// ---- new revisions ------------------------------------------------------------------------------

TEST(GraphNewRevision, ParentsFollowAlembicRules) {
  RevisionGraph linear = RevisionGraph::build({rev("a"), rev("b", {"a"}), rev("c", {"b"})});
  EXPECT_EQ(linear.new_revision_parents({}, false, {}).down_revisions, Ids{"c"});
  EXPECT_EQ(linear.new_revision_parents({"head"}, false, {}).down_revisions, Ids{"c"});
  EXPECT_EQ(
      graph_error([&] { linear.new_revision_parents({"b"}, false, {}); }),
      "Revision b is not a head revision; please specify --splice to create a new branch from "
      "this revision");
  EXPECT_EQ(linear.new_revision_parents({"b"}, true, {}).down_revisions, Ids{"b"});
  EXPECT_EQ(linear.new_revision_parents({"base"}, false, {}).down_revisions, Ids{});

  RevisionGraph g = branched();
  EXPECT_EQ(
      graph_error([&] { g.new_revision_parents({}, false, {}); }),
      "Multiple heads are present; please specify the head revision on which the new revision "
      "should be based, or perform a merge.");
  EXPECT_EQ(g.new_revision_parents({"heads"}, false, {}).down_revisions,
            (Ids{"d1", "d2"}));  // merge heads
  EXPECT_EQ(g.new_revision_parents({"d2", "d1"}, false, {}).down_revisions, (Ids{"d2", "d1"}));
  EXPECT_EQ(g.new_revision_parents({"c1branch@head"}, false, {}).down_revisions, Ids{"d1"});
  EXPECT_EQ(graph_error([&] {
              g.new_revision_parents({"d1", "d1"}, false, {});
            }),
            "Duplicate head revisions specified");
  EXPECT_EQ(graph_error([&] { g.new_revision_parents({"zz"}, false, {}); }),
            "Can't locate revision identified by 'zz'");
  // depends_on: labels stay labels, ids and prefixes become full ids
  auto parents = g.new_revision_parents({"d1"}, false, {"c2branch", "c2"});
  EXPECT_EQ(parents.depends_on, (Ids{"c2branch", "c2"}));
  RevisionGraph hex =
      RevisionGraph::build({rev("ae1027a6acf"), rev("27c6a30d7c24", {"ae1027a6acf"})});
  EXPECT_EQ(hex.new_revision_parents({}, false, {"ae10"}).depends_on, Ids{"ae1027a6acf"});
}

TEST(GraphNewRevision, CheckIdAndLabels) {
  RevisionGraph g = branched();
  EXPECT_NO_THROW(g.check_new_revision("e", {"billing"}));
  EXPECT_EQ(graph_error([&] { g.check_new_revision("d1", {}); }, ErrorKind::usage),
            "Revision d1 is already defined in d1.yaml");
  EXPECT_EQ(graph_error([&] { g.check_new_revision("x-1", {}); }, ErrorKind::usage),
            "revision id 'x-1' is not valid: use letters, digits and '_', at most 32 characters");
  EXPECT_EQ(graph_error([&] { g.check_new_revision("e", {"c1branch"}); }, ErrorKind::usage),
            "Branch name 'c1branch' already used by revision c1 (c1.yaml)");
  EXPECT_EQ(graph_error([&] { g.check_new_revision("e", {"b"}); }, ErrorKind::usage),
            "Branch name 'b' is the id of a revision");
  EXPECT_EQ(graph_error([&] { g.check_new_revision("e", {"e"}); }, ErrorKind::usage),
            "Branch name 'e' is the id of a revision");
}

TEST(GraphRevisionIds, Sequential) {
  EXPECT_EQ(next_sequential_id({}), "001");
  EXPECT_EQ(next_sequential_id({"001", "002"}), "003");
  EXPECT_EQ(next_sequential_id({"002", "001", "abc123", "a7"}), "003");
  EXPECT_EQ(next_sequential_id({"0001", "0009"}), "0010");
  EXPECT_EQ(next_sequential_id({"009", "099", "010"}), "100");
  EXPECT_EQ(next_sequential_id({"999"}), "1000");
  EXPECT_EQ(next_sequential_id({"5"}), "006");
  EXPECT_EQ(next_sequential_id({"ae1027a6acf"}), "001");
  EXPECT_EQ(graph_error([] { next_sequential_id({std::string(32, '9')}); }, ErrorKind::usage),
            "the next sequential revision id would exceed 32 digits");
}

TEST(GraphRevisionIds, RandomHex) {
  std::regex hex("[0-9a-f]{12}");
  std::string a = random_hex_id();
  std::string b = random_hex_id({a});
  EXPECT_TRUE(std::regex_match(a, hex)) << a;
  EXPECT_TRUE(std::regex_match(b, hex)) << b;
  EXPECT_NE(a, b);
  EXPECT_TRUE(is_valid_revision_id(a));
}

TEST(GraphRevisionIds, Validity) {
  EXPECT_TRUE(is_valid_revision_id("042"));
  EXPECT_TRUE(is_valid_revision_id("add_users_2"));
  EXPECT_FALSE(is_valid_revision_id(""));
  EXPECT_FALSE(is_valid_revision_id("a+1"));
  EXPECT_FALSE(is_valid_revision_id("a@b"));
  EXPECT_FALSE(is_valid_revision_id(std::string(33, '1')));
  EXPECT_TRUE(is_valid_branch_label("feature-x"));
  EXPECT_FALSE(is_valid_branch_label("heads"));
  EXPECT_FALSE(is_valid_branch_label("a@b"));
}

}  // namespace
}  // namespace retort
