// Reflection of views, functions, triggers, sequences and extensions on the real server
// (schema/pg_objects.hpp), and their stored form (schema/stored_form.hpp): what each catalog
// query reads, what it leaves out (objects an extension owns, the sequences of SERIAL and
// identity columns, plpgsql), the views' creation order.
#include "schema/pg_objects.hpp"

#include <gtest/gtest.h>

#include "db/pg_connection.hpp"
#include "schema/pg_reflect.hpp"
#include "schema/stored_form.hpp"
#include "support/pg_env.hpp"

namespace retort {
namespace {

TEST(PgObjects, ReflectsEachKindAndLeavesOutWhatIsNotTheUsers) {
  testing::PgTestDatabase db;
  auto conn = db.connect();
  conn->execute(R"sql(
CREATE EXTENSION pg_trgm;
CREATE TABLE orders (id serial PRIMARY KEY, n bigint GENERATED ALWAYS AS IDENTITY,
                     total integer, note text);
CREATE SEQUENCE z_numbers AS integer START 100 INCREMENT 5 MAXVALUE 10000 CYCLE;
CREATE SEQUENCE a_plain;
CREATE VIEW b_orders AS SELECT id, total FROM orders WHERE total > 10;
CREATE VIEW a_reads_b AS SELECT id FROM b_orders;
CREATE MATERIALIZED VIEW totals AS SELECT sum(total) AS s FROM orders;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE FUNCTION add(a integer, b int DEFAULT 1) RETURNS integer LANGUAGE sql IMMUTABLE
  AS 'SELECT a + b';
CREATE TRIGGER orders_touch BEFORE INSERT OR UPDATE OF total, note ON orders FOR EACH ROW
  WHEN (NEW.total > 0) EXECUTE FUNCTION touch();
CREATE TRIGGER orders_stmt AFTER TRUNCATE ON orders FOR EACH STATEMENT EXECUTE FUNCTION touch();
)sql");
  Schema s = reflect_postgresql(*conn);

  ASSERT_EQ(s.views.size(), 3u);
  EXPECT_EQ(s.views[0].name, "b_orders");  // before the view that reads it
  EXPECT_EQ(s.views[1].name, "a_reads_b");
  EXPECT_EQ(s.views[2].name, "totals");
  EXPECT_TRUE(s.views[2].materialized);
  EXPECT_FALSE(s.views[0].materialized);
  EXPECT_EQ(s.views[1].definition.common, "SELECT b_orders.id\n   FROM b_orders");

  // pg_trgm's own functions are the extension's: only the user's two.
  ASSERT_EQ(s.functions.size(), 2u);
  EXPECT_EQ(s.functions[0].name, "add");
  EXPECT_EQ(s.functions[0].arguments, "a integer, b integer DEFAULT 1");
  EXPECT_EQ(s.functions[0].returns, "integer");
  EXPECT_EQ(s.functions[0].language, "sql");
  EXPECT_EQ(s.functions[0].volatility, "immutable");
  EXPECT_EQ(s.functions[0].body, "SELECT a + b");
  EXPECT_EQ(s.functions[1].name, "touch");
  EXPECT_EQ(s.functions[1].arguments, "");
  EXPECT_EQ(s.functions[1].returns, "trigger");
  EXPECT_EQ(s.functions[1].volatility, "");
  EXPECT_EQ(s.functions[1].body, "BEGIN RETURN NEW; END");

  ASSERT_EQ(s.triggers.size(), 2u);
  const TriggerSpec& stmt = s.triggers[0];
  EXPECT_EQ(stmt.name, "orders_stmt");
  EXPECT_EQ(stmt.timing, "after");
  EXPECT_EQ(stmt.events, (std::vector<std::string>{"truncate"}));
  EXPECT_FALSE(stmt.for_each_row);
  EXPECT_TRUE(stmt.when.empty());
  const TriggerSpec& row = s.triggers[1];
  EXPECT_EQ(row.name, "orders_touch");
  EXPECT_EQ(row.table, "orders");
  EXPECT_EQ(row.timing, "before");
  EXPECT_EQ(row.events, (std::vector<std::string>{"insert", "update"}));
  EXPECT_EQ(row.update_of, (std::vector<std::string>{"total", "note"}));
  EXPECT_TRUE(row.for_each_row);
  EXPECT_EQ(row.when.common, "(new.total > 0)");
  EXPECT_EQ(row.function, "touch");

  // The SERIAL and identity sequences belong to their columns.
  ASSERT_EQ(s.sequences.size(), 2u);
  EXPECT_EQ(s.sequences[0], (SequenceSpec{"a_plain", "", {}, {}, {}, {}, {}, false, {}}));
  EXPECT_EQ(s.sequences[1],
            (SequenceSpec{"z_numbers", "integer", 100, 5, {}, 10000, {}, true, {}}));

  ASSERT_EQ(s.extensions.size(), 1u);  // plpgsql is every database's
  EXPECT_EQ(s.extensions[0].name, "pg_trgm");
  EXPECT_EQ(s.extensions[0].schema, "");
}

TEST(PgObjects, TheModelsObjectsInTheServersForm) {
  testing::PgTestDatabase db;
  auto conn = db.connect();
  Schema model;
  TableSpec t;
  t.name = "orders";
  ColumnSpec id;
  id.name = "id";
  id.type.kind = Type::Kind::integer;
  ColumnSpec total = id;
  total.name = "total";
  t.columns = {id, total};
  model.tables.push_back(t);
  model.extensions.push_back(ExtensionSpec{"pg_trgm", "", {}});
  model.sequences.push_back(SequenceSpec{"seq", "", 5, {}, {}, {}, {}, false, {}});
  ViewSpec v;
  v.name = "big";
  v.definition.common = "select id from orders where total>10";
  v.materialized = true;
  model.views.push_back(v);
  FunctionSpec f{"f", "a int", "int", "sql", "stable", "SELECT a FROM orders", {}};
  model.functions.push_back(f);
  TriggerSpec tg;
  tg.name = "tg";
  tg.table = "orders";
  tg.timing = "before";
  tg.events = {"update"};
  tg.when.common = "OLD.total IS DISTINCT FROM NEW.total";
  tg.function = "nowhere";  // the stored form runs a stub: the function need not exist
  model.triggers.push_back(tg);
  // An SQLite trigger (a body, no function) is not PostgreSQL's: its WHEN is not PostgreSQL SQL
  // and is left alone.
  TriggerSpec lite = tg;
  lite.name = "lite";
  lite.function.clear();
  lite.body = "SELECT 1";
  lite.when.common = "NEW.total IS OLD.total";
  model.triggers.push_back(lite);

  Schema stored = model_as_stored(*conn, model);
  EXPECT_EQ(stored.triggers[1].when.common, "NEW.total IS OLD.total");
  ASSERT_EQ(stored.views.size(), 1u);
  EXPECT_EQ(stored.views[0].definition.common,
            "SELECT orders.id\n   FROM orders\n  WHERE (orders.total > 10)");
  EXPECT_TRUE(stored.views[0].materialized);
  EXPECT_EQ(stored.functions[0].name, "f");
  EXPECT_EQ(stored.functions[0].arguments, "a integer");
  EXPECT_EQ(stored.functions[0].returns, "integer");
  EXPECT_EQ(stored.triggers[0].when.common, "(old.total IS DISTINCT FROM new.total)");
  EXPECT_EQ(stored.triggers[0].function, "nowhere");
  // Nothing is left on the server.
  Schema after = reflect_postgresql(*conn);
  EXPECT_TRUE(after.tables.empty());
  EXPECT_TRUE(after.views.empty());
  EXPECT_TRUE(after.functions.empty());
  EXPECT_TRUE(after.extensions.empty());

  // A definition the server refuses is the model's error, at its place.
  model.views[0].definition.common = "SELECT nothing FROM orders";
  model.views[0].where = SourceLocation{"models/v.yaml", 3, 5};
  try {
    model_as_stored(*conn, model);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    EXPECT_NE(std::string(e.what()).find("models/v.yaml:3:5: view big: the database refuses"),
              std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("column \"nothing\" does not exist"), std::string::npos);
  }
}

}  // namespace
}  // namespace retort
