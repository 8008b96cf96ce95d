#include "graph/revision_graph.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <unordered_map>

#include "base/error.hpp"
#include "base/strings.hpp"
#include "graph/revision_ids.hpp"

// The algorithms below follow Alembic 1.8 closely (function names in comments refer to
// alembic/script/revision.py, alembic/runtime/migration.py and alembic/script/base.py) so that
// plans, orders and messages match. Revisions are addressed by their index in load order, which
// plays the role of Alembic's ordered _revision_map.

namespace retort {

const char* direction_name(MigrationStep::Direction direction) {
  switch (direction) {
    case MigrationStep::Direction::upgrade:
      return "upgrade";
    case MigrationStep::Direction::downgrade:
      return "downgrade";
    case MigrationStep::Direction::stamp:
      return "stamp";
  }
  return "upgrade";
}

const std::vector<Op>& ops_of(const MigrationStep& step) {
  static const std::vector<Op> kNoOps;
  if (!step.revision) return kNoOps;
  switch (step.direction) {
    case MigrationStep::Direction::upgrade:
      return step.revision->upgrade;
    case MigrationStep::Direction::downgrade:
      return step.revision->downgrade;
    case MigrationStep::Direction::stamp:
      return kNoOps;
  }
  return kNoOps;
}

namespace {

constexpr int kNone = -1;      // Alembic's None: "no revision" (base as a target, or "not moved")
constexpr int kBaseMark = -2;  // Alembic's "base" string: a walk went down past a root

using Marks = std::vector<char>;

std::string quoted_list(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += "'" + items[i] + "'";
  }
  return out;
}

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

bool is_word(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<Relative> parse_relative(std::string_view text) {
  size_t sign = text.find_last_of("+-");
  if (sign == std::string_view::npos) return std::nullopt;
  std::string_view digits = text.substr(sign + 1);
  if (!is_digits(digits) || digits.size() > 9) return std::nullopt;
  std::string_view head = text.substr(0, sign);
  Relative rel;
  size_t at = head.rfind('@');
  if (at != std::string_view::npos) {
    if (at == 0) return std::nullopt;
    rel.label = std::string(head.substr(0, at));
    head = head.substr(at + 1);
  }
  if (!is_word(head)) return std::nullopt;
  if (!head.empty()) rel.symbol = std::string(head);
  rel.text = std::string(text.substr(sign));
  rel.steps = std::stoll(std::string(digits));
  if (text[sign] == '-') rel.steps = -rel.steps;
  return rel;
}

// Python's int() on a revision identifier: an optionally signed run of digits.
std::optional<long long> as_int(std::string_view s) {
  std::string_view digits = s;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) digits.remove_prefix(1);
  if (!is_digits(digits) || digits.size() > 9) return std::nullopt;
  long long v = std::stoll(std::string(digits));
  return s[0] == '-' ? -v : v;
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

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

}  // namespace

// Types that RevisionGraph::Impl holds as fields (a named namespace: -Wsubobject-linkage).
namespace graph_detail {

// One revision's edges, by index.
struct Node {
  std::vector<int> parents;       // down_revisions (_versioned_down_revisions)
  std::vector<int> deps;          // depends_on resolved to ids (_resolved_dependencies)
  std::vector<int> norm_deps;     // deps not already implied by an ancestor's depends_on
  std::vector<int> all_down;      // parents + deps (_all_down_revisions)
  std::vector<int> norm_down;     // parents + norm_deps (_normalized_down_revisions)
  std::vector<int> children;      // nextrev: revisions naming this one as down_revision
  std::vector<int> all_children;  // _all_nextrev: children and dependents
};

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

using graph_detail::Node;
using graph_detail::RevSpec;
using graph_detail::WalkResult;

struct RevisionGraph::Impl {
  std::vector<Revision> revs;
  std::vector<Node> nodes;
  std::unordered_map<std::string, int> by_id;
  std::unordered_map<std::string, int> by_label;  // a label's own revision
  std::vector<std::pair<std::string, int>> keys;  // ids and labels, sorted
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
  const Node& node(int i) const { return nodes[static_cast<size_t>(i)]; }

  int find_id(std::string_view s) const {
    auto it = by_id.find(std::string(s));
    return it == by_id.end() ? kNone : it->second;
  }
  // _revision_map[key]: a revision id or a branch label.
  int find_key(std::string_view s) const {
    int i = find_id(s);
    if (i != kNone) return i;
    auto it = by_label.find(std::string(s));
    return it == by_label.end() ? kNone : it->second;
  }

