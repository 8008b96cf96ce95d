// PostgreSQL reflection against the throwaway server: round trips of create_table specs, the
// type and default mapping, and the cost of reflecting a large schema.
#include "schema/pg_reflect.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

#include "db/pg_connection.hpp"
#include "dialect/postgresql_dialect.hpp"
#include "diff/normalize.hpp"
#include "ops/load_revision.hpp"
#include "support/pg_env.hpp"

namespace retort {
namespace {

using testing::PgTestDatabase;

// Renders and runs every op of `yaml` on `conn`.
std::vector<Op> run_ops(Connection& conn, std::string_view yaml) {
  std::vector<Op> ops = parse_op_list("test.yaml", yaml);
  for (const Op& op : ops)
    for (const std::string& sql : postgresql_dialect().render(op, RenderContext{}))
      conn.execute(sql);
  return ops;
}

template <typename T>
void sort_by_name(std::vector<T>& v) {
  std::sort(v.begin(), v.end(), [](const T& a, const T& b) { return a.name < b.name; });
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// What reflection is documented to report for a table created from `spec` (pg_reflect.hpp):
// PostgreSQL's default constraint names filled in, column-level unique as a named constraint,
// primary key given both ways, defaults without literal casts, per-dialect texts resolved,
// NO ACTION as "", things listed by name.
TableSpec as_reflected(TableSpec spec) {
  const std::string t = spec.name;
  std::vector<std::string> pk = spec.primary_key_columns();
  if (!pk.empty()) {
    std::string name =
        spec.primary_key && !spec.primary_key->name.empty() ? spec.primary_key->name : t + "_pkey";
    spec.primary_key = PrimaryKeySpec{name, pk};
  }
  for (ColumnSpec& c : spec.columns) {
    c.primary_key = std::find(pk.begin(), pk.end(), c.name) != pk.end();
    if (c.unique) {
      UniqueSpec u;
      u.name = t + "_" + c.name + "_key";
      u.columns = {c.name};
      spec.unique.push_back(u);
      c.unique = false;
    }
    if (c.type.kind == Type::Kind::custom) {
      c.type.custom_sql = SqlText{lower(*c.type.custom_sql.for_dialect(Dialect::postgresql)), {}};
    }
    if (c.autoincrement) c.server_default.reset();
    if (c.server_default && c.server_default->kind == DefaultValue::Kind::sql) {
      std::string text = *c.server_default->sql.for_dialect(Dialect::postgresql);
      c.server_default->sql = SqlText{strip_pg_literal_casts(text), {}};
    }
  }
  for (ForeignKeySpec& fk : spec.foreign_keys) {
    if (fk.on_delete == "NO ACTION") fk.on_delete = "";
    if (fk.on_update == "NO ACTION") fk.on_update = "";
  }
  for (CheckSpec& ck : spec.checks)
    ck.expression = SqlText{*ck.expression.for_dialect(Dialect::postgresql), {}};
  sort_by_name(spec.foreign_keys);
  sort_by_name(spec.unique);
  sort_by_name(spec.checks);
  sort_by_name(spec.indexes);
  return spec;
}

void expect_same_table(const TableSpec& want, const TableSpec* got) {
  ASSERT_NE(got, nullptr) << "table " << want.name << " was not reflected";
  SCOPED_TRACE("table " + want.name);
  EXPECT_EQ(got->name, want.name);
  ASSERT_EQ(got->columns.size(), want.columns.size());
  for (size_t i = 0; i < want.columns.size(); ++i) {
    SCOPED_TRACE("column " + want.columns[i].name);
    const ColumnSpec& w = want.columns[i];
    const ColumnSpec& g = got->columns[i];
    EXPECT_EQ(g.name, w.name);
    EXPECT_TRUE(g.type == w.type) << "type kind " << static_cast<int>(g.type.kind) << " vs "
                                  << static_cast<int>(w.type.kind);
    EXPECT_EQ(g.nullable, w.nullable);
    EXPECT_EQ(g.primary_key, w.primary_key);
    EXPECT_EQ(g.autoincrement, w.autoincrement);
    EXPECT_EQ(g.unique, w.unique);
    EXPECT_TRUE(g.server_default == w.server_default)
        << (g.server_default ? g.server_default->sql.common.value_or(g.server_default->number)
                             : "(none)");
    EXPECT_EQ(g.comment, w.comment);
  }
  EXPECT_EQ(got->primary_key, want.primary_key);
  EXPECT_EQ(got->foreign_keys, want.foreign_keys);
  EXPECT_EQ(got->unique, want.unique);
  ASSERT_EQ(got->checks.size(), want.checks.size());
  for (size_t i = 0; i < want.checks.size(); ++i) {
    EXPECT_EQ(got->checks[i].name, want.checks[i].name);
    EXPECT_EQ(got->checks[i].expression.common, want.checks[i].expression.common);
  }
  ASSERT_EQ(got->indexes.size(), want.indexes.size());
  for (size_t i = 0; i < want.indexes.size(); ++i) {
    const IndexSpec& w = want.indexes[i];
    const IndexSpec& g = got->indexes[i];
    EXPECT_EQ(g.name, w.name);
    EXPECT_EQ(g.columns, w.columns) << w.name;
    EXPECT_EQ(g.unique, w.unique) << w.name;
    EXPECT_EQ(g.where, w.where) << w.name;
    EXPECT_EQ(g.using_, w.using_) << w.name;
  }
  EXPECT_EQ(got->comment, want.comment);
}

// A spec written the way PostgreSQL prints expressions back, so that it round-trips exactly.
constexpr std::string_view kBroadSpec = R"yaml(
- create_enum: {name: buy_status, values: [draft, pending, active, "it's done"]}
- create_table:
    table: tenants
    columns:
      - {name: tenant_id, type: string(50), primary_key: true}
      - {name: name, type: string(200), nullable: false, unique: true}
      - {name: billing_plan, type: string(50), nullable: false, server_default: "'standard'"}
      - {name: is_active, type: boolean, nullable: false, server_default: true}
      - {name: created_at, type: datetime(tz), nullable: false, server_default: CURRENT_TIMESTAMP}
      - {name: updated_at, type: datetime(tz), server_default: now()}
    comment: Publishers
- create_table:
    table: products
    columns:
      - {name: tenant_id, type: string(50), nullable: false}
      - {name: product_id, type: string(100), nullable: false}
      - {name: name, type: text, nullable: false, comment: "Shown to buyers"}
      - {name: measurement, type: jsonb, nullable: false, server_default: {postgresql: "'{\"provider\": \"publisher\"}'::jsonb", sqlite: "'{}'"}}
    primary_key: {name: pk_products, columns: [tenant_id, product_id]}
    foreign_keys:
      - {name: fk_products_tenant, columns: [tenant_id], references: {table: tenants, columns: [tenant_id]}, on_delete: CASCADE}
- create_table:
    table: pricing_options
    columns:
      - {name: id, type: integer, primary_key: true, autoincrement: true}
      - {name: tenant_id, type: string(50), nullable: false}
      - {name: product_id, type: string(100), nullable: false}
      - {name: pricing_model, type: string(20), nullable: false}
      - {name: rate, type: "numeric(10,2)", comment: "Rate in the currency's unit"}
      - {name: floor, type: float, server_default: 0.5}
      - {name: ceiling, type: double, server_default: -1}
      - {name: status, type: {enum: buy_status, values: [draft, pending, active, "it's done"]}, nullable: false, server_default: "'draft'"}
      - {name: code, type: uuid, unique: true}
      - {name: payload, type: binary}
      - {name: raw, type: json}
      - {name: details, type: jsonb}
      - {name: starts_on, type: date}
      - {name: opens_at, type: time}
      - {name: updated_at, type: datetime}
      - {name: counter, type: bigint, nullable: false, server_default: 0}
      - {name: tiny, type: smallint}
      - {name: label, type: string}
      - {name: body, type: text}
      - {name: address, type: {postgresql: INET, sqlite: TEXT}}
      - {name: tags, type: {sql: "TEXT[]"}}
    foreign_keys:
      - {name: fk_po_product, columns: [tenant_id, product_id], references: {table: products, columns: [tenant_id, product_id]}, on_delete: CASCADE, on_update: set null}
      - {name: fk_po_tenant, columns: [tenant_id], references: {table: tenants, columns: [tenant_id]}, on_delete: restrict, on_update: no action}
    unique: [{name: uq_po, columns: [tenant_id, product_id, pricing_model]}]
    checks:
      - {name: ck_po_counter, expression: "counter >= 0"}
      - {name: ck_po_tiny, expression: {postgresql: "tiny < 100 AND tiny > '-100'::integer", sqlite: "tiny < 100"}}
    indexes:
      - {name: idx_po_product, columns: [tenant_id, product_id]}
      - {name: idx_po_active, columns: [tenant_id], where: "status = 'active'::buy_status", unique: true}
      - {name: idx_po_body, columns: [{expression: lower(body)}, tenant_id]}
      - {name: idx_po_details, columns: [details], using: gin}
      - {name: idx_po_counter_hash, columns: [counter], using: hash}
    comment: Pricing models attached to products
)yaml";

TEST(PgReflect, BroadSpecRoundTrips) {
  PgTestDatabase db;
  auto conn = db.connect();
  std::vector<Op> ops = run_ops(*conn, kBroadSpec);
  Schema reflected = reflect_postgresql(*conn);

  ASSERT_EQ(reflected.enums.size(), 1u);
  EXPECT_EQ(reflected.enums[0].name, "buy_status");
  EXPECT_EQ(reflected.enums[0].values,
            (std::vector<std::string>{"draft", "pending", "active", "it's done"}));

  std::vector<std::string> names;
  for (const TableSpec& t : reflected.tables) names.push_back(t.name);
  EXPECT_EQ(names, (std::vector<std::string>{"pricing_options", "products", "tenants"}));
  for (const Op& op : ops)
    if (const auto* ct = std::get_if<CreateTable>(&op.body))
      expect_same_table(as_reflected(ct->table), reflected.find_table(ct->table.name));
}

// The differ's view: the model and the reflected schema agree after normalize_schema, except for
// the names PostgreSQL gives constraints the model leaves unnamed.
TEST(PgReflect, BroadSpecMatchesTheModelAfterNormalisation) {
  PgTestDatabase db;
  auto conn = db.connect();
  Schema model;
  for (const Op& op : run_ops(*conn, kBroadSpec)) {
    if (const auto* ct = std::get_if<CreateTable>(&op.body)) model.tables.push_back(ct->table);
    if (const auto* ce = std::get_if<CreateEnum>(&op.body)) model.enums.push_back(ce->spec);
  }
  Schema want = normalize_schema(model, Dialect::postgresql);
  Schema got = normalize_schema(reflect_postgresql(*conn), Dialect::postgresql);
  EXPECT_EQ(got.enums, want.enums);
  ASSERT_EQ(got.tables.size(), want.tables.size());
  for (size_t i = 0; i < want.tables.size(); ++i) {
    TableSpec& g = got.tables[i];
    const TableSpec& w = want.tables[i];
    if (g.primary_key && w.primary_key && w.primary_key->name.empty()) {
      EXPECT_EQ(g.primary_key->name, g.name + "_pkey");
      g.primary_key->name.clear();
    }
    for (UniqueSpec& u : g.unique)
      if (u.columns.size() == 1 && u.name == g.name + "_" + u.columns[0] + "_key") u.name.clear();
    std::sort(g.unique.begin(), g.unique.end(), [](const UniqueSpec& a, const UniqueSpec& b) {
      return std::tie(a.name, a.columns) < std::tie(b.name, b.columns);
    });
    expect_same_table(w, &g);
  }
}

TEST(PgReflect, MapsServerTypesToPortableTypes) {
  PgTestDatabase db;
  auto conn = db.connect();
  conn->execute(
      "CREATE TYPE mood AS ENUM ('ok', 'meh');"
      "CREATE SCHEMA other; CREATE TYPE other.colour AS ENUM ('red');"
      "CREATE DOMAIN posint AS integer CHECK (VALUE > 0);"
      "CREATE TABLE t (a int4, b int8, c int2, d bool, e float4, f float8, g numeric,"
      " h numeric(12,3), i varchar, j varchar(7), k text, l date, m time, n timestamp,"
      " o timestamptz, p json, q jsonb, r uuid, s bytea, u mood, v other.colour, w inet,"
      " x integer[], y timestamp(3), z character(2), aa posint, bb timetz, cc numeric(5))");
  TableSpec t = reflect_postgresql(*conn).tables.at(0);
  using K = Type::Kind;
  auto kind = [&](const std::string& col) { return t.find_column(col)->type.kind; };
  auto custom = [&](const std::string& col) {
    const Type& ty = t.find_column(col)->type;
    EXPECT_EQ(ty.kind, K::custom) << col;
    return ty.custom_sql.common.value_or("");
  };
  EXPECT_EQ(kind("a"), K::integer);
  EXPECT_EQ(kind("b"), K::bigint);
  EXPECT_EQ(kind("c"), K::smallint);
  EXPECT_EQ(kind("d"), K::boolean);
  EXPECT_EQ(kind("e"), K::float_);
  EXPECT_EQ(kind("f"), K::double_);
  EXPECT_EQ(kind("g"), K::numeric);
  EXPECT_EQ(t.find_column("g")->type.precision, std::nullopt);
  EXPECT_EQ(t.find_column("h")->type.precision, 12);
  EXPECT_EQ(t.find_column("h")->type.scale, 3);
  EXPECT_EQ(t.find_column("cc")->type.precision, 5);
  EXPECT_EQ(t.find_column("cc")->type.scale, 0);
  EXPECT_EQ(kind("i"), K::string);
  EXPECT_EQ(t.find_column("i")->type.length, std::nullopt);
  EXPECT_EQ(t.find_column("j")->type.length, 7);
  EXPECT_EQ(kind("k"), K::text);
  EXPECT_EQ(kind("l"), K::date);
  EXPECT_EQ(kind("m"), K::time);
  EXPECT_EQ(kind("n"), K::datetime);
  EXPECT_FALSE(t.find_column("n")->type.timezone);
  EXPECT_EQ(kind("o"), K::datetime);
  EXPECT_TRUE(t.find_column("o")->type.timezone);
  EXPECT_EQ(kind("p"), K::json);
  EXPECT_EQ(kind("q"), K::jsonb);
  EXPECT_EQ(kind("r"), K::uuid);
  EXPECT_EQ(kind("s"), K::binary);
  EXPECT_EQ(kind("u"), K::enum_);
  EXPECT_EQ(t.find_column("u")->type.enum_name, "mood");
  EXPECT_EQ(t.find_column("u")->type.enum_values, (std::vector<std::string>{"ok", "meh"}));
  EXPECT_EQ(t.find_column("v")->type.enum_name, "other.colour");
  EXPECT_EQ(custom("w"), "inet");
  EXPECT_EQ(custom("x"), "integer[]");
  EXPECT_EQ(custom("y"), "timestamp(3) without time zone");
  EXPECT_EQ(custom("z"), "character(2)");
  EXPECT_EQ(custom("aa"), "posint");
  EXPECT_EQ(custom("bb"), "time with time zone");
}

TEST(PgReflect, NormalisesDefaults) {
  auto sql = [](std::string text) {
    DefaultValue v;
    v.sql.common = std::move(text);
    return v;
  };
  auto number = [](std::string text) {
    DefaultValue v;
    v.kind = DefaultValue::Kind::number;
    v.number = std::move(text);
    return v;
  };
  DefaultValue yes;
  yes.kind = DefaultValue::Kind::boolean;
  yes.boolean = true;

  EXPECT_EQ(normalize_pg_default("true"), yes);
  EXPECT_EQ(normalize_pg_default("0"), number("0"));
  EXPECT_EQ(normalize_pg_default("0.9"), number("0.9"));
  EXPECT_EQ(normalize_pg_default("'-1'::integer"), number("-1"));
  EXPECT_EQ(normalize_pg_default("'-1.5'::numeric"), number("-1.5"));
  EXPECT_EQ(normalize_pg_default("'9999999999'::bigint"), number("9999999999"));
  EXPECT_EQ(normalize_pg_default("'x'::character varying"), sql("'x'"));
  EXPECT_EQ(normalize_pg_default("'it''s'::text"), sql("'it''s'"));
  EXPECT_EQ(normalize_pg_default("'12'::character varying"),
            sql("'12'"));  // a string, not a number
  EXPECT_EQ(normalize_pg_default("'{}'::jsonb"), sql("'{}'"));
  EXPECT_EQ(normalize_pg_default("'{1,2}'::integer[]"), sql("'{1,2}'"));
  EXPECT_EQ(normalize_pg_default("'x'::character varying(10)::text"), sql("'x'"));
  EXPECT_EQ(normalize_pg_default("'a'::\"My Enum\""), sql("'a'"));
  EXPECT_EQ(normalize_pg_default("'2020-01-01 00:00:00'::timestamp without time zone"),
            sql("'2020-01-01 00:00:00'"));
  EXPECT_EQ(normalize_pg_default("NULL::character varying"), std::nullopt);
  EXPECT_EQ(normalize_pg_default("NULL"), std::nullopt);
  EXPECT_EQ(normalize_pg_default("now()"), sql("now()"));
  EXPECT_EQ(normalize_pg_default("CURRENT_TIMESTAMP"), sql("CURRENT_TIMESTAMP"));
  // Casts inside a larger expression are meaningful and stay.
  EXPECT_EQ(normalize_pg_default("(now() AT TIME ZONE 'utc'::text)"),
            sql("(now() AT TIME ZONE 'utc'::text)"));
  EXPECT_EQ(normalize_pg_default("'a'::text || 'b'::text"), sql("'a'::text || 'b'::text"));
  EXPECT_EQ(normalize_pg_default("'x'::text COLLATE \"C\""), sql("'x'::text COLLATE \"C\""));
  EXPECT_EQ(strip_pg_literal_casts("nextval('t_id_seq'::regclass)"),
            "nextval('t_id_seq'::regclass)");
  EXPECT_EQ(strip_pg_literal_casts("E'a\\\\b'::text"), "E'a\\\\b'");
}

TEST(PgReflect, ReadsDefaultsFromTheServer) {
  PgTestDatabase db;
  auto conn = db.connect();
  conn->execute(
      "CREATE TABLE d (a numeric(10,2) DEFAULT 0, b numeric DEFAULT -1.5, c bool DEFAULT false,"
      " e bigint DEFAULT 9999999999, f text DEFAULT 'it''s', h varchar(5) DEFAULT NULL,"
      " i int DEFAULT -3, j jsonb DEFAULT '{}'::jsonb, k timestamptz DEFAULT now(),"
      " l timestamp DEFAULT (now() AT TIME ZONE 'utc'), m varchar(10) DEFAULT 'x'::text)");
  TableSpec t = reflect_postgresql(*conn).tables.at(0);
  auto text = [&](const std::string& col) -> std::string {
    const auto& d = t.find_column(col)->server_default;
    if (!d) return "(none)";
    switch (d->kind) {
      case DefaultValue::Kind::number:
        return "number " + d->number;
      case DefaultValue::Kind::boolean:
        return d->boolean ? "boolean true" : "boolean false";
      case DefaultValue::Kind::sql:
        return "sql " + d->sql.common.value_or("?");
      case DefaultValue::Kind::now:
      case DefaultValue::Kind::uuid:
        return "portable";  // reflection never makes these
    }
    return "";
  };
  EXPECT_EQ(text("a"), "number 0");
  EXPECT_EQ(text("b"), "number -1.5");
  EXPECT_EQ(text("c"), "boolean false");
  EXPECT_EQ(text("e"), "number 9999999999");
  EXPECT_EQ(text("f"), "sql 'it''s'");
  EXPECT_EQ(text("h"), "(none)");
  EXPECT_EQ(text("i"), "number -3");
  EXPECT_EQ(text("j"), "sql '{}'");
  EXPECT_EQ(text("k"), "sql now()");
  EXPECT_EQ(text("l"), "sql (now() AT TIME ZONE 'utc'::text)");
  EXPECT_EQ(text("m"), "sql 'x'");
}

TEST(PgReflect, SerialColumnsAreAutoincrementIdentityAndGeneratedColumnsAreTheirOwn) {
  PgTestDatabase db;
  auto conn = db.connect();
  conn->execute(
      "CREATE SEQUENCE shared_seq;"
      "CREATE TABLE s (id serial PRIMARY KEY, big bigserial, ident int GENERATED ALWAYS AS "
      "IDENTITY,"
      " byd bigint GENERATED BY DEFAULT AS IDENTITY, borrowed int DEFAULT nextval('shared_seq'),"
      " total int GENERATED ALWAYS AS (id * 2) STORED)");
  TableSpec t = reflect_postgresql(*conn).tables.at(0);
  for (const char* col : {"id", "big", "ident", "byd"}) {
    SCOPED_TRACE(col);
    EXPECT_EQ(t.find_column(col)->autoincrement,
              std::string(col) == "id" || std::string(col) == "big");
    EXPECT_FALSE(t.find_column(col)->server_default.has_value());
  }
  // Identity columns: ALWAYS or BY DEFAULT, the sequence's defaults (start 1, increment 1) left
  // out.
  EXPECT_EQ(t.find_column("ident")->identity, (IdentitySpec{true, std::nullopt, std::nullopt}));
  EXPECT_EQ(t.find_column("byd")->identity, (IdentitySpec{false, std::nullopt, std::nullopt}));
  EXPECT_FALSE(t.find_column("id")->identity.has_value());
  ASSERT_TRUE(t.find_column("total")->generated.has_value());
  EXPECT_EQ(t.find_column("total")->generated->expression.common, "(id * 2)");
  EXPECT_TRUE(t.find_column("total")->generated->stored);
  EXPECT_EQ(t.find_column("big")->type.kind, Type::Kind::bigint);
  // A sequence the column does not own is an ordinary default.
  EXPECT_FALSE(t.find_column("borrowed")->autoincrement);
  ASSERT_TRUE(t.find_column("borrowed")->server_default);
  EXPECT_EQ(t.find_column("borrowed")->server_default->sql.common,
            "nextval('shared_seq'::regclass)");
  // A generated column's expression is not a default.
  EXPECT_FALSE(t.find_column("total")->server_default.has_value());
  EXPECT_EQ(t.primary_key, (PrimaryKeySpec{"s_pkey", {"id"}}));
}

TEST(PgReflect, ConstraintsAndIndexesInDetail) {
  PgTestDatabase db;
  auto conn = db.connect();
  conn->execute(
      "CREATE SCHEMA ref; CREATE TABLE ref.owners (id int PRIMARY KEY);"
      "CREATE TABLE p (a int, b int, PRIMARY KEY (b, a));"
      "CREATE TABLE c (id int, a int, b int, owner int, rate numeric, email text,"
      " CONSTRAINT uq_c_email UNIQUE (email),"
      " CONSTRAINT fk_c_owner FOREIGN KEY (owner) REFERENCES ref.owners (id) ON DELETE SET NULL,"
      " CONSTRAINT ck_rate CHECK (rate >= 0));"
      "ALTER TABLE c ADD CONSTRAINT fk_c_p FOREIGN KEY (a, b) REFERENCES p (a, b)"
      " ON UPDATE CASCADE NOT VALID;"
      "CREATE UNIQUE INDEX ux_c_lower ON c (lower(email)) WHERE id > 10;"
      "CREATE INDEX ix_c_desc ON c (b DESC, a);");
  Schema s = reflect_postgresql(*conn);
  const TableSpec* p = s.find_table("p");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->primary_key, (PrimaryKeySpec{"p_pkey", {"b", "a"}}));
  EXPECT_TRUE(p->indexes.empty()) << "the primary key's index is not an index of the model";

