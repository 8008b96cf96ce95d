// history --graph and graph --format dot|mermaid: whole outputs compared.
#include "graph/draw.hpp"

#include <gtest/gtest.h>

#include "graph/graph_fixtures.hpp"

namespace retort {
namespace {

using testing::rev;

std::string drawn(const RevisionGraph& g) {
  return render_history_graph(g.history(), [](const Revision& r) { return r.id; });
}

TEST(GraphHistoryDrawing, Linear) {
  RevisionGraph g = RevisionGraph::build({rev("a"), rev("b", {"a"}), rev("c", {"b"})});
  EXPECT_EQ(drawn(g),
            "* c\n"
            "* b\n"
            "* a\n");
}

TEST(GraphHistoryDrawing, BranchesJoinAtTheirParent) {
  RevisionGraph g = RevisionGraph::build({rev("a"), rev("b", {"a"}), rev("c1", {"b"}),
                                          rev("d1", {"c1"}), rev("c2", {"b"}), rev("d2", {"c2"})});
  EXPECT_EQ(drawn(g),
            "* d1\n"
            "* c1\n"
            "| * d2\n"
            "| * c2\n"
            "|/\n"
            "* b\n"
            "* a\n");
}

TEST(GraphHistoryDrawing, MergeSplitsIntoItsParents) {
  RevisionGraph g = RevisionGraph::build({rev("a"), rev("b", {"a"}), rev("c1", {"b"}),
                                          rev("d1", {"c1"}), rev("c2", {"b"}), rev("d2", {"c2"}),
                                          rev("e", {"d1", "d2"}), rev("f", {"e"})});
  EXPECT_EQ(drawn(g),
            "* f\n"
            "* e\n"
            "|\\\n"
            "* | d1\n"
            "* | c1\n"
            "| * d2\n"
            "| * c2\n"
            "|/\n"
            "* b\n"
            "* a\n");
}

TEST(GraphHistoryDrawing, SeveralRootsAreKeptApart) {
  RevisionGraph g =
      RevisionGraph::build({rev("a1"), rev("b1", {"a1"}), rev("a2"), rev("b2", {"a2"})});
  EXPECT_EQ(drawn(g),
            "* b1\n"
            "* a1\n"
            "\n"
            "* b2\n"
            "* a2\n");
}

TEST(GraphHistoryDrawing, JoinCrossesAColumnInBetween) {
  // M merges R and X; H3 also grows from R, so R's two columns meet across X's column.
  RevisionGraph g = RevisionGraph::build(
      {rev("r0"), rev("R", {"r0"}), rev("X", {"r0"}), rev("M", {"R", "X"}), rev("H3", {"R"})});
  EXPECT_EQ(drawn(g),
            "* M\n"
            "|\\\n"
            "| | * H3\n"
            "| |/\n"
            "|/|\n"
            "* | R\n"
            "| * X\n"
            "|/\n"
            "* r0\n");
}

TEST(GraphHistoryDrawing, OctopusMerge) {
  RevisionGraph g = RevisionGraph::build({rev("r"), rev("p1", {"r"}), rev("p2", {"r"}),
                                          rev("p3", {"r"}), rev("M", {"p1", "p2", "p3"})});
  EXPECT_EQ(drawn(g),
            "* M\n"
            "|\\\n"
            "| |\\\n"
            "* | | p1\n"
            "| * | p2\n"
            "| | * p3\n"
            "|/ /\n"
            "|/\n"
            "* r\n");
}

TEST(GraphHistoryDrawing, RootEndsAndColumnsMoveLeft) {
  // a2 is a second root merged into m; c grows from a beside b, so a's columns meet across a2's,
  // then a's column ends and a2's moves left.
  RevisionGraph g = RevisionGraph::build(
      {rev("a"), rev("b", {"a"}), rev("a2"), rev("m", {"b", "a2"}), rev("c", {"a"})});
  EXPECT_EQ(testing::ids(g.history()), (testing::Ids{"m", "b", "c", "a", "a2"}));
  EXPECT_EQ(drawn(g),
            "* m\n"
            "|\\\n"
            "* | b\n"
            "| | * c\n"
            "| |/\n"
            "|/|\n"
            "* | a\n"
            " /\n"
            "* a2\n");
}

TEST(GraphHistoryDrawing, ARootInTheRightmostColumnLeavesNoGapBeforeAWaitingColumn) {
  // r2 (a second root, right column) ends while b waits in the left column: b continues the
  // left column at once. A new head after it would start in r2's place: a gap line keeps it
  // apart from r2.
  RevisionGraph g = RevisionGraph::build({rev("a"), rev("b", {"a"}), rev("c", {"b"}), rev("r2"),
                                          rev("s2", {"r2"}), rev("m", {"a", "s2"})});
  EXPECT_EQ(testing::ids(g.history()), (testing::Ids{"c", "b", "m", "s2", "r2", "a"}));
  EXPECT_EQ(drawn(g),
            "* c\n"
            "* b\n"
            "| * m\n"
            "| |\\\n"
            "| | * s2\n"
            "| | * r2\n"
            "|/\n"
            "* a\n");
}

TEST(GraphHistoryDrawing, ARangeDrawsOnlyItsEdges) {
  RevisionGraph g =
      RevisionGraph::build({rev("a"), rev("b", {"a"}), rev("c", {"b"}), rev("d", {"c"})});
  auto lines = draw_history_graph(g.history("b", "c"));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].graph, "*");
  EXPECT_EQ(lines[0].revision->id, "c");
  EXPECT_EQ(lines[1].graph, "*");
  EXPECT_EQ(lines[1].revision->id, "b");
  EXPECT_TRUE(draw_history_graph({}).empty());
}

