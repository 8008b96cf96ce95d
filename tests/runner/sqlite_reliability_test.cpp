// The runner's promises on SQLite (docs/commands.md, "upgrade"), through the library: round trips
// reflect the same schema, a failing revision leaves schema and data exactly as they were (and is
// recorded in the history), non-transactional revisions report what ran, the data ops and guards
// behave, `call` and `irreversible` are checked before anything runs, the history holds the files'
// checksums, a ghost revision stops an upgrade before it changes anything, and a migrator killed in
// the middle of a revision leaves the previous revision.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <regex>
#include <thread>

#include "base/error.hpp"
#include "db/sqlite_connection.hpp"
#include "ops/write_yaml.hpp"
#include "runner/history_table.hpp"
#include "runner/migrator.hpp"
#include "runner/reliability_helpers.hpp"
#include "runner/version_table.hpp"
#include "schema/sqlite_reflect.hpp"
#include "support/db_snapshot.hpp"
#include "support/queries.hpp"
#include "support/timing.hpp"

namespace retort {
namespace {

using testing::scalar;
using testing::with;

using testing::place_of;
using testing::ProjectDir;
using testing::RecordingObserver;
using testing::RevisionFiles;
using testing::sqlite_catalog;
using testing::sqlite_dump;
using testing::write_and_build;
using Mode = SqliteConnection::OpenMode;

std::unique_ptr<SqliteConnection> open_db(const ProjectDir& dir) {
  return SqliteConnection::open(dir.file("app.db"), Mode::read_write_create);
}

std::vector<std::string> column(Connection& conn, const std::string& sql) {
  std::vector<std::string> out;
  for (const auto& row : conn.query(sql).rows) out.push_back(row[0] ? *row[0] : "<NULL>");
  return out;
}

std::vector<std::string> user_tables(Connection& conn) {
  return column(conn,
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name");
}

TEST(RunnerSqlite, UpgradeDowngradeUpgradeReflectsTheSameSchema) {
  ProjectDir dir;
  RevisionGraph graph = write_and_build(dir, testing::roundtrip_history());
  auto conn = open_db(dir);
  Migrator migrator(graph, *conn, {});

  EXPECT_EQ(migrator.upgrade("head").size(), 4u);
  EXPECT_EQ(migrator.current(), std::vector<std::string>{"004"});
  const Schema first = reflect_sqlite(*conn);
  const std::string first_catalog = sqlite_catalog(*conn);
  ASSERT_EQ(first.tables.size(), 2u);
  EXPECT_EQ(first.tables[0].name, "customers");
  EXPECT_EQ(first.tables[1].name, "purchases");
  // The rebuild of `customers` (a parent) kept its children's rows and the data it had.
  EXPECT_EQ(column(*conn, "SELECT email || ':' || status FROM customers ORDER BY id"),
            (std::vector<std::string>{"a@example.com:active", "b@example.com:closed"}));
  EXPECT_EQ(scalar(*conn, "SELECT count(*) FROM purchases"), "2");
  EXPECT_EQ(scalar(*conn, "PRAGMA foreign_keys"), "1");

  EXPECT_EQ(migrator.downgrade("base").size(), 4u);
  EXPECT_EQ(migrator.current(), std::vector<std::string>{});
  EXPECT_TRUE(reflect_sqlite(*conn).tables.empty()) << render_schema(reflect_sqlite(*conn));
  EXPECT_EQ(user_tables(*conn), (std::vector<std::string>{"alembic_version", "retort_history"}));

  EXPECT_EQ(migrator.upgrade("head").size(), 4u);
  const Schema second = reflect_sqlite(*conn);
  EXPECT_EQ(render_schema(second), render_schema(first));
  EXPECT_EQ(sqlite_catalog(*conn), first_catalog);
  EXPECT_EQ(scalar(*conn, "PRAGMA integrity_check"), "ok");
  EXPECT_TRUE(conn->query("PRAGMA foreign_key_check").empty());
}

// Upgrades to 002, then to head through a failing 003; returns the error after checking that
// everything but the history is byte-for-byte as before and that the attempt was recorded.
Error sqlite_fail_on_top_of_002(const ProjectDir& dir, Connection& conn,
                                const std::string& rev003) {
  RevisionGraph graph =
      write_and_build(dir, with(testing::failure_base_history(), "003_fail.yaml", rev003));
  Migrator migrator(graph, conn, {});
  migrator.upgrade("002");
  const std::string before = sqlite_dump(conn, {"retort_history"});
  const size_t history_before = HistoryTable(conn, "retort_history").read().size();
  std::optional<Error> error;
  try {
    migrator.upgrade("head");
  } catch (const Error& e) {
    error = e;
  }
  if (!error) throw std::runtime_error("the failing revision 003 did not fail");
  EXPECT_EQ(sqlite_dump(conn, {"retort_history"}), before);
  EXPECT_EQ(migrator.current(), std::vector<std::string>{"002"});
  EXPECT_FALSE(conn.in_transaction());
  EXPECT_EQ(scalar(conn, "PRAGMA foreign_keys"), "1");
  EXPECT_EQ(scalar(conn, "PRAGMA integrity_check"), "ok");
  std::vector<HistoryRecord> history = HistoryTable(conn, "retort_history").read();
  EXPECT_EQ(history.size(), history_before + 1);
  const HistoryEntry& last = history.back().entry;
  EXPECT_EQ(last.revision, "003");
  EXPECT_EQ(last.direction, "upgrade");
  EXPECT_FALSE(last.success);
  EXPECT_EQ(last.from_revisions, std::vector<std::string>{"002"});
  EXPECT_EQ(last.checksum, testing::sha256sum_of(dir.file("migrations/versions/003_fail.yaml")));
  return *error;
}

TEST(RunnerSqlite, BadSqlInTheThirdOpLeavesSchemaAndDataAsBefore) {
  ProjectDir dir;
  auto conn = open_db(dir);
  Error e = sqlite_fail_on_top_of_002(dir, *conn, testing::kBadSqlRevision);
  const std::string path = dir.file("migrations/versions/003_fail.yaml");
  const std::string db_message =
      "no such table: no_such_table\n  SQL: UPDATE no_such_table SET x = 1";
  EXPECT_EQ(e.kind(), ErrorKind::database);
  EXPECT_EQ(std::string(e.what()),
            "revision 003 (" + path + "), upgrade op 3 (execute at " +
                place_of(path, testing::kBadSqlRevision, "execute: \"UPDATE no_such") +
                "): " + db_message +
                "\n  the revision was rolled back; the database is as it was before it");
  EXPECT_EQ(HistoryTable(*conn, "retort_history").read().back().entry.error, db_message);
  // Ops 1 and 2 had changed schema and data before op 3 failed; none of it stayed.
  EXPECT_TRUE(conn->query("SELECT 1 FROM pragma_table_info('items') WHERE name = 'price'").empty());
}

TEST(RunnerSqlite, FailingAssertLeavesSchemaAndDataAsBefore) {
  ProjectDir dir;
  auto conn = open_db(dir);
  Error e = sqlite_fail_on_top_of_002(dir, *conn, testing::kFailingAssertRevision);
  testing::expect_failing_assert_reported(e, dir, *conn);
}

TEST(RunnerSqlite, FailureAfterATableRebuildLeavesSchemaAndDataAsBefore) {
  ProjectDir dir;
  auto conn = open_db(dir);
  Error e = sqlite_fail_on_top_of_002(dir, *conn, testing::kFailAfterRebuildRevision);
  const std::string path = dir.file("migrations/versions/003_fail.yaml");
  const std::string db_message =
      "UNIQUE constraint failed: items.id\n"
      "  SQL: INSERT INTO items (id, name, qty) VALUES (1, 'duplicate', 1)";
  EXPECT_EQ(e.kind(), ErrorKind::database);
  EXPECT_EQ(std::string(e.what()),
            "revision 003 (" + path + "), upgrade op 3 (execute at " +
                place_of(path, testing::kFailAfterRebuildRevision, "execute:") +
                "): " + db_message +
                "\n  the revision was rolled back; the database is as it was before it");
  EXPECT_EQ(HistoryTable(*conn, "retort_history").read().back().entry.error, db_message);
  // No leftover of the rebuild (SQLite's procedure uses a temporary table name).
  EXPECT_EQ(user_tables(*conn),
            (std::vector<std::string>{"alembic_version", "items", "retort_history", "tags"}));
}

TEST(RunnerSqlite, NonTransactionalRevisionRunsOpByOpAndSaysWhichOpsRan) {
  ProjectDir dir;
  auto conn = open_db(dir);
  const std::string rev = R"Y(revision: "003"
down_revision: "002"
message: outside a transaction
transactional: false
upgrade:
  - create_table: {table: first_done, columns: [{name: id, type: integer}]}
  - bulk_insert: {table: first_done, rows: [{id: 1}]}
  - execute: "INSERT INTO no_such_table VALUES (1)"
  - create_table: {table: never_created, columns: [{name: id, type: integer}]}
downgrade: []
)Y";
  RevisionGraph graph =
      write_and_build(dir, with(testing::failure_base_history(), "003_nontx.yaml", rev));
  Migrator migrator(graph, *conn, {});
  migrator.upgrade("002");
  const std::string path = dir.file("migrations/versions/003_nontx.yaml");
  try {
    migrator.upgrade("head");
    FAIL() << "revision 003 did not fail";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::database);
    EXPECT_EQ(std::string(e.what()),
              "revision 003 (" + path + "), upgrade op 3 (execute at " +
                  place_of(path, rev, "execute:") +
                  "): no such table: no_such_table\n"
                  "  SQL: INSERT INTO no_such_table VALUES (1)\n"
                  "  this revision is transactional: false; ops 1..2 had run and stay applied; "
                  "the version table still says the revision is not applied");
  }
  // Ops 1 and 2 ran in autocommit and stayed; op 4 never ran; the version did not move.
  EXPECT_EQ(scalar(*conn, "SELECT count(*) FROM first_done"), "1");
  EXPECT_EQ(user_tables(*conn), (std::vector<std::string>{"alembic_version", "first_done", "items",
                                                          "retort_history", "tags"}));
  EXPECT_EQ(migrator.current(), std::vector<std::string>{"002"});
  EXPECT_FALSE(conn->in_transaction());
  const HistoryEntry last = HistoryTable(*conn, "retort_history").read().back().entry;
  EXPECT_EQ(last.revision, "003");
  EXPECT_FALSE(last.success);
}

TEST(RunnerSqlite, ExecuteGuardsRepeatUntilZeroAssertBulkInsertAndDialectSkips) {
  ProjectDir dir;
  auto conn = open_db(dir);
  const std::string setup = R"Y(revision: "001"
down_revision: null
message: setup
upgrade:
  - create_table:
      table: jobs
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: done, type: integer}
  - create_table: {table: passes, columns: [{name: n, type: integer}]}
  - create_table: {table: events, columns: [{name: what, type: text}]}
  - create_table:
      table: people
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: name, type: text}
        - {name: data, type: json}
        - {name: note, type: text}
  - execute: "INSERT INTO passes VALUES (0)"
  - execute: "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10) INSERT INTO jobs (id) SELECT i FROM n"
