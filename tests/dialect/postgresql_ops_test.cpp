// Every op rendered by the PostgreSQL dialect, executed on the throwaway server, and its effect
// checked by reflection (or by reading the rows back for data ops).
#include <gtest/gtest.h>

#include <algorithm>

#include "dialect/postgresql_dialect.hpp"
#include "ops/load_revision.hpp"
#include "schema/pg_reflect.hpp"
#include "support/pg_env.hpp"

namespace retort {
namespace {

using testing::PgTestDatabase;

class PostgresqlOps : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<PgTestDatabase>();
    conn_ = db_->connect();
  }

  // Renders and runs every op of `yaml`; returns the statements run.
  std::vector<std::string> apply(std::string_view yaml) {
    std::vector<std::string> run;
    for (const Op& op : parse_op_list("ops.yaml", yaml))
      for (const std::string& sql : postgresql_dialect().render(op, RenderContext{})) {
        conn_->execute(sql);
        run.push_back(sql);
      }
    return run;
  }

  Schema schema() { return reflect_postgresql(*conn_); }
  TableSpec table(const std::string& name) {
    std::optional<TableState> t = reflect_postgresql_table(*conn_, name);
    if (!t) throw std::runtime_error("no table " + name);
    return t->spec;
  }
  bool has_table(const std::string& name) {
    return reflect_postgresql_table(*conn_, name).has_value();
  }
  static const ColumnSpec& column(const TableSpec& t, const std::string& name) {
    const ColumnSpec* c = t.find_column(name);
    if (c == nullptr) throw std::runtime_error("no column " + name);
    return *c;
  }
  static const IndexSpec* index(const TableSpec& t, const std::string& name) {
    for (const auto& ix : t.indexes)
      if (ix.name == name) return &ix;
    return nullptr;
  }
  static std::vector<std::string> unique_names(const TableSpec& t) {
    std::vector<std::string> out;
    for (const auto& u : t.unique) out.push_back(u.name);
    return out;
  }

  std::unique_ptr<PgTestDatabase> db_;
  std::unique_ptr<PgConnection> conn_;
};

constexpr std::string_view kBuys = R"yaml(
- create_table:
    table: media_buys
    columns:
      - {name: id, type: integer, primary_key: true, autoincrement: true}
      - {name: tenant_id, type: string(50), nullable: false}
      - {name: budget, type: string(20)}
      - {name: notes, type: text, server_default: "'none'"}
      - {name: old_name, type: text}
)yaml";

TEST_F(PostgresqlOps, CreateAndDropTable) {
  apply(kBuys);
  TableSpec t = table("media_buys");
  EXPECT_EQ(t.columns.size(), 5u);
  EXPECT_TRUE(column(t, "id").autoincrement);
  EXPECT_FALSE(column(t, "tenant_id").nullable);
  apply(
      "- create_table: {table: media_buys, if_not_exists: true, columns: [{name: x, type: text}]}");
  EXPECT_EQ(table("media_buys").columns.size(), 5u);  // untouched
  apply("- drop_table: {table: media_buys}");
  EXPECT_FALSE(has_table("media_buys"));
  apply("- drop_table: {table: media_buys, if_exists: true}");
  EXPECT_EQ(conn_->notices().back(), "NOTICE:  table \"media_buys\" does not exist, skipping");
}

TEST_F(PostgresqlOps, RenameTableKeepsRowsAndSchema) {
  apply(kBuys);
  conn_->execute("INSERT INTO media_buys (tenant_id) VALUES ('t1')");
  apply("- rename_table: {table: media_buys, to: campaigns}");
  EXPECT_FALSE(has_table("media_buys"));
  EXPECT_EQ(table("campaigns").columns.size(), 5u);
  EXPECT_EQ(conn_->query("SELECT tenant_id FROM campaigns").scalar(), "t1");

  apply(
      "- execute: {sql: CREATE SCHEMA archive}\n"
      "- create_table: {table: archive.old, columns: [{name: id, type: integer}]}\n"
      "- rename_table: {table: archive.old, to: archive.older}\n");
  EXPECT_TRUE(has_table("archive.older"));
  EXPECT_FALSE(has_table("archive.old"));
}

