// The Sales Agent's real migration history (examples/salesagent) on SQLite, through the SQLite
// renderer and reflection only: every revision is upgraded, downgraded and upgraded again, and
// the reflected schema must be the same each time it comes back to the same revision. This is
// `retort test`'s round trip, without the runner: a small stand-in for its transaction,
// foreign-key and guard handling is below.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "base/error.hpp"
#include "db/sqlite_connection.hpp"
#include "dialect/sqlite_dialect.hpp"
#include "diff/normalize.hpp"
#include "ops/load_revision.hpp"
#include "schema/sqlite_reflect.hpp"

namespace retort {
namespace {

// Revisions parents first; ties broken by id.
std::vector<const Revision*> topological(const std::vector<Revision>& revisions) {
  std::map<std::string, const Revision*> by_id;
  for (const Revision& r : revisions) by_id[r.id] = &r;
  std::vector<const Revision*> out;
  std::set<std::string> done;
  while (out.size() < revisions.size()) {
    bool progress = false;
    for (const auto& [id, r] : by_id) {
      if (done.count(id)) continue;
      bool ready = std::all_of(r->down_revisions.begin(), r->down_revisions.end(),
                               [&](const std::string& p) { return done.count(p) > 0; });
      if (!ready) continue;
      out.push_back(r);
      done.insert(id);
      progress = true;
      break;
    }
    if (!progress) throw std::runtime_error("cycle or missing parent");
  }
  return out;
}

// Runs `ops` the way the runner runs one revision on SQLite.
void run_ops(SqliteConnection& conn, const std::vector<Op>& ops) {
  const SqlDialect& dialect = sqlite_dialect();
  bool rebuilds = std::any_of(ops.begin(), ops.end(),
                              [&](const Op& op) { return dialect.needs_table_state(op); });
  RenderContext ctx;
  ctx.lookup_table = [&](const std::string& t) { return reflect_sqlite_table(conn, t); };
  if (rebuilds) conn.execute("PRAGMA foreign_keys=OFF");
  conn.execute("BEGIN IMMEDIATE");
  try {
    for (const Op& op : ops) {
      bool skip = false;
      for (const GuardQuery& g : dialect.guard_queries(op))
        skip |= conn.query(g.query).empty() == g.run_when_row;
      if (skip) continue;
      for (const std::string& sql : dialect.render(op, ctx)) {
        if (std::holds_alternative<Assert>(op.body)) {
          std::string got = conn.query(sql).scalar().value_or("NULL");
          if (got != "1")
            throw Error(ErrorKind::failure, std::get<Assert>(op.body).message + " (" + sql + ")");
          continue;
        }
        const auto* ex = std::get_if<Execute>(&op.body);
        while (conn.execute(sql) > 0 && ex && ex->repeat_until_zero) {
        }
      }
    }
    conn.execute("COMMIT");
  } catch (...) {
    conn.execute("ROLLBACK");
    if (rebuilds) conn.execute("PRAGMA foreign_keys=ON");
    throw;
  }
  if (rebuilds) conn.execute("PRAGMA foreign_keys=ON");
}

std::string dump_type(const Type& t) {
  std::ostringstream out;
  out << static_cast<int>(t.kind);
  if (t.length) out << "(" << *t.length << ")";
  if (t.precision) out << "(" << *t.precision << "," << t.scale.value_or(-1) << ")";
  if (t.kind == Type::Kind::enum_) {
    out << " enum " << t.enum_name << ":";
    for (const auto& v : t.enum_values) out << v << "|";
  }
  if (t.custom_sql.common) out << " " << *t.custom_sql.common;
  return out.str();
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += s + ",";
  return out;
}

// The normalised reflected schema as text, one fact per line, for comparing and for diffs.
std::string snapshot(SqliteConnection& conn) {
  Schema s = normalize_schema(reflect_sqlite(conn), Dialect::sqlite);
  std::ostringstream out;
  for (TableSpec& t : s.tables) {
    out << "table " << t.name << "\n";
    // A column dropped and added back comes back last: order is not compared.
    std::sort(t.columns.begin(), t.columns.end(),
              [](const ColumnSpec& a, const ColumnSpec& b) { return a.name < b.name; });
    for (const ColumnSpec& c : t.columns) {
      out << "  column " << c.name << " " << dump_type(c.type) << (c.nullable ? " null" : "")
          << (c.primary_key ? " pk" : "") << (c.autoincrement ? " auto" : "");
      if (c.server_default)
        out << " default " << static_cast<int>(c.server_default->kind) << ":"
            << c.server_default->number << c.server_default->sql.common.value_or("");
      out << "\n";
    }
    if (t.primary_key)
      out << "  pk " << t.primary_key->name << " " << join(t.primary_key->columns) << "\n";
    for (const auto& fk : t.foreign_keys)
      out << "  fk " << fk.name << " " << join(fk.columns) << " -> " << fk.ref_table << " "
          << join(fk.ref_columns) << " " << fk.on_delete << "/" << fk.on_update << "\n";
    for (const auto& u : t.unique) out << "  unique " << u.name << " " << join(u.columns) << "\n";
    for (const auto& c : t.checks)
      out << "  check " << c.name << " " << *c.expression.common << "\n";
    for (const auto& i : t.indexes) {
      out << "  index " << i.name << (i.unique ? " unique" : "") << " ";
      for (const auto& c : i.columns) out << c.name << c.expression << ",";
      out << " where " << i.where << "\n";
    }
  }
  return out.str();
}

// The lines only in `a` ("-") or only in `b` ("+"): a short account of a difference.
std::string difference(const std::string& a, const std::string& b) {
  auto lines = [](const std::string& text) {
    std::multiset<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.insert(line);
    return out;
  };
  std::multiset<std::string> la = lines(a), lb = lines(b);
  std::string out;
  for (const auto& l : la)
    if (!lb.count(l)) out += "- " + l + "\n";
  for (const auto& l : lb)
    if (!la.count(l)) out += "+ " + l + "\n";
  return out;
}

bool has_irreversible(const std::vector<Op>& ops) {
  return std::any_of(ops.begin(), ops.end(),
                     [](const Op& op) { return std::holds_alternative<Irreversible>(op.body); });
}

TEST(SqliteSalesAgent, EveryRevisionUpgradesDowngradesAndUpgradesAgain) {
  std::vector<Revision> revisions =
      load_revisions({std::string(RETORT_SOURCE_DIR) + "/examples/salesagent/migrations/versions"});
  ASSERT_GE(revisions.size(), 30u);
  auto conn = SqliteConnection::open(":memory:", SqliteConnection::OpenMode::read_write_create);
  for (const Revision* rev : topological(revisions)) {
    SCOPED_TRACE("revision " + rev->id + " " + rev->path);
    std::string before = snapshot(*conn);
    try {
      run_ops(*conn, rev->upgrade);
    } catch (const Error& e) {
      FAIL() << "upgrade: " << e.what();
    }
    std::string after = snapshot(*conn);
    if (has_irreversible(rev->downgrade)) continue;
    try {
      run_ops(*conn, rev->downgrade);
    } catch (const Error& e) {
      FAIL() << "downgrade: " << e.what();
    }
    EXPECT_EQ(difference(before, snapshot(*conn)), "") << "downgrade did not restore the schema";
    try {
      run_ops(*conn, rev->upgrade);
    } catch (const Error& e) {
      FAIL() << "upgrade again: " << e.what();
    }
    EXPECT_EQ(difference(after, snapshot(*conn)), "") << "upgrade again differs";
  }
  EXPECT_TRUE(conn->query("PRAGMA foreign_key_check").empty());
  EXPECT_EQ(conn->query("PRAGMA integrity_check").scalar(), "ok");
}

}  // namespace
}  // namespace retort
