// The Sales Agent example app: what a service embedding retort does.
//
//  1. On start-up, migrate the database to head (unless SKIP_MIGRATIONS is set), as the Sales
//     Agent's container entry point does.
//  2. Optionally seed the demo tenant (--seed FILE: a list of bulk_insert ops), once.
//  3. Work through the session pool the way the Sales Agent uses get_db_session(): list a
//     tenant's products with their pricing options, create a media buy in a transaction, and show
//     that a failed transaction leaves no row behind.
//
// Usage: salesagent_app [--config FILE] [--url URL] [--seed FILE] [--tenant ID]
// Exit codes follow the retort CLI's: 2 bad input, 3 database unreachable, 1 anything else.
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <retort/retort.hpp>
#include <string>

namespace {

struct Args {
  std::string config;
  std::string url;
  std::string seed;
  std::string tenant = "demo";
};

Args parse_args(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw retort::Error(retort::ErrorKind::usage, arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--config")
      a.config = value();
    else if (arg == "--url")
      a.url = value();
    else if (arg == "--seed")
      a.seed = value();
    else if (arg == "--tenant")
      a.tenant = value();
    else
      throw retort::Error(retort::ErrorKind::usage, "unknown argument '" + arg + "'");
  }
  return a;
}

std::string cell(const std::optional<std::string>& v) {
  return v ? *v : "NULL";
}

// Start-up migration: what `retort upgrade head` does, from inside the program.
void migrate(const retort::Project& project) {
  if (retort::skip_migrations_requested()) {
    std::cout << "SKIP_MIGRATIONS is set: not migrating\n";
    return;
  }
  auto conn = project.connect();
  retort::Migrator migrator(project, *conn);
  auto steps = migrator.upgrade("head");
  auto now = migrator.current();
  std::cout << "migrated on start-up: " << steps.size() << " revision(s) applied; at "
            << (now.empty() ? "base" : now.front()) << "\n";
}

void seed(const retort::Project& project, retort::SessionPool& pool, const Args& args) {
  {
    retort::Session s = pool.session();
    auto r = s.query("SELECT 1 FROM tenants WHERE tenant_id = " + s.placeholder(1),
                     {retort::Param::of(args.tenant)});
    if (!r.empty()) {
      std::cout << "demo tenant '" << args.tenant << "' already seeded\n";
      return;
    }
  }
  auto conn = project.connect();
  const size_t ops = retort::Migrator(project, *conn).apply_ops_file(args.seed);
  std::cout << "seeded the demo tenant from " << args.seed << " (" << ops << " bulk inserts)\n";
}

void list_products(retort::SessionPool& pool, const std::string& tenant) {
  retort::Session s = pool.session();
  auto r = s.query(
      "SELECT p.product_id, p.name, po.pricing_model, po.rate, po.currency "
      "FROM products p LEFT JOIN pricing_options po "
      "ON po.tenant_id = p.tenant_id AND po.product_id = p.product_id "
      "WHERE p.tenant_id = " +
          s.placeholder(1) + " ORDER BY p.product_id, po.id",
      {retort::Param::of(tenant)});
  std::cout << "products of tenant '" << tenant << "' with their pricing options:\n";
  for (const auto& row : r.rows)
    std::cout << "  " << cell(row[0]) << "  " << cell(row[1]) << "  " << cell(row[2]) << " "
              << cell(row[3]) << " " << cell(row[4]) << "\n";
  if (r.rows.empty()) std::cout << "  (none)\n";
}

int64_t count_media_buys(retort::SessionPool& pool, const std::string& tenant) {
  retort::Session s = pool.session();
  auto r = s.query("SELECT COUNT(*) FROM media_buys WHERE tenant_id = " + s.placeholder(1),
                   {retort::Param::of(tenant)});
  return std::stoll(r.scalar().value_or("0"));
}

// Inserts one media buy in the session's transaction (bound parameters, never concatenation).
void insert_media_buy(retort::Session& s, const std::string& id, const std::string& tenant,
                      const std::string& principal) {
  std::string sql =
      "INSERT INTO media_buys (media_buy_id, tenant_id, principal_id, order_name, "
      "advertiser_name, start_date, end_date, status, raw_request, budget, currency) VALUES (";
  for (int i = 1; i <= 11; ++i) sql += (i > 1 ? ", " : "") + s.placeholder(i);
  sql += ")";
  using retort::Param;
  s.query(sql,
          {Param::of(id), Param::of(tenant), Param::of(principal), Param::of("Holiday push " + id),
           Param::of("Acme Motors"), Param::of("2026-12-01"), Param::of("2026-12-31"),
           Param::of("draft"), Param::of(R"({"buyer_ref": ")" + id + R"("})"),
           Param::of("25000.00"), Param::of("USD")});
}

void create_media_buys(retort::SessionPool& pool, const std::string& tenant) {
  const int64_t before = count_media_buys(pool, tenant);
  const std::string id = "mb-" + tenant + "-" + std::to_string(before + 1);
  {
    retort::Session s = pool.session();
    insert_media_buy(s, id, tenant, "acme");
    s.commit();
  }
  std::cout << "created media buy " << id << " in a transaction (committed)\n";

  // A transaction that fails half-way: the first insert must not survive.
  const std::string doomed = id + "-rolled-back";
  try {
    retort::Session s = pool.session();
    insert_media_buy(s, doomed, tenant, "acme");
    insert_media_buy(s, doomed + "-2", tenant, "no-such-principal");  // violates the FK
    s.commit();
  } catch (const retort::Error& e) {
    std::string first_line = e.what();
    first_line = first_line.substr(0, first_line.find('\n'));
    std::cout << "a failing transaction was rolled back: " << first_line << "\n";
  }
  retort::Session s = pool.session();
  auto r = s.query("SELECT COUNT(*) FROM media_buys WHERE media_buy_id = " + s.placeholder(1),
                   {retort::Param::of(doomed)});
  std::cout << "rows left by the failed transaction: " << r.scalar().value_or("?") << "\n";
  std::cout << "media buys of tenant '" << tenant << "': " << count_media_buys(pool, tenant)
            << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  try {
    Args args = parse_args(argc, argv);
    retort::Project project = retort::Project::open(args.config, args.url);
    migrate(project);
    // The app's own connections never create the database: with SKIP_MIGRATIONS set and no
    // database yet, they fail saying so instead of querying an empty file.
    retort::SessionPool pool([&] { return project.connect({.create = true, .must_exist = true}); },
                             retort::SessionPoolOptions{.max_connections = 4});
    if (!args.seed.empty()) seed(project, pool, args);
    list_products(pool, args.tenant);
    create_media_buys(pool, args.tenant);
    return 0;
  } catch (const retort::Error& e) {
    std::cerr << "salesagent_app: " << e.what() << "\n";
    return retort::exit_code_for(e.kind());
  }
}