TEST_F(PostgresqlOps, AddAndDropColumns) {
  apply(kBuys);
  conn_->execute("INSERT INTO media_buys (tenant_id) VALUES ('t1')");
  apply(R"yaml(
- add_column:
    table: media_buys
    column: {name: priority, type: integer, nullable: false, server_default: 0, comment: Campaign priority}
- add_column: {table: media_buys, column: {name: external_id, type: uuid, unique: true}}
- add_column: {table: media_buys, if_not_exists: true, column: {name: external_id, type: uuid}}
- add_column: {table: media_buys, column: {name: seq, type: bigint, autoincrement: true}}
)yaml");
  TableSpec t = table("media_buys");
  const ColumnSpec& p = column(t, "priority");
  EXPECT_FALSE(p.nullable);
  EXPECT_EQ(p.type.kind, Type::Kind::integer);
  ASSERT_TRUE(p.server_default);
  EXPECT_EQ(p.server_default->number, "0");
  EXPECT_EQ(p.comment, "Campaign priority");
  EXPECT_EQ(unique_names(t), (std::vector<std::string>{"media_buys_external_id_key"}));
  EXPECT_TRUE(column(t, "seq").autoincrement);
  EXPECT_EQ(conn_->query("SELECT priority, seq FROM media_buys").rows[0],
            (std::vector<std::optional<std::string>>{"0", "1"}));

  apply(
      "- drop_column: {table: media_buys, column: external_id}\n"
      "- drop_column: {table: media_buys, column: external_id, if_exists: true}\n");
  EXPECT_EQ(table("media_buys").find_column("external_id"), nullptr);
}

TEST_F(PostgresqlOps, AlterColumnInEveryWay) {
  apply(kBuys);
  conn_->execute("INSERT INTO media_buys (tenant_id, budget) VALUES ('t1', '12.50')");

  apply(
      "- alter_column: {table: media_buys, column: budget, type: \"numeric(12,2)\", "
      "using: \"budget::numeric(12,2)\", nullable: false}");
  TableSpec t = table("media_buys");
  EXPECT_EQ(column(t, "budget").type.kind, Type::Kind::numeric);
  EXPECT_EQ(column(t, "budget").type.precision, 12);
  EXPECT_FALSE(column(t, "budget").nullable);
  EXPECT_EQ(conn_->query("SELECT budget FROM media_buys").scalar(), "12.50");

  apply("- alter_column: {table: media_buys, column: budget, nullable: true, server_default: 1.5}");
  t = table("media_buys");
  EXPECT_TRUE(column(t, "budget").nullable);
  EXPECT_EQ(column(t, "budget").server_default->number, "1.5");

  apply(
      "- alter_column: {table: media_buys, column: budget, server_default: null}\n"
      "- alter_column: {table: media_buys, column: notes, comment: \"it's free text\"}\n");
  t = table("media_buys");
  EXPECT_FALSE(column(t, "budget").server_default);
  EXPECT_EQ(column(t, "notes").comment, "it's free text");

  apply(
      "- alter_column: {table: media_buys, column: notes, comment: null}\n"
      "- alter_column: {table: media_buys, column: old_name, rename_to: new_name}\n");
  t = table("media_buys");
  EXPECT_FALSE(column(t, "notes").comment);
  EXPECT_EQ(t.find_column("old_name"), nullptr);
  EXPECT_NE(t.find_column("new_name"), nullptr);

  // Type and default together: the old default ('none') cannot become the enum's.
  apply(
      "- create_enum: {name: mood, values: [none, happy]}\n"
      "- alter_column: {table: media_buys, column: notes, type: {enum: mood, values: [none, "
      "happy]},"
      " using: notes::mood, server_default: \"'happy'\", rename_to: mood}\n");
  t = table("media_buys");
  const ColumnSpec& mood = column(t, "mood");
  EXPECT_EQ(mood.type.kind, Type::Kind::enum_);
  EXPECT_EQ(mood.type.enum_name, "mood");
  EXPECT_EQ(mood.server_default->sql.common, "'happy'");
  EXPECT_EQ(conn_->query("SELECT mood FROM media_buys").scalar(), "none");
}

