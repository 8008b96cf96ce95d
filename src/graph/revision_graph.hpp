// The revision graph (Alembic's semantics): the loaded revisions, their parents (down_revision),
// dependencies (depends_on) and branch labels, identifier resolution, and migration plans, with
// Alembic's semantics (alembic/script/revision.py RevisionMap, alembic/runtime/migration.py
// HeadMaintainer, RevisionStep and StampStep, alembic/script/base.py).
//
// Order: wherever Alembic relies on the order revisions were loaded in, retort uses the order of
// the vector given to build() (the loader sorts files by name). Wherever Alembic iterates a Python
// set, retort uses that same load order, so every answer here is deterministic.
//
// Errors: build() throws Error(input); everything else throws Error(revision) for unknown,
// ambiguous or unusable identifiers and impossible plans.
//
// Thread safety: a built graph never changes; its const members may be called from several
// threads at once. Copies are cheap and share the same data.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graph/migration_step.hpp"
#include "ops/revision.hpp"

namespace retort {

class RevisionGraph {
 public:
  // An empty graph (no revisions): every target resolves to base.
  RevisionGraph();

  // Takes ownership of the revisions and validates them: ids match [A-Za-z0-9_]+ and have at most
  // 32 characters; no id is defined twice (names both files); every down_revision names a revision
  // and every depends_on names a revision or branch label (names the file, suggests the nearest
  // id); no cycle through down_revision and depends_on, including a revision that names itself
  // (names the revisions and files on the cycle); branch labels match [A-Za-z0-9_-]+, are not
  // 'head', 'heads', 'base' or 'current', are not used twice (names both files) and are not the id
  // of a revision. Throws Error(input). Runs in O(n log n) for the usual graphs; nothing recurses.
  static RevisionGraph build(std::vector<Revision> revisions);

  // The revision with exactly this id, or nullptr. Pointers stay valid for the life of this graph
  // and of its copies (copies share the same immutable data).
  const Revision* find(std::string_view exact_id) const;
  // Every revision, in the order given to build().
  const std::vector<Revision>& revisions() const;
  size_t size() const { return revisions().size(); }
  bool empty() const { return revisions().empty(); }

  // Revisions no down_revision names (Alembic's `heads`), in load order.
  std::vector<const Revision*> heads() const;
  // Heads that no depends_on names either (Alembic's "real" heads: what the target `heads` means).
  std::vector<const Revision*> real_heads() const;
  // Revisions with no down_revision (roots), in load order.
  std::vector<const Revision*> bases() const;
  // The revisions whose down_revision names `id` (not those that only depend on it), load order.
  std::vector<const Revision*> children(std::string_view id) const;
  // The revisions whose depends_on names `id` (directly or through a label) without it being
  // their down_revision, load order.
  std::vector<const Revision*> dependents(std::string_view id) const;
  // Per-revision facts as Alembic reports them; false for an unknown id.
  bool is_head(std::string_view id) const;          // no children
  bool is_real_head(std::string_view id) const;     // no children and no dependents
  bool is_base(std::string_view id) const;          // no down_revision
  bool is_branch_point(std::string_view id) const;  // two or more children
  bool is_merge(std::string_view id) const;         // two or more down_revisions
  // Every branch label that applies to the revision: its own, and those inherited along its branch
  // as Alembic does (labels spread to all descendants, and down the unbranched line below the
  // labelled revision). Sorted; empty for an unknown id.
  std::vector<std::string> labels(std::string_view id) const;
  // The revision's depends_on resolved to revision ids (a label becomes the id it labels).
  std::vector<std::string> resolved_depends_on(std::string_view id) const;

  // The revision ids a target denotes (empty = base). Accepts every identifier of docs/commands.md:
  // a full id; a unique prefix of at least 4 characters; head; heads; base; a branch label;
  // LABEL@head, LABEL@heads, LABEL@base, LABEL@REV; relative +N/-N (from `current`, the
  // version-table rows), REV+N, REV-N, LABEL@+N, LABEL@-N, LABEL@REV+N. Throws Error(revision):
  // "Can't locate revision identified by 'x'" (with the nearest ids), an ambiguous prefix listing
  // the candidates, several heads for `head` (listing them), a label mismatch, or a relative step
  // that walks off the graph.
  std::vector<std::string> resolve(std::string_view target,
                                   const std::vector<std::string>& current = {}) const;

