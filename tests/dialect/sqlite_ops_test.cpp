// Every op rendered by the SQLite dialect, executed on a real SQLite database and checked by
// reflection, the way the runner runs a revision: one BEGIN IMMEDIATE transaction, with foreign
// key enforcement turned off around it when an op rebuilds a table.
#include <gtest/gtest.h>

#include "base/error.hpp"
#include "db/sqlite_connection.hpp"
#include "dialect/sqlite_dialect.hpp"
#include "diff/normalize.hpp"
#include "ops/load_revision.hpp"
#include "schema/sqlite_reflect.hpp"
#include "support/spec_builders.hpp"

namespace retort {
namespace {

using Mode = SqliteConnection::OpenMode;
using K = Type::Kind;

const SqlDialect& sqlite = sqlite_dialect();

using testing::column;
using testing::error_of;
using testing::number_default;
using testing::sql_default;
using testing::type_of;

// Runs `ops` as one revision (see the file comment). On failure rolls back and rethrows.
void run(Connection& conn, const std::vector<OpBody>& ops) {
  bool rebuilds = false;
  for (const OpBody& body : ops) rebuilds |= sqlite.needs_table_state(Op{body, {}, {}, {}});
  RenderContext ctx;
  ctx.lookup_table = [&](const std::string& t) { return reflect_sqlite_table(conn, t); };
  if (rebuilds) conn.execute("PRAGMA foreign_keys=OFF");
  conn.execute("BEGIN IMMEDIATE");
  try {
    for (const OpBody& body : ops)
      for (const std::string& sql : sqlite.render(Op{body, {}, {}, {}}, ctx)) conn.execute(sql);
    conn.execute("COMMIT");
  } catch (...) {
    conn.execute("ROLLBACK");
    if (rebuilds) conn.execute("PRAGMA foreign_keys=ON");
    throw;
  }
  if (rebuilds) conn.execute("PRAGMA foreign_keys=ON");
}

void run(Connection& conn, OpBody op) {
  run(conn, std::vector<OpBody>{std::move(op)});
}

ColumnSpec id_column() {
  ColumnSpec id = column("id", type_of(K::integer), false);
  id.primary_key = true;
  id.autoincrement = true;
  return id;
}

std::string scalar(Connection& conn, const std::string& sql) {
  return conn.query(sql).scalar().value_or("<null>");
}

TableSpec table(Connection& conn, const std::string& name) {
  auto state = reflect_sqlite_table(conn, name);
  if (!state) throw std::runtime_error("no table " + name);
  return state->spec;
}

class SqliteOps : public ::testing::Test {
 protected:
  void SetUp() override {
    conn_ = SqliteConnection::open(":memory:", Mode::read_write_create);
    TableSpec users;
    users.name = "users";
    users.columns = {id_column(), column("email", type_of(K::string, 100), false),
                     column("age", type_of(K::integer))};
    run(*conn_, CreateTable{users, false});
    conn_->execute("INSERT INTO users (email, age) VALUES ('a@x', 30), ('b@x', NULL), ('c@x', 41)");
  }
  std::unique_ptr<SqliteConnection> conn_;
};

TEST_F(SqliteOps, CreateAndDropTable) {
  TableSpec t;
  t.name = "tags";
  t.columns = {id_column(), column("label", type_of(K::text), false)};
  run(*conn_, CreateTable{t, true});
  run(*conn_, CreateTable{t, true});  // if_not_exists: a second run is harmless
  TableSpec got = normalize_table(table(*conn_, "tags"), Dialect::sqlite);
  TableSpec want = normalize_table(t, Dialect::sqlite);
  EXPECT_EQ(got.columns, want.columns);
  EXPECT_EQ(got.primary_key, want.primary_key);
  EXPECT_THROW(run(*conn_, CreateTable{t, false}), Error);
  run(*conn_, DropTable{"tags", false});
  EXPECT_FALSE(reflect_sqlite_table(*conn_, "tags"));
  run(*conn_, DropTable{"tags", true});
  EXPECT_THROW(run(*conn_, DropTable{"tags", false}), Error);
}

TEST_F(SqliteOps, RenameTableKeepsRows) {
  run(*conn_, RenameTable{"users", "accounts"});
  EXPECT_FALSE(reflect_sqlite_table(*conn_, "users"));
  EXPECT_EQ(scalar(*conn_, "SELECT count(*) FROM accounts"), "3");
}

TEST_F(SqliteOps, AddColumnInPlaceAndByRebuild) {
  ColumnSpec prio = column("priority", type_of(K::integer), false);
  prio.server_default = number_default("0");
  run(*conn_, AddColumn{"users", prio, false});
  run(*conn_, AddColumn{"users", prio, true});  // exists already: nothing to do
  TableSpec with_priority = table(*conn_, "users");
  const ColumnSpec* added = with_priority.find_column("priority");
  ASSERT_TRUE(added);
  EXPECT_FALSE(added->nullable);
  EXPECT_EQ(added->server_default, number_default("0"));
  EXPECT_EQ(scalar(*conn_, "SELECT sum(priority) FROM users"), "0");

  // SQLite refuses these on a table with rows; the rebuild does them.
  ColumnSpec stamp = column("created_at", type_of(K::datetime), false);
  stamp.server_default = sql_default("CURRENT_TIMESTAMP");
  run(*conn_, AddColumn{"users", stamp, false});
  EXPECT_EQ(scalar(*conn_, "SELECT count(*) FROM users WHERE created_at IS NOT NULL"), "3");
  ColumnSpec code = column("code", type_of(K::text));
  code.unique = true;
  run(*conn_, AddColumn{"users", code, false});
  conn_->execute("UPDATE users SET code = 'x' WHERE id = 1");
  EXPECT_THROW(conn_->execute("UPDATE users SET code = 'x' WHERE id = 2"), Error);
  TableSpec t = table(*conn_, "users");
  ASSERT_EQ(t.unique.size(), 1u);
  EXPECT_EQ(t.unique[0].columns, std::vector<std::string>{"code"});
  // A NOT NULL column without a default cannot be added to a table with rows.
  std::string message = error_of([&] {
    run(*conn_, AddColumn{"users", column("must", type_of(K::text), false), false});
  });
  EXPECT_NE(message.find("NOT NULL constraint failed: _retort_new_users.must"), std::string::npos)
      << message;
  EXPECT_FALSE(table(*conn_, "users").find_column("must"));
}

TEST_F(SqliteOps, DropColumnInPlaceAndByRebuild) {
  run(*conn_, DropColumn{"users", "age", false});
  EXPECT_FALSE(table(*conn_, "users").find_column("age"));
  run(*conn_, DropColumn{"users", "age", true});
  IndexSpec idx;
  idx.name = "ix_email";
  idx.columns = {IndexColumn{"email", ""}};
  run(*conn_, CreateIndex{idx, "users", false, false});
  run(*conn_, AddColumn{"users", column("nick", type_of(K::text)), false});
  // email is indexed: ALTER TABLE DROP COLUMN would fail; the rebuild drops the index with it.
  run(*conn_, DropColumn{"users", "email", false});
  TableSpec t = table(*conn_, "users");
  EXPECT_FALSE(t.find_column("email"));
  EXPECT_TRUE(t.indexes.empty());
  EXPECT_EQ(scalar(*conn_, "SELECT group_concat(id) FROM users"), "1,2,3");
}

TEST_F(SqliteOps, AlterColumnTypeNullabilityAndDefault) {
  AlterColumn a;
  a.table = "users";
  a.column = "age";
  a.type = type_of(K::bigint);
  a.server_default = std::optional<DefaultValue>(number_default("18"));
  run(*conn_, a);
  ColumnSpec age = *table(*conn_, "users").find_column("age");
  EXPECT_EQ(age.type.kind, K::bigint);
  EXPECT_EQ(age.server_default, number_default("18"));
  EXPECT_TRUE(age.nullable);

  AlterColumn not_null;
  not_null.table = "users";
  not_null.column = "age";
  not_null.nullable = false;
  std::string message = error_of([&] { run(*conn_, not_null); });
  EXPECT_NE(message.find("NOT NULL constraint failed"), std::string::npos) << message;
  EXPECT_TRUE(table(*conn_, "users").find_column("age")->nullable);  // rolled back
  conn_->execute("UPDATE users SET age = 0 WHERE age IS NULL");
  run(*conn_, not_null);
  EXPECT_FALSE(table(*conn_, "users").find_column("age")->nullable);

  AlterColumn drop_default;
  drop_default.table = "users";
  drop_default.column = "age";
  drop_default.server_default = std::optional<DefaultValue>();
  run(*conn_, drop_default);
  EXPECT_FALSE(table(*conn_, "users").find_column("age")->server_default);

  AlterColumn rename;
  rename.table = "users";
  rename.column = "age";
  rename.rename_to = "years";
  rename.type = type_of(K::text);
  run(*conn_, rename);
  TableSpec t = table(*conn_, "users");
  EXPECT_FALSE(t.find_column("age"));
  ASSERT_TRUE(t.find_column("years"));
  EXPECT_EQ(t.find_column("years")->type.kind, K::text);
  EXPECT_FALSE(t.find_column("years")->nullable);
  EXPECT_EQ(scalar(*conn_, "SELECT group_concat(years || ':' || typeof(years)) FROM users"),
            "30:text,0:text,41:text");
  // The rowid alias survived every rebuild.
  EXPECT_TRUE(t.find_column("id")->autoincrement);
  conn_->execute("INSERT INTO users (email, years) VALUES ('d@x', '1')");
  EXPECT_EQ(scalar(*conn_, "SELECT max(id) FROM users"), "4");
}

TEST_F(SqliteOps, IndexesPartialExpressionAndUnique) {
  IndexSpec partial;
  partial.name = "ix_age";
  partial.columns = {IndexColumn{"age", ""}};
  partial.where = "age IS NOT NULL";
  IndexSpec expr;
  expr.name = "ux_email";
  expr.unique = true;
  expr.columns = {IndexColumn{"", "lower(email)"}};
  run(*conn_, std::vector<OpBody>{CreateIndex{partial, "users", false, false},
                                  CreateIndex{expr, "users", true, true}});
  TableSpec t = table(*conn_, "users");
  ASSERT_EQ(t.indexes.size(), 2u);
  EXPECT_EQ(t.indexes[0], partial);
  EXPECT_EQ(t.indexes[1], expr);
  EXPECT_THROW(conn_->execute("INSERT INTO users (email) VALUES ('A@X')"), Error);
  run(*conn_, DropIndex{"ux_email", "users", false, false});
  run(*conn_, DropIndex{"ux_email", "users", false, true});
  conn_->execute("INSERT INTO users (email) VALUES ('A@X')");
  EXPECT_EQ(table(*conn_, "users").indexes.size(), 1u);
}

TEST_F(SqliteOps, ForeignKeysAddedCheckedAndDropped) {
  TableSpec orders;
  orders.name = "orders";
  orders.columns = {id_column(), column("user_id", type_of(K::integer))};
  run(*conn_, CreateTable{orders, false});
  conn_->execute("INSERT INTO orders (user_id) VALUES (1), (3), (99)");

  ForeignKeySpec fk;
  fk.name = "fk_orders_user";
  fk.columns = {"user_id"};
  fk.ref_table = "users";
  fk.ref_columns = {"id"};
  fk.on_delete = "CASCADE";
  std::string message = error_of([&] { run(*conn_, CreateForeignKey{"orders", fk}); });
  EXPECT_EQ(message,
            "foreign key check failed: 1 row(s) violate a foreign key\n"
            "  row 3 of \"orders\" has no parent row in \"users\"\n"
            "  SQL: PRAGMA foreign_key_check(\"orders\")");
  EXPECT_TRUE(table(*conn_, "orders").foreign_keys.empty());  // rolled back
  EXPECT_EQ(scalar(*conn_, "SELECT count(*) FROM orders"), "3");

  conn_->execute("DELETE FROM orders WHERE user_id = 99");
  run(*conn_, CreateForeignKey{"orders", fk});
  TableSpec t = table(*conn_, "orders");
  ASSERT_EQ(t.foreign_keys.size(), 1u);
  EXPECT_EQ(t.foreign_keys[0], fk);
  conn_->execute("DELETE FROM users WHERE id = 1");
  EXPECT_EQ(scalar(*conn_, "SELECT group_concat(user_id) FROM orders"), "3");  // cascaded

  run(*conn_, DropConstraint{"fk_orders_user", "orders", ConstraintType::foreign_key});
  EXPECT_TRUE(table(*conn_, "orders").foreign_keys.empty());
  conn_->execute("INSERT INTO orders (user_id) VALUES (12345)");  // no longer enforced
}

TEST_F(SqliteOps, UniqueCheckAndPrimaryKeyConstraints) {
  run(*conn_, CreateUniqueConstraint{"users", UniqueSpec{"uq_email", {"email"}, {}}});
  EXPECT_THROW(conn_->execute("INSERT INTO users (email) VALUES ('a@x')"), Error);
  CheckSpec ck;
  ck.name = "ck_age";
  ck.expression.common = "age IS NULL OR age >= 0";
  run(*conn_, CreateCheckConstraint{"users", ck});
  EXPECT_THROW(conn_->execute("INSERT INTO users (email, age) VALUES ('z@x', -1)"), Error);
  TableSpec t = table(*conn_, "users");
  ASSERT_EQ(t.unique.size(), 1u);
  EXPECT_EQ(t.unique[0].name, "uq_email");
  ASSERT_EQ(t.checks.size(), 1u);
  EXPECT_EQ(t.checks[0], ck);

  CheckSpec failing;
  failing.name = "ck_old";
  failing.expression.common = "age > 35";
  EXPECT_NE(error_of([&] {
              run(*conn_, CreateCheckConstraint{"users", failing});
            }).find("CHECK constraint failed: ck_old"),
            std::string::npos);

  run(*conn_, std::vector<OpBody>{
                  DropConstraint{"uq_email", "users", ConstraintType::unique},
                  DropConstraint{"ck_age", "users", ConstraintType::check},
              });
  t = table(*conn_, "users");
  EXPECT_TRUE(t.unique.empty());
  EXPECT_TRUE(t.checks.empty());
  conn_->execute("INSERT INTO users (email, age) VALUES ('a@x', -1)");

  TableSpec pairs;
  pairs.name = "pairs";
  pairs.columns = {column("a", type_of(K::integer), false), column("b", type_of(K::text), false)};
  run(*conn_, CreateTable{pairs, false});
  conn_->execute("INSERT INTO pairs VALUES (1, 'x'), (1, 'y')");
  run(*conn_, CreatePrimaryKey{"pairs", PrimaryKeySpec{"pk_pairs", {"a", "b"}}});
  t = table(*conn_, "pairs");
  ASSERT_TRUE(t.primary_key);
  EXPECT_EQ(*t.primary_key, (PrimaryKeySpec{"pk_pairs", {"a", "b"}}));
  EXPECT_THROW(conn_->execute("INSERT INTO pairs VALUES (1, 'x')"), Error);
  EXPECT_EQ(error_of([&] {
              run(*conn_, CreatePrimaryKey{"pairs", PrimaryKeySpec{"pk2", {"a"}}});
            }),
            "create_primary_key: table \"pairs\" already has a primary key");
  run(*conn_, DropConstraint{"pk_pairs", "pairs", ConstraintType::primary_key});
  EXPECT_FALSE(table(*conn_, "pairs").primary_key);
  conn_->execute("INSERT INTO pairs VALUES (1, 'x')");
}

TEST_F(SqliteOps, EnumColumnsAreCheckedAndTheirCheckCanBeDropped) {
  TableSpec t;
  t.name = "campaigns";
  Type status = type_of(K::enum_);
  status.enum_name = "campaign_status";
  status.enum_values = {"active", "paused"};
  t.columns = {id_column(), column("status", status, false)};
  run(*conn_,
      std::vector<OpBody>{CreateEnum{EnumSpec{"campaign_status", {"active", "paused"}, {}}},
                          CreateTable{t, false}, AddEnumValue{"campaign_status", "done", "", ""}});
  conn_->execute("INSERT INTO campaigns (status) VALUES ('active')");
  EXPECT_THROW(conn_->execute("INSERT INTO campaigns (status) VALUES ('done')"), Error);
  EXPECT_EQ(table(*conn_, "campaigns").find_column("status")->type, status);
  run(*conn_, DropConstraint{"campaign_status", "campaigns", ConstraintType::check});
  EXPECT_EQ(table(*conn_, "campaigns").find_column("status")->type, type_of(K::string, 6));
  conn_->execute("INSERT INTO campaigns (status) VALUES ('done')");
}

TEST_F(SqliteOps, ExecuteAndBulkInsert) {
  BulkInsert b;
  b.table = "users";
  b.columns = {"email", "age"};
  b.rows = {{Value{Value::Kind::string, "o'brien@x"}, Value{Value::Kind::integer, "7"}},
            {Value{Value::Kind::string, "\"q\"@x"}, Value{}}};
  Execute e;
  e.sql.per_dialect = {{Dialect::sqlite, "UPDATE users SET age = age + 1 WHERE age IS NOT NULL"},
                       {Dialect::postgresql, "SELECT pg_sleep(100)"}};
  run(*conn_, std::vector<OpBody>{b, e});
  EXPECT_EQ(scalar(*conn_,
                   "SELECT group_concat(email || '=' || ifnull(age, 'null'), ' ') "
                   "FROM users"),
            "a@x=31 b@x=null c@x=42 o'brien@x=8 \"q\"@x=null");
}

// The brief's acceptance test: a rebuild keeps 10,000 rows and their values, the foreign keys
// that point out of the table and into it, its indexes and triggers, views over it, and leaves
// PRAGMA foreign_key_check clean.
TEST(SqliteRebuild, KeepsRowsForeignKeysIndexesAndTriggers) {
  auto conn = SqliteConnection::open(":memory:", Mode::read_write_create);
  conn->execute(R"(
    CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
    CREATE TABLE users (
      id INTEGER PRIMARY KEY,
      account_id INTEGER NOT NULL CONSTRAINT fk_users_account REFERENCES accounts (id) ON DELETE CASCADE,
      email VARCHAR(100) NOT NULL,
      score INTEGER,
      note TEXT DEFAULT 'none',
      CONSTRAINT uq_users_email UNIQUE (email)
    );
    CREATE TABLE orders (
      id INTEGER PRIMARY KEY,
      user_id INTEGER NOT NULL,
      amount NUMERIC(10, 2),
      CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
    );
    CREATE TABLE audit (user_id INTEGER, old_score INTEGER, new_score INTEGER);
    CREATE INDEX ix_users_score ON users (score) WHERE score > 100;
    CREATE INDEX ix_users_lower_email ON users (lower(email));
    CREATE TRIGGER tr_users_score AFTER UPDATE OF score ON users
      BEGIN INSERT INTO audit VALUES (new.id, old.score, new.score); END;
    CREATE VIEW rich_users AS SELECT id, email FROM users WHERE score > 90000;
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
      INSERT INTO accounts SELECT i, 'account ' || i FROM n;
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
      INSERT INTO users (id, account_id, email, score, note)
      SELECT i, 1 + i % 100, 'user' || i || '@example.com',
             CASE WHEN i % 7 = 0 THEN NULL ELSE i END, 'it''s #' || i FROM n;
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
      INSERT INTO orders (user_id, amount) SELECT 1 + (i * 37) % 10000, i / 100.0 FROM n;
  )");
  const std::string fingerprint_sql =
      "SELECT count(*) || '|' || sum(id) || '|' || sum(account_id) || '|' || "
      "total(score) || '|' || group_concat(email || note, ',') FROM users";
  std::string before = scalar(*conn, fingerprint_sql);
  std::string orders_before = scalar(*conn, "SELECT count(*) || '|' || sum(user_id) FROM orders");
  TableSpec users_before = table(*conn, "users");

  // score: INTEGER -> BIGINT NOT NULL DEFAULT 0 (after filling the NULLs), plus a new check:
  // two rebuilds in one revision.
  conn->execute("UPDATE users SET score = 0 WHERE score IS NULL");
  conn->execute("DELETE FROM audit");
  before = scalar(*conn, fingerprint_sql);
  AlterColumn alter;
  alter.table = "users";
  alter.column = "score";
  alter.type = type_of(K::bigint);
  alter.nullable = false;
  alter.server_default = std::optional<DefaultValue>(number_default("0"));
  CheckSpec ck;
  ck.name = "ck_users_score";
  ck.expression.common = "score >= 0";
  run(*conn, std::vector<OpBody>{alter, CreateCheckConstraint{"users", ck}});

  // Rows and values.
  EXPECT_EQ(scalar(*conn, fingerprint_sql), before);
  EXPECT_EQ(scalar(*conn, "SELECT count(*) || '|' || sum(user_id) FROM orders"), orders_before);
  EXPECT_EQ(scalar(*conn, "SELECT count(*) FROM pragma_foreign_key_check"), "0");
  EXPECT_EQ(scalar(*conn, "SELECT count(*) FROM audit"), "0");  // copying fired no trigger
  EXPECT_EQ(scalar(*conn, "SELECT count(*) FROM sqlite_schema WHERE name LIKE '_retort%'"), "0");

  // The new definition, and everything the old one had.
  TableSpec users = table(*conn, "users");
  const ColumnSpec* score = users.find_column("score");
  ASSERT_TRUE(score);
  EXPECT_EQ(score->type.kind, K::bigint);
  EXPECT_FALSE(score->nullable);
  EXPECT_EQ(score->server_default, number_default("0"));
  ASSERT_EQ(users.checks.size(), 1u);
  EXPECT_EQ(users.checks[0], ck);
  EXPECT_EQ(users.foreign_keys, users_before.foreign_keys);
  EXPECT_EQ(users.unique, users_before.unique);
  EXPECT_EQ(users.indexes, users_before.indexes);
  EXPECT_EQ(users.primary_key, users_before.primary_key);
  EXPECT_TRUE(users.find_column("id")->autoincrement);
  auto state = reflect_sqlite_table(*conn, "users");
  ASSERT_EQ(state->trigger_sql.size(), 1u);
  EXPECT_NE(state->trigger_sql[0].find("CREATE TRIGGER tr_users_score"), std::string::npos);

  // The indexes are used, the trigger fires, the view reads the new table.
  QueryResult plan = conn->query(
      "EXPLAIN QUERY PLAN SELECT id FROM users WHERE lower(email) = 'user5@example.com'");
  ASSERT_FALSE(plan.rows.empty());
  EXPECT_NE(plan.rows.back().back().value_or("").find("ix_users_lower_email"), std::string::npos);
  conn->execute("UPDATE users SET score = 90001 WHERE id = 5");
  EXPECT_EQ(scalar(*conn, "SELECT user_id || ':' || old_score || '->' || new_score FROM audit"),
            "5:5->90001");
  EXPECT_EQ(scalar(*conn, "SELECT group_concat(email) FROM rich_users"), "user5@example.com");
  EXPECT_THROW(conn->execute("UPDATE users SET score = -1 WHERE id = 6"), Error);  // the check
  EXPECT_THROW(
      conn->execute("INSERT INTO users (account_id, email) VALUES (1, 'user7@example.com')"),
      Error);  // the unique constraint

  // Foreign keys out of users (to accounts) and into users (from orders) are still enforced.
  EXPECT_THROW(conn->execute("INSERT INTO users (account_id, email) VALUES (999, 'n@x')"), Error);
  EXPECT_THROW(conn->execute("INSERT INTO orders (user_id) VALUES (10001)"), Error);
  std::string orders_of_42 = scalar(*conn, "SELECT count(*) FROM orders WHERE user_id = 42");
  EXPECT_NE(orders_of_42, "0");
  conn->execute("DELETE FROM users WHERE id = 42");
  EXPECT_EQ(scalar(*conn, "SELECT count(*) FROM orders WHERE user_id = 42"), "0");  // cascade
  conn->execute("DELETE FROM accounts WHERE id = 1");
  EXPECT_EQ(scalar(*conn, "SELECT count(*) FROM users WHERE account_id = 1"), "0");
}

// Odd names, a self-referencing key and an AUTOINCREMENT table survive a rebuild.
TEST(SqliteRebuild, SelfReferencesAndNamesThatNeedQuoting) {
  auto conn = SqliteConnection::open(":memory:", Mode::read_write_create);
  conn->execute(R"(
    CREATE TABLE "order ""items""" (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      "parent id" INTEGER REFERENCES "order ""items""" (id) ON DELETE CASCADE,
      "select" TEXT
    );
    INSERT INTO "order ""items""" VALUES (1, NULL, 'a'), (2, 1, 'b'), (3, 2, 'c');
  )");
  AlterColumn a;
  a.table = "order \"items\"";
  a.column = "select";
  a.nullable = false;
  a.rename_to = "where";
  run(*conn, a);
  TableSpec t = table(*conn, "order \"items\"");
  ASSERT_EQ(t.foreign_keys.size(), 1u);
  EXPECT_EQ(t.foreign_keys[0].ref_table, "order \"items\"");
  EXPECT_EQ(t.foreign_keys[0].columns, std::vector<std::string>{"parent id"});
  ASSERT_TRUE(t.find_column("where"));
  EXPECT_FALSE(t.find_column("where")->nullable);
  EXPECT_EQ(scalar(*conn, "SELECT group_concat(\"where\") FROM \"order \"\"items\"\"\""), "a,b,c");
  conn->execute("DELETE FROM \"order \"\"items\"\"\" WHERE id = 1");  // cascades down the chain
  EXPECT_EQ(scalar(*conn, "SELECT count(*) FROM \"order \"\"items\"\"\""), "0");
  EXPECT_THROW(conn->execute("INSERT INTO \"order \"\"items\"\"\" VALUES (9, 99, 'x')"), Error);
}

// Why the runner must turn foreign keys off around a revision that rebuilds a table:
// PRAGMA defer_foreign_keys does not stop ON DELETE actions when the old table is dropped.
TEST(SqliteRebuild, WithForeignKeysOnTheDropWouldCascade) {
  auto conn = SqliteConnection::open(":memory:", Mode::read_write_create);
  conn->execute(
      "CREATE TABLE p (id INTEGER PRIMARY KEY, v TEXT);"
      "CREATE TABLE c (id INTEGER PRIMARY KEY, p INTEGER REFERENCES p (id) ON DELETE CASCADE);"
      "INSERT INTO p VALUES (1, 'a'); INSERT INTO c VALUES (10, 1);");
  AlterColumn a;
  a.table = "p";
  a.column = "v";
  a.nullable = false;
  RenderContext ctx;
  ctx.lookup_table = [&](const std::string& t) { return reflect_sqlite_table(*conn, t); };
  conn->execute("BEGIN IMMEDIATE");  // foreign_keys still ON: the wrong way
  for (const std::string& sql : sqlite.render(Op{a, {}, {}, {}}, ctx)) conn->execute(sql);
  EXPECT_EQ(scalar(*conn, "SELECT count(*) FROM c"), "0");
  conn->execute("ROLLBACK");
  run(*conn, a);  // the right way
  EXPECT_EQ(scalar(*conn, "SELECT count(*) FROM c"), "1");
  EXPECT_FALSE(table(*conn, "p").find_column("v")->nullable);
}

// The ops of `yaml`, as bodies.
std::vector<OpBody> bodies(std::string_view yaml) {
  std::vector<OpBody> out;
  for (const Op& op : parse_op_list("ops.yaml", yaml)) out.push_back(op.body);
  return out;
}

// Generated columns on SQLite: STORED added by a rebuild (ADD COLUMN cannot), VIRTUAL in place;
// their values computed, never copied by a rebuild; reflection reads the expression back.
TEST(SqliteFeatures, GeneratedColumnsStoredAndVirtual) {
  auto conn = SqliteConnection::open(":memory:", Mode::read_write_create);
  run(*conn, bodies(R"yaml(
- create_table:
    table: lines
    columns:
      - {name: id, type: integer, primary_key: true, identity: always}
      - {name: price, type: integer}
      - {name: quantity, type: integer}
      - {name: total, type: integer, generated: {expression: "price * quantity", stored: true}}
)yaml"));
  conn->execute("INSERT INTO lines (price, quantity) VALUES (3, 4)");
  run(*conn, bodies(R"yaml(
- add_column: {table: lines, column: {name: doubled, type: integer, generated: "price * 2"}}
- add_column: {table: lines, column: {name: tripled, type: integer,
               generated: {expression: "price * 3", stored: false}}}
- alter_column: {table: lines, column: quantity, nullable: false}
)yaml"));
  EXPECT_EQ(
      scalar(*conn, "SELECT id || ':' || total || ':' || doubled || ':' || tripled FROM lines"),
      "1:12:6:9");
  TableSpec t = table(*conn, "lines");
  ASSERT_TRUE(t.find_column("total")->generated);
  EXPECT_EQ(t.find_column("total")->generated->expression.common, "price * quantity");
  EXPECT_TRUE(t.find_column("total")->generated->stored);
  EXPECT_TRUE(t.find_column("doubled")->generated->stored);
  EXPECT_FALSE(t.find_column("tripled")->generated->stored);
  // The identity key is SQLite's rowid.
  EXPECT_TRUE(t.find_column("id")->autoincrement);
}

TEST(SqliteFeatures, RenameIndexRecreatesItUnderTheNewName) {
  auto conn = SqliteConnection::open(":memory:", Mode::read_write_create);
  run(*conn, bodies(R"yaml(
- create_table: {table: docs, columns: [{name: id, type: integer}, {name: title, type: text}]}
- create_index: {name: ix_docs_title, table: docs, columns: [{name: title, order: desc}],
                 unique: true, where: "id > 0"}
- rename_index: {name: ix_docs_title, to: ix_docs_title_desc, table: docs}
)yaml"));
  TableSpec t = table(*conn, "docs");
  ASSERT_EQ(t.indexes.size(), 1u);
  EXPECT_EQ(t.indexes[0].name, "ix_docs_title_desc");
  EXPECT_TRUE(t.indexes[0].unique);
  EXPECT_TRUE(t.indexes[0].columns[0].descending);
  EXPECT_EQ(t.indexes[0].where, "id > 0");
  EXPECT_EQ(
      error_of([&] { run(*conn, bodies("- rename_index: {name: ix_docs_title_desc, to: x}\n")); }),
      "rename_index on SQLite needs `table`: SQLite cannot rename an index, "
      "so retort creates it again from its table's definition");
  EXPECT_EQ(
      error_of([&] { run(*conn, bodies("- rename_index: {name: nope, to: x, table: docs}\n")); }),
      "rename_index: table \"docs\" has no index named \"nope\"");
  // validate_constraint has nothing to do on SQLite.
  EXPECT_TRUE(
      sqlite
          .render(parse_op_list("o.yaml", "- validate_constraint: {name: c, table: docs}\n")[0],
                  RenderContext{})
          .empty());
}

// What SQLite cannot do is an error when the op runs (located at the op in a revision; `run`
// here drops the ops' places), and nothing changes.
TEST(SqliteFeatures, NullsNotDistinctAndIdentityOutsideTheKeyAreRefused) {
  auto conn = SqliteConnection::open(":memory:", Mode::read_write_create);
  EXPECT_EQ(error_of([&] {
              run(*conn,
                  bodies("- create_table: {table: t, columns: [{name: a, type: integer}],\n"
                         "    unique: [{name: uq_a, columns: [a], nulls_not_distinct: true}]}\n"));
            }),
            "ops.yaml:2:14: unique constraint uq_a: SQLite cannot make NULLs not distinct (its "
            "unique indexes always treat NULLs as distinct); give the op `dialect: postgresql`");
  EXPECT_EQ(error_of([&] {
              run(*conn, bodies("- create_table: {table: t, columns: [{name: id, type: integer},\n"
                                "    {name: n, type: integer, identity: always}]}\n"));
            }),
            "ops.yaml:2:5: identity column 'n': SQLite has no identity columns; there an identity "
            "column can only be the table's single integer primary key (SQLite's rowid numbers "
            "it): make it the table's only primary-key column, or give the op "
            "`dialect: postgresql`");
  EXPECT_FALSE(reflect_sqlite_table(*conn, "t").has_value());
  run(*conn, bodies("- create_table: {table: t, columns: [{name: a, type: integer}]}\n"));
  EXPECT_EQ(error_of([&] {
              run(*conn, bodies("- create_index: {name: ix, table: t, columns: [a], unique: true,"
                                " nulls_not_distinct: true}\n"));
            }),
            "ops.yaml:1:3: index ix: SQLite cannot make NULLs not distinct (its unique indexes "
            "always treat NULLs as distinct); give the op `dialect: postgresql`");
}

}  // namespace
}  // namespace retort
