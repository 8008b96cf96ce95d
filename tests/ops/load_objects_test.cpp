// Loading the ops of views, functions, triggers, sequences, extensions and schemas
// (docs/migration-files.md, "Views, functions, triggers, sequences, extensions"): the fields
// they read and their located errors.
#include <gtest/gtest.h>

#include "base/error.hpp"
#include "ops/load_fixtures.hpp"
#include "ops/load_revision.hpp"

namespace retort {
namespace {

using testing::ops_error;

// The one op of `text`, as a T.
template <typename T>
T only_object_op(const std::string& text) {
  std::vector<Op> ops = parse_op_list("ops.yaml", text);
  EXPECT_EQ(ops.size(), 1u);
  return std::get<T>(ops.at(0).body);
}

TEST(LoadObjects, ViewFields) {
  CreateView v = only_object_op<CreateView>(
      "- create_view: {name: s.v, definition: {postgresql: \"SELECT 1\"}, materialized: true}\n");
  EXPECT_EQ(v.view.name, "s.v");
  EXPECT_EQ(*v.view.definition.for_dialect(Dialect::postgresql), "SELECT 1");
  EXPECT_EQ(v.view.definition.for_dialect(Dialect::sqlite), nullptr);
  EXPECT_TRUE(v.view.materialized);
  EXPECT_EQ(v.view.where.str(), "ops.yaml:1:3");
}

TEST(LoadObjects, ViewErrors) {
  EXPECT_EQ(ops_error("- create_view: {name: v}\n"),
            "ops.yaml:1:3: missing required field 'definition' in create_view\n"
            "  - create_view: {name: v}\n"
            "    ^");
  EXPECT_EQ(ops_error("- create_view: {name: v, definiton: SELECT 1}\n"),
            "ops.yaml:1:26: unknown key 'definiton' in create_view\n"
            "  - create_view: {name: v, definiton: SELECT 1}\n"
            "                           ^\n"
            "  did you mean 'definition'?");
  EXPECT_NE(ops_error("- create_view: {name: v, definition: \"SELECT 1; DROP TABLE t\"}\n")
                .find("ops.yaml:1:38: ';'"),
            std::string::npos);
}

TEST(LoadObjects, FunctionErrors) {
  EXPECT_EQ(ops_error("- create_function: {name: f, returns: int, language: sql}\n"),
            "ops.yaml:1:3: missing required field 'body' in create_function\n"
            "  - create_function: {name: f, returns: int, language: sql}\n"
            "    ^");
  EXPECT_EQ(ops_error("- create_function: {name: f, returns: int, language: sql, body: "
                      "\"SELECT 1\", volatility: stabel}\n"),
            "ops.yaml:1:89: unknown volatility 'stabel' in 'volatility' in create_function\n"
            "  - create_function: {name: f, returns: int, language: sql, body: \"SELECT 1\", "
            "volatility: stabel}\n"
            "                                                                                   "
            "       ^\n"
            "  did you mean 'stable'?");
  EXPECT_EQ(ops_error("- replace_function: {name: f, returns: int, language: sql, body: \"  \"}\n"),
            "ops.yaml:1:66: empty 'body' in replace_function\n"
            "  - replace_function: {name: f, returns: int, language: sql, body: \"  \"}\n"
            "                                                                   ^");
}

TEST(LoadObjects, TriggerFields) {
  CreateTrigger t = only_object_op<CreateTrigger>(
      "- create_trigger: {name: trg, table: s.t, timing: before, events: update, "
      "function: touch}\n");
  EXPECT_EQ(t.trigger.events, std::vector<std::string>{"update"});
  EXPECT_TRUE(t.trigger.for_each_row);
  EXPECT_EQ(t.trigger.function, "touch");
  EXPECT_TRUE(t.trigger.body.empty());
}

TEST(LoadObjects, TriggerErrors) {
  EXPECT_EQ(ops_error("- create_trigger: {name: trg, table: t, timing: befor, events: [insert], "
                      "body: x}\n"),
            "ops.yaml:1:49: unknown timing 'befor' in 'timing' in create_trigger\n"
            "  - create_trigger: {name: trg, table: t, timing: befor, events: [insert], body: "
            "x}\n"
            "                                                  ^\n"
            "  did you mean 'before'?");
  EXPECT_EQ(ops_error("- create_trigger: {name: trg, table: t, timing: after, events: [insert, "
                      "upsert], body: x}\n"),
            "ops.yaml:1:73: unknown event 'upsert' in 'events' in create_trigger\n"
            "  - create_trigger: {name: trg, table: t, timing: after, events: [insert, upsert], "
            "body: x}\n"
            "                                                                          ^\n"
            "  did you mean 'insert'?");
  EXPECT_EQ(ops_error("- create_trigger: {name: trg, table: t, timing: after, events: insert}\n"),
            "ops.yaml:1:3: create_trigger 'trg' has no `function` nor `body`\n"
            "  - create_trigger: {name: trg, table: t, timing: after, events: insert}\n"
            "    ^\n"
            "  give `function:` (the function a PostgreSQL trigger runs) and/or `body:` (the "
            "statements of an SQLite trigger)");
  EXPECT_EQ(ops_error("- create_trigger: {name: trg, table: t, timing: after, events: insert, "
                      "update_of: [a], body: x}\n"),
            "ops.yaml:1:72: 'update_of' in create_trigger needs the update event\n"
            "  - create_trigger: {name: trg, table: t, timing: after, events: insert, update_of: "
            "[a], body: x}\n"
            "                                                                         ^\n"
            "  add update to `events`");
  EXPECT_EQ(ops_error("- drop_trigger: {name: trg}\n"),
            "ops.yaml:1:3: missing required field 'table' in drop_trigger\n"
            "  - drop_trigger: {name: trg}\n"
            "    ^");
}

TEST(LoadObjects, SequenceErrors) {
  EXPECT_EQ(ops_error("- create_sequence: {name: s, increment: 0}\n"),
            "ops.yaml:1:41: 'increment' in create_sequence is 0: a sequence must move\n"
            "  - create_sequence: {name: s, increment: 0}\n"
            "                                          ^");
  EXPECT_EQ(ops_error("- create_sequence: {name: s, start: ten}\n"),
            "ops.yaml:1:37: expected a whole number for 'start' in create_sequence, found 'ten'\n"
            "  - create_sequence: {name: s, start: ten}\n"
            "                                      ^");
  EXPECT_EQ(ops_error("- alter_sequence: {name: s}\n"),
            "ops.yaml:1:3: alter_sequence of 's' changes nothing\n"
            "  - alter_sequence: {name: s}\n"
            "    ^\n"
            "  give at least one of: increment, min_value, max_value, start, restart, cache, "
            "cycle");
}

TEST(LoadObjects, ExtensionAndSchemaNamesArePlain) {
  EXPECT_NE(ops_error("- create_extension: {name: a.b}\n").find("ops.yaml:1:28:"),
            std::string::npos);
  EXPECT_NE(ops_error("- create_schema: {name: \"\"}\n").find("ops.yaml:1:25:"), std::string::npos);
  CreateExtension e =
      only_object_op<CreateExtension>("- create_extension: {name: pg_trgm, if_not_exists: true}\n");
  EXPECT_TRUE(e.if_not_exists);
  EXPECT_TRUE(e.extension.schema.empty());
}

}  // namespace
}  // namespace retort