TEST_F(PostgresqlOps, CreateAndDropIndexes) {
  apply(R"yaml(
- create_table:
    table: creatives
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: tenant_id, type: string(50)}
      - {name: name, type: text}
      - {name: data, type: jsonb}
      - {name: deleted_at, type: datetime(tz)}
- create_index: {name: idx_tenant, table: creatives, columns: [tenant_id]}
- create_index: {name: uq_name, table: creatives, columns: [tenant_id, name], unique: true, where: deleted_at IS NULL}
- create_index: {name: idx_data, table: creatives, columns: [data], using: gin}
- create_index: {name: idx_lower, table: creatives, columns: [{expression: lower(name)}]}
- create_index: {name: idx_tenant, table: creatives, columns: [tenant_id], if_not_exists: true}
- create_index: {name: idx_deleted, table: creatives, columns: [deleted_at], concurrently: true}
)yaml");
  TableSpec t = table("creatives");
  ASSERT_EQ(t.indexes.size(), 5u);
  EXPECT_EQ(index(t, "idx_tenant")->columns, (std::vector<IndexColumn>{{"tenant_id", ""}}));
  EXPECT_TRUE(index(t, "uq_name")->unique);
  EXPECT_EQ(index(t, "uq_name")->where, "deleted_at IS NULL");
  EXPECT_EQ(index(t, "idx_data")->using_, "gin");
  EXPECT_EQ(index(t, "idx_lower")->columns, (std::vector<IndexColumn>{{"", "lower(name)"}}));
  EXPECT_NE(index(t, "idx_deleted"), nullptr);
  EXPECT_EQ(
      conn_->query("SELECT indisvalid FROM pg_index WHERE indexrelid = 'idx_deleted'::regclass")
          .scalar(),
      "t");

  apply(
      "- drop_index: {name: idx_deleted, table: creatives, concurrently: true}\n"
      "- drop_index: {name: idx_deleted, table: creatives, if_exists: true}\n"
      "- drop_index: {name: idx_lower, table: creatives}\n");
  t = table("creatives");
  EXPECT_EQ(index(t, "idx_deleted"), nullptr);
  EXPECT_EQ(index(t, "idx_lower"), nullptr);
  EXPECT_EQ(t.indexes.size(), 3u);

  apply(
      "- execute: {sql: CREATE SCHEMA reporting}\n"
      "- create_table: {table: reporting.daily, columns: [{name: day, type: date}]}\n"
      "- create_index: {name: idx_day, table: reporting.daily, columns: [day]}\n");
  EXPECT_EQ(table("reporting.daily").indexes.size(), 1u);
  apply("- drop_index: {name: idx_day, table: reporting.daily}\n");
  EXPECT_TRUE(table("reporting.daily").indexes.empty());
}

TEST_F(PostgresqlOps, ConstraintsAddedAndDropped) {
  apply(R"yaml(
- create_table:
    table: principals
    columns:
      - {name: tenant_id, type: string(50), nullable: false}
      - {name: principal_id, type: string(50), nullable: false}
      - {name: email, type: text}
- create_table:
    table: buys
    columns:
      - {name: id, type: integer, nullable: false}
      - {name: tenant_id, type: string(50)}
      - {name: principal_id, type: string(50)}
      - {name: budget, type: integer}
- create_primary_key: {name: pk_principals, table: principals, columns: [tenant_id, principal_id]}
- create_primary_key: {table: buys, columns: [id]}
- create_foreign_key:
    name: fk_buys_principal
    table: buys
    columns: [tenant_id, principal_id]
    references: {table: principals, columns: [tenant_id, principal_id]}
    on_delete: set null
    on_update: cascade
    not_valid: true
- create_unique_constraint: {name: uq_email, table: principals, columns: [email]}
- create_check_constraint: {name: ck_budget, table: buys, expression: budget > 0}
)yaml");
  TableSpec p = table("principals");
  TableSpec b = table("buys");
  EXPECT_EQ(p.primary_key, (PrimaryKeySpec{"pk_principals", {"tenant_id", "principal_id"}}));
  EXPECT_EQ(b.primary_key, (PrimaryKeySpec{"buys_pkey", {"id"}}));
  ASSERT_EQ(b.foreign_keys.size(), 1u);
  const ForeignKeySpec& fk = b.foreign_keys[0];
  EXPECT_EQ(fk.name, "fk_buys_principal");
  EXPECT_EQ(fk.ref_table, "principals");
  EXPECT_EQ(fk.ref_columns, (std::vector<std::string>{"tenant_id", "principal_id"}));
  EXPECT_EQ(fk.on_delete, "SET NULL");
  EXPECT_EQ(fk.on_update, "CASCADE");
  EXPECT_TRUE(fk.not_valid);
  EXPECT_EQ(unique_names(p), (std::vector<std::string>{"uq_email"}));
  ASSERT_EQ(b.checks.size(), 1u);
  EXPECT_EQ(b.checks[0].name, "ck_budget");
  EXPECT_EQ(b.checks[0].expression.common, "budget > 0");
  EXPECT_THROW(conn_->execute("INSERT INTO buys (id, budget) VALUES (1, -5)"), Error);

  apply(R"yaml(
- drop_constraint: {name: fk_buys_principal, table: buys, type: foreign_key}
- drop_constraint: {name: uq_email, table: principals, type: unique}
- drop_constraint: {name: ck_budget, table: buys, type: check}
- drop_constraint: {name: buys_pkey, table: buys, type: primary_key}
)yaml");
  p = table("principals");
  b = table("buys");
  EXPECT_TRUE(b.foreign_keys.empty());
  EXPECT_TRUE(p.unique.empty());
  EXPECT_TRUE(b.checks.empty());
  EXPECT_FALSE(b.primary_key);
  EXPECT_TRUE(p.primary_key);
}

