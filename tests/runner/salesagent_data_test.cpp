// The Sales Agent example's data migrations (examples/salesagent, the real revision files, used
// in place through the public API) on rows seeded at the revision before each one, on SQLite and
// on PostgreSQL:
//   010  products' price columns move into pricing_options (INSERT … SELECT) and back on
//        downgrade (each product's first option; later ones are lost, as the revision says);
//   011  the USD currency-limit seed is idempotent: re-running it, or upgrading again after the
//        downgrade dropped the table, leaves one USD row per tenant;
//   013  media_buys.budget float → numeric(15,2), backfilled in batches of 1,000 (2,500 rows),
//        and back to float on downgrade;
//   033  emails lower-cased; 034's assert then stops the unique constraint on duplicates, with
//        nothing changed; 033 cannot be downgraded;
//   036  media_buys.updated_at set by the database on every update (a trigger function on
//        PostgreSQL, a trigger body on SQLite), and the active_media_buys view; the downgrade
//        removes both and an update no longer touches updated_at.
// Values are compared in a dialect-neutral form computed by the database itself: money as whole
// cents, booleans as 'true'/'false', NULL as "NULL".
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <retort/retort.hpp>
#include <string>
#include <vector>

#include "runner/project.hpp"
#include "runner/reliability_helpers.hpp"
#include "schema/reflect.hpp"
#include "support/pg_env.hpp"
#include "support/project_dir.hpp"

namespace retort {
namespace {

using testing::dialect_label;
using testing::kSalesAgentConfig;

// SQL that shows a boolean column as 'true' / 'false' / 'NULL' on both databases.
std::string bool_text(const std::string& column) {
  return "CASE WHEN " + column + " IS NULL THEN 'NULL' WHEN " + column +
         " THEN 'true' ELSE 'false' END";
}

// SQL that shows a money column as whole cents (an integer) on both databases.
std::string cents(const std::string& column) {
  return "CAST(ROUND(" + column + " * 100) AS INTEGER)";
}

// The example project opened on a fresh database of the dialect under test, with a Migrator on
// one connection that the test also uses for its own queries.
class SalesAgentData : public ::testing::TestWithParam<Dialect> {
 protected:
  void SetUp() override {
    std::string url;
    if (GetParam() == Dialect::postgresql) {
      pg_ = std::make_unique<testing::PgTestDatabase>();  // fails (never skips) without a server
      url = pg_->url();
    } else {
      url = dir_.sqlite_url("salesagent.db");
    }
    project_.emplace(Project::open(kSalesAgentConfig, url));
    conn_ = project_->connect();
    ASSERT_EQ(conn_->dialect(), GetParam());
    migrator_ = std::make_unique<Migrator>(*project_, *conn_);
  }

  void TearDown() override {
    migrator_.reset();
    conn_.reset();
  }

  // Every row of `sql`, each as its cells joined with '|' (NULL as "NULL").
  std::vector<std::string> rows(const std::string& sql) {
    std::vector<std::string> out;
    for (const auto& row : conn_->query(sql).rows) {
      std::string line;
      for (size_t i = 0; i < row.size(); ++i) line += (i ? "|" : "") + row[i].value_or("NULL");
      out.push_back(line);
    }
    return out;
  }

  std::string scalar(const std::string& sql) { return conn_->query(sql).scalar().value_or("NULL"); }

  // The column names of `table` as reflected now (empty when the table does not exist).
  std::vector<std::string> columns_of(const std::string& table) {
    Schema s = reflect_schema(*conn_, {"alembic_version", "retort_history"});
    std::vector<std::string> out;
    if (const TableSpec* t = s.find_table(table))
      for (const ColumnSpec& c : t->columns) out.push_back(c.name);
    return out;
  }

  bool has_column(const std::string& table, const std::string& column) {
    auto cols = columns_of(table);
    return std::find(cols.begin(), cols.end(), column) != cols.end();
  }

  std::vector<std::string> current() { return migrator_->current(); }

  // Inserts tenant `id` with the NOT NULL columns that have no server default at revisions
  // 009 … 015; `later` adds those of later revisions (016 enable_axe_signals, 017 approval_mode).
  void insert_tenant(const std::string& id, bool later = false) {
    conn_->execute(
        "INSERT INTO tenants (tenant_id, name, subdomain, is_active, billing_plan, "
        "human_review_required" +
        std::string(later ? ", enable_axe_signals, approval_mode" : "") + ") VALUES ('" + id +
        "', 'Tenant " + id + "', '" + id + "', TRUE, 'standard', FALSE" +
        std::string(later ? ", FALSE, 'require-human'" : "") + ")");
  }

