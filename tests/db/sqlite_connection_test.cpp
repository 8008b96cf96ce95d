#include "db/sqlite_connection.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "base/error.hpp"

namespace retort {
namespace {

namespace fs = std::filesystem;
using Mode = SqliteConnection::OpenMode;
using std::chrono::milliseconds;

// A fresh directory under the system temp dir, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("retort-sqlite-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

ErrorKind kind_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.kind();
  }
  ADD_FAILURE() << "no error thrown";
  return ErrorKind::usage;
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error thrown";
  return "";
}

TEST(SqliteConnection, ReadWriteCreateMakesTheFileAndPersists) {
  TempDir dir;
  std::string path = dir.file("app.db");
  ASSERT_FALSE(fs::exists(path));
  {
    auto conn = SqliteConnection::open(path, Mode::read_write_create);
    conn->execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
    conn->query("INSERT INTO t (name) VALUES (?)", {Param::of("alpha")});
  }
  EXPECT_TRUE(fs::exists(path));
  auto again = SqliteConnection::open(path, Mode::read_only_if_exists);
  EXPECT_FALSE(again->missing_file());
  EXPECT_EQ(again->query("SELECT name FROM t").scalar(), "alpha");
}

TEST(SqliteConnection, ReadOnlyNeverCreatesAFileAndReadsAsEmpty) {
  TempDir dir;
  std::string path = dir.file("missing.db");
  auto conn = SqliteConnection::open(path, Mode::read_only_if_exists);
  EXPECT_TRUE(conn->missing_file());
  EXPECT_EQ(conn->describe(), path);
  EXPECT_EQ(conn->query("SELECT count(*) FROM sqlite_schema").scalar(), "0");
  // Writes fail: a read-only command cannot create a table by accident.
  EXPECT_EQ(kind_of([&] { conn->execute("CREATE TABLE x (a)"); }), ErrorKind::database);
  EXPECT_FALSE(fs::exists(path));
}

TEST(SqliteConnection, ReadWriteExistingRefusesAMissingFileAndWritesAnExistingOne) {
  TempDir dir;
  std::string path = dir.file("app.db");
  std::string message =
      message_of([&] { SqliteConnection::open(path, Mode::read_write_existing); });
  EXPECT_EQ(message, "cannot open SQLite database '" + path +
                         "': the file does not exist (it is created by `retort upgrade`; was the "
                         "upgrade skipped, or is the path wrong?)");
  EXPECT_EQ(kind_of([&] { SqliteConnection::open(path, Mode::read_write_existing); }),
            ErrorKind::connection);
  EXPECT_FALSE(fs::exists(path));
  SqliteConnection::open(path, Mode::read_write_create)->execute("CREATE TABLE t (a)");
  auto conn = SqliteConnection::open(path, Mode::read_write_existing);
  conn->execute("INSERT INTO t VALUES (1)");
  EXPECT_EQ(conn->query("SELECT count(*) FROM t").scalar(), "1");
}

TEST(SqliteConnection, ReadOnlyOnAnExistingFileRefusesWrites) {
  TempDir dir;
  std::string path = dir.file("app.db");
  SqliteConnection::open(path, Mode::read_write_create)->execute("CREATE TABLE t (a)");
  auto conn = SqliteConnection::open(path, Mode::read_only_if_exists);
  std::string message = message_of([&] { conn->execute("INSERT INTO t VALUES (1)"); });
  EXPECT_NE(message.find("readonly"), std::string::npos) << message;
  EXPECT_EQ(conn->query("SELECT count(*) FROM t").scalar(), "0");
}

TEST(SqliteConnection, MemoryDatabasesArePrivate) {
  auto a = SqliteConnection::open(":memory:", Mode::read_write_create);
  auto b = SqliteConnection::open(":memory:", Mode::read_write_create);
  a->execute("CREATE TABLE t (a)");
  EXPECT_EQ(a->query("SELECT count(*) FROM sqlite_schema").scalar(), "1");
  EXPECT_EQ(b->query("SELECT count(*) FROM sqlite_schema").scalar(), "0");
  EXPECT_EQ(a->describe(), ":memory:");
}

