// The differ at scale on PostgreSQL: a 1,000-table model (20 columns, 2 indexes, 1 foreign key
// each) is created from the differ's own ops, then reflection + diff of that database against
// the model must come out empty. How long that takes is measured by bench/ (docs/BENCHMARKS.md,
// `check` on 1,000 tables), never asserted here.
#include <gtest/gtest.h>

#include "dialect/dialect.hpp"
#include "diff/schema_diff.hpp"
#include "schema/pg_reflect.hpp"
#include "support/pg_env.hpp"

namespace retort {
namespace {

using K = Type::Kind;
constexpr int kTables = 1000;
constexpr int kColumns = 20;

Schema big_model() {
  Schema s;
  s.enums.push_back(EnumSpec{"status_t", {"new", "open", "closed"}, {}});
  static const K kKinds[] = {K::integer, K::bigint,   K::string, K::text,  K::numeric,
                             K::boolean, K::datetime, K::date,   K::jsonb, K::uuid};
  for (int i = 0; i < kTables; ++i) {
    TableSpec t;
    t.name = "big_" + std::to_string(i);
    ColumnSpec id;
    id.name = "id";
    id.type.kind = K::integer;
    id.primary_key = true;
    id.nullable = false;
    id.autoincrement = true;
    t.columns.push_back(id);
    ColumnSpec parent;
    parent.name = "parent_id";
    parent.type.kind = K::integer;
    t.columns.push_back(parent);
    ColumnSpec status;
    status.name = "status";
    status.type.kind = K::enum_;
    status.type.enum_name = "status_t";
    status.type.enum_values = s.enums[0].values;
    status.server_default = DefaultValue{DefaultValue::Kind::sql, "", false, SqlText{"'new'", {}}};
    t.columns.push_back(status);
    ColumnSpec name;
    name.name = "name";
    name.type.kind = K::string;
    name.type.length = 100;
    name.nullable = false;
    t.columns.push_back(name);
    for (int c = static_cast<int>(t.columns.size()); c < kColumns; ++c) {
      ColumnSpec col;
      col.name = "c" + std::to_string(c);
      col.type.kind = kKinds[(i + c) % std::size(kKinds)];
      if (col.type.kind == K::string) col.type.length = 20 + c;
      if (col.type.kind == K::numeric) {
        col.type.precision = 12;
        col.type.scale = 2;
      }
      col.type.timezone = c % 2 == 0;
      col.nullable = c % 3 != 0;
      if (col.type.kind == K::integer)
        col.server_default = DefaultValue{DefaultValue::Kind::number, "0", false, {}};
      t.columns.push_back(col);
    }
    if (i > 0) {
      ForeignKeySpec fk;
      fk.columns = {"parent_id"};
      fk.ref_table = "big_" + std::to_string(i - 1);
      fk.ref_columns = {"id"};
      fk.on_delete = "CASCADE";
      t.foreign_keys.push_back(fk);
    }
    IndexSpec by_parent;
    by_parent.name = "ix_big_" + std::to_string(i) + "_parent";
    by_parent.columns = {IndexColumn{"parent_id", ""}};
    IndexSpec by_status;
    by_status.name = "ix_big_" + std::to_string(i) + "_status";
    by_status.columns = {IndexColumn{"status", ""}, IndexColumn{"", "lower(name)"}};
    by_status.where = "status <> 'closed'";
    t.indexes = {by_parent, by_status};
    s.tables.push_back(std::move(t));
  }
  return s;
}

TEST(DiffScale, ReflectAndDiffAThousandTablesOnPostgresql) {
  testing::PgTestDatabase db;
  auto conn = db.connect();
  Schema model = big_model();

  DiffResult create = diff_schemas(Schema{}, model, Dialect::postgresql);
  ASSERT_EQ(create.upgrade.size(), static_cast<size_t>(kTables) + 1);  // + the enum
  std::string script;
  for (const Op& op : create.upgrade)
    for (const std::string& sql : dialect_for(Dialect::postgresql).render(op, RenderContext{}))
      script += sql + ";\n";
  conn->execute(script);

  Schema reflected = reflect_postgresql(*conn);
  ASSERT_EQ(reflected.tables.size(), static_cast<size_t>(kTables));
  DiffResult r = diff_schemas(reflected, model, Dialect::postgresql);
  ASSERT_TRUE(r.empty()) << describe_differences(r).front();
}

}  // namespace
}  // namespace retort
