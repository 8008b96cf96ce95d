// The model put through the database (schema/stored_form) on the throwaway PostgreSQL server:
// a correct schema with 36 realistic check constraints, server defaults, partial-index
// predicates and index expressions compares clean, expressions that differ only by a cast are
// found, the ops keep the model's own text, and nothing is left on the server.
#include "schema/stored_form.hpp"

#include <gtest/gtest.h>

#include "dialect/dialect.hpp"
#include "diff/schema_diff.hpp"
#include "ops/load_model.hpp"
#include "schema/pg_reflect.hpp"
#include "support/pg_env.hpp"

namespace retort {
namespace {

using testing::PgTestDatabase;

// Creates `model`'s enums and tables on `conn` as a migration written from it would.
void create_model(Connection& conn, const Schema& model) {
  const SqlDialect& sql = dialect_for(Dialect::postgresql);
  std::vector<Op> ops;
  for (const EnumSpec& e : model.enums) ops.push_back(Op{.body = CreateEnum{e}});
  for (const TableSpec& t : model.tables) ops.push_back(Op{.body = CreateTable{t, false}});
  for (const Op& op : ops)
    for (const std::string& statement : sql.render(op, RenderContext{})) conn.execute(statement);
}

// What `check` compares: the reflected database against the model through the same server.
DiffResult compare(Connection& conn, const Schema& model) {
  Schema db = reflect_postgresql(conn);
  Schema stored = model_as_stored(conn, model);
  DiffOptions options;
  options.expressions = DiffOptions::Expressions::stored;
  options.model_stored = &stored;
  return diff_schemas(db, model, Dialect::postgresql, options);
}

std::string lines(const DiffResult& diff) {
  std::string out;
  for (const std::string& l : describe_differences(diff)) out += l + "\n";
  return out;
}

// Objects in the session's temporary schema (model_as_stored must leave none).
int64_t temporary_objects(Connection& conn) {
  return std::stoll(
             *conn.query("SELECT count(*) FROM pg_class WHERE relnamespace = pg_my_temp_schema()")
                  .scalar()) +
         std::stoll(
             *conn.query("SELECT count(*) FROM pg_type WHERE typnamespace = pg_my_temp_schema()")
                  .scalar());
}

// A shop's schema as people write it: casts, SIMILAR TO, timestamptz constants, IN lists,
// ANY(ARRAY[…]), regular expressions, COALESCE, BETWEEN, json operators, enums, arrays.
constexpr const char* kShop = R"yaml(
enums:
  - {name: order_status, values: [pending, paid, shipped, delivered, cancelled]}
tables:
  - table: accounts
    columns:
      - {name: id, type: integer, primary_key: true, autoincrement: true}
      - {name: email, type: string(255), nullable: false}
      - {name: username, type: string(50)}
      - {name: role, type: string(20), nullable: false, server_default: "'member'"}
      - {name: login_count, type: integer, server_default: 0}
      - {name: balance, type: numeric(12,2), nullable: false, server_default: "0.00"}
      - {name: settings, type: jsonb, nullable: false, server_default: "'{}'::jsonb"}
      - {name: api_key, type: uuid, server_default: "gen_random_uuid()"}
      - {name: created_at, type: datetime(tz), nullable: false, server_default: CURRENT_TIMESTAMP}
      - {name: trial_ends_at, type: datetime(tz), server_default: "now() + interval '30 days'"}
      - {name: deleted_at, type: datetime(tz)}
      - {name: last_ip, type: {sql: INET}}
      - {name: active, type: boolean, nullable: false, server_default: true}
    checks:
      - {name: ck_email_format, expression: "email ~* '^[^@]+@[^@]+$'"}
      - {expression: "username SIMILAR TO '[a-z][a-z0-9_]*'"}
      - {name: ck_role, expression: "role IN ('owner', 'admin', 'member')"}
      - {expression: "char_length(username) BETWEEN 3 AND 50"}
      - {name: ck_created_after_launch, expression: "created_at > '2000-01-01'::timestamptz"}
      - {expression: "deleted_at IS NULL OR deleted_at >= created_at"}
      - {expression: "COALESCE(login_count, 0) >= 0"}
      - {name: ck_email_lower, expression: "lower(email) = email"}
      - {name: ck_email_no_space, expression: "email !~ '[[:space:]]'"}
      - {name: ck_balance_range, expression: "balance >= 0 AND balance < 1000000.00"}
      - {name: ck_settings_object, expression: "jsonb_typeof(settings) = 'object'"}
      - {name: ck_ip_private, expression: "last_ip IS NULL OR last_ip << '10.0.0.0/8'::inet"}
    indexes:
      - {name: ux_accounts_email_live, columns: [email], unique: true, where: deleted_at IS NULL}
      - {name: ix_accounts_email_lower, columns: [{expression: lower(email)}]}
      - {name: ix_accounts_name, columns: [{expression: "COALESCE(username, email)"}]}
      - {name: ix_accounts_example, columns: [email], where: "email ~* '@example[.]com$'"}
      - {name: ix_accounts_recent, columns: [created_at],
         where: "created_at > '2024-01-01'::timestamptz"}
  - table: orders
    columns:
      - {name: id, type: bigint, primary_key: true, autoincrement: true}
      - {name: account_id, type: integer, nullable: false}
      - {name: reference, type: string(40), nullable: false}
      - {name: state, type: text, nullable: false, server_default: "'pending'"}
      - {name: status, type: {enum: order_status, values: [pending, paid, shipped, delivered, cancelled]},
         nullable: false, server_default: "'pending'"}
      - {name: cancelled_reason, type: text}
      - {name: quantity, type: integer, nullable: false, server_default: 1}
      - {name: unit_price, type: numeric(10,2), nullable: false}
      - {name: discount, type: numeric(3,2), nullable: false, server_default: 0}
      - {name: currency, type: string(3), nullable: false, server_default: "'USD'"}
      - {name: priority, type: smallint, nullable: false, server_default: 2}
      - {name: tags, type: {sql: "TEXT[]"}, nullable: false, server_default: "ARRAY[]::text[]"}
      - {name: metadata, type: jsonb, nullable: false, server_default: "'{}'"}
      - {name: payload, type: text}
      - {name: note, type: text}
      - {name: ordered_on, type: date, nullable: false, server_default: CURRENT_DATE}
      - {name: ordered_at, type: datetime(tz), nullable: false, server_default: now()}
      - {name: shipped_at, type: datetime(tz)}
      - {name: expires_at, type: datetime(tz),
         server_default: "'2030-01-01 00:00:00+00'::timestamptz"}
    checks:
      - {name: ck_state, expression: "state = ANY (ARRAY['pending', 'paid', 'shipped', 'delivered', 'cancelled'])"}
      - {expression: "quantity > 0 AND quantity <= 1000"}
      - {name: ck_price_cents, expression: "unit_price::numeric(10,2) = unit_price"}
      - {name: ck_discount, expression: "discount BETWEEN 0 AND 1"}
      - {name: ck_currency, expression: "currency ~ '^[A-Z]{3}$'"}
      - {name: ck_shipped_state, expression: "shipped_at IS NULL OR state IN ('shipped', 'delivered')"}
      - {name: ck_not_cancelled_and_shipped, expression: "NOT (state = 'cancelled' AND shipped_at IS NOT NULL)"}
      - {name: ck_metadata_source, expression: "metadata ? 'source'"}
      - {name: ck_channel, expression: "metadata->>'channel' IN ('web', 'api', 'pos')"}
      - {name: ck_customer, expression: "(metadata #>> '{customer,id}') IS NOT NULL"}
      - {name: ck_ordered_on, expression: "ordered_on <= CURRENT_DATE"}
      - {name: ck_ordered_at, expression: "ordered_at >= '2020-01-01 00:00:00+00'"}
      - {name: ck_tags, expression: "cardinality(tags) <= 10"}
      - {name: ck_priority, expression: "priority IN (1, 2, 3)"}
      - {name: ck_note, expression: "coalesce(note, '') NOT LIKE '%<script%'"}
      - {name: ck_year, expression: "EXTRACT(YEAR FROM ordered_at) >= 2020"}
      - {name: ck_reference, expression: "reference ILIKE 'ORD-%' AND reference SIMILAR TO 'ORD-[0-9]+'"}
      - {name: ck_cancel_reason, expression: "status <> 'cancelled'::order_status OR cancelled_reason IS NOT NULL"}
      - {name: ck_reference_blank, expression: "length(btrim(reference)) > 0"}
      - {name: ck_expiry, expression: "expires_at IS NULL OR expires_at > ordered_at + INTERVAL '1 hour'"}
      - {name: ck_payload_json, expression: "payload IS NULL OR payload::jsonb ? 'id'"}
      - {name: ck_currency_upper, expression: "upper(currency) = currency"}
      - {name: ck_total, expression: "quantity * unit_price * (1 - discount) >= 0"}
      - {name: ck_amount_cast, expression: "unit_price::integer >= 0"}
    indexes:
      - {name: ix_orders_open, columns: [account_id], where: "state IN ('pending', 'paid')"}
      - {name: ix_orders_priority_meta, columns: [account_id], where: "metadata ? 'priority'"}
      - {name: ix_orders_numbered, columns: [reference], where: "reference SIMILAR TO 'ORD-[0-9]+'"}
      - {name: ix_orders_discounted, columns: [ordered_on], where: "COALESCE(discount, 0) > 0"}
      - {name: ix_orders_urgent, columns: [ordered_on], where: "priority = ANY (ARRAY[1, 2])"}
      - {name: ix_orders_recent, columns: [ordered_at], where: "ordered_at > '2024-01-01'::timestamptz"}
      - {name: ix_orders_channel, columns: [{expression: "(metadata->>'channel')"}]}
      - {name: ix_orders_window, columns: [ordered_on],
         where: "ordered_on BETWEEN '2024-01-01' AND '2024-12-31'"}
      - {name: ix_orders_meta, columns: [metadata], using: gin}
)yaml";

TEST(StoredFormTest, CorrectRealisticSchemaComparesClean) {
  PgTestDatabase database;
  auto conn = database.connect();
  Schema model = parse_model("models/shop.yaml", kShop);
  size_t checks = 0;
  for (const TableSpec& t : model.tables) checks += t.checks.size();
  ASSERT_GE(checks, 30u);
  create_model(*conn, model);

  DiffResult diff = compare(*conn, model);
  EXPECT_TRUE(diff.empty()) << lines(diff);
  EXPECT_FALSE(conn->in_transaction());
  EXPECT_EQ(temporary_objects(*conn), 0);
}

// The same shop, each expression changed by a cast only (or a cast's type only): every one is a
// difference, and the ops carry the model's text as written.
TEST(StoredFormTest, CastDifferencesAreFound) {
  PgTestDatabase database;
  auto conn = database.connect();
  Schema written = parse_model("models/db.yaml", R"yaml(
tables:
  - table: payments
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: amount, type: numeric(12,2), nullable: false}
      - {name: doc, type: text}
      - {name: code, type: string(10), server_default: "'7'"}
    checks:
      - {name: ck_amount, expression: "amount > 0"}
      - {name: ck_doc, expression: "doc::json IS NOT NULL"}
      - {expression: "amount < 1000"}
    indexes:
      - {name: ix_big, columns: [id], where: "amount > 100"}
      - {name: ix_doc, columns: [{expression: "(doc::json ->> 'kind')"}]}
)yaml");
  create_model(*conn, written);
  Schema model = parse_model("models/model.yaml", R"yaml(
tables:
  - table: payments
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: amount, type: numeric(12,2), nullable: false}
      - {name: doc, type: text}
      - {name: code, type: string(10), server_default: "'7'::integer::text"}
    checks:
      - {name: ck_amount, expression: "amount::integer > 0"}
      - {name: ck_doc, expression: "doc::jsonb IS NOT NULL"}
      - {expression: "amount::integer < 1000"}
    indexes:
      - {name: ix_big, columns: [id], where: "amount::integer > 100"}
      - {name: ix_doc, columns: [{expression: "(doc::jsonb ->> 'kind')"}]}
)yaml");

  DiffResult diff = compare(*conn, model);
  std::vector<std::string> codes;
  for (const DiffFinding& f : diff.findings) codes.push_back(f.code + " " + f.object);
  EXPECT_EQ(codes,
            (std::vector<std::string>{"modify_default code", "modify_check ck_amount",
                                      "modify_check ck_doc", "modify_check payments_amount_check",
                                      "modify_index ix_big", "modify_index ix_doc"}))
      << lines(diff);

  // The upgrade writes the model's text, not the server's.
  std::vector<std::string> created;
  for (const Op& op : diff.upgrade)
    if (const auto* c = std::get_if<CreateCheckConstraint>(&op.body))
      created.push_back(c->check.name + ": " + c->check.expression.common.value_or(""));
  EXPECT_EQ(created, (std::vector<std::string>{"ck_amount: amount::integer > 0",
                                               "ck_doc: doc::jsonb IS NOT NULL",
                                               "payments_amount_check: amount::integer < 1000"}));
  EXPECT_EQ(temporary_objects(*conn), 0);
}

