// `retort test` (docs/commands.md, "test"): on a scratch database, upgrade one revision at a time;
// after each, downgrade it and upgrade it again, comparing the schema with the one before and
// after (RoundTripReport, <retort/checks.hpp>). Written once here for the CLI and
// Project::test_round_trips().
#pragma once

#include <retort/checks.hpp>

#include "config/config.hpp"
#include "db/database_url.hpp"
#include "graph/revision_graph.hpp"

namespace retort {

// Tests every revision of `graph` (which must hold the ops: LoadDepth::full) on a scratch
// database (runner/scratch_database.hpp) of `scratch_on`'s dialect and server, with the
// configuration's tables. Each revision runs in its own transaction, whatever [migrations]
// transaction says. A revision whose downgrade is irreversible is skipped. A revision that does
// not round-trip (or whose downgrade or second upgrade fails) is `failed` — `allowed` with its
// test_allow.round_trip — and the test stops there unless options.keep_going or allowed; it then
// goes on from a fresh scratch database migrated through that revision. `observer` (may be null)
// hears each result as it is made. Throws Error for an upgrade that fails, an interrupt (at the
// next revision, the scratch database dropped on the way out), or a lost server.
RoundTripReport test_round_trips(const RevisionGraph& graph, const Config& config,
                                 const DatabaseUrl& scratch_on, const RoundTripOptions& options,
                                 RoundTripObserver* observer);

}  // namespace retort
