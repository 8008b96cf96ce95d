// The header cache (docs/configuration.md, "The header cache"): what the graph commands need of
// each migration file — its header-depth Revision (ids, parents, labels, message, transactional,
// checksum and the places of them all) — kept between runs in one file and keyed by each file's
// path, size, inode, mtime and ctime (nanoseconds), as ninja's .ninja_log and git's index are.
// A run whose files have not changed stats them and reads the cache instead of reading and
// parsing every file.
//
// Correctness comes first:
// - A file whose size, inode, mtime or ctime differs from its entry is read and parsed again (an
//   edit that restores the mtime still changes the ctime, which no program can set).
// - "Racily clean" files (git's term): a file changed twice within one timestamp tick keeps its
//   key. So an entry is written only for a file whose mtime and ctime are more than
//   kHeaderCacheRacyMargin older than the moment it was stat'ed; a younger file is read on every
//   run until it has aged.
// - The cache is optional and heals itself: a missing, unreadable, truncated or corrupt file (a
//   checksum covers its content), or one of another format, retort version or dialect, is ignored
//   and written anew; a cache that cannot be written (read-only directory, no space) is skipped
//   silently. Writers never leave a partial file: each writes a temporary file of its own in the
//   same directory and renames it over the cache, so concurrent runs are safe (the last rename
//   wins, and each cache it leaves is whole).
// - Only header-depth revisions come from it (Revision::ops_loaded false). Full loads, and
//   `verify`, which promises to hash the files, read the files themselves.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/dialect_name.hpp"
#include "ops/revision.hpp"

namespace retort {

// How much older than "now" a file's mtime and ctime must be for its entry to be trusted later.
inline constexpr std::chrono::seconds kHeaderCacheRacyMargin{2};

struct HeaderCacheOptions {
  std::string path;  // the cache file; "" = no cache (every file read, as load_revisions does)
  // The time a file's age is judged against (nullopt: the system clock when the file is
  // stat'ed). Tests pass a later time to have fresh files trusted.
  std::optional<std::chrono::system_clock::time_point> now;
};

// What one load did (for tests and `-v`).
struct HeaderCacheStats {
  size_t files = 0;      // revision files found
  size_t hits = 0;       // taken from the cache
  size_t parsed = 0;     // read and parsed
  bool loaded = false;   // a valid cache was read
  bool listed = true;    // the directories were listed (not: none changed since the cache)
  bool written = false;  // the cache was (re)written
  // The cache file this load leaves holds exactly one entry per file, for its content now (every
  // file taken from it, or every file trusted and the cache written): what write_cached_heads
  // needs. `hash` identifies that cache file (its trailer's content hash).
  bool exact = false;
  uint64_t hash = 0;
};

// load_revisions(directories, LoadDepth::header, dialect), through the cache at `cache.path`:
// the same revisions in the same order, and the same errors (a bad file is never cached, so the
// first bad file is read and reported as without the cache). Revisions from the cache have
// ops_loaded false, empty op lists and no long_identifiers (an op matter), and their places
// (where, down_where, labels_where, depends_where) have a line and column but an empty file: it
// is the revision's `path` (the graph's errors complete it).
std::vector<Revision> load_revision_headers(const std::vector<std::string>& directories,
                                            std::optional<Dialect> dialect,
                                            const HeaderCacheOptions& cache,
                                            HeaderCacheStats* stats = nullptr);

// What the graph the cache's revisions make says of its heads, kept beside the cache
// (`<path>.heads`) so that a no-op `upgrade head`, `heads` and `current` need not build the
// graph (docs/configuration.md, "The header cache").
struct CachedHead {
  std::string id;
  std::vector<std::string> down_revisions;
  std::vector<std::string> depends_on;
  std::vector<std::string> labels;  // own and inherited (RevisionGraph::labels)
  std::string message;
  bool operator==(const CachedHead&) const = default;
};
struct CachedHeads {
  std::vector<std::string>
      targets;                    // RevisionGraph::resolve("heads"): what `upgrade heads` reaches
  std::vector<CachedHead> heads;  // RevisionGraph::heads(), in their order
  bool operator==(const CachedHeads&) const = default;
};

// The record of the heads, valid only for the cache file it was written with (its hash), and
// only while that cache is exact for the files: the same files, each unchanged (its key, and
// old enough to be trusted) — what load_revision_headers would take wholly from the cache.
// Stats every file, reads no migration file, builds no Revision. nullopt when anything differs
// or is missing, unreadable or corrupt (then load and build as usual); never throws for a cache
// problem (a missing migrations directory throws as load_revision_headers does).
std::optional<CachedHeads> cached_heads(const std::vector<std::string>& directories,
                                        std::optional<Dialect> dialect,
                                        const HeaderCacheOptions& cache);

// What `history` prints of each revision without options (docs/configuration.md, "The header
// cache"): RevisionGraph::history("", "", {}) in its order, each revision's fields as a
// CachedHead records them (labels own and inherited, which the command line keeps joined as
// one text: what history prints of them) and where it stands in the graph. Kept
// beside the cache (`<path>.history`) for the cache file it was made from, as the heads are.
struct CachedHistoryEntry {
  CachedHead revision;
  bool is_head = false;
  bool is_branch_point = false;
  bool is_merge = false;
  bool operator==(const CachedHistoryEntry&) const = default;
};
using CachedHistory = std::vector<CachedHistoryEntry>;

// The record of the history, under the same conditions as cached_heads.
std::optional<CachedHistory> cached_history(const std::vector<std::string>& directories,
                                            std::optional<Dialect> dialect,
                                            const HeaderCacheOptions& cache);
// The same, each entry given to `visit` in order rather than kept: one entry object whose
// strings are reused (a history of 2,000 revisions is hundreds of kilobytes of text). False,
// visiting nothing, when there is no valid record for exactly these files.
bool visit_cached_history(const std::vector<std::string>& directories,
                          std::optional<Dialect> dialect, const HeaderCacheOptions& cache,
                          const std::function<void(const CachedHistoryEntry&)>& visit);

// Records the history `make` returns — made from the graph of the revisions a
// load_revision_headers with `stats` returned — when that load left an exact cache and no
// record for that cache is there yet (`make` is called only then). Failures are silent.
void write_cached_history(const HeaderCacheOptions& cache, const HeaderCacheStats& stats,
                          const std::function<CachedHistory()>& make);

// Records `heads` — made from the graph built from the revisions a load_revision_headers with
// `stats` returned — for the cache that load left, when it left an exact one (stats.exact);
// otherwise, or when the same heads are recorded already, does nothing. Written like the cache
// (temporary file and rename); failures are silent.
void write_cached_heads(const HeaderCacheOptions& cache, const HeaderCacheStats& stats,
                        const CachedHeads& heads);

}  // namespace retort
