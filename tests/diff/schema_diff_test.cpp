// The differ on hand-built schemas (no database): what compares equal after normalisation, every
// kind of difference with its ops both ways and its message, names given to unnamed
// constraints, and the order of the ops (foreign-key order over a 1,000-table chain, cycles,
// enums). The round trips on real databases are in round_trip_test.cpp.
#include "diff/schema_diff.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <unordered_map>

#include "dialect/dialect.hpp"
#include "diff/diff_test_util.hpp"
#include "diff/table_order.hpp"
#include "ops/load_model.hpp"
#include "ops/load_revision.hpp"
#include "ops/write_yaml.hpp"
#include "schema/pg_reflect.hpp"
#include "support/pg_env.hpp"

namespace retort {
namespace {

using testing::op_lines;
using Lines = std::vector<std::string>;

constexpr Dialect kPg = Dialect::postgresql;
constexpr Dialect kLite = Dialect::sqlite;

Schema model(std::string_view yaml) {
  return parse_model("model.yaml", yaml);
}

Lines messages(const DiffResult& r) {
  return describe_differences(r);
}

// The generated ops written as YAML read back to the same ops (what autogenerate writes loads).
void expect_loadable(const std::vector<Op>& ops) {
  std::string yaml = render_ops(ops);
  EXPECT_EQ(render_ops(parse_op_list("generated.yaml", yaml)), yaml);
}

// --- equal after normalisation ---

TEST(DiffSchemas, ReflectedPostgresqlFormEqualsTheModelAsWritten) {
  // As pg_reflect reports it: server-given constraint names, printed expressions, no literal
  // casts, numeric(10) as numeric(10,0), timestamp(3) as its format_type text.
  Schema db = model(R"yaml(
enums:
  - {name: role_t, values: [admin, viewer]}
tables:
  - table: tenants
    columns:
      - {name: tenant_id, type: string(50), primary_key: true}
    primary_key: {name: tenants_pkey, columns: [tenant_id]}
  - table: users
    columns:
      - {name: id, type: integer, primary_key: true, autoincrement: true}
      - {name: tenant_id, type: string(50), nullable: false}
      - {name: email, type: string(255), nullable: false}
      - {name: role, type: {enum: role_t, values: [admin, viewer]}, nullable: false, server_default: "'viewer'"}
      - {name: budget, type: numeric(10,0)}
      - {name: seen_at, type: {sql: "timestamp(3) without time zone"}}
      - {name: active, type: boolean, nullable: false, server_default: true}
      - {name: created_at, type: datetime(tz), server_default: CURRENT_TIMESTAMP}
      - {name: score, type: integer, server_default: -1}
      - {name: note, type: text, comment: Free text}
      - {name: tags, type: {sql: "character varying(50)[]"}}
      - {name: ip, type: {sql: inet}}
    primary_key: {name: users_pkey, columns: [id]}
    foreign_keys:
      - {name: users_tenant_id_fkey, columns: [tenant_id], references: {table: tenants, columns: [tenant_id]}, on_delete: CASCADE}
    unique:
      - {name: users_email_key, columns: [email]}
    checks:
      - {name: users_check, expression: "budget > 0::numeric AND length(email::text) > 3"}
      - {name: users_role_check, expression: "role::text = ANY (ARRAY['admin'::character varying, 'viewer'::character varying]::text[])"}
    indexes:
      - {name: ix_users_lower_email, columns: [{expression: "lower(email::text)"}], where: "active = true"}
      - {name: ix_users_tenant, columns: [tenant_id]}
    comment: People
)yaml");
  Schema m = model(R"yaml(
enums:
  - {name: role_t, values: [admin, viewer]}
tables:
  - table: users
    columns:
      - {name: id, type: integer, primary_key: true, autoincrement: true}
      - {name: tenant_id, type: string(50), nullable: false}
      - {name: email, type: string(255), nullable: false, unique: true}
      - {name: role, type: {enum: role_t, values: [admin, viewer]}, nullable: false, server_default: "'viewer'::role_t"}
      - {name: budget, type: numeric(10)}
      - {name: seen_at, type: {sql: TIMESTAMP(3)}}
      - {name: active, type: boolean, nullable: false, server_default: "TRUE"}
      - {name: created_at, type: datetime(tz), server_default: current_timestamp}
      - {name: score, type: integer, server_default: "'-1'::integer"}
      - {name: note, type: text, comment: Free text}
      - {name: tags, type: {sql: "VARCHAR(50)[]"}}
      - {name: ip, type: {postgresql: INET, sqlite: TEXT}}
    foreign_keys:
      - {columns: [tenant_id], references: {table: tenants, columns: [tenant_id]}, on_delete: cascade}
    checks:
      - {expression: "(budget > 0) AND (length(email) > 3)"}
      - {name: users_role_check, expression: "role IN ('admin', 'viewer')"}
    indexes:
      - {name: ix_users_lower_email, columns: [{expression: lower(email)}], where: active = true}
      - {name: ix_users_tenant, columns: [tenant_id]}
    comment: People
  - table: tenants
    columns:
      - {name: tenant_id, type: string(50), primary_key: true}
)yaml");
  DiffResult r = diff_schemas(db, m, kPg);
  EXPECT_EQ(messages(r), Lines{});
  EXPECT_TRUE(r.empty());
  EXPECT_EQ(op_lines(r.upgrade), Lines{});
  EXPECT_EQ(op_lines(r.downgrade), Lines{});
  EXPECT_EQ(r.notes, Lines{});
}

TEST(DiffSchemas, ReflectedSqliteFormEqualsTheModelAsWritten) {
  // As sqlite_reflect reports it: booleans as 1/0, no comments, enums as a column type (SQLite has
  // no enum types), JSON for jsonb, unnamed constraints unnamed.
  Schema db = model(R"yaml(
tables:
  - table: items
    columns:
      - {name: id, type: integer, primary_key: true, autoincrement: true}
      - {name: active, type: boolean, nullable: false, server_default: 1}
      - {name: state, type: {enum: state_t, values: [on, off]}}
      - {name: data, type: json, server_default: "'{}'"}
      - {name: at, type: datetime}
      - {name: addr, type: text}
      - {name: code, type: string(10)}
    unique:
      - {columns: [code]}
)yaml");
  Schema m = model(R"yaml(
enums:
  - {name: state_t, values: ["on", "off"]}
tables:
  - table: items
    comment: Things
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: active, type: boolean, nullable: false, server_default: true}
      - {name: state, type: {enum: state_t, values: ["on", "off"]}}
      - {name: data, type: jsonb, server_default: {postgresql: "'{}'::jsonb", sqlite: "'{}'"}}
      - {name: at, type: datetime(tz), comment: When}
      - {name: addr, type: {postgresql: INET, sqlite: TEXT}}
      - {name: code, type: string(10), unique: true}
)yaml");
  DiffResult r = diff_schemas(db, m, kLite);
  EXPECT_EQ(messages(r), Lines{});
  EXPECT_EQ(op_lines(r.upgrade), Lines{});
  EXPECT_EQ(op_lines(r.downgrade), Lines{});
}

// Expressions::stored (what check and autogenerate use, docs/autogenerate.md "How expressions
// compare"): both sides are the database's own text, compared as tokens, casts included.
TEST(DiffSchemas, StoredExpressionsCompareAsTokensCastsIncluded) {
  DiffOptions stored;
  stored.expressions = DiffOptions::Expressions::stored;
  // SQLite keeps the text as written: spelling aside, a different text is a different check.
  Schema lite_db = model(R"yaml(
tables:
  - table: t
    columns: [{name: a, type: integer}, {name: b, type: integer}]
    checks:
      - {expression: "(A>0)"}
      - {name: ck_b, expression: "b BETWEEN 1 AND 10"}
)yaml");
  Schema lite_model = model(R"yaml(
tables:
  - table: t
    columns: [{name: a, type: integer}, {name: b, type: integer}]
    checks:
      - {expression: "a > 0"}
      - {name: ck_b, expression: "b >= 1 AND b <= 10"}
)yaml");
  EXPECT_EQ(messages(diff_schemas(lite_db, lite_model, kLite)), Lines{});
  EXPECT_EQ(messages(diff_schemas(lite_db, lite_model, kLite, stored)),
            Lines{"check constraint ck_b on t: b between 1 and 10 -> b >= 1 and b <= 10"});

  // PostgreSQL: model_stored (the model through the server) is compared, the ops carry the model
  // as written; a cast counts.
  Schema pg_db = model(R"yaml(
tables:
  - table: t
    columns: [{name: amount, type: numeric(12,2)}]
    checks: [{name: t_amount_check, expression: "amount > 0::numeric"}]
)yaml");
  Schema pg_model = model(R"yaml(
tables:
  - table: t
    columns: [{name: amount, type: numeric(12,2)}]
    checks: [{expression: "amount::integer > 0"}]
)yaml");
  Schema pg_stored = pg_model;
  pg_stored.tables[0].checks[0].expression.common = "(amount)::integer > 0";
  EXPECT_EQ(messages(diff_schemas(pg_db, pg_model, kPg)), Lines{});  // canonical: casts ignored
  stored.model_stored = &pg_stored;
  DiffResult r = diff_schemas(pg_db, pg_model, kPg, stored);
  EXPECT_EQ(messages(r), Lines{"check constraint t_amount_check on t: amount > 0::numeric -> "
                               "amount::integer > 0"});
  EXPECT_EQ(op_lines(r.upgrade), (Lines{"drop_constraint t_amount_check on t (check)",
                                        "create_check_constraint t_amount_check on t: "
                                        "amount::integer > 0"}));
}

TEST(DiffSchemas, VersionAndHistoryTablesAreLeftOut) {
  Schema db = model(R"yaml(
tables:
  - table: alembic_version
    columns: [{name: version_num, type: string(32), primary_key: true}]
  - table: retort_history
    columns: [{name: id, type: integer, primary_key: true}]
  - table: my_versions
    columns: [{name: v, type: text}]
)yaml");
  DiffOptions options;
  options.exclude_tables.push_back("my_versions");
  EXPECT_TRUE(diff_schemas(db, Schema{}, kPg, options).empty());
  EXPECT_EQ(messages(diff_schemas(db, Schema{}, kPg)), Lines{"removed table my_versions"});
}

// --- tables ---

TEST(DiffSchemas, AddedAndRemovedTablesInForeignKeyOrder) {
  Schema db = model(R"yaml(
tables:
  - table: a_old_child
    columns: [{name: id, type: integer, primary_key: true}, {name: p, type: integer}]
    foreign_keys: [{name: fk_old, columns: [p], references: {table: z_old_parent, columns: [id]}}]
  - table: z_old_parent
    columns: [{name: id, type: integer, primary_key: true}]
)yaml");
  Schema m = model(R"yaml(
tables:
  - table: b_child
    columns: [{name: id, type: integer, primary_key: true}, {name: p, type: integer}]
    foreign_keys: [{columns: [p], references: {table: y_parent, columns: [id]}, on_delete: CASCADE}]
  - table: y_parent
    columns: [{name: id, type: integer, primary_key: true}]
)yaml");
  DiffResult r = diff_schemas(db, m, kPg);
  EXPECT_EQ(messages(r), (Lines{"removed table a_old_child", "added table b_child",
                                "added table y_parent", "removed table z_old_parent"}));
  EXPECT_EQ(op_lines(r.upgrade),
            (Lines{"drop_table a_old_child", "drop_table z_old_parent", "create_table y_parent",
                   "create_table b_child fk->y_parent"}));
  EXPECT_EQ(op_lines(r.downgrade),
            (Lines{"drop_table b_child", "drop_table y_parent", "create_table z_old_parent",
                   "create_table a_old_child fk->z_old_parent"}));
  // The created table is the model's spec as written (column order, unnamed key).
  const auto& created = std::get<CreateTable>(r.upgrade[3].body).table;
  EXPECT_EQ(created.foreign_keys.at(0).name, "");
  EXPECT_EQ(created.foreign_keys.at(0).on_delete, "CASCADE");
  expect_loadable(r.upgrade);
  expect_loadable(r.downgrade);
}

TEST(DiffSchemas, SameColumnsUnderANewTableNameIsNotedAsAPossibleRename) {
  Schema db = model("tables: [{table: people, columns: [{name: id, type: integer}]}]");
  Schema m = model("tables: [{table: persons, columns: [{name: id, type: integer}]}]");
  DiffResult r = diff_schemas(db, m, kLite);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0].rfind("possible rename of table people to persons", 0), 0u) << r.notes[0];
}