  const TableSpec* c = s.find_table("c");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(s.find_table("owners"), nullptr);  // another schema
  ASSERT_EQ(c->foreign_keys.size(), 2u);
  const ForeignKeySpec& to_p = c->foreign_keys[1];  // listed by name
  EXPECT_EQ(to_p.name, "fk_c_p");
  EXPECT_EQ(to_p.columns, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(to_p.ref_table, "p");
  EXPECT_EQ(to_p.ref_columns, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(to_p.on_delete, "");
  EXPECT_EQ(to_p.on_update, "CASCADE");
  EXPECT_TRUE(to_p.not_valid);
  const ForeignKeySpec& to_owner = c->foreign_keys[0];
  EXPECT_EQ(to_owner.name, "fk_c_owner");
  EXPECT_EQ(to_owner.ref_table, "ref.owners");
  EXPECT_EQ(to_owner.on_delete, "SET NULL");
  EXPECT_FALSE(to_owner.not_valid);

  ASSERT_EQ(c->unique.size(), 1u);
  EXPECT_EQ(c->unique[0].name, "uq_c_email");
  ASSERT_EQ(c->checks.size(), 1u);
  EXPECT_EQ(c->checks[0].expression.common, "rate >= 0::numeric");  // as the server prints it

  ASSERT_EQ(c->indexes.size(), 2u);  // not the unique constraint's index
  EXPECT_EQ(c->indexes[0].name, "ix_c_desc");
  // b DESC: the order is read back (indoption), NULLs where PostgreSQL puts them descending.
  EXPECT_EQ(c->indexes[0].columns, (std::vector<IndexColumn>{{"b", "", true}, {"a", ""}}));
  EXPECT_EQ(c->indexes[1].name, "ux_c_lower");
  EXPECT_TRUE(c->indexes[1].unique);
  EXPECT_EQ(c->indexes[1].columns, (std::vector<IndexColumn>{{"", "lower(email)"}}));
  EXPECT_EQ(c->indexes[1].where, "id > 10");
  EXPECT_EQ(c->indexes[1].using_, "");
}

TEST(PgReflect, ReadsAnotherSchemaAndExcludesBookkeepingTables) {
  PgTestDatabase db;
  auto conn = db.connect();
  conn->execute(
      "CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY);"
      "CREATE TABLE retort_history (id bigserial PRIMARY KEY);"
      "CREATE TABLE app (id int);"
      "CREATE SCHEMA tenant1; CREATE TYPE tenant1.kind AS ENUM ('a');"
      "CREATE TABLE tenant1.things (k tenant1.kind, app_id int);");
  Schema pub = reflect_postgresql(*conn, "public", {"alembic_version", "retort_history"});
  ASSERT_EQ(pub.tables.size(), 1u);
  EXPECT_EQ(pub.tables[0].name, "app");
  EXPECT_TRUE(pub.enums.empty());

  Schema t1 = reflect_postgresql(*conn, "tenant1");
  ASSERT_EQ(t1.tables.size(), 1u);
  EXPECT_EQ(t1.tables[0].name, "things");
  EXPECT_EQ(t1.tables[0].columns[0].type.enum_name, "kind");
  ASSERT_EQ(t1.enums.size(), 1u);
  EXPECT_EQ(t1.enums[0].name, "kind");
}

TEST(PgReflect, OneTableWithItsTriggers) {
  PgTestDatabase db;
  auto conn = db.connect();
  conn->execute(
      "CREATE TABLE a (id int PRIMARY KEY, touched timestamptz);"
      "CREATE TABLE b (id int);"
      "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS"
      " $$ BEGIN NEW.touched := now(); RETURN NEW; END $$;"
      "CREATE TRIGGER trg_touch BEFORE UPDATE ON a FOR EACH ROW EXECUTE FUNCTION touch();"
      "CREATE SCHEMA s2; CREATE TABLE s2.a (x int);");
  std::optional<TableState> a = reflect_postgresql_table(*conn, "a");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->spec.name, "a");
  EXPECT_EQ(a->spec.columns.size(), 2u);
  EXPECT_EQ(a->trigger_sql,
            (std::vector<std::string>{"CREATE TRIGGER trg_touch BEFORE UPDATE ON public.a FOR EACH "
                                      "ROW EXECUTE FUNCTION touch()"}));
  std::optional<TableState> other = reflect_postgresql_table(*conn, "s2.a");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->spec.name, "s2.a");
  ASSERT_EQ(other->spec.columns.size(), 1u);
  EXPECT_EQ(other->spec.columns[0].name, "x");
  EXPECT_FALSE(reflect_postgresql_table(*conn, "missing"));
}

// Counts the statements sent through it.
class CountingConnection : public Connection {
 public:
  explicit CountingConnection(Connection& inner) : inner_(inner) {}
  Dialect dialect() const override { return inner_.dialect(); }
  QueryResult query(std::string_view sql, const std::vector<Param>& params) override {
    ++statements;
    return inner_.query(sql, params);
  }
  int64_t execute(std::string_view sql) override {
    ++statements;
    return inner_.execute(sql);
  }
  std::string server_version() override { return inner_.server_version(); }
  std::string describe() const override { return inner_.describe(); }
  bool in_transaction() override { return inner_.in_transaction(); }
  int statements = 0;

