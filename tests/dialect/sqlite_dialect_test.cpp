// Pure rendering tests for the SQLite dialect (no database): quoting, types, defaults and the
// exact SQL of each op. Effects on a real database are in sqlite_ops_test.cpp.
#include "dialect/sqlite_dialect.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "support/spec_builders.hpp"

namespace retort {
namespace {

const SqlDialect& d = sqlite_dialect();

using testing::column;
using testing::error_of;
using testing::sql_default;
using testing::type_of;

std::vector<std::string> render(OpBody body, const RenderContext& ctx = {}) {
  return d.render(Op{std::move(body), {}, {}, {}}, ctx);
}

TEST(SqliteDialect, QuotesIdentifiersAndLiterals) {
  EXPECT_EQ(d.name(), Dialect::sqlite);
  EXPECT_EQ(d.quote_identifier("users"), "\"users\"");
  EXPECT_EQ(d.quote_identifier("we\"ird"), "\"we\"\"ird\"");
  EXPECT_EQ(d.quote_identifier("main.users"), "\"main\".\"users\"");
  EXPECT_EQ(d.quote_literal("it's"), "'it''s'");
  EXPECT_EQ(d.quote_literal(""), "''");
  EXPECT_EQ(&dialect_for(Dialect::sqlite), &d);
}

TEST(SqliteDialect, RendersEveryPortableType) {
  using K = Type::Kind;
  Type s50 = type_of(K::string);
  s50.length = 50;
  Type num = type_of(K::numeric);
  num.precision = 10;
  num.scale = 2;
  Type num_p = type_of(K::numeric);
  num_p.precision = 8;
  Type tz = type_of(K::datetime);
  tz.timezone = true;
  Type en = type_of(K::enum_);
  en.enum_name = "status";
  en.enum_values = {"active", "paused", "x"};
  Type custom = type_of(K::custom);
  custom.custom_sql.per_dialect = {{Dialect::postgresql, "INET"}, {Dialect::sqlite, "TEXT"}};
  Type pg_only = type_of(K::custom);
  pg_only.custom_sql.per_dialect = {{Dialect::postgresql, "CIDR"}};

  EXPECT_EQ(d.render_type(type_of(K::integer)), "INTEGER");
  EXPECT_EQ(d.render_type(type_of(K::bigint)), "BIGINT");
  EXPECT_EQ(d.render_type(type_of(K::smallint)), "SMALLINT");
  EXPECT_EQ(d.render_type(type_of(K::boolean)), "BOOLEAN");
  EXPECT_EQ(d.render_type(type_of(K::float_)), "FLOAT");
  EXPECT_EQ(d.render_type(type_of(K::double_)), "DOUBLE");
  EXPECT_EQ(d.render_type(num), "NUMERIC(10, 2)");
  EXPECT_EQ(d.render_type(num_p), "NUMERIC(8)");
  EXPECT_EQ(d.render_type(type_of(K::numeric)), "NUMERIC");
  EXPECT_EQ(d.render_type(s50), "VARCHAR(50)");
  EXPECT_EQ(d.render_type(type_of(K::string)), "VARCHAR");
  EXPECT_EQ(d.render_type(type_of(K::text)), "TEXT");
  EXPECT_EQ(d.render_type(type_of(K::date)), "DATE");
  EXPECT_EQ(d.render_type(type_of(K::time)), "TIME");
  EXPECT_EQ(d.render_type(type_of(K::datetime)), "DATETIME");
  EXPECT_EQ(d.render_type(tz), "DATETIME");
  EXPECT_EQ(d.render_type(type_of(K::json)), "JSON");
  EXPECT_EQ(d.render_type(type_of(K::jsonb)), "JSON");
  EXPECT_EQ(d.render_type(type_of(K::uuid)), "CHAR(36)");
  EXPECT_EQ(d.render_type(type_of(K::binary)), "BLOB");
  EXPECT_EQ(d.render_type(en), "VARCHAR(6)");
  EXPECT_EQ(d.render_type(custom), "TEXT");
  EXPECT_EQ(error_of([&] { d.render_type(pg_only); }),
            "custom type has no sqlite form; write it as {sql: …} or add a sqlite: key");
}

TEST(SqliteDialect, RendersDefaults) {
  DefaultValue zero;
  zero.kind = DefaultValue::Kind::number;
  zero.number = "0";
  DefaultValue neg = zero;
  neg.number = "-1.5";
  DefaultValue bogus = zero;
  bogus.number = "1; DROP TABLE x";
  DefaultValue yes;
  yes.kind = DefaultValue::Kind::boolean;
  yes.boolean = true;
  DefaultValue no = yes;
  no.boolean = false;
  DefaultValue per_dialect;
  per_dialect.sql.per_dialect = {{Dialect::postgresql, "'{}'::jsonb"}, {Dialect::sqlite, "'{}'"}};
  DefaultValue pg_only;
  pg_only.sql.per_dialect = {{Dialect::postgresql, "now()"}};

  EXPECT_EQ(d.render_default(zero), "0");
  EXPECT_EQ(d.render_default(neg), "-1.5");
  EXPECT_EQ(d.render_default(bogus), "'1; DROP TABLE x'");
  EXPECT_EQ(d.render_default(yes), "1");
  EXPECT_EQ(d.render_default(no), "0");
  EXPECT_EQ(d.render_default(sql_default("'active'")), "'active'");
  EXPECT_EQ(d.render_default(sql_default("CURRENT_TIMESTAMP")), "CURRENT_TIMESTAMP");
  EXPECT_EQ(d.render_default(sql_default("NULL")), "NULL");
  EXPECT_EQ(d.render_default(sql_default("-5")), "-5");
  EXPECT_EQ(d.render_default(sql_default("X'00ff'")), "X'00ff'");
  EXPECT_EQ(d.render_default(sql_default("datetime('now')")), "(datetime('now'))");
  EXPECT_EQ(d.render_default(sql_default("(1 + 2)")), "(1 + 2)");
  EXPECT_EQ(d.render_default(sql_default("(1) + (2)")), "((1) + (2))");
  EXPECT_EQ(d.render_default(per_dialect), "'{}'");
  EXPECT_EQ(d.render_default(pg_only), std::nullopt);
}

TableSpec pricing_options() {
  using K = Type::Kind;
  TableSpec t;
  t.name = "pricing_options";
  ColumnSpec id = column("id", type_of(K::integer), false);
  id.primary_key = true;
  id.autoincrement = true;
  t.columns.push_back(id);
  Type s50 = type_of(K::string);
  s50.length = 50;
  t.columns.push_back(column("tenant_id", s50, false));
  t.columns.push_back(column("product_id", s50, false));
  Type num = type_of(K::numeric);
  num.precision = 10;
  num.scale = 2;
  ColumnSpec rate = column("rate", num);
  DefaultValue zero;
  zero.kind = DefaultValue::Kind::number;
  zero.number = "0";
  rate.server_default = zero;
  t.columns.push_back(rate);
  Type en = type_of(K::enum_);
  en.enum_name = "pricing_model";
  en.enum_values = {"cpm", "flat_rate"};
  t.columns.push_back(column("model", en, false));
  ColumnSpec created = column(
      "created_at",
      [] {
        Type tz = type_of(K::datetime);
        tz.timezone = true;
        return tz;
      }(),
      false);
  created.server_default = sql_default("CURRENT_TIMESTAMP");
  created.comment = "when";
  t.columns.push_back(created);
  ColumnSpec code = column("code", type_of(K::text));
  code.unique = true;
  t.columns.push_back(code);
  ForeignKeySpec fk;
  fk.name = "fk_po_product";
  fk.columns = {"tenant_id", "product_id"};
  fk.ref_table = "products";
  fk.ref_columns = {"tenant_id", "product_id"};
  fk.on_delete = "cascade";
  t.foreign_keys.push_back(fk);
  ForeignKeySpec unnamed;
  unnamed.columns = {"tenant_id"};
  unnamed.ref_table = "tenants";
  unnamed.on_update = "SET NULL";
  t.foreign_keys.push_back(unnamed);
  t.unique.push_back(UniqueSpec{"uq_po", {"tenant_id", "product_id", "model"}, {}});
  CheckSpec ck;
  ck.name = "ck_po_rate";
  ck.expression.common = "rate >= 0";
  t.checks.push_back(ck);
  CheckSpec pg_check;
  pg_check.name = "ck_pg";
  pg_check.expression.per_dialect = {{Dialect::postgresql, "rate ~ 'x'"}};
  t.checks.push_back(pg_check);
  IndexSpec idx;
  idx.name = "idx_po_product";
  idx.columns = {IndexColumn{"tenant_id", ""}, IndexColumn{"", "lower(product_id)"}};
  idx.where = "rate > 0";
  idx.using_ = "btree";
  t.indexes.push_back(idx);
  t.comment = "Pricing models";
  return t;
}

TEST(SqliteDialect, CreateTableWithEverything) {
  EXPECT_EQ(render(CreateTable{pricing_options(), false}),
            (std::vector<std::string>{
                "CREATE TABLE \"pricing_options\" (\n"
                "    \"id\" INTEGER PRIMARY KEY,\n"
                "    \"tenant_id\" VARCHAR(50) NOT NULL,\n"
                "    \"product_id\" VARCHAR(50) NOT NULL,\n"
                "    \"rate\" NUMERIC(10, 2) DEFAULT 0,\n"
                "    \"model\" VARCHAR(9) NOT NULL CONSTRAINT \"pricing_model\" CHECK (\"model\" "
                "IN ('cpm', 'flat_rate')),\n"
                "    \"created_at\" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
                "    \"code\" TEXT UNIQUE,\n"
                "    CONSTRAINT \"fk_po_product\" FOREIGN KEY (\"tenant_id\", \"product_id\") "
                "REFERENCES \"products\" (\"tenant_id\", \"product_id\") ON DELETE CASCADE,\n"
                "    FOREIGN KEY (\"tenant_id\") REFERENCES \"tenants\" ON UPDATE SET NULL,\n"
                "    CONSTRAINT \"uq_po\" UNIQUE (\"tenant_id\", \"product_id\", \"model\"),\n"
                "    CONSTRAINT \"ck_po_rate\" CHECK (rate >= 0)\n"
                ")",
                "CREATE INDEX \"idx_po_product\" ON \"pricing_options\" (\"tenant_id\", "
                "lower(product_id)) WHERE rate > 0",
            }));
}

TEST(SqliteDialect, CreateTableKeys) {
  using K = Type::Kind;
  TableSpec t;
  t.name = "main.memberships";
  t.columns = {column("user_id", type_of(K::bigint), false),
               column("group_id", type_of(K::integer), false)};
  t.primary_key = PrimaryKeySpec{"pk_memberships", {"user_id", "group_id"}};
  IndexSpec idx;
  idx.name = "ix_group";
  idx.unique = true;
  idx.columns = {IndexColumn{"group_id", ""}};
  t.indexes.push_back(idx);
  EXPECT_EQ(render(CreateTable{t, true}),
            (std::vector<std::string>{
                "CREATE TABLE IF NOT EXISTS \"main\".\"memberships\" (\n"
                "    \"user_id\" BIGINT NOT NULL,\n"
                "    \"group_id\" INTEGER NOT NULL,\n"
                "    CONSTRAINT \"pk_memberships\" PRIMARY KEY (\"user_id\", \"group_id\")\n"
                ")",
                "CREATE UNIQUE INDEX IF NOT EXISTS \"main\".\"ix_group\" ON \"memberships\" "
                "(\"group_id\")",
            }));

  // An integer key without autoincrement is a table-level key; a bigint with autoincrement is
  // SQLite's rowid alias (INTEGER PRIMARY KEY), named when the key is.
  TableSpec plain;
  plain.name = "plain";
  ColumnSpec id = column("id", type_of(K::integer), false);
  id.primary_key = true;
  plain.columns = {id};
  EXPECT_EQ(render(CreateTable{plain, false}).at(0),
            "CREATE TABLE \"plain\" (\n    \"id\" INTEGER NOT NULL,\n    PRIMARY KEY (\"id\")\n)");
  TableSpec big;
  big.name = "big";
  ColumnSpec bid = column("id", type_of(K::bigint), false);
  bid.autoincrement = true;
  big.columns = {bid};
  big.primary_key = PrimaryKeySpec{"pk_big", {"id"}};
  EXPECT_EQ(render(CreateTable{big, false}).at(0),
            "CREATE TABLE \"big\" (\n    \"id\" INTEGER CONSTRAINT \"pk_big\" PRIMARY KEY\n)");
}

TEST(SqliteDialect, RejectsUnknownForeignKeyActions) {
  TableSpec t = pricing_options();
  t.foreign_keys[0].on_delete = "CASCADE; DROP TABLE x";
  EXPECT_EQ(error_of([&] {
              render(CreateTable{t, false});
            }),
            "unknown foreign key action 'CASCADE; DROP TABLE x' (expected CASCADE, SET NULL, SET "
            "DEFAULT, RESTRICT or NO ACTION)");
}

TEST(SqliteDialect, SimpleOps) {
  EXPECT_EQ(render(DropTable{"users", false}), std::vector<std::string>{"DROP TABLE \"users\""});
  EXPECT_EQ(render(DropTable{"users", true}),
            std::vector<std::string>{"DROP TABLE IF EXISTS \"users\""});
  EXPECT_EQ(render(RenameTable{"users", "accounts"}),
            std::vector<std::string>{"ALTER TABLE \"users\" RENAME TO \"accounts\""});
  ColumnSpec prio = column("priority", type_of(Type::Kind::integer));
  DefaultValue zero;
  zero.kind = DefaultValue::Kind::number;
  zero.number = "0";
  prio.server_default = zero;
  prio.nullable = false;
  EXPECT_EQ(render(AddColumn{"media_buys", prio, false}),
            std::vector<std::string>{
                "ALTER TABLE \"media_buys\" ADD COLUMN \"priority\" INTEGER NOT NULL DEFAULT 0"});
  EXPECT_EQ(render(DropColumn{"media_buys", "priority", false}),
            std::vector<std::string>{"ALTER TABLE \"media_buys\" DROP COLUMN \"priority\""});
  AlterColumn rename;
  rename.table = "t";
  rename.column = "a";
  rename.rename_to = "b";
  rename.comment = std::optional<std::string>("ignored");
  EXPECT_EQ(render(rename),
            std::vector<std::string>{"ALTER TABLE \"t\" RENAME COLUMN \"a\" TO \"b\""});
  IndexSpec idx;
  idx.name = "ix_email";
  idx.unique = true;
  idx.columns = {IndexColumn{"", "lower(email)"}};
  idx.where = "deleted_at IS NULL";
  idx.using_ = "gin";
  EXPECT_EQ(render(CreateIndex{idx, "users", true, true}),
            std::vector<std::string>{"CREATE UNIQUE INDEX IF NOT EXISTS \"ix_email\" ON "
                                     "\"users\" (lower(email)) WHERE deleted_at IS NULL"});
  EXPECT_EQ(render(DropIndex{"ix_email", "users", true, true}),
            std::vector<std::string>{"DROP INDEX IF EXISTS \"ix_email\""});
  EXPECT_EQ(render(DropIndex{"ix_email", "main.users", false, false}),
            std::vector<std::string>{"DROP INDEX \"main\".\"ix_email\""});
}

TEST(SqliteDialect, PostgresqlOnlyOpsAndOtherDialectsRenderNothing) {
  EXPECT_TRUE(render(CreateEnum{EnumSpec{"status", {"a", "b"}, {}}}).empty());
  EXPECT_TRUE(render(DropEnum{"status"}).empty());
  EXPECT_TRUE(render(AddEnumValue{"status", "c", "", "b"}).empty());
  EXPECT_TRUE(render(Call{"backfill"}).empty());
  EXPECT_TRUE(render(Irreversible{"data loss"}).empty());
  Op pg_only{DropTable{"users", false}, {Dialect::postgresql}, {}, {}};
  EXPECT_TRUE(d.render(pg_only, {}).empty());
  EXPECT_FALSE(d.needs_table_state(
      Op{DropConstraint{"x", "t", ConstraintType::check}, {Dialect::postgresql}, {}, {}}));
  Op both{DropTable{"users", false}, {Dialect::postgresql, Dialect::sqlite}, {}, {}};
  EXPECT_EQ(d.render(both, {}).size(), 1u);
}

TEST(SqliteDialect, ExecuteAndAssertRenderTheirSqliteText) {
  Execute e;
  e.sql.per_dialect = {{Dialect::postgresql, "UPDATE t SET a = now()"},
                       {Dialect::sqlite, "UPDATE t SET a = datetime('now')"}};
  EXPECT_EQ(render(e), std::vector<std::string>{"UPDATE t SET a = datetime('now')"});
  Execute pg;
  pg.sql.per_dialect = {{Dialect::postgresql, "VACUUM"}};
  EXPECT_TRUE(render(pg).empty());
  Assert a;
  a.sql.common = "SELECT count(*) = 0 FROM t";
  a.message = "t must be empty";
  EXPECT_EQ(render(a), std::vector<std::string>{"SELECT count(*) = 0 FROM t"});
}

TEST(SqliteDialect, BulkInsertEscapesEveryValue) {
  BulkInsert b;
  b.table = "tenants";
  b.columns = {"id", "name", "active", "ratio", "config", "note"};
  b.rows = {{Value{Value::Kind::integer, "1"}, Value{Value::Kind::string, "O'Brien"},
             Value{Value::Kind::boolean, "true"}, Value{Value::Kind::real, "0.5"},
             Value{Value::Kind::json, "{\"a\": [1, \"it's\"]}"}, Value{}},
            {Value{Value::Kind::integer, "2); DROP TABLE x; --"},
             Value{Value::Kind::string, "\"quoted\""}, Value{Value::Kind::boolean, "false"},
             Value{Value::Kind::real, "-1e3"}}};
  EXPECT_EQ(render(b),
            std::vector<std::string>{
                "INSERT INTO \"tenants\" (\"id\", \"name\", \"active\", \"ratio\", \"config\", "
                "\"note\") VALUES\n"
                "    (1, 'O''Brien', 1, 0.5, '{\"a\": [1, \"it''s\"]}', NULL),\n"
                "    ('2); DROP TABLE x; --', '\"quoted\"', 0, -1e3, NULL, NULL)"});
  BulkInsert many;
  many.table = "n";
  many.columns = {"v"};
  for (int i = 0; i < 1201; ++i)
    many.rows.push_back({Value{Value::Kind::integer, std::to_string(i)}});
  std::vector<std::string> sql = render(many);
  ASSERT_EQ(sql.size(), 3u);  // 500 rows per statement
  EXPECT_NE(sql[2].find("(1200)"), std::string::npos);
  EXPECT_TRUE(render(BulkInsert{"n", {"v"}, {}}).empty());
}

TEST(SqliteDialect, VersionAndHistoryTables) {
  EXPECT_EQ(d.create_version_table("alembic_version"),
            "CREATE TABLE IF NOT EXISTS \"alembic_version\" (\"version_num\" VARCHAR(32) NOT "
            "NULL, CONSTRAINT \"alembic_version_pkc\" PRIMARY KEY (\"version_num\"))");
  EXPECT_EQ(d.create_history_table("retort_history"),
            "CREATE TABLE IF NOT EXISTS \"retort_history\" (\n"
            "    \"id\" INTEGER PRIMARY KEY,\n"
            "    \"revision\" VARCHAR(32),\n"
            "    \"direction\" VARCHAR(16) NOT NULL,\n"
            "    \"from_revisions\" TEXT,\n"
            "    \"message\" TEXT,\n"
            "    \"checksum\" VARCHAR(64),\n"
            "    \"started_at\" DATETIME NOT NULL,\n"
            "    \"duration_ms\" INTEGER,\n"
            "    \"success\" BOOLEAN NOT NULL,\n"
            "    \"error\" TEXT,\n"
            "    \"applied_by\" TEXT,\n"
            "    \"retort_version\" VARCHAR(32),\n"
            "    \"transaction_mode\" VARCHAR(16)\n"
            ")");
}

TEST(SqliteDialect, WhichOpsNeedTheTableState) {
  auto needs = [&](OpBody body) { return d.needs_table_state(Op{std::move(body), {}, {}, {}}); };
  ColumnSpec plain = column("c", type_of(Type::Kind::text));
  ColumnSpec unique = plain;
  unique.unique = true;
  ColumnSpec not_null = column("c", type_of(Type::Kind::text), false);
  ColumnSpec stamped = plain;
  stamped.server_default = sql_default("CURRENT_TIMESTAMP");
  EXPECT_FALSE(needs(AddColumn{"t", plain, false}));
  EXPECT_TRUE(needs(AddColumn{"t", plain, true}));
  EXPECT_TRUE(needs(AddColumn{"t", unique, false}));
  EXPECT_TRUE(needs(AddColumn{"t", not_null, false}));
  EXPECT_TRUE(needs(AddColumn{"t", stamped, false}));
  EXPECT_TRUE(needs(DropColumn{"t", "c", false}));
  AlterColumn rename;
  rename.rename_to = "d";
  EXPECT_FALSE(needs(rename));
  AlterColumn nullable;
  nullable.nullable = false;
  EXPECT_TRUE(needs(nullable));
  AlterColumn drop_default;
  drop_default.server_default = std::optional<DefaultValue>();
  EXPECT_TRUE(needs(drop_default));
  EXPECT_TRUE(needs(CreateForeignKey{}));
  EXPECT_TRUE(needs(CreateUniqueConstraint{}));
  EXPECT_TRUE(needs(CreatePrimaryKey{}));
  EXPECT_TRUE(needs(DropConstraint{}));
  CreateCheckConstraint ck;
  ck.check.expression.common = "a > 0";
  EXPECT_TRUE(needs(ck));
  ck.check.expression = SqlText{std::nullopt, {{Dialect::postgresql, "a > 0"}}};
  EXPECT_FALSE(needs(ck));
  EXPECT_FALSE(needs(CreateTable{}));
  EXPECT_FALSE(needs(CreateIndex{}));
  EXPECT_FALSE(needs(Execute{}));
}

TEST(SqliteDialect, RebuildWithoutTheTableStateIsAClearError) {
  AlterColumn a;
  a.table = "users";
  a.column = "email";
  a.nullable = false;
  Op op{a, {}, {}, SourceLocation{"m/001.yaml", 7, 5}};
  RenderContext offline;
  offline.offline = true;
  ErrorKind kind{};
  EXPECT_EQ(error_of([&] { d.render(op, offline); }, &kind),
            "m/001.yaml:7:5: alter_column on SQLite rebuilds table \"users\", which needs the "
            "table's current definition, and none is known here (offline SQL has no database to "
            "read it from)");
  EXPECT_EQ(kind, ErrorKind::input);
  RenderContext online;
  online.lookup_table = [](const std::string&) { return std::optional<TableState>(); };
  EXPECT_EQ(error_of([&] { d.render(op, online); }, &kind),
            "m/001.yaml:7:5: alter_column on SQLite rebuilds table \"users\", which needs the "
            "table's current definition: no such table: users");
  EXPECT_EQ(kind, ErrorKind::database);
}

TEST(SqliteDialect, RebuildFollowsSqlitesProcedure) {
  using K = Type::Kind;
  TableState state;
  state.spec.name = "users";
  ColumnSpec id = column("id", type_of(K::integer), false);
  id.primary_key = true;
  id.autoincrement = true;
  state.spec.columns = {id, column("email", type_of(K::text)), column("age", type_of(K::integer))};
  state.spec.primary_key = PrimaryKeySpec{"", {"id"}};
  IndexSpec idx;
  idx.name = "ix_users_email";
  idx.columns = {IndexColumn{"email", ""}};
  state.spec.indexes = {idx};
  state.trigger_sql = {
      "CREATE TRIGGER tr_users AFTER UPDATE OF email ON users BEGIN SELECT 1; END"};
  RenderContext ctx;
  ctx.lookup_table = [&](const std::string& t) {
    return t == "users" ? std::optional<TableState>(state) : std::nullopt;
  };
  AlterColumn a;
  a.table = "users";
  a.column = "email";
  a.rename_to = "mail";
  a.nullable = false;
  EXPECT_EQ(render(a, ctx),
            (std::vector<std::string>{
                "ALTER TABLE \"users\" RENAME COLUMN \"email\" TO \"mail\"",
                "PRAGMA defer_foreign_keys=ON",
                "DROP TABLE IF EXISTS \"_retort_new_users\"",
                "CREATE TABLE \"_retort_new_users\" (\n"
                "    \"id\" INTEGER PRIMARY KEY,\n"
                "    \"mail\" TEXT NOT NULL,\n"
                "    \"age\" INTEGER\n"
                ")",
                "INSERT INTO \"_retort_new_users\" (\"id\", \"mail\", \"age\") SELECT \"id\", "
                "\"mail\", \"age\" FROM \"users\"",
                "DROP TABLE \"users\"",
                "PRAGMA legacy_alter_table=ON",
                "ALTER TABLE \"_retort_new_users\" RENAME TO \"users\"",
                "PRAGMA legacy_alter_table=OFF",
                "CREATE INDEX \"ix_users_email\" ON \"users\" (\"mail\")",
                "CREATE TRIGGER tr_users AFTER UPDATE OF \"mail\" ON users BEGIN SELECT 1; END",
                "PRAGMA foreign_key_check(\"users\")",
            }));

  // drop_column of a column nothing else uses stays in place; an indexed one rebuilds and
  // takes its index along.
  EXPECT_EQ(render(DropColumn{"users", "age", false}, ctx),
            std::vector<std::string>{"ALTER TABLE \"users\" DROP COLUMN \"age\""});
  std::vector<std::string> dropped = render(DropColumn{"users", "email", false}, ctx);
  ASSERT_EQ(dropped.size(), 10u);
  EXPECT_EQ(dropped[2],
            "CREATE TABLE \"_retort_new_users\" (\n    \"id\" INTEGER PRIMARY KEY,\n    \"age\" "
            "INTEGER\n)");
  EXPECT_EQ(dropped[3],
            "INSERT INTO \"_retort_new_users\" (\"id\", \"age\") SELECT \"id\", "
            "\"age\" FROM \"users\"");
  EXPECT_TRUE(render(DropColumn{"users", "nope", true}, ctx).empty());
  ErrorKind kind{};
  EXPECT_EQ(error_of(
                [&] {
                  render(DropColumn{"users", "nope", false}, ctx);
                },
                &kind),
            "drop_column: no such column: \"users\".\"nope\"");
  EXPECT_EQ(kind, ErrorKind::database);
  // add_column if_not_exists of an existing column renders nothing.
  EXPECT_TRUE(render(AddColumn{"users", column("EMAIL", type_of(K::text)), true}, ctx).empty());
  EXPECT_EQ(error_of([&] {
              render(DropConstraint{"fk_x", "users", ConstraintType::foreign_key}, ctx);
            }),
            "drop_constraint: table \"users\" has no foreign key named \"fk_x\"");
}

}  // namespace
}  // namespace retort