// --- columns ---

TEST(DiffSchemas, ColumnChangesWithTheirInverse) {
  Schema db = model(R"yaml(
tables:
  - table: media_buys
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: budget, type: float}
      - {name: status, type: string(20), nullable: false, server_default: "'draft'"}
      - {name: old_name, type: string(100)}
      - {name: notes, type: text, comment: old}
)yaml");
  Schema m = model(R"yaml(
tables:
  - table: media_buys
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: budget, type: numeric(15,2), nullable: false}
      - {name: status, type: string(20), nullable: false, server_default: "'active'"}
      - {name: notes, type: text, comment: new}
      - {name: new_name, type: string(100)}
      - {name: priority, type: integer, nullable: false, server_default: 0}
)yaml");
  DiffResult r = diff_schemas(db, m, kPg);
  EXPECT_EQ(messages(r), (Lines{
                             "removed column media_buys.old_name",
                             "column media_buys.budget: type float -> numeric(15,2)",
                             "column media_buys.budget: nullable -> NOT NULL",
                             "column media_buys.status: server_default 'draft' -> 'active'",
                             "column media_buys.notes: comment 'old' -> 'new'",
                             "added column media_buys.new_name (string(100))",
                             "added column media_buys.priority (integer)",
                         }));
  EXPECT_EQ(op_lines(r.upgrade),
            (Lines{
                "drop_column media_buys.old_name",
                "alter_column media_buys.budget type=numeric(15,2) nullable=false",
                "alter_column media_buys.status default='active'",
                "alter_column media_buys.notes comment='new'",
                "add_column media_buys.new_name string(100)",
                "add_column media_buys.priority integer not null",
            }));
  EXPECT_EQ(op_lines(r.downgrade), (Lines{
                                       "drop_column media_buys.new_name",
                                       "drop_column media_buys.priority",
                                       "alter_column media_buys.budget type=float nullable=true",
                                       "alter_column media_buys.status default='draft'",
                                       "alter_column media_buys.notes comment='old'",
                                       "add_column media_buys.old_name string(100)",
                                   }));
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0].rfind("possible rename of media_buys.old_name to media_buys.new_name", 0),
            0u)
      << r.notes[0];
  // The added column is the model's, default included.
  const auto& add = std::get<AddColumn>(r.upgrade[5].body);
  ASSERT_TRUE(add.column.server_default.has_value());
  EXPECT_EQ(add.column.server_default->number, "0");
  expect_loadable(r.upgrade);
  expect_loadable(r.downgrade);
}