  std::vector<std::string> ids_of(const std::vector<int>& v) const {
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

  const std::vector<int>& edges(int i, bool up, bool deps) const {
    const Node& nd = node(i);
    if (up) return deps ? nd.norm_down : nd.parents;
    return deps ? nd.all_children : nd.children;
  }

  // _iterate_related_revisions, including its `check`: with check, a target whose traversal pops
  // another target is "overlapping" (e.g. two version rows where one is an ancestor of the other).
  // Like Alembic, an overlap reached only through revisions an earlier target already walked goes
  // unnoticed.
  Marks related(const std::vector<int>& from, bool up, bool deps, bool check) const {
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
  std::vector<int> topological_sort(const Marks& todo_in, const std::vector<int>& heads_in) const {
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

  // ---- identifier resolution --------------------------------------------------------------

  struct Number {
    std::vector<std::string> ids;
    std::optional<std::string> label;
  };

  // _resolve_revision_number. `id` nullopt is Python's None.
  Number resolve_number(std::optional<std::string_view> text) const {
    Number out;
    std::optional<std::string_view> ident = text;
    if (ident && ident->find('@') != std::string_view::npos) {
      size_t at = ident->find('@');
      // an empty label ("@head") counts as none
      if (at > 0) out.label = std::string(ident->substr(0, at));
      ident = ident->substr(at + 1);
    }
    // LABEL@head(s): an unknown label is reported as such
    if (out.label && ident && (*ident == "heads" || *ident == "head")) resolve_branch(*out.label);
    if (ident && *ident == "heads") {
      out.ids =
          out.label ? ids_of(filter_for_lineage(heads, *out.label, false)) : ids_of(real_heads);
    } else if (ident && *ident == "head") {
      int h = current_head(out.label);
      if (h != kNone) out.ids.push_back(id(h));
    } else if (!ident || *ident == "base") {
      // base: nothing
    } else if (ident->empty()) {
      throw ResolutionError(cannot_locate(*text));
    } else {
      out.ids.push_back(std::string(*ident));
    }
    return out;
  }

  // get_current_head(branch_label)
  int current_head(const std::optional<std::string>& label) const {
    std::vector<int> current = heads;
    if (label && !label->empty()) current = filter_for_lineage(heads, *label, false);
    if (current.size() > 1)
      throw MultipleHeadsError(ids_of(current),
                               label && !label->empty() ? *label + "@head" : "head");
    return current.empty() ? kNone : current[0];
  }

  // The keys (ids, then labels) that start with `prefix`, as (key, revision) without repeating a
  // revision.
  std::vector<std::pair<std::string, int>> prefix_matches(std::string_view prefix) const {
    std::vector<std::pair<std::string, int>> out;
    auto it = std::lower_bound(keys.begin(), keys.end(), prefix,
                               [](const auto& k, std::string_view p) { return k.first < p; });
    for (; it != keys.end() && std::string_view(it->first).substr(0, prefix.size()) == prefix;
         ++it) {
      if (it->first.size() <= 3) continue;
      bool dup = std::any_of(out.begin(), out.end(),
                             [&](const auto& o) { return o.second == it->second; });
      if (!dup) out.push_back(*it);
    }
    return out;
  }

  // "Can't locate revision identified by 'x'", with the nearest ids or labels.
  std::string cannot_locate(std::string_view what) const {
    std::string msg = "Can't locate revision identified by '" + std::string(what) + "'";
    std::vector<std::pair<size_t, std::string>> near;
    size_t limit = std::max<size_t>(1, what.size() / 3);
    for (const auto& [key, index] : keys) {
      (void)index;
      size_t lower = key.size() > what.size() ? key.size() - what.size() : what.size() - key.size();
      if (lower > limit) continue;
      size_t d = edit_distance(what, key);
      if (d <= limit) near.emplace_back(d, key);
    }
    // only the nearest (several when tied), at most three
    std::stable_sort(near.begin(), near.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    if (!near.empty()) {
      size_t best = near.front().first;
      std::erase_if(near, [&](const auto& c) { return c.first > best; });
    }
    if (near.size() > 3) near.resize(3);
    std::vector<std::string> names;
    for (auto& [d, key] : near) names.push_back(key);
    if (what.size() < 4 && !prefix_matches(what).empty())
      msg +=
          "; please ensure at least four characters are present for partial revision "
          "identifier matches";
    else if (!names.empty())
      msg += " (did you mean " + quoted_list(names) + "?)";
    return msg;
  }

  // _revision_for_ident. `resolved` empty means Python's () (base); returns kNone for it.
  int revision_for_ident(std::string_view resolved,
                         const std::optional<std::string>& check_branch) const {
    int branch_rev = kNone;
    bool has_branch = check_branch && !check_branch->empty();
    if (has_branch) branch_rev = resolve_branch(*check_branch);
    if (resolved.empty()) return kNone;
    int revision = find_key(resolved);
    if (revision == kNone) {
      // A partial identifier: at least four characters, as in Alembic.
      std::vector<std::pair<std::string, int>> matches;
      if (resolved.size() >= 4) matches = prefix_matches(resolved);
      if (has_branch && !matches.empty()) {
        std::vector<int> idx;
        for (auto& m : matches) idx.push_back(m.second);
        std::vector<int> kept = filter_for_lineage(idx, *check_branch, false);
        std::erase_if(matches, [&](const auto& m) {
          return std::find(kept.begin(), kept.end(), m.second) == kept.end();
        });
      }
      if (matches.empty()) throw ResolutionError(cannot_locate(resolved));
      if (matches.size() > 1) {
        std::vector<std::string> names;
        for (auto& m : matches) names.push_back(m.first);
        throw ResolutionError("Multiple revisions start with '" + std::string(resolved) +
                              "': " + quoted_list(names));
      }
      revision = matches[0].second;
    }
    if (has_branch && !shares_lineage(revision, {branch_rev}, false))
      throw ResolutionError("Revision " + id(revision) + " is not a member of branch '" +
                            *check_branch + "'");
    return revision;
  }

  // _resolve_branch
  int resolve_branch(std::string_view label) const {
    int rev = find_key(label);
    if (rev != kNone) return rev;
    try {
      return revision_for_ident(label, std::nullopt);
    } catch (const ResolutionError&) {
      throw ResolutionError("No such branch: '" + std::string(label) + "'");
    }
  }

  // _shares_lineage: does `target` have one of `tests` among its ancestors or descendants?
  bool shares_lineage(int target, const std::vector<int>& tests, bool deps) const {
    if (tests.empty()) return true;
    Marks up = ancestors({target}, deps);
    Marks down = descendants({target}, deps);
    return std::any_of(tests.begin(), tests.end(), [&](int t) {
      return t >= 0 && (up[static_cast<size_t>(t)] || down[static_cast<size_t>(t)]);
    });
  }

  // filter_for_lineage: the targets that share lineage with what `check_against` names (its label
  // and its revisions). Sharing lineage is symmetric, so one walk up and one walk down from those
  // revisions answers for every target.
  std::vector<int> filter_for_lineage(const std::vector<int>& targets,
                                      std::string_view check_against, bool deps) const {
    // Like Alembic, nothing is resolved when there is nothing to filter.
    if (targets.empty()) return {};
    Number number = resolve_number(check_against);
    std::vector<std::string> shares;
    if (number.label && !number.label->empty()) shares.push_back(*number.label);
    shares.insert(shares.end(), number.ids.begin(), number.ids.end());
    if (shares.empty()) return targets;
    std::vector<int> tests;
    for (const std::string& s : shares) {
      int t = revision_for_ident(s, std::nullopt);
      if (t >= 0) tests.push_back(t);
    }
    if (tests.empty()) return targets;
    Marks up = ancestors(tests, deps);
    Marks down = descendants(tests, deps);
    std::vector<int> out;
    for (int t : targets)
      if (up[static_cast<size_t>(t)] || down[static_cast<size_t>(t)]) out.push_back(t);
    return out;
  }

  // get_revisions(str): the revisions an identifier names (base contributes nothing).
  // `allow_overwalk`: a LABEL@-N walking past base yields base instead of failing.
  std::vector<int> get_revisions(std::string_view text, bool allow_overwalk = false) const {
    Number number = resolve_number(text);
    if (number.ids.size() == 1) {
      std::optional<long long> rint = as_int(number.ids[0]);
      if (rint && *rint < 0) {
        // LABEL@-N: walk down from the heads on that branch
        std::vector<int> select;
        for (int h : real_heads) {
          if (!number.label) {
            select.push_back(h);
            continue;
          }
          if (has_label(h, *number.label)) select.push_back(h);
        }
        std::vector<int> out;
        for (int h : select) {
          WalkResult w = walk(h, *rint, std::nullopt, true);
          if (w.overwalk) {
            if (allow_overwalk) continue;
            throw GraphError("Relative revision " + number.ids[0] + " didn't produce " +
                             std::to_string(-*rint) + " migrations");
          }
          if (w.pos >= 0) out.push_back(w.pos);
        }
        return out;
      }
    }
    std::vector<int> out;
    for (const std::string& r : number.ids) {
      int rev = revision_for_ident(r, number.label);
      if (rev >= 0) out.push_back(rev);
    }
    return out;
  }

  std::vector<int> get_revisions(const RevSpec& spec, bool allow_overwalk = false) const {
    if (!spec.is_list) return get_revisions(spec.text, allow_overwalk);
    std::vector<int> out;
    for (const std::string& s : spec.ids) {
      std::vector<int> part = get_revisions(s, allow_overwalk);
      out.insert(out.end(), part.begin(), part.end());
    }
    return out;
  }

  // get_revision: exactly one revision or base (kNone).
  int get_revision(std::string_view text) const {
    Number number = resolve_number(text);
    if (number.ids.size() > 1) throw MultipleHeadsError(number.ids, std::string(text));
    return revision_for_ident(number.ids.empty() ? std::string_view() : number.ids[0],
                              number.label);
  }

  // _walk: `steps` up (> 0) or down (< 0) from `start` (kNone = from the bases going up, from the
  // heads going down; kBaseMark = base).
  WalkResult walk(int start, long long steps, const std::optional<std::string>& label,
                  bool no_overwalk) const {
    int initial = start;
    long long count = steps < 0 ? -steps : steps;
    for (long long i = 0; i < count; ++i) {
      std::vector<int> next;
      if (steps > 0) {
        std::vector<int> walk_up = initial < 0 ? bases : node(initial).children;
        next = label ? filter_for_lineage(walk_up, *label, false) : walk_up;
      } else if (initial != kBaseMark) {
        next = initial == kNone ? heads : node(initial).parents;
        if (next.empty()) next.push_back(kBaseMark);
      }
      if (next.empty()) return no_overwalk ? WalkResult{true, kNone} : WalkResult{false, initial};
      if (next.size() > 1) throw ambiguous_walk(start, steps, label, initial, next);
      initial = next[0];
    }
    return WalkResult{false, initial};
  }

  // The error for a walk from `start` that found several ways on at `fork`: it names the fork
  // and every revision the walk could end at (following each way; kBaseMark is "base"), so that
  // the user can name the one meant.
  AmbiguousWalkError ambiguous_walk(int start, long long steps,
                                    const std::optional<std::string>& label, int fork,
                                    const std::vector<int>& ways) const {
    const bool up = steps > 0;
    auto name = [&](int r) { return r == kBaseMark ? std::string("base") : id(r); };
    std::vector<int> frontier = {start};
    long long count = steps < 0 ? -steps : steps;
    for (long long i = 0; i < count && !frontier.empty(); ++i) {
      std::vector<int> next;
      for (int at : frontier) {
        std::vector<int> more;
        if (up) {
          const std::vector<int>& walk_up = at < 0 ? bases : node(at).children;
          more = label ? filter_for_lineage(walk_up, *label, false) : walk_up;
        } else if (at != kBaseMark) {
          more = at == kNone ? heads : node(at).parents;
          if (more.empty()) more.push_back(kBaseMark);
        }
        for (int m : more)
          if (std::find(next.begin(), next.end(), m) == next.end()) next.push_back(m);
      }
      frontier = std::move(next);
    }
    std::vector<std::string> ends, way_names;
    for (int r : frontier) ends.push_back(name(r));
    for (int w : ways) way_names.push_back(name(w));
    std::string from =
        start < 0 ? (up ? std::string("base") : std::string("the heads")) : "revision " + id(start);
    std::string what =
        fork < 0 ? std::string(up ? "base has several roots (" : "there are several heads (")
        : up     ? "revision " + id(fork) + " is a branch point (children "
                 : "revision " + id(fork) + " is a merge (down revisions ";
    std::string msg = "Ambiguous walk: " + std::to_string(count) + " step(s) " +
                      (up ? "up" : "down") + " from " + from + " cannot choose a way, because " +
                      what + join(way_names, ", ") + ")";
    if (ends.size() == 1)
      msg += "; every way ends at " + ends[0] + ": name it instead of the relative step";
    else if (!ends.empty())
      msg += "; it could end at " + join(ends, " or ") + ": name the one you mean instead of " +
             "the relative step" + (up ? ", or a branch as LABEL@+N" : "");
    return AmbiguousWalkError(msg);
  }

  // _parse_upgrade_target: the revisions an upgrade (or history) target names.
  std::vector<int> parse_upgrade_target(const RevSpec& current, const RevSpec& target,
                                        bool assert_relative_length) const {
    std::optional<Relative> rel;
    if (!target.is_list) rel = parse_relative(target.text);
    if (!rel) return get_revisions(target);

    auto result = [&](WalkResult w, const std::string& shown) -> std::vector<int> {
      if (w.overwalk || w.pos == kNone)
        throw GraphError("Relative revision " + shown + " didn't produce " +
                         std::to_string(rel->steps < 0 ? -rel->steps : rel->steps) + " migrations");
      if (w.pos < 0) return {};  // reached base
      return {w.pos};
    };

    if (rel->steps > 0) {
      if (!rel->symbol) {
        std::vector<std::string> cur = current.as_tuple();
        // the start revisions: what is current (on the branch, when one is named)
        std::vector<int> start;
        bool from_base = cur.empty();
        if (rel->label) {
          std::vector<int> cur_revs = get_revisions(RevSpec::of(cur));
          start = filter_for_lineage(cur_revs, *rel->label, false);
          if (start.empty()) {
            // the branch is not current: start from its newest applied revision, or base
            Marks active = ancestors(cur_revs, true);
            std::vector<int> active_list;
            for (int i = 0; i < n(); ++i)
              if (active[static_cast<size_t>(i)]) active_list.push_back(i);
            std::vector<int> on_branch = filter_for_lineage(active_list, *rel->label, false);
            Marks below(static_cast<size_t>(n()), 0);
            for (int r : on_branch)
              for (int d : node(r).norm_down) below[static_cast<size_t>(d)] = 1;
            for (int r : on_branch)
              if (!below[static_cast<size_t>(r)]) start.push_back(r);
            from_base = start.empty();
          }
          if (start.size() > 1)
            throw AmbiguousWalkError("Ambiguous upgrade from multiple current revisions (" +
                                     join(ids_of(start), ", ") +
                                     "): name the target revision, or one to walk up from as "
                                     "REV+N");
          int s = from_base ? kNone : start[0];
          return result(walk(s, rel->steps, rel->label, assert_relative_length), rel->text);
        }
        if (cur.size() > 1)
          throw AmbiguousWalkError("Ambiguous upgrade from multiple current revisions (" +
                                   join(cur, ", ") +
                                   "): name the target revision, one to walk up from as REV+N, "
                                   "or a branch as LABEL@+N");
        int s = from_base ? kNone : get_revision(cur[0]);
        return result(walk(s, rel->steps, rel->label, assert_relative_length), rel->text);
      }
      WalkResult w =
          walk(get_revision(*rel->symbol), rel->steps, rel->label, assert_relative_length);
      return result(w, target.text);
    }
    if (!rel->symbol)
      throw GraphError("Relative revision " + rel->text + " didn't produce " +
                       std::to_string(-rel->steps) + " migrations");
    int start =
        rel->label ? get_revision(*rel->label + "@" + *rel->symbol) : get_revision(*rel->symbol);
    return result(walk(start, rel->steps, std::nullopt, assert_relative_length), target.text);
  }

  // _parse_downgrade_target: (branch label, target revision or kNone for base).
  std::pair<std::optional<std::string>, int> parse_downgrade_target(
      const std::vector<std::string>& current, std::string_view target,
      bool assert_relative_length) const {
    std::optional<Relative> rel = parse_relative(target);
    if (rel) {
      std::optional<std::string> label = rel->label;
      if (rel->steps >= 0) {
        if (!rel->symbol)
          throw GraphError("Relative revision " + rel->text + " didn't produce " +
                           std::to_string(rel->steps) + " migrations");
        WalkResult w = walk(get_revision(*rel->symbol), rel->steps, label, assert_relative_length);
        if (w.overwalk)
          throw GraphError("Relative revision " + std::string(target) + " didn't produce " +
                           std::to_string(rel->steps) + " migrations");
        return {label, w.pos == kBaseMark ? kNone : w.pos};
      }
      bool relative_revision = !rel->symbol;
      std::string symbol = rel->symbol.value_or("");
      if (relative_revision) {
        if (label) {
          std::vector<int> cur = get_revisions(RevSpec::of(current));
          std::vector<int> on_branch = filter_for_lineage(cur, *label, false);
          if (on_branch.empty()) on_branch = filter_for_lineage(all_current(cur), *label, false);
          if (on_branch.empty())
            throw GraphError("Relative revision " + std::string(target) + " didn't produce " +
                             std::to_string(-rel->steps) + " migrations");
          if (on_branch.size() > 1)
            throw AmbiguousWalkError("Ambiguous walk: several current revisions are on branch '" +
                                     *label + "' (" + join(ids_of(on_branch), ", ") +
                                     "); name the one to walk down from, as REV-N");
          symbol = id(on_branch[0]);
        } else {
          if (current.empty())
            throw GraphError("Relative revision " + rel->text + " didn't produce " +
                             std::to_string(-rel->steps) + " migrations");
          // Like Alembic, "-N" from several heads walks down from the first row.
          symbol = current[0];
          label = symbol;
        }
      }
      int start = label ? get_revision(*label + "@" + symbol) : get_revision(symbol);
      WalkResult w = walk(start, rel->steps, std::nullopt, assert_relative_length);
      if (w.overwalk)
        throw GraphError("Relative revision " +
                         (relative_revision ? rel->text : std::string(target)) +
                         " didn't produce " + std::to_string(-rel->steps) + " migrations");
      return {label, w.pos < 0 ? kNone : w.pos};
    }
    size_t at = target.rfind('@');
    std::optional<std::string> label;
    std::string_view symbol = target;
    if (at != std::string_view::npos) {
      if (at > 0) label = std::string(target.substr(0, at));
      symbol = target.substr(at + 1);
    }
    return {label, get_revision(symbol)};
  }

  // _get_all_current: the revisions plus what they imply, reduced to branch tips.
  std::vector<int> all_current(const std::vector<int>& rows_in) const {
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

  // _collect_upgrade_revisions: (revisions to apply, target revisions).
  std::pair<Marks, std::vector<int>> collect_upgrade(const RevSpec& upper, const RevSpec& lower,
                                                     bool inclusive, bool implicit_base,
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

  // _collect_downgrade_revisions: (revisions to undo, current revisions).
  std::pair<Marks, std::vector<int>> collect_downgrade(const std::vector<std::string>& upper,
                                                       std::string_view target,
                                                       bool assert_relative_length) const {
    auto [branch_label, target_revision] =
        parse_downgrade_target(upper, target, assert_relative_length);
    std::vector<int> roots;
    if (target_revision == kNone) {
      for (int i = 0; i < n(); ++i)
        if (node(i).parents.empty()) roots.push_back(i);
    } else {
      roots = node(target_revision).children;
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

  // ---- version rows (HeadMaintainer) -------------------------------------------------------

  struct Rows {
    std::vector<int> list;  // in a stable order: updates replace in place, inserts append

    bool has(int r) const { return std::find(list.begin(), list.end(), r) != list.end(); }
  };

  void row_insert(Rows& rows, int r, VersionRowChange& change) const {
    if (rows.has(r)) throw RowsError("the version table already has a row for " + id(r));
    rows.list.push_back(r);
    change.inserted.push_back(id(r));
  }
  void row_delete(Rows& rows, int r, VersionRowChange& change) const {
    auto it = std::find(rows.list.begin(), rows.list.end(), r);
    if (it == rows.list.end()) throw RowsError("the version table has no row for " + id(r));
    rows.list.erase(it);
    change.deleted.push_back(id(r));
  }
  void row_update(Rows& rows, int from, int to, VersionRowChange& change) const {
    if (rows.has(to)) throw RowsError("the version table already has a row for " + id(to));
    auto it = std::find(rows.list.begin(), rows.list.end(), from);
    if (it == rows.list.end()) throw RowsError("the version table has no row for " + id(from));
    *it = to;
    change.updated.emplace_back(id(from), id(to));
  }

  // The revisions in `candidates` that are not ancestors of the rows other than `except`.
  std::vector<int> not_below_others(const std::vector<int>& candidates, const Rows& rows,
                                    const std::vector<int>& except) const {
    std::vector<int> others;
    for (int r : rows.list)
      if (std::find(except.begin(), except.end(), r) == except.end()) others.push_back(r);
    if (others.empty()) return candidates;
    Marks anc = ancestors(others, true);
    std::vector<int> out;
    for (int r : candidates)
      if (!anc[static_cast<size_t>(r)]) out.push_back(r);
    return out;
  }

  // _unmerge_to_revisions: the rows that replace `rev` when it is undone: its down revisions,
  // except those another row implies and (Alembic #1373, which newer Alembic applies only when no
  // other row exists; here always) those another of them implies, such as a depends_on naming an
  // ancestor of the down_revision. Without the second rule the version table would keep a row
  // below another row, which the next command rejects as overlapping.
  std::vector<int> unmerge_to(const Rows& rows, int rev) const {
    const std::vector<int>& down = node(rev).norm_down;
    std::vector<int> to = not_below_others(down, rows, {rev});
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

  // HeadMaintainer.update_to_step for a RevisionStep.
  VersionRowChange apply_revision_step(Rows& rows, int rev, bool upgrade) const {
    VersionRowChange change;
    const Node& nd = node(rev);
    const std::vector<int>& down = nd.norm_down;
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
};

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

void dedupe_append(std::vector<int>& into, int v) {
  if (std::find(into.begin(), into.end(), v) == into.end()) into.push_back(v);
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

// ---- queries ----------------------------------------------------------------------------------

namespace {

std::vector<const Revision*> pointers(const RevisionGraph::Impl& g, const std::vector<int>& v) {
  std::vector<const Revision*> out;
  out.reserve(v.size());
  for (int i : v) out.push_back(&g.revs[static_cast<size_t>(i)]);
  return out;
}

// The "Multiple head revisions" text of alembic's _catch_revision_errors, listing the heads.
std::string multiple_heads_message(const MultipleHeadsError& e, const std::string& head_arg) {
  return "Multiple head revisions are present for given argument '" + head_arg +
         "'; please specify a specific target revision, '<branchname>@" + head_arg +
         "' to narrow to a specific head, or 'heads' for all heads (heads: " +
         join(e.heads(), ", ") + ")";
}

// Runs `fn`, turning the graph's internal failures into Error(revision) with the wording of the
// command that ran it.
template <typename Fn>
auto translate(Fn&& fn, const std::string& head_arg, const std::string& range_message,
               const std::function<std::string(const MultipleHeadsError&)>& heads_message = nullptr)
    -> decltype(fn()) {
  try {
    return fn();
  } catch (const RangeNotAncestorError&) {
    throw Error(ErrorKind::revision, range_message);
  } catch (const MultipleHeadsError& e) {
    throw Error(ErrorKind::revision,
                heads_message
                    ? heads_message(e)
                    : multiple_heads_message(e, head_arg.empty() ? e.argument() : head_arg));
  } catch (const RowsError& e) {
    throw Error(ErrorKind::revision, std::string("The version table does not match the revision "
                                                 "graph: ") +
                                         e.what());
  } catch (const GraphError& e) {
    throw Error(ErrorKind::revision, e.what());
  }
}

}  // namespace

const Revision* RevisionGraph::find(std::string_view exact_id) const {
  int i = impl_->find_id(exact_id);
  return i == kNone ? nullptr : &impl_->revs[static_cast<size_t>(i)];
}

const std::vector<Revision>& RevisionGraph::revisions() const {
  return impl_->revs;
}

std::vector<const Revision*> RevisionGraph::heads() const {
  return pointers(*impl_, impl_->heads);
}
std::vector<const Revision*> RevisionGraph::real_heads() const {
  return pointers(*impl_, impl_->real_heads);
}
std::vector<const Revision*> RevisionGraph::bases() const {
  return pointers(*impl_, impl_->bases);
}

std::vector<const Revision*> RevisionGraph::children(std::string_view id) const {
  int i = impl_->find_id(id);
  return i == kNone ? std::vector<const Revision*>{} : pointers(*impl_, impl_->node(i).children);
}

std::vector<const Revision*> RevisionGraph::dependents(std::string_view id) const {
  int i = impl_->find_id(id);
  if (i == kNone) return {};
  std::vector<int> out;
  const Node& nd = impl_->node(i);
  for (int c : nd.all_children)
    if (std::find(nd.children.begin(), nd.children.end(), c) == nd.children.end()) out.push_back(c);
  return pointers(*impl_, out);
}

bool RevisionGraph::is_head(std::string_view id) const {
  int i = impl_->find_id(id);
  return i != kNone && impl_->node(i).children.empty();
}
bool RevisionGraph::is_real_head(std::string_view id) const {
  int i = impl_->find_id(id);
  return i != kNone && impl_->node(i).all_children.empty();
}
bool RevisionGraph::is_base(std::string_view id) const {
  int i = impl_->find_id(id);
  return i != kNone && impl_->node(i).parents.empty();
}
bool RevisionGraph::is_branch_point(std::string_view id) const {
  int i = impl_->find_id(id);
  return i != kNone && impl_->node(i).children.size() > 1;
}
bool RevisionGraph::is_merge(std::string_view id) const {
  int i = impl_->find_id(id);
  return i != kNone && impl_->node(i).parents.size() > 1;
}

std::vector<std::string> RevisionGraph::labels(std::string_view id) const {
  int i = impl_->find_id(id);
  return i == kNone ? std::vector<std::string>{} : impl_->labels_of(i);
}

std::vector<std::string> RevisionGraph::resolved_depends_on(std::string_view id) const {
  int i = impl_->find_id(id);
  return i == kNone ? std::vector<std::string>{} : impl_->ids_of(impl_->node(i).deps);
}

std::vector<std::string> RevisionGraph::ghosts(const std::vector<std::string>& current) const {
  std::vector<std::string> out;
  for (const std::string& c : current)
    if (impl_->find_id(c) == kNone && std::find(out.begin(), out.end(), c) == out.end())
      out.push_back(c);
  return out;
}

std::string ghost_message(const std::vector<std::string>& ghosts) {
  std::vector<std::string> quoted;
  for (const std::string& g : ghosts) quoted.push_back("'" + g + "'");
  bool one = ghosts.size() == 1;
  return std::string("The database is at ") + (one ? "revision " : "revisions ") +
         join(quoted, ", ") + ", which no migration file defines (" +
         (one ? "a ghost revision; was a file deleted or renamed?). Restore the file"
              : "ghost revisions; were files deleted or renamed?). Restore the files") +
         ", or record the revision the schema actually matches with 'retort stamp --purge REV' "
         "(see "
         "'retort history')";
}

std::vector<std::pair<std::string, std::string>> RevisionGraph::overlapping_rows(
    const std::vector<std::string>& current) const {
  const Impl& g = *impl_;
  std::vector<int> rows;
  for (const std::string& c : current) {
    int r = g.find_id(c);
    if (r != kNone && std::find(rows.begin(), rows.end(), r) == rows.end()) rows.push_back(r);
  }
  std::vector<std::pair<std::string, std::string>> out;
  if (rows.size() < 2) return out;
  for (int upper : rows) {
    Marks below = g.ancestors({upper}, true);
    for (int lower : rows)
      if (lower != upper && below[static_cast<size_t>(lower)])
        out.emplace_back(g.id(lower), g.id(upper));
  }
  return out;
}

std::string overlap_message(const std::vector<std::pair<std::string, std::string>>& overlaps,
                            const std::vector<std::string>& current) {
  std::vector<std::string> parts;
  std::vector<std::string> lower;
  for (const auto& [low, high] : overlaps) {
    parts.push_back(low + " is an ancestor of " + high);
    lower.push_back(low);
  }
  std::vector<std::string> tips;
  for (const std::string& c : current)
    if (std::find(lower.begin(), lower.end(), c) == lower.end() &&
        std::find(tips.begin(), tips.end(), c) == tips.end())
      tips.push_back(c);
  return "The version table has overlapping rows (" + join(parts, "; ") +
         "): a database is at one revision per branch, so one of these rows is wrong (left "
         "behind or inserted by hand?). Record the revision the schema actually matches with "
         "'retort stamp --purge " +
         join(tips, " ") + "' if it is at the newer one (see 'retort history')";
}

namespace {

// Rows no plan can start from: ghosts (no file defines them), then overlapping rows.
void reject_ghosts(const RevisionGraph& graph, const std::vector<std::string>& current) {
  std::vector<std::string> g = graph.ghosts(current);
  if (!g.empty()) throw Error(ErrorKind::revision, ghost_message(g));
  auto overlaps = graph.overlapping_rows(current);
  if (!overlaps.empty()) throw Error(ErrorKind::revision, overlap_message(overlaps, current));
}

std::vector<std::string> unique_rows(const std::vector<std::string>& current) {
  std::vector<std::string> out;
  for (const std::string& c : current)
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  return out;
}

}  // namespace

std::vector<std::string> RevisionGraph::resolve(std::string_view target,
                                                const std::vector<std::string>& current) const {
  const Impl& g = *impl_;
  return translate(
      [&]() -> std::vector<std::string> {
        std::optional<Relative> rel = parse_relative(target);
        if (rel && (rel->steps > 0 || rel->symbol)) {
          if (!rel->symbol) reject_ghosts(*this, current);
          return g.ids_of(g.parse_upgrade_target(RevSpec::of(current), RevSpec::of(target), true));
        }
        if (rel) {
          reject_ghosts(*this, current);
          int r = g.parse_downgrade_target(current, target, true).second;
          return r >= 0 ? std::vector<std::string>{g.id(r)} : std::vector<std::string>{};
        }
        return g.ids_of(g.get_revisions(target));
      },
      std::string(target), "Revision " + std::string(target) + " is not reachable");
}

std::vector<const Revision*> RevisionGraph::effective_current(
    const std::vector<std::string>& current) const {
  reject_ghosts(*this, current);
  const Impl& g = *impl_;
  return translate(
      [&] { return pointers(g, g.all_current(g.get_revisions(RevSpec::of(current)))); }, "", "");
}

std::vector<MigrationStep> RevisionGraph::plan_upgrade(
    std::string_view target, const std::vector<std::string>& current_in) const {
  reject_ghosts(*this, current_in);
  const Impl& g = *impl_;
  std::vector<std::string> current = unique_rows(current_in);
  return translate(
      [&] {
        auto [needs, targets] =
            g.collect_upgrade(RevSpec::of(target), RevSpec::of(current), false, true, true);
        std::vector<int> order = g.topological_sort(needs, targets);
        std::reverse(order.begin(), order.end());
        Impl::Rows rows;
        for (const std::string& c : current) rows.list.push_back(g.find_id(c));
        std::vector<MigrationStep> steps;
        for (int r : order) {
          MigrationStep step;
          step.direction = MigrationStep::Direction::upgrade;
          step.revision = &g.revs[static_cast<size_t>(r)];
          step.from_revisions = step.revision->down_revisions;
          step.to_revisions = {step.revision->id};
          step.is_upgrade = true;
          step.rows = g.apply_revision_step(rows, r, true);
          step.heads_after = g.ids_of(rows.list);
          steps.push_back(std::move(step));
        }
        return steps;
      },
      std::string(target),
      "Destination " + std::string(target) + " is not a valid upgrade target from current head(s)");
}

std::vector<MigrationStep> RevisionGraph::plan_downgrade(
    std::string_view target, const std::vector<std::string>& current_in) const {
  reject_ghosts(*this, current_in);
  const Impl& g = *impl_;
  std::vector<std::string> current = unique_rows(current_in);
  return translate(
      [&] {
        auto [drop, heads_now] = g.collect_downgrade(current, target, true);
        std::vector<int> order = g.topological_sort(drop, heads_now);
        Impl::Rows rows;
        for (const std::string& c : current) rows.list.push_back(g.find_id(c));
        std::vector<MigrationStep> steps;
        for (int r : order) {
          MigrationStep step;
          step.direction = MigrationStep::Direction::downgrade;
          step.revision = &g.revs[static_cast<size_t>(r)];
          step.from_revisions = {step.revision->id};
          step.to_revisions = step.revision->down_revisions;
          step.is_upgrade = false;
          step.rows = g.apply_revision_step(rows, r, false);
          step.heads_after = g.ids_of(rows.list);
          steps.push_back(std::move(step));
        }
        return steps;
      },
      std::string(target),
      "Destination " + std::string(target) +
          " is not a valid downgrade target from current head(s)");
}

std::vector<MigrationStep> RevisionGraph::plan_stamp(
    const std::vector<std::string>& targets_in, const std::vector<std::string>& current_in) const {
  reject_ghosts(*this, current_in);
  const Impl& g = *impl_;
  std::vector<std::string> current = unique_rows(current_in);
  std::vector<std::string> targets =
      targets_in.empty() ? std::vector<std::string>{"base"} : targets_in;
  auto heads_message = [](const MultipleHeadsError& e) {
    return "Multiple heads are present; please specify a single target revision (heads: " +
           join(e.heads(), ", ") + ")";
  };
  return translate(
      [&] {
        // ScriptDirectory._stamp_revs
        std::vector<int> heads_revs = g.get_revisions(RevSpec::of(current));
        std::vector<int> filtered;
        for (const std::string& t : targets) {
          if (t.empty()) continue;
          for (int h : g.filter_for_lineage(heads_revs, t, true)) dedupe_append(filtered, h);
        }
        std::vector<int> dests = g.get_revisions(RevSpec::of(targets));
        // Two targets on one line of descent would be two rows for one branch.
        if (auto overlaps = overlapping_rows(g.ids_of(dests)); !overlaps.empty()) {
          std::vector<std::string> lower;
          for (const auto& o : overlaps) lower.push_back(o.first);
          std::vector<std::string> keep;
          for (int d : dests)
            if (std::find(lower.begin(), lower.end(), g.id(d)) == lower.end() &&
                std::find(keep.begin(), keep.end(), g.id(d)) == keep.end())
              keep.push_back(g.id(d));
          throw Error(ErrorKind::revision,
                      "Cannot stamp " + join(targets, " ") + ": " + overlaps[0].first +
                          " is an ancestor of " + overlaps[0].second +
                          ", and the version table holds one revision per branch (stamp " +
                          join(keep, " ") + " instead)");
        }
        if (dests.empty()) dests.push_back(kNone);

        struct Stamp {
          std::vector<int> from;
          int to;  // kNone: base
          bool is_upgrade;
          bool branch_move;
        };
        std::vector<Stamp> stamps;
        for (int dest : dests) {
          if (dest == kNone) {
            for (int h : filtered) stamps.push_back({{h}, kNone, false, true});
            continue;
          }
          if (std::find(filtered.begin(), filtered.end(), dest) != filtered.end()) continue;
          Marks down = g.descendants({dest}, true);
          Marks up = g.ancestors({dest}, true);
          bool below = std::any_of(filtered.begin(), filtered.end(),
                                   [&](int h) { return down[static_cast<size_t>(h)] != 0; });
          bool above = std::any_of(filtered.begin(), filtered.end(),
                                   [&](int h) { return up[static_cast<size_t>(h)] != 0; });
          if (below)
            stamps.push_back({filtered, dest, false, false});
          else if (above)
            stamps.push_back({filtered, dest, true, false});
          else
            stamps.push_back({{}, dest, true, true});
        }

        // HeadMaintainer.update_to_step for each StampStep
        Impl::Rows rows;
        for (const std::string& c : current) rows.list.push_back(g.find_id(c));
        std::vector<MigrationStep> steps;
        for (const Stamp& s : stamps) {
          MigrationStep step;
          step.direction = MigrationStep::Direction::stamp;
          step.is_upgrade = s.is_upgrade;
          step.from_revisions = g.ids_of(s.from);
          if (s.to != kNone) step.to_revisions = {g.id(s.to)};
          step.revision = &g.revs[static_cast<size_t>(s.to != kNone ? s.to : s.from.at(0))];
          VersionRowChange& change = step.rows;
          bool to_missing = s.to != kNone && !rows.has(s.to);
          bool from_missing =
              std::any_of(s.from.begin(), s.from.end(), [&](int f) { return !rows.has(f); });
          if (!s.is_upgrade && s.branch_move) {
            // should_delete_branch
            g.row_delete(rows, s.from.at(0), change);
          } else if (s.is_upgrade && (s.branch_move || from_missing) && to_missing) {
            // should_create_branch
            g.row_insert(rows, s.to, change);
          } else if (s.from.size() > 1) {
            // should_merge_branches
            for (size_t i = 0; i + 1 < s.from.size(); ++i) g.row_delete(rows, s.from[i], change);
            g.row_update(rows, s.from.back(), s.to, change);
          } else {
            if (s.from.size() != 1 || s.to == kNone)
              throw RowsError("can't stamp " + (s.to == kNone ? std::string("base") : g.id(s.to)));
            g.row_update(rows, s.from[0], s.to, change);
          }
          step.heads_after = g.ids_of(rows.list);
          steps.push_back(std::move(step));
        }
        // The stamp rules keep one row per branch; never write a state every command rejects.
        if (auto overlaps = overlapping_rows(g.ids_of(rows.list)); !overlaps.empty())
          throw RowsError("stamping would leave overlapping rows (" + overlaps[0].first +
                          " is an ancestor of " + overlaps[0].second + ")");
        return steps;
      },
      "", "", heads_message);
}

std::vector<const Revision*> RevisionGraph::history(std::string_view start, std::string_view end,
                                                    const std::vector<std::string>& current) const {
  const Impl& g = *impl_;
  std::string base = start.empty() ? "base" : std::string(start);
  std::string head = end.empty() ? "heads" : std::string(end);
  if (base == "current" || head == "current") reject_ghosts(*this, current);
  RevSpec lower = base == "current" ? RevSpec::of(unique_rows(current)) : RevSpec::of(base);
  RevSpec upper = head == "current" ? RevSpec::of(unique_rows(current)) : RevSpec::of(head);
  return translate(
      [&] {
        try {
          auto [needs, targets] = g.collect_upgrade(upper, lower, true, false, false);
          return pointers(g, g.topological_sort(needs, targets));
        } catch (const AmbiguousWalkError&) {
          // `-N:` across a merge or a fork: Alembic gives up; retort counts listed revisions
          // instead (the newest N+1 of the listing, what -N: shows on a straight line).
          std::optional<Relative> rel = parse_relative(base);
          if (!rel || rel->steps >= 0 || rel->symbol || rel->label) throw;
          auto [needs, targets] = g.collect_upgrade(upper, RevSpec::of("base"), true, false, false);
          std::vector<int> listed = g.topological_sort(needs, targets);
          size_t keep = static_cast<size_t>(-rel->steps) + 1;
          if (listed.size() > keep) listed.resize(keep);
          return pointers(g, listed);
        }
      },
      head,
      "Requested range " + base + ":" + head +
          " does not refer to ancestor/descendant revisions along the same branch");
}

RevisionGraph::NewRevisionParents RevisionGraph::new_revision_parents(
    const std::vector<std::string>& heads_in, bool splice,
    const std::vector<std::string>& depends_on) const {
  const Impl& g = *impl_;
  std::vector<std::string> heads_spec =
      heads_in.empty() ? std::vector<std::string>{"head"} : heads_in;
  auto heads_message = [](const MultipleHeadsError&) {
    return std::string(
        "Multiple heads are present; please specify the head revision on which the new revision "
        "should be based, or perform a merge.");
  };
  return translate(
      [&] {
        NewRevisionParents out;
        std::vector<int> parents = g.get_revisions(RevSpec::of(heads_spec));
        for (size_t i = 0; i < parents.size(); ++i)
          for (size_t j = i + 1; j < parents.size(); ++j)
            if (parents[i] == parents[j]) throw GraphError("Duplicate head revisions specified");
        if (!splice)
          for (int p : parents)
            if (!g.node(p).children.empty())
              throw GraphError("Revision " + g.id(p) +
                               " is not a head revision; please specify --splice to create a new "
                               "branch from this revision");
        out.down_revisions = g.ids_of(parents);
        for (const std::string& dep : depends_on) {
          int rev = g.get_revision(dep);
          if (rev < 0) throw GraphError("Can't locate revision identified by '" + dep + "'");
          out.depends_on.push_back(g.has_label(rev, dep) ? dep : g.id(rev));
        }
        return out;
      },
      "", "", heads_message);
}

void RevisionGraph::check_new_revision(std::string_view id,
                                       const std::vector<std::string>& branch_labels) const {
  const Impl& g = *impl_;
  if (std::string problem = revision_id_problem(id); !problem.empty())
    throw Error(ErrorKind::usage, "revision id '" + std::string(id) + "' " + problem);
  int same = g.find_id(id);
  if (same != kNone)
    throw Error(ErrorKind::usage, "Revision " + std::string(id) + " is already defined in " +
                                      describe_place(g.revs[static_cast<size_t>(same)]));
  for (size_t i = 0; i < branch_labels.size(); ++i) {
    const std::string& label = branch_labels[i];
    if (!is_valid_branch_label(label))
      throw Error(ErrorKind::usage, "branch label '" + label +
                                        "' is not valid: use letters, digits, '_' and '-', and not "
                                        "head, heads, base or current");
    if (label == id || g.find_id(label) != kNone)
      throw Error(ErrorKind::usage, "Branch name '" + label + "' is the id of a revision");
    auto it = g.by_label.find(label);
    if (it != g.by_label.end())
      throw Error(ErrorKind::usage,
                  "Branch name '" + label + "' already used by revision " + g.id(it->second) +
                      " (" + describe_place(g.revs[static_cast<size_t>(it->second)]) + ")");
    if (std::find(branch_labels.begin(), branch_labels.begin() + static_cast<std::ptrdiff_t>(i),
                  label) != branch_labels.begin() + static_cast<std::ptrdiff_t>(i))
      throw Error(ErrorKind::usage, "branch label '" + label + "' is given twice");
  }
}

}  // namespace retort