  // The entries of `current` (version-table rows) that no revision file defines, in their order.
  std::vector<std::string> ghosts(const std::vector<std::string>& current) const;

  // The pairs (lower, upper) of `current` rows where `lower` is an ancestor of `upper` through
  // down_revision or depends_on: "overlapping" rows, which no command writes (a database is at
  // one revision per branch) but a hand-edited version table may hold. Ghost rows are skipped.
  // Every planning call below, and `resolve` of a relative target, rejects such rows with
  // overlap_message() (after ghosts).
  std::vector<std::pair<std::string, std::string>> overlapping_rows(
      const std::vector<std::string>& current) const;

  // What Alembic's `current` command shows for these rows: the rows plus what they imply through
  // depends_on, reduced to the tips of each branch. Throws Error(revision) on a ghost row.
  std::vector<const Revision*> effective_current(const std::vector<std::string>& current) const;

  // The steps that upgrade from `current` (version-table rows; empty = base) to `target`: every
  // ancestor of the target (through down_revision and depends_on) not yet applied, in Alembic's
  // order, each with the version-table change Alembic's HeadMaintainer makes. Empty when there is
  // nothing to do. Throws Error(revision) for a bad target or ghost rows (see ghost_message).
  std::vector<MigrationStep> plan_upgrade(std::string_view target,
                                          const std::vector<std::string>& current) const;
  // The steps that downgrade from `current` to `target`: every applied descendant of the target,
  // newest first; undoing a merge restores its parents' rows. Throws Error(revision) for a bad
  // target, a target that is not below the current revisions, or ghost rows.
  std::vector<MigrationStep> plan_downgrade(std::string_view target,
                                            const std::vector<std::string>& current) const;
  // The version-table changes that move `current` to `targets` without running migrations
  // (Alembic's stamp: each target moves the branches it shares lineage with, up or down, or starts
  // a new branch; `base` removes them). For --purge the caller passes an empty `current`. An empty
  // `targets` means base. Throws Error(revision).
  std::vector<MigrationStep> plan_stamp(const std::vector<std::string>& targets,
                                        const std::vector<std::string>& current) const;

  // Revisions newest first in Alembic's walk order (`alembic history`), limited to the range
  // START:END (either may be empty: base / heads). START or END may be "current", meaning the
  // `current` rows. Relative forms follow `alembic history -r`. Throws Error(revision), e.g.
  // "Requested range a:b does not refer to ancestor/descendant revisions along the same branch".
  std::vector<const Revision*> history(std::string_view start = "", std::string_view end = "",
                                       const std::vector<std::string>& current = {}) const;

  // The parents of a new revision (Alembic's `revision` and `merge`).
  struct NewRevisionParents {
    std::vector<std::string> down_revisions;  // empty = a new root
    std::vector<std::string> depends_on;      // full ids, or labels kept as written
  };
  // `heads`: what --head names (empty = "head"), or the revisions a merge joins (e.g. {"heads"}).
  // Without `splice` every named revision must be a head. `depends_on` entries resolve to full
  // ids, except branch labels, which stay labels. Throws Error(revision) with Alembic's texts:
  // "Multiple heads are present; please specify the head revision on which the new revision should
  // be based, or perform a merge.", "Revision X is not a head revision; please specify --splice to
  // create a new branch from this revision", "Duplicate head revisions specified".
  NewRevisionParents new_revision_parents(const std::vector<std::string>& heads, bool splice,
                                          const std::vector<std::string>& depends_on) const;
  // Checks that a new revision may use this id and these branch labels: a valid id not yet used,
  // labels valid, unused and not equal to an id. Throws Error(usage).
  void check_new_revision(std::string_view id, const std::vector<std::string>& branch_labels) const;

  struct Impl;  // the implementation's data (revision_graph.cpp)

 private:
  explicit RevisionGraph(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> impl_;
};

// The text every command shows when the version table names revisions no file defines: which
// rows, and the stamp that recovers ("retort stamp --purge REV").
std::string ghost_message(const std::vector<std::string>& ghosts);

// The text every command shows for overlapping version rows (RevisionGraph::overlapping_rows):
// which rows, and the stamp that recovers ("retort stamp --purge" with the rows no other row is
// above).
std::string overlap_message(const std::vector<std::pair<std::string, std::string>>& overlaps,
                            const std::vector<std::string>& current);

}  // namespace retort
