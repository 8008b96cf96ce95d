// Unit tests of the PostgreSQL renderer: quoting, types, defaults, errors and the bookkeeping
// tables. Whole-op output is covered by the golden files (postgresql_golden_test.cpp).
#include "dialect/postgresql_dialect.hpp"

#include <gtest/gtest.h>

#include "ops/load_revision.hpp"

namespace retort {
namespace {

const SqlDialect& pg() {
  return postgresql_dialect();
}

std::vector<std::string> render_yaml(std::string_view yaml) {
  std::vector<std::string> out;
  for (const Op& op : parse_op_list("t.yaml", yaml)) {
    auto s = pg().render(op, RenderContext{});
    out.insert(out.end(), s.begin(), s.end());
  }
  return out;
}

std::string render_error(std::string_view yaml) {
  try {
    render_yaml(yaml);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    return e.what();
  }
  ADD_FAILURE() << "expected an error";
  return "";
}

TEST(PostgresqlDialect, IsTheDialectForPostgresql) {
  EXPECT_EQ(&dialect_for(Dialect::postgresql), &pg());
  EXPECT_EQ(pg().name(), Dialect::postgresql);
}

TEST(PostgresqlDialect, QuotesIdentifiersPartByPart) {
  EXPECT_EQ(pg().quote_identifier("users"), "\"users\"");
  EXPECT_EQ(pg().quote_identifier("billing.invoices"), "\"billing\".\"invoices\"");
  EXPECT_EQ(pg().quote_identifier("we\"ird"), "\"we\"\"ird\"");
  EXPECT_EQ(pg().quote_identifier("Mixed Case"), "\"Mixed Case\"");
}

TEST(PostgresqlDialect, QuotesLiterals) {
  EXPECT_EQ(pg().quote_literal("plain"), "'plain'");
  EXPECT_EQ(pg().quote_literal("O'Brien"), "'O''Brien'");
  EXPECT_EQ(pg().quote_literal(""), "''");
  // A backslash is kept literally whatever standard_conforming_strings says.
  EXPECT_EQ(pg().quote_literal("a\\b'c"), "E'a\\\\b''c'");
}

TEST(PostgresqlDialect, RendersEveryPortableType) {
  using K = Type::Kind;
  auto type = [](K k) {
    Type t;
    t.kind = k;
    return t;
  };
  EXPECT_EQ(pg().render_type(type(K::integer)), "INTEGER");
  EXPECT_EQ(pg().render_type(type(K::bigint)), "BIGINT");
  EXPECT_EQ(pg().render_type(type(K::smallint)), "SMALLINT");
  EXPECT_EQ(pg().render_type(type(K::boolean)), "BOOLEAN");
  EXPECT_EQ(pg().render_type(type(K::float_)), "REAL");
  EXPECT_EQ(pg().render_type(type(K::double_)), "DOUBLE PRECISION");
  EXPECT_EQ(pg().render_type(type(K::numeric)), "NUMERIC");
  Type n = type(K::numeric);
  n.precision = 10;
  EXPECT_EQ(pg().render_type(n), "NUMERIC(10)");
  n.scale = 2;
  EXPECT_EQ(pg().render_type(n), "NUMERIC(10, 2)");
  Type s = type(K::string);
  EXPECT_EQ(pg().render_type(s), "VARCHAR");
  s.length = 50;
  EXPECT_EQ(pg().render_type(s), "VARCHAR(50)");
  EXPECT_EQ(pg().render_type(type(K::text)), "TEXT");
  EXPECT_EQ(pg().render_type(type(K::date)), "DATE");
  EXPECT_EQ(pg().render_type(type(K::time)), "TIME");
  Type dt = type(K::datetime);
  EXPECT_EQ(pg().render_type(dt), "TIMESTAMP WITHOUT TIME ZONE");
  dt.timezone = true;
  EXPECT_EQ(pg().render_type(dt), "TIMESTAMP WITH TIME ZONE");
  EXPECT_EQ(pg().render_type(type(K::json)), "JSON");
  EXPECT_EQ(pg().render_type(type(K::jsonb)), "JSONB");
  EXPECT_EQ(pg().render_type(type(K::uuid)), "UUID");
  EXPECT_EQ(pg().render_type(type(K::binary)), "BYTEA");
  Type e = type(K::enum_);
  e.enum_name = "ops.buy_status";
  EXPECT_EQ(pg().render_type(e), "\"ops\".\"buy_status\"");
  Type c = type(K::custom);
  c.custom_sql.per_dialect[Dialect::postgresql] = "INET";
  c.custom_sql.per_dialect[Dialect::sqlite] = "TEXT";
  EXPECT_EQ(pg().render_type(c), "INET");
}

TEST(PostgresqlDialect, RendersDefaults) {
  DefaultValue number;
  number.kind = DefaultValue::Kind::number;
  number.number = "-0.5";
  EXPECT_EQ(pg().render_default(number), "-0.5");
  DefaultValue flag;
  flag.kind = DefaultValue::Kind::boolean;
  EXPECT_EQ(pg().render_default(flag), "false");
  DefaultValue sql;
  sql.sql.per_dialect[Dialect::sqlite] = "CURRENT_TIMESTAMP";
  EXPECT_EQ(pg().render_default(sql), std::nullopt);  // no PostgreSQL text
  sql.sql.per_dialect[Dialect::postgresql] = "now()";
  EXPECT_EQ(pg().render_default(sql), "now()");
}

TEST(PostgresqlDialect, SerialOnlyForAutoincrementIntegers) {
  EXPECT_EQ(render_yaml("- create_table:\n"
                        "    table: t\n"
                        "    columns:\n"
                        "      - {name: a, type: smallint, primary_key: true, autoincrement: true,"
                        " server_default: 7}\n"),
            (std::vector<std::string>{"CREATE TABLE \"t\" (\n"
                                      "  \"a\" SMALLSERIAL NOT NULL,\n"
                                      "  PRIMARY KEY (\"a\")\n"
                                      ")"}));
  EXPECT_EQ(render_yaml("- add_column: {table: t, column: {name: b, type: string(5), "
                        "autoincrement: true}}\n"),
            (std::vector<std::string>{"ALTER TABLE \"t\" ADD COLUMN \"b\" VARCHAR(5)"}));
  EXPECT_EQ(render_yaml("- add_column: {table: t, column: {name: id, type: bigint, "
                        "primary_key: true, autoincrement: true}}\n"),
            (std::vector<std::string>{
                "ALTER TABLE \"t\" ADD COLUMN \"id\" BIGSERIAL NOT NULL PRIMARY KEY"}));
}

TEST(PostgresqlDialect, RejectsWhatPostgresqlCannotDo) {
  EXPECT_EQ(render_error("- add_column: {table: t, column: {name: a, type: {sqlite: TEXT}}}\n"),
            "t.yaml:1:34: the custom type has no postgresql form; give it as {sql: …} or add "
            "`postgresql: …` to it");
  EXPECT_EQ(render_error("- rename_table: {table: a.t, to: b.t}\n"),
            "t.yaml:1:3: rename_table cannot move 'a.t' to another schema ('b.t'); use execute "
            "with ALTER TABLE … SET SCHEMA");
  // An index method is checked when the file loads (ops/load_spec): only known methods.
  EXPECT_EQ(
      render_error("- create_index: {name: i, table: t, columns: [a], using: \"gin; DROP\"}\n"),
      "t.yaml:1:58: unknown index method 'gin; DROP' in 'using'\n"
      "  - create_index: {name: i, table: t, columns: [a], using: \"gin; DROP\"}\n"
      "                                                           ^\n"
      "  expected one of: btree, hash, gist, spgist, gin, brin, bloom, hnsw, ivfflat, rum");

  CreateForeignKey fk;
  fk.table = "t";
  fk.fk.columns = {"a"};
  fk.fk.ref_table = "r";
  fk.fk.on_delete = "EXPLODE";
  Op op{fk};
  op.where = {"m.yaml", 4, 7};
  try {
    pg().render(op, RenderContext{});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "m.yaml:4:7: unknown foreign key action 'EXPLODE': expected CASCADE, SET NULL, "
              "SET DEFAULT, RESTRICT or NO ACTION");
  }