TEST(DiffSchemas, ComparisonsCanBeTurnedOff) {
  Schema db = model(
      "tables: [{table: t, columns: [{name: a, type: integer, server_default: 1, comment: x}]}]");
  Schema m = model(
      "tables: [{table: t, columns: [{name: a, type: bigint, server_default: 2, comment: y}]}]");
  DiffOptions options;
  options.compare_types = false;
  options.compare_server_defaults = false;
  options.compare_comments = false;
  EXPECT_TRUE(diff_schemas(db, m, kPg, options).empty());
  EXPECT_EQ(diff_schemas(db, m, kPg).findings.size(), 3u);
}

TEST(DiffSchemas, TypeChangeKeepsTheDefaultAcrossTheCastOnPostgresql) {
  Schema db = model(R"yaml(
enums: [{name: state_t, values: [a, b]}]
tables: [{table: t, columns: [{name: s, type: string(10), server_default: "'a'"}]}]
)yaml");
  Schema m = model(R"yaml(
enums: [{name: state_t, values: [a, b]}]
tables: [{table: t, columns: [{name: s, type: {enum: state_t, values: [a, b]}, server_default: "'a'"}]}]
)yaml");
  DiffResult r = diff_schemas(db, m, kPg);
  EXPECT_EQ(op_lines(r.upgrade),
            (Lines{"alter_column t.s type=enum state_t(a, b) using=\"s\"::text::\"state_t\" "
                   "default='a'"}));
  EXPECT_EQ(op_lines(r.downgrade), (Lines{"alter_column t.s type=string(10) default='a'"}));
}

