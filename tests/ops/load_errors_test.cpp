// Every error path of the migration-file loader, with its whole message.
#include <gtest/gtest.h>

#include "base/error.hpp"
#include "ops/load_fixtures.hpp"
#include "ops/load_revision.hpp"

namespace retort {
namespace {

using testing::kHead;
using testing::ops_error;
using testing::revision_error;

TEST(LoadErrors, UnknownOpSuggestsNearest) {
  EXPECT_EQ(revision_error(kHead + "upgrade:\n  - add_colum: {table: t}\ndowngrade: []\n"),
            "m/001.yaml:4:5: unknown op 'add_colum'\n"
            "    - add_colum: {table: t}\n"
            "      ^\n"
            "  did you mean 'add_column'?");
  EXPECT_EQ(ops_error("- create_idx: {}\n"),
            "ops.yaml:1:3: unknown op 'create_idx'\n"
            "  - create_idx: {}\n"
            "    ^\n"
            "  did you mean 'create_index'?");
}

TEST(LoadErrors, UnknownOpWithoutNearWordListsOps) {
  EXPECT_EQ(ops_error("- frobnicate: {}\n"),
            "ops.yaml:1:3: unknown op 'frobnicate'\n"
            "  - frobnicate: {}\n"
            "    ^\n"
            "  expected one of: create_table, drop_table, rename_table, set_table_comment, "
            "add_column, drop_column, alter_column, create_index, drop_index, rename_index, "
            "create_foreign_key, "
            "create_unique_constraint, create_check_constraint, create_primary_key, "
            "drop_constraint, validate_constraint, create_enum, drop_enum, add_enum_value, "
            "create_view, drop_view, replace_view, refresh_materialized_view, create_function, "
            "replace_function, drop_function, create_trigger, drop_trigger, create_sequence, "
            "alter_sequence, drop_sequence, create_extension, drop_extension, create_schema, "
            "drop_schema, execute, assert, bulk_insert, call, irreversible");
}

// set_table_comment's `comment` must be written: `comment: null` removes the comment, a missing
// key is not taken to mean that.
TEST(LoadErrors, SetTableCommentNeedsItsComment) {
  EXPECT_EQ(ops_error("- set_table_comment: {table: t}\n"),
            "ops.yaml:1:3: missing required field 'comment' in set_table_comment\n"
            "  - set_table_comment: {table: t}\n"
            "    ^\n"
            "  write `comment: null` to remove the table's comment");
}

TEST(LoadErrors, MisspeltKeys) {
  EXPECT_EQ(revision_error("revision: \"001\"\ndown_revison: null\nupgrade: []\ndowngrade: []\n"),
            "m/001.yaml:2:1: unknown key 'down_revison' in revision\n"
            "  down_revison: null\n"
            "  ^\n"
            "  did you mean 'down_revision'?");
  EXPECT_EQ(ops_error("- add_column: {table: t, column: {name: a, type: text, nulable: false}}\n"),
            "ops.yaml:1:56: unknown key 'nulable' in column\n"
            "  - add_column: {table: t, column: {name: a, type: text, nulable: false}}\n"
            "                                                         ^\n"
            "  did you mean 'nullable'?");
  EXPECT_EQ(ops_error("- drop_table: {tabel: t}\n"),
            "ops.yaml:1:16: unknown key 'tabel' in drop_table\n"
            "  - drop_table: {tabel: t}\n"
            "                 ^\n"
            "  did you mean 'table'?");
  EXPECT_EQ(ops_error("- drop_table: {table: t, cascade: true}\n"),
            "ops.yaml:1:26: unknown key 'cascade' in drop_table\n"
            "  - drop_table: {table: t, cascade: true}\n"
            "                           ^\n"
            "  expected one of: table, if_exists, dialect, lint_allow, only_if, unless");
}

// `test_allow` (docs/migration-files.md): a map of check to a reason; anything else is a located
// error, since an allowance nobody can review is no allowance.
TEST(LoadErrors, TestAllowNeedsAReasonPerCheck) {
  const std::string ops = "upgrade: []\ndowngrade: []\n";
  Revision r = parse_revision(
      "m/001.yaml", kHead + "test_allow: {round_trip: \"the index stays on purpose\"}\n" + ops);
  EXPECT_EQ(r.round_trip_allowed, "the index stays on purpose");
  EXPECT_EQ(parse_revision("m/001.yaml", kHead + ops).round_trip_allowed, "");
  EXPECT_EQ(revision_error(kHead + "test_allow: [round_trip]\n" + ops),
            "m/001.yaml:3:13: expected a map of check to reason for 'test_allow', found a list\n"
            "  test_allow: [round_trip]\n"
            "              ^\n"
            "  write `test_allow: {round_trip: \"why this revision does not round-trip\"}`");
  EXPECT_EQ(revision_error(kHead + "test_allow: {round_trip: \"  \"}\n" + ops),
            "m/001.yaml:3:26: the reason for 'round_trip' in test_allow is empty\n"
            "  test_allow: {round_trip: \"  \"}\n"
            "                           ^\n"
            "  say why the revision does not round-trip, for the next reviewer");
  EXPECT_EQ(revision_error(kHead + "test_allow: {round_trip: }\n" + ops),
            "m/001.yaml:3:26: expected a reason for 'round_trip' in test_allow, found null\n"
            "  test_allow: {round_trip: }\n"
            "                           ^");
  EXPECT_EQ(revision_error(kHead + "test_allow: {roundtrip: x}\n" + ops),
            "m/001.yaml:3:14: unknown key 'roundtrip' in test_allow\n"
            "  test_allow: {roundtrip: x}\n"
            "               ^\n"
            "  did you mean 'round_trip'?");
  EXPECT_EQ(revision_error(kHead + "test_allow: {}\n" + ops),
            "m/001.yaml:3:13: 'test_allow' names no check\n"
            "  test_allow: {}\n"
            "              ^\n"
            "  write `test_allow: {round_trip: \"why this revision does not round-trip\"}`");
}

TEST(LoadErrors, XKeysAreAllowedAtTopLevelOnly) {
  Revision r =
      parse_revision("m/001.yaml", kHead + "x-ticket: OPS-12\nupgrade: []\ndowngrade: []\n");
  EXPECT_EQ(r.id, "001");
  EXPECT_EQ(ops_error("- drop_table: {table: t, x-note: hi}\n"),
            "ops.yaml:1:26: unknown key 'x-note' in drop_table\n"
            "  - drop_table: {table: t, x-note: hi}\n"
            "                           ^\n"
            "  expected one of: table, if_exists, dialect, lint_allow, only_if, unless");
}

TEST(LoadErrors, MisspeltTypeConstraintTypeAndDialect) {
  EXPECT_EQ(ops_error("- add_column: {table: t, column: {name: a, type: strng(20)}}\n"),
            "ops.yaml:1:50: unknown type 'strng'\n"
            "  - add_column: {table: t, column: {name: a, type: strng(20)}}\n"
            "                                                   ^\n"
            "  did you mean 'string'?");
  EXPECT_EQ(ops_error("- add_column: {table: t, column: {name: a, type: varchar}}\n"),
            "ops.yaml:1:50: unknown type 'varchar'\n"
            "  - add_column: {table: t, column: {name: a, type: varchar}}\n"
            "                                                   ^\n"
            "  expected one of: integer, bigint, smallint, boolean, float, double, numeric, "
            "string, text, date, time, datetime, json, jsonb, uuid, binary");
  EXPECT_EQ(ops_error("- drop_constraint: {name: fk, table: t, type: foriegn_key}\n"),
            "ops.yaml:1:47: unknown constraint type 'foriegn_key'\n"
            "  - drop_constraint: {name: fk, table: t, type: foriegn_key}\n"
            "                                                ^\n"
            "  did you mean 'foreign_key'?");
  EXPECT_EQ(ops_error("- drop_table: {table: t, dialect: postgress}\n"),
            "ops.yaml:1:35: unknown dialect 'postgress'\n"
            "  - drop_table: {table: t, dialect: postgress}\n"
            "                                    ^\n"
            "  did you mean 'postgresql'?");
  EXPECT_EQ(ops_error("- execute: {sql: {sqlite: x, mysql: y}}\n"),
            "ops.yaml:1:30: unknown dialect 'mysql'\n"
            "  - execute: {sql: {sqlite: x, mysql: y}}\n"
            "                               ^\n"
            "  expected one of: postgresql, sqlite");
  EXPECT_EQ(
      ops_error(
          "- add_column: {table: t, column: {name: a, type: {postgresql: INET, sqlit: TEXT}}}\n"),
      "ops.yaml:1:69: unknown key 'sqlit' in type\n"
      "  - add_column: {table: t, column: {name: a, type: {postgresql: INET, sqlit: TEXT}}}\n"
      "                                                                      ^\n"
      "  did you mean 'sqlite'?");
}

TEST(LoadErrors, BadTypeParameters) {
  auto type_error = [](const std::string& type) {
    return ops_error("- add_column: {table: t, column: {name: a, type: \"" + type + "\"}}\n");
  };
  const std::string line = "  - add_column: {table: t, column: {name: a, type: \"";
  EXPECT_EQ(type_error("string(0)"),
            "ops.yaml:1:50: invalid type 'string(0)': the length must be a positive number\n" +
                line +
                "string(0)\"}}\n"
                "                                                   ^\n"
                "  write string(50)");
  EXPECT_EQ(type_error("numeric(3,5)"),
            "ops.yaml:1:50: invalid type 'numeric(3,5)': expected numeric(precision) or "
            "numeric(precision,scale) with 0 <= scale <= precision <= 1000\n" +
                line +
                "numeric(3,5)\"}}\n"
                "                                                   ^\n"
                "  write numeric(10,2)");
  EXPECT_EQ(type_error("datetime(utc)"),
            "ops.yaml:1:50: invalid type 'datetime(utc)': expected datetime or datetime(tz)\n" +
                line +
                "datetime(utc)\"}}\n"
                "                                                   ^");
  EXPECT_EQ(type_error("integer(11)"),
            "ops.yaml:1:50: invalid type 'integer(11)': type 'integer' takes no parameters\n" +
                line +
                "integer(11)\"}}\n"
                "                                                   ^");
  EXPECT_EQ(type_error("string(5"), "ops.yaml:1:50: invalid type 'string(5': missing ')'\n" + line +
                                        "string(5\"}}\n"
                                        "                                                   ^");
  EXPECT_EQ(type_error("enum"), "ops.yaml:1:50: type 'enum' needs its name and values\n" + line +
                                    "enum\"}}\n"
                                    "                                                   ^\n"
                                    "  write {enum: NAME, values: [a, b]}");
}

TEST(LoadErrors, MissingRequiredFieldPointsAtTheOp) {
  EXPECT_EQ(
      revision_error(kHead + "upgrade:\n  - add_column:\n      column: {name: a, type: text}\n"
                             "downgrade: []\n"),
      "m/001.yaml:4:5: missing required field 'table' in add_column\n"
      "    - add_column:\n"
      "      ^");
  EXPECT_EQ(ops_error("- create_index: {name: ix, table: t}\n"),
            "ops.yaml:1:3: missing required field 'columns' in create_index\n"
            "  - create_index: {name: ix, table: t}\n"
            "    ^");
  EXPECT_EQ(ops_error("- drop_constraint: {name: c, table: t}\n"),
            "ops.yaml:1:3: missing required field 'type' in drop_constraint\n"
            "  - drop_constraint: {name: c, table: t}\n"
            "    ^");
  EXPECT_EQ(ops_error("- drop_table: {table: null}\n"),
            "ops.yaml:1:23: expected a value for 'table' in drop_table, found null\n"
            "  - drop_table: {table: null}\n"
            "                        ^");
  EXPECT_EQ(
      ops_error(
          "- create_foreign_key: {name: f, table: t, columns: [a], references: {table: u}}\n"),
      "ops.yaml:1:57: missing required field 'columns' in references\n"
      "  - create_foreign_key: {name: f, table: t, columns: [a], references: {table: u}}\n"
      "                                                          ^");
}

TEST(LoadErrors, WrongYamlKinds) {
  EXPECT_EQ(ops_error("- add_column: {table: t, column: [a, text]}\n"),
            "ops.yaml:1:34: expected a map for 'column' in add_column, found a list\n"
            "  - add_column: {table: t, column: [a, text]}\n"
            "                                   ^");
  EXPECT_EQ(ops_error("- drop_table: [t]\n"),
            "ops.yaml:1:15: expected a map for the fields of drop_table, found a list\n"
            "  - drop_table: [t]\n"
            "                ^");
  EXPECT_EQ(ops_error("- drop_table:\n"),
            "ops.yaml:1:14: expected a map for the fields of drop_table, found null\n"
            "  - drop_table:\n"
            "               ^");
  EXPECT_EQ(ops_error("- drop_table: {table: {name: t}}\n"),
            "ops.yaml:1:23: expected a name for 'table' in drop_table, found a map\n"
            "  - drop_table: {table: {name: t}}\n"
            "                        ^");
  EXPECT_EQ(ops_error("- drop_table: {table: t, if_exists: \"true\"}\n"),
            "ops.yaml:1:37: expected true or false for 'if_exists' in drop_table, found the "
            "string \"true\"\n"
            "  - drop_table: {table: t, if_exists: \"true\"}\n"
            "                                      ^\n"
            "  write true or false without quotes");
  EXPECT_EQ(ops_error("- drop_table: {table: t, if_exists: yes}\n"),
            "ops.yaml:1:37: expected true or false for 'if_exists' in drop_table, found 'yes'\n"
            "  - drop_table: {table: t, if_exists: yes}\n"
            "                                      ^");
  EXPECT_EQ(ops_error("- create_table: {table: t, columns: {name: a, type: text}}\n"),
            "ops.yaml:1:37: expected a list for 'columns' in create_table, found a map\n"
            "  - create_table: {table: t, columns: {name: a, type: text}}\n"
            "                                      ^");
  EXPECT_EQ(ops_error("- create_index: {name: i, table: t, columns: {a: 1}}\n"),
            "ops.yaml:1:47: unknown key 'a' in index column\n"
            "  - create_index: {name: i, table: t, columns: {a: 1}}\n"
            "                                                ^\n"
            "  expected one of: name, expression, order, nulls, opclass");
  EXPECT_EQ(ops_error("add_column: {}\n"),
            "ops.yaml:1:1: expected a list of ops, found a map\n"
            "  add_column: {}\n"
            "  ^");
  EXPECT_EQ(ops_error("- add_column\n"),
            "ops.yaml:1:3: expected an op (a map with one key, such as 'add_column: {...}') in "
            "the op list, found 'add_column'\n"
            "  - add_column\n"
            "    ^");
  EXPECT_EQ(revision_error("- revision: 1\n"),
            "m/001.yaml:1:1: expected a map for a migration file, found a list\n"
            "  - revision: 1\n"
            "  ^");
}

TEST(LoadErrors, FieldsIndentedAtTheOpsLevel) {
  EXPECT_EQ(revision_error(kHead + "upgrade:\n  - add_column:\n    table: t\n    column: {name: a, "
                                   "type: text}\ndowngrade: []\n"),
            "m/001.yaml:5:5: an op is a map with one key, but 'add_column' is followed by 'table' "
            "at the same level\n"
            "      table: t\n"
            "      ^\n"
            "  indent the fields of 'add_column' under it");
}

TEST(LoadErrors, BadRevisionIds) {
  EXPECT_EQ(revision_error("revision: a-b\ndown_revision: null\nupgrade: []\ndowngrade: []\n"),
            "m/001.yaml:1:11: invalid revision id 'a-b' for 'revision'\n"
            "  revision: a-b\n"
            "            ^\n"
            "  a revision id is 1 to 32 letters, digits or underscores");
  std::string long_id(33, 'a');
  EXPECT_EQ(revision_error("revision: " + long_id +
                           "\ndown_revision: null\nupgrade: []\n"
                           "downgrade: []\n"),
            "m/001.yaml:1:11: invalid revision id '" + long_id +
                "' for 'revision'\n"
                "  revision: " +
                long_id +
                "\n"
                "            ^\n"
                "  a revision id is 1 to 32 letters, digits or underscores");
  EXPECT_EQ(revision_error("revision: \"001\"\ndown_revision: [\"000\", \"x y\"]\nupgrade: []\n"
                           "downgrade: []\n"),
            "m/001.yaml:2:24: invalid revision id 'x y' for 'down_revision'\n"
            "  down_revision: [\"000\", \"x y\"]\n"
            "                         ^\n"
            "  a revision id is 1 to 32 letters, digits or underscores");
  EXPECT_EQ(
      revision_error("revision: [\"001\"]\ndown_revision: null\nupgrade: []\ndowngrade: []\n"),
      "m/001.yaml:1:11: expected a revision id for 'revision', found a list\n"
      "  revision: [\"001\"]\n"
      "            ^");
  EXPECT_EQ(
      revision_error("revision: \"001\"\ndown_revision: \"001\"\nupgrade: []\ndowngrade: []\n"),
      "m/001.yaml:2:16: revision '001' lists itself in down_revision\n"
      "  down_revision: \"001\"\n"
      "                 ^");
  EXPECT_EQ(
      revision_error("revision: \"002\"\ndown_revision: [a, a]\nupgrade: []\ndowngrade: []\n"),
      "m/001.yaml:2:20: 'a' is listed twice in 'down_revision'\n"
      "  down_revision: [a, a]\n"
      "                     ^");
  EXPECT_EQ(revision_error("revision: \"002\"\ndown_revision: a\nbranch_labels: [\"my label\"]\n"
                           "upgrade: []\ndowngrade: []\n"),
            "m/001.yaml:3:17: invalid name 'my label' for 'branch_labels'\n"
            "  branch_labels: [\"my label\"]\n"
            "                  ^\n"
            "  names cannot contain spaces or '@'");
}

TEST(LoadErrors, RequiredTopLevelKeys) {
  EXPECT_EQ(revision_error("revision: \"001\"\nupgrade: []\ndowngrade: []\n"),
            "m/001.yaml:1:1: missing required field 'down_revision' in revision\n"
            "  revision: \"001\"\n"
            "  ^\n"
            "  write `down_revision: null` for a first revision");
  EXPECT_EQ(revision_error("down_revision: null\nupgrade: []\ndowngrade: []\n"),
            "m/001.yaml:1:1: missing required field 'revision' in revision\n"
            "  down_revision: null\n"
            "  ^");
  EXPECT_EQ(revision_error(kHead + "upgrade: []\n"),
            "m/001.yaml:1:1: missing required field 'downgrade' in revision\n"
            "  revision: \"001\"\n"
            "  ^\n"
            "  write `downgrade: []` when there is nothing to undo");
  EXPECT_EQ(revision_error(kHead + "upgrade: []\ndowngrade:\n"),
            "m/001.yaml:4:11: expected a list of ops for 'downgrade', found null\n"
            "  downgrade:\n"
            "            ^\n"
            "  write `downgrade: []` when there is nothing to undo");
  EXPECT_EQ(revision_error(kHead + "upgrade: {add_column: {}}\ndowngrade: []\n"),
            "m/001.yaml:3:10: expected a list of ops for 'upgrade', found a map\n"
            "  upgrade: {add_column: {}}\n"
            "           ^");
  EXPECT_EQ(revision_error("# nothing here\n"),
            "m/001.yaml:1:1: empty migration file\n"
            "  # nothing here\n"
            "  ^\n"
            "  a revision needs at least revision, down_revision, upgrade and downgrade");
}

TEST(LoadErrors, IrreversibleOnlyInDowngrade) {
  EXPECT_EQ(revision_error(kHead + "upgrade:\n  - irreversible: no way back\ndowngrade: []\n"),
            "m/001.yaml:4:5: 'irreversible' is only allowed in downgrade, not in upgrade\n"
            "    - irreversible: no way back\n"
            "      ^");
  Revision ok = parse_revision("m/001.yaml",
                               kHead + "upgrade: []\ndowngrade:\n  - irreversible: data is gone\n");
  ASSERT_EQ(ok.downgrade.size(), 1u);
  EXPECT_EQ(std::get<Irreversible>(ok.downgrade[0].body).reason, "data is gone");
}

TEST(LoadErrors, ConcurrentlyNeedsANonTransactionalRevision) {
  std::string ops =
      "upgrade:\n  - create_index: {name: ix, table: t, columns: [a], "
      "concurrently: true}\ndowngrade:\n  - drop_index: {name: ix, concurrently: "
      "true}\n";
  EXPECT_EQ(revision_error(kHead + ops),
            "m/001.yaml:4:54: create_index with concurrently: true cannot run inside a "
            "transaction, and this revision is transactional\n"
            "    - create_index: {name: ix, table: t, columns: [a], concurrently: true}\n"
            "                                                       ^\n"
            "  set `transactional: false` on this revision");
  EXPECT_EQ(revision_error(kHead + "transactional: true\nupgrade: []\ndowngrade:\n  - drop_index: "
                                   "{name: ix, concurrently: true}\n"),
            "m/001.yaml:6:28: drop_index with concurrently: true cannot run inside a "
            "transaction, and this revision is transactional\n"
            "    - drop_index: {name: ix, concurrently: true}\n"
            "                             ^\n"
            "  set `transactional: false` on this revision");
  // `transactional:` may come after the ops.
  Revision r = parse_revision("m/001.yaml", kHead + ops + "transactional: false\n");
  EXPECT_FALSE(r.transactional);
  EXPECT_TRUE(std::get<CreateIndex>(r.upgrade[0].body).concurrently);
  EXPECT_TRUE(std::get<DropIndex>(r.downgrade[0].body).concurrently);
}

TEST(LoadErrors, TableSpecConsistency) {
  EXPECT_EQ(ops_error("- create_table: {table: t, columns: [{name: id, type: integer, primary_key: "
                      "true, nullable: true}]}\n"),
            "ops.yaml:1:93: primary-key column 'id' cannot be nullable\n"
            "  - create_table: {table: t, columns: [{name: id, type: integer, primary_key: true, "
            "nullable: true}]}\n" +
                std::string(94, ' ') +
                "^\n"
                "  remove 'nullable: true'; primary-key columns are NOT NULL");
  EXPECT_EQ(ops_error("- create_table:\n    table: t\n    columns:\n      - {name: a, type: text}\n"
                      "      - {name: a, type: integer}\n"),
            "ops.yaml:5:9: duplicate column 'a' in table 't' (first defined at line 4)\n"
            "        - {name: a, type: integer}\n"
            "          ^");
  EXPECT_EQ(ops_error("- create_table:\n    table: t\n    columns: [{name: a, type: text}]\n"
                      "    indexes: [{name: ix, columns: [b]}]\n"),
            "ops.yaml:4:15: index 'ix' names column 'b', which is not a column of table 't'\n"
            "      indexes: [{name: ix, columns: [b]}]\n"
            "                ^");
  EXPECT_EQ(ops_error("- create_table:\n    table: t\n    columns: [{name: a, type: text}]\n"
                      "    primary_key: [id]\n"),
            "ops.yaml:4:18: primary_key names column 'id', which is not a column of table 't'\n"
            "      primary_key: [id]\n"
            "                   ^");
  EXPECT_EQ(ops_error("- create_table:\n    table: t\n    columns: [{name: a, type: text, "
                      "primary_key: true}, {name: b, type: text}]\n    primary_key: [b]\n"),
            "ops.yaml:4:18: column 'a' is marked primary_key: true but is not listed in "
            "primary_key\n"
            "      primary_key: [b]\n"
            "                   ^");
  EXPECT_EQ(ops_error("- create_table: {table: t, columns: []}\n"),
            "ops.yaml:1:37: table 't' needs at least one column\n"
            "  - create_table: {table: t, columns: []}\n"
            "                                      ^");
  EXPECT_EQ(ops_error("- create_foreign_key: {table: t, columns: [a, b], references: {table: u, "
                      "columns: [id]}}\n"),
            "ops.yaml:1:63: foreign key has 2 column(s) but references 1\n"
            "  - create_foreign_key: {table: t, columns: [a, b], references: {table: u, columns: "
            "[id]}}\n"
            "                                                                ^");
  EXPECT_EQ(ops_error("- create_foreign_key: {table: t, columns: [a], references: {table: u, "
                      "columns: [id]}, on_delete: CASCASE}\n"),
            "ops.yaml:1:98: invalid on_delete 'CASCASE'\n"
            "  - create_foreign_key: {table: t, columns: [a], references: {table: u, columns: "
            "[id]}, on_delete: CASCASE}\n" +
                std::string(99, ' ') +
                "^\n"
                "  did you mean 'CASCADE'?");
}

TEST(LoadErrors, OtherOpRules) {
  EXPECT_EQ(ops_error("- add_enum_value: {name: m, value: v, before: a, after: b}\n"),
            "ops.yaml:1:50: add_enum_value takes 'before' or 'after', not both\n"
            "  - add_enum_value: {name: m, value: v, before: a, after: b}\n"
            "                                                   ^");
  EXPECT_EQ(ops_error("- alter_column: {table: t, column: c}\n"),
            "ops.yaml:1:3: alter_column of 'c' changes nothing\n"
            "  - alter_column: {table: t, column: c}\n"
            "    ^\n"
            "  give at least one of: rename_to, type, nullable, server_default, comment");
  EXPECT_EQ(
      ops_error("- alter_column: {table: t, column: c, nullable: false, using: \"c::int\"}\n"),
      "ops.yaml:1:56: 'using' in alter_column needs a new 'type'\n"
      "  - alter_column: {table: t, column: c, nullable: false, using: \"c::int\"}\n"
      "                                                         ^");
  EXPECT_EQ(ops_error("- drop_table: {table: t, lint_allow: [r102]}\n"),
            "ops.yaml:1:39: invalid lint code 'r102'\n"
            "  - drop_table: {table: t, lint_allow: [r102]}\n"
            "                                        ^\n"
            "  lint codes look like R102");
  EXPECT_EQ(ops_error("- bulk_insert: {table: t, rows: [a]}\n"),
            "ops.yaml:1:34: expected a map for each item of 'rows' in bulk_insert, found 'a'\n"
            "  - bulk_insert: {table: t, rows: [a]}\n"
            "                                   ^");
  EXPECT_EQ(ops_error("- bulk_insert: {table: t, rows: [{x: .inf}]}\n"),
            "ops.yaml:1:38: '.inf' is not a finite number\n"
            "  - bulk_insert: {table: t, rows: [{x: .inf}]}\n"
            "                                       ^\n"
            "  quote it to insert it as text");
  EXPECT_EQ(ops_error("- add_column: {table: t, column: {name: a, type: integer, server_default: "
                      "0x10}}\n"),
            "ops.yaml:1:75: invalid number '0x10' for 'server_default' in column\n"
            "  - add_column: {table: t, column: {name: a, type: integer, server_default: 0x10}}\n"
            "                                                                            ^\n"
            "  write a decimal number, or quote SQL text");
}

TEST(LoadErrors, YamlSyntaxErrorsNameTheFile) {
  EXPECT_EQ(revision_error("revision: \"001\"\n  down_revision: null\n"),
            "m/001.yaml:2:3: YAML syntax error: did not find expected key (while parsing a block "
            "mapping at line 1, column 1)\n"
            "    down_revision: null\n"
            "    ^");
}

}  // namespace
}  // namespace retort