// A cached `SELECT *` names the columns the table has now, also with no rows: SQLite prepares a
// statement again inside sqlite3_step when the schema changed (the history table gains a column).
TEST(SqliteConnection, CachedSelectStarSeesAnAddedColumn) {
  auto conn = SqliteConnection::open(":memory:", Mode::read_write_create);
  conn->execute("CREATE TABLE t (a)");
  const std::string select = "SELECT * FROM t WHERE 1 = 0";
  EXPECT_EQ(conn->query(select).columns, std::vector<std::string>{"a"});
  conn->execute("ALTER TABLE t ADD COLUMN b");
  EXPECT_EQ(conn->query(select).columns, (std::vector<std::string>{"a", "b"}));
  conn->execute("INSERT INTO t VALUES (1, 2)");
  EXPECT_EQ(conn->query("SELECT * FROM t").rows.at(0).size(), 2u);
}

TEST(SqliteConnection, OpenFailuresAreConnectionErrors) {
  TempDir dir;
  std::string message = message_of(
      [&] { SqliteConnection::open(dir.file("no/such/dir/app.db"), Mode::read_write_create); });
  EXPECT_NE(message.find("cannot open SQLite database '" + dir.file("no/such/dir/app.db") + "'"),
            std::string::npos)
      << message;
  std::ofstream(dir.file("junk.db"))
      << "this is not a database, just some text......." << std::string(200, 'x');
  EXPECT_EQ(kind_of([&] { SqliteConnection::open(dir.file("junk.db"), Mode::read_write_create); }),
            ErrorKind::connection);
  EXPECT_EQ(kind_of([&] { SqliteConnection::open("", Mode::read_write_create); }),
            ErrorKind::connection);
}

TEST(SqliteConnection, ForeignKeysAreEnforced) {
  auto conn = SqliteConnection::open(":memory:", Mode::read_write_create);
  EXPECT_EQ(conn->query("PRAGMA foreign_keys").scalar(), "1");
  conn->execute(
      "CREATE TABLE p (id INTEGER PRIMARY KEY);"
      "CREATE TABLE c (id INTEGER PRIMARY KEY, p INTEGER REFERENCES p (id));");
  std::string message = message_of([&] { conn->execute("INSERT INTO c VALUES (1, 42)"); });
  EXPECT_EQ(message, "FOREIGN KEY constraint failed\n  SQL: INSERT INTO c VALUES (1, 42)");
}

TEST(SqliteConnection, QueryBindsParametersAndReturnsTextAndNulls) {
  auto conn = SqliteConnection::open(":memory:", Mode::read_write_create);
  conn->execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score REAL, data BLOB)");
  QueryResult ins = conn->query("INSERT INTO t (name, score) VALUES (?, ?), (?, ?)",
                                {Param::of("a'b"), Param::of("1.5"), Param::null(), Param::null()});
  EXPECT_EQ(ins.affected, 2);
  conn->execute("UPDATE t SET data = x'00ff41' WHERE id = 1");
  QueryResult r = conn->query("SELECT id, name, score, data FROM t ORDER BY id");
  ASSERT_EQ(r.columns, (std::vector<std::string>{"id", "name", "score", "data"}));
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0][0], "1");
  EXPECT_EQ(r.rows[0][1], "a'b");
  EXPECT_EQ(r.rows[0][2], "1.5");
  EXPECT_EQ(r.rows[0][3], std::string("\0\xff"
                                      "A",
                                      3));
  EXPECT_EQ(r.rows[1][1], std::nullopt);
  EXPECT_EQ(r.rows[1][3], std::nullopt);
  EXPECT_EQ(r.affected, 0);
  // A text parameter compares with an INTEGER column through the column's affinity.
  EXPECT_EQ(conn->query("SELECT name FROM t WHERE id = ?", {Param::of("1")}).scalar(), "a'b");
}

