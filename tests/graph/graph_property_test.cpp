// Invariants over many random graphs (a fixed seed, so failures reproduce): whatever the shape,
// a full upgrade applies every revision once, after its down_revisions and dependencies, and ends
// with one version row per real head; a full downgrade undoes everything and ends with no rows;
// history lists every revision once, children before parents; the --graph drawing is well formed.
// (The exact orders and row changes are compared with Alembic in plan_test.cpp.)
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "graph/draw.hpp"
#include "graph/graph_fixtures.hpp"
#include "graph/revision_graph.hpp"

namespace retort {
namespace {

using testing::rev;

std::vector<Revision> random_graph(std::mt19937& rng) {
  int n = std::uniform_int_distribution<int>(1, 40)(rng);
  std::uniform_real_distribution<double> coin(0.0, 1.0);
  std::vector<Revision> out;
  for (int i = 0; i < n; ++i) {
    std::vector<std::string> down, deps, labels;
    double kind = coin(rng);
    if (i > 0 && kind > 0.1) {
      int parents = kind > 0.85 && i > 1 ? (kind > 0.97 && i > 2 ? 3 : 2) : 1;
      while (static_cast<int>(down.size()) < parents) {
        std::string p = "r" + std::to_string(std::uniform_int_distribution<int>(0, i - 1)(rng));
        if (std::find(down.begin(), down.end(), p) == down.end()) down.push_back(p);
      }
    }
    if (i > 0 && coin(rng) < 0.15) {
      std::string d = "r" + std::to_string(std::uniform_int_distribution<int>(0, i - 1)(rng));
      if (std::find(down.begin(), down.end(), d) == down.end()) deps.push_back(d);
    }
    if (coin(rng) < 0.1) labels.push_back("l" + std::to_string(i));
    out.push_back(rev("r" + std::to_string(i), down, labels, deps));
  }
  std::shuffle(out.begin(), out.end(), rng);  // load order need not be topological
  return out;
}

TEST(GraphProperties, RandomGraphs) {
  std::mt19937 rng(20240611);
  for (int round = 0; round < 300; ++round) {
    RevisionGraph g = RevisionGraph::build(random_graph(rng));
    SCOPED_TRACE("round " + std::to_string(round));

    std::vector<MigrationStep> up = g.plan_upgrade("heads", {});
    ASSERT_EQ(up.size(), g.size());
    std::set<std::string> applied;
    for (const MigrationStep& s : up) {
      for (const std::string& p : s.revision->down_revisions)
        ASSERT_TRUE(applied.count(p)) << s.revision->id;
      for (const std::string& d : g.resolved_depends_on(s.revision->id))
        ASSERT_TRUE(applied.count(d));
      ASSERT_TRUE(applied.insert(s.revision->id).second);
    }
    std::set<std::string> rows(up.back().heads_after.begin(), up.back().heads_after.end());
    std::set<std::string> real_heads;
    for (const Revision* h : g.real_heads()) real_heads.insert(h->id);
    EXPECT_EQ(rows, real_heads);
    EXPECT_TRUE(g.plan_upgrade("heads", up.back().heads_after).empty());

    std::vector<MigrationStep> down = g.plan_downgrade("base", up.back().heads_after);
    ASSERT_EQ(down.size(), g.size());
    EXPECT_TRUE(down.back().heads_after.empty());
    std::set<std::string> undone;
    for (const MigrationStep& s : down) {
      for (const Revision* c : g.children(s.revision->id)) ASSERT_TRUE(undone.count(c->id));
      undone.insert(s.revision->id);
    }

    // stamping the heads from nothing gives the same rows as upgrading
    std::vector<MigrationStep> stamp = g.plan_stamp({"heads"}, {});
    std::set<std::string> stamped(stamp.back().heads_after.begin(), stamp.back().heads_after.end());
    EXPECT_EQ(stamped, real_heads);

    std::vector<const Revision*> history = g.history();
    ASSERT_EQ(history.size(), g.size());
    std::set<std::string> shown;
    for (const Revision* r : history) {
      for (const Revision* c : g.children(r->id)) ASSERT_TRUE(shown.count(c->id));
      shown.insert(r->id);
    }

    size_t commits = 0;
    for (const GraphLine& line : draw_history_graph(history)) {
      ASSERT_EQ(line.graph.find_first_not_of("*|/\\ "), std::string::npos) << line.graph;
      size_t stars = static_cast<size_t>(std::count(line.graph.begin(), line.graph.end(), '*'));
      EXPECT_EQ(stars, line.revision ? 1u : 0u) << line.graph;
      if (line.revision) {
        ++commits;
      } else if (!line.graph.empty()) {
        EXPECT_NE(line.graph.back(), ' ');
      }
    }
    EXPECT_EQ(commits, g.size());
  }
}

}  // namespace
}  // namespace retort
