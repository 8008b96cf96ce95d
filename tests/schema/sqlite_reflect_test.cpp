// SQLite reflection on real databases: round trips through the renderer, hand-written DDL in
// SQLite's many spellings, and the normalisation used to compare schemas.
#include "schema/sqlite_reflect.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "db/sqlite_connection.hpp"
#include "dialect/sqlite_dialect.hpp"
#include "diff/normalize.hpp"

namespace retort {
namespace {

using Mode = SqliteConnection::OpenMode;
using K = Type::Kind;

std::unique_ptr<SqliteConnection> memory() {
  return SqliteConnection::open(":memory:", Mode::read_write_create);
}

Type type_of(K kind) {
  Type t;
  t.kind = kind;
  return t;
}

Type sized(K kind, int length) {
  Type t = type_of(kind);
  t.length = length;
  return t;
}

ColumnSpec column(std::string name, Type type, bool nullable = true) {
  ColumnSpec c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.nullable = nullable;
  return c;
}

DefaultValue sql_default(std::string text) {
  DefaultValue v;
  v.kind = DefaultValue::Kind::sql;
  v.sql.common = std::move(text);
  return v;
}

DefaultValue number_default(std::string n) {
  DefaultValue v;
  v.kind = DefaultValue::Kind::number;
  v.number = std::move(n);
  return v;
}

CheckSpec check(std::string name, std::string expr) {
  CheckSpec c;
  c.name = std::move(name);
  c.expression.common = std::move(expr);
  return c;
}

void create(Connection& conn, const TableSpec& spec) {
  for (const std::string& sql :
       sqlite_dialect().render(Op{CreateTable{spec, false}, {}, {}, {}}, {}))
    conn.execute(sql);
}

// A broad model: every type, composite keys, FK actions, partial and expression indexes,
// checks, defaults of every form, enums, unique constraints of every form, comments.
Schema broad_schema() {
  Schema s;
  TableSpec tenants;
  tenants.name = "tenants";
  ColumnSpec tid = column("tenant_id", sized(K::string, 50), false);
  tid.primary_key = true;
  tenants.columns = {tid, column("name", type_of(K::text), false)};
  ColumnSpec active = column("active", type_of(K::boolean), false);
  DefaultValue yes;
  yes.kind = DefaultValue::Kind::boolean;
  yes.boolean = true;
  active.server_default = yes;
  tenants.columns.push_back(active);
  tenants.comment = "Tenants";
  s.tables.push_back(tenants);

  TableSpec products;
  products.name = "products";
  products.columns = {column("tenant_id", sized(K::string, 50), false),
                      column("product_id", sized(K::string, 100), false),
                      column("name", type_of(K::string), false)};
  products.primary_key = PrimaryKeySpec{"pk_products", {"tenant_id", "product_id"}};
  ForeignKeySpec to_tenant;
  to_tenant.name = "fk_products_tenant";
  to_tenant.columns = {"tenant_id"};
  to_tenant.ref_table = "tenants";
  to_tenant.ref_columns = {"tenant_id"};
  to_tenant.on_delete = "CASCADE";
  to_tenant.on_update = "RESTRICT";
  products.foreign_keys = {to_tenant};
  s.tables.push_back(products);

  TableSpec po;
  po.name = "pricing_options";
  ColumnSpec id = column("id", type_of(K::integer), false);
  id.primary_key = true;
  id.autoincrement = true;
  Type num = type_of(K::numeric);
  num.precision = 10;
  num.scale = 2;
  ColumnSpec rate = column("rate", num);
  rate.server_default = number_default("0.50");
  Type tz = type_of(K::datetime);
  tz.timezone = true;
  ColumnSpec created = column("created_at", tz, false);
  created.server_default = sql_default("CURRENT_TIMESTAMP");
  created.comment = "creation time";
  ColumnSpec updated = column("updated_at", type_of(K::datetime));
  updated.server_default = sql_default("datetime('now')");
  ColumnSpec status = column("status", sized(K::string, 20), false);
  status.server_default = sql_default("'active'");
  Type model = type_of(K::enum_);
  model.enum_name = "pricing_model";
  model.enum_values = {"cpm", "flat_rate", "it's"};
  ColumnSpec code = column("code", type_of(K::text));
  code.unique = true;
  ColumnSpec negative = column("offset", type_of(K::smallint));
  negative.server_default = number_default("-1");
  Type inet = type_of(K::custom);
  inet.custom_sql.per_dialect = {{Dialect::postgresql, "INET"}, {Dialect::sqlite, "TEXT"}};
  Type cidr = type_of(K::custom);
  cidr.custom_sql.common = "CIDR";
  ColumnSpec config = column("config", type_of(K::jsonb));
  DefaultValue empty_json;
  empty_json.sql.per_dialect = {{Dialect::postgresql, "'{}'::jsonb"}, {Dialect::sqlite, "'{}'"}};
  config.server_default = empty_json;
  po.columns = {id,
                column("tenant_id", sized(K::string, 50), false),
                column("product_id", sized(K::string, 100), false),
                rate,
                created,
                updated,
                status,
                column("pricing_model", model, false),
                code,
                negative,
                column("big", type_of(K::bigint)),
                column("ratio", type_of(K::float_)),
                column("precise", type_of(K::double_)),
                column("day", type_of(K::date)),
                column("at", type_of(K::time)),
                config,
                column("meta", type_of(K::json)),
                column("uid", type_of(K::uuid)),
                column("blob", type_of(K::binary)),
                column("ip", inet),
                column("net", cidr),
                column("Mixed Case", type_of(K::text))};
  ForeignKeySpec to_product;
  to_product.name = "fk_po_product";
  to_product.columns = {"tenant_id", "product_id"};
  to_product.ref_table = "products";
  to_product.ref_columns = {"tenant_id", "product_id"};
  to_product.on_delete = "SET NULL";
  ForeignKeySpec unnamed;
  unnamed.columns = {"tenant_id"};
  unnamed.ref_table = "tenants";
  unnamed.on_update = "NO ACTION";
  po.foreign_keys = {to_product, unnamed};
  po.unique = {UniqueSpec{"uq_po", {"tenant_id", "product_id", "pricing_model"}, {}},
               UniqueSpec{"", {"uid", "day"}, {}}};
  po.checks = {check("ck_po_rate", "rate >= 0"), check("", "length(status) > 0")};
  CheckSpec pg_only;
  pg_only.name = "ck_pg";
  pg_only.expression.per_dialect = {{Dialect::postgresql, "ip << '10.0.0.0/8'"}};
  po.checks.push_back(pg_only);
  IndexSpec partial;
  partial.name = "idx_po_active";
  partial.columns = {IndexColumn{"tenant_id", ""}, IndexColumn{"status", ""}};
  partial.where = "status = 'active'";
  IndexSpec expression;
  expression.name = "ux_po_code";
  expression.unique = true;
  expression.columns = {IndexColumn{"", "lower(code)"}, IndexColumn{"day", ""}};
  IndexSpec quoted;
  quoted.name = "ix \"odd\" name";
  quoted.columns = {IndexColumn{"Mixed Case", ""}};
  po.indexes = {partial, expression, quoted};
  po.comment = "Pricing models";
  s.tables.push_back(po);
  return s;
}

TEST(SqliteReflect, ABroadSchemaRoundTrips) {
  auto conn = memory();
  Schema model = broad_schema();
  for (const TableSpec& t : model.tables) create(*conn, t);
  conn->execute(sqlite_dialect().create_version_table("alembic_version"));
  conn->execute(sqlite_dialect().create_history_table("retort_history"));
  Schema reflected = reflect_sqlite(*conn);
  ASSERT_EQ(reflected.tables.size(), 3u);
  Schema want = normalize_schema(model, Dialect::sqlite);
  Schema got = normalize_schema(reflected, Dialect::sqlite);
  for (size_t i = 0; i < want.tables.size(); ++i) {
    const TableSpec& w = want.tables[i];
    const TableSpec& g = got.tables[i];
    EXPECT_EQ(g.name, w.name);
    ASSERT_EQ(g.columns.size(), w.columns.size()) << w.name;
    for (size_t c = 0; c < w.columns.size(); ++c)
      EXPECT_EQ(g.columns[c], w.columns[c]) << w.columns[c].name;
    EXPECT_EQ(g.primary_key, w.primary_key) << w.name;
    EXPECT_EQ(g.foreign_keys, w.foreign_keys) << w.name;
    EXPECT_EQ(g.unique, w.unique) << w.name;
    EXPECT_EQ(g.checks, w.checks) << w.name;
    EXPECT_EQ(g.indexes, w.indexes) << w.name;
    EXPECT_EQ(g.comment, w.comment) << w.name;
  }
  // And a second round: render what was reflected, reflect again, same thing.
  auto again = memory();
  for (const TableSpec& t : reflected.tables) create(*again, t);
  Schema twice = normalize_schema(reflect_sqlite(*again), Dialect::sqlite);
  for (size_t i = 0; i < got.tables.size(); ++i) {
    EXPECT_EQ(twice.tables[i].columns, got.tables[i].columns);
    EXPECT_EQ(twice.tables[i].foreign_keys, got.tables[i].foreign_keys);
    EXPECT_EQ(twice.tables[i].unique, got.tables[i].unique);
    EXPECT_EQ(twice.tables[i].checks, got.tables[i].checks);
    EXPECT_EQ(twice.tables[i].indexes, got.tables[i].indexes);
  }
}

TEST(SqliteReflect, TheReflectedFormBeforeNormalisation) {
  auto conn = memory();
  Schema model = broad_schema();
  for (const TableSpec& t : model.tables) create(*conn, t);
  TableSpec po = reflect_sqlite_table(*conn, "pricing_options")->spec;
  // Keys both ways; the rowid alias is autoincrement.
  ASSERT_TRUE(po.primary_key);
  EXPECT_EQ(po.primary_key->columns, std::vector<std::string>{"id"});
  EXPECT_TRUE(po.columns[0].primary_key);
  EXPECT_TRUE(po.columns[0].autoincrement);
  EXPECT_FALSE(po.columns[0].nullable);
  // Types as SQLite spells them.
  EXPECT_EQ(po.find_column("created_at")->type, type_of(K::datetime));
  EXPECT_EQ(po.find_column("config")->type, type_of(K::json));
  EXPECT_EQ(po.find_column("uid")->type, type_of(K::uuid));
  EXPECT_EQ(po.find_column("ip")->type, type_of(K::text));
  EXPECT_EQ(po.find_column("net")->type.custom_sql.common, "CIDR");
  EXPECT_EQ(po.find_column("pricing_model")->type.enum_values,
            (std::vector<std::string>{"cpm", "flat_rate", "it's"}));
  // Defaults as SQLite keeps them.
  EXPECT_EQ(po.find_column("rate")->server_default, number_default("0.50"));
  EXPECT_EQ(po.find_column("offset")->server_default, number_default("-1"));
  EXPECT_EQ(po.find_column("updated_at")->server_default, sql_default("datetime('now')"));
  EXPECT_EQ(po.find_column("status")->server_default, sql_default("'active'"));
  EXPECT_EQ(reflect_sqlite_table(*conn, "tenants")->spec.find_column("active")->server_default,
            number_default("1"));
  // Unique constraints are always TableSpec::unique; the column-level one is unnamed.
  EXPECT_FALSE(po.find_column("code")->unique);
  ASSERT_EQ(po.unique.size(), 3u);
  EXPECT_EQ(po.unique[0].name, "");
  EXPECT_EQ(po.unique[2], (UniqueSpec{"uq_po", {"tenant_id", "product_id", "pricing_model"}, {}}));
  // FK actions with NO ACTION as "", names from the CREATE TABLE text, sorted by name.
  ASSERT_EQ(po.foreign_keys.size(), 2u);
  EXPECT_EQ(po.foreign_keys[0].name, "");
  EXPECT_EQ(po.foreign_keys[0].on_update, "");
  EXPECT_EQ(po.foreign_keys[0].ref_columns, std::vector<std::string>{});
  EXPECT_EQ(po.foreign_keys[1].name, "fk_po_product");
  EXPECT_EQ(po.foreign_keys[1].on_delete, "SET NULL");
  // Checks exactly as written, the pg-only one absent.
  ASSERT_EQ(po.checks.size(), 2u);
  EXPECT_EQ(po.checks[0], check("", "length(status) > 0"));
  EXPECT_EQ(po.checks[1], check("ck_po_rate", "rate >= 0"));
  // Indexes with expressions and predicates as written.
  ASSERT_EQ(po.indexes.size(), 3u);
  EXPECT_EQ(po.indexes[0].name, "idx_po_active");
  EXPECT_EQ(po.indexes[0].where, "status = 'active'");
  EXPECT_EQ(po.indexes[1].name, "ix \"odd\" name");
  EXPECT_EQ(po.indexes[1].columns, (std::vector<IndexColumn>{IndexColumn{"Mixed Case", ""}}));
  EXPECT_EQ(po.indexes[2].columns,
            (std::vector<IndexColumn>{IndexColumn{"", "lower(code)"}, IndexColumn{"day", ""}}));
  EXPECT_TRUE(po.indexes[2].unique);
  EXPECT_FALSE(po.comment);
}

TEST(SqliteReflect, HandWrittenDdlInSqlitesManySpellings) {
  auto conn = memory();
  conn->execute(R"(
    CREATE TABLE [Parent Table] (`key` INTEGER PRIMARY KEY AUTOINCREMENT, label);
    CREATE TABLE "child" (  -- a comment, with a comma, and (parens)
      id INTEGER NOT NULL /* the key, not an alias */,
      parent INT CONSTRAINT "fk parent" REFERENCES [Parent Table] ON DELETE SET DEFAULT,
      kind VARCHAR ( 10 ) CONSTRAINT kind_enum CHECK (kind IN ('a', 'b''c')) DEFAULT 'a',
      qty DECIMAL(8,3) CHECK (qty > 0) DEFAULT (1 + 1),
      name TEXT COLLATE NOCASE UNIQUE,
      PRIMARY KEY (id),
      CONSTRAINT "two, cols" UNIQUE (parent, kind)
    );
    CREATE TABLE w (id INTEGER PRIMARY KEY, v TEXT) WITHOUT ROWID;
    CREATE TABLE "_retort_new_child" (x);
    CREATE UNIQUE INDEX "ix child" ON child (parent DESC, "name" COLLATE NOCASE ASC)
      WHERE qty > 1 AND name <> 'x';
    CREATE TRIGGER trg AFTER INSERT ON child BEGIN SELECT 1; END;
  )");
  Schema s = reflect_sqlite(*conn);
  ASSERT_EQ(s.tables.size(), 3u);  // sqlite_sequence and _retort_* are left out
  EXPECT_EQ(s.tables[0].name, "Parent Table");
  EXPECT_EQ(s.tables[1].name, "child");
  EXPECT_EQ(s.tables[2].name, "w");

  const TableSpec& parent = s.tables[0];
  EXPECT_TRUE(parent.columns[0].autoincrement);
  EXPECT_EQ(parent.columns[1].type.kind, K::custom);
  EXPECT_EQ(parent.columns[1].type.custom_sql.common, "");

  const TableSpec& child = s.tables[1];
  EXPECT_EQ(child.primary_key, (PrimaryKeySpec{"", {"id"}}));
  EXPECT_FALSE(child.columns[0].autoincrement);  // table-level key: not written as the alias
  EXPECT_EQ(child.columns[1].type, type_of(K::integer));
  Type kind = type_of(K::enum_);
  kind.enum_name = "kind_enum";
  kind.enum_values = {"a", "b'c"};
  EXPECT_EQ(child.columns[2].type, kind);
  EXPECT_EQ(child.columns[2].server_default, sql_default("'a'"));
  Type dec = type_of(K::numeric);
  dec.precision = 8;
  dec.scale = 3;
  EXPECT_EQ(child.columns[3].type, dec);
  EXPECT_EQ(child.columns[3].server_default, sql_default("1 + 1"));
  ASSERT_EQ(child.foreign_keys.size(), 1u);
  EXPECT_EQ(child.foreign_keys[0].name, "fk parent");
  EXPECT_EQ(child.foreign_keys[0].ref_table, "Parent Table");
  EXPECT_EQ(child.foreign_keys[0].on_delete, "SET DEFAULT");
  ASSERT_EQ(child.checks.size(), 1u);
  EXPECT_EQ(child.checks[0], check("", "qty > 0"));
  ASSERT_EQ(child.unique.size(), 2u);
  EXPECT_EQ(child.unique[0], (UniqueSpec{"", {"name"}, {}}));
  EXPECT_EQ(child.unique[1], (UniqueSpec{"two, cols", {"parent", "kind"}, {}}));
  ASSERT_EQ(child.indexes.size(), 1u);
  EXPECT_EQ(child.indexes[0].name, "ix child");
  EXPECT_TRUE(child.indexes[0].unique);
  EXPECT_EQ(child.indexes[0].columns,
            (std::vector<IndexColumn>{IndexColumn{"parent", "", true}, IndexColumn{"name", ""}}));
  EXPECT_EQ(child.indexes[0].where, "qty > 1 AND name <> 'x'");

  EXPECT_FALSE(s.tables[2].columns[0].autoincrement);  // WITHOUT ROWID has no rowid alias

  auto state = reflect_sqlite_table(*conn, "CHILD");
  ASSERT_TRUE(state);
  EXPECT_EQ(state->spec.name, "child");
  EXPECT_EQ(
      state->trigger_sql,
      std::vector<std::string>{"CREATE TRIGGER trg AFTER INSERT ON child BEGIN SELECT 1; END"});
  EXPECT_TRUE(reflect_sqlite_table(*conn, "main.child"));
  EXPECT_FALSE(reflect_sqlite_table(*conn, "nope"));
}

TEST(SqliteReflect, ExcludesVersionAndHistoryTablesByOption) {
  auto conn = memory();
  conn->execute(
      "CREATE TABLE my_versions (v); CREATE TABLE alembic_version (v); CREATE TABLE t (a)");
  Schema s = reflect_sqlite(*conn, SqliteReflectOptions{{"MY_VERSIONS"}});
  ASSERT_EQ(s.tables.size(), 2u);
  EXPECT_EQ(s.tables[0].name, "alembic_version");
  EXPECT_EQ(s.tables[1].name, "t");
  EXPECT_EQ(reflect_sqlite(*conn).tables.size(), 2u);  // default: alembic_version, retort_history
}

// A table as SQLAlchemy/Alembic creates it on SQLite compares equal to the model saying the
// same thing.
TEST(SqliteReflect, AlembicStyleDdlMatchesTheModelAfterNormalisation) {
  auto conn = memory();
  conn->execute(
      "CREATE TABLE tenants (tenant_id VARCHAR(50) NOT NULL, PRIMARY KEY (tenant_id));\n"
      "CREATE TABLE products (\n"
      "\tid INTEGER NOT NULL, \n"
      "\ttenant_id VARCHAR(50) NOT NULL, \n"
      "\tis_active BOOLEAN DEFAULT (1) NOT NULL, \n"
      "\tcreated_at DATETIME DEFAULT (CURRENT_TIMESTAMP) NOT NULL, \n"
      "\tPRIMARY KEY (id), \n"
      "\tCONSTRAINT uq_products_tenant UNIQUE (tenant_id), \n"
      "\tFOREIGN KEY(tenant_id) REFERENCES tenants (tenant_id) ON DELETE CASCADE\n"
      ")");
  TableSpec model;
  model.name = "products";
  ColumnSpec id = column("id", type_of(K::integer), false);
  id.primary_key = true;
  id.autoincrement = true;
  ColumnSpec active = column("is_active", type_of(K::boolean), false);
  DefaultValue yes;
  yes.kind = DefaultValue::Kind::boolean;
  yes.boolean = true;
  active.server_default = yes;
  ColumnSpec created = column("created_at", type_of(K::datetime), false);
  created.server_default = sql_default("CURRENT_TIMESTAMP");
  ColumnSpec tenant = column("tenant_id", sized(K::string, 50), false);
  tenant.unique = false;
  model.columns = {id, tenant, active, created};
  model.unique = {UniqueSpec{"uq_products_tenant", {"tenant_id"}, {}}};
  ForeignKeySpec fk;
  fk.columns = {"tenant_id"};
  fk.ref_table = "tenants";
  fk.ref_columns = {"tenant_id"};
  fk.on_delete = "cascade";
  model.foreign_keys = {fk};
  TableSpec reflected = reflect_sqlite_table(*conn, "products")->spec;
  TableSpec a = normalize_table(reflected, Dialect::sqlite);
  TableSpec b = normalize_table(model, Dialect::sqlite);
  EXPECT_EQ(a.columns, b.columns);
  EXPECT_EQ(a.primary_key->columns, b.primary_key->columns);
  EXPECT_EQ(a.unique, b.unique);
  EXPECT_EQ(a.foreign_keys, b.foreign_keys);
}

TEST(SqliteReflect, AThousandTables) {
  auto conn = memory();
  std::string ddl = "BEGIN;";
  for (int i = 0; i < 1000; ++i) {
    std::string n = std::to_string(i);
    ddl += "CREATE TABLE t" + n +
           " (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL, v NUMERIC(10, 2) DEFAULT 0, "
           "parent INTEGER REFERENCES t0 (id) ON DELETE CASCADE, CONSTRAINT uq_" +
           n + " UNIQUE (name), CONSTRAINT ck_" + n +
           " CHECK (v >= 0));"
           "CREATE INDEX ix_" +
           n + " ON t" + n + " (parent) WHERE parent IS NOT NULL;";
  }
  conn->execute(ddl + "COMMIT;");
  Schema s = reflect_sqlite(*conn);
  ASSERT_EQ(s.tables.size(), 1000u);
  const TableSpec* t = s.find_table("t999");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->columns.size(), 4u);
  EXPECT_EQ(t->foreign_keys.size(), 1u);
  EXPECT_EQ(t->unique.at(0).name, "uq_999");
  EXPECT_EQ(t->checks.at(0).name, "ck_999");
  EXPECT_EQ(t->indexes.at(0).where, "parent IS NOT NULL");
}

TEST(SqliteNormalize, DeclaredTypes) {
  auto p = [](std::string_view text) { return parse_declared_type(text, Dialect::sqlite); };
  Type num = type_of(K::numeric);
  num.precision = 10;
  num.scale = 2;
  EXPECT_EQ(p("INTEGER"), type_of(K::integer));
  EXPECT_EQ(p("int"), type_of(K::integer));
  EXPECT_EQ(p("BIGINT"), type_of(K::bigint));
  EXPECT_EQ(p("varchar(50)"), sized(K::string, 50));
  EXPECT_EQ(p("VARCHAR ( 50 )"), sized(K::string, 50));
  EXPECT_EQ(p("VARCHAR"), type_of(K::string));
  EXPECT_EQ(p("NUMERIC(10, 2)"), num);
  EXPECT_EQ(p("decimal(10,2)"), num);
  EXPECT_EQ(p("DATETIME"), type_of(K::datetime));
  EXPECT_EQ(p("TIMESTAMP"), type_of(K::datetime));
  EXPECT_EQ(p("JSON"), type_of(K::json));
  EXPECT_EQ(p("CHAR(36)"), type_of(K::uuid));
  EXPECT_EQ(p("BLOB"), type_of(K::binary));
  EXPECT_EQ(p("REAL"), type_of(K::float_));
  EXPECT_EQ(p("DOUBLE PRECISION"), type_of(K::double_));
  EXPECT_EQ(p("char(10)").custom_sql.common, "CHAR(10)");
  EXPECT_EQ(p("unsigned big int").custom_sql.common, "UNSIGNED BIG INT");
  auto pg = [](std::string_view text) { return parse_declared_type(text, Dialect::postgresql); };
  Type tz = type_of(K::datetime);
  tz.timezone = true;
  EXPECT_EQ(pg("timestamp with time zone"), tz);
  EXPECT_EQ(pg("timestamptz"), tz);
  EXPECT_EQ(pg("character varying(50)"), sized(K::string, 50));
  EXPECT_EQ(pg("jsonb"), type_of(K::jsonb));
  EXPECT_EQ(pg("bytea"), type_of(K::binary));
  EXPECT_EQ(pg("int4"), type_of(K::integer));
  EXPECT_EQ(pg("inet").custom_sql.common, "INET");
}

TEST(SqliteNormalize, TypesPerDialect) {
  Type tz = type_of(K::datetime);
  tz.timezone = true;
  EXPECT_EQ(normalize_type(tz, Dialect::sqlite), type_of(K::datetime));
  EXPECT_EQ(normalize_type(tz, Dialect::postgresql), tz);
  EXPECT_EQ(normalize_type(type_of(K::jsonb), Dialect::sqlite), type_of(K::json));
  EXPECT_EQ(normalize_type(type_of(K::jsonb), Dialect::postgresql), type_of(K::jsonb));
  Type custom = type_of(K::custom);
  custom.custom_sql.per_dialect = {{Dialect::postgresql, "INET"}, {Dialect::sqlite, "text"}};
  EXPECT_EQ(normalize_type(custom, Dialect::sqlite), type_of(K::text));
  EXPECT_EQ(normalize_type(custom, Dialect::postgresql).custom_sql.common, "INET");
  Type stray = type_of(K::integer);
  stray.length = 5;
  EXPECT_EQ(normalize_type(stray, Dialect::sqlite), type_of(K::integer));
}

TEST(SqliteNormalize, SqlExpressionsAndDefaults) {
  EXPECT_EQ(normalize_sql("((rate >= (0)::numeric))", Dialect::postgresql), "rate >= 0");
  EXPECT_EQ(normalize_sql("\"Rate\"   >=0", Dialect::sqlite), "rate >= 0");
  EXPECT_EQ(normalize_sql("\"Rate\" >= 0", Dialect::postgresql), "\"Rate\" >= 0");
  EXPECT_EQ(normalize_sql("lower( email )", Dialect::sqlite), "lower(email)");
  EXPECT_EQ(normalize_sql("status IN ('a','B')", Dialect::sqlite), "status in ('a', 'B')");
  EXPECT_EQ(normalize_sql("(a > 0) AND (b > 0)", Dialect::sqlite), "(a > 0) and (b > 0)");
  EXPECT_EQ(normalize_sql("'x'::character varying", Dialect::postgresql), "'x'");
  EXPECT_EQ(normalize_sql("created_at::timestamp with time zone", Dialect::postgresql),
            "created_at");
  EXPECT_EQ(normalize_sql("(ARRAY['a'::text])::text[]", Dialect::postgresql), "array['a']");

  auto nd = [](DefaultValue v, Dialect dialect) { return normalize_default(v, dialect); };
  EXPECT_EQ(nd(sql_default("(0)"), Dialect::sqlite), number_default("0"));
  EXPECT_EQ(nd(sql_default("TRUE"), Dialect::sqlite), number_default("1"));
  EXPECT_EQ(nd(sql_default("NULL"), Dialect::sqlite), std::nullopt);
  EXPECT_EQ(nd(sql_default("(CURRENT_TIMESTAMP)"), Dialect::sqlite),
            sql_default("current_timestamp"));
  EXPECT_EQ(nd(sql_default("'Active'"), Dialect::sqlite), sql_default("'Active'"));
  DefaultValue yes;
  yes.kind = DefaultValue::Kind::boolean;
  yes.boolean = true;
  EXPECT_EQ(nd(yes, Dialect::sqlite), number_default("1"));
  EXPECT_EQ(nd(yes, Dialect::postgresql), yes);
  EXPECT_EQ(nd(sql_default("true"), Dialect::postgresql), yes);
  EXPECT_EQ(nd(sql_default("'{}'::jsonb"), Dialect::postgresql), sql_default("'{}'"));
  EXPECT_EQ(nd(number_default("+5"), Dialect::sqlite), number_default("5"));
  DefaultValue pg_only;
  pg_only.sql.per_dialect = {{Dialect::postgresql, "now()"}};
  EXPECT_EQ(nd(pg_only, Dialect::sqlite), std::nullopt);
}

TEST(SqliteNormalize, TablesAndSchemas) {
  TableSpec t;
  t.name = "t";
  ColumnSpec id = column("id", type_of(K::bigint), true);
  id.primary_key = true;
  id.autoincrement = true;
  ColumnSpec code = column("code", type_of(K::text));
  code.unique = true;
  code.comment = "x";
  t.columns = {id, code};
  ForeignKeySpec fk;
  fk.name = "b";
  fk.columns = {"code"};
  fk.ref_table = "other";
  fk.on_delete = "set  null";
  fk.on_update = "NO ACTION";
  ForeignKeySpec fk2 = fk;
  fk2.name = "a";
  t.foreign_keys = {fk, fk2};
  t.comment = "table";
  TableSpec n = normalize_table(t, Dialect::sqlite);
  EXPECT_EQ(n.columns[0].type, type_of(K::integer));  // autoincrement key: SQLite's INTEGER
  EXPECT_FALSE(n.columns[0].nullable);
  EXPECT_EQ(n.primary_key, (PrimaryKeySpec{"", {"id"}}));
  EXPECT_FALSE(n.columns[1].unique);
  EXPECT_EQ(n.unique, (std::vector<UniqueSpec>{UniqueSpec{"", {"code"}, {}}}));
  EXPECT_FALSE(n.columns[1].comment);
  EXPECT_FALSE(n.comment);
  ASSERT_EQ(n.foreign_keys.size(), 2u);
  EXPECT_EQ(n.foreign_keys[0].name, "a");
  EXPECT_EQ(n.foreign_keys[0].on_delete, "SET NULL");
  EXPECT_EQ(n.foreign_keys[0].on_update, "");
  TableSpec pg = normalize_table(t, Dialect::postgresql);
  EXPECT_EQ(pg.columns[0].type, type_of(K::bigint));
  EXPECT_EQ(pg.comment, "table");

  Schema s;
  TableSpec other;
  other.name = "other";
  ColumnSpec key = column("k", type_of(K::text), false);
  key.primary_key = true;
  other.columns = {key};
  s.tables = {t, other};
  s.enums = {EnumSpec{"e", {"a"}, {}}};
  Schema ns = normalize_schema(s, Dialect::sqlite);
  EXPECT_EQ(ns.tables[0].name, "other");
  EXPECT_EQ(ns.tables[1].foreign_keys[0].ref_columns, std::vector<std::string>{"k"});
  EXPECT_TRUE(ns.enums.empty());
  EXPECT_EQ(normalize_schema(s, Dialect::postgresql).enums.size(), 1u);
}

}  // namespace
}  // namespace retort