TEST(GraphHistoryDrawing, ConnectorLinesHaveNoRevision) {
  RevisionGraph g = RevisionGraph::build({rev("a"), rev("b", {"a"}), rev("c", {"a"})});
  auto lines = draw_history_graph(g.history());
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0].graph, "*");
  EXPECT_EQ(lines[1].graph, "| *");
  EXPECT_EQ(lines[2].graph, "|/");
  EXPECT_EQ(lines[2].revision, nullptr);
  EXPECT_EQ(lines[3].revision->id, "a");
}

RevisionGraph picture_graph() {
  Revision a = rev("001");
  a.message = "create \"users\"";
  Revision b = rev("002", {"001"}, {"billing"});
  b.message = "add <invoices>";
  Revision c = rev("003", {"001"}, {}, {"billing"});
  c.message = "";
  Revision m = rev("004", {"002", "003"});
  m.message = "merge";
  return RevisionGraph::build({a, b, c, m});
}

TEST(GraphPicture, Dot) {
  EXPECT_EQ(render_graph(picture_graph(), GraphFormat::dot),
            "digraph revisions {\n"
            "  rankdir=BT;\n"
            "  node [shape=box, fontname=\"monospace\"];\n"
            "  \"001\" [label=\"001\\ncreate \\\"users\\\"\"];\n"
            "  \"002\" [label=\"002 (billing)\\nadd <invoices>\"];\n"
            "  \"003\" [label=\"003\"];\n"
            "  \"004\" [label=\"004\\nmerge\\n(head)\", style=bold];\n"
            "  \"001\" -> \"002\";\n"
            "  \"001\" -> \"003\";\n"
            "  \"002\" -> \"003\" [style=dashed];\n"
            "  \"002\" -> \"004\";\n"
            "  \"003\" -> \"004\";\n"
            "}\n");
}

TEST(GraphPicture, Mermaid) {
  EXPECT_EQ(render_graph(picture_graph(), GraphFormat::mermaid),
            "flowchart BT\n"
            "  r_001[\"001<br/>create #quot;users#quot;\"]\n"
            "  r_002[\"002 (billing)<br/>add #lt;invoices#gt;\"]\n"
            "  r_003[\"003\"]\n"
            "  r_004[\"004<br/>merge<br/>(head)\"]:::head\n"
            "  r_001 --> r_002\n"
            "  r_001 --> r_003\n"
            "  r_002 -.-> r_003\n"
            "  r_002 --> r_004\n"
            "  r_003 --> r_004\n"
            "  classDef head stroke-width:3px\n");
}

}  // namespace
}  // namespace retort