downgrade: []
)Y";
  const std::string ops = R"Y(revision: "002"
down_revision: "001"
message: data ops
upgrade:
  - execute: {sql: "INSERT INTO events VALUES ('only_if ran')", only_if: "SELECT 1 FROM jobs WHERE id = 1"}
  - execute: {sql: "INSERT INTO events VALUES ('only_if skipped')", only_if: "SELECT 1 FROM jobs WHERE id = 999"}
  - execute: {sql: "INSERT INTO events VALUES ('unless skipped')", unless: "SELECT 1 FROM jobs WHERE id = 1"}
  - execute: {sql: "INSERT INTO events VALUES ('unless ran')", unless: "SELECT 1 FROM jobs WHERE id = 999"}
  - execute:
      sql: "UPDATE passes SET n = n + 1; UPDATE jobs SET done = 1 WHERE rowid IN (SELECT rowid FROM jobs WHERE done IS NULL ORDER BY id LIMIT 3)"
      repeat_until_zero: true
  - assert: {sql: "SELECT count(*) = 10 FROM jobs WHERE done = 1", message: every job is done}
  - execute:
      sql: "CREATE EXTENSION this_is_not_sqlite"
      dialect: postgresql
  - execute: {sql: {postgresql: "SELECT pg_sleep(100)"}}
  - bulk_insert:
      table: people
      rows:
        - {id: 1, name: "O'Brien", data: {a: 1, b: [1, 2], s: "it's \"quoted\""}, note: null}
        - {id: 2, name: "say \"hi\"; DROP TABLE people; --", data: [true, null, 2.5]}
        - {id: 3, name: null, note: "multi\nline"}
