// Long histories: 2,000 revisions, linear and with many branches, merges and dependencies.
// These tests assert behaviour at that size (heads, history order, plans, the drawing); how fast
// the graph commands are at 2,000 revisions is measured by bench/ (docs/BENCHMARKS.md), never
// asserted here.
#include <gtest/gtest.h>

#include <cstdio>

#include "graph/draw.hpp"
#include "graph/graph_fixtures.hpp"
#include "graph/revision_graph.hpp"

namespace retort {
namespace {

using testing::rev;

std::string id_of(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "r%05d", i);
  return buf;
}

std::vector<Revision> linear_history(int n) {
  std::vector<Revision> out;
  for (int i = 0; i < n; ++i)
    out.push_back(
        rev(id_of(i), i ? std::vector<std::string>{id_of(i - 1)} : std::vector<std::string>{}));
  return out;
}

// A main line where every 10th revision starts a feature branch of 3 revisions that is merged
// back 5 revisions later; every 50th revision depends on a revision 30 back, and every 100th starts
// a labelled branch. Returns the revisions and the number of merges.
std::vector<Revision> branchy_history(int n, int* merges) {
  std::vector<Revision> out;
  std::string main_tip;
  std::vector<std::pair<int, std::string>> pending;  // (merge at main index, feature tip)
  int next = 0;
  int main_index = 0;
  *merges = 0;
  while (next < n) {
    std::string id = id_of(next++);
    std::vector<std::string> down;
    if (!main_tip.empty()) down.push_back(main_tip);
    for (auto it = pending.begin(); it != pending.end();) {
      if (it->first == main_index) {
        down.push_back(it->second);
        ++*merges;
        it = pending.erase(it);
      } else {
        ++it;
      }
    }
    std::vector<std::string> deps;
    if (main_index % 50 == 49 && next > 31) deps.push_back(id_of(next - 31));
    std::vector<std::string> labels;
    if (main_index % 100 == 1) labels.push_back("line" + std::to_string(main_index));
    out.push_back(rev(id, down, labels, deps));
    main_tip = id;
    if (main_index % 10 == 0 && next + 3 < n) {
      std::string tip = main_tip;
      for (int k = 0; k < 3; ++k) {
        std::string fid = id_of(next++);
        out.push_back(rev(fid, {tip}));
        tip = fid;
      }
      pending.emplace_back(main_index + 5, tip);
    }
    ++main_index;
  }
  return out;
}

TEST(GraphScale, LinearTwoThousand) {
  std::vector<Revision> revs = linear_history(2000);
  RevisionGraph g = RevisionGraph::build(std::move(revs));
  auto heads = g.heads();
  auto history = g.history();
  auto plan = g.plan_upgrade("head", {});
  auto down = g.plan_downgrade("base", {id_of(1999)});
  auto lines = draw_history_graph(history);
  ASSERT_EQ(heads.size(), 1u);
  EXPECT_EQ(heads[0]->id, id_of(1999));
  ASSERT_EQ(history.size(), 2000u);
  EXPECT_EQ(history.front()->id, id_of(1999));
  EXPECT_EQ(history.back()->id, id_of(0));
  ASSERT_EQ(plan.size(), 2000u);
  EXPECT_EQ(plan.back().heads_after, std::vector<std::string>{id_of(1999)});
  EXPECT_EQ(down.size(), 2000u);
  EXPECT_EQ(lines.size(), 2000u);
}

TEST(GraphScale, BranchesAndMergesTwoThousand) {
  int merges = 0;
  std::vector<Revision> revs = branchy_history(2000, &merges);
  ASSERT_EQ(revs.size(), 2000u);
  EXPECT_GT(merges, 100);
  RevisionGraph g = RevisionGraph::build(std::move(revs));
  auto heads = g.heads();
  auto history = g.history();
  auto plan = g.plan_upgrade("heads", {});
  auto lines = draw_history_graph(history);
  ASSERT_EQ(history.size(), 2000u);
  ASSERT_EQ(plan.size(), 2000u);
  // every revision comes after its parents in the plan, and the plan ends at the heads
  std::vector<std::string> applied;
  for (const MigrationStep& s : plan) {
    for (const std::string& p : s.revision->down_revisions)
      ASSERT_NE(std::find(applied.begin(), applied.end(), p), applied.end()) << s.revision->id;
    applied.push_back(s.revision->id);
  }
  std::vector<std::string> head_ids = testing::ids(heads);
  std::vector<std::string> final_rows = plan.back().heads_after;
  std::sort(head_ids.begin(), head_ids.end());
  std::sort(final_rows.begin(), final_rows.end());
  EXPECT_EQ(final_rows, head_ids);
  EXPECT_GT(lines.size(), 2000u);
}

}  // namespace
}  // namespace retort