TEST_F(PostgresqlOps, EnumsCreatedExtendedAndDropped) {
  apply(
      "- create_enum: {name: workflow_state, values: [new, in_review, \"won't do\"]}\n"
      "- add_enum_value: {name: workflow_state, value: approved}\n"
      "- add_enum_value: {name: workflow_state, value: drafted, before: new}\n"
      "- add_enum_value: {name: workflow_state, value: reviewed, after: in_review}\n");
  Schema s = schema();
  ASSERT_EQ(s.enums.size(), 1u);
  EXPECT_EQ(s.enums[0].values, (std::vector<std::string>{"drafted", "new", "in_review", "reviewed",
                                                         "won't do", "approved"}));
  apply("- drop_enum: {name: workflow_state}");
  EXPECT_TRUE(schema().enums.empty());
}

TEST_F(PostgresqlOps, AddEnumValueInsideATransaction) {
  apply("- create_enum: {name: st, values: [a]}");
  conn_->execute("BEGIN");
  apply("- add_enum_value: {name: st, value: b}");
  // PostgreSQL ≥ 12 allows ADD VALUE in a transaction, but not using the value before COMMIT.
  try {
    conn_->query("SELECT 'b'::st");
    ADD_FAILURE() << "the new value was usable before COMMIT";
  } catch (const PgDatabaseError& e) {
    EXPECT_EQ(e.sqlstate(), "55P04");
  }
  conn_->execute("ROLLBACK");
  EXPECT_EQ(schema().enums[0].values, (std::vector<std::string>{"a"}));
}

TEST_F(PostgresqlOps, BulkInsertExecuteAndAssert) {
  apply(R"yaml(
- create_table:
    table: limits
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: currency, type: string(3), nullable: false}
      - {name: max_daily, type: "numeric(15,2)"}
      - {name: enabled, type: boolean}
      - {name: rules, type: jsonb}
      - {name: note, type: text}
- bulk_insert:
    table: limits
    rows:
      - {id: 1, currency: USD, max_daily: 10000.5, enabled: true, rules: {caps: [1, 2], mode: strict}, note: "O'Reilly"}
      - {id: 2, currency: EUR, enabled: false, note: 'back\slash; DROP TABLE limits; --'}
      - {id: 3, currency: GBP, rules: [a, "b"]}
- execute: {sql: "UPDATE limits SET max_daily = 0 WHERE max_daily IS NULL"}
)yaml");
  QueryResult r = conn_->query(
      "SELECT id, currency, max_daily, enabled, rules::text, note FROM limits ORDER BY id");
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[0], (std::vector<std::optional<std::string>>{
                           "1", "USD", "10000.50", "t", "{\"caps\": [1, 2], \"mode\": \"strict\"}",
                           "O'Reilly"}));
  EXPECT_EQ(r.rows[1],
            (std::vector<std::optional<std::string>>{"2", "EUR", "0.00", "f", std::nullopt,
                                                     "back\\slash; DROP TABLE limits; --"}));
  EXPECT_EQ(r.rows[2][4], "[\"a\", \"b\"]");

  std::vector<Op> asserts =
      parse_op_list("a.yaml",
                    "- assert: {sql: \"SELECT count(*) = 3 FROM limits\", message: three}\n"
                    "- assert: {sql: \"SELECT count(*) = 4 FROM limits\", message: four}\n");
  EXPECT_EQ(conn_->query(postgresql_dialect().render(asserts[0], {})[0]).scalar(), "t");
  EXPECT_EQ(conn_->query(postgresql_dialect().render(asserts[1], {})[0]).scalar(), "f");
}