  AddEnumValue both{"e", "v", "a", "b"};
  Op both_op{both};
  EXPECT_THROW(pg().render(both_op, RenderContext{}), Error);
}

TEST(PostgresqlDialect, BulkInsertSplitsLargeBatchesAndEscapesValues) {
  BulkInsert b;
  b.table = "t";
  b.columns = {"n", "s"};
  for (int i = 0; i < 2500; ++i)
    b.rows.push_back({Value{Value::Kind::integer, std::to_string(i)},
                      Value{Value::Kind::string, "it's " + std::to_string(i)}});
  b.rows[5][0] = Value{Value::Kind::integer, "1); DROP TABLE t; --"};  // not a number: quoted
  std::vector<std::string> sql = pg().render(Op{b}, RenderContext{});
  ASSERT_EQ(sql.size(), 3u);
  EXPECT_EQ(sql[0].rfind("INSERT INTO \"t\" (\"n\", \"s\") VALUES\n  (0, 'it''s 0'),\n", 0), 0u);
  EXPECT_NE(sql[0].find("('1); DROP TABLE t; --', 'it''s 5')"), std::string::npos);
  EXPECT_NE(sql[0].find("(999, 'it''s 999')"), std::string::npos);
  EXPECT_EQ(sql[0].find("(1000, "), std::string::npos);
  EXPECT_EQ(sql[2].rfind("INSERT INTO \"t\" (\"n\", \"s\") VALUES\n  (2000, 'it''s 2000'),", 0),
            0u);
  EXPECT_EQ(sql[2].substr(sql[2].size() - 20), "(2499, 'it''s 2499')");
}

TEST(PostgresqlDialect, NeverNeedsTableState) {
  for (const Op& op : parse_op_list("t.yaml",
                                    "- alter_column: {table: t, column: c, type: text}\n"
                                    "- create_foreign_key: {table: t, columns: [a], references: "
                                    "{table: r, columns: [b]}}\n"))
    EXPECT_FALSE(pg().needs_table_state(op));
}

TEST(PostgresqlDialect, VersionTableIsAlembics) {
  EXPECT_EQ(pg().create_version_table("alembic_version"),
            "CREATE TABLE IF NOT EXISTS \"alembic_version\" (\"version_num\" VARCHAR(32) NOT NULL, "
            "CONSTRAINT \"alembic_version_pkc\" PRIMARY KEY (\"version_num\"))");
  EXPECT_EQ(pg().create_version_table("ops.my_version"),
            "CREATE TABLE IF NOT EXISTS \"ops\".\"my_version\" (\"version_num\" VARCHAR(32) NOT "
            "NULL, CONSTRAINT \"my_version_pkc\" PRIMARY KEY (\"version_num\"))");
}

TEST(PostgresqlDialect, HistoryTableHasTheSpecColumns) {
  EXPECT_EQ(pg().create_history_table("retort_history"),
            "CREATE TABLE IF NOT EXISTS \"retort_history\" (\n"
            "  \"id\" BIGSERIAL NOT NULL,\n"
            "  \"revision\" VARCHAR(32) NOT NULL,\n"
            "  \"direction\" VARCHAR(16) NOT NULL,\n"
            "  \"from_revisions\" TEXT,\n"
            "  \"message\" TEXT,\n"
            "  \"checksum\" VARCHAR(64),\n"
            "  \"started_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
            "  \"duration_ms\" BIGINT,\n"
            "  \"success\" BOOLEAN NOT NULL,\n"
            "  \"error\" TEXT,\n"
            "  \"applied_by\" TEXT,\n"
            "  \"retort_version\" VARCHAR(32),\n"
            "  \"transaction_mode\" VARCHAR(16),\n"
            "  CONSTRAINT \"retort_history_pkey\" PRIMARY KEY (\"id\")\n"
            ")");
}

}  // namespace
}  // namespace retort
