#include "db/database_url.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"

namespace retort {
namespace {

std::string url_error(const std::string& url) {
  try {
    parse_database_url(url);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    return e.what();
  }
  return "(no error)";
}

TEST(DatabaseUrl, SqliteForms) {
  DatabaseUrl rel = parse_database_url("sqlite:///app.db");
  EXPECT_EQ(rel.dialect, Dialect::sqlite);
  EXPECT_EQ(rel.path, "app.db");
  EXPECT_FALSE(rel.memory);
  EXPECT_EQ(rel.redacted(), "sqlite:///app.db");

  DatabaseUrl abs = parse_database_url("sqlite:////var/lib/app/data.db");
  EXPECT_EQ(abs.path, "/var/lib/app/data.db");
  EXPECT_EQ(abs.redacted(), "sqlite:////var/lib/app/data.db");

  DatabaseUrl mem = parse_database_url("sqlite:///:memory:");
  EXPECT_TRUE(mem.memory);
  EXPECT_EQ(mem.path, ":memory:");
  EXPECT_TRUE(parse_database_url("sqlite://").memory);

  DatabaseUrl driver = parse_database_url("SQLite+pysqlite:///sub/dir.db?mode=ro");
  EXPECT_EQ(driver.dialect, Dialect::sqlite);
  EXPECT_EQ(driver.path, "sub/dir.db");
  ASSERT_EQ(driver.params.size(), 1u);
  EXPECT_EQ(driver.params[0], (std::pair<std::string, std::string>{"mode", "ro"}));
}

TEST(DatabaseUrl, PostgresqlParts) {
  DatabaseUrl u = parse_database_url(
      "postgresql://app%40corp:s3cr%2Ft@db.example.com:6543/sales%20agent?sslmode=require&"
      "application_name=retort%20migrate");
  EXPECT_EQ(u.dialect, Dialect::postgresql);
  EXPECT_EQ(u.user, "app@corp");
  EXPECT_EQ(u.password, "s3cr/t");
  EXPECT_EQ(u.host, "db.example.com");
  EXPECT_EQ(u.port, "6543");
  EXPECT_EQ(u.database, "sales agent");
  ASSERT_EQ(u.params.size(), 2u);
  EXPECT_EQ(u.params[0].first, "sslmode");
  EXPECT_EQ(u.params[1].second, "retort migrate");
  EXPECT_EQ(u.libpq_conninfo(),
            "host='db.example.com' port='6543' dbname='sales agent' user='app@corp' "
            "password='s3cr/t' sslmode='require' application_name='retort migrate'");

  DatabaseUrl p = parse_database_url("postgres://localhost/app");
  EXPECT_EQ(p.dialect, Dialect::postgresql);
  EXPECT_EQ(p.user, "");
  EXPECT_EQ(p.port, "");
  EXPECT_EQ(p.redacted(), "postgresql://localhost/app");
  EXPECT_EQ(p.libpq_conninfo(), "host='localhost' dbname='app'");

  DatabaseUrl bare = parse_database_url("postgresql://");
  EXPECT_EQ(bare.host, "");
  EXPECT_EQ(bare.libpq_conninfo(), "");

  DatabaseUrl v6 = parse_database_url("postgresql://u@[::1]:5433,h2:5434/db");
  EXPECT_EQ(v6.host, "::1,h2");
  EXPECT_EQ(v6.port, "5433,5434");
  EXPECT_EQ(v6.redacted(), "postgresql://u@[::1]:5433,h2:5434/db");

  DatabaseUrl quote = parse_database_url("postgresql://u:it's%5Cx@h/d");
  EXPECT_EQ(quote.libpq_conninfo(), "host='h' dbname='d' user='u' password='it\\'s\\\\x'");
  EXPECT_EQ(parse_database_url("postgresql+psycopg2://u@h/d").dialect, Dialect::postgresql);
}

TEST(DatabaseUrl, RedactedNeverShowsThePassword) {
  DatabaseUrl u = parse_database_url("postgresql://retort:hunter2@127.0.0.1:5432/postgres");
  EXPECT_EQ(u.redacted(), "postgresql://retort:***@127.0.0.1:5432/postgres");
  DatabaseUrl q = parse_database_url("postgresql://retort@h/db?password=hunter2&sslmode=disable");
  EXPECT_EQ(q.redacted(), "postgresql://retort@h/db?password=***&sslmode=disable");
  EXPECT_EQ(q.redacted().find("hunter2"), std::string::npos);
}

TEST(DatabaseUrl, Errors) {
  EXPECT_EQ(url_error("mysql://u@h/d"),
            "invalid database URL: unsupported scheme 'mysql' (retort supports sqlite:// and "
            "postgresql://)");
  EXPECT_EQ(url_error("postgress://u@h/d"),
            "invalid database URL: unsupported scheme 'postgress' (did you mean 'postgresql'?)");
  EXPECT_EQ(url_error("sqlit:///a.db"),
            "invalid database URL: unsupported scheme 'sqlit' (did you mean 'sqlite'?)");
  EXPECT_EQ(url_error("app.db"),
            "invalid database URL: expected scheme://... (for example sqlite:///app.db or "
            "postgresql://user@host/db)");
  EXPECT_EQ(url_error("sqlite://host/a.db"),
            "invalid database URL: an SQLite URL has no host (write sqlite:///relative.db, "
            "sqlite:////absolute/path.db or sqlite:///:memory:)");
  EXPECT_EQ(url_error("sqlite:///"),
            "invalid database URL: missing the SQLite database file (write sqlite:///relative.db, "
            "sqlite:////absolute/path.db or sqlite:///:memory:)");
  EXPECT_EQ(url_error("postgresql://u@h:99999/d"),
            "invalid database URL: invalid port '99999' (a number from 1 to 65535)");
  EXPECT_EQ(url_error("postgresql://u@h:5x/d"),
            "invalid database URL: invalid port: not a number (a number from 1 to 65535; write "
            "'/', '?' or '#' in a password as %2F, %3F, %23)");
  // A password with an unescaped '/' splits there; its start must not come back as a "port".
  EXPECT_EQ(url_error("postgresql://u:Xy/zz@h/d").find("Xy"), std::string::npos);
  EXPECT_EQ(url_error("postgresql://u:p%zz@h/d"),
            "invalid database URL: bad %-escape in the password");
  EXPECT_EQ(url_error("postgresql://h/d?sslmode"),
            "invalid database URL: query parameter without '=' (write key=value)");
  EXPECT_EQ(url_error("postgresql://h/d?a%20b=1"),
            "invalid database URL: invalid query parameter name 'a b'");
  // Text before a misplaced "://" is not echoed: it may hold a password.
  std::string message = url_error("user:hunter2@host://db");
  EXPECT_EQ(message.find("hunter2"), std::string::npos) << message;
}

}  // namespace
}  // namespace retort
