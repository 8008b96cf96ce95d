// Commands that read or write revision files and need no database: init, revision, merge, heads,
// branches, show, history (which reads the database only for --indicate-current), graph.
#include <filesystem>
#include <fstream>

#include "base/error.hpp"
#include "cli/commands.hpp"
#include "cli/format.hpp"
#include "graph/draw.hpp"
#include "graph/revision_ids.hpp"
#include "ops/write_yaml.hpp"
#include "runner/history_table.hpp"
#include "runner/model_compare.hpp"

namespace fs = std::filesystem;

namespace retort::cli {

namespace {

const char* kConfigTemplate =
    R"(# retort configuration (every key is described in retort's docs/configuration.md)
[database]
# precedence: --url > RETORT_DATABASE_URL > DATABASE_URL > this file
url = "sqlite:///app.db"

[migrations]
directory = "migrations/versions"
version_table = "alembic_version"
history_table = "retort_history"
revision_ids = "sequential"        # or "hex"
file_template = "{rev}_{slug}"
transaction = "per-revision"       # or "all": each upgrade/downgrade in one transaction

[models]
path = "models"

[postgresql]
lock_timeout = "10s"
statement_timeout = ""
)";

// "add priority to media_buys" -> "add_priority_to_media_buys", at most 40 characters.
std::string slugify(const std::string& message) {
  std::string out;
  for (char c : message) {
    unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      out += static_cast<char>(std::tolower(u));
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
    if (out.size() >= 40) break;
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out.empty() ? "revision" : out;
}

std::string file_name_for(const std::string& tmpl, const std::string& id,
                          const std::string& message) {
  std::string out = tmpl;
  auto replace = [&](const std::string& key, const std::string& value) {
    for (size_t p; (p = out.find(key)) != std::string::npos;) out.replace(p, key.size(), value);
  };
  replace("{rev}", id);
  replace("{slug}", slugify(message));
  return out + ".yaml";
}

// Writes a new revision file into the first migrations directory; returns its path.
std::string write_revision(Context& ctx, Revision rev, const std::vector<std::string>& comments) {
  const Config& cfg = ctx.config();
  if (cfg.migration_directories.empty())
    throw Error(ErrorKind::input, "no migrations directory is configured");
  fs::path dir = cfg.migration_directories.front();
  if (!fs::is_directory(dir))
    throw Error(ErrorKind::input, "migrations directory " + dir.string() +
                                      " does not exist (run `retort init` first)");
  fs::path path = dir / file_name_for(cfg.file_template, rev.id, rev.message);
  if (fs::exists(path)) throw Error(ErrorKind::input, "refusing to overwrite " + path.string());
  rev.created = utc_timestamp_now().substr(0, 19) + "Z";
  std::ofstream f(path, std::ios::binary);
  f << render_revision_file(rev, comments);
  if (!f) throw Error(ErrorKind::input, "cannot write " + path.string());
  return path.string();
}

// The id for a new revision: --rev-id, or the next one in the configured style. Checks the id
// and the branch labels against the graph.
std::string new_revision_id(Context& ctx, const std::string& explicit_id,
                            const std::vector<std::string>& labels) {
  const RevisionGraph& graph = ctx.graph_headers();
  std::string id = explicit_id;
  if (id.empty()) {
    std::vector<std::string> existing;
    existing.reserve(graph.size());
    for (const Revision& r : graph.revisions()) existing.push_back(r.id);
    id = ctx.config().revision_ids == RevisionIdStyle::hex ? random_hex_id(existing)
                                                           : next_sequential_id(existing);
  }
  graph.check_new_revision(id, labels);
  return id;
}

int cmd_init(Context& ctx, const std::string& dir_arg) {
  // No "./" prefix in the paths printed for the working directory.
  fs::path dir = dir_arg.empty() ? fs::path() : fs::path(dir_arg);
  fs::path toml = dir / "retort.toml";
  if (fs::exists(toml))
    throw Error(ErrorKind::usage, toml.string() + " already exists; refusing to overwrite it");
  fs::create_directories(dir / "migrations" / "versions");
  fs::create_directories(dir / "models");
  std::ofstream(toml) << kConfigTemplate;
  if (ctx.global.json) {
    ctx.json({{"config", toml.string()},
              {"migrations", (dir / "migrations" / "versions").string()},
              {"models", (dir / "models").string()}});
  } else {
    ctx.out("Created " + toml.string());
    ctx.out("Created " + (dir / "migrations" / "versions").string() + "/");
    ctx.out("Created " + (dir / "models").string() + "/");
  }
  return 0;
}

struct RevisionArgs {
  std::string message;
  bool autogenerate = false;
  bool empty = false;
  bool allow_empty_model = false;
  std::string rev_id;
  std::string head = "head";
  bool splice = false;
  std::string branch_label;
  std::vector<std::string> depends_on;
};

int cmd_revision(Context& ctx, const RevisionArgs& a) {
  const RevisionGraph& graph = ctx.graph_headers();
  Revision rev;
  std::vector<std::string> comments;
  // With --json, what autogenerate found goes with the path (as in the no-change answer).
  Json detected = Json::object();
  if (a.autogenerate) {
    const Schema model = load_project_model(ctx.config());
    Autogenerated gen =
        autogenerate(graph, ctx.config(), ctx.db(DbAccess::read_only), model, a.allow_empty_model);
    detected = {{"differences", gen.differences}, {"notes", gen.notes}};
    if (gen.empty && !a.empty) {
      if (ctx.global.json)
        ctx.json({{"revision", nullptr},
                  {"path", nullptr},
                  {"differences", Json::array()},
                  {"notes", gen.notes}});
      else
        ctx.out(
            "No changes in schema detected; no revision written (use --empty to write one anyway)");
      return 0;
    }
    rev.upgrade = std::move(gen.upgrade);
    rev.downgrade = std::move(gen.downgrade);
    comments.push_back("Generated by retort revision --autogenerate: review before applying.");
    for (const auto& d : gen.differences) comments.push_back("  " + d);
    for (const auto& n : gen.notes) comments.push_back("NOTE: " + n);
    for (const auto& d : gen.differences) ctx.info("detected: " + d);
  }
  if (!a.branch_label.empty()) rev.branch_labels.push_back(a.branch_label);
  rev.id = new_revision_id(ctx, a.rev_id, rev.branch_labels);
  rev.message = a.message;
  auto parents = graph.new_revision_parents({a.head}, a.splice, a.depends_on);
  rev.down_revisions = parents.down_revisions;
  rev.depends_on = parents.depends_on;
  std::string path = write_revision(ctx, rev, comments);
  if (ctx.global.json) {
    Json j = {{"revision", rev.id}, {"down_revisions", rev.down_revisions}, {"path", path}};
    j.update(detected);
    ctx.json(j);
  } else {
    ctx.out("Generating " + path + " ...  done");
  }
  return 0;
}

int cmd_merge(Context& ctx, const std::string& message, const std::vector<std::string>& revs,
              const std::string& rev_id, const std::string& branch_label) {
  const RevisionGraph& graph = ctx.graph_headers();
  std::vector<std::string> parents = graph.new_revision_parents(revs, false, {}).down_revisions;
  if (parents.size() < 2)
    throw Error(ErrorKind::usage, "merge needs at least two revisions to merge; got " +
                                      std::to_string(parents.size()) +
                                      (parents.empty() ? "" : " (" + join(parents, ", ") + ")"));
  Revision rev;
  if (!branch_label.empty()) rev.branch_labels.push_back(branch_label);
  rev.id = new_revision_id(ctx, rev_id, rev.branch_labels);
  rev.message = message;
  rev.down_revisions = parents;
  std::string path = write_revision(ctx, rev, {});
  if (ctx.global.json)
    ctx.json({{"revision", rev.id}, {"down_revisions", rev.down_revisions}, {"path", path}});
  else
    ctx.out("Generating " + path + " ...  done");
  return 0;
}

int cmd_heads(Context& ctx, bool verbose) {
  FormatOptions o;
  o.include_branches = true;
  o.tree_indicators = false;
  o.color = ctx.color();
  // Without -v, what is printed of each head is in the header cache's record of the heads when
  // the files are exactly those it was made from (Context::cached_heads): no graph is built.
  if (!verbose) {
    if (std::optional<CachedHeads> cached = ctx.cached_heads()) {
      Json list = Json::array();
      for (const CachedHead& h : cached->heads) {
        const Revision rev = cached_head_revision(h);
        if (ctx.global.json)
          list.push_back(revision_json(rev, h.labels));
        else
          ctx.out(revision_line(rev, revision_facts(h), o));
      }
      if (ctx.global.json) ctx.json({{"heads", list}});
      return 0;
    }
  }
  const RevisionGraph& graph = ctx.graph_headers();
  auto heads = graph.heads();
  if (ctx.global.json) {
    Json list = Json::array();
    for (const Revision* h : heads) list.push_back(revision_json(graph, *h));
    ctx.json({{"heads", list}});
    return 0;
  }
  for (const Revision* h : heads)
    ctx.out(verbose ? revision_entry(graph, *h, false, o.color) : revision_line(graph, *h, o));
  return 0;
}

int cmd_branches(Context& ctx, bool verbose) {
  const RevisionGraph& graph = ctx.graph_headers();
  Json list = Json::array();
  for (const Revision* r : graph.history()) {
    if (!graph.is_branch_point(r->id)) continue;
    auto children = graph.children(r->id);
    if (ctx.global.json) {
      Json j = revision_json(graph, *r);
      std::vector<std::string> ids;
      for (const Revision* c : children) ids.push_back(c->id);
      j["branches_into"] = ids;
      list.push_back(j);
      continue;
    }
    FormatOptions o;
    o.include_branches = true;
    o.color = ctx.color();
    std::string text =
        verbose ? revision_entry(graph, *r, false, o.color) : revision_line(graph, *r, o);
    FormatOptions child;
    child.include_branches = true;
    child.include_doc = verbose;
    child.color = o.color;
    for (const Revision* c : children)
      text += "\n" + std::string(r->id.size(), ' ') + " -> " + revision_line(graph, *c, child);
    ctx.out(text + "\n");
  }
  if (ctx.global.json) ctx.json({{"branches", list}});
  return 0;
}

int cmd_show(Context& ctx, const std::string& target) {
  const RevisionGraph& graph = ctx.graph_headers();
  std::vector<std::string> current;
  std::vector<std::string> ids;
  if (target == "current") {
    current = read_current(ctx);
    ids = current;
  } else {
    ids = graph.resolve(target, {});
  }
  Json list = Json::array();
  for (const auto& id : ids) {
    const Revision* r = graph.find(id);
    if (!r) continue;
    if (ctx.global.json) {
      Json j = revision_json(graph, *r);
      j["depends_on"] = r->depends_on;
      j["path"] = r->path;
      j["is_head"] = graph.is_head(r->id);
      j["is_merge"] = graph.is_merge(r->id);
      j["is_branch_point"] = graph.is_branch_point(r->id);
      j["checksum"] = r->checksum;
      list.push_back(j);
    } else {
      ctx.out(revision_entry(graph, *r, false, ctx.color()));
    }
  }
  if (ctx.global.json) ctx.json({{"revisions", list}});
  return target == "current" && report_ghosts(ctx, current) ? 1 : 0;
}

struct HistoryArgs {
  std::string range;
  bool indicate_current = false;
  bool verbose = false;
  bool graph = false;
};

int cmd_history(Context& ctx, const HistoryArgs& a) {
  // Without options, what is printed of each revision is in the header cache's record of the
  // history when the files are exactly those it was made from (Context::cached_history): no
  // graph is built.
  if (a.range.empty() && !a.verbose && !a.graph && !a.indicate_current && !ctx.global.json) {
    FormatOptions o;
    o.include_branches = true;
    o.include_doc = true;
    o.include_parents = true;
    o.color = ctx.color();
    Revision rev;  // reused: its strings keep their memory from one revision to the next
    RevisionFacts facts;
    auto print = [&](const CachedHistoryEntry& e) {
      rev.id = e.revision.id;
      rev.down_revisions = e.revision.down_revisions;
      rev.depends_on = e.revision.depends_on;
      rev.message = e.revision.message;
      facts.labels = e.revision.labels;
      facts.is_head = e.is_head;
      facts.is_branch_point = e.is_branch_point;
      facts.is_merge = e.is_merge;
      ctx.out(revision_line(rev, facts, o));
    };
    if (ctx.visit_cached_history(print)) return 0;
  }
  const RevisionGraph& graph = ctx.graph_headers();
  std::string start, end;
  if (!a.range.empty()) {
    auto colon = a.range.find(':');
    if (colon == std::string::npos)
      throw Error(ErrorKind::usage, "History range requires [start]:[end], [start]:, or :[end]");
    start = a.range.substr(0, colon);
    end = a.range.substr(colon + 1);
  }
  std::vector<std::string> current;
  if (a.indicate_current || start == "current" || end == "current") current = read_current(ctx);
  auto revs = graph.history(start, end, current);
  auto is_current = [&](const Revision* r) {
    return std::find(current.begin(), current.end(), r->id) != current.end();
  };
  if (ctx.global.json) {
    Json list = Json::array();
    for (const Revision* r : revs)
      list.push_back({{"revision", r->id},
                      {"down_revisions", r->down_revisions},
                      {"message", r->message},
                      {"is_head", graph.is_head(r->id)},
                      {"is_merge", graph.is_merge(r->id)},
                      {"is_branch_point", graph.is_branch_point(r->id)},
                      {"is_current", is_current(r)},
                      {"path", r->path}});
    ctx.json({{"revisions", list}});
    return a.indicate_current && report_ghosts(ctx, current) ? 1 : 0;
  }
  FormatOptions o;
  o.include_branches = true;
  o.include_doc = true;
  o.include_parents = true;
  o.color = ctx.color();
  auto text_of = [&](const Revision* r) {
    o.is_current = a.indicate_current && is_current(r);
    return a.verbose ? revision_entry(graph, *r, o.is_current, o.color)
                     : revision_line(graph, *r, o);
  };
  if (a.graph) {
    std::vector<std::string> lines;
    lines.reserve(revs.size());
    for (const Revision* r : revs) lines.push_back(text_of(r));
    size_t next = 0;
    for (const GraphLine& g : draw_history_graph(revs)) {
      if (g.revision) {
        // A verbose entry spans several lines: the drawing's columns continue beside them.
        std::string text = lines[next++];
        while (!text.empty() && text.back() == '\n') text.pop_back();
        std::string cont = g.graph;
        for (char& c : cont)
          if (c == '*') c = '|';
        std::string out = g.graph + " ";
        for (char c : text) {
          out += c;
          if (c == '\n') out += cont + " ";
        }
        ctx.out(out);
      } else {
        ctx.out(g.graph);
      }
    }
  } else {
    for (const Revision* r : revs) ctx.out(text_of(r));  // each line as it is made
  }
  // The listing is still useful, but a ghost row is a fault to report.
  return a.indicate_current && report_ghosts(ctx, current) ? 1 : 0;
}

int cmd_graph(Context& ctx, const std::string& format) {
  const RevisionGraph& graph = ctx.graph_headers();
  std::string text =
      render_graph(graph, format == "mermaid" ? GraphFormat::mermaid : GraphFormat::dot);
  if (ctx.global.json) {
    ctx.json({{"format", format}, {"source", text}});
  } else {
    while (!text.empty() && text.back() == '\n') text.pop_back();  // out() ends the line
    ctx.out(text);
  }
  return 0;
}

}  // namespace

void add_graph_commands(Command& app, Context& ctx, Action& action) {
  {
    auto* c = app.add_subcommand("init", "Write retort.toml, migrations/versions/ and models/");
    auto dir = std::make_shared<std::string>();
    c->add_option("DIR", *dir, "Directory to initialise (default: the current directory)");
    c->callback([&, dir] { action = [&, dir] { return cmd_init(ctx, *dir); }; });
  }
  {
    auto* c = app.add_subcommand("revision", "Write a new revision file and print its path");
    auto a = std::make_shared<RevisionArgs>();
    c->add_option("-m,--message", a->message, "The revision's message")->required();
    c->add_flag("--autogenerate", a->autogenerate, "Fill the revision from the model's difference");
    c->add_flag("--empty", a->empty, "Write the file even when autogenerate finds no difference");
    c->add_flag("--allow-empty-model", a->allow_empty_model,
                "With --autogenerate: accept a model with no tables (drop every table)");
    c->add_option("--rev-id", a->rev_id, "Use this id instead of the next one");
    c->add_option("--head", a->head, "The revision to base the new one on (default: head)");
    c->add_flag("--splice", a->splice, "Allow --head to name a revision that is not a head");
    c->add_option("--branch-label", a->branch_label, "A branch label for the new revision");
    c->add_option("--depends-on", a->depends_on, "Revisions the new one depends on");
    c->callback([&, a] { action = [&, a] { return cmd_revision(ctx, *a); }; });
  }
  {
    auto* c = app.add_subcommand("merge", "Write a merge revision joining several heads");
    auto msg = std::make_shared<std::string>();
    auto revs = std::make_shared<std::vector<std::string>>();
    auto rev_id = std::make_shared<std::string>();
    auto label = std::make_shared<std::string>();
    c->add_option("-m,--message", *msg, "The merge revision's message")->required();
    c->add_option("REVISIONS", *revs, "Revisions to merge, or 'heads'")->required();
    c->add_option("--rev-id", *rev_id, "Use this id instead of the next one");
    c->add_option("--branch-label", *label, "A branch label for the merge revision");
    c->callback([&, msg, revs, rev_id, label] {
      action = [&, msg, revs, rev_id, label] {
        return cmd_merge(ctx, *msg, *revs, *rev_id, *label);
      };
    });
  }
  {
    auto* c = app.add_subcommand("heads", "Show the heads of the revision graph");
    auto v = std::make_shared<bool>(false);
    c->add_flag("-v,--verbose", *v, "Show every detail of each head");
    c->callback([&, v] { action = [&, v] { return cmd_heads(ctx, *v || ctx.global.verbose); }; });
  }
  {
    auto* c = app.add_subcommand("branches", "Show the branch points");
    auto v = std::make_shared<bool>(false);
    c->add_flag("-v,--verbose", *v, "Show every detail");
    c->callback(
        [&, v] { action = [&, v] { return cmd_branches(ctx, *v || ctx.global.verbose); }; });
  }
  {
    auto* c = app.add_subcommand("show", "Show a revision");
    auto rev = std::make_shared<std::string>();
    c->add_option("REV", *rev, "A revision identifier, or 'current'")->required();
    c->callback([&, rev] { action = [&, rev] { return cmd_show(ctx, *rev); }; });
  }
  {
    auto* c = app.add_subcommand("history", "List revisions, newest first");
    auto a = std::make_shared<HistoryArgs>();
    c->add_option("-r,--rev-range", a->range, "[START]:[END]");
    c->add_flag("-i,--indicate-current", a->indicate_current, "Mark the database's revisions");
    c->add_flag("-v,--verbose", a->verbose, "Show every detail");
    c->add_flag("--graph", a->graph, "Draw branches and merges like git log --graph");
    c->callback([&, a] {
      action = [&, a] {
        a->verbose = a->verbose || ctx.global.verbose;
        return cmd_history(ctx, *a);
      };
    });
  }
  {
    auto* c = app.add_subcommand("graph", "Print the revision graph as dot or mermaid source");
    auto format = std::make_shared<std::string>("dot");
    c->add_option("--format", *format, "dot or mermaid")->check(one_of({"dot", "mermaid"}));
    c->callback([&, format] { action = [&, format] { return cmd_graph(ctx, *format); }; });
  }
}

}  // namespace retort::cli
