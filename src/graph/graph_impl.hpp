// The revision graph's representation (RevisionGraph::Impl) and the types its algorithms share:
// internal to src/graph/, included by its .cpp files only. The algorithms follow Alembic 1.8
// closely (function names in comments refer to alembic/script/revision.py,
// alembic/runtime/migration.py and alembic/script/base.py) so that plans, orders and messages
// match. Revisions are addressed by their index in load order, which plays the role of Alembic's
// ordered _revision_map.
//
// Where each part lives:
//   graph_build.cpp        building and validating a graph; checks on a new revision's parents
//   graph_identifiers.cpp  the identifier grammar and its resolution (ids, prefixes, labels,
//                          head/heads/base, relative steps)
//   graph_plan.cpp         traversals and the collection of steps; the version rows each step
//                          leaves (HeadMaintainer)
//   revision_graph.cpp     the public queries, plans and history, translating failures into
//                          retort::Error
#pragma once

#include <algorithm>
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/strings.hpp"
#include "graph/revision_graph.hpp"

namespace retort {

// Types that RevisionGraph::Impl holds or passes around (a named namespace: -Wsubobject-linkage).
namespace graph_detail {

constexpr int kNone = -1;      // Alembic's None: "no revision" (base as a target, or "not moved")
constexpr int kBaseMark = -2;  // Alembic's "base" string: a walk went down past a root

using Marks = std::vector<char>;

// Failures inside the graph algorithms, mirroring Alembic's exception classes. Public entry
// points translate them into retort::Error with the wording of the command that failed
// (ScriptDirectory._catch_revision_errors).
class GraphError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class MultipleHeadsError : public GraphError {
 public:
  MultipleHeadsError(std::vector<std::string> heads, std::string argument)
      : GraphError("Multiple heads are present for given argument '" + argument + "'; " +
                   join(heads, ", ")),
        heads_(std::move(heads)),
        argument_(std::move(argument)) {}
  const std::vector<std::string>& heads() const { return heads_; }
  const std::string& argument() const { return argument_; }

 private:
  std::vector<std::string> heads_;
  std::string argument_;
};

class ResolutionError : public GraphError {
 public:
  using GraphError::GraphError;
};

class RangeNotAncestorError : public GraphError {
 public:
  RangeNotAncestorError() : GraphError("Revision is not an ancestor of revision") {}
};

// A relative step (+N/-N) that meets a branch point going up or a merge going down (Alembic's
// "Ambiguous walk"), with where it forks and where it could end.
class AmbiguousWalkError : public GraphError {
 public:
  using GraphError::GraphError;
};

// Internal inconsistency between the version rows and the graph (HeadMaintainer's asserts).
class RowsError : public GraphError {
 public:
  using GraphError::GraphError;
};

// A relative identifier: [LABEL@][SYMBOL](+|-)N (Alembic's _relative_destination, but the whole
// text must match).
struct Relative {
  std::optional<std::string> label;
  std::optional<std::string> symbol;
  std::string text;  // "+2", "-1": the relative part as written
  long long steps = 0;
};

// Parses a relative identifier; nullopt when `text` is not one (graph_identifiers.cpp).
std::optional<Relative> parse_relative(std::string_view text);

// Appends `v` to `into` unless it is there already.
inline void dedupe_append(std::vector<int>& into, int v) {
  if (std::find(into.begin(), into.end(), v) == into.end()) into.push_back(v);
}

// A place in a revision's file, for errors: `at`, whose file may be left empty for the revision's
// own file (the header cache does: ops/header_cache.hpp), completed with it (graph_build.cpp).
SourceLocation place_in(const Revision& rev, const SourceLocation& at);

// Where a revision was defined, for errors: its recorded location, else its file (graph_build.cpp).
SourceLocation place_of(const Revision& rev);

// "m/042.yaml:1:11", or "revision 042" for a revision not read from a file (graph_build.cpp).
std::string describe_place(const Revision& rev);

// Edge lists of every revision in one array (compressed rows: row i is
// values[start[i], start[i + 1])), instead of a vector per revision: a graph of thousands of
// revisions is then a few allocations, not tens of thousands (docs/BENCHMARKS.md, "Issue 16,
// third pass"). Built one row at a time, in index order.
struct EdgeLists {
  std::vector<uint32_t> start{0};
  std::vector<int> values;