namespace retort {
namespace {

TEST(SqliteDialect, IndexNullsSQLiteCannotExpressIsAnError) {
  CreateIndex ci;
  ci.table = "t";
  ci.index.name = "ix";
  ci.index.where_loc = {"m.yaml", 5, 7};
  IndexColumn c;
  c.name = "ts";
  c.nulls = NullsOrder::last;  // ascending: SQLite puts NULLs first
  ci.index.columns = {c};
  EXPECT_EQ(error_of([&] { render(ci); }),
            "m.yaml:5:7: index ix: SQLite cannot put NULLs last in ascending order (its indexes "
            "sort NULLs as the smallest value); drop `nulls:` or give the op `dialect: "
            "postgresql`");
  ci.index.columns[0].descending = true;  // descending: NULLs last is SQLite's own order
  EXPECT_EQ(render(ci), (std::vector<std::string>{"CREATE INDEX \"ix\" ON \"t\" (\"ts\" DESC)"}));
}

TEST(SqliteDialect, ErrorsNameTheUsersTableNotTheRebuildTable) {
  EXPECT_EQ(d.user_error_message("NOT NULL constraint failed: _retort_new_posts.headline\n"
                                 "  SQL: INSERT INTO \"_retort_new_posts\" (\"id\") SELECT 1"),
            "NOT NULL constraint failed: posts.headline\n"
            "  SQL: INSERT INTO \"_retort_new_posts\" (\"id\") SELECT 1");
}

}  // namespace
}  // namespace retort