TEST(SqliteConnection, RepeatedQueriesReuseTheStatementCacheAndSeeNewData) {
  auto conn = SqliteConnection::open(":memory:", Mode::read_write_create,
                                     SqliteOptions{milliseconds(1000), 2});
  conn->execute("CREATE TABLE t (a INTEGER)");
  for (int i = 0; i < 50; ++i) {
    conn->query("INSERT INTO t VALUES (?)", {Param::of(std::to_string(i))});
    // Interleave other statements so the small cache is flushed and refilled.
    EXPECT_EQ(conn->query("SELECT count(*) FROM t").scalar(), std::to_string(i + 1));
    EXPECT_EQ(conn->query("SELECT max(a) FROM t").scalar(), std::to_string(i));
  }
  // A cached statement must not keep a read transaction open.
  EXPECT_FALSE(conn->in_transaction());
  // Schema changes invalidate cached statements transparently.
  conn->execute("ALTER TABLE t ADD COLUMN b TEXT DEFAULT 'z'");
  EXPECT_EQ(conn->query("SELECT count(*) FROM t").scalar(), "50");
}

TEST(SqliteConnection, QueryRejectsASecondStatementAndWrongParameterCounts) {
  auto conn = SqliteConnection::open(":memory:", Mode::read_write_create);
  conn->execute("CREATE TABLE t (a)");
  std::string message = message_of([&] { conn->query("SELECT 1; DELETE FROM t"); });
  EXPECT_EQ(message,
            "query() runs one statement, but more follow: DELETE FROM t\n"
            "  SQL: SELECT 1; DELETE FROM t");
  EXPECT_EQ(conn->query("SELECT 1;  -- trailing comment\n").scalar(), "1");
  EXPECT_EQ(message_of([&] { conn->query("SELECT ?", {}); }),
            "statement expects 1 parameters but 0 were given\n  SQL: SELECT ?");
}

TEST(SqliteConnection, ExecuteRunsAScriptAndReturnsTheLastStatementsChanges) {
  auto conn = SqliteConnection::open(":memory:", Mode::read_write_create);
  int64_t changed = conn->execute(
      "CREATE TABLE t (a INTEGER); -- a comment\n"
      "INSERT INTO t VALUES (1), (2), (3);\n"
      "/* block */ UPDATE t SET a = a + 10 WHERE a >= 2;");
  EXPECT_EQ(changed, 2);
  EXPECT_EQ(conn->execute("DELETE FROM t WHERE a > 100"), 0);
  // DDL after DML reports 0, not the earlier statement's count.
  EXPECT_EQ(conn->execute("DELETE FROM t WHERE a = 1; CREATE TABLE u (b)"), 0);
  EXPECT_EQ(conn->execute("  -- only a comment\n"), 0);
  EXPECT_EQ(conn->query("SELECT group_concat(a) FROM t").scalar(), "12,13");
}

TEST(SqliteConnection, ExecuteStopsAtTheFirstFailureNamingTheStatement) {
  auto conn = SqliteConnection::open(":memory:", Mode::read_write_create);
  std::string message = message_of([&] {
    conn->execute("CREATE TABLE t (a);\nINSERT INTO nope\n   VALUES (1);\nCREATE TABLE u (b);");
  });
  EXPECT_EQ(message,
            "no such table: nope\n  SQL: INSERT INTO nope VALUES (1); CREATE TABLE u "
            "(b);");
  EXPECT_EQ(conn->query("SELECT group_concat(name) FROM sqlite_schema").scalar(), "t");
  // A long statement is shortened to one line.
  std::string longsql = "SELECT " + std::string(500, '1') + " FROM missing";
  message = message_of([&] { conn->execute(longsql); });
  EXPECT_EQ(message, "no such table: missing\n  SQL: " + longsql.substr(0, 300) + "...");
}

