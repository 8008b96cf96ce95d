#include "ops/load_revision.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "base/error.hpp"
#include "base/sha256.hpp"
#include "support/process.hpp"

namespace retort {
namespace {

template <class T>
const T& body(const Op& op) {
  const T* p = std::get_if<T>(&op.body);
  if (p == nullptr) throw std::runtime_error("unexpected op " + std::string(op_name(op.body)));
  return *p;
}

std::vector<Op> ops(const std::string& text) {
  return parse_op_list("ops.yaml", text);
}

TEST(LoadRevision, ReadsEveryTopLevelKey) {
  std::string text =
      "revision: \"042\"\n"
      "down_revision: \"041\"\n"
      "branch_labels: [billing]\n"
      "depends_on: [\"017\"]\n"
      "message: add priority to media_buys\n"
      "created: \"2026-03-09T10:00:00Z\"\n"
      "transactional: true\n"
      "x-reviewed-by: alice\n"
      "upgrade:\n"
      "  - add_column:\n"
      "      table: media_buys\n"
      "      column: {name: priority, type: integer, server_default: 0, comment: Campaign "
      "priority}\n"
      "downgrade:\n"
      "  - drop_column: {table: media_buys, column: priority}\n";
  Revision r = parse_revision("m/042.yaml", text);
  EXPECT_EQ(r.id, "042");
  EXPECT_EQ(r.down_revisions, std::vector<std::string>{"041"});
  EXPECT_EQ(r.branch_labels, std::vector<std::string>{"billing"});
  EXPECT_EQ(r.depends_on, std::vector<std::string>{"017"});
  EXPECT_EQ(r.message, "add priority to media_buys");
  EXPECT_EQ(r.created, "2026-03-09T10:00:00Z");
  EXPECT_TRUE(r.transactional);
  EXPECT_EQ(r.path, "m/042.yaml");
  EXPECT_EQ(r.checksum, sha256_hex(text));
  EXPECT_EQ(r.where.str(), "m/042.yaml:1:1");
  ASSERT_EQ(r.upgrade.size(), 1u);
  const auto& add = body<AddColumn>(r.upgrade[0]);
  EXPECT_EQ(add.table, "media_buys");
  EXPECT_EQ(add.column.name, "priority");
  EXPECT_EQ(add.column.type.kind, Type::Kind::integer);
  ASSERT_TRUE(add.column.server_default.has_value());
  EXPECT_EQ(add.column.server_default->kind, DefaultValue::Kind::number);
  EXPECT_EQ(add.column.server_default->number, "0");
  EXPECT_EQ(add.column.comment, "Campaign priority");
  EXPECT_EQ(r.upgrade[0].where.str(), "m/042.yaml:10:5");
  ASSERT_EQ(r.downgrade.size(), 1u);
  EXPECT_EQ(body<DropColumn>(r.downgrade[0]).column, "priority");
}

TEST(LoadRevision, IdsKeepTheirSourceText) {
  Revision r =
      parse_revision("a.yaml", "revision: 001\ndown_revision: 000\nupgrade: []\ndowngrade: []\n");
  EXPECT_EQ(r.id, "001");
  EXPECT_EQ(r.down_revisions, std::vector<std::string>{"000"});
  Revision merge =
      parse_revision("b.yaml",
                     "revision: ab12_x\ndown_revision: [\"003\", 0004]\nbranch_labels: solo\n"
                     "depends_on: 7\nupgrade: []\ndowngrade: []\n");
  EXPECT_EQ(merge.down_revisions, (std::vector<std::string>{"003", "0004"}));
  EXPECT_EQ(merge.branch_labels, std::vector<std::string>{"solo"});
  EXPECT_EQ(merge.depends_on, std::vector<std::string>{"7"});
  EXPECT_TRUE(merge.message.empty());
  Revision root =
      parse_revision("c.yaml", "revision: r\ndown_revision: ~\nupgrade: []\ndowngrade: []\n");
  EXPECT_TRUE(root.down_revisions.empty());
  Revision nontx = parse_revision(
      "d.yaml",
      "revision: r\ndown_revision: []\ntransactional: false\nupgrade: []\ndowngrade: []\n");
  EXPECT_TRUE(nontx.down_revisions.empty());
  EXPECT_FALSE(nontx.transactional);
}

TEST(LoadRevision, ChecksumFoldsCrlf) {
  std::string lf = "revision: \"1\"\ndown_revision: null\nupgrade: []\ndowngrade: []\n";
  std::string crlf = "revision: \"1\"\r\ndown_revision: null\r\nupgrade: []\r\ndowngrade: []\r\n";
  Revision a = parse_revision("lf.yaml", lf);
  Revision b = parse_revision("crlf.yaml", crlf);
  EXPECT_EQ(a.checksum, b.checksum);
  EXPECT_EQ(a.checksum, sha256_hex(lf));
  EXPECT_EQ(a.checksum.size(), 64u);
  // A lone CR is content, not a line ending: it changes the checksum.
  EXPECT_NE(file_checksum("a\rb\n"), file_checksum("a\nb\n"));
  EXPECT_NE(parse_revision("x.yaml", lf + "# note\n").checksum, a.checksum);
}

TEST(LoadOps, CreateTableWithEveryField) {
  auto list = ops(R"Y(
- create_table:
    table: pricing_options
    if_not_exists: true
    dialect: [postgresql, sqlite]
    lint_allow: [R101]
    comment: Pricing models attached to products
    columns:
      - {name: id, type: integer, primary_key: true, autoincrement: true}
      - {name: tenant_id, type: string(50), nullable: false}
      - {name: product_id, type: string(100), nullable: false}
      - {name: rate, type: numeric(10,2), unique: true}
      - {name: created_at, type: datetime(tz), nullable: false, server_default: CURRENT_TIMESTAMP}
      - {name: status, type: {enum: po_status, values: [active, paused]}, server_default: "'active'"}
      - {name: addr, type: {postgresql: INET, sqlite: TEXT}, comment: "IP: v4 or v6"}
      - {name: net, type: {sql: CIDR}}
      - {name: flags, type: jsonb, server_default: {postgresql: "'{}'::jsonb", sqlite: "'{}'"}}
      - {name: on, type: boolean, server_default: false}
      - {name: ratio, type: double, server_default: 0.5}
    primary_key: [id]
    foreign_keys:
      - {name: fk_po_product, columns: [tenant_id, product_id],
         references: {table: products, columns: [tenant_id, product_id]}, on_delete: cascade,
         on_update: set null}
      - {columns: tenant_id, references: {table: tenants, columns: tenant_id}}
    unique:  [{name: uq_po, columns: [tenant_id, product_id]}]
    checks:  [{name: ck_po_rate, expression: "rate >= 0"},
              {expression: {postgresql: "jsonb_typeof(flags) = 'object'"}}]
    indexes:
      - {name: idx_po_product, columns: [tenant_id, product_id]}
      - {name: idx_po_lower, columns: [{expression: lower(tenant_id)}, rate], unique: true,
         where: "rate > 0", using: btree}
)Y");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].dialects, (std::vector<Dialect>{Dialect::postgresql, Dialect::sqlite}));
  EXPECT_EQ(list[0].lint_allow, std::vector<std::string>{"R101"});
  const auto& ct = body<CreateTable>(list[0]);
  EXPECT_TRUE(ct.if_not_exists);
  const TableSpec& t = ct.table;
  EXPECT_EQ(t.name, "pricing_options");
  EXPECT_EQ(t.comment, "Pricing models attached to products");
  ASSERT_EQ(t.columns.size(), 11u);

  const ColumnSpec& id = t.columns[0];
  EXPECT_TRUE(id.primary_key);
  EXPECT_TRUE(id.autoincrement);
  EXPECT_FALSE(id.nullable);  // primary-key columns are NOT NULL
  EXPECT_EQ(id.where.str(), "ops.yaml:9:9");

  EXPECT_EQ(t.columns[1].type.kind, Type::Kind::string);
  EXPECT_EQ(t.columns[1].type.length, 50);
  EXPECT_FALSE(t.columns[1].nullable);
  EXPECT_EQ(t.columns[3].type.kind, Type::Kind::numeric);
  EXPECT_EQ(t.columns[3].type.precision, 10);
  EXPECT_EQ(t.columns[3].type.scale, 2);
  EXPECT_TRUE(t.columns[3].unique);
  EXPECT_TRUE(t.columns[3].nullable);

  const ColumnSpec& created = t.columns[4];
  EXPECT_EQ(created.type.kind, Type::Kind::datetime);
  EXPECT_TRUE(created.type.timezone);
  EXPECT_EQ(created.server_default->kind, DefaultValue::Kind::sql);
  EXPECT_EQ(created.server_default->sql.common, "CURRENT_TIMESTAMP");

  const ColumnSpec& status = t.columns[5];
  EXPECT_EQ(status.type.kind, Type::Kind::enum_);
  EXPECT_EQ(status.type.enum_name, "po_status");
  EXPECT_EQ(status.type.enum_values, (std::vector<std::string>{"active", "paused"}));
  EXPECT_EQ(status.server_default->sql.common, "'active'");

  const ColumnSpec& addr = t.columns[6];
  EXPECT_EQ(addr.type.kind, Type::Kind::custom);
  EXPECT_FALSE(addr.type.custom_sql.common.has_value());
  EXPECT_EQ(addr.type.custom_sql.per_dialect.at(Dialect::postgresql), "INET");
  EXPECT_EQ(addr.type.custom_sql.per_dialect.at(Dialect::sqlite), "TEXT");
  EXPECT_EQ(addr.comment, "IP: v4 or v6");
  EXPECT_EQ(t.columns[7].type.custom_sql.common, "CIDR");

  const DefaultValue& flags = *t.columns[8].server_default;
  EXPECT_EQ(flags.kind, DefaultValue::Kind::sql);
  EXPECT_EQ(*flags.sql.for_dialect(Dialect::postgresql), "'{}'::jsonb");
  EXPECT_EQ(*flags.sql.for_dialect(Dialect::sqlite), "'{}'");
  EXPECT_EQ(t.columns[9].name, "on");  // a key, not YAML 1.1's boolean
  EXPECT_EQ(t.columns[9].server_default->kind, DefaultValue::Kind::boolean);
  EXPECT_FALSE(t.columns[9].server_default->boolean);
  EXPECT_EQ(t.columns[10].type.kind, Type::Kind::double_);
  EXPECT_EQ(t.columns[10].server_default->number, "0.5");

  ASSERT_TRUE(t.primary_key.has_value());
  EXPECT_EQ(t.primary_key->columns, std::vector<std::string>{"id"});
  ASSERT_EQ(t.foreign_keys.size(), 2u);
  const ForeignKeySpec& fk = t.foreign_keys[0];
  EXPECT_EQ(fk.name, "fk_po_product");
  EXPECT_EQ(fk.columns, (std::vector<std::string>{"tenant_id", "product_id"}));
  EXPECT_EQ(fk.ref_table, "products");
  EXPECT_EQ(fk.ref_columns, (std::vector<std::string>{"tenant_id", "product_id"}));
  EXPECT_EQ(fk.on_delete, "CASCADE");
  EXPECT_EQ(fk.on_update, "SET NULL");
  EXPECT_EQ(t.foreign_keys[1].name, "");
  EXPECT_EQ(t.foreign_keys[1].columns, std::vector<std::string>{"tenant_id"});
  EXPECT_EQ(t.foreign_keys[1].on_delete, "");
  ASSERT_EQ(t.unique.size(), 1u);
  EXPECT_EQ(t.unique[0].name, "uq_po");
  ASSERT_EQ(t.checks.size(), 2u);
  EXPECT_EQ(t.checks[0].expression.common, "rate >= 0");
  EXPECT_EQ(t.checks[1].name, "");
  EXPECT_EQ(t.checks[1].expression.for_dialect(Dialect::sqlite), nullptr);
  ASSERT_EQ(t.indexes.size(), 2u);
  EXPECT_EQ(t.indexes[0].columns.size(), 2u);
  const IndexSpec& lower = t.indexes[1];
  EXPECT_EQ(lower.columns[0].expression, "lower(tenant_id)");
  EXPECT_EQ(lower.columns[0].name, "");
  EXPECT_EQ(lower.columns[1].name, "rate");
  EXPECT_TRUE(lower.unique);
  EXPECT_EQ(lower.where, "rate > 0");
  EXPECT_EQ(lower.using_, "btree");
}

TEST(LoadOps, TableLevelPrimaryKeyMakesColumnsNotNull) {
  auto list =
      ops("- create_table:\n"
          "    table: t\n"
          "    columns: [{name: a, type: integer}, {name: b, type: text}, {name: c, type: text}]\n"
          "    primary_key: {name: pk_t, columns: [a, b]}\n");
  const TableSpec& t = body<CreateTable>(list[0]).table;
  EXPECT_FALSE(t.columns[0].nullable);
  EXPECT_FALSE(t.columns[1].nullable);
  EXPECT_TRUE(t.columns[2].nullable);
  EXPECT_EQ(t.primary_key->name, "pk_t");
  EXPECT_EQ(t.primary_key_columns(), (std::vector<std::string>{"a", "b"}));
}

TEST(LoadOps, EveryTypeName) {
  struct Case {
    const char* text;
    Type::Kind kind;
  };
  const Case cases[] = {
      {"integer", Type::Kind::integer},   {"bigint", Type::Kind::bigint},
      {"smallint", Type::Kind::smallint}, {"boolean", Type::Kind::boolean},
      {"float", Type::Kind::float_},      {"double", Type::Kind::double_},
      {"numeric", Type::Kind::numeric},   {"string", Type::Kind::string},
      {"text", Type::Kind::text},         {"date", Type::Kind::date},
      {"time", Type::Kind::time},         {"datetime", Type::Kind::datetime},
      {"json", Type::Kind::json},         {"jsonb", Type::Kind::jsonb},
      {"uuid", Type::Kind::uuid},         {"binary", Type::Kind::binary},
  };
  for (const Case& c : cases) {
    auto list =
        ops(std::string("- add_column: {table: t, column: {name: c, type: ") + c.text + "}}\n");
    const Type& type = body<AddColumn>(list[0]).column.type;
    EXPECT_EQ(type.kind, c.kind) << c.text;
    EXPECT_FALSE(type.length || type.precision || type.scale || type.timezone) << c.text;
  }
  auto spaced = ops("- add_column: {table: t, column: {name: c, type: numeric( 12 , 0 )}}\n");
  const Type& n = body<AddColumn>(spaced[0]).column.type;
  EXPECT_EQ(n.precision, 12);
  EXPECT_EQ(n.scale, 0);
  auto precision_only = ops("- add_column: {table: t, column: {name: c, type: numeric(8)}}\n");
  EXPECT_EQ(body<AddColumn>(precision_only[0]).column.type.precision, 8);
  EXPECT_FALSE(body<AddColumn>(precision_only[0]).column.type.scale.has_value());
}

TEST(LoadOps, SimpleOpsWithEveryField) {
  auto list = ops(R"Y(
- drop_table: {table: old, if_exists: true}
- rename_table: {table: a, to: b}
- add_column: {table: t, column: {name: c, type: text}, if_not_exists: true, dialect: sqlite}
- drop_column: {table: t, column: c, if_exists: true, lint_allow: R102}
- create_index: {name: ix, table: t, columns: [a, {expression: "lower(b)"}], unique: true,
                 where: "a > 0", using: gin, concurrently: false, if_not_exists: true}
- drop_index: {name: ix, table: t, concurrently: false, if_exists: true}
- drop_index: {name: ix2}
- create_foreign_key: {name: fk, table: t, columns: [a], references: {table: u, columns: [id]},
                       on_delete: RESTRICT, on_update: no action, not_valid: true}
- create_unique_constraint: {name: uq, table: t, columns: [a, b]}
- create_check_constraint: {name: ck, table: t, expression: "a > 0"}
- create_primary_key: {name: pk, table: t, columns: [a]}
- drop_constraint: {name: fk, table: t, type: foreign_key}
- drop_constraint: {name: uq, table: t, type: unique}
- drop_constraint: {name: ck, table: t, type: check}
- drop_constraint: {name: pk, table: t, type: primary_key}
- create_enum: {name: mood, values: [sad, happy]}
- drop_enum: {name: mood}
- add_enum_value: {name: mood, value: ok, before: happy}
- add_enum_value: {name: mood, value: great, after: happy}
- call: {name: backfill_prices}
- irreversible: data was dropped
- irreversible: {reason: "long form"}
)Y");
  ASSERT_EQ(list.size(), 22u);
  const auto& dt = body<DropTable>(list[0]);
  EXPECT_EQ(dt.table, "old");
  EXPECT_TRUE(dt.if_exists);
  EXPECT_EQ(body<RenameTable>(list[1]).to, "b");
  const auto& ac = body<AddColumn>(list[2]);
  EXPECT_TRUE(ac.if_not_exists);
  EXPECT_EQ(list[2].dialects, std::vector<Dialect>{Dialect::sqlite});
  EXPECT_TRUE(list[2].runs_on(Dialect::sqlite));
  EXPECT_FALSE(list[2].runs_on(Dialect::postgresql));
  EXPECT_TRUE(body<DropColumn>(list[3]).if_exists);
  EXPECT_EQ(list[3].lint_allow, std::vector<std::string>{"R102"});

  const auto& ci = body<CreateIndex>(list[4]);
  EXPECT_EQ(ci.index.name, "ix");
  EXPECT_EQ(ci.table, "t");
  ASSERT_EQ(ci.index.columns.size(), 2u);
  EXPECT_EQ(ci.index.columns[0].name, "a");
  EXPECT_EQ(ci.index.columns[1].expression, "lower(b)");
  EXPECT_TRUE(ci.index.unique);
  EXPECT_EQ(ci.index.where, "a > 0");
  EXPECT_EQ(ci.index.using_, "gin");
  EXPECT_FALSE(ci.concurrently);
  EXPECT_TRUE(ci.if_not_exists);

  const auto& di = body<DropIndex>(list[5]);
  EXPECT_EQ(di.table, "t");
  EXPECT_TRUE(di.if_exists);
  EXPECT_EQ(body<DropIndex>(list[6]).table, "");

  const auto& fk = body<CreateForeignKey>(list[7]);
  EXPECT_EQ(fk.table, "t");
  EXPECT_EQ(fk.fk.name, "fk");
  EXPECT_EQ(fk.fk.ref_table, "u");
  EXPECT_EQ(fk.fk.ref_columns, std::vector<std::string>{"id"});
  EXPECT_EQ(fk.fk.on_delete, "RESTRICT");
  EXPECT_EQ(fk.fk.on_update, "NO ACTION");
  EXPECT_TRUE(fk.fk.not_valid);

  EXPECT_EQ(body<CreateUniqueConstraint>(list[8]).unique.columns,
            (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(body<CreateCheckConstraint>(list[9]).check.expression.common, "a > 0");
  EXPECT_EQ(body<CreatePrimaryKey>(list[10]).pk.name, "pk");
  EXPECT_EQ(body<DropConstraint>(list[11]).type, ConstraintType::foreign_key);
  EXPECT_EQ(body<DropConstraint>(list[12]).type, ConstraintType::unique);
  EXPECT_EQ(body<DropConstraint>(list[13]).type, ConstraintType::check);
  EXPECT_EQ(body<DropConstraint>(list[14]).type, ConstraintType::primary_key);
  EXPECT_EQ(body<CreateEnum>(list[15]).spec.values, (std::vector<std::string>{"sad", "happy"}));
  EXPECT_EQ(body<DropEnum>(list[16]).name, "mood");
  const auto& before = body<AddEnumValue>(list[17]);
  EXPECT_EQ(before.value, "ok");
  EXPECT_EQ(before.before, "happy");
  EXPECT_EQ(before.after, "");
  EXPECT_EQ(body<AddEnumValue>(list[18]).after, "happy");
  EXPECT_EQ(body<Call>(list[19]).name, "backfill_prices");
  EXPECT_EQ(body<Irreversible>(list[20]).reason, "data was dropped");
  EXPECT_EQ(body<Irreversible>(list[21]).reason, "long form");
}

TEST(LoadOps, AlterColumnFields) {
  auto list = ops(R"Y(
- alter_column: {table: t, column: c, rename_to: d, type: bigint, nullable: false,
                 server_default: 7, comment: hello, using: "c::bigint"}
- alter_column: {table: t, column: c, server_default: null, comment: null}
- alter_column: {table: t, column: c, nullable: true}
)Y");
  const auto& full = body<AlterColumn>(list[0]);
  EXPECT_EQ(full.rename_to, "d");
  EXPECT_EQ(full.type->kind, Type::Kind::bigint);
  EXPECT_EQ(full.nullable, false);
  ASSERT_TRUE(full.server_default.has_value());
  ASSERT_TRUE(full.server_default->has_value());
  EXPECT_EQ((*full.server_default)->number, "7");
  ASSERT_TRUE(full.comment.has_value());
  EXPECT_EQ(*full.comment, "hello");
  EXPECT_EQ(full.using_, "c::bigint");

  const auto& drops = body<AlterColumn>(list[1]);
  ASSERT_TRUE(drops.server_default.has_value());    // the key was given...
  EXPECT_FALSE(drops.server_default->has_value());  // ...as null: drop the default
  ASSERT_TRUE(drops.comment.has_value());
  EXPECT_FALSE(drops.comment->has_value());
  EXPECT_FALSE(drops.type.has_value());
  EXPECT_FALSE(drops.nullable.has_value());

  const auto& only = body<AlterColumn>(list[2]);
  EXPECT_EQ(only.nullable, true);
  EXPECT_FALSE(only.server_default.has_value());
  EXPECT_FALSE(only.comment.has_value());
}

TEST(LoadOps, ExecuteAndAssert) {
  auto list = ops(R"Y(
- execute: "UPDATE t SET a = 1"
- execute:
    sql:
      postgresql: "UPDATE t SET a = now()"
      sqlite: "UPDATE t SET a = CURRENT_TIMESTAMP"
    only_if: "SELECT 1 FROM t WHERE a IS NULL"
    unless: {postgresql: "SELECT 1 FROM pg_tables WHERE tablename = 'x'"}
    repeat_until_zero: true
- execute:
    sql: |
      DELETE FROM t
      WHERE id IN (SELECT id FROM t LIMIT 100)
- assert: {sql: "SELECT count(*) = 0 FROM t", message: t must be empty}
- assert: {sql: "SELECT true"}
)Y");
  ASSERT_EQ(list.size(), 5u);
  EXPECT_EQ(body<Execute>(list[0]).sql.common, "UPDATE t SET a = 1");
  const auto& ex = body<Execute>(list[1]);
  EXPECT_EQ(*ex.sql.for_dialect(Dialect::postgresql), "UPDATE t SET a = now()");
  EXPECT_EQ(*ex.sql.for_dialect(Dialect::sqlite), "UPDATE t SET a = CURRENT_TIMESTAMP");
  EXPECT_EQ(list[1].only_if.common, "SELECT 1 FROM t WHERE a IS NULL");
  EXPECT_EQ(list[1].unless.for_dialect(Dialect::sqlite), nullptr);
  EXPECT_NE(list[1].unless.for_dialect(Dialect::postgresql), nullptr);
  EXPECT_TRUE(ex.repeat_until_zero);
  const auto& multi = body<Execute>(list[2]);
  EXPECT_EQ(multi.sql.common, "DELETE FROM t\nWHERE id IN (SELECT id FROM t LIMIT 100)\n");
  EXPECT_TRUE(list[2].only_if.empty());
  EXPECT_FALSE(multi.repeat_until_zero);
  EXPECT_EQ(body<Assert>(list[3]).message, "t must be empty");
  EXPECT_EQ(body<Assert>(list[4]).message, "");
}

TEST(LoadOps, BulkInsertRows) {
  auto list = ops(R"Y(
- bulk_insert:
    table: currency_limits
    rows:
      - {tenant_id: default, currency: USD, max: 1000000, rate: .5, active: true}
      - {tenant_id: demo, currency: "001", note: null, big: 0x1F,
         config: {a: [1, "two", null, false], "q\"k": 1.}, tags: [x, y]}
)Y");
  const auto& bi = body<BulkInsert>(list[0]);
  EXPECT_EQ(bi.table, "currency_limits");
  EXPECT_EQ(bi.columns, (std::vector<std::string>{"tenant_id", "currency", "max", "rate", "active",
                                                  "note", "big", "config", "tags"}));
  ASSERT_EQ(bi.rows.size(), 2u);
  const auto& r0 = bi.rows[0];
  ASSERT_EQ(r0.size(), 9u);
  EXPECT_EQ(r0[0], (Value{Value::Kind::string, "default"}));
  EXPECT_EQ(r0[2], (Value{Value::Kind::integer, "1000000"}));
  EXPECT_EQ(r0[3], (Value{Value::Kind::real, "0.5"}));
  EXPECT_EQ(r0[4], (Value{Value::Kind::boolean, "true"}));
  EXPECT_EQ(r0[5].kind, Value::Kind::null);  // absent from this row
  const auto& r1 = bi.rows[1];
  EXPECT_EQ(r1[1], (Value{Value::Kind::string, "001"}));
  EXPECT_EQ(r1[2].kind, Value::Kind::null);
  EXPECT_EQ(r1[5].kind, Value::Kind::null);
  EXPECT_EQ(r1[6], (Value{Value::Kind::integer, "31"}));
  EXPECT_EQ(r1[7], (Value{Value::Kind::json, R"({"a":[1,"two",null,false],"q\"k":1.0})"}));
  EXPECT_EQ(r1[8], (Value{Value::Kind::json, R"(["x","y"])"}));
}

// A nested map or list in a bulk_insert row is stored as JSON text written by nlohmann::json:
// compact, keys in the order written, UTF-8 text as is, control characters escaped, numbers as
// JSON numbers (a real in the shortest form that reads back the same), and Python's json.loads
// reads back exactly the values the YAML holds.
TEST(LoadOps, BulkInsertJsonTextIsJsonThatPythonReadsBack) {
  auto list = ops(R"Y(
- bulk_insert:
    table: t
    rows:
      - doc: {name: "Zoë — 東京 🚀", "tab\tkey": "line\nbreak \u0001", quote: "say \"hi\"",
              ints: [0, -7, 9007199254740993, 18446744073709551615, -9223372036854775808],
              reals: [1.50, 1e3, -0.0, .5, 2.5e-8, 1.7976931348623157e308], flags: [true, false, null],
              text: ["1", "true", "null"], nested: {a: {b: []}, c: {}}}
)Y");
  const auto& bi = body<BulkInsert>(list[0]);
  ASSERT_EQ(bi.rows.size(), 1u);
  const Value& v = bi.rows[0][0];
  ASSERT_EQ(v.kind, Value::Kind::json);
  EXPECT_EQ(
      v.text,
      R"J({"name":"Zoë — 東京 🚀","tab\tkey":"line\nbreak \u0001","quote":"say \"hi\"",)J"
      R"J("ints":[0,-7,9007199254740993,18446744073709551615,-9223372036854775808],)J"
      R"J("reals":[1.5,1000.0,-0.0,0.5,2.5e-08,1.7976931348623157e+308],)J"
      R"J("flags":[true,false,null],"text":["1","true","null"],"nested":{"a":{"b":[]},"c":{}}})J");

  // Python's json.loads (the reader of an Alembic project's JSON columns) gets the same values,
  // types and key order back.
  char path[] = "/tmp/retort-json-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, v.text.data(), v.text.size()), static_cast<ssize_t>(v.text.size()));
  close(fd);
  const char* check = R"PY(
import json, math, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
want = {"name": "Zo\u00eb \u2014 \u6771\u4eac \U0001F680", "tab\tkey": "line\nbreak \x01",
        "quote": 'say "hi"',
        "ints": [0, -7, 9007199254740993, 18446744073709551615, -9223372036854775808],
        "reals": [1.5, 1000.0, -0.0, 0.5, 2.5e-08, 1.7976931348623157e308],
        "flags": [True, False, None], "text": ["1", "true", "null"],
        "nested": {"a": {"b": []}, "c": {}}}
assert d == want, d
assert list(d) == list(want), list(d)
assert all(type(x) is int for x in d["ints"]), d["ints"]
assert all(type(x) is float for x in d["reals"]), d["reals"]
assert math.copysign(1, d["reals"][2]) == -1
print("ok")
)PY";
  testing::ProcessResult r = testing::run_process({"python3", "-c", check, path});
  std::remove(path);
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(r.out, "ok\n");
}

// An integer a JSON reader cannot keep exactly is refused with its place, not rounded.
TEST(LoadOps, BulkInsertJsonRefusesIntegersBeyond64Bits) {
  try {
    ops("- bulk_insert: {table: t, rows: [{doc: [18446744073709551616]}]}\n");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("1:41: integer '18446744073709551616' does not fit in 64 "
                                         "bits"),
              std::string::npos)
        << e.what();
  }
}

TEST(LoadOps, EmptyListAndEmptyDocument) {
  EXPECT_TRUE(ops("").empty());
  EXPECT_TRUE(ops("[]").empty());
  EXPECT_EQ(op_names().size(), 40u);
  EXPECT_EQ(op_names().front(), "create_table");
}

TEST(LoadOps, DialectNamesIncludePostgresAlias) {
  auto list = ops("- drop_table: {table: t, dialect: postgres}\n");
  EXPECT_EQ(list[0].dialects, std::vector<Dialect>{Dialect::postgresql});
}

// ---------------------------------------------------------------------------------------------
// LoadDepth::header: what graph commands read.

TEST(LoadRevisionHeader, ReadsTheHeaderAndChecksumButNotTheOps) {
  std::string text =
      "# a comment\n"
      "revision: \"042\"\n"
      "down_revision:\n"
      "- \"040\"\n"
      "- \"041\"\n"
      "upgrade:\n"
      "- create_tabel: {table: t}\n"  // misspelt: only a full load sees it
      "-\n"
      "  execute: \"x\"\n"
      "\n"
      "# between\n"
      "branch_labels: [billing]\n"
      "downgrade: [{drop_table: {table: t}},\n"
      "  {bogus: 1}]\n"
      "message: >\n"
      "  folded\n"
      "  text\n"
      "x-note: free\n"
      "transactional: false\n";
  Revision h = parse_revision("m/042.yaml", text, LoadDepth::header);
  EXPECT_EQ(h.id, "042");
  EXPECT_EQ(h.down_revisions, (std::vector<std::string>{"040", "041"}));
  EXPECT_EQ(h.branch_labels, std::vector<std::string>{"billing"});
  EXPECT_EQ(h.message, "folded text\n");
  EXPECT_FALSE(h.transactional);
  EXPECT_FALSE(h.ops_loaded);
  EXPECT_TRUE(h.upgrade.empty());
  EXPECT_TRUE(h.downgrade.empty());
  EXPECT_EQ(h.checksum, file_checksum(text));
  EXPECT_EQ(h.where.line, 2);
  EXPECT_THROW(parse_revision("m/042.yaml", text), Error);  // the full load checks the ops
}

TEST(LoadRevisionHeader, HeaderErrorsKeepTheirLineAndColumn) {
  std::string text =
      "revision: \"042\"\n"
      "upgrade:\n"
      "  - execute: \"SELECT 1\"\n"
      "  - execute: \"SELECT 2\"\n"
      "downgrade: []\n"
      "down_revison: \"041\"\n";
  try {
    parse_revision("m/042.yaml", text, LoadDepth::header);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("m/042.yaml:6:1"), std::string::npos) << msg;
    EXPECT_NE(msg.find("down_revision"), std::string::npos) << msg;
  }
}

TEST(LoadRevisionHeader, MissingOrNonListOpsAreStillErrors) {
  EXPECT_THROW(parse_revision("a.yaml", "revision: a\ndown_revision: null\ndowngrade: []\n",
                              LoadDepth::header),
               Error);
}

TEST(LoadRevisionHeader, FilesThatCannotBeCutByLinesAreReadInFull) {
  // A document marker, a quoted top-level key, a flow mapping at the top: all parsed whole, so
  // the result equals the full load's.
  for (std::string text : {
           std::string("---\nrevision: a\ndown_revision: null\nupgrade: []\ndowngrade: []\n"),
           std::string("\"revision\": a\ndown_revision: null\nupgrade: []\ndowngrade: []\n"),
           std::string("{revision: a, down_revision: null,\nupgrade: [], downgrade: []}\n"),
       }) {
    Revision h = parse_revision("a.yaml", text, LoadDepth::header);
    EXPECT_EQ(h.id, "a") << text;
    EXPECT_TRUE(h.ops_loaded) << text;
  }
}

}  // namespace
}  // namespace retort