  std::span<const int> row(int i) const {
    const uint32_t b = start[static_cast<size_t>(i)], e = start[static_cast<size_t>(i) + 1];
    return {values.data() + b, e - b};
  }
  // The row being built: what was added since the last end_row().
  std::span<const int> open_row() const {
    return std::span<const int>(values).subspan(start.back());
  }
  void add(int v) { values.push_back(v); }
  // Adds `v` to the row being built unless it is there already.
  void add_unique(int v) {
    std::span<const int> r = open_row();
    if (std::find(r.begin(), r.end(), v) == r.end()) values.push_back(v);
  }
  void end_row() { start.push_back(static_cast<uint32_t>(values.size())); }
};

// One revision's edges, by index: views into the graph's EdgeLists, valid while the graph lives.
struct Node {
  std::span<const int> parents;       // down_revisions (_versioned_down_revisions)
  std::span<const int> deps;          // depends_on resolved to ids (_resolved_dependencies)
  std::span<const int> norm_deps;     // deps not already implied by an ancestor's depends_on
  std::span<const int> all_down;      // parents + deps (_all_down_revisions)
  std::span<const int> norm_down;     // parents + norm_deps (_normalized_down_revisions)
  std::span<const int> children;      // nextrev: revisions naming this one as down_revision
  std::span<const int> all_children;  // _all_nextrev: children and dependents
};

// The edges of every revision, one EdgeLists per kind (Node's fields).
struct Adjacency {
  EdgeLists parents, deps, norm_deps, all_down, norm_down, children, all_children;
};

inline std::vector<int> as_vector(std::span<const int> s) {
  return {s.begin(), s.end()};
}

// A revision set as Alembic passes them around: one identifier string, or a list of ids (the
// version-table rows).
struct RevSpec {
  bool is_list = false;
  std::string text;
  std::vector<std::string> ids;

  static RevSpec of(std::string_view s) { return RevSpec{false, std::string(s), {}}; }
  static RevSpec of(const std::vector<std::string>& v) { return RevSpec{true, {}, v}; }
  // util.to_tuple(): the identifiers this spec holds.
  std::vector<std::string> as_tuple() const {
    return is_list ? ids : std::vector<std::string>{text};
  }
};

// What _walk returns: a revision index, kNone or kBaseMark; `overwalk` when it ran off the graph.
struct WalkResult {
  bool overwalk = false;
  int pos = kNone;
};

}  // namespace graph_detail

using graph_detail::Adjacency;
using graph_detail::AmbiguousWalkError;
using graph_detail::as_vector;
using graph_detail::dedupe_append;
using graph_detail::describe_place;
using graph_detail::EdgeLists;
using graph_detail::GraphError;
using graph_detail::kBaseMark;
using graph_detail::kNone;
using graph_detail::Marks;
using graph_detail::MultipleHeadsError;
using graph_detail::Node;
using graph_detail::parse_relative;
using graph_detail::place_in;
using graph_detail::place_of;
using graph_detail::RangeNotAncestorError;
using graph_detail::Relative;
using graph_detail::ResolutionError;
using graph_detail::RevSpec;
using graph_detail::RowsError;
using graph_detail::WalkResult;

struct RevisionGraph::Impl {
  std::vector<Revision> revs;
  Adjacency adj;
  // Revision indexes by id: open addressing over revs[i].id in a power-of-two table (kNone =
  // empty slot); no string is copied.
  std::vector<int> id_slots;
  std::unordered_map<std::string, int> by_label;  // a label's own revision
  std::vector<int> heads, real_heads, bases;
  std::vector<int> parents_first;  // every revision after its down_revisions and dependencies
  // Branch labels that apply to each revision (own and inherited), as bit sets over
  // label_names: revision i owns words [i * label_words, (i + 1) * label_words).
  std::vector<std::string> label_names;  // sorted
  size_t label_words = 0;
  std::vector<uint64_t> label_bits;

  int n() const { return static_cast<int>(revs.size()); }

