// Building a RevisionGraph from loaded revisions: every validation a history must pass (ids,
// parents, labels, dependencies, cycles) with located errors, the graph's indexes, and the checks
// on a new revision's parents (graph_impl.hpp).
#include <algorithm>
#include <bit>
#include <span>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "base/suggest.hpp"
#include "graph/graph_impl.hpp"
#include "graph/revision_ids.hpp"

namespace retort {

namespace graph_detail {

SourceLocation place_in(const Revision& rev, const SourceLocation& at) {
  SourceLocation where = at;
  if (where.file.empty()) where.file = rev.path;
  return where;
}

SourceLocation place_of(const Revision& rev) {
  return place_in(rev, rev.where);
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
  if (i < where.size() && (!where[i].empty() || where[i].line > 0))
    throw Error(ErrorKind::input, place_in(rev, where[i]), message);
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
    // The edge lists by themselves, not node(): report_cycle runs before norm_deps and
    // norm_down are built.
    for (int p : g.adj.parents.row(cur))
      if (remaining_parents[static_cast<size_t>(p)] > 0) {
        next = p;
        break;
      }
    if (next == kNone)
      for (int p : g.adj.deps.row(cur))
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
  Adjacency& adj = g->adj;

  // ids
  if (n > 0) g->id_slots.assign(std::bit_ceil(static_cast<size_t>(n) * 2), kNone);
  for (int i = 0; i < n; ++i) {
    const Revision& rev = g->revs[static_cast<size_t>(i)];
    if (std::string problem = revision_id_problem(rev.id); !problem.empty())
      fail_at(rev, "revision id '" + rev.id + "' " + problem);
    int& slot = g->id_slots[g->id_slot(rev.id)];
    if (slot != kNone)
      fail_at(rev, "revision id '" + rev.id + "' is already defined in " +
                       describe_place(g->revs[static_cast<size_t>(slot)]));
    slot = i;
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
  adj.parents.start.reserve(static_cast<size_t>(n) + 1);
  adj.deps.start.reserve(static_cast<size_t>(n) + 1);
  adj.all_down.start.reserve(static_cast<size_t>(n) + 1);
  for (int i = 0; i < n; ++i) {
    const Revision& rev = g->revs[static_cast<size_t>(i)];
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
      std::span<const int> so_far = adj.parents.open_row();
      if (std::find(so_far.begin(), so_far.end(), p) != so_far.end())
        fail_at(rev, rev.down_where, k,
                "down_revision of revision " + rev.id + " lists '" + down + "' twice");
      adj.parents.add(p);
    }
    adj.parents.end_row();
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
      adj.deps.add_unique(d);
    }
    adj.deps.end_row();
    for (int p : adj.parents.row(i)) adj.all_down.add(p);
    for (int d : adj.deps.row(i)) adj.all_down.add_unique(d);
    adj.all_down.end_row();
  }
  // The reverse edges, each list in index order: count, then fill.
  auto reverse = [n](const EdgeLists& down, EdgeLists& up) {
    up.start.assign(static_cast<size_t>(n) + 1, 0);
    for (int p : down.values) ++up.start[static_cast<size_t>(p) + 1];
    for (size_t i = 1; i < up.start.size(); ++i) up.start[i] += up.start[i - 1];
    up.values.resize(down.values.size());
    std::vector<uint32_t> next(up.start.begin(), up.start.end() - 1);
    for (int i = 0; i < n; ++i)
      for (int p : down.row(i)) up.values[next[static_cast<size_t>(p)]++] = i;
  };
  reverse(adj.parents, adj.children);
  reverse(adj.all_down, adj.all_children);

  // cycles (through down_revision and depends_on): peel off revisions whose parents are all
  // peeled; whatever is left sits on or above a cycle.
  {
    std::vector<int> remaining(static_cast<size_t>(n));
    std::vector<int> ready;
    for (int i = 0; i < n; ++i) {
      remaining[static_cast<size_t>(i)] = static_cast<int>(adj.all_down.row(i).size());
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
      for (int c : adj.all_children.row(r))
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
    std::vector<int> touched, todo, keep;
    adj.norm_deps.start.reserve(static_cast<size_t>(n) + 1);
    adj.norm_down.start.reserve(static_cast<size_t>(n) + 1);
    for (int i = 0; i < n; ++i) {
      std::span<const int> deps = adj.deps.row(i);
      if (!deps.empty()) {
        keep.assign(deps.begin(), deps.end());
        todo = as_vector(adj.parents.row(i));
        while (!todo.empty() && !keep.empty()) {
          int r = todo.back();
          todo.pop_back();
          if (seen[static_cast<size_t>(r)]) continue;
          seen[static_cast<size_t>(r)] = 1;
          touched.push_back(r);
          std::span<const int> anc = adj.deps.row(r);
          if (!anc.empty())
            std::erase_if(keep,
                          [&](int d) { return std::find(anc.begin(), anc.end(), d) != anc.end(); });
          for (int p : adj.parents.row(r)) todo.push_back(p);
        }
        for (int t : touched) seen[static_cast<size_t>(t)] = 0;
        touched.clear();
        for (int d : keep) adj.norm_deps.add(d);
      }
      adj.norm_deps.end_row();
      for (int p : adj.parents.row(i)) adj.norm_down.add(p);
      for (int d : adj.norm_deps.row(i)) adj.norm_down.add_unique(d);
      adj.norm_down.end_row();
    }
  }

  for (int i = 0; i < n; ++i) {
    if (adj.children.row(i).empty()) g->heads.push_back(i);
    if (adj.all_children.row(i).empty()) g->real_heads.push_back(i);
    if (adj.parents.row(i).empty()) g->bases.push_back(i);
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
      return adj.all_children.row(r).size() > 1 || adj.parents.row(r).size() > 1;
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
        std::span<const int> children = adj.children.row(tip);
        if (children.size() != 1) {
          line = false;
          break;
        }
        tip = children[0];
      }
      if (!line || !adj.children.row(tip).empty()) continue;
      int parent = tip;
      while (!stops(parent)) {
        add(parent, spread);
        std::span<const int> parents = adj.parents.row(parent);
        if (parents.empty()) break;
        parent = parents[0];
      }
    }
  }

  return RevisionGraph(std::move(g));
}

const std::vector<std::pair<std::string_view, int>>& RevisionGraph::Impl::keys() const {
  std::call_once(keys_once_, [this] {
    keys_.reserve(revs.size() + by_label.size());
    for (int i = 0; i < n(); ++i) keys_.emplace_back(id(i), i);
    for (const auto& [label, i] : by_label) keys_.emplace_back(label, i);
    std::sort(keys_.begin(), keys_.end());
  });
  return keys_;
}

}  // namespace retort
