// Portable defaults (docs/migration-files.md, "Server defaults"): `{now: true}` and
// `{uuid: true}` render per dialect, reflect back as what they render, and `check` sees no
// difference between PostgreSQL's names for the transaction's start time (now(),
// CURRENT_TIMESTAMP, transaction_timestamp()) on either side.
#include <gtest/gtest.h>

#include "db/sqlite_connection.hpp"
#include "dialect/dialect.hpp"
#include "diff/schema_diff.hpp"
#include "ops/load_model.hpp"
#include "schema/pg_reflect.hpp"
#include "schema/sqlite_reflect.hpp"
#include "schema/stored_form.hpp"
#include "support/pg_env.hpp"

namespace retort {
namespace {

void create(Connection& conn, const Schema& model) {
  const SqlDialect& sql = dialect_for(conn.dialect());
  for (const TableSpec& t : model.tables)
    for (const std::string& s : sql.render(Op{.body = CreateTable{t, false}}, RenderContext{}))
      conn.execute(s);
}

// What `check` compares on PostgreSQL: the database against the model through the server.
std::vector<std::string> pg_check(Connection& conn, const Schema& model) {
  Schema db = reflect_postgresql(conn);
  Schema stored = model_as_stored(conn, model);
  DiffOptions options;
  options.expressions = DiffOptions::Expressions::stored;
  options.model_stored = &stored;
  return describe_differences(diff_schemas(db, model, Dialect::postgresql, options));
}

constexpr const char* kDatabase = R"yaml(
tables:
  - table: events
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: a, type: datetime(tz), server_default: "now()"}
      - {name: b, type: datetime(tz), server_default: CURRENT_TIMESTAMP}
      - {name: c, type: datetime, server_default: "transaction_timestamp()"}
      - {name: d, type: datetime(tz), server_default: {now: true}}
      - {name: e, type: uuid, server_default: {uuid: true}}
      - {name: f, type: datetime(tz), server_default: "now() - interval '1 day'"}
)yaml";

// The same defaults, each written another way.
constexpr const char* kModel = R"yaml(
tables:
  - table: events
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: a, type: datetime(tz), server_default: {now: true}}
      - {name: b, type: datetime(tz), server_default: "transaction_timestamp()"}
      - {name: c, type: datetime, server_default: "now()"}
      - {name: d, type: datetime(tz), server_default: "now()"}
      - {name: e, type: uuid, server_default: "gen_random_uuid()"}
      - {name: f, type: datetime(tz), server_default: "CURRENT_TIMESTAMP - interval '1 day'"}
)yaml";

TEST(PortableDefaults, CheckSeesNowCurrentTimestampAndTransactionTimestampAsOneOnPostgresql) {
  testing::PgTestDatabase db;
  auto conn = db.connect();
  create(*conn, parse_model("db.yaml", kDatabase));
  EXPECT_EQ(pg_check(*conn, parse_model("models.yaml", kModel)), std::vector<std::string>{});
  // A real difference is still one.
  std::string other = kModel;
  other.replace(other.find("\"now()\"}"), 8, "\"clock_timestamp()\"}");
  EXPECT_EQ(pg_check(*conn, parse_model("models.yaml", other)).size(), 1u);
}

TEST(PortableDefaults, NowIsCurrentTimestampOnBothDatabasesAndReflectsBackSo) {
  const Schema model = parse_model("m.yaml", R"yaml(
tables:
  - table: t
    columns:
      - {name: id, type: integer, primary_key: true}
      - {name: at, type: datetime(tz), nullable: false, server_default: {now: true}}
)yaml");
  auto lite = SqliteConnection::open(":memory:", SqliteConnection::OpenMode::read_write_create);
  create(*lite, model);
  EXPECT_EQ(
      *lite->query("SELECT dflt_value FROM pragma_table_info('t') WHERE name = 'at'").scalar(),
      "CURRENT_TIMESTAMP");
  DiffOptions options;
  EXPECT_EQ(
      describe_differences(diff_schemas(reflect_sqlite(*lite), model, Dialect::sqlite, options)),
      std::vector<std::string>{});

  testing::PgTestDatabase db;
  auto pg = db.connect();
  create(*pg, model);
  EXPECT_EQ(*pg->query("SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef").scalar(),
            "CURRENT_TIMESTAMP");
  EXPECT_EQ(pg_check(*pg, model), std::vector<std::string>{});
}

TEST(PortableDefaults, UuidIsGenRandomUuidOnPostgresqlAndAClearErrorOnSqlite) {
  DefaultValue uuid;
  uuid.kind = DefaultValue::Kind::uuid;
  EXPECT_EQ(dialect_for(Dialect::postgresql).render_default(uuid), "gen_random_uuid()");
  try {
    dialect_for(Dialect::sqlite).render_default(uuid);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    EXPECT_EQ(std::string(e.what()),
              "server_default {uuid: true} has no SQLite form: SQLite has no function that makes "
              "a UUID; write the default per dialect (server_default: {postgresql: "
              "\"gen_random_uuid()\"}) or let the application set the value "
              "(docs/migration-files.md, \"Server defaults\")");
  }
}

}  // namespace
}  // namespace retort
