// The differ on views, functions, triggers, sequences and extensions (diff/object_diff.hpp), on
// hand-built schemas: each kind of difference with its ops both ways and its message, what
// compares equal, and the order of the ops around the table ops (a view dropped before a column
// it reads, created after its tables; a trigger after its function). Real databases: the round
// trips of round_trip_test.cpp and tests/cli/db_adopt_objects.t.
#include <gtest/gtest.h>

#include "diff/diff_test_util.hpp"
#include "diff/schema_diff.hpp"
#include "ops/load_model.hpp"

namespace retort {
namespace {

using testing::op_lines;
using Lines = std::vector<std::string>;

Schema objects_model(std::string_view yaml) {
  return parse_model("model.yaml", yaml);
}

constexpr std::string_view kShop = R"yaml(
tables:
  - table: orders
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: total, type: integer}
      - {name: note, type: text}
)yaml";

std::string with(std::string_view extra) {
  return std::string(kShop) + std::string(extra);
}

TEST(ObjectDiff, NewObjectsComeAroundTheTablesInASafeOrder) {
  Schema empty;
  Schema m = objects_model(with(R"yaml(
extensions: [{name: pgcrypto}]
sequences: [{name: invoice_no, start: 100}]
functions:
  - {name: touch, returns: trigger, language: plpgsql, body: "BEGIN RETURN NEW; END"}
views:
  - {name: big, definition: "SELECT id FROM orders WHERE total > 100"}
  - {name: bigger, definition: "SELECT id FROM big"}
triggers:
  - {name: orders_touch, table: orders, timing: before, events: [update], function: touch}
)yaml"));
  DiffResult r = diff_schemas(empty, m, Dialect::postgresql);
  EXPECT_EQ(op_lines(r.upgrade),
            (Lines{"create_extension pgcrypto", "create_sequence invoice_no",
                   "create_function touch()", "create_table orders", "create_view big",
                   "create_view bigger", "create_trigger orders_touch on orders"}));
  EXPECT_EQ(op_lines(r.downgrade),
            (Lines{"drop_trigger orders_touch on orders", "drop_view bigger", "drop_view big",
                   "drop_table orders", "drop_function touch()", "drop_sequence invoice_no",
                   "drop_extension pgcrypto"}));
  EXPECT_EQ(describe_differences(r),
            (Lines{"added table orders", "added extension pgcrypto", "added sequence invoice_no",
                   "added function touch()", "added view big", "added view bigger",
                   "added trigger orders_touch on orders"}));
  // create_extension is written with if_not_exists.
  ASSERT_TRUE(std::holds_alternative<CreateExtension>(r.upgrade[0].body));
  EXPECT_TRUE(std::get<CreateExtension>(r.upgrade[0].body).if_not_exists);
}

TEST(ObjectDiff, EqualObjectsMakeNoDifference) {
  std::string yaml = with(R"yaml(
sequences: [{name: s, type: bigint, start: 1, increment: 1, cache: 1}]
functions:
  - {name: f, arguments: "a integer", returns: integer, language: SQL, volatility: volatile, body: "  SELECT a  "}
views:
  - {name: v, definition: "select id from orders"}
triggers:
  - {name: t, table: orders, timing: after, events: [update, insert], function: f2}
)yaml");
  Schema db = objects_model(yaml);
  db.views[0].definition.common = "select id from orders;";  // as SQLite keeps a statement
  Schema m = objects_model(yaml);
  // The model's spellings that the database writes otherwise.
  m.sequences[0].type = "";
  m.sequences[0].start.reset();
  m.functions[0].language = "sql";
  m.functions[0].volatility = "";
  m.functions[0].body = "SELECT a";
  m.views[0].definition.common = "SELECT id\n  FROM orders";
  m.triggers[0].events = {"insert", "update"};
  EXPECT_EQ(describe_differences(diff_schemas(db, m, Dialect::postgresql)), Lines{});
}

TEST(ObjectDiff, AChangedViewIsDroppedAndCreatedWithTheViewsThatReadIt) {
  Schema db = objects_model(with(R"yaml(
views:
  - {name: big, definition: "SELECT id FROM orders WHERE total > 100"}
  - {name: bigger, definition: "SELECT id FROM big"}
  - {name: other, definition: "SELECT 1 AS one"}
triggers:
  - {name: big_insert, table: big, timing: instead_of, events: [insert], function: f}
)yaml"));
  Schema m = db;
  m.views[0].definition.common = "SELECT id FROM orders WHERE total > 200";
  DiffResult r = diff_schemas(db, m, Dialect::postgresql);
  EXPECT_EQ(describe_differences(r), (Lines{"view big: definition changed"}));
  EXPECT_EQ(op_lines(r.upgrade),
            (Lines{"drop_trigger big_insert on big", "drop_view bigger", "drop_view big",
                   "create_view big", "create_view bigger", "create_trigger big_insert on big"}));
  EXPECT_EQ(op_lines(r.downgrade), op_lines(r.upgrade));
}

TEST(ObjectDiff, AViewIsDroppedBeforeAColumnItReadsAndCreatedAfter) {
  Schema db = objects_model(with(R"yaml(
views:
  - {name: notes, definition: "SELECT id, note FROM orders"}
triggers:
  - {name: orders_touch, table: orders, timing: before, events: [update], function: touch, body: "SELECT 1"}
)yaml"));
  Schema m = db;
  m.tables[0].columns.pop_back();  // note
  m.views[0].definition.common = "SELECT id FROM orders";
  for (Dialect d : {Dialect::postgresql, Dialect::sqlite}) {
    DiffResult r = diff_schemas(db, m, d);
    EXPECT_EQ(op_lines(r.upgrade), (Lines{"drop_trigger orders_touch on orders", "drop_view notes",
                                          "drop_column orders.note", "create_view notes",
                                          "create_trigger orders_touch on orders"}));
    // An unchanged view that reads a retyped column goes around the change too.
    Schema retyped = db;
    retyped.tables[0].columns[2].type = Type{};
    retyped.tables[0].columns[2].type.kind = Type::Kind::integer;
    DiffResult t = diff_schemas(db, retyped, d);
    EXPECT_EQ(describe_differences(t).size(), 1u);
    EXPECT_EQ(op_lines(t.upgrade).front(), "drop_trigger orders_touch on orders");
    EXPECT_EQ(op_lines(t.upgrade)[1], "drop_view notes");
    EXPECT_EQ(op_lines(t.upgrade).back(), "create_trigger orders_touch on orders");
  }
}

TEST(ObjectDiff, AFunctionBodyIsReplacedAndAResultTypeRecreatesIt) {
  Schema db = objects_model(with(R"yaml(
functions:
  - {name: touch, returns: trigger, language: plpgsql, body: "BEGIN RETURN NEW; END"}
  - {name: total_of, arguments: "o integer", returns: integer, language: sql, volatility: stable, body: "SELECT total FROM orders WHERE id = o"}
triggers:
  - {name: orders_touch, table: orders, timing: before, events: [update], function: touch}
)yaml"));
  Schema m = db;
  m.functions[0].body = "BEGIN NEW.total := 0; RETURN NEW; END";
  m.functions[1].volatility = "immutable";
  DiffResult r = diff_schemas(db, m, Dialect::postgresql);
  EXPECT_EQ(describe_differences(r),
            (Lines{"function touch(): body changed",
                   "function total_of(o integer): volatility stable -> immutable"}));
  EXPECT_EQ(op_lines(r.upgrade),
            (Lines{"replace_function touch()", "replace_function total_of(o integer)"}));
  EXPECT_EQ(op_lines(r.downgrade), op_lines(r.upgrade));
  ASSERT_TRUE(std::holds_alternative<ReplaceFunction>(r.downgrade[0].body));
  EXPECT_EQ(std::get<ReplaceFunction>(r.downgrade[0].body).function.body, "BEGIN RETURN NEW; END");

  // A new result type: CREATE OR REPLACE cannot, so drop (and the triggers that run it) and create.
  Schema retyped = db;
  retyped.functions[0].returns = "event_trigger";
  DiffResult t = diff_schemas(db, retyped, Dialect::postgresql);
  EXPECT_EQ(op_lines(t.upgrade),
            (Lines{"drop_trigger orders_touch on orders", "drop_function touch()",
                   "create_function touch()", "create_trigger orders_touch on orders"}));
  // Other arguments: another function.
  Schema args = db;
  args.functions[1].arguments = "o bigint";
  EXPECT_EQ(op_lines(diff_schemas(db, args, Dialect::postgresql).upgrade),
            (Lines{"create_function total_of(o bigint)", "drop_function total_of(o integer)"}));
}

TEST(ObjectDiff, TriggersAndSequencesChange) {
  Schema db = objects_model(with(R"yaml(
sequences: [{name: s, increment: 5, max_value: 1000}]
triggers:
  - {name: a, table: orders, timing: before, events: [insert], function: f, body: "SELECT 1"}
  - {name: b, table: orders, timing: after, events: [delete], function: f, body: "SELECT 2"}
)yaml"));
  Schema m = db;
  m.sequences[0].increment.reset();
  m.sequences[0].max_value.reset();
  m.sequences[0].cycle = true;
  m.triggers.erase(m.triggers.begin());
  m.triggers[0].when.common = "OLD.total > 0";
  DiffResult r = diff_schemas(db, m, Dialect::postgresql);
  EXPECT_EQ(describe_differences(r),
            (Lines{"sequence s: increment 5 -> 1, max_value 1000 -> 9223372036854775807, cycle "
                   "false -> true",
                   "removed trigger a on orders", "trigger b on orders: changed"}));
  EXPECT_EQ(op_lines(r.upgrade), (Lines{"drop_trigger a on orders", "drop_trigger b on orders",
                                        "alter_sequence s", "create_trigger b on orders"}));
  const auto& alter = std::get<AlterSequence>(r.upgrade[2].body);
  EXPECT_EQ(alter.increment, 1);
  EXPECT_EQ(alter.max_value, INT64_MAX);
  EXPECT_EQ(alter.cycle, true);
  EXPECT_EQ(op_lines(r.downgrade),
            (Lines{"drop_trigger b on orders", "alter_sequence s", "create_trigger a on orders",
                   "create_trigger b on orders"}));
  const auto& back = std::get<AlterSequence>(r.downgrade[1].body);
  EXPECT_EQ(back.increment, 5);
  EXPECT_EQ(back.max_value, 1000);
  EXPECT_EQ(back.cycle, false);

  // SQLite has no functions, sequences or extensions: only the triggers compare, by body.
  Schema lite = db;
  lite.sequences.clear();
  Schema lite_model = lite;
  lite_model.triggers[1].body = "SELECT 3;";
  lite_model.functions.push_back(FunctionSpec{"g", "", "integer", "sql", "", "SELECT 1", {}});
  EXPECT_EQ(describe_differences(diff_schemas(lite, lite_model, Dialect::sqlite)),
            (Lines{"trigger b on orders: changed"}));
}

}  // namespace
}  // namespace retort
