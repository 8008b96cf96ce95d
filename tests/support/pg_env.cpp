#include "support/pg_env.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <random>
#include <stdexcept>

namespace retort::testing {

namespace {

struct UrlParts {
  size_t authority_start = 0;
  size_t authority_end = 0;  // where the path ('/db') starts, or the query, or the end
};

UrlParts split(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) throw std::runtime_error("not a postgresql:// URL: " + url);
  UrlParts p;
  p.authority_start = scheme + 3;
  p.authority_end = url.find_first_of("/?", p.authority_start);
  if (p.authority_end == std::string::npos) p.authority_end = url.size();
  return p;
}

// "host:port" without user info.
std::string host_port(const std::string& url) {
  UrlParts p = split(url);
  std::string authority = url.substr(p.authority_start, p.authority_end - p.authority_start);
  if (size_t at = authority.rfind('@'); at != std::string::npos)
    authority = authority.substr(at + 1);
  return authority;
}

}  // namespace

std::string pg_test_url() {
  const char* url = std::getenv("RETORT_TEST_PG_URL");
  if (url == nullptr || *url == '\0')
    throw std::runtime_error(
        "RETORT_TEST_PG_URL is not set: PostgreSQL tests need a server (start one with "
        "`tests/support/pg_server.sh start DIR` and export the URL it prints, or run `make test`)");
  return url;
}

std::string pgbouncer_test_url() {
  const char* url = std::getenv("RETORT_TEST_PGBOUNCER_URL");
  if (url == nullptr || *url == '\0')
    throw std::runtime_error(
        "RETORT_TEST_PGBOUNCER_URL is not set: the connection-pooler tests need PgBouncer in "
        "transaction mode in front of the test server (start it with `tests/support/pgbouncer.sh "
        "start DIR \"$RETORT_TEST_PG_URL\"` and export the URL it prints, or run `make test`)");
  return url;
}

std::string pg_url_with_database(const std::string& url, const std::string& database) {
  UrlParts p = split(url);
  size_t query = url.find('?', p.authority_end);
  std::string out = url.substr(0, p.authority_end) + "/" + database;
  if (query != std::string::npos) out += url.substr(query);
  return out;
}

std::string pg_url_host(const std::string& url) {
  std::string hp = host_port(url);
  size_t colon = hp.rfind(':');
  return colon == std::string::npos ? hp : hp.substr(0, colon);
}

int pg_url_port(const std::string& url) {
  std::string hp = host_port(url);
  size_t colon = hp.rfind(':');
  return colon == std::string::npos ? 5432 : std::stoi(hp.substr(colon + 1));
}

PgTestDatabase::PgTestDatabase() : admin_url_(pg_test_url()) {
  static std::atomic<int> counter{0};
  std::random_device rd;
  std::mt19937_64 rng(rd() ^ (static_cast<uint64_t>(getpid()) << 20) ^ counter.fetch_add(1));
  static constexpr char kHex[] = "0123456789abcdef";
  name_ = "retort_t_";
  for (int i = 0; i < 12; ++i) name_ += kHex[rng() % 16];
  url_ = pg_url_with_database(admin_url_, name_);
  auto admin = PgConnection::open(admin_url_);
  admin->execute("CREATE DATABASE \"" + name_ + "\"");
}

PgTestDatabase::~PgTestDatabase() {
  try {
    auto admin = PgConnection::open(admin_url_);
    admin->execute("DROP DATABASE IF EXISTS \"" + name_ + "\" WITH (FORCE)");
  } catch (...) {
    // A test database left behind only costs disk space in a throwaway server.
  }
}

std::unique_ptr<PgConnection> PgTestDatabase::connect(const PgOptions& options) const {
  return PgConnection::open(url_, options);
}

}  // namespace retort::testing