TEST(DiffSchemas, CommentsAndEnumTypesAreNotComparedOnSqlite) {
  Schema db = model("tables: [{table: t, columns: [{name: a, type: text}]}]");
  Schema m = model(R"yaml(
enums: [{name: e, values: [x]}]
tables: [{table: t, comment: T, columns: [{name: a, type: text, comment: A}]}]
)yaml");
  EXPECT_TRUE(diff_schemas(db, m, kLite).empty());
  EXPECT_EQ(messages(diff_schemas(db, m, kPg)),
            (Lines{"added enum e (x)", "column t.a: comment none -> 'A'",
                   "table t: comment none -> 'T'"}));
  EXPECT_EQ(
      op_lines(diff_schemas(db, m, kPg).upgrade),
      (Lines{"create_enum e (x)", "alter_column t.a comment='A'", "set_table_comment t 'T'"}));
  EXPECT_EQ(op_lines(diff_schemas(db, m, kPg).downgrade),
            (Lines{"alter_column t.a comment=none", "set_table_comment t none", "drop_enum e"}));
}

TEST(DiffSchemas, SqliteEnumColumnChangesItsCheck) {
  Schema db =
      model("tables: [{table: t, columns: [{name: s, type: {enum: s_t, values: [a, b]}}]}]");
  Schema m =
      model("tables: [{table: t, columns: [{name: s, type: {enum: s_t, values: [a, b, c]}}]}]");
  DiffResult r = diff_schemas(db, m, kLite);
  EXPECT_EQ(messages(r), Lines{"column t.s: type enum s_t(a, b) -> enum s_t(a, b, c)"});
  EXPECT_EQ(op_lines(r.upgrade), Lines{"alter_column t.s type=enum s_t(a, b, c)"});
  EXPECT_EQ(op_lines(r.downgrade), Lines{"alter_column t.s type=enum s_t(a, b)"});
}

// --- constraints and indexes ---

TEST(DiffSchemas, ConstraintAndIndexChangesWithTheirInverse) {
  Schema db = model(R"yaml(
tables:
  - table: users
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: tenant_id, type: integer}
      - {name: email, type: text}
      - {name: age, type: integer}
    primary_key: {name: users_pkey, columns: [id]}
    foreign_keys:
      - {name: users_tenant_id_fkey, columns: [tenant_id], references: {table: tenants, columns: [id]}}
    unique:
      - {name: uq_old, columns: [tenant_id, age]}
    checks:
      - {name: ck_age, expression: "age >= 0"}
    indexes:
      - {name: ix_email, columns: [email]}
      - {name: ix_gone, columns: [age]}
  - table: tenants
    columns: [{name: id, type: integer, primary_key: true}]
    primary_key: {name: tenants_pkey, columns: [id]}
)yaml");
  Schema m = model(R"yaml(
tables:
  - table: users
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: tenant_id, type: integer}
      - {name: email, type: text, unique: true}
      - {name: age, type: integer}
    foreign_keys:
      - {columns: [tenant_id], references: {table: tenants, columns: [id]}, on_delete: CASCADE}
    checks:
      - {name: ck_age, expression: "age > 0"}
      - {expression: "length(email) > 3"}
    indexes:
      - {name: ix_email, columns: [{expression: lower(email)}], unique: true, where: age > 18}
      - {name: ix_new, columns: [tenant_id, age], using: hash}
  - table: tenants
    columns: [{name: id, type: integer, primary_key: true}]
)yaml");
  DiffResult r = diff_schemas(db, m, kPg);
  EXPECT_EQ(messages(r),
            (Lines{
                "removed unique constraint uq_old on users (tenant_id, age)",
                "added unique constraint users_email_key on users (email)",
                "foreign key users_tenant_id_fkey on users: (tenant_id) -> tenants (id) -> "
                "(tenant_id) -> tenants (id) ON DELETE CASCADE",
                "check constraint ck_age on users: age >= 0 -> age > 0",
                "added check constraint users_email_check on users length(email) > 3",
                "index ix_email on users: (email) -> unique (lower(email)) WHERE age > 18",
                "removed index ix_gone on users (age)",
                "added index ix_new on users (tenant_id, age) USING hash",
            }));
  EXPECT_EQ(op_lines(r.upgrade),
            (Lines{
                "drop_constraint users_tenant_id_fkey on users (foreign_key)",
                "drop_constraint uq_old on users (unique)",
                "drop_constraint ck_age on users (check)",
                "drop_index ix_email on users",
                "drop_index ix_gone on users",
                "create_unique_constraint users_email_key on users (email)",
                "create_check_constraint ck_age on users: age > 0",
                "create_check_constraint users_email_check on users: length(email) > 3",
                "create_index ix_email on users unique (lower(email)) WHERE age > 18",
                "create_index ix_new on users (tenant_id, age) USING hash",
                "create_foreign_key users_tenant_id_fkey on users (tenant_id) -> tenants (id) "
                "ON DELETE CASCADE",
            }));
  EXPECT_EQ(op_lines(r.downgrade),
            (Lines{
                "drop_constraint users_tenant_id_fkey on users (foreign_key)",
                "drop_constraint users_email_key on users (unique)",
                "drop_constraint ck_age on users (check)",
                "drop_constraint users_email_check on users (check)",
                "drop_index ix_email on users",
                "drop_index ix_new on users",
                "create_unique_constraint uq_old on users (tenant_id, age)",
                "create_check_constraint ck_age on users: age >= 0",
                "create_index ix_email on users (email)",
                "create_index ix_gone on users (age)",
                "create_foreign_key users_tenant_id_fkey on users (tenant_id) -> tenants (id)",
            }));
  expect_loadable(r.upgrade);
  expect_loadable(r.downgrade);
}

