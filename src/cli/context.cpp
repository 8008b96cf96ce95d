#include "cli/context.hpp"

#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "base/error.hpp"
#include "base/strings.hpp"
#include "cli/color.hpp"
#include "db/connect.hpp"
#include "ops/header_cache.hpp"
#include "ops/load_revision.hpp"

namespace retort::cli {

namespace {

// What the header cache records of a graph's heads (ops/header_cache.hpp, CachedHeads).
CachedHeads heads_record(const RevisionGraph& graph) {
  CachedHeads out;
  out.targets = graph.resolve("heads");
  for (const Revision* h : graph.heads())
    out.heads.push_back({h->id, h->down_revisions, h->depends_on, graph.labels(h->id), h->message});
  return out;
}

// What the header cache records of a graph's history (ops/header_cache.hpp, CachedHistory).
// Each revision's labels, own and inherited, are kept joined as `history` prints them (one
// element): below many merged branches a revision inherits every branch's label, and a
// 2,000-revision history can have 100,000 of them, each a string to rebuild on reading.
CachedHistory history_record(const RevisionGraph& graph) {
  CachedHistory out;
  for (const Revision* r : graph.history("", "", {})) {
    std::vector<std::string> labels = graph.labels(r->id);
    if (labels.size() > 1) labels = {join(labels, ", ")};
    out.push_back({{r->id, r->down_revisions, r->depends_on, std::move(labels), r->message},
                   graph.is_head(r->id),
                   graph.is_branch_point(r->id),
                   graph.is_merge(r->id)});
  }
  return out;
}

}  // namespace

const Config& Context::config() {
  if (!config_) {
    if (global.config_path && global.config_path->empty())
      throw Error(ErrorKind::usage, "-c/--config is empty: give the configuration file's path");
    config_ = load_config(global.config_path, process_environment(), global.url);
  }
  return *config_;
}

const RevisionGraph& Context::graph() {
  return load_graph(LoadDepth::full);
}

const RevisionGraph& Context::graph_headers() {
  return load_graph(LoadDepth::header);
}

const RevisionGraph& Context::graph_headers_from_files() {
  if (!header_graph_ || header_graph_cached_) {
    header_graph_.reset();
    header_graph_cached_ = false;
    use_header_cache_ = false;
  }
  return load_graph(LoadDepth::header);
}

const RevisionGraph& Context::load_graph(LoadDepth depth) {
  if (graph_) return *graph_;
  if (header_graph_ && depth == LoadDepth::header) return *header_graph_;
  const Config& cfg = config();
  for (const auto& dir : cfg.migration_directories) {
    if (!std::filesystem::is_directory(dir)) {
      std::string where = cfg.file ? " (configured in " + *cfg.file + ")"
                                   : " (no retort.toml here: run `retort init`, or pass -c FILE)";
      throw Error(ErrorKind::input, "migrations directory '" + dir + "' does not exist" + where);
    }
  }
  std::optional<RevisionGraph>& slot = depth == LoadDepth::full ? graph_ : header_graph_;
  // The project's dialect, when its database is configured, makes that dialect's limits load
  // errors (identifiers over PostgreSQL's 63 bytes).
  std::optional<Dialect> dialect;
  if (cfg.database_url) dialect = cfg.database_url->dialect;
  if (depth == LoadDepth::header && use_header_cache_ && cfg.header_cache &&
      !cfg.header_cache->empty()) {
    HeaderCacheOptions cache;
    cache.path = *cfg.header_cache;
    HeaderCacheStats stats;
    slot = RevisionGraph::build(
        load_revision_headers(cfg.migration_directories, dialect, cache, &stats));
    header_graph_cached_ = true;
    // For the next no-op `upgrade head`, `heads` or `current` (cached_heads): what the graph
    // says of its heads, when the cache on disk now holds exactly these files.
    if (stats.exact) {
      write_cached_heads(cache, stats, heads_record(*slot));
      const RevisionGraph& graph = *slot;
      write_cached_history(cache, stats, [&graph] { return history_record(graph); });
    }
  } else {
    slot = RevisionGraph::build(load_revisions(cfg.migration_directories, depth, dialect));
  }
  return *slot;
}

std::optional<Context::HeaderCacheQuery> Context::header_cache_query() {
  if (graph_ || header_graph_ || !use_header_cache_) return std::nullopt;
  const Config& cfg = config();
  if (!cfg.header_cache || cfg.header_cache->empty()) return std::nullopt;
  HeaderCacheQuery q;
  q.directories = cfg.migration_directories;
  if (cfg.database_url) q.dialect = cfg.database_url->dialect;
  q.cache.path = *cfg.header_cache;
  return q;
}

std::function<std::optional<CachedHeads>()> Context::cached_heads_job() {
  std::optional<HeaderCacheQuery> q = header_cache_query();
  if (!q) return {};
  return [q = std::move(*q)]() -> std::optional<CachedHeads> {
    try {
      return retort::cached_heads(q.directories, q.dialect, q.cache);
    } catch (const Error&) {
      return std::nullopt;  // a missing directory: loading the graph reports it
    }
  };
}

bool Context::visit_cached_history(const std::function<void(const CachedHistoryEntry&)>& visit) {
  std::optional<HeaderCacheQuery> q = header_cache_query();
  if (!q) return false;
  try {
    return retort::visit_cached_history(q->directories, q->dialect, q->cache, visit);
  } catch (const Error&) {
    return false;  // a missing directory: loading the graph reports it
  }
}

std::optional<CachedHeads> Context::cached_heads() {
  std::function<std::optional<CachedHeads>()> job = cached_heads_job();
  return job ? job() : std::nullopt;
}

std::future<std::optional<CachedHeads>> Context::cached_heads_async() {
  std::function<std::optional<CachedHeads>()> job = cached_heads_job();
  if (!job) {
    std::promise<std::optional<CachedHeads>> none;
    none.set_value(std::nullopt);
    return none.get_future();
  }
  return std::async(std::launch::async, std::move(job));
}

bool Context::has_database_url() {
  return config().database_url.has_value();
}

Dialect Context::dialect() {
  return config().require_database_url().dialect;
}

Connection& Context::db(DbAccess access, double wait_seconds) {
  if (db_ && (db_access_ == DbAccess::write || access == DbAccess::read_only)) return *db_;
  ConnectOptions o;
  o.create = access == DbAccess::write;
  o.wait = std::chrono::milliseconds(static_cast<int64_t>(wait_seconds * 1000));
  if (o.wait.count() > 0) {
    o.on_retry = [this](int attempt, const Error& e, std::chrono::milliseconds next) {
      info("database not reachable yet (attempt " + std::to_string(attempt) + "): " + e.what() +
           "; retrying in " + std::to_string(next.count()) + " ms");
    };
  }
  const DatabaseUrl& url = config().require_database_url();
  std::error_code ec;
  const bool creates = o.create && url.dialect == Dialect::sqlite && !url.memory &&
                       !std::filesystem::exists(url.path, ec);
  db_ = connect(url, o);
  db_access_ = access;
  if (creates) created_sqlite_file_ = url.path;
  return *db_;
}

Context::~Context() {
  db_.reset();
  if (created_sqlite_file_.empty()) return;
  std::error_code ec;
  if (std::filesystem::file_size(created_sqlite_file_, ec) == 0 && !ec)
    std::filesystem::remove(created_sqlite_file_, ec);
}

void Context::out(const std::string& line) {
  if (global.quiet || global.json) return;
  std::cout << line << '\n';
}

void Context::progress(const std::string& line) {
  if (global.quiet || global.json) return;
  std::lock_guard<std::mutex> lock(output_);
  std::cout << line + '\n' << std::flush;  // flushed: a pipe's reader sees the step that is running
}

void Context::info(const std::string& line) {
  if (!global.verbose || global.json) return;
  std::lock_guard<std::mutex> lock(output_);
  std::cerr << line + '\n';
}

void Context::warn(const std::string& line) {
  std::string text = paint_label(line, color_stderr()) + '\n';
  std::lock_guard<std::mutex> lock(output_);
  std::cerr << text;
}

void Context::error(const std::string& message) {
  std::string text = paint("error:", Color::error, color_stderr()) + ' ' + message + '\n';
  std::lock_guard<std::mutex> lock(output_);
  std::cerr << text;
}

void Context::json(const Json& object) {
  if (!global.json) return;
  std::cout << object.dump(2) << '\n';
}

bool Context::color() const {
  return color_allowed(STDOUT_FILENO, global.no_color, global.json);
}

bool Context::color_stderr() const {
  return color_allowed(STDERR_FILENO, global.no_color, global.json);
}

}  // namespace retort::cli
