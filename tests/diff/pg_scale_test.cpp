// The differ at scale on PostgreSQL: a 1,000-table model (20 columns, 2 indexes, 1 foreign key
// each) is created from the differ's own ops, then reflection + diff of that database against
// the model must come out empty, in about a second (the target is 1 s on an idle machine; the
// bounds are generous, for a busy one) — and the timings are printed.
#include <gtest/gtest.h>
#include <time.h>

#include <chrono>
#include <cstdio>

#include "dialect/dialect.hpp"
#include "diff/schema_diff.hpp"
#include "schema/pg_reflect.hpp"
#include "support/pg_env.hpp"

namespace retort {
namespace {

using K = Type::Kind;
using Clock = std::chrono::steady_clock;

// CPU time of the calling thread, in milliseconds.
double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1000.0 + static_cast<double>(ts.tv_nsec) / 1e6;
}

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

  // Best of three: the machine running the suite may be busy with other work. The diff is pure
  // computation, so its CPU time is measured too: unlike wall time, it does not grow when other
  // processes take the cores.
  Clock::duration best_reflect = Clock::duration::max();
  Clock::duration best_total = Clock::duration::max();
  double best_diff_cpu_ms = 1e9;
  for (int run = 0; run < 3; ++run) {
    Clock::time_point start = Clock::now();
    Schema reflected = reflect_postgresql(*conn);
    Clock::time_point reflected_at = Clock::now();
    double cpu_start = thread_cpu_ms();
    DiffResult r = diff_schemas(reflected, model, Dialect::postgresql);
    best_diff_cpu_ms = std::min(best_diff_cpu_ms, thread_cpu_ms() - cpu_start);
    Clock::time_point done = Clock::now();
    ASSERT_EQ(reflected.tables.size(), static_cast<size_t>(kTables));
    ASSERT_TRUE(r.empty()) << describe_differences(r).front();
    best_reflect = std::min(best_reflect, reflected_at - start);
    best_total = std::min(best_total, done - start);
  }
  auto ms = [](Clock::duration d) {
    return static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
  };
  std::printf(
      "[ info ] %d tables: reflection %lld ms, reflection + diff %lld ms (diff CPU %.0f ms)\n",
      kTables, ms(best_reflect), ms(best_total), best_diff_cpu_ms);
  // Target: 1 s for both on an idle machine. The bounds are generous (a loaded 2-core machine,
  // a debug build); they catch a diff or reflection that grows worse than linearly.
  EXPECT_LT(best_diff_cpu_ms, 1000.0);
  EXPECT_LT(ms(best_total), 5000) << "target: 1000 ms";
}

}  // namespace
}  // namespace retort