downgrade: []
)Y";
  RevisionGraph graph = write_and_build(dir, {{"001.yaml", setup}, {"002.yaml", ops}});
  Migrator migrator(graph, *conn, {});
  RecordingObserver observer;
  migrator.upgrade("head", &observer);

  EXPECT_EQ(column(*conn, "SELECT what FROM events ORDER BY rowid"),
            (std::vector<std::string>{"only_if ran", "unless ran"}));
  // 10 rows in batches of 3: passes of 3, 3, 3, 1 and a last one that changes nothing.
  EXPECT_EQ(scalar(*conn, "SELECT n FROM passes"), "5");
  EXPECT_EQ(scalar(*conn, "SELECT count(*) FROM jobs WHERE done = 1"), "10");

  const std::string p = dir.file("migrations/versions/002.yaml");
  EXPECT_EQ(observer.lines,
            (std::vector<std::string>{
                "started upgrade 001", "finished upgrade 001", "started upgrade 002",
                "skipped 002 execute at " +
                    place_of(p, ops, "execute: {sql: \"INSERT INTO events VALUES ('only_if s") +
                    ": only_if returned no row",
                "skipped 002 execute at " +
                    place_of(p, ops, "execute: {sql: \"INSERT INTO events VALUES ('unless s") +
                    ": unless returned a row",
                "skipped 002 execute at " + place_of(p, ops, "execute:\n      sql: \"CREATE EXT") +
                    ": its dialect list leaves out sqlite",
                "skipped 002 execute at " + place_of(p, ops, "execute: {sql: {postgresql") +
                    ": no SQL for sqlite",
                "finished upgrade 002"}));

  // bulk_insert: NULLs (given and missing keys), quotes and JSON arrive exactly.
  EXPECT_EQ(
      column(*conn,
             "SELECT quote(id) || '|' || quote(name) || '|' || quote(note) FROM "
             "people ORDER BY id"),
      (std::vector<std::string>{"1|'O''Brien'|NULL", "2|'say \"hi\"; DROP TABLE people; --'|NULL",
                                "3|NULL|'multi\nline'"}));
  EXPECT_EQ(column(*conn,
                   "SELECT json_valid(data) || ' ' || json_type(data) FROM people "
                   "WHERE data IS NOT NULL ORDER BY id"),
            (std::vector<std::string>{"1 object", "1 array"}));
  EXPECT_EQ(scalar(*conn,
                   "SELECT json_extract(data, '$.b[1]') || json_extract(data, '$.s') "
                   "FROM people WHERE id = 1"),
            "2it's \"quoted\"");
  EXPECT_EQ(scalar(*conn,
                   "SELECT json_array_length(data) || json_type(data, '$[1]') || "
                   "json_extract(data, '$[2]') FROM people WHERE id = 2"),
            "3null2.5");
  EXPECT_EQ(scalar(*conn, "SELECT quote(data) FROM people WHERE id = 3"), "NULL");
}

