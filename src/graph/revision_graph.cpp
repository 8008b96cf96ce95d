// The public queries, plans and history of a revision graph (graph_impl.hpp says where the rest
// lives).
#include "graph/revision_graph.hpp"

#include <algorithm>
#include <functional>
#include <optional>

#include "base/error.hpp"
#include "base/strings.hpp"
#include "graph/graph_impl.hpp"
#include "graph/revision_ids.hpp"

namespace retort {

// ---- queries ----------------------------------------------------------------------------------

namespace {

std::vector<const Revision*> pointers(const RevisionGraph::Impl& g, std::span<const int> v) {
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