// A foreign key and a check added NOT VALID hold for new rows at once, leave the existing
// (violating) rows alone, and reflection says they are not validated; validate_constraint
// validates them once the rows are fixed, and reflection sees that.
TEST_F(PostgresqlOps, NotValidConstraintsValidatedLater) {
  apply(R"yaml(
- create_table: {table: accounts, columns: [{name: id, type: integer, primary_key: true}]}
- create_table: {table: orders, columns: [{name: id, type: integer}, {name: account_id, type: integer},
                                         {name: amount, type: integer}]}
- execute: "INSERT INTO accounts VALUES (1); INSERT INTO orders VALUES (1, 2, -5)"
- create_foreign_key: {name: fk_orders_account, table: orders, columns: [account_id],
                       references: {table: accounts, columns: [id]}, not_valid: true}
- create_check_constraint: {name: ck_orders_amount, table: orders, expression: "amount >= 0",
                            not_valid: true}
)yaml");
  TableSpec t = table("orders");
  ASSERT_EQ(t.foreign_keys.size(), 1u);
  EXPECT_TRUE(t.foreign_keys[0].not_valid);
  ASSERT_EQ(t.checks.size(), 1u);
  EXPECT_TRUE(t.checks[0].not_valid);
  EXPECT_THROW(conn_->execute("INSERT INTO orders VALUES (2, 1, -1)"), Error);  // new rows: checked
  EXPECT_THROW(apply("- validate_constraint: {name: ck_orders_amount, table: orders}\n"), Error);
  conn_->execute("UPDATE orders SET amount = 5, account_id = 1");
  std::vector<std::string> run = apply(
      "- validate_constraint: {name: fk_orders_account, table: orders}\n"
      "- validate_constraint: {name: ck_orders_amount, table: orders}\n");
  EXPECT_EQ(run, (std::vector<std::string>{
                     "ALTER TABLE \"orders\" VALIDATE CONSTRAINT \"fk_orders_account\"",
                     "ALTER TABLE \"orders\" VALIDATE CONSTRAINT \"ck_orders_amount\""}));
  t = table("orders");
  EXPECT_FALSE(t.foreign_keys[0].not_valid);
  EXPECT_FALSE(t.checks[0].not_valid);
}

TEST_F(PostgresqlOps, RenameIndexKeepsItsDefinition) {
  apply(R"yaml(
- create_table: {table: docs, columns: [{name: id, type: integer}, {name: body, type: jsonb},
                                       {name: title, type: text}]}
- create_index: {name: ix_docs_body, table: docs, using: gin, columns: [{name: body, opclass: jsonb_path_ops}]}
- create_index: {name: ix_docs_title, table: docs, columns: [{name: title, order: desc, nulls: last}],
                 include: [id]}
- rename_index: {name: ix_docs_body, to: ix_docs_body_path, table: docs}
- rename_index: {name: ix_docs_title, to: ix_docs_title_desc}
)yaml");
  TableSpec t = table("docs");
  EXPECT_EQ(index(t, "ix_docs_body"), nullptr);
  const IndexSpec* body = index(t, "ix_docs_body_path");
  ASSERT_NE(body, nullptr);
  EXPECT_EQ(body->using_, "gin");
  EXPECT_EQ(body->columns[0].opclass, "jsonb_path_ops");
  const IndexSpec* title = index(t, "ix_docs_title_desc");
  ASSERT_NE(title, nullptr);
  EXPECT_TRUE(title->columns[0].descending);
  EXPECT_EQ(title->columns[0].nulls, NullsOrder::last);
  EXPECT_EQ(title->include, (std::vector<std::string>{"id"}));
  // The inverse puts the old name back.
  apply("- rename_index: {name: ix_docs_body_path, to: ix_docs_body, table: docs}\n");
  EXPECT_NE(index(table("docs"), "ix_docs_body"), nullptr);
}