namespace retort {
namespace {

// The keys of identity and generated columns, NULLS NOT DISTINCT and INCLUDE, checked at load.
TEST(LoadErrors, IdentityAndGeneratedColumns) {
  EXPECT_EQ(
      ops_error("- add_column: {table: t, column: {name: c, type: text, identity: always}}\n"),
      "ops.yaml:1:66: identity column 'c' must have an integer type\n"
      "  - add_column: {table: t, column: {name: c, type: text, identity: always}}\n"
      "                                                                   ^\n"
      "  use type: integer, bigint or smallint");
  EXPECT_EQ(
      ops_error("- add_column: {table: t, column: {name: c, type: integer, identity: alway}}\n"),
      "ops.yaml:1:69: invalid identity 'alway'\n"
      "  - add_column: {table: t, column: {name: c, type: integer, identity: alway}}\n"
      "                                                                      ^\n"
      "  did you mean 'always'? (or a map {always: true, start: 1, increment: 1})");
  EXPECT_EQ(
      ops_error("- add_column: {table: t, column: {name: c, type: integer, server_default: 1,"
                " identity: by_default}}\n"),
      "ops.yaml:1:88: identity column 'c' cannot have a server_default\n"
      "  - add_column: {table: t, column: {name: c, type: integer, server_default: 1, "
      "identity: by_default}}\n"
      "                                                                                         ^\n"
      "  the identity's sequence gives the values; remove server_default");
  EXPECT_EQ(ops_error("- add_column: {table: t, column: {name: c, type: integer,"
                      " identity: {increment: 0}}}\n"),
            "ops.yaml:1:81: an identity's increment cannot be 0\n"
            "  - add_column: {table: t, column: {name: c, type: integer, identity: {increment: "
            "0}}}\n"
            "                                                                                  ^");
  EXPECT_EQ(ops_error("- add_column: {table: t, column: {name: c, type: integer, nullable: true,"
                      " identity: always}}\n"),
            "ops.yaml:1:69: identity column 'c' cannot be nullable\n"
            "  - add_column: {table: t, column: {name: c, type: integer, nullable: true, "
            "identity: always}}\n"
            "                                                                      ^\n"
            "  remove 'nullable: true'; identity columns are NOT NULL");
  EXPECT_EQ(ops_error("- add_column: {table: t, column: {name: c, type: integer, server_default: 1,"
                      " generated: \"a + 1\"}}\n"),
            "ops.yaml:1:89: generated column 'c' cannot also have a server_default, identity, "
            "autoincrement or primary_key\n"
            "  - add_column: {table: t, column: {name: c, type: integer, server_default: 1, "
            "generated: \"a + 1\"}}\n"
            "                                                                                      "
            "    ^\n"
            "  its value is its expression's; remove the other key");
  EXPECT_EQ(ops_error("- add_column: {table: t, column: {name: c, type: integer,"
                      " generated: {stored: true}}}\n"),
            "ops.yaml:1:70: missing required field 'expression' in generated\n"
            "  - add_column: {table: t, column: {name: c, type: integer, generated: {stored: "
            "true}}}\n"
            "                                                                       ^\n"
            "  write generated: {expression: \"price * quantity\", stored: true}");
  EXPECT_EQ(ops_error("- add_column: {table: t, column: {name: c, type: integer,"
                      " generated: \"a; DROP TABLE t\"}}\n"),
            "ops.yaml:1:70: ';' in 'generated' in column: this is an SQL fragment spliced into a "
            "statement, and ';' would end it\n"
            "  - add_column: {table: t, column: {name: c, type: integer, generated: \"a; DROP "
            "TABLE t\"}}\n"
            "                                                                       ^\n"
            "  remove the ';' (run separate statements with an `execute` op)");
}

TEST(LoadErrors, NullsNotDistinctNeedsAUniqueIndex) {
  EXPECT_EQ(
      ops_error("- create_index: {name: ix, table: t, columns: [a], nulls_not_distinct: true}\n"),
      "ops.yaml:1:52: nulls_not_distinct applies to unique indexes only, and this index is "
      "not unique\n"
      "  - create_index: {name: ix, table: t, columns: [a], nulls_not_distinct: true}\n"
      "                                                     ^\n"
      "  add `unique: true`, or remove nulls_not_distinct");
  EXPECT_EQ(ops_error("- create_table: {table: t, columns: [{name: a, type: integer}],"
                      " indexes: [{name: ix, columns: [a], include: [b]}]}\n"),
            "ops.yaml:1:75: index 'ix' include names column 'b', which is not a column of table "
            "'t'\n"
            "  - create_table: {table: t, columns: [{name: a, type: integer}], indexes: [{name: "
            "ix, columns: [a], include: [b]}]}\n"
            "                                                                            ^");
  EXPECT_EQ(ops_error("- rename_index: {name: ix, to: s.iy}\n"),
            "ops.yaml:1:32: invalid name 's.iy' for 'to' in rename_index: a '.' would make it a "
            "qualified name, and this name cannot be qualified\n"
            "  - rename_index: {name: ix, to: s.iy}\n"
            "                                 ^\n"
            "  choose a name without '.' (only tables, enum types and indexes take a schema: "
            "\"schema.name\")");
}

TEST(LoadErrors, BadGuardsArePlaced) {
  EXPECT_EQ(ops_error("- add_column: {table: t, column: {name: a, type: text}, only_if: [1]}\n"),
            "ops.yaml:1:66: expected SQL text (a string, or {postgresql: ..., sqlite: ...}) for "
            "'only_if' in add_column, found a list\n"
            "  - add_column: {table: t, column: {name: a, type: text}, only_if: [1]}\n"
            "                                                                   ^");
  EXPECT_EQ(ops_error("- drop_table: {table: t, unless: \"SELECT 1; SELECT 2\"}\n"),
            "ops.yaml:1:34: ';' in 'unless' in drop_table: a guard is one query\n"
            "  - drop_table: {table: t, unless: \"SELECT 1; SELECT 2\"}\n"
            "                                   ^\n"
            "  keep one SELECT; run other statements with an `execute` op");
  EXPECT_EQ(ops_error("- drop_table: {table: t, only_if: \" ; \"}\n"),
            "ops.yaml:1:35: empty query for 'only_if' in drop_table\n"
            "  - drop_table: {table: t, only_if: \" ; \"}\n"
            "                                    ^\n"
            "  write a query that returns a row when the op should run (only_if) or be skipped "
            "(unless)");
  EXPECT_EQ(ops_error("- drop_table: {table: t, only_if: {mysql: \"SELECT 1\"}}\n"),
            "ops.yaml:1:36: unknown dialect 'mysql'\n"
            "  - drop_table: {table: t, only_if: {mysql: \"SELECT 1\"}}\n"
            "                                     ^\n"
            "  expected one of: postgresql, sqlite");
}

TEST(LoadErrors, ExistenceGuardsNeedANameAndABoolean) {
  EXPECT_EQ(
      ops_error("- create_check_constraint: {table: t, expression: a > 0, if_not_exists: true}\n"),
      "ops.yaml:1:58: create_check_constraint with if_not_exists needs a `name`: the guard "
      "looks the constraint up by name\n"
      "  - create_check_constraint: {table: t, expression: a > 0, if_not_exists: true}\n"
      "                                                           ^\n"
      "  name the constraint (`name: …`)");
  EXPECT_EQ(ops_error("- drop_constraint: {name: \"\", table: t, type: check, if_exists: true}\n"),
            "ops.yaml:1:54: drop_constraint with if_exists needs a `name`: the guard looks the "
            "constraint up by name\n"
            "  - drop_constraint: {name: \"\", table: t, type: check, if_exists: true}\n"
            "                                                       ^");
  EXPECT_EQ(ops_error("- drop_enum: {name: e, if_exists: maybe}\n"),
            "ops.yaml:1:35: expected true or false for 'if_exists' in drop_enum, found 'maybe'\n"
            "  - drop_enum: {name: e, if_exists: maybe}\n"
            "                                    ^");
  EXPECT_EQ(ops_error("- rename_table: {table: a, to: b, if_exists: true}\n"),
            "ops.yaml:1:35: unknown key 'if_exists' in rename_table\n"
            "  - rename_table: {table: a, to: b, if_exists: true}\n"
            "                                    ^\n"
            "  expected one of: table, to, dialect, lint_allow, only_if, unless");
}

}  // namespace
}  // namespace retort
