// FleetConnections (src/fleet/fleet_connections.hpp) on the real PostgreSQL test server: a
// connection given back is reused for the next schema of the same database, with nothing of the
// earlier target's session left; a connection in a transaction, or of a failed target, is not.
#include "fleet/fleet_connections.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "base/error.hpp"
#include "db/database_url.hpp"
#include "support/pg_env.hpp"

namespace retort {
namespace {

DatabaseUrl in_schema(const testing::PgTestDatabase& db, const std::string& schema) {
  DatabaseUrl url = parse_database_url(db.url());
  url.schema = schema;
  return url;
}

std::string scalar(Connection& conn, const std::string& sql) {
  return conn.query(sql).scalar().value_or("NULL");
}

TEST(FleetConnections, AReleasedConnectionServesTheNextSchemaWithAFreshSession) {
  testing::PgTestDatabase db;
  db.connect()->execute("CREATE SCHEMA tenant_a; CREATE SCHEMA tenant_b");
  FleetConnections connections(4);

  std::unique_ptr<Connection> a = connections.acquire(in_schema(db, "tenant_a"), {});
  EXPECT_EQ(scalar(*a, "SELECT current_schema()"), "tenant_a");
  const std::string pid = scalar(*a, "SELECT pg_backend_pid()");
  // What a migration may leave in its session: a setting, a temporary table, an advisory lock,
  // a prepared statement.
  a->execute(
      "SET lock_timeout = '7s'; CREATE TEMP TABLE scratch (id int); "
      "SELECT pg_advisory_lock(4242); PREPARE leftover AS SELECT 1");
  connections.release(in_schema(db, "tenant_a"), std::move(a));

  std::unique_ptr<Connection> b = connections.acquire(in_schema(db, "tenant_b"), {});
  EXPECT_EQ(scalar(*b, "SELECT pg_backend_pid()"), pid);  // the same session, reused
  EXPECT_EQ(scalar(*b, "SELECT current_schema()"), "tenant_b");
  EXPECT_EQ(scalar(*b, "SHOW lock_timeout"), "0");
  EXPECT_EQ(scalar(*b, "SELECT count(*) FROM pg_class WHERE relname = 'scratch'"), "0");
  EXPECT_EQ(scalar(*b,
                   "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = "
                   "pg_backend_pid()"),
            "0");
  EXPECT_EQ(scalar(*b, "SELECT count(*) FROM pg_prepared_statements"), "0");
  EXPECT_EQ(connections.opened(), 1u);
}

TEST(FleetConnections, AConnectionInATransactionOrNotGivenBackIsNeverReused) {
  testing::PgTestDatabase db;
  db.connect()->execute("CREATE SCHEMA tenant_a; CREATE SCHEMA tenant_b");
  FleetConnections connections(4);

  std::unique_ptr<Connection> a = connections.acquire(in_schema(db, "tenant_a"), {});
  const std::string pid_a = scalar(*a, "SELECT pg_backend_pid()");
  a->execute("BEGIN");
  connections.release(in_schema(db, "tenant_a"), std::move(a));  // closed, not kept
  std::unique_ptr<Connection> b = connections.acquire(in_schema(db, "tenant_b"), {});
  EXPECT_NE(scalar(*b, "SELECT pg_backend_pid()"), pid_a);
  b.reset();  // a failed target's connection: dropped by its owner, never released
  std::unique_ptr<Connection> c = connections.acquire(in_schema(db, "tenant_a"), {});
  EXPECT_EQ(scalar(*c, "SELECT current_schema()"), "tenant_a");
  EXPECT_EQ(connections.opened(), 3u);
}

TEST(FleetConnections, ADatabaseWithoutASchemaOrBeyondMaxIdleIsClosed) {
  testing::PgTestDatabase db;
  db.connect()->execute("CREATE SCHEMA tenant_a");
  FleetConnections connections(1);
  DatabaseUrl whole = parse_database_url(db.url());
  connections.release(whole, connections.acquire(whole, {}));  // a database target: not kept
  std::unique_ptr<Connection> a1 = connections.acquire(in_schema(db, "tenant_a"), {});
  std::unique_ptr<Connection> a2 = connections.acquire(in_schema(db, "tenant_a"), {});
  EXPECT_EQ(connections.opened(), 3u);
  const std::string pid1 = scalar(*a1, "SELECT pg_backend_pid()");
  connections.release(in_schema(db, "tenant_a"), std::move(a1));
  connections.release(in_schema(db, "tenant_a"), std::move(a2));  // one is idle already
  std::unique_ptr<Connection> b1 = connections.acquire(in_schema(db, "tenant_a"), {});
  EXPECT_EQ(scalar(*b1, "SELECT pg_backend_pid()"), pid1);
  connections.acquire(in_schema(db, "tenant_a"), {});
  EXPECT_EQ(connections.opened(), 4u);
}

TEST(FleetConnections, AMissingSchemaOnAReusedConnectionFailsAsConnectDoes) {
  testing::PgTestDatabase db;
  db.connect()->execute("CREATE SCHEMA tenant_a");
  FleetConnections connections(4);
  connections.release(in_schema(db, "tenant_a"),
                      connections.acquire(in_schema(db, "tenant_a"), {}));
  try {
    connections.acquire(in_schema(db, "tenant_gone"), {});
    FAIL() << "a missing schema was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::connection);
    EXPECT_NE(std::string(e.what()).find("schema 'tenant_gone' does not exist"), std::string::npos)
        << e.what();
  }
}

TEST(FleetConnections, ThreadsShareTheIdleConnections) {
  testing::PgTestDatabase db;
  {
    std::string sql;
    for (int i = 0; i < 40; ++i) sql += "CREATE SCHEMA tenant_" + std::to_string(i) + ";";
    db.connect()->execute(sql);
  }
  FleetConnections connections(4);
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = t; i < 40; i += 4) {
        const std::string schema = "tenant_" + std::to_string(i);
        std::unique_ptr<Connection> conn = connections.acquire(in_schema(db, schema), {});
        if (scalar(*conn, "SELECT current_schema()") != schema) ++wrong;
        connections.release(in_schema(db, schema), std::move(conn));
      }
    });
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_LE(connections.opened(), 4u);
}

}  // namespace
}  // namespace retort
