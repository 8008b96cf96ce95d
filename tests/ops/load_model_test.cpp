// Loading the model: one file, a directory of files merged, and the duplicate rules.
#include "ops/load_model.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "base/loader_temp_dir.hpp"
#include "ops/write_yaml.hpp"

namespace retort {
namespace {

std::string model_error(const std::string& path) {
  try {
    load_model(path);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    return e.what();
  }
  return "(no error)";
}

const char* kTenants =
    "enums:\n"
    "  - {name: status, values: [active, paused]}\n"
    "tables:\n"
    "  - table: tenants\n"
    "    columns:\n"
    "      - {name: tenant_id, type: string(50), primary_key: true}\n"
    "      - {name: status, type: {enum: status, values: [active, paused]}}\n";

const char* kProducts =
    "x-owner: sales\n"
    "tables:\n"
    "  - table: products\n"
    "    columns:\n"
    "      - {name: id, type: integer}\n"
    "      - {name: tenant_id, type: string(50), nullable: false}\n"
    "    primary_key: [id]\n"
    "    foreign_keys:\n"
    "      - {columns: [tenant_id], references: {table: tenants, columns: [tenant_id]}}\n";

TEST(LoadModel, MergesTheFilesOfADirectoryInNameOrder) {
  testing::LoaderTempDir dir;
  dir.write("models/b_products.yaml", kProducts);
  dir.write("models/a_tenants.yml", kTenants);
  dir.write("models/notes.txt", "not yaml");
  Schema s = load_model(dir.str() + "/models");
  ASSERT_EQ(s.tables.size(), 2u);
  EXPECT_EQ(s.tables[0].name, "tenants");
  EXPECT_EQ(s.tables[0].where.str(), dir.str() + "/models/a_tenants.yml:4:5");
  EXPECT_EQ(s.tables[1].name, "products");
  EXPECT_FALSE(s.tables[1].columns[0].nullable);  // in the table-level primary key
  EXPECT_EQ(s.tables[1].foreign_keys[0].ref_table, "tenants");
  ASSERT_EQ(s.enums.size(), 1u);
  EXPECT_EQ(s.enums[0].name, "status");
  EXPECT_EQ(s.enums[0].values, (std::vector<std::string>{"active", "paused"}));
  EXPECT_EQ(s.enums[0].where.str(), dir.str() + "/models/a_tenants.yml:2:5");
  EXPECT_NE(s.find_table("products"), nullptr);
}

// `{enum: NAME}` takes its values from `enums:` — also from another file — so that SQLite's CHECK
// has them; values written in both places must agree (docs/models.md, "Enums").
TEST(LoadModel, AnEnumColumnTakesItsValuesFromEnums) {
  testing::LoaderTempDir dir;
  dir.write("models/a_orders.yaml",
            "tables:\n  - table: orders\n    columns:\n"
            "      - {name: status, type: {enum: order_status}}\n");
  dir.write("models/b_enums.yaml", "enums:\n  - {name: order_status, values: [draft, placed]}\n");
  Schema s = load_model(dir.str() + "/models");
  ASSERT_EQ(s.tables.size(), 1u);
  EXPECT_EQ(s.tables[0].columns[0].type.enum_values, (std::vector<std::string>{"draft", "placed"}));

  dir.write("models/a_orders.yaml",
            "tables:\n  - table: orders\n    columns:\n"
            "      - {name: status, type: {enum: order_status, values: [placed, draft]}}\n");
  EXPECT_EQ(model_error(dir.str() + "/models"),
            dir.str() +
                "/models/a_orders.yaml:4:9: column orders.status: enum 'order_status' has values "
                "(placed, draft) here but (draft, placed) in enums: at " +
                dir.str() +
                "/models/b_enums.yaml:2:5\n  write the values once, in enums:, and the column as "
                "{enum: order_status}");
  // The same values in both places are fine; so is an enum only spelled out at the column.
  dir.write("models/a_orders.yaml",
            "tables:\n  - table: orders\n    columns:\n"
            "      - {name: status, type: {enum: order_status, values: [draft, placed]}}\n"
            "      - {name: kind, type: {enum: kind, values: [a, b]}}\n");
  s = load_model(dir.str() + "/models");
  EXPECT_EQ(s.tables[0].columns[1].type.enum_values, (std::vector<std::string>{"a", "b"}));
}

TEST(LoadModel, ASingleFile) {
  testing::LoaderTempDir dir;
  Schema s = load_model(dir.write("model.yaml", kProducts));
  ASSERT_EQ(s.tables.size(), 1u);
  EXPECT_TRUE(s.enums.empty());
  EXPECT_TRUE(load_model(dir.write("empty.yaml", "# nothing yet\n")).tables.empty());
}

TEST(LoadModel, TableDefinedTwiceNamesBothPlaces) {
  testing::LoaderTempDir dir;
  dir.write("models/a.yaml", kTenants);
  dir.write("models/b.yaml",
            "tables:\n  - table: other\n    columns: [{name: a, type: text}]\n"
            "  - table: tenants\n    columns: [{name: a, type: text}]\n");
  EXPECT_EQ(model_error(dir.str() + "/models"),
            dir.str() + "/models/b.yaml:4:5: table 'tenants' is defined twice (first at " +
                dir.str() +
                "/models/a.yaml:4:5)\n"
                "    - table: tenants\n"
                "      ^");
}

TEST(LoadModel, DuplicatesWithinOneFile) {
  testing::LoaderTempDir dir;
  std::string path =
      dir.write("m.yaml", "enums:\n  - {name: e, values: [a]}\n  - {name: e, values: [b]}\n");
  EXPECT_EQ(model_error(path), path + ":3:5: enum 'e' is defined twice (first at " + path +
                                   ":2:5)\n"
                                   "    - {name: e, values: [b]}\n"
                                   "      ^");
  std::string tables = dir.write("t.yaml",
                                 "tables:\n- {table: t, columns: [{name: a, type: text}]}\n"
                                 "- {table: t, columns: [{name: a, type: text}]}\n");
  EXPECT_EQ(model_error(tables), tables + ":3:3: table 't' is defined twice (first at " + tables +
                                     ":2:3)\n"
                                     "  - {table: t, columns: [{name: a, type: text}]}\n"
                                     "    ^");
}

TEST(LoadModel, BadModelFiles) {
  testing::LoaderTempDir dir;
  std::string path = dir.write("m.yaml", "tabels: []\n");
  EXPECT_EQ(model_error(path), path +
                                   ":1:1: unknown key 'tabels' in model\n"
                                   "  tabels: []\n"
                                   "  ^\n"
                                   "  did you mean 'tables'?");
  path = dir.write("n.yaml", "tables:\n  - table: t\n    colums: []\n");
  EXPECT_EQ(model_error(path), path +
                                   ":3:5: unknown key 'colums' in table\n"
                                   "      colums: []\n"
                                   "      ^\n"
                                   "  did you mean 'columns'?");
  path = dir.write("o.yaml", "tables: {t: {}}\n");
  EXPECT_EQ(model_error(path), path +
                                   ":1:9: expected a list for 'tables' in model, found a map\n"
                                   "  tables: {t: {}}\n"
                                   "          ^");
  path = dir.write("p.yaml",
                   "tables:\n  - table: t\n    if_not_exists: true\n"
                   "    columns: [{name: a, type: text}]\n");
  EXPECT_EQ(model_error(path), path +
                                   ":3:5: unknown key 'if_not_exists' in table\n"
                                   "      if_not_exists: true\n"
                                   "      ^\n"
                                   "  expected one of: table, columns, primary_key, "
                                   "foreign_keys, unique, checks, indexes, comment");
  EXPECT_EQ(model_error(dir.str() + "/missing"),
            "model path '" + dir.str() + "/missing' does not exist");
}

}  // namespace
}  // namespace retort