  testing::ProjectDir dir_;
  std::unique_ptr<testing::PgTestDatabase> pg_;
  std::optional<Project> project_;
  std::unique_ptr<Connection> conn_;
  std::unique_ptr<Migrator> migrator_;
};

// pricing_options as dialect-neutral rows, by product and id.
const char* const kPricingOptions =
    "SELECT product_id, pricing_model, CAST(ROUND(rate * 100) AS INTEGER), currency, "
    "CASE WHEN is_fixed THEN 'true' ELSE 'false' END, "
    "CASE WHEN price_guidance IS NULL THEN 'NULL' ELSE CAST(price_guidance AS TEXT) END, "
    "CAST(ROUND(min_spend_per_package * 100) AS INTEGER) "
    "FROM pricing_options ORDER BY product_id, id";

TEST_P(SalesAgentData, PricesMoveToPricingOptionsAndBack) {
  migrator_->upgrade("009");
  insert_tenant("t1");
  // Four products at 009, when prices were columns of products:
  //   fixed:     a fixed EUR rate with a minimum spend;
  //   auction:   no rate, no currency, no is_fixed_price: price guidance only;
  //   implied:   a rate but is_fixed_price NULL → fixed because it has a rate;
  //   floating:  a rate with is_fixed_price FALSE kept as not fixed.
  conn_->execute(
      "INSERT INTO products (tenant_id, product_id, name, formats, targeting_template, "
      "delivery_type, is_custom, is_fixed_price, cpm, currency, min_spend, price_guidance) VALUES "
      "('t1', 'fixed', 'Fixed', '[]', '{}', 'guaranteed', FALSE, TRUE, 12.50, 'EUR', 500.00, NULL),"
      "('t1', 'auction', 'Auction', '[]', '{}', 'non_guaranteed', FALSE, NULL, NULL, NULL, NULL, "
      "'{\"floor\": 5.5}'),"
      "('t1', 'implied', 'Implied', '[]', '{}', 'guaranteed', FALSE, NULL, 8.00, 'USD', NULL, "
      "NULL),"
      "('t1', 'floating', 'Floating', '[]', '{}', 'guaranteed', FALSE, FALSE, 3.25, 'GBP', 10.00, "
      "NULL)");

  migrator_->upgrade("010");
  ASSERT_EQ(current(), std::vector<std::string>{"010"});
  const std::vector<std::string> moved{
      "auction|cpm|NULL|USD|false|{\"floor\": 5.5}|NULL",
      "fixed|cpm|1250|EUR|true|NULL|50000",
      "floating|cpm|325|GBP|false|NULL|1000",
      "implied|cpm|800|USD|true|NULL|NULL",
  };
  EXPECT_EQ(rows(kPricingOptions), moved);
  for (const char* gone : {"is_fixed_price", "cpm", "currency", "min_spend"})
    EXPECT_FALSE(has_column("products", gone)) << gone;
  EXPECT_TRUE(has_column("products", "price_guidance"));

  // A second option for one product: the old columns can hold only the first one.
  conn_->execute(
      "INSERT INTO pricing_options (tenant_id, product_id, pricing_model, rate, "
      "currency, is_fixed) VALUES ('t1', 'fixed', 'cpm', 9.99, 'USD', TRUE)");

  migrator_->downgrade("009");
  ASSERT_EQ(current(), std::vector<std::string>{"009"});
  EXPECT_TRUE(columns_of("pricing_options").empty());
  // Each product's first option is back in its columns. What was NULL and got a value on the
  // way up (auction's currency 'USD', is_fixed FALSE; implied's is_fixed TRUE) keeps it.
  EXPECT_EQ(rows("SELECT product_id, " + bool_text("is_fixed_price") + ", " + cents("cpm") +
                 ", currency, " + cents("min_spend") + " FROM products ORDER BY product_id"),
            (std::vector<std::string>{
                "auction|false|NULL|USD|NULL",
                "fixed|true|1250|EUR|50000",
                "floating|false|325|GBP|1000",
                "implied|true|800|USD|NULL",
            }));

  // Up again: the same options as the first time (the second 'fixed' option was lost).
  migrator_->upgrade("010");
  EXPECT_EQ(rows(kPricingOptions), moved);

  // No row is lost on the way to head (SQLite rebuilds products several times).
  migrator_->upgrade("head");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM products"), "4");
  EXPECT_EQ(
      rows("SELECT product_id, " + cents("rate") + " FROM pricing_options ORDER BY product_id, id"),
      (std::vector<std::string>{"auction|NULL", "fixed|1250", "floating|325", "implied|800"}));
}

// One row per tenant and currency, as dialect-neutral rows.
const char* const kCurrencyLimits =
    "SELECT tenant_id, currency_code, CAST(ROUND(min_package_budget * 100) AS INTEGER), "
    "CASE WHEN created_at IS NULL THEN 'NULL' ELSE 'set' END "
    "FROM currency_limits ORDER BY tenant_id, currency_code";

TEST_P(SalesAgentData, CurrencyLimitSeedIsIdempotent) {
  migrator_->upgrade("010");
  insert_tenant("t1");
  insert_tenant("t2");

  migrator_->upgrade("011");
  EXPECT_EQ(rows(kCurrencyLimits),
            (std::vector<std::string>{"t1|USD|NULL|set", "t2|USD|NULL|set"}));

  // The seed op of 011 itself, run again (as on a database where it had already run).
  const Revision* rev = project_->graph().find("011");
  ASSERT_NE(rev, nullptr);
  ASSERT_EQ(rev->upgrade.size(), 2u);
  ASSERT_TRUE(std::holds_alternative<Execute>(rev->upgrade[1].body));
  const std::vector<Op> seed{rev->upgrade[1]};
  migrator_->apply_ops(seed);
  EXPECT_EQ(rows(kCurrencyLimits),
            (std::vector<std::string>{"t1|USD|NULL|set", "t2|USD|NULL|set"}));

  // Rows someone added by hand are kept, and a tenant that has its USD row gets no second one.
  insert_tenant("t3");
  conn_->execute(
      "INSERT INTO currency_limits (tenant_id, currency_code, min_package_budget) "
      "VALUES ('t3', 'USD', 100.00), ('t1', 'EUR', 250.00)");
  insert_tenant("t4");
  migrator_->apply_ops(seed);
  EXPECT_EQ(rows(kCurrencyLimits), (std::vector<std::string>{
                                       "t1|EUR|25000|set",
                                       "t1|USD|NULL|set",
                                       "t2|USD|NULL|set",
                                       "t3|USD|10000|set",
                                       "t4|USD|NULL|set",
                                   }));

  // The downgrade drops the table, seed and all; upgrading again seeds each tenant once.
  migrator_->downgrade("010");
  EXPECT_TRUE(columns_of("currency_limits").empty());
  migrator_->upgrade("011");
  EXPECT_EQ(rows(kCurrencyLimits), (std::vector<std::string>{
                                       "t1|USD|NULL|set",
                                       "t2|USD|NULL|set",
                                       "t3|USD|NULL|set",
                                       "t4|USD|NULL|set",
                                   }));
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM (SELECT tenant_id FROM currency_limits "
                   "GROUP BY tenant_id HAVING COUNT(*) > 1) d"),
            "0");
}

TEST_P(SalesAgentData, BudgetFloatBecomesNumericAndBack) {
  constexpr int kBulk =
      2500;  // > 2 batches of 1,000: repeat_until_zero must run the UPDATE 3 times
  migrator_->upgrade("012");
  insert_tenant("t1");
  conn_->execute(
      "INSERT INTO principals (tenant_id, principal_id, name, access_token, "
      "platform_mappings) VALUES ('t1', 'p1', 'Acme', 'token-p1', '{}')");
  const std::string columns =
      "INSERT INTO media_buys (media_buy_id, tenant_id, principal_id, order_name, "
      "advertiser_name, campaign_objective, budget, start_date, end_date, status, raw_request) ";
  // Named rows; campaign_objective holds the expected cents (NULL for a NULL budget).
  conn_->execute(columns +
                 "VALUES ('mb-12.5', 't1', 'p1', 'o', 'a', '1250', 12.5, '2025-06-01', "
                 "'2025-06-30', 'active', '{}'),"
                 "('mb-15000', 't1', 'p1', 'o', 'a', '1500000', 15000, '2025-06-01', "
                 "'2025-06-30', 'active', '{}'),"
                 "('mb-0.1', 't1', 'p1', 'o', 'a', '10', 0.1, '2025-06-01', '2025-06-30', "
                 "'active', '{}'),"
                 "('mb-null', 't1', 'p1', 'o', 'a', NULL, NULL, '2025-06-01', '2025-06-30', "
                 "'draft', '{}')");
  // Bulk rows: budget i + (i % 4) / 4, exact in binary floating point.
  conn_->execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
                 std::to_string(kBulk) + ") " + columns +
                 "SELECT 'bulk-' || CAST(i AS TEXT), 't1', 'p1', 'o', 'a', "
                 "CAST(i * 100 + (i % 4) * 25 AS TEXT), i + (i % 4) * 0.25, "
                 "'2025-06-01', '2025-06-30', 'active', '{}' FROM n");
  const std::string total = std::to_string(kBulk + 4);
  ASSERT_EQ(scalar("SELECT COUNT(*) FROM media_buys"), total);