TEST(SqliteConnection, ForeignKeyCheckWithFindingsFailsTheScript) {
  auto conn = SqliteConnection::open(":memory:", Mode::read_write_create);
  conn->execute(
      "PRAGMA foreign_keys=OFF;"
      "CREATE TABLE p (id INTEGER PRIMARY KEY);"
      "CREATE TABLE c (id INTEGER PRIMARY KEY, p INTEGER REFERENCES p (id));"
      "INSERT INTO p VALUES (1);"
      "INSERT INTO c VALUES (10, 1), (11, 7), (12, 8);"
      "PRAGMA foreign_keys=ON;");
  EXPECT_EQ(conn->execute("PRAGMA foreign_key_check(\"p\")"), 0);  // p itself refers to nothing
  std::string message = message_of([&] { conn->execute("PRAGMA foreign_key_check(\"c\")"); });
  EXPECT_EQ(message,
            "foreign key check failed: 2 row(s) violate a foreign key\n"
            "  row 11 of \"c\" has no parent row in \"p\"\n"
            "  row 12 of \"c\" has no parent row in \"p\"\n"
            "  SQL: PRAGMA foreign_key_check(\"c\")");
  // query() returns the rows instead, for callers who want to list them.
  EXPECT_EQ(conn->query("PRAGMA foreign_key_check").rows.size(), 2u);
}

TEST(SqliteConnection, TransactionsAndServerVersion) {
  auto conn = SqliteConnection::open(":memory:", Mode::read_write_create);
  EXPECT_FALSE(conn->in_transaction());
  conn->execute("BEGIN IMMEDIATE");
  EXPECT_TRUE(conn->in_transaction());
  conn->execute("CREATE TABLE t (a)");
  conn->execute("ROLLBACK");
  EXPECT_FALSE(conn->in_transaction());
  EXPECT_EQ(conn->query("SELECT count(*) FROM sqlite_schema").scalar(), "0");
  EXPECT_EQ(conn->server_version(), conn->query("SELECT sqlite_version()").scalar());
  EXPECT_EQ(conn->dialect(), Dialect::sqlite);
}

TEST(SqliteConnection, BusyTimeoutTimesOutWithALockError) {
  TempDir dir;
  std::string path = dir.file("app.db");
  auto first = SqliteConnection::open(path, Mode::read_write_create);
  first->execute("CREATE TABLE t (a)");
  auto second =
      SqliteConnection::open(path, Mode::read_write_create, SqliteOptions{milliseconds(300), 64});
  first->execute("BEGIN IMMEDIATE");
  auto start = std::chrono::steady_clock::now();
  std::string message;
  ErrorKind kind = ErrorKind::usage;
  try {
    second->execute("BEGIN IMMEDIATE");
  } catch (const Error& e) {
    message = e.what();
    kind = e.kind();
  }
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(kind, ErrorKind::lock);
  EXPECT_EQ(message, "SQLite database '" + path +
                         "' is locked (waited 300 ms): database is locked\n"
                         "  SQL: BEGIN IMMEDIATE");
  EXPECT_GE(waited, milliseconds(250));
  first->execute("COMMIT");
  second->execute("BEGIN IMMEDIATE; INSERT INTO t VALUES (1); COMMIT");
  EXPECT_EQ(first->query("SELECT count(*) FROM t").scalar(), "1");
}

TEST(SqliteConnection, ASecondWriterWaitsForTheFirstToCommit) {
  TempDir dir;
  std::string path = dir.file("app.db");
  auto first = SqliteConnection::open(path, Mode::read_write_create);
  first->execute("CREATE TABLE t (a)");
  auto second = SqliteConnection::open(path, Mode::read_write_create);  // default 30 s
  first->execute("BEGIN IMMEDIATE; INSERT INTO t VALUES ('first')");

  std::atomic<bool> second_done{false};
  auto start = std::chrono::steady_clock::now();
  std::chrono::steady_clock::duration second_waited{};
  std::thread writer([&] {
    second->execute("BEGIN IMMEDIATE");
    second_waited = std::chrono::steady_clock::now() - start;
    second->execute("INSERT INTO t VALUES ('second'); COMMIT");
    second_done = true;
  });
  std::this_thread::sleep_for(milliseconds(400));
  EXPECT_FALSE(second_done.load());  // still waiting on the write lock
  first->execute("COMMIT");
  writer.join();
  EXPECT_TRUE(second_done.load());
  EXPECT_GE(second_waited, milliseconds(350));
  EXPECT_EQ(
      first->query("SELECT group_concat(a, ',') FROM (SELECT a FROM t ORDER BY rowid)").scalar(),
      "first,second");
}

}  // namespace
}  // namespace retort