 private:
  Connection& inner_;
};

TEST(PgReflect, AThousandTablesInTenQueries) {
  PgTestDatabase db;
  auto conn = db.connect();
  std::string script = "CREATE TYPE st AS ENUM ('a', 'b');";
  for (int i = 0; i < 1000; ++i) {
    std::string t = "t" + std::to_string(i);
    script +=
        "CREATE TABLE " + t +
        " (id serial PRIMARY KEY, name varchar(50) NOT NULL DEFAULT 'x', "
        "state st, amount numeric(10,2) CHECK (amount >= 0), created timestamptz DEFAULT now()" +
        (i ? ", parent int REFERENCES t" + std::to_string(i - 1) + " (id) ON DELETE CASCADE" : "") +
        ", UNIQUE (name));"
        "CREATE INDEX ix_" +
        t + " ON " + t +
        " (lower(name)) WHERE state = 'a';"
        "COMMENT ON TABLE " +
        t + " IS 'table " + std::to_string(i) + "';";
  }
  conn->execute(script);

  // The number of statements does not grow with the number of tables; how long reflection takes
  // is measured by bench/ (docs/BENCHMARKS.md, `sql-schema` on 1,000 tables).
  CountingConnection counting(*conn);
  Schema s = reflect_postgresql(counting);
  // Five for the tables, five for the views, functions, triggers, sequences and extensions.
  EXPECT_EQ(counting.statements, 10);
  ASSERT_EQ(s.tables.size(), 1000u);
  const TableSpec* t500 = s.find_table("t500");
  ASSERT_NE(t500, nullptr);
  EXPECT_EQ(t500->columns.size(), 6u);
  EXPECT_TRUE(t500->columns[0].autoincrement);
  EXPECT_EQ(t500->foreign_keys.size(), 1u);
  EXPECT_EQ(t500->foreign_keys[0].ref_table, "t499");
  EXPECT_EQ(t500->unique.size(), 1u);
  EXPECT_EQ(t500->checks.size(), 1u);
  EXPECT_EQ(t500->indexes.size(), 1u);
  EXPECT_EQ(t500->comment, "table 500");
}

}  // namespace
}  // namespace retort
