// What every command shares: the global options, the printer, and lazily loaded configuration,
// revision graph and database connection. Defaults are wired here (STYLE habit 5).
#pragma once

#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cli/json.hpp"
#include "config/config.hpp"
#include "db/connection.hpp"
#include "graph/revision_graph.hpp"
#include "ops/header_cache.hpp"
#include "ops/load_revision.hpp"

namespace retort::cli {

struct GlobalOptions {
  std::optional<std::string> config_path;  // -c/--config
  std::optional<std::string> url;          // --url (given empty: an error, not "unset")
  bool json = false;
  bool quiet = false;
  bool verbose = false;
  bool no_color = false;
};

// How a command uses the database.
enum class DbAccess {
  read_only,  // never creates a file or a table; a missing SQLite file reads as an empty database
  write,      // may create the file, the version and history tables
};

class Context {
 public:
  Context() = default;
  // Closes the database; an SQLite file this run created and never wrote to (the command
  // failed before its first write) is removed: a failed command leaves no empty database.
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  GlobalOptions global;

  // Loaded on first use; throws Error(input) with the file's place on bad configuration.
  const Config& config();
  // The revision files of every configured directory, validated into a graph: every op parsed
  // and checked (commands that run, render or inspect ops).
  const RevisionGraph& graph();
  // The same graph for commands that only walk it (heads, history, show, stamp, …): each file's
  // header and checksum, not its ops (LoadDepth::header). The full graph when already loaded.
  const RevisionGraph& graph_headers();
  // As graph_headers(), every file read and hashed: never from the header cache (`verify`
  // promises the checksums of the files as they are).
  const RevisionGraph& graph_headers_from_files();
  // What graph_headers() would say of its heads (RevisionGraph::resolve("heads"), heads() and
  // what `heads` prints of them), from the header cache's record of them (ops/header_cache.hpp,
  // cached_heads) without building the graph; nullopt when the cache is off or not exact for
  // the files, or a graph is loaded already (then ask the graph).
  std::optional<CachedHeads> cached_heads();
  // cached_heads() on a thread of its own, taken with get() after other work — reading the
  // version rows: the files are stat'ed meanwhile (docs/BENCHMARKS.md, "Issue 16, fourth
  // pass"). The future holds nullopt at once when the cache is off or a graph is loaded.
  std::future<std::optional<CachedHeads>> cached_heads_async();
  // What `history` without options prints, from the header cache's record of it, under the
  // same conditions as cached_heads() (ops/header_cache.hpp, cached_history).
  // Visits each entry (ops/header_cache.hpp, visit_cached_history); false when there is none.
  bool visit_cached_history(const std::function<void(const CachedHistoryEntry&)>& visit);
  // A connection to the configured database. Throws Error(connection) when unreachable.
  // `wait_seconds` > 0 retries with backoff while the server is starting (--wait-for-db).
  Connection& db(DbAccess access, double wait_seconds = 0);
  // True when a database URL is configured (flag, environment or file).
  bool has_database_url();
  // The dialect of the configured database URL (offline SQL needs it without connecting).
  Dialect dialect();

  // Output. Human text goes to stdout unless --json or -q; `json()` prints one object.
  // progress(), info(), warn() and error() may be called from a fleet run's threads: each writes
  // its whole line at once, so lines never interleave.
  void out(const std::string& line);       // a line of human output (suppressed by -q/--json)
  void progress(const std::string& line);  // as out(), flushed at once (a step's progress)
  void info(const std::string& line);      // progress detail, shown with -v only
  void warn(const std::string& line);      // to stderr, always ("warning:" coloured)
  void error(const std::string& message);  // "error: message" on stderr ("error:" coloured)
  void json(const Json& object);           // with --json: the one JSON object on stdout
  // Whether stdout / stderr may be coloured (color.hpp: a terminal, no NO_COLOR, --no-color or
  // --json).
  bool color() const;
  bool color_stderr() const;

 private:
  const RevisionGraph& load_graph(LoadDepth depth);
  std::optional<Config> config_;
  // Kept apart so that loading the full graph never invalidates a reference to the header one.
  std::optional<RevisionGraph> graph_;
  std::optional<RevisionGraph> header_graph_;
  bool header_graph_cached_ = false;  // header_graph_ came through the header cache
  bool use_header_cache_ = true;
  // What cached_heads() runs, with its inputs copied (it may run on another thread); empty when
  // it would find nothing.
  std::function<std::optional<CachedHeads>()> cached_heads_job();
  // What the header cache's records are read with: the directories, the dialect and the cache
  // file; nullopt when the cache is off or a graph is loaded (then ask the graph).
  struct HeaderCacheQuery {
    std::vector<std::string> directories;
    std::optional<Dialect> dialect;
    HeaderCacheOptions cache;
  };
  std::optional<HeaderCacheQuery> header_cache_query();
  std::unique_ptr<Connection> db_;
  DbAccess db_access_ = DbAccess::read_only;
  std::string created_sqlite_file_;  // the SQLite file db() created, if it did
  std::mutex output_;                // one line at a time from progress/info/warn/error
};

}  // namespace retort::cli