  // Does `label` apply to revision i (Alembic's `label in revision.branch_labels`)?
  bool has_label(int i, std::string_view label) const {
    auto it = std::lower_bound(label_names.begin(), label_names.end(), label);
    if (it == label_names.end() || *it != label) return false;
    size_t bit = static_cast<size_t>(it - label_names.begin());
    return (label_bits[static_cast<size_t>(i) * label_words + bit / 64] >> (bit % 64)) & 1;
  }
  std::vector<std::string> labels_of(int i) const {
    std::vector<std::string> out;
    for (size_t bit = 0; bit < label_names.size(); ++bit)
      if ((label_bits[static_cast<size_t>(i) * label_words + bit / 64] >> (bit % 64)) & 1)
        out.push_back(label_names[bit]);
    return out;
  }
  const std::string& id(int i) const { return revs[static_cast<size_t>(i)].id; }
  Node node(int i) const {
    return Node{adj.parents.row(i),     adj.deps.row(i),      adj.norm_deps.row(i),
                adj.all_down.row(i),    adj.norm_down.row(i), adj.children.row(i),
                adj.all_children.row(i)};
  }

  // The slot of id_slots where `s` is, or the empty slot where it would go.
  size_t id_slot(std::string_view s) const {
    const size_t mask = id_slots.size() - 1;
    size_t h = std::hash<std::string_view>{}(s)&mask;
    while (id_slots[h] != kNone && id(id_slots[h]) != s) h = (h + 1) & mask;
    return h;
  }
  int find_id(std::string_view s) const { return id_slots.empty() ? kNone : id_slots[id_slot(s)]; }
  // _revision_map[key]: a revision id or a branch label.
  int find_key(std::string_view s) const {
    int i = find_id(s);
    if (i != kNone) return i;
    auto it = by_label.find(std::string(s));
    return it == by_label.end() ? kNone : it->second;
  }

  // Ids and labels, sorted (prefix matches and suggestions): made on first use, which few
  // commands need.
  const std::vector<std::pair<std::string_view, int>>& keys() const;

  std::vector<std::string> ids_of(std::span<const int> v) const {
    std::vector<std::string> out;
    out.reserve(v.size());
    for (int i : v) out.push_back(id(i));
    return out;
  }

  // ---- traversals -------------------------------------------------------------------------

  // _get_ancestor_nodes / _get_descendant_nodes: every revision reachable from `from` (inclusive).
  // Ancestors follow _normalized_down_revisions (deps) or down_revision only; descendants follow
  // _all_nextrev (deps) or nextrev only.
  Marks ancestors(const std::vector<int>& from, bool deps) const {
    return related(from, true, deps, false);
  }
  Marks descendants(const std::vector<int>& from, bool deps) const {
    return related(from, false, deps, false);
  }

  std::span<const int> edges(int i, bool up, bool deps) const {
    if (up) return deps ? adj.norm_down.row(i) : adj.parents.row(i);
    return deps ? adj.all_children.row(i) : adj.children.row(i);
  }

  // _iterate_related_revisions, including its `check`: with check, a target whose traversal pops
  // another target is "overlapping" (e.g. two version rows where one is an ancestor of the other).
  // Like Alembic, an overlap reached only through revisions an earlier target already walked goes
  // unnoticed.
  Marks related(const std::vector<int>& from, bool up, bool deps, bool check) const;

  // _topological_sort: revisions in `todo`, each after everything that descends from it, walking
  // down one branch at a time from the heads in load order.
  //
  // Alembic keeps, for each branch being walked, the ancestor set of the revision where the walk
  // last forked (recomputed at merges and dependencies, trimmed of emitted revisions along a
  // straight line), and asks whether the next candidate is in another branch's set. The candidate
  // is always still in `todo` while trimmed revisions are not, so the answer equals "is the
  // candidate an ancestor of that branch's anchor" (the revision the set was computed for). The
  // anchors are known in advance (the heads, and the down revisions of every merge or dependent
  // revision in `todo`), so one pass from the heads down marks, for every revision, the anchors it
  // is an ancestor of: O((revisions + edges) * anchors / 64) instead of a walk per merge.
  std::vector<int> topological_sort(const Marks& todo_in, const std::vector<int>& heads_in) const;

  // ---- identifier resolution --------------------------------------------------------------

  struct Number {
    std::vector<std::string> ids;
    std::optional<std::string> label;
  };

  // _resolve_revision_number. `id` nullopt is Python's None.
  Number resolve_number(std::optional<std::string_view> text) const;

  // get_current_head(branch_label)
  int current_head(const std::optional<std::string>& label) const;

  // The keys (ids, then labels) that start with `prefix`, as (key, revision) without repeating a
  // revision.
  std::vector<std::pair<std::string, int>> prefix_matches(std::string_view prefix) const;

  // "Can't locate revision identified by 'x'", with the nearest ids or labels.
  std::string cannot_locate(std::string_view what) const;

