// The identifier grammar of revision targets and its resolution against the graph: ids, unique
// prefixes, branch labels, head/heads/base, LABEL@, relative steps (graph_impl.hpp).
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "base/suggest.hpp"
#include "graph/graph_impl.hpp"
#include "ops/revision_id.hpp"

namespace retort {

namespace {

std::string quoted_list(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += "'" + items[i] + "'";
  }
  return out;
}

bool is_word(std::string_view s) {
  return std::all_of(s.begin(), s.end(), is_revision_id_char);
}

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Python's int() on a revision identifier: an optionally signed run of digits.
std::optional<long long> as_int(std::string_view s) {
  std::string_view digits = s;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) digits.remove_prefix(1);
  if (!is_digits(digits) || digits.size() > 9) return std::nullopt;
  long long v = std::stoll(std::string(digits));
  return s[0] == '-' ? -v : v;
}

}  // namespace

namespace graph_detail {

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

}  // namespace graph_detail

RevisionGraph::Impl::Number RevisionGraph::Impl::resolve_number(
    std::optional<std::string_view> text) const {
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
    out.ids = out.label ? ids_of(filter_for_lineage(heads, *out.label, false)) : ids_of(real_heads);
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

int RevisionGraph::Impl::current_head(const std::optional<std::string>& label) const {
  std::vector<int> current = heads;
  if (label && !label->empty()) current = filter_for_lineage(heads, *label, false);
  if (current.size() > 1)
    throw MultipleHeadsError(ids_of(current), label && !label->empty() ? *label + "@head" : "head");
  return current.empty() ? kNone : current[0];
}

std::vector<std::pair<std::string, int>> RevisionGraph::Impl::prefix_matches(
    std::string_view prefix) const {
  std::vector<std::pair<std::string, int>> out;
  const auto& sorted = keys();
  auto it = std::lower_bound(sorted.begin(), sorted.end(), prefix,
                             [](const auto& k, std::string_view p) { return k.first < p; });
  for (; it != sorted.end() && it->first.substr(0, prefix.size()) == prefix; ++it) {
    if (it->first.size() <= 3) continue;
    bool dup =
        std::any_of(out.begin(), out.end(), [&](const auto& o) { return o.second == it->second; });
    if (!dup) out.emplace_back(std::string(it->first), it->second);
  }
  return out;
}

std::string RevisionGraph::Impl::cannot_locate(std::string_view what) const {
  std::string msg = "Can't locate revision identified by '" + std::string(what) + "'";
  std::vector<std::pair<size_t, std::string>> near;
  size_t limit = std::max<size_t>(1, what.size() / 3);
  for (const auto& [key, index] : keys()) {
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

int RevisionGraph::Impl::revision_for_ident(std::string_view resolved,
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

int RevisionGraph::Impl::resolve_branch(std::string_view label) const {
  int rev = find_key(label);
  if (rev != kNone) return rev;
  try {
    return revision_for_ident(label, std::nullopt);
  } catch (const ResolutionError&) {
    throw ResolutionError("No such branch: '" + std::string(label) + "'");
  }
}

bool RevisionGraph::Impl::shares_lineage(int target, const std::vector<int>& tests,
                                         bool deps) const {
  if (tests.empty()) return true;
  Marks up = ancestors({target}, deps);
  Marks down = descendants({target}, deps);
  return std::any_of(tests.begin(), tests.end(), [&](int t) {
    return t >= 0 && (up[static_cast<size_t>(t)] || down[static_cast<size_t>(t)]);
  });
}

std::vector<int> RevisionGraph::Impl::filter_for_lineage(const std::vector<int>& targets,
                                                         std::string_view check_against,
                                                         bool deps) const {
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

std::vector<int> RevisionGraph::Impl::get_revisions(std::string_view text,
                                                    bool allow_overwalk) const {
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

std::vector<int> RevisionGraph::Impl::get_revisions(const RevSpec& spec,
                                                    bool allow_overwalk) const {
  if (!spec.is_list) return get_revisions(spec.text, allow_overwalk);
  std::vector<int> out;
  for (const std::string& s : spec.ids) {
    std::vector<int> part = get_revisions(s, allow_overwalk);
    out.insert(out.end(), part.begin(), part.end());
  }
  return out;
}

int RevisionGraph::Impl::get_revision(std::string_view text) const {
  Number number = resolve_number(text);
  if (number.ids.size() > 1) throw MultipleHeadsError(number.ids, std::string(text));
  return revision_for_ident(number.ids.empty() ? std::string_view() : number.ids[0], number.label);
}

WalkResult RevisionGraph::Impl::walk(int start, long long steps,
                                     const std::optional<std::string>& label,
                                     bool no_overwalk) const {
  int initial = start;
  long long count = steps < 0 ? -steps : steps;
  for (long long i = 0; i < count; ++i) {
    std::vector<int> next;
    if (steps > 0) {
      std::vector<int> walk_up = initial < 0 ? bases : as_vector(node(initial).children);
      next = label ? filter_for_lineage(walk_up, *label, false) : walk_up;
    } else if (initial != kBaseMark) {
      next = initial == kNone ? heads : as_vector(node(initial).parents);
      if (next.empty()) next.push_back(kBaseMark);
    }
    if (next.empty()) return no_overwalk ? WalkResult{true, kNone} : WalkResult{false, initial};
    if (next.size() > 1) throw ambiguous_walk(start, steps, label, initial, next);
    initial = next[0];
  }
  return WalkResult{false, initial};
}

AmbiguousWalkError RevisionGraph::Impl::ambiguous_walk(int start, long long steps,
                                                       const std::optional<std::string>& label,
                                                       int fork,
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
        std::vector<int> walk_up = at < 0 ? bases : as_vector(node(at).children);
        more = label ? filter_for_lineage(walk_up, *label, false) : walk_up;
      } else if (at != kBaseMark) {
        more = at == kNone ? heads : as_vector(node(at).parents);
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

std::vector<int> RevisionGraph::Impl::parse_upgrade_target(const RevSpec& current,
                                                           const RevSpec& target,
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
    WalkResult w = walk(get_revision(*rel->symbol), rel->steps, rel->label, assert_relative_length);
    return result(w, target.text);
  }
  if (!rel->symbol)
    throw GraphError("Relative revision " + rel->text + " didn't produce " +
                     std::to_string(-rel->steps) + " migrations");
  int start =
      rel->label ? get_revision(*rel->label + "@" + *rel->symbol) : get_revision(*rel->symbol);
  return result(walk(start, rel->steps, std::nullopt, assert_relative_length), target.text);
}

std::pair<std::optional<std::string>, int> RevisionGraph::Impl::parse_downgrade_target(
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
                       (relative_revision ? rel->text : std::string(target)) + " didn't produce " +
                       std::to_string(-rel->steps) + " migrations");
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

}  // namespace retort