TEST(DiffSchemas, GeneratedNamesAvoidTakenOnesAndFitPostgresqlsLimit) {
  std::string long_table(60, 'x');
  Schema db = model("tables: [{table: " + long_table +
                    ", columns: [{name: a, type: integer}, {name: b, type: integer}]},"
                    " {table: t, columns: [{name: a, type: integer}], indexes: [{name: t_a_key, "
                    "columns: [a]}]}]");
  Schema m = model("tables: [{table: " + long_table +
                   ", columns: [{name: a, type: integer}, {name: b, type: integer}], unique: "
                   "[{columns: [a, b]}]}, {table: t, columns: [{name: a, type: integer}], "
                   "indexes: [{name: t_a_key, columns: [a]}], unique: [{columns: [a]}]}]");
  DiffResult r = diff_schemas(db, m, kPg);
  ASSERT_EQ(r.upgrade.size(), 2u);
  EXPECT_EQ(std::get<CreateUniqueConstraint>(r.upgrade[0].body).unique.name, "t_a_key1");
  EXPECT_EQ(std::get<CreateUniqueConstraint>(r.upgrade[1].body).unique.name,
            std::string(59, 'x') + "_key");
}

TEST(DiffSchemas, PrimaryKeyChangeRebuildsTheForeignKeysThatDependOnIt) {
  Schema db = model(R"yaml(
tables:
  - table: users
    columns: [{name: id, type: integer, primary_key: true}, {name: org, type: integer, nullable: false}]
    primary_key: {name: users_pkey, columns: [id]}
  - table: orders
    columns: [{name: id, type: integer, primary_key: true}, {name: user_id, type: integer}]
    primary_key: {name: orders_pkey, columns: [id]}
    foreign_keys: [{name: orders_user_id_fkey, columns: [user_id], references: {table: users, columns: [id]}}]
)yaml");
  Schema m = model(R"yaml(
tables:
  - table: users
    columns: [{name: id, type: integer}, {name: org, type: integer, nullable: false}]
    primary_key: {name: pk_users, columns: [id]}
  - table: orders
    columns: [{name: id, type: integer, primary_key: true}, {name: user_id, type: integer}]
    foreign_keys: [{columns: [user_id], references: {table: users, columns: [id]}}]
)yaml");
  DiffResult r = diff_schemas(db, m, kPg);
  EXPECT_EQ(messages(r), Lines{"primary key of users: users_pkey (id) -> pk_users (id)"});
  EXPECT_EQ(op_lines(r.upgrade),
            (Lines{"drop_constraint orders_user_id_fkey on orders (foreign_key)",
                   "drop_constraint users_pkey on users (primary_key)",
                   "create_primary_key pk_users on users (id)",
                   "create_foreign_key orders_user_id_fkey on orders (user_id) -> users (id)"}));
  EXPECT_EQ(op_lines(r.downgrade),
            (Lines{"drop_constraint orders_user_id_fkey on orders (foreign_key)",
                   "drop_constraint pk_users on users (primary_key)",
                   "create_primary_key users_pkey on users (id)",
                   "create_foreign_key orders_user_id_fkey on orders (user_id) -> users (id)"}));
  // SQLite too: its foreign_key_check fails in any rebuild while the referenced key is missing.
  EXPECT_EQ(op_lines(diff_schemas(db, m, kLite).upgrade), op_lines(r.upgrade));
  // A type change of a referenced column rebuilds the foreign key on PostgreSQL only.
  Schema wider = db;
  wider.tables[0].columns[0].type.kind = Type::Kind::bigint;
  wider.tables[1].columns[1].type.kind = Type::Kind::bigint;
  EXPECT_EQ(op_lines(diff_schemas(db, wider, kPg).upgrade),
            (Lines{"drop_constraint orders_user_id_fkey on orders (foreign_key)",
                   "alter_column orders.user_id type=bigint", "alter_column users.id type=bigint",
                   "create_foreign_key orders_user_id_fkey on orders (user_id) -> users (id)"}));
  EXPECT_EQ(diff_schemas(db, wider, kLite).upgrade.size(), 2u);
}