TEST(RunnerSqlite, CallStepRunsInsideTheRevisionsTransaction) {
  ProjectDir dir;
  auto conn = open_db(dir);
  const std::string good = R"Y(revision: "003"
down_revision: "002"
message: seed by call
upgrade:
  - call: {name: seed_tags}
  - execute: "UPDATE tags SET label = 'seeded ' || label WHERE id >= 10"
downgrade: []
)Y";
  const std::string bad = R"Y(revision: "004"
down_revision: "003"
message: call then fail
upgrade:
  - call: {name: seed_tags}
  - execute: "INSERT INTO no_such_table VALUES (1)"
downgrade: []
)Y";
  RevisionFiles files = testing::failure_base_history();
  files.emplace_back("003_call.yaml", good);
  files.emplace_back("004_call.yaml", bad);
  RevisionGraph graph = write_and_build(dir, files);
  Migrator migrator(graph, *conn, {});
  std::vector<bool> in_transaction;
  int next_id = 10;
  migrator.register_call("seed_tags", [&](Connection& c) {
    in_transaction.push_back(c.in_transaction());
    c.query("INSERT INTO tags (id, item_id, label) VALUES (?, 3, ?)",
            {Param::of(std::to_string(next_id)), Param::of("n" + std::to_string(next_id))});
    ++next_id;
  });
  migrator.upgrade("003");
  EXPECT_EQ(column(*conn, "SELECT label FROM tags WHERE id >= 10"),
            std::vector<std::string>{"seeded n10"});
  const std::string before = sqlite_dump(*conn, {"retort_history"});
  EXPECT_THROW(migrator.upgrade("head"), Error);
  // The step's row went with the rest of the failed revision.
  EXPECT_EQ(sqlite_dump(*conn, {"retort_history"}), before);
  EXPECT_EQ(in_transaction, (std::vector<bool>{true, true}));
  EXPECT_EQ(migrator.current(), std::vector<std::string>{"003"});
}

TEST(RunnerSqlite, UnregisteredCallFailsBeforeAnythingRuns) {
  ProjectDir dir;
  auto conn = open_db(dir);
  const std::string rev = R"Y(revision: "003"
down_revision: "002"
message: needs a step
upgrade:
  - execute: "DELETE FROM tags"
  - call: {name: backfill_search_index}
downgrade: []
)Y";
  RevisionGraph graph =
      write_and_build(dir, with(testing::failure_base_history(), "003_call.yaml", rev));
  Migrator migrator(graph, *conn, {});
  migrator.upgrade("001");
  const std::string before = sqlite_dump(*conn);  // the history included: nothing may be added
  const std::string path = dir.file("migrations/versions/003_call.yaml");
  try {
    migrator.upgrade("head");  // 002 would run first: it must not
    FAIL() << "the upgrade ran with an unregistered call step";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::failure);
    EXPECT_EQ(std::string(e.what()),
              "revision 003 (" + path + "), op 2 (call at " + place_of(path, rev, "call:") +
                  "): step 'backfill_search_index' is not registered: `call` ops run only in a "
                  "program that embeds the retort library and registers them "
                  "(Migrator::register_call)\n  nothing was changed");
  }
  EXPECT_EQ(sqlite_dump(*conn), before);
  EXPECT_EQ(migrator.current(), std::vector<std::string>{"001"});
}

TEST(RunnerSqlite, IrreversibleDowngradeFailsWithItsReasonAndChangesNothing) {
  ProjectDir dir;
  auto conn = open_db(dir);
  const std::string rev = R"Y(revision: "003"
down_revision: "002"
message: merge names
upgrade:
  - execute: "UPDATE items SET name = name || ' (merged)'"
downgrade:
  - irreversible: "names were merged; the originals are gone"
)Y";
  const std::string rev4 = R"Y(revision: "004"