namespace retort {
namespace {

// views:, functions:, triggers:, sequences:, extensions: (docs/models.md, "Views, functions,
// triggers, sequences, extensions"): read like their create ops, merged across files like tables,
// written back by render_schema.
TEST(LoadModel, ObjectsAreMergedAcrossFilesAndWrittenBack) {
  testing::LoaderTempDir dir;
  dir.write("models/a.yaml",
            "extensions:\n  - {name: pg_trgm}\n"
            "sequences:\n  - {name: numbers, start: 100}\n"
            "tables:\n  - table: orders\n    columns: [{name: id, type: integer}]\n"
            "views:\n  - {name: big, definition: \"SELECT id FROM orders WHERE id > 9\"}\n");
  dir.write("models/b.yaml",
            "functions:\n"
            "  - name: touch\n"
            "    returns: trigger\n"
            "    language: plpgsql\n"
            "    body: |\n"
            "      BEGIN\n"
            "        RETURN NEW;\n"
            "      END\n"
            "  - {name: touch, arguments: \"x integer\", returns: integer, language: sql, body: "
            "SELECT x}\n"
            "triggers:\n"
            "  - {name: trg, table: orders, timing: before, events: [update], function: touch}\n");
  Schema s = load_model(dir.str() + "/models");
  ASSERT_EQ(s.views.size(), 1u);
  ASSERT_EQ(s.functions.size(), 2u);  // one name, two argument lists
  ASSERT_EQ(s.triggers.size(), 1u);
  ASSERT_EQ(s.sequences.size(), 1u);
  ASSERT_EQ(s.extensions.size(), 1u);
  EXPECT_EQ(s.triggers[0].where.str(), dir.str() + "/models/b.yaml:11:5");
  EXPECT_EQ(s.sequences[0].start, 100);
  std::string text = render_schema(s);
  Schema back = parse_model("back.yaml", text);
  EXPECT_EQ(back.views, s.views) << text;
  EXPECT_EQ(back.functions, s.functions) << text;
  EXPECT_EQ(back.triggers, s.triggers) << text;
  EXPECT_EQ(back.sequences, s.sequences) << text;
  EXPECT_EQ(back.extensions, s.extensions) << text;
  EXPECT_EQ(render_schema(back), text);
}

TEST(LoadModel, AnObjectDefinedTwiceNamesBothPlaces) {
  testing::LoaderTempDir dir;
  dir.write("models/a.yaml", "views:\n  - {name: v, definition: SELECT 1}\n");
  dir.write("models/b.yaml", "views:\n  - {name: v, definition: SELECT 2}\n");
  EXPECT_EQ(model_error(dir.str() + "/models"),
            dir.str() + "/models/b.yaml:2:5: view 'v' is defined twice (first at " + dir.str() +
                "/models/a.yaml:2:5)\n"
                "    - {name: v, definition: SELECT 2}\n"
                "      ^");
  std::string path =
      dir.write("t.yaml",
                "triggers:\n"
                "  - {name: trg, table: a, timing: after, events: insert, body: SELECT 1}\n"
                "  - {name: trg, table: b, timing: after, events: insert, body: SELECT 1}\n"
                "  - {name: trg, table: a, timing: after, events: delete, body: SELECT 1}\n");
  EXPECT_EQ(model_error(path), path + ":4:5: trigger 'trg on a' is defined twice (first at " +
                                   path +
                                   ":2:5)\n"
                                   "    - {name: trg, table: a, timing: after, events: delete, "
                                   "body: SELECT 1}\n"
                                   "      ^");
}

}  // namespace
}  // namespace retort