TEST(DiffSchemas, UnnamedSqliteConstraintsAreDroppedTogetherAndTheOthersRestored) {
  Schema db = model(R"yaml(
tables:
  - table: t
    columns: [{name: a, type: integer}, {name: b, type: integer}, {name: c, type: integer}]
    unique: [{columns: [a]}, {columns: [b]}]
    checks: [{name: ck_c, expression: c > 0}]
)yaml");
  Schema m = model(R"yaml(
tables:
  - table: t
    columns: [{name: a, type: integer}, {name: b, type: integer}, {name: c, type: integer}]
    unique: [{columns: [b]}]
    checks: [{name: ck_c, expression: c > 0}, {name: ck_named, expression: a > 0}]
)yaml");
  DiffResult r = diff_schemas(db, m, kLite);
  EXPECT_EQ(messages(r), (Lines{"removed unique constraint (unnamed) on t (a)",
                                "added check constraint ck_named on t a > 0"}));
  EXPECT_EQ(op_lines(r.upgrade),
            (Lines{"drop_constraint  on t (unique)", "create_unique_constraint  on t (b)",
                   "create_check_constraint ck_named on t: a > 0"}));
  EXPECT_EQ(op_lines(r.downgrade),
            (Lines{"drop_constraint ck_named on t (check)", "create_unique_constraint  on t (a)"}));
  expect_loadable(r.upgrade);
}

TEST(DiffSchemas, NamedModelConstraintDoesNotMatchAnUnnamedOne) {
  Schema db =
      model("tables: [{table: t, columns: [{name: a, type: integer}], unique: [{columns: [a]}]}]");
  Schema m = model(
      "tables: [{table: t, columns: [{name: a, type: integer}], unique: [{name: uq_a, columns: "
      "[a]}]}]");
  DiffResult r = diff_schemas(db, m, kLite);
  EXPECT_EQ(op_lines(r.upgrade),
            (Lines{"drop_constraint  on t (unique)", "create_unique_constraint uq_a on t (a)"}));
  EXPECT_EQ(op_lines(r.downgrade),
            (Lines{"drop_constraint uq_a on t (unique)", "create_unique_constraint  on t (a)"}));
  // The other way round (the model unnamed, the database named) they are the same constraint.
  EXPECT_TRUE(diff_schemas(m, db, kLite).empty());
}

// --- enums ---

TEST(DiffSchemas, EnumsAreCreatedBeforeAndDroppedAfterTheTablesUsingThem) {
  Schema db = model(R"yaml(
enums: [{name: old_t, values: [x]}]
tables: [{table: old, columns: [{name: v, type: {enum: old_t, values: [x]}}]}]
)yaml");
  Schema m = model(R"yaml(
tables: [{table: fresh, columns: [{name: v, type: {enum: new_t, values: [a, b]}}]}]
)yaml");
  DiffResult r = diff_schemas(db, m, kPg);
  EXPECT_EQ(messages(r), (Lines{"added enum new_t (a, b)", "removed enum old_t",
                                "added table fresh", "removed table old"}));
  EXPECT_EQ(op_lines(r.upgrade), (Lines{"create_enum new_t (a,b)", "drop_table old",
                                        "create_table fresh", "drop_enum old_t"}));
  EXPECT_EQ(op_lines(r.downgrade), (Lines{"create_enum old_t (x)", "drop_table fresh",
                                          "create_table old", "drop_enum new_t"}));
}

TEST(DiffSchemas, EnumValuesCanBeAddedButNotRemoved) {
  Schema db = model("enums: [{name: e, values: [b, d]}]");
  Schema m = model("enums: [{name: e, values: [a, b, c, d, f]}]");
  DiffResult r = diff_schemas(db, m, kPg);
  EXPECT_EQ(messages(r), Lines{"enum e: added values a, c, f"});
  EXPECT_EQ(op_lines(r.upgrade), (Lines{"add_enum_value e a before b", "add_enum_value e c after b",
                                        "add_enum_value e f after d"}));
  EXPECT_EQ(op_lines(r.downgrade), Lines{});
  ASSERT_EQ(r.notes.size(), 2u);
  EXPECT_EQ(r.notes[0].rfind("enum e: a value added by add_enum_value cannot be used", 0), 0u);
  EXPECT_EQ(r.notes[1].rfind("downgrade: enum e: values (a, b, c, d, f) cannot become (b, d)", 0),
            0u)
      << r.notes[1];

  DiffResult removed = diff_schemas(m, db, kPg);
  EXPECT_EQ(messages(removed), Lines{"enum e: values (a, b, c, d, f) -> (b, d)"});
  EXPECT_TRUE(removed.upgrade.empty());
  DiffResult reordered = diff_schemas(model("enums: [{name: e, values: [x, y]}]"),
                                      model("enums: [{name: e, values: [y, x]}]"), kPg);
  EXPECT_EQ(messages(reordered), Lines{"enum e: values (x, y) -> (y, x)"});
  EXPECT_TRUE(reordered.upgrade.empty());
}

// --- order ---

// Names that sort the opposite way of the foreign keys, so that name order is never the answer.
std::string chain_name(size_t i, size_t n) {
  std::string digits = std::to_string(n - i);
  return "t" + std::string(6 - digits.size(), '0') + digits;
}

Schema chain(size_t n) {
  Schema s;
  for (size_t i = 0; i < n; ++i) {
    TableSpec t;
    t.name = chain_name(i, n);
    ColumnSpec id;
    id.name = "id";
    id.type.kind = Type::Kind::integer;
    id.primary_key = true;
    id.nullable = false;
    t.columns.push_back(id);
    if (i > 0) {
      ColumnSpec ref;
      ref.name = "parent_id";
      ref.type.kind = Type::Kind::integer;
      t.columns.push_back(ref);
      ForeignKeySpec fk;
      fk.columns = {"parent_id"};
      fk.ref_table = chain_name(i - 1, n);
      fk.ref_columns = {"id"};
      t.foreign_keys.push_back(fk);
    }
    s.tables.push_back(std::move(t));
  }
  return s;
}