down_revision: "003"
message: extra table
upgrade:
  - create_table: {table: extra, columns: [{name: id, type: integer}]}
downgrade:
  - drop_table: {table: extra}
)Y";
  RevisionFiles files = testing::failure_base_history();
  files.emplace_back("003_irr.yaml", rev);
  files.emplace_back("004_extra.yaml", rev4);
  RevisionGraph graph = write_and_build(dir, files);
  Migrator migrator(graph, *conn, {});
  migrator.upgrade("head");
  const std::string before = sqlite_dump(*conn);
  const std::string path = dir.file("migrations/versions/003_irr.yaml");
  try {
    migrator.downgrade("base");  // 004 would be undone first: it must not
    FAIL() << "downgraded past an irreversible revision";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::failure);
    EXPECT_EQ(std::string(e.what()),
              "cannot downgrade past revision 003 (" + path +
                  "): its downgrade is irreversible: names were merged; the originals are gone\n"
                  "  nothing was changed; pick a target at or after 003");
  }
  EXPECT_EQ(sqlite_dump(*conn), before);
  EXPECT_EQ(migrator.current(), std::vector<std::string>{"004"});
  // Down to the irreversible revision itself is fine.
  EXPECT_EQ(migrator.downgrade("003").size(), 1u);
  EXPECT_EQ(migrator.current(), std::vector<std::string>{"003"});
}

