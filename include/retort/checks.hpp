// <retort/checks.hpp> — what retort's checking commands compute, for a program that embeds the
// library to compute the same (docs/embedding.md, "Checking a database"): where a database
// stands against the project's revisions (`current`, `check`, autogenerate), whether the applied
// revisions still match their files (`verify`), whether every revision's downgrade undoes its
// upgrade (`test`), and the revision autogenerate would write. Plain data; the functions that
// fill it are Project's (<retort/project.hpp>).
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

namespace retort {

// A database's version-table rows against the project's revisions (Project::status()).
struct DatabaseStatus {
  std::vector<std::string> rows;     // the version-table rows as read (empty: at base)
  std::vector<std::string> ghosts;   // rows that no revision file defines, in `rows` order
  std::vector<std::string> applied;  // `rows` without the ghosts, in `rows` order
  std::vector<std::string> heads;    // the project's head revisions, sorted
  // With ghosts: what `retort current` says about them, with the `stamp` that recovers
  // (docs/commands.md, "current"); "" without.
  std::string ghost_message;

  // True when the database is at every head and nowhere else (what autogenerate needs, and what
  // `check` expects).
  bool at_heads() const {
    std::vector<std::string> sorted = rows;
    std::sort(sorted.begin(), sorted.end());
    return sorted == heads;
  }
};

// One finding of Project::verify() (docs/commands.md, "verify").
struct VerifyFinding {
  std::string code;      // "V001" (modified after it was applied), "V003" (a ghost)
  std::string message;   // one line, as `retort verify` prints it
  std::string revision;  // the revision id
  std::string file;      // its file ("" for a ghost)
  int line = 0;          // the line of its `revision:` key (0 for a ghost)
};

// The applied revisions' recorded checksums against their files today (`retort verify`).
struct VerifyReport {
  std::vector<VerifyFinding> findings;
  int checked = 0;     // applied revisions with a recorded checksum
  int modified = 0;    // of those, the ones whose file changed since (V001)
  int unrecorded = 0;  // applied revisions without a recorded checksum (another tool, stamp)
  DatabaseStatus status;

  // True when there is no finding.
  bool ok() const { return findings.empty(); }
};

// How Project::test_round_trips() goes on after a revision that does not round-trip.
struct RoundTripOptions {
  // false: stop at the first revision that does not round-trip (without test_allow); true:
  // report every one (and go on from a fresh scratch database).
  bool keep_going = false;
};

// The outcome for one revision of Project::test_round_trips().
struct RoundTripResult {
  enum class Outcome {
    ok,       // downgrade restored the schema before it, upgrade again gave the same schema
    skipped,  // its downgrade is irreversible: not undone
    allowed,  // it does not round-trip, and its test_allow.round_trip says why that is reviewed
    failed,   // it does not round-trip
  };
  Outcome outcome = Outcome::ok;
  std::string revision;  // id
  std::string message;   // the revision's message
  std::string path;      // its file
  // The revision's test_allow.round_trip reason ("" when it has none; with `ok`, the allowance is
  // no longer needed).
  std::string allowed_reason;
  // allowed / failed: what went wrong, then the difference (or the error), one line each,
  // indented by four spaces: "downgrade does not restore the schema before it (…):\n    …".
  std::string detail;
};

// Hears Project::test_round_trips() as it goes. Default implementations do nothing.
class RoundTripObserver {
 public:
  virtual ~RoundTripObserver() = default;
  // The test starts: `revisions` to check, on the scratch database `scratch` (its URL, redacted).
  virtual void started(size_t /*revisions*/, const std::string& /*scratch*/) {}
  // One revision was checked.
  virtual void finished(const RoundTripResult&) {}
};

// What Project::test_round_trips() found.
struct RoundTripReport {
  std::vector<RoundTripResult> results;  // one per revision checked, oldest first
  int checked = 0;                       // outcome ok
  int skipped = 0;                       // outcome skipped
  std::vector<std::string> allowed;      // ids with outcome allowed
  std::vector<std::string> failed;       // ids with outcome failed
  // True when the test stopped at the first failure (RoundTripOptions::keep_going false).
  bool stopped = false;

  // True when no revision failed.
  bool ok() const { return failed.empty(); }
};

// The revision autogenerate would write (Project::autogenerate(); docs/autogenerate.md).
struct AutogenerateResult {
  bool empty = true;               // the database already matches the model
  std::string upgrade_yaml;        // the ops that turn the database into the model (a YAML list)
  std::string downgrade_yaml;      // their inverse
  std::vector<std::string> notes;  // what a reviewer must look at
  std::vector<std::string> differences;  // one line per difference found
};

}  // namespace retort