// A definition the server refuses is the model's error, at its place; the connection is as it was.
TEST(StoredFormTest, RefusedDefinitionIsAModelErrorAndLeavesNothing) {
  PgTestDatabase database;
  auto conn = database.connect();
  Schema model = parse_model("models/bad.yaml", R"yaml(
tables:
  - table: ok
    columns:
      - {name: id, type: integer}
  - table: bad
    columns:
      - {name: amount, type: integer}
    checks:
      - {expression: "amount > no_such_column"}
)yaml");
  try {
    model_as_stored(*conn, model);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    EXPECT_NE(std::string(e.what()).find("models/bad.yaml:6:"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("no_such_column"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(conn->in_transaction());
  EXPECT_EQ(temporary_objects(*conn), 0);
  EXPECT_EQ(conn->query("SELECT count(*) FROM pg_class WHERE relname IN ('ok', 'bad')").scalar(),
            "0");
}

// A server that cannot create temporary tables (here: read-only transactions, as on a standby)
// is not blamed on the model.
TEST(StoredFormTest, ReadOnlyServerIsADatabaseError) {
  PgTestDatabase database;
  auto conn = database.connect();
  conn->execute("SET default_transaction_read_only = on");
  try {
    model_as_stored(*conn, parse_model("models/m.yaml", kShop));
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::database) << e.what();
    EXPECT_NE(std::string(e.what()).find("not a standby"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(conn->in_transaction());
}

// Inside the caller's transaction a savepoint is rolled back, and the transaction goes on.
TEST(StoredFormTest, InsideATransactionUsesASavepoint) {
  PgTestDatabase database;
  auto conn = database.connect();
  conn->execute("BEGIN; CREATE TABLE mine (id integer)");
  Schema model = parse_model("models/m.yaml", kShop);
  Schema stored = model_as_stored(*conn, model);
  EXPECT_TRUE(conn->in_transaction());
  EXPECT_EQ(temporary_objects(*conn), 0);
  EXPECT_EQ(conn->query("SELECT count(*) FROM mine").scalar(), "0");
  conn->execute("ROLLBACK");
  // The stored form is the server's text: SIMILAR TO becomes a regular expression.
  const CheckSpec& similar = stored.tables[0].checks[1];
  EXPECT_NE(similar.expression.common.value_or("").find("similar_to_escape"), std::string::npos)
      << similar.expression.common.value_or("");
}

}  // namespace
}  // namespace retort