TEST(RunnerSqlite, HistoryRecordsUpgradeDowngradeAndStampWithTheFilesChecksums) {
  ProjectDir dir;
  auto conn = open_db(dir);
  RevisionFiles files = testing::failure_base_history();
  // A file with CRLF line ends: its checksum is that of the same bytes with LF.
  std::string crlf = testing::table_revision_yaml("003", {"002"});
  std::string lf = crlf;
  for (size_t at = 0; (at = crlf.find('\n', at)) != std::string::npos; at += 2)
    crlf.replace(at, 1, "\r\n");
  files.emplace_back("003_crlf.yaml", crlf);
  RevisionGraph graph = write_and_build(dir, files);
  Migrator migrator(graph, *conn, {});
  const auto started = std::chrono::system_clock::now();
  migrator.upgrade("head");
  migrator.downgrade("001");
  migrator.stamp({"003"}, false);
  EXPECT_EQ(migrator.current(), std::vector<std::string>{"003"});

  auto sum = [&](const std::string& name) {
    return testing::sha256sum_of(dir.file("migrations/versions/" + name));
  };
  const std::string lf_copy = dir.write("lf_copy.yaml", lf);
  const std::string crlf_sum = testing::sha256sum_of(lf_copy);
  EXPECT_NE(crlf_sum, sum("003_crlf.yaml"));  // the file itself has CRLF

  std::vector<HistoryRecord> h = HistoryTable(*conn, "retort_history").read();
  struct Row {
    std::string revision, direction, from, message, checksum;
  };
  std::vector<Row> expected{
      {"001", "upgrade", "", "items", sum("001_items.yaml")},
      {"002", "upgrade", "001", "tags", sum("002_tags.yaml")},
      {"003", "upgrade", "002", "create t_003", crlf_sum},
      {"003", "downgrade", "003", "create t_003", crlf_sum},
      {"002", "downgrade", "002", "tags", sum("002_tags.yaml")},
      {"003", "stamp", "001", "create t_003", crlf_sum},
  };
  ASSERT_EQ(h.size(), expected.size());
  char host[256] = {0};
  gethostname(host, sizeof host - 1);
  const std::regex iso(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  for (size_t i = 0; i < h.size(); ++i) {
    SCOPED_TRACE("history row " + std::to_string(i));
    const HistoryEntry& e = h[i].entry;
    EXPECT_EQ(e.revision, expected[i].revision);
    EXPECT_EQ(e.direction, expected[i].direction);
    std::string from;
    for (const auto& f : e.from_revisions) from += (from.empty() ? "" : ",") + f;
    EXPECT_EQ(from, expected[i].from);
    EXPECT_EQ(e.message, expected[i].message);
    EXPECT_EQ(e.checksum, expected[i].checksum);
    EXPECT_TRUE(e.success);
    EXPECT_EQ(e.error, "");
    EXPECT_GE(e.duration_ms, 0);
    EXPECT_TRUE(std::regex_match(e.started_at, iso)) << e.started_at;
    EXPECT_EQ(e.applied_by.substr(e.applied_by.find('@') + 1), host);
    if (i > 0) {
      EXPECT_GT(h[i].id, h[i - 1].id);
    }
  }
  // started_at is UTC now, not some other clock (to the hour; either side of an hour change).
  auto hour_prefix = [](std::chrono::system_clock::time_point when) {
    std::time_t t = std::chrono::system_clock::to_time_t(when);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char prefix[32];
    std::strftime(prefix, sizeof prefix, "%Y-%m-%dT%H", &tm);
    return std::string(prefix);
  };
  const std::string got = h[0].entry.started_at.substr(0, 13);
  EXPECT_TRUE(got == hour_prefix(started) || got == hour_prefix(std::chrono::system_clock::now()))
      << h[0].entry.started_at;
}

TEST(RunnerSqlite, GhostRevisionStopsUpgradeNamingTheStampThatRecovers) {
  ProjectDir dir;
  dir.write_config(dir.sqlite_url());
  for (const auto& [name, yaml] : testing::failure_base_history()) dir.write_revision(name, yaml);
  dir.write_revision("003_t.yaml", testing::table_revision_yaml("003", {"002"}));
  {
    auto conn = open_db(dir);
    RevisionGraph graph = dir.graph();
    Migrator(graph, *conn, {}).upgrade("head");
  }
  // The file of the applied head disappears (a branch switch, a deleted file): 003 is a ghost.
  dir.remove_revision("003_t.yaml");
  dir.write_revision("004_t.yaml", testing::table_revision_yaml("004", {"002"}));
  auto conn = open_db(dir);
  const std::string before = sqlite_dump(*conn);
  RevisionGraph graph = dir.graph();
  Migrator migrator(graph, *conn, {});
  try {
    migrator.upgrade("head");
    FAIL() << "upgrade ran on a database at a ghost revision";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::revision);
    EXPECT_EQ(std::string(e.what()),
              "the database is at revision '003', which no migration file contains (a ghost "
              "revision: deleted, renamed, or these files are older than the database)\n"
              "  to recover, record the revision(s) whose schema the database really has:\n"
              "    retort stamp --purge 002    (the ghost was applied on top of these; its own "
              "changes stay in the database)\n"
              "    retort stamp --purge 004    (if the database already matches the newest files)\n"
              "  or restore the missing migration file(s) from version control");
  }
  EXPECT_EQ(sqlite_dump(*conn), before);

  // The CLI refuses the same way, with exit 2, and leaves the file as it was.
  testing::ProcessResult r = dir.retort({"upgrade", "head"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find("the database is at revision '003'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("retort stamp --purge 002"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(sqlite_dump(*conn), before);

  // The stamp it names does recover: afterwards the upgrade runs.
  r = dir.retort({"stamp", "--purge", "002"});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  r = dir.retort({"upgrade", "head"});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(migrator.current(), std::vector<std::string>{"004"});
}

TEST(RunnerSqlite, BranchesAndMergesRunStepByStepWithoutReplanning) {
  ProjectDir dir;
  auto conn = open_db(dir);
  RevisionGraph graph =
      write_and_build(dir, {{"001.yaml", testing::table_revision_yaml("001", {})},
                            {"002.yaml", testing::table_revision_yaml("002", {"001"})},
                            {"003.yaml", testing::table_revision_yaml("003", {"002"})},
                            {"004.yaml", testing::table_revision_yaml("004", {"002"})},
                            {"005.yaml", testing::table_revision_yaml("005", {"004", "003"})}});
  Migrator migrator(graph, *conn, {});
  RecordingObserver up;
  migrator.upgrade("heads", &up);
  // A single process must never think the version table moved under it ("already applied"):
  // each step's expected rows (a merge's parents, in the order its file names them) are
  // compared with the table's as a set.
  EXPECT_EQ(up.lines, (std::vector<std::string>{"started upgrade 001", "finished upgrade 001",
                                                "started upgrade 002", "finished upgrade 002",
                                                "started upgrade 003", "finished upgrade 003",
                                                "started upgrade 004", "finished upgrade 004",
                                                "started upgrade 005", "finished upgrade 005"}));
  RecordingObserver down;
  migrator.downgrade("002", &down);
  EXPECT_EQ(down.lines,
            (std::vector<std::string>{"started downgrade 005", "finished downgrade 005",
                                      "started downgrade 004", "finished downgrade 004",
                                      "started downgrade 003", "finished downgrade 003"}));
  EXPECT_EQ(migrator.current(), std::vector<std::string>{"002"});
}

TEST(RunnerSqlite, AFailedFirstRevisionOnAnEmptyDatabaseDoesNotBreakTheNextRun) {
  ProjectDir dir;
  auto conn = open_db(dir);
  // Two roots: the first step on the empty database fails, which also rolls back the version
  // and history tables created in its transaction; the same Migrator must create them again.
  const std::string bad = R"Y(revision: "a1"
down_revision: null
branch_labels: [a]
message: bad
upgrade:
  - execute: "INSERT INTO no_such_table VALUES (1)"
downgrade: []
)Y";
  RevisionGraph graph =
      write_and_build(dir, {{"a1.yaml", bad}, {"b1.yaml", testing::table_revision_yaml("b1", {})}});
  Migrator migrator(graph, *conn, {});
  EXPECT_THROW(migrator.upgrade("a1"), Error);
  EXPECT_EQ(migrator.current(), std::vector<std::string>{});
  EXPECT_EQ(migrator.upgrade("b1").size(), 1u);
  EXPECT_EQ(migrator.current(), std::vector<std::string>{"b1"});
  EXPECT_THROW(migrator.upgrade("a1"), Error);
  EXPECT_EQ(migrator.stamp({"a1"}, false).size(), 1u);
  EXPECT_EQ(migrator.current(), (std::vector<std::string>{"a1", "b1"}));
  std::vector<std::string> recorded;
  for (const auto& rec : HistoryTable(*conn, "retort_history").read())
    recorded.push_back(rec.entry.direction + " " + rec.entry.revision + " " +
                       (rec.entry.success ? "ok" : "failed"));
  EXPECT_EQ(recorded, (std::vector<std::string>{"upgrade a1 failed", "upgrade b1 ok",
                                                "upgrade a1 failed", "stamp a1 ok"}));
}

// Calls `hook` once, when the first step finishes (after its COMMIT).
class HookAfterFirstStep : public MigrationObserver {
 public:
  explicit HookAfterFirstStep(std::function<void()> hook) : hook_(std::move(hook)) {}
  void step_finished(const MigrationStep&, int64_t) override {
    if (hook_) std::exchange(hook_, nullptr)();
  }

 private:
  std::function<void()> hook_;
};

TEST(RunnerSqlite, ReplanAfterAnotherProcessWentDownChecksTheNewStepsFirst) {
  ProjectDir dir;
  const std::string with_call = R"Y(revision: "001"
down_revision: null
message: needs a registered step
upgrade:
  - create_table: {table: t_001, columns: [{name: id, type: integer}]}
  - call: {name: seed}
downgrade:
  - drop_table: {table: t_001}
)Y";
  RevisionGraph graph =
      write_and_build(dir, {{"001.yaml", with_call},
                            {"002.yaml", testing::table_revision_yaml("002", {"001"})},
                            {"003.yaml", testing::table_revision_yaml("003", {"002"})}});
  auto other = open_db(dir);  // another program, which registers `seed`
  Migrator other_migrator(graph, *other, {});
  other_migrator.register_call("seed", [](Connection&) {});
  other_migrator.upgrade("001");

  auto conn = open_db(dir);  // this program does not register it: 001 is already applied
  Migrator migrator(graph, *conn, {});
  // After this migrator applied 002, the other program takes the database down to base: the
  // re-plan now starts with 001, whose `call` this program cannot run.
  HookAfterFirstStep hook([&] { other_migrator.downgrade("base"); });
  try {
    migrator.upgrade("head", &hook);
    FAIL() << "the re-planned upgrade ran without the registered step";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::failure);
    EXPECT_NE(std::string(e.what()).find("step 'seed' is not registered"), std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(conn->in_transaction());
  EXPECT_EQ(migrator.current(), std::vector<std::string>{});
  EXPECT_EQ(user_tables(*conn), (std::vector<std::string>{"alembic_version", "retort_history"}));
}

// Counts the statements this connection runs that read the version table.
class VersionReads {
 public:
  explicit VersionReads(SqliteConnection& conn) : conn_(conn) {
    sqlite3_trace_v2(conn_.handle(), SQLITE_TRACE_STMT, &VersionReads::on_statement, this);
  }
  ~VersionReads() { sqlite3_trace_v2(conn_.handle(), 0, nullptr, nullptr); }
  VersionReads(const VersionReads&) = delete;
  VersionReads& operator=(const VersionReads&) = delete;
  int count() const { return count_; }

 private:
  static int on_statement(unsigned, void* self, void*, void* sql) {
    if (std::string_view(static_cast<const char*>(sql)).starts_with("SELECT version_num FROM"))
      ++static_cast<VersionReads*>(self)->count_;
    return 0;
  }
  SqliteConnection& conn_;
  int count_ = 0;
};

TEST(RunnerSqlite, StepsAfterTheFirstSkipTheVersionReadWhileNoOtherConnectionCommitted) {
  ProjectDir dir;
  auto conn = open_db(dir);
  RevisionGraph graph =
      write_and_build(dir, {{"001.yaml", testing::table_revision_yaml("001", {})},
                            {"002.yaml", testing::table_revision_yaml("002", {"001"})},
                            {"003.yaml", testing::table_revision_yaml("003", {"002"})},
                            {"004.yaml", testing::table_revision_yaml("004", {"003"})}});
  Migrator(graph, *conn, {}).upgrade("001");
  Migrator migrator(graph, *conn, {});
  VersionReads reads(*conn);
  RecordingObserver up;
  migrator.upgrade("head", &up);
  // The plan's read, then one under the first step's write lock; the file's data version then
  // shows that only this connection's own commits changed it (docs/commands.md, "Concurrent
  // runs"), so the next steps know the rows they left.
  EXPECT_EQ(reads.count(), 2);
  EXPECT_EQ(up.lines, (std::vector<std::string>{"started upgrade 002", "finished upgrade 002",
                                                "started upgrade 003", "finished upgrade 003",
                                                "started upgrade 004", "finished upgrade 004"}));
  EXPECT_EQ(migrator.current(), std::vector<std::string>{"004"});
}

TEST(RunnerSqlite, ARevisionAnotherConnectionAppliedBetweenStepsIsNotRunAgain) {
  ProjectDir dir;
  RevisionGraph graph =
      write_and_build(dir, {{"001.yaml", testing::table_revision_yaml("001", {})},
                            {"002.yaml", testing::table_revision_yaml("002", {"001"})},
                            {"003.yaml", testing::table_revision_yaml("003", {"002"})}});
  auto other = open_db(dir);  // another process's connection
  Migrator other_migrator(graph, *other, {});
  auto conn = open_db(dir);
  Migrator migrator(graph, *conn, {});
  // After this migrator committed 001 (and knows the rows it left), the other one applies 002:
  // the next write lock must see the file changed and read the rows again.
  HookAfterFirstStep hook([&] { other_migrator.upgrade("002"); });
  RecordingObserver up;
  struct Both : MigrationObserver {
    MigrationObserver* a;
    MigrationObserver* b;
    void step_started(const MigrationStep& s) override {
      a->step_started(s);
      b->step_started(s);
    }
    void step_finished(const MigrationStep& s, int64_t ms) override {
      a->step_finished(s, ms);
      b->step_finished(s, ms);
    }
    void step_already_applied(const MigrationStep& s) override {
      a->step_already_applied(s);
      b->step_already_applied(s);
    }
  } both;
  both.a = &up;
  both.b = &hook;
  migrator.upgrade("head", &both);
  EXPECT_EQ(up.lines, (std::vector<std::string>{"started upgrade 001", "finished upgrade 001",
                                                "already applied 001", "started upgrade 003",
                                                "finished upgrade 003"}));
  EXPECT_EQ(migrator.current(), std::vector<std::string>{"003"});
  std::vector<std::string> upgrades;
  for (const auto& rec : HistoryTable(*conn, "retort_history").read())
    upgrades.push_back(rec.entry.revision + (rec.entry.success ? " ok" : " failed"));
  EXPECT_EQ(upgrades, (std::vector<std::string>{"001 ok", "002 ok", "003 ok"}));
}

TEST(RunnerSqlite, KilledInTheMiddleOfARevisionLeavesThePreviousRevision) {
  ProjectDir dir;
  dir.write_config(dir.sqlite_url());
  dir.write_revision("001.yaml", testing::table_revision_yaml("001", {}));
  // 002 creates a table, then counts to `busy_config.n` (a second or so per ten million).
  dir.write_revision("002.yaml", R"Y(revision: "002"
down_revision: "001"
message: long revision
upgrade:
  - create_table: {table: half_done, columns: [{name: id, type: integer}]}
  - execute: "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < (SELECT n FROM busy_config)) SELECT count(*) FROM c"
downgrade:
  - drop_table: {table: half_done}
)Y");
  testing::ProcessResult r = dir.retort({"upgrade", "001"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  {
    auto conn = open_db(dir);
    conn->execute(
        "CREATE TABLE busy_config (n INTEGER); INSERT INTO busy_config VALUES (1000000000)");
  }
  const std::string before = [&] {
    auto conn = open_db(dir);
    return sqlite_dump(*conn);
  }();

  testing::ChildProcess child = dir.start_retort({"upgrade", "head"});
  // The rollback journal appears with the revision's first write (CREATE TABLE half_done).
  const std::string journal = dir.file("app.db-journal");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!std::filesystem::exists(journal)) {
    ASSERT_TRUE(child.running()) << child.wait().describe();
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the migrator never wrote";
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_TRUE(child.running()) << child.wait().describe();
  child.send_signal(SIGKILL);
  EXPECT_EQ(child.wait().signal, SIGKILL);
  EXPECT_TRUE(std::filesystem::exists(journal));  // a hot journal: the next opener rolls back

  auto conn = open_db(dir);
  EXPECT_EQ(sqlite_dump(*conn), before);
  EXPECT_EQ(scalar(*conn, "PRAGMA integrity_check"), "ok");
  conn->execute("UPDATE busy_config SET n = 1");
  r = dir.retort({"upgrade", "head"});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  // Not the 30 s busy timeout: the hot journal is rolled back by the next opener at once.
  EXPECT_TRUE(testing::ends_within_generous_bound(r.elapsed, std::chrono::milliseconds(500)));
  EXPECT_EQ(column(*conn, "SELECT version_num FROM alembic_version"),
            std::vector<std::string>{"002"});
  EXPECT_EQ(user_tables(*conn), (std::vector<std::string>{"alembic_version", "busy_config",
                                                          "half_done", "retort_history", "t_001"}));
}

}  // namespace
}  // namespace retort