  // _revision_for_ident. `resolved` empty means Python's () (base); returns kNone for it.
  int revision_for_ident(std::string_view resolved,
                         const std::optional<std::string>& check_branch) const;

  // _resolve_branch
  int resolve_branch(std::string_view label) const;

  // _shares_lineage: does `target` have one of `tests` among its ancestors or descendants?
  bool shares_lineage(int target, const std::vector<int>& tests, bool deps) const;

  // filter_for_lineage: the targets that share lineage with what `check_against` names (its label
  // and its revisions). Sharing lineage is symmetric, so one walk up and one walk down from those
  // revisions answers for every target.
  std::vector<int> filter_for_lineage(const std::vector<int>& targets,
                                      std::string_view check_against, bool deps) const;

  // get_revisions(str): the revisions an identifier names (base contributes nothing).
  // `allow_overwalk`: a LABEL@-N walking past base yields base instead of failing.
  std::vector<int> get_revisions(std::string_view text, bool allow_overwalk = false) const;

  std::vector<int> get_revisions(const RevSpec& spec, bool allow_overwalk = false) const;

  // get_revision: exactly one revision or base (kNone).
  int get_revision(std::string_view text) const;

  // _walk: `steps` up (> 0) or down (< 0) from `start` (kNone = from the bases going up, from the
  // heads going down; kBaseMark = base).
  WalkResult walk(int start, long long steps, const std::optional<std::string>& label,
                  bool no_overwalk) const;

  // The error for a walk from `start` that found several ways on at `fork`: it names the fork
  // and every revision the walk could end at (following each way; kBaseMark is "base"), so that
  // the user can name the one meant.
  AmbiguousWalkError ambiguous_walk(int start, long long steps,
                                    const std::optional<std::string>& label, int fork,
                                    const std::vector<int>& ways) const;

  // _parse_upgrade_target: the revisions an upgrade (or history) target names.
  std::vector<int> parse_upgrade_target(const RevSpec& current, const RevSpec& target,
                                        bool assert_relative_length) const;

  // _parse_downgrade_target: (branch label, target revision or kNone for base).
  std::pair<std::optional<std::string>, int> parse_downgrade_target(
      const std::vector<std::string>& current, std::string_view target,
      bool assert_relative_length) const;

  // _get_all_current: the revisions plus what they imply, reduced to branch tips.
  std::vector<int> all_current(const std::vector<int>& rows_in) const;

  // _collect_upgrade_revisions: (revisions to apply, target revisions).
  std::pair<Marks, std::vector<int>> collect_upgrade(const RevSpec& upper, const RevSpec& lower,
                                                     bool inclusive, bool implicit_base,
                                                     bool assert_relative_length) const;

  // _collect_downgrade_revisions: (revisions to undo, current revisions).
  std::pair<Marks, std::vector<int>> collect_downgrade(const std::vector<std::string>& upper,
                                                       std::string_view target,
                                                       bool assert_relative_length) const;

  // ---- version rows (HeadMaintainer) -------------------------------------------------------

  struct Rows {
    std::vector<int> list;  // in a stable order: updates replace in place, inserts append

    bool has(int r) const { return std::find(list.begin(), list.end(), r) != list.end(); }
  };

  void row_insert(Rows& rows, int r, VersionRowChange& change) const;
  void row_delete(Rows& rows, int r, VersionRowChange& change) const;
  void row_update(Rows& rows, int from, int to, VersionRowChange& change) const;

  // The revisions in `candidates` that are not ancestors of the rows other than `except`.
  std::vector<int> not_below_others(std::span<const int> candidates, const Rows& rows,
                                    std::span<const int> except) const;

  // _unmerge_to_revisions: the rows that replace `rev` when it is undone: its down revisions,
  // except those another row implies and (Alembic #1373, which newer Alembic applies only when no
  // other row exists; here always) those another of them implies, such as a depends_on naming an
  // ancestor of the down_revision. Without the second rule the version table would keep a row
  // below another row, which the next command rejects as overlapping.
  std::vector<int> unmerge_to(const Rows& rows, int rev) const;

  // HeadMaintainer.update_to_step for a RevisionStep.
  VersionRowChange apply_revision_step(Rows& rows, int rev, bool upgrade) const;

 private:
  mutable std::once_flag keys_once_;
  mutable std::vector<std::pair<std::string_view, int>> keys_;
};

}  // namespace retort
