// Traversals of the revision graph, the collection of the revisions a plan runs, and the version
// rows each step leaves (Alembic's HeadMaintainer) (graph_impl.hpp).
#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include "graph/graph_impl.hpp"

namespace retort {

Marks RevisionGraph::Impl::related(const std::vector<int>& from, bool up, bool deps,
                                   bool check) const {
  Marks seen(static_cast<size_t>(n()), 0);
  Marks is_target;
  if (check) {
    is_target.assign(static_cast<size_t>(n()), 0);
    for (int t : from) is_target[static_cast<size_t>(t)] = 1;
  }
  std::vector<int> todo;
  for (int target : from) {
    std::vector<std::string> overlaps;
    todo.push_back(target);
    while (!todo.empty()) {
      int rev = todo.back();
      todo.pop_back();
      if (check && rev != target && is_target[static_cast<size_t>(rev)] &&
          std::find(overlaps.begin(), overlaps.end(), id(rev)) == overlaps.end())
        overlaps.push_back(id(rev));
      if (seen[static_cast<size_t>(rev)]) continue;
      seen[static_cast<size_t>(rev)] = 1;
      for (int next : edges(rev, up, deps)) todo.push_back(next);
    }
    if (!overlaps.empty())
      throw GraphError("Requested revision " + id(target) +
                       " overlaps with other requested revisions " + join(overlaps, ", "));
  }
  return seen;
}

std::vector<int> RevisionGraph::Impl::topological_sort(const Marks& todo_in,
                                                       const std::vector<int>& heads_in) const {
  Marks todo = todo_in;
  std::vector<int> current;
  for (int h : heads_in)
    if (todo[static_cast<size_t>(h)] &&
        std::find(current.begin(), current.end(), h) == current.end())
      current.push_back(h);
  std::sort(current.begin(), current.end());
  if (current.empty()) return {};

  std::vector<int> anchor_bit(static_cast<size_t>(n()), -1);
  int anchors = 0;
  auto add_anchor = [&](int v) {
    if (anchor_bit[static_cast<size_t>(v)] < 0) anchor_bit[static_cast<size_t>(v)] = anchors++;
  };
  for (int h : current) add_anchor(h);
  for (int x = 0; x < n(); ++x) {
    const Node& nd = node(x);
    if (todo[static_cast<size_t>(x)] && !(nd.norm_deps.empty() && nd.parents.size() == 1))
      for (int r : nd.norm_down)
        if (todo[static_cast<size_t>(r)]) add_anchor(r);
  }
  const size_t words = (static_cast<size_t>(anchors) + 63) / 64;
  std::vector<uint64_t> below(static_cast<size_t>(n()) * words,
                              0);  // anchors each revision is below
  auto row = [&](int v) { return below.data() + static_cast<size_t>(v) * words; };
  for (int v = 0; v < n(); ++v)
    if (anchor_bit[static_cast<size_t>(v)] >= 0) {
      size_t bit = static_cast<size_t>(anchor_bit[static_cast<size_t>(v)]);
      row(v)[bit / 64] |= uint64_t{1} << (bit % 64);
    }
  for (auto it = parents_first.rbegin(); it != parents_first.rend(); ++it) {
    const uint64_t* from = row(*it);
    for (int p : node(*it).norm_down) {
      uint64_t* into = row(p);
      for (size_t w = 0; w < words; ++w) into[w] |= from[w];
    }
  }
  auto is_below = [&](int candidate, int anchor) {
    size_t bit = static_cast<size_t>(anchor_bit[static_cast<size_t>(anchor)]);
    return (row(candidate)[bit / 64] >> (bit % 64)) & 1;
  };

  std::vector<int> anchor_of = current;
  std::vector<int> output;
  size_t idx = 0;
  while (!current.empty()) {
    int candidate = current[idx];
    bool moved = false;
    for (size_t j = 0; j < current.size(); ++j) {
      if (j != idx && is_below(candidate, anchor_of[j])) {
        // another head still descends from the candidate: finish that one first
        idx = j;
        moved = true;
        break;
      }
    }
    if (moved) continue;
    if (todo[static_cast<size_t>(candidate)]) {
      output.push_back(candidate);
      todo[static_cast<size_t>(candidate)] = 0;
    }
    const Node& nd = node(candidate);
    std::vector<int> heads_to_add;
    for (int r : nd.norm_down)
      if (todo[static_cast<size_t>(r)] &&
          std::find(current.begin(), current.end(), r) == current.end())
        heads_to_add.push_back(r);
    if (heads_to_add.empty()) {
      current.erase(current.begin() + static_cast<std::ptrdiff_t>(idx));
      anchor_of.erase(anchor_of.begin() + static_cast<std::ptrdiff_t>(idx));
      idx = idx > 0 ? idx - 1 : 0;
    } else if (nd.norm_deps.empty() && nd.parents.size() == 1) {
      current[idx] = heads_to_add[0];  // a straight line: same anchor
    } else {
      current[idx] = heads_to_add[0];
      anchor_of[idx] = heads_to_add[0];
      for (size_t k = 1; k < heads_to_add.size(); ++k) {
        current.push_back(heads_to_add[k]);
        anchor_of.push_back(heads_to_add[k]);
      }
    }
  }
  return output;
}

std::vector<int> RevisionGraph::Impl::all_current(const std::vector<int>& rows_in) const {
  Marks top = ancestors(rows_in, true);
  std::vector<int> tops;
  for (int i = 0; i < n(); ++i)
    if (top[static_cast<size_t>(i)]) tops.push_back(i);
  // _filter_into_branch_heads: drop a revision with a (down_revision) descendant in the set
  std::vector<int> out;
  for (int r : tops) {
    bool has_descendant = false;
    Marks down = descendants({r}, false);
    for (int o : tops)
      if (o != r && down[static_cast<size_t>(o)]) {
        has_descendant = true;
        break;
      }
    if (!has_descendant) out.push_back(r);
  }
  return out;
}

std::pair<Marks, std::vector<int>> RevisionGraph::Impl::collect_upgrade(
    const RevSpec& upper, const RevSpec& lower, bool inclusive, bool implicit_base,
    bool assert_relative_length) const {
  std::vector<int> targets = parse_upgrade_target(lower, upper, assert_relative_length);

  // history -r LABEL@REV:…: only targets on that branch
  if (!lower.is_list && lower.text.find('@') != std::string::npos) {
    std::string branch = lower.text.substr(0, lower.text.find('@'));
    int branch_rev = get_revision(branch);
    if (branch_rev >= 0 && id(branch_rev) == branch) {
      std::vector<std::string> labels = labels_of(branch_rev);
      if (labels.size() != 1)
        throw GraphError("Revision " + branch +
                         " used as a branch name must carry exactly one "
                         "branch label");
      branch = labels[0];
    }
    std::erase_if(targets, [&](int t) { return !has_label(t, branch); });
  }

  Marks required = related(targets, true, true, true);
  std::vector<int> current = get_revisions(lower, !assert_relative_length);
  if (!implicit_base) {
    for (int c : current)
      if (!required[static_cast<size_t>(c)]) throw RangeNotAncestorError();
  }
  Marks current_set = related(current, true, true, true);
  Marks needs(static_cast<size_t>(n()), 0);
  for (int i = 0; i < n(); ++i)
    needs[static_cast<size_t>(i)] =
        required[static_cast<size_t>(i)] && !current_set[static_cast<size_t>(i)];
  if (inclusive)
    for (int c : current) needs[static_cast<size_t>(c)] = 1;
  if (!current.empty() && !implicit_base) {
    Marks lower_descendants = related(current, false, false, true);
    for (int i = 0; i < n(); ++i)
      if (!lower_descendants[static_cast<size_t>(i)]) needs[static_cast<size_t>(i)] = 0;
  }
  return {std::move(needs), std::move(targets)};
}

std::pair<Marks, std::vector<int>> RevisionGraph::Impl::collect_downgrade(
    const std::vector<std::string>& upper, std::string_view target,
    bool assert_relative_length) const {
  auto [branch_label, target_revision] =
      parse_downgrade_target(upper, target, assert_relative_length);
  std::vector<int> roots;
  if (target_revision == kNone) {
    for (int i = 0; i < n(); ++i)
      if (node(i).parents.empty()) roots.push_back(i);
  } else {
    roots = as_vector(node(target_revision).children);
  }
  if (branch_label && !branch_label->empty() && roots.size() > 1) {
    Marks anc = ancestors({resolve_branch(*branch_label)}, false);
    std::erase_if(roots, [&](int r) { return !anc[static_cast<size_t>(r)]; });
    if (roots.empty()) throw GraphError("Not a valid downgrade target from current heads");
  }
  std::vector<int> heads_now = get_revisions(RevSpec::of(upper));
  Marks drop = descendants(roots, true);
  Marks active = ancestors(heads_now, true);
  bool any = false;
  for (int i = 0; i < n(); ++i) {
    drop[static_cast<size_t>(i)] = drop[static_cast<size_t>(i)] && active[static_cast<size_t>(i)];
    any = any || drop[static_cast<size_t>(i)];
  }
  if (target_revision != kNone && !any &&
      std::find(heads_now.begin(), heads_now.end(), target_revision) == heads_now.end())
    throw RangeNotAncestorError();
  return {std::move(drop), std::move(heads_now)};
}

void RevisionGraph::Impl::row_insert(Rows& rows, int r, VersionRowChange& change) const {
  if (rows.has(r)) throw RowsError("the version table already has a row for " + id(r));
  rows.list.push_back(r);
  change.inserted.push_back(id(r));
}

void RevisionGraph::Impl::row_delete(Rows& rows, int r, VersionRowChange& change) const {
  auto it = std::find(rows.list.begin(), rows.list.end(), r);
  if (it == rows.list.end()) throw RowsError("the version table has no row for " + id(r));
  rows.list.erase(it);
  change.deleted.push_back(id(r));
}

void RevisionGraph::Impl::row_update(Rows& rows, int from, int to, VersionRowChange& change) const {
  if (rows.has(to)) throw RowsError("the version table already has a row for " + id(to));
  auto it = std::find(rows.list.begin(), rows.list.end(), from);
  if (it == rows.list.end()) throw RowsError("the version table has no row for " + id(from));
  *it = to;
  change.updated.emplace_back(id(from), id(to));
}

std::vector<int> RevisionGraph::Impl::not_below_others(std::span<const int> candidates,
                                                       const Rows& rows,
                                                       std::span<const int> except) const {
  std::vector<int> others;
  for (int r : rows.list)
    if (std::find(except.begin(), except.end(), r) == except.end()) others.push_back(r);
  if (others.empty()) return as_vector(candidates);
  Marks anc = ancestors(others, true);
  std::vector<int> out;
  for (int r : candidates)
    if (!anc[static_cast<size_t>(r)]) out.push_back(r);
  return out;
}

std::vector<int> RevisionGraph::Impl::unmerge_to(const Rows& rows, int rev) const {
  std::span<const int> down = node(rev).norm_down;
  std::vector<int> to = not_below_others(down, rows, std::span<const int>(&rev, 1));
  if (to.size() < 2) return to;
  std::vector<int> out;
  for (int r : to) {
    bool implied = false;
    for (int other : to) {
      if (other == r) continue;
      Marks anc = ancestors({other}, true);
      if (anc[static_cast<size_t>(r)]) {
        implied = true;
        break;
      }
    }
    if (!implied) out.push_back(r);
  }
  return out;
}

VersionRowChange RevisionGraph::Impl::apply_revision_step(Rows& rows, int rev, bool upgrade) const {
  VersionRowChange change;
  const Node& nd = node(rev);
  std::span<const int> down = nd.norm_down;
  if (!upgrade && rows.has(rev) && (down.empty() || unmerge_to(rows, rev).empty())) {
    // should_delete_branch
    row_delete(rows, rev, change);
    return change;
  }
  int present = 0;
  for (int d : down) present += rows.has(d) ? 1 : 0;
  if (upgrade && (down.empty() || present == 0)) {
    // should_create_branch
    row_insert(rows, rev, change);
    return change;
  }
  if (upgrade && down.size() > 1 && present > 1) {
    // should_merge_branches: the parents' rows that no other row implies go; the last becomes
    // `rev`. Only rows that exist are touched: a merge may also name an ancestor of one of its
    // parents, whose row is gone (Alembic fails on that).
    std::vector<int> from = not_below_others(down, rows, down);
    std::erase_if(from, [&](int r) { return !rows.has(r); });
    if (from.empty()) throw RowsError("cannot merge into " + id(rev));
    for (size_t i = 0; i + 1 < from.size(); ++i) row_delete(rows, from[i], change);
    row_update(rows, from.back(), rev, change);
    return change;
  }
  if (!upgrade && rows.has(rev) && down.size() > 1) {
    // should_unmerge_branches: `rev` becomes the last parent no other row implies; the rest are
    // inserted
    std::vector<int> to = unmerge_to(rows, rev);
    for (size_t i = 0; i + 1 < to.size(); ++i) row_insert(rows, to[i], change);
    row_update(rows, rev, to.back(), change);
    return change;
  }
  int down_rev;
  if (down.size() != 1) {
    std::vector<int> present_down;
    for (int d : down)
      if (rows.has(d)) present_down.push_back(d);
    if (present_down.size() != 1)
      throw RowsError("can't update the version table for " + id(rev) +
                      " because its down revision is ambiguous");
    down_rev = present_down[0];
  } else {
    down_rev = down[0];
  }
  if (upgrade)
    row_update(rows, down_rev, rev, change);
  else
    row_update(rows, rev, down_rev, change);
  return change;
}

}  // namespace retort