// NULLS NOT DISTINCT (PostgreSQL 15+, the test server's version): a second NULL is a duplicate,
// for a unique constraint and a unique index; reflection reads it and the INCLUDE columns.
TEST_F(PostgresqlOps, NullsNotDistinctRejectsASecondNull) {
  ASSERT_GE(std::stoi(conn_->server_version()), 15) << "the test server must be PostgreSQL 15+";
  apply(R"yaml(
- create_table:
    table: principals
    columns: [{name: tenant_id, type: integer}, {name: external_id, type: text},
              {name: email, type: text}, {name: name, type: text}]
    unique: [{name: uq_principals_external, columns: [tenant_id, external_id],
              nulls_not_distinct: true, include: [name]}]
- create_index: {name: uq_principals_email, table: principals, columns: [email], unique: true,
                 nulls_not_distinct: true}
- create_unique_constraint: {name: uq_principals_name, table: principals, columns: [name]}
)yaml");
  conn_->execute("INSERT INTO principals VALUES (1, NULL, NULL, NULL)");
  EXPECT_THROW(conn_->execute("INSERT INTO principals VALUES (1, NULL, 'x', NULL)"), Error);
  EXPECT_THROW(conn_->execute("INSERT INTO principals VALUES (2, 'a', NULL, NULL)"), Error);
  // Without NULLS NOT DISTINCT, NULLs stay distinct.
  conn_->execute("INSERT INTO principals VALUES (3, 'b', 'y', NULL)");
  TableSpec t = table("principals");
  ASSERT_EQ(t.unique.size(), 2u);
  EXPECT_EQ(t.unique[0].name, "uq_principals_external");
  EXPECT_TRUE(t.unique[0].nulls_not_distinct);
  EXPECT_EQ(t.unique[0].include, (std::vector<std::string>{"name"}));
  EXPECT_FALSE(t.unique[1].nulls_not_distinct);
  const IndexSpec* email = index(t, "uq_principals_email");
  ASSERT_NE(email, nullptr);
  EXPECT_TRUE(email->nulls_not_distinct);
  EXPECT_TRUE(email->include.empty());
}

TEST_F(PostgresqlOps, IdentityAndGeneratedColumns) {
  apply(R"yaml(
- create_table:
    table: lines
    columns:
      - {name: id, type: bigint, primary_key: true, identity: always}
      - {name: ticket, type: integer, identity: {start: 1000, increment: 10}}
      - {name: price, type: integer}
      - {name: quantity, type: integer}
      - {name: total, type: bigint, generated: {expression: "price * quantity", stored: true}}
- add_column: {table: lines, column: {name: doubled, type: integer, generated: "price * 2"}}
)yaml");
  conn_->execute("INSERT INTO lines (price, quantity) VALUES (3, 4), (5, 6)");
  EXPECT_EQ(conn_
                ->query("SELECT string_agg(id || ':' || ticket || ':' || total || ':' || doubled,"
                        " ' ' ORDER BY id) FROM lines")
                .scalar(),
            "1:1000:12:6 2:1010:30:10");
  // ALWAYS refuses an explicit value; a generated column refuses any.
  EXPECT_THROW(conn_->execute("INSERT INTO lines (id, price) VALUES (7, 1)"), Error);
  EXPECT_THROW(conn_->execute("INSERT INTO lines (total) VALUES (1)"), Error);
  TableSpec t = table("lines");
  EXPECT_EQ(column(t, "id").identity, (IdentitySpec{true, std::nullopt, std::nullopt}));
  EXPECT_FALSE(column(t, "id").autoincrement);
  EXPECT_EQ(column(t, "ticket").identity, (IdentitySpec{false, 1000, 10}));
  EXPECT_FALSE(column(t, "ticket").nullable);
  ASSERT_TRUE(column(t, "total").generated);
  EXPECT_EQ(column(t, "total").generated->expression.common, "(price * quantity)");
  EXPECT_TRUE(column(t, "total").generated->stored);
  EXPECT_FALSE(column(t, "total").server_default);
  ASSERT_TRUE(column(t, "doubled").generated);
  // PostgreSQL stores generated columns only: a virtual one is a located error, nothing runs.
  try {
    apply(
        "- add_column: {table: lines, column: {name: v, type: integer,"
        " generated: {expression: \"price\", stored: false}}}\n");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(
        std::string(e.what()),
        "ops.yaml:1:38: generated column 'v' is virtual (stored: false), and PostgreSQL "
        "stores generated columns only; write stored: true, or give the op `dialect: sqlite`");
  }
}

}  // namespace
}  // namespace retort
