// Loading migration files (docs/migration-files.md): YAML text → Revision with its ops as plain
// data.
//
// Every function here throws Error(input) for a bad file, made by input_error(): the file, line
// and column, what was expected, the source line with a caret, and a hint (the nearest valid
// word for a misspelt key, op, type, constraint type or dialect; the fix where one is known).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/dialect_name.hpp"
#include "ops/op.hpp"
#include "ops/revision.hpp"

namespace retort {

// How much of a migration file to read. `header` is for commands that only walk the graph
// (heads, history, show, …): the identity fields, message, created, transactional and the
// checksum are read and checked, the `upgrade` / `downgrade` lists must be present and be lists,
// but the ops in them are not parsed (Revision::ops_loaded is false, both lists empty). A
// file whose top level cannot be cut by lines is read in full whatever the depth.
enum class LoadDepth { full, header };

// Parses one migration file. `path` is used in messages and stored in Revision::path; `text`
// is the file's whole content. Sets every Revision field, including `checksum` (SHA-256 of
// `text` with CRLF folded to LF) and `where` (the `revision:` key).
//
// Rules beyond the YAML shape: `revision` is [A-Za-z0-9_]{1,32} taken exactly as written (a
// plain 001 stays "001"); `down_revision` is required (null for a root, an id, or a list of ids);
// `upgrade` and `downgrade` are required lists (`[]` allowed); `irreversible` only in
// `downgrade`; `concurrently: true` only when the revision says `transactional: false`;
// top-level keys other than those of docs/migration-files.md are errors unless they start with
// `x-`.
// Identifiers are checked as docs/migration-files.md ("Identifiers") says; `dialect` is the
// project's database when known: on PostgreSQL an identifier over 63 bytes is an error,
// otherwise it is noted in Revision::long_identifiers (lint rule R114).
Revision parse_revision(const std::string& path, std::string_view text,
                        LoadDepth depth = LoadDepth::full,
                        std::optional<Dialect> dialect = std::nullopt);

// Reads the file at `path` and parses it (parse_revision). Throws Error(input) also when the
// file cannot be read.
Revision load_revision_file(const std::string& path, LoadDepth depth = LoadDepth::full,
                            std::optional<Dialect> dialect = std::nullopt);

// Every `*.yaml` / `*.yml` regular file directly in each directory (not recursive; names
// starting with '.' are skipped), each directory's files sorted by name, directories in the
// order given. Throws Error(input) for a directory that does not exist, or for the first bad
// file (the message names it). Does not check the graph (duplicate ids, missing parents):
// that is the graph's job.
std::vector<Revision> load_revisions(const std::vector<std::string>& directories,
                                     LoadDepth depth = LoadDepth::full,
                                     std::optional<Dialect> dialect = std::nullopt);

// load_revisions() in two parts, for callers that look at the files between them (the header
// cache, ops/header_cache.hpp): the files it would load, in its order (the same errors for a
// missing or unreadable directory), and the loading of given files (a few threads; the first bad
// file in the given order is the error).
std::vector<std::string> revision_file_paths(const std::vector<std::string>& directories);
std::vector<Revision> load_revision_files(const std::vector<std::string>& paths,
                                          LoadDepth depth = LoadDepth::full,
                                          std::optional<Dialect> dialect = std::nullopt);

// A YAML document that is just a list of ops (as under `upgrade:`), e.g. the dialect golden
// test inputs. An empty document is an empty list. `irreversible` is allowed; there is no
// transaction rule for `concurrently`.
std::vector<Op> parse_op_list(const std::string& path, std::string_view text);

// Every op name, in the order of docs/migration-files.md's "Ops" (for hints and docs).
const std::vector<std::string_view>& op_names();

}  // namespace retort
