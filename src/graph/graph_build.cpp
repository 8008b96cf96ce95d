// Building a RevisionGraph from loaded revisions: every validation a history must pass (ids,
// parents, labels, dependencies, cycles) with located errors, the graph's indexes, and the checks
// on a new revision's parents (graph_impl.hpp).
#include <algorithm>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "base/suggest.hpp"
#include "graph/graph_impl.hpp"
#include "graph/revision_ids.hpp"

namespace retort {

namespace graph_detail {

SourceLocation place_of(const Revision& rev) {
  SourceLocation where = rev.where;
  if (where.empty() && !rev.path.empty()) where.file = rev.path;
  return where;
}

// "m/042.yaml:1:11", or "revision 042" for a revision not read from a file.
std::string describe_place(const Revision& rev) {
  SourceLocation where = place_of(rev);
  return where.empty() ? "revision " + rev.id : where.str();
}

}  // namespace graph_detail

// ---- building ---------------------------------------------------------------------------------

namespace {

[[noreturn]] void fail_at(const Revision& rev, const std::string& message) {
  throw Error(ErrorKind::input, place_of(rev), message);
}

// The same, pointing at entry `i` of one of the revision's id lists (down_where, …) when the
// loader recorded where it is.
[[noreturn]] void fail_at(const Revision& rev, const std::vector<SourceLocation>& where, size_t i,
                          const std::string& message) {
  if (i < where.size() && !where[i].empty()) throw Error(ErrorKind::input, where[i], message);
  fail_at(rev, message);
}

// " (did you mean 'x'?)" for the id nearest to `wrong`, never `self` (the revision whose parent
// is wrong: naming itself would be a self-loop), or "".
std::string nearest_hint(const std::vector<Revision>& revs, std::string_view wrong,
                         std::string_view self) {
  std::vector<std::pair<size_t, std::string>> near;
  size_t limit = std::max<size_t>(1, wrong.size() / 3);
  for (const Revision& r : revs) {
    if (r.id == self) continue;
    size_t d = edit_distance(wrong, r.id);
    if (d <= limit) near.emplace_back(d, r.id);
  }
  if (near.empty()) return "";
  std::stable_sort(near.begin(), near.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  return " (did you mean '" + near[0].second + "'?)";
}

// Revisions left after peeling roots off (Kahn) are on a cycle or above one; walking parent edges
// from one of them must come back to a revision already visited: that loop is the cycle.
void report_cycle(const RevisionGraph::Impl& g, const std::vector<int>& remaining_parents) {
  int start = kNone;
  for (int i = 0; i < g.n(); ++i)
    if (remaining_parents[static_cast<size_t>(i)] > 0) {
      start = i;
      break;
    }
  std::vector<int> order_seen(static_cast<size_t>(g.n()), -1);
  std::vector<int> path;
  std::vector<bool> via_dep;  // the edge leaving path[k] is a depends_on edge
  int cur = start;
  while (order_seen[static_cast<size_t>(cur)] < 0) {
    order_seen[static_cast<size_t>(cur)] = static_cast<int>(path.size());
    path.push_back(cur);
    int next = kNone;
    bool dep = false;
    for (int p : g.node(cur).parents)
      if (remaining_parents[static_cast<size_t>(p)] > 0) {
        next = p;
        break;
      }
    if (next == kNone)
      for (int p : g.node(cur).deps)
        if (remaining_parents[static_cast<size_t>(p)] > 0) {
          next = p;
          dep = true;
          break;
        }
    via_dep.push_back(dep);
    cur = next;
  }
  std::vector<int> cycle(path.begin() + order_seen[static_cast<size_t>(cur)], path.end());
  bool any_dep = std::any_of(via_dep.begin() + order_seen[static_cast<size_t>(cur)], via_dep.end(),
                             [](bool b) { return b; });
  std::vector<std::string> ids, places;
  for (int c : cycle) {
    ids.push_back(g.id(c));
    places.push_back(describe_place(g.revs[static_cast<size_t>(c)]));
  }
  std::string kind = any_dep ? "Dependency cycle" : "Cycle";
  throw Error(ErrorKind::input, kind + " is detected in revisions (" + join(ids, ", ") +
                                    "): each names the next as its " +
                                    (any_dep ? "down_revision or depends_on" : "down_revision") +
                                    "; files: " + join(places, ", "));
}

}  // namespace

RevisionGraph::RevisionGraph() : impl_(std::make_shared<Impl>()) {}

RevisionGraph::RevisionGraph(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

RevisionGraph RevisionGraph::build(std::vector<Revision> revisions) {
  auto g = std::make_shared<Impl>();
  g->revs = std::move(revisions);
  const int n = g->n();
  g->nodes.resize(static_cast<size_t>(n));
  g->by_id.reserve(static_cast<size_t>(n) * 2);

  // ids
  for (int i = 0; i < n; ++i) {
    const Revision& rev = g->revs[static_cast<size_t>(i)];
    if (std::string problem = revision_id_problem(rev.id); !problem.empty())
      fail_at(rev, "revision id '" + rev.id + "' " + problem);
    auto [it, inserted] = g->by_id.emplace(rev.id, i);
    if (!inserted)
      fail_at(rev, "revision id '" + rev.id + "' is already defined in " +
                       describe_place(g->revs[static_cast<size_t>(it->second)]));
  }

  // branch labels (_map_branch_labels)
  for (int i = 0; i < n; ++i) {
    const Revision& rev = g->revs[static_cast<size_t>(i)];
    for (size_t k = 0; k < rev.branch_labels.size(); ++k) {
      const std::string& label = rev.branch_labels[k];
      if (!is_valid_branch_label(label))
        fail_at(rev, rev.labels_where, k,
                "branch label '" + label +
                    "' is not valid: use letters, digits, '_' and '-', and not head, heads, "
                    "base or current");
      int same = g->find_id(label);
      if (same != kNone)
        fail_at(rev, rev.labels_where, k,
                "Branch name '" + label + "' in revision " + rev.id + " is the id of revision " +
                    label + " (" + describe_place(g->revs[static_cast<size_t>(same)]) + ")");
      auto [it, inserted] = g->by_label.emplace(label, i);
      if (!inserted) {
        const Revision& other = g->revs[static_cast<size_t>(it->second)];
        if (it->second == i)
          fail_at(rev, rev.labels_where, k,
                  "branch label '" + label + "' is listed twice in revision " + rev.id);
        fail_at(rev, rev.labels_where, k,
                "Branch name '" + label + "' in revision " + rev.id + " already used by revision " +
                    other.id + " (" + describe_place(other) + ")");
      }
    }
  }

  // parents and dependencies
  for (int i = 0; i < n; ++i) {
    const Revision& rev = g->revs[static_cast<size_t>(i)];
    Node& nd = g->nodes[static_cast<size_t>(i)];
    for (size_t k = 0; k < rev.down_revisions.size(); ++k) {
      const std::string& down = rev.down_revisions[k];
      if (down == rev.id)
        fail_at(
            rev, rev.down_where, k,
            "Self-loop is detected in revisions (" + rev.id + "): its down_revision names itself");
      int p = g->find_id(down);
      if (p == kNone)
        fail_at(rev, rev.down_where, k,
                "down_revision '" + down + "' of revision " + rev.id + " names no revision" +
                    nearest_hint(g->revs, down, rev.id));
      if (std::find(nd.parents.begin(), nd.parents.end(), p) != nd.parents.end())
        fail_at(rev, rev.down_where, k,
                "down_revision of revision " + rev.id + " lists '" + down + "' twice");
      nd.parents.push_back(p);
    }
    for (size_t k = 0; k < rev.depends_on.size(); ++k) {
      const std::string& dep = rev.depends_on[k];
      if (dep == rev.id)
        fail_at(rev, rev.depends_where, k,
                "Dependency self-loop is detected in revisions (" + rev.id +
                    "): its depends_on names itself");
      int d = g->find_key(dep);
      if (d == kNone)
        fail_at(rev, rev.depends_where, k,
                "depends_on '" + dep + "' of revision " + rev.id +
                    " names no revision or branch label" + nearest_hint(g->revs, dep, rev.id));
      if (d == i)
        fail_at(rev, rev.depends_where, k,
                "Dependency self-loop is detected in revisions (" + rev.id +
                    "): its depends_on names its own branch label '" + dep + "'");
      dedupe_append(nd.deps, d);
    }
    nd.all_down = nd.parents;
    for (int d : nd.deps) dedupe_append(nd.all_down, d);
  }
  for (int i = 0; i < n; ++i) {
    for (int p : g->nodes[static_cast<size_t>(i)].parents)
      g->nodes[static_cast<size_t>(p)].children.push_back(i);
    for (int p : g->nodes[static_cast<size_t>(i)].all_down)
      g->nodes[static_cast<size_t>(p)].all_children.push_back(i);
  }

  // cycles (through down_revision and depends_on): peel off revisions whose parents are all
  // peeled; whatever is left sits on or above a cycle.
  {
    std::vector<int> remaining(static_cast<size_t>(n));
    std::vector<int> ready;
    for (int i = 0; i < n; ++i) {
      remaining[static_cast<size_t>(i)] =
          static_cast<int>(g->nodes[static_cast<size_t>(i)].all_down.size());
      if (remaining[static_cast<size_t>(i)] == 0) ready.push_back(i);
    }
    int peeled = 0;
    g->parents_first.reserve(static_cast<size_t>(n));
    while (!ready.empty()) {
      int r = ready.back();
      ready.pop_back();
      ++peeled;
      g->parents_first.push_back(r);
      remaining[static_cast<size_t>(r)] = -1;
      for (int c : g->nodes[static_cast<size_t>(r)].all_children)
        if (--remaining[static_cast<size_t>(c)] == 0) ready.push_back(c);
    }
    if (peeled != n) {
      // a revision is "left" when remaining > 0; report_cycle walks those
      std::vector<int> left(static_cast<size_t>(n), 0);
      for (int i = 0; i < n; ++i)
        left[static_cast<size_t>(i)] = remaining[static_cast<size_t>(i)] > 0 ? 1 : 0;
      report_cycle(*g, left);
    }
  }

  // _normalize_depends_on: drop a dependency that a down_revision ancestor already depends on.
  {
    Marks seen(static_cast<size_t>(n), 0);
    std::vector<int> touched, todo;
    for (int i = 0; i < n; ++i) {
      Node& nd = g->nodes[static_cast<size_t>(i)];
      if (nd.deps.empty()) continue;
      std::vector<int> keep = nd.deps;
      todo.assign(nd.parents.begin(), nd.parents.end());
      while (!todo.empty() && !keep.empty()) {
        int r = todo.back();
        todo.pop_back();
        if (seen[static_cast<size_t>(r)]) continue;
        seen[static_cast<size_t>(r)] = 1;
        touched.push_back(r);
        const Node& anc = g->nodes[static_cast<size_t>(r)];
        if (!anc.deps.empty())
          std::erase_if(keep, [&](int d) {
            return std::find(anc.deps.begin(), anc.deps.end(), d) != anc.deps.end();
          });
        for (int p : anc.parents) todo.push_back(p);
      }
      for (int t : touched) seen[static_cast<size_t>(t)] = 0;
      touched.clear();
      nd.norm_deps = std::move(keep);
    }
    for (int i = 0; i < n; ++i) {
      Node& nd = g->nodes[static_cast<size_t>(i)];
      nd.norm_down = nd.parents;
      for (int d : nd.norm_deps) dedupe_append(nd.norm_down, d);
    }
  }

  for (int i = 0; i < n; ++i) {
    const Node& nd = g->nodes[static_cast<size_t>(i)];
    if (nd.children.empty()) g->heads.push_back(i);
    if (nd.all_children.empty()) g->real_heads.push_back(i);
    if (nd.parents.empty()) g->bases.push_back(i);
  }

  // _add_branches: a label spreads to every descendant of its revision and, when those form one
  // unbranched line, down the line below it until a branch point or merge point. Like Alembic, a
  // labelled revision spreads every label it has accumulated so far (in load order here).
  {
    for (const auto& entry : g->by_label) g->label_names.push_back(entry.first);
    std::sort(g->label_names.begin(), g->label_names.end());
    const size_t words = (g->label_names.size() + 63) / 64;
    g->label_words = words;
    g->label_bits.assign(static_cast<size_t>(n) * words, 0);
    auto row = [&](int r) {
      return g->label_bits.begin() + static_cast<std::ptrdiff_t>(static_cast<size_t>(r) * words);
    };
    for (int i = 0; i < n; ++i)
      for (const std::string& label : g->revs[static_cast<size_t>(i)].branch_labels) {
        size_t bit = static_cast<size_t>(
            std::lower_bound(g->label_names.begin(), g->label_names.end(), label) -
            g->label_names.begin());
        row(i)[static_cast<std::ptrdiff_t>(bit / 64)] |= uint64_t{1} << (bit % 64);
      }
    auto add = [&](int r, const std::vector<uint64_t>& what) {
      auto into = row(r);
      for (size_t w = 0; w < words; ++w) into[static_cast<std::ptrdiff_t>(w)] |= what[w];
    };
    auto stops = [&](int r) {
      const Node& nd = g->nodes[static_cast<size_t>(r)];
      return nd.all_children.size() > 1 || nd.parents.size() > 1;
    };
    for (int i = 0; i < n; ++i) {
      if (g->revs[static_cast<size_t>(i)].branch_labels.empty()) continue;
      std::vector<uint64_t> spread(row(i), row(i) + static_cast<std::ptrdiff_t>(words));
      Marks down = g->descendants({i}, false);
      int count = 0;
      for (int r = 0; r < n; ++r)
        if (down[static_cast<size_t>(r)]) {
          add(r, spread);
          ++count;
        }
      // the descendants form a line when each has at most one child
      int tip = i;
      bool line = true;
      for (int steps = 1; steps < count; ++steps) {
        const Node& nd = g->nodes[static_cast<size_t>(tip)];
        if (nd.children.size() != 1) {
          line = false;
          break;
        }
        tip = nd.children[0];
      }
      if (!line || !g->nodes[static_cast<size_t>(tip)].children.empty()) continue;
      int parent = tip;
      while (!stops(parent)) {
        add(parent, spread);
        const Node& nd = g->nodes[static_cast<size_t>(parent)];
        if (nd.parents.empty()) break;
        parent = nd.parents[0];
      }
    }
  }

  for (int i = 0; i < n; ++i) g->keys.emplace_back(g->id(i), i);
  for (const auto& [label, i] : g->by_label) g->keys.emplace_back(label, i);
  std::sort(g->keys.begin(), g->keys.end());

  return RevisionGraph(std::move(g));
}

}  // namespace retort
