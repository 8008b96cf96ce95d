// One migration file, loaded (docs/migration-files.md): its identity in the graph and its ops.
#pragma once

#include <string>
#include <vector>

#include "base/error.hpp"
#include "ops/op.hpp"

namespace retort {

struct Revision {
  std::string id;
  std::vector<std::string> down_revisions;  // empty = a root; several = a merge
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;
  std::string message;
  std::string created;
  bool transactional = true;
  // `test_allow: {round_trip: REASON}` (docs/migration-files.md): the reviewed reason why this
  // revision's downgrade does not restore the schema before it; `retort test` then reports it as
  // allowed instead of failing. "" = the revision must round-trip.
  std::string round_trip_allowed;
  std::vector<Op> upgrade;
  std::vector<Op> downgrade;
  bool ops_loaded = true;  // false when loaded with LoadDepth::header: the op lists are empty
  std::string path;        // the file it was loaded from ("" for in-memory revisions)
  std::string checksum;    // SHA-256 hex of the file's bytes with CRLF folded to LF
  SourceLocation where;    // the `revision:` key
  // Where each entry of down_revisions / depends_on / branch_labels is written (same order;
  // empty for in-memory revisions), so that graph errors point at the entry itself.
  std::vector<SourceLocation> down_where;
  std::vector<SourceLocation> depends_where;
  std::vector<SourceLocation> labels_where;
  // Identifiers in the ops longer than PostgreSQL's 63 bytes (loaded for another dialect or
  // none; on PostgreSQL they are load errors): what lint rule R114 reports.
  std::vector<LongIdentifier> long_identifiers;
};

}  // namespace retort