  // Rows whose budget, in cents, is what campaign_objective says (a NULL budget stays NULL).
  const std::string matching =
      "SELECT COUNT(*) FROM media_buys WHERE (budget IS NULL AND campaign_objective IS NULL) OR " +
      cents("budget") + " = CAST(campaign_objective AS INTEGER)";

  migrator_->upgrade("013");
  ASSERT_EQ(current(), std::vector<std::string>{"013"});
  EXPECT_FALSE(has_column("media_buys", "budget_decimal"));
  EXPECT_EQ(scalar(matching), total);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM media_buys WHERE budget IS NULL"), "1");
  if (GetParam() == Dialect::postgresql) {
    // A real decimal: two places, rounded from the float4 value.
    EXPECT_EQ(scalar("SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                     "WHERE attrelid = 'media_buys'::regclass AND attname = 'budget'"),
              "numeric(15,2)");
    EXPECT_EQ(rows("SELECT media_buy_id, CAST(budget AS TEXT) FROM media_buys "
                   "WHERE media_buy_id LIKE 'mb-%' ORDER BY media_buy_id"),
              (std::vector<std::string>{"mb-0.1|0.10", "mb-12.5|12.50", "mb-15000|15000.00",
                                        "mb-null|NULL"}));
  } else {
    // SQLite: NUMERIC affinity (no fixed scale); the declared type says NUMERIC(15, 2).
    EXPECT_EQ(scalar("SELECT type FROM pragma_table_info('media_buys') WHERE name = 'budget'"),
              "NUMERIC(15, 2)");
    EXPECT_EQ(
        rows("SELECT media_buy_id, CAST(budget AS TEXT) FROM media_buys "
             "WHERE media_buy_id LIKE 'mb-%' ORDER BY media_buy_id"),
        (std::vector<std::string>{"mb-0.1|0.1", "mb-12.5|12.5", "mb-15000|15000", "mb-null|NULL"}));
  }

  migrator_->downgrade("012");
  ASSERT_EQ(current(), std::vector<std::string>{"012"});
  EXPECT_FALSE(has_column("media_buys", "budget_float"));
  EXPECT_EQ(scalar(matching), total);
  if (GetParam() == Dialect::postgresql)
    EXPECT_EQ(scalar("SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                     "WHERE attrelid = 'media_buys'::regclass AND attname = 'budget'"),
              "real");
  else
    EXPECT_EQ(scalar("SELECT type FROM pragma_table_info('media_buys') WHERE name = 'budget'"),
              "FLOAT");
  EXPECT_EQ(scalar("SELECT CAST(budget AS TEXT) FROM media_buys WHERE media_buy_id = 'mb-12.5'"),
            "12.5");

  // Up again and on to head: every row still there with its value.
  migrator_->upgrade("head");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM media_buys"), total);
  EXPECT_EQ(scalar(matching), total);
}

TEST_P(SalesAgentData, EmailsLowerCasedThenUniquePerTenant) {
  migrator_->upgrade("032");
  insert_tenant("t1", true);
  insert_tenant("t2", true);
  const std::string insert =
      "INSERT INTO users (user_id, tenant_id, email, name, role, is_active) ";
  conn_->execute(insert +
                 "VALUES ('u1', 't1', 'Alice@Example.COM', 'Alice', 'admin', TRUE),"
                 "('u2', 't1', 'bob@example.com', 'Bob', 'viewer', TRUE),"
                 "('u3', 't2', 'ALICE@example.com', 'Alice Two', 'manager', TRUE),"
                 "('u4', 't1', 'alice@EXAMPLE.com', 'Alice again', 'viewer', FALSE)");

  migrator_->upgrade("033");
  const std::vector<std::string> lowered{"u1|alice@example.com", "u2|bob@example.com",
                                         "u3|alice@example.com", "u4|alice@example.com"};
  EXPECT_EQ(rows("SELECT user_id, email FROM users ORDER BY user_id"), lowered);

  // 034's assert: two users of t1 now share an email, so the constraint is not attempted and
  // nothing changes.
  try {
    migrator_->upgrade("034");
    ADD_FAILURE() << "034 ran although t1 has duplicate emails";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::failure) << e.what();
    EXPECT_NE(std::string(e.what()).find("duplicate users share an email within a tenant"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(current(), std::vector<std::string>{"033"});
  EXPECT_EQ(rows("SELECT user_id, email FROM users ORDER BY user_id"), lowered);
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM users"), "4");

  // 033 cannot be undone: refused with its reason, nothing changed.
  try {
    migrator_->downgrade("032");
    ADD_FAILURE() << "downgrade past 033 ran";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::failure) << e.what();
    EXPECT_NE(std::string(e.what()).find("original spelling was not kept"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(current(), std::vector<std::string>{"033"});
  EXPECT_EQ(rows("SELECT user_id, email FROM users ORDER BY user_id"), lowered);

  // Merge the duplicate: now 034 and the rest apply, and the constraint holds.
  conn_->execute("DELETE FROM users WHERE user_id = 'u4'");
  migrator_->upgrade("head");
  EXPECT_EQ(current(), std::vector<std::string>{"036"});
  EXPECT_THROW(conn_->execute(insert + "VALUES ('u5', 't1', 'bob@example.com', 'Bob 2', "
                                       "'viewer', TRUE)"),
               Error);
  // The same email in another tenant is allowed.
  conn_->execute(insert + "VALUES ('u6', 't2', 'bob@example.com', 'Bob', 'viewer', TRUE)");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM users"), "4");
}

TEST_P(SalesAgentData, MediaBuyUpdatedAtKeptByTriggerAndActiveView) {
  migrator_->upgrade("035");
  insert_tenant("t1", true);
  conn_->execute(
      "INSERT INTO principals (tenant_id, principal_id, name, access_token, "
      "platform_mappings) VALUES ('t1', 'p1', 'Acme', 'token-p1', '{}')");
  conn_->execute(
      "INSERT INTO media_buys (media_buy_id, tenant_id, principal_id, order_name, "
      "advertiser_name, start_date, end_date, status, raw_request, is_paused, updated_at) VALUES "
      "('mb-1', 't1', 'p1', 'o', 'a', '2025-06-01', '2025-06-30', 'active', '{}', FALSE, "
      "'2000-01-01 00:00:00+00'),"
      "('mb-2', 't1', 'p1', 'o', 'a', '2025-06-01', '2025-06-30', 'active', '{}', TRUE, "
      "'2000-01-01 00:00:00+00'),"
      "('mb-3', 't1', 'p1', 'o', 'a', '2025-06-01', '2025-06-30', 'draft', '{}', FALSE, "
      "'2000-01-01 00:00:00+00')");
  const std::string touched =
      "SELECT media_buy_id FROM media_buys WHERE updated_at > '2020-01-01' ORDER BY 1";

  migrator_->upgrade("036");
  EXPECT_EQ(rows("SELECT media_buy_id FROM active_media_buys ORDER BY 1"),
            std::vector<std::string>{"mb-1"});
  conn_->execute("UPDATE media_buys SET order_name = 'renamed' WHERE media_buy_id = 'mb-2'");
  EXPECT_EQ(rows(touched), std::vector<std::string>{"mb-2"});
  // A writer that sets updated_at itself: SQLite's trigger leaves it (PostgreSQL's sets now()).
  conn_->execute("UPDATE media_buys SET status = 'active' WHERE media_buy_id = 'mb-3'");
  EXPECT_EQ(rows(touched), (std::vector<std::string>{"mb-2", "mb-3"}));
  EXPECT_EQ(rows("SELECT media_buy_id FROM active_media_buys ORDER BY 1"),
            (std::vector<std::string>{"mb-1", "mb-3"}));

  migrator_->downgrade("035");
  EXPECT_THROW(conn_->query("SELECT * FROM active_media_buys"), Error);
  conn_->execute("UPDATE media_buys SET order_name = 'again' WHERE media_buy_id = 'mb-1'");
  EXPECT_EQ(rows(touched), (std::vector<std::string>{"mb-2", "mb-3"}));
}

INSTANTIATE_TEST_SUITE_P(Dialects, SalesAgentData,
                         ::testing::Values(Dialect::sqlite, Dialect::postgresql), dialect_label);

}  // namespace
}  // namespace retort