TEST(DiffSchemas, ThousandTableForeignKeyChainIsCreatedAndDroppedInOrder) {
  constexpr size_t kChainLength = 1000;
  Schema m = chain(kChainLength);
  for (Dialect d : {kPg, kLite}) {
    DiffResult r = diff_schemas(Schema{}, m, d);
    ASSERT_EQ(r.upgrade.size(), kChainLength);
    ASSERT_EQ(r.downgrade.size(), kChainLength);
    std::unordered_map<std::string, size_t> created_at;
    for (size_t i = 0; i < kChainLength; ++i) {
      const TableSpec& t = std::get<CreateTable>(r.upgrade[i].body).table;
      for (const ForeignKeySpec& fk : t.foreign_keys)
        ASSERT_TRUE(created_at.count(fk.ref_table)) << t.name << " before " << fk.ref_table;
      created_at[t.name] = i;
    }
    EXPECT_EQ(std::get<CreateTable>(r.upgrade.front().body).table.name,
              chain_name(0, kChainLength));
    for (size_t i = 0; i < kChainLength; ++i)
      EXPECT_EQ(std::get<DropTable>(r.downgrade[i].body).table,
                chain_name(kChainLength - 1 - i, kChainLength));
  }
}

// The same chain applied to a real PostgreSQL, which refuses a REFERENCES to a table that does
// not exist yet and a DROP TABLE of a table others still reference: the upgrade creates every
// table, the downgrade drops them all, each in one transaction.
TEST(DiffSchemas, ThousandTableForeignKeyChainAppliesAndDropsOnPostgresql) {
  constexpr size_t kChainLength = 1000;
  testing::PgTestDatabase db;
  auto conn = db.connect();
  DiffResult r = diff_schemas(Schema{}, chain(kChainLength), kPg);
  const SqlDialect& dialect = dialect_for(kPg);
  auto run = [&](const std::vector<Op>& ops) {
    std::string script = "BEGIN;\n";
    for (const Op& op : ops)
      for (const std::string& sql : dialect.render(op, RenderContext{})) script += sql + ";\n";
    conn->execute(script + "COMMIT;");
  };
  run(r.upgrade);
  EXPECT_EQ(reflect_postgresql(*conn).tables.size(), kChainLength);
  run(r.downgrade);
  EXPECT_TRUE(reflect_postgresql(*conn).tables.empty());
}

TEST(DiffSchemas, MutualForeignKeysAreAddedAfterTheTablesOnPostgresql) {
  Schema m = model(R"yaml(
tables:
  - table: a
    columns: [{name: id, type: integer, primary_key: true}, {name: b_id, type: integer}]
    foreign_keys: [{columns: [b_id], references: {table: b, columns: [id]}}]
  - table: b
    columns: [{name: id, type: integer, primary_key: true}, {name: a_id, type: integer}]
    foreign_keys: [{columns: [a_id], references: {table: a, columns: [id]}}]
  - table: c
    columns: [{name: id, type: integer, primary_key: true}, {name: a_id, type: integer}]
    foreign_keys: [{columns: [a_id], references: {table: a, columns: [id]}}]
)yaml");
  DiffResult r = diff_schemas(Schema{}, m, kPg);
  EXPECT_EQ(op_lines(r.upgrade),
            (Lines{"create_table a", "create_table b fk->a", "create_table c fk->a",
                   "create_foreign_key a_b_id_fkey on a (b_id) -> b (id)"}));
  EXPECT_EQ(op_lines(r.downgrade), (Lines{"drop_constraint a_b_id_fkey on a (foreign_key)",
                                          "drop_table c", "drop_table b", "drop_table a"}));
  // SQLite accepts a reference to a table not created yet: the keys stay in CREATE TABLE.
  EXPECT_EQ(op_lines(diff_schemas(Schema{}, m, kLite).upgrade),
            (Lines{"create_table a fk->b", "create_table b fk->a", "create_table c fk->a"}));
}

TEST(DiffTableOrder, BreaksEveryCycleAndKeepsInputOrderAmongReadyTables) {
  auto table = [](std::string name, std::vector<std::string> refs) {
    TableSpec t;
    t.name = std::move(name);
    for (auto& r : refs) {
      ForeignKeySpec fk;
      fk.ref_table = r;
      t.foreign_keys.push_back(fk);
    }
    return t;
  };
  std::vector<TableSpec> tables = {table("a", {"c"}), table("b", {}), table("c", {"a", "c"}),
                                   table("d", {"b", "outside"}), table("e", {"e"})};
  std::vector<const TableSpec*> ptrs;
  for (const auto& t : tables) ptrs.push_back(&t);
  TableOrder order = creation_order(ptrs);
  EXPECT_EQ(order.order, (std::vector<size_t>{1, 3, 4, 0, 2}));
  ASSERT_EQ(order.deferred.size(), 1u);
  EXPECT_EQ(order.deferred[0].table, 0u);
  EXPECT_EQ(order.deferred[0].foreign_key, 0u);
}

TEST(DiffSchemas, ColumnsComeBeforeTheConstraintsThatUseThemAndForeignKeysLast) {
  Schema db = model(R"yaml(
tables:
  - table: parent
    columns: [{name: id, type: integer, primary_key: true}]
  - table: child
    columns: [{name: id, type: integer, primary_key: true}]
)yaml");
  Schema m = model(R"yaml(
tables:
  - table: parent
    columns: [{name: id, type: integer, primary_key: true}, {name: code, type: string(5), nullable: false, server_default: "'x'"}]
    unique: [{name: uq_code, columns: [code]}]
  - table: child
    columns: [{name: id, type: integer, primary_key: true}, {name: code, type: string(5)}]
    foreign_keys: [{name: fk_code, columns: [code], references: {table: parent, columns: [code]}}]
    indexes: [{name: ix_code, columns: [code]}]
  - table: grandchild
    columns: [{name: code, type: string(5)}]
    foreign_keys: [{columns: [code], references: {table: parent, columns: [code]}}]
)yaml");
  DiffResult r = diff_schemas(db, m, kPg);
  EXPECT_EQ(op_lines(r.upgrade),
            (Lines{"add_column child.code string(5)", "add_column parent.code string(5) not null",
                   "create_unique_constraint uq_code on parent (code)",
                   "create_table grandchild fk->parent", "create_index ix_code on child (code)",
                   "create_foreign_key fk_code on child (code) -> parent (code)"}));
  EXPECT_EQ(op_lines(r.downgrade),
            (Lines{"drop_constraint fk_code on child (foreign_key)", "drop_table grandchild",
                   "drop_index ix_code on child", "drop_constraint uq_code on parent (unique)",
                   "drop_column child.code", "drop_column parent.code"}));
}

}  // namespace
}  // namespace retort

namespace retort {
namespace {

// The PostgreSQL index and constraint features are compared: INCLUDE, NULLS NOT DISTINCT, order,
// NULLs placement and operator classes change an index or unique constraint (dropped and made
// again); a changed identity or generated expression is reported and noted, with no op; the
// sequence's defaults (start 1, increment 1) are no difference.
TEST(DiffSchemas, IndexConstraintAndColumnFeatures) {
  Schema db = model(R"yaml(
tables:
  - table: t
    columns:
      - {name: id, type: bigint, primary_key: true, identity: always}
      - {name: n, type: integer, identity: {start: 1, increment: 1}}
      - {name: a, type: integer}
      - {name: b, type: text}
      - {name: g, type: bigint, generated: "a * 2"}
    unique:
      - {name: uq_ab, columns: [a, b]}
    indexes:
      - {name: ix_b, columns: [b]}
)yaml");
  Schema m = model(R"yaml(
tables:
  - table: t
    columns:
      - {name: id, type: bigint, primary_key: true, identity: by_default}
      - {name: n, type: integer, identity: by_default}
      - {name: a, type: integer}
      - {name: b, type: text}
      - {name: g, type: bigint, generated: "a * 3"}
    unique:
      - {name: uq_ab, columns: [a, b], nulls_not_distinct: true, include: [g]}
    indexes:
      - {name: ix_b, columns: [{name: b, order: desc, nulls: last, opclass: text_pattern_ops}],
         include: [a]}
)yaml");
  DiffResult r = diff_schemas(db, m, Dialect::postgresql);
  EXPECT_EQ(describe_differences(r),
            (Lines{"column t.id: identity always -> by default",
                   "column t.g: generated (a * 2) stored -> (a * 3) stored",
                   "unique constraint uq_ab on t: (a, b) -> (a, b) INCLUDE (g) NULLS NOT DISTINCT",
                   "index ix_b on t: (b) -> (b text_pattern_ops DESC NULLS LAST) INCLUDE (a)"}));
  EXPECT_EQ(op_lines(r.upgrade),
            (Lines{"drop_constraint uq_ab on t (unique)", "drop_index ix_b on t",
                   "create_unique_constraint uq_ab on t (a, b)",
                   "create_index ix_b on t (b text_pattern_ops DESC NULLS LAST) INCLUDE (a)"}));
  const auto& uq = std::get<CreateUniqueConstraint>(r.upgrade[2].body).unique;
  EXPECT_TRUE(uq.nulls_not_distinct);
  EXPECT_EQ(uq.include, (Lines{"g"}));
  // The downgrade makes them as the database had them.
  EXPECT_EQ(op_lines(r.downgrade),
            (Lines{"drop_constraint uq_ab on t (unique)", "drop_index ix_b on t",
                   "create_unique_constraint uq_ab on t (a, b)", "create_index ix_b on t (b)"}));
  EXPECT_FALSE(std::get<CreateUniqueConstraint>(r.downgrade[2].body).unique.nulls_not_distinct);
  ASSERT_EQ(r.notes.size(), 2u);
  EXPECT_NE(r.notes[0].find("no op changes an identity"), std::string::npos) << r.notes[0];
  EXPECT_NE(r.notes[1].find("no op changes a generated column"), std::string::npos) << r.notes[1];
  // On SQLite an identity key is the rowid, as autoincrement is; INCLUDE is not compared.
  Schema lite = model(R"yaml(
tables:
  - table: t
    columns:
      - {name: id, type: integer, primary_key: true, autoincrement: true}
      - {name: b, type: text}
    indexes:
      - {name: ix_b, columns: [b]}
)yaml");
  Schema lite_model = model(R"yaml(
tables:
  - table: t
    columns:
      - {name: id, type: bigint, primary_key: true, identity: always}
      - {name: b, type: text}
    indexes:
      - {name: ix_b, columns: [b], include: [id]}
)yaml");
  EXPECT_TRUE(diff_schemas(lite, lite_model, Dialect::sqlite).empty());
}

}  // namespace
}  // namespace retort
