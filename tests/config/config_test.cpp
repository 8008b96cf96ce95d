#include "config/config.hpp"

#include <gtest/gtest.h>

#include <map>

#include "base/error.hpp"
#include "base/loader_temp_dir.hpp"

namespace retort {
namespace {

// An environment made of the given variables only.
EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

std::string config_error(const std::string& cwd, const std::optional<std::string>& file = {},
                         std::map<std::string, std::string> vars = {},
                         const std::optional<std::string>& url = {}) {
  try {
    load_config(file, env_of(std::move(vars)), url, cwd);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::input);
    return e.what();
  }
  return "(no error)";
}

const char* kFull = R"(
[database]
url = "sqlite:///app.db"

[migrations]
directories = ["migrations/versions", "/abs/extra"]
version_table = "alembic_version_x"
history_table = ""
revision_ids = "hex"
file_template = "{rev}-{slug}"
transaction = "all"

[models]
path = "schema/models.yaml"

[postgresql]
lock_timeout = "500ms"
statement_timeout = "2min"
)";

TEST(Config, DefaultsWhenNoFile) {
  testing::LoaderTempDir dir;
  Config c = load_config(std::nullopt, env_of({}), std::nullopt, dir.str());
  EXPECT_FALSE(c.file.has_value());
  EXPECT_EQ(c.base_dir, dir.str());
  EXPECT_EQ(c.migration_directories, std::vector<std::string>{dir.str() + "/migrations/versions"});
  EXPECT_EQ(c.version_table, "alembic_version");
  EXPECT_EQ(c.history_table, "retort_history");
  EXPECT_EQ(c.revision_ids, RevisionIdStyle::sequential);
  EXPECT_EQ(c.file_template, "{rev}_{slug}");
  EXPECT_EQ(c.transaction, "per-revision");
  EXPECT_EQ(c.models_path, dir.str() + "/models");
  EXPECT_EQ(c.lock_timeout, "10s");
  EXPECT_EQ(c.statement_timeout, "");
  EXPECT_FALSE(c.database_url.has_value());
  EXPECT_EQ(c.url_source, UrlSource::none);
  try {
    c.require_database_url();
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::usage);
    EXPECT_EQ(std::string(e.what()),
              "no database URL: pass --url, set RETORT_DATABASE_URL or DATABASE_URL, or set "
              "[database] url in retort.toml");
  }
}

TEST(Config, ReadsEveryKeyAndResolvesRelativePaths) {
  testing::LoaderTempDir dir;
  dir.write("proj/retort.toml", kFull);
  Config c = load_config(std::nullopt, env_of({}), std::nullopt, dir.str() + "/proj");
  EXPECT_EQ(c.file, dir.str() + "/proj/retort.toml");
  EXPECT_EQ(c.base_dir, dir.str() + "/proj");
  ASSERT_TRUE(c.database_url.has_value());
  EXPECT_EQ(c.url_source, UrlSource::config_file);
  EXPECT_EQ(c.database_url->path, dir.str() + "/proj/app.db");
  EXPECT_EQ(c.migration_directories,
            (std::vector<std::string>{dir.str() + "/proj/migrations/versions", "/abs/extra"}));
  EXPECT_EQ(c.version_table, "alembic_version_x");
  EXPECT_EQ(c.history_table, "");
  EXPECT_EQ(c.revision_ids, RevisionIdStyle::hex);
  EXPECT_EQ(c.file_template, "{rev}-{slug}");
  EXPECT_EQ(c.transaction, "all");
  EXPECT_EQ(c.models_path, dir.str() + "/proj/schema/models.yaml");
  EXPECT_EQ(c.lock_timeout, "500ms");
  EXPECT_EQ(c.statement_timeout, "2min");
}

TEST(Config, RelativeConfigPathKeepsPathsRelative) {
  testing::LoaderTempDir dir;
  dir.write("sub/retort.toml",
            "[migrations]\ndirectory = \"../shared/versions\"\n"
            "[database]\nurl = \"sqlite:///db/app.db\"\n");
  // -c relative to the working directory: resolved paths stay relative to it as well.
  Config c = load_config(std::string("sub/retort.toml"), env_of({}), std::nullopt, dir.str());
  EXPECT_EQ(c.migration_directories, std::vector<std::string>{dir.str() + "/shared/versions"});
  EXPECT_EQ(c.database_url->path, dir.str() + "/sub/db/app.db");
  Config mem = load_config(std::nullopt, env_of({}), std::string("sqlite:///:memory:"), dir.str());
  EXPECT_TRUE(mem.database_url->memory);
}

TEST(Config, HeaderCacheDefaultsBesideTheMigrationsAndCanBeMovedOrTurnedOff) {
  testing::LoaderTempDir dir;
  Config c = load_config(std::nullopt, env_of({}), std::nullopt, dir.str());
  EXPECT_EQ(c.header_cache, dir.str() + "/migrations/versions/.retort-cache/headers");
  dir.write("a/retort.toml", "[migrations]\nheader_cache = \"cache/h\"\n");
  c = load_config(std::nullopt, env_of({}), std::nullopt, dir.str() + "/a");
  EXPECT_EQ(c.header_cache, dir.str() + "/a/cache/h");
  dir.write("b/retort.toml", "[migrations]\nheader_cache = false\n");
  c = load_config(std::nullopt, env_of({}), std::nullopt, dir.str() + "/b");
  EXPECT_EQ(c.header_cache, "");
  // The environment wins: "off", or a path from the working directory.
  c = load_config(std::nullopt, env_of({{"RETORT_HEADER_CACHE", "off"}}), std::nullopt,
                  dir.str() + "/a");
  EXPECT_EQ(c.header_cache, "");
  c = load_config(std::nullopt, env_of({{"RETORT_HEADER_CACHE", "x/y"}}), std::nullopt,
                  dir.str() + "/b");
  EXPECT_EQ(c.header_cache, dir.str() + "/b/x/y");
  dir.write("c/retort.toml", "[migrations]\nheader_cache = 3\n");
  EXPECT_NE(config_error(dir.str() + "/c")
                .find("expected false or a file path for "
                      "migrations.header_cache, found an integer"),
            std::string::npos)
      << config_error(dir.str() + "/c");
}

TEST(Config, LookupOrder) {
  testing::LoaderTempDir dir;
  dir.write("retort.toml", "[migrations]\nversion_table = \"from_cwd\"\n");
  dir.write("env.toml", "[migrations]\nversion_table = \"from_env\"\n");
  dir.write("flag.toml", "[migrations]\nversion_table = \"from_flag\"\n");
  auto env = env_of({{"RETORT_CONFIG", "env.toml"}});
  EXPECT_EQ(load_config(std::string("flag.toml"), env, std::nullopt, dir.str()).version_table,
            "from_flag");
  EXPECT_EQ(load_config(std::nullopt, env, std::nullopt, dir.str()).version_table, "from_env");
  EXPECT_EQ(load_config(std::nullopt, env_of({}), std::nullopt, dir.str()).version_table,
            "from_cwd");
  // An empty RETORT_CONFIG counts as unset.
  EXPECT_EQ(load_config(std::nullopt, env_of({{"RETORT_CONFIG", ""}}), std::nullopt, dir.str())
                .version_table,
            "from_cwd");
}

TEST(Config, NamedFileMustExist) {
  testing::LoaderTempDir dir;
  EXPECT_EQ(config_error(dir.str(), std::string("nope.toml")),
            "config file '" + dir.str() + "/nope.toml' (from -c) does not exist");
  EXPECT_EQ(config_error(dir.str(), std::nullopt, {{"RETORT_CONFIG", "/no/such.toml"}}),
            "config file '/no/such.toml' (from RETORT_CONFIG) does not exist");
}

TEST(Config, UrlPrecedence) {
  testing::LoaderTempDir dir;
  dir.write("retort.toml", "[database]\nurl = \"sqlite:///file.db\"\n");
  std::map<std::string, std::string> both = {{"RETORT_DATABASE_URL", "sqlite:///retort_env.db"},
                                             {"DATABASE_URL", "postgresql://u@h/d"}};
  Config flag =
      load_config(std::nullopt, env_of(both), std::string("sqlite:///flag.db"), dir.str());
  EXPECT_EQ(flag.url_source, UrlSource::flag);
  EXPECT_EQ(flag.database_url->path, "flag.db");  // relative to the working directory
  Config retort_env = load_config(std::nullopt, env_of(both), std::nullopt, dir.str());
  EXPECT_EQ(retort_env.url_source, UrlSource::env_retort);
  EXPECT_EQ(retort_env.database_url->path, "retort_env.db");
  Config database_url = load_config(std::nullopt, env_of({{"DATABASE_URL", "postgresql://u@h/d"}}),
                                    std::nullopt, dir.str());
  EXPECT_EQ(database_url.url_source, UrlSource::env_database_url);
  EXPECT_EQ(database_url.database_url->dialect, Dialect::postgresql);
  Config file =
      load_config(std::nullopt, env_of({{"RETORT_DATABASE_URL", ""}}), std::nullopt, dir.str());
  EXPECT_EQ(file.url_source, UrlSource::config_file);
  EXPECT_EQ(file.database_url->path, dir.str() + "/file.db");
  EXPECT_EQ(url_source_name(file.url_source), "the config file");
  EXPECT_EQ(url_source_name(UrlSource::env_retort), "RETORT_DATABASE_URL");
}

TEST(Config, BadUrlsNameTheirSourceWithoutThePassword) {
  testing::LoaderTempDir dir;
  EXPECT_EQ(config_error(dir.str(), std::nullopt, {}, std::string("mysql://u:pw@h/d")),
            "--url: invalid database URL: unsupported scheme 'mysql' (retort supports sqlite:// "
            "and postgresql://)");
  EXPECT_EQ(config_error(dir.str(), std::nullopt, {{"DATABASE_URL", "postgresql://u:pw@h:x/d"}}),
            "DATABASE_URL: invalid database URL: invalid port: not a number (a number from 1 to "
            "65535; write '/', '?' or '#' in a password as %2F, %3F, %23)");
  dir.write("retort.toml", "[database]\nurl = \"postgress://u:pw@h/d\"\n");
  EXPECT_EQ(config_error(dir.str()),
            dir.str() +
                "/retort.toml:2:7: invalid database URL: unsupported scheme 'postgress' "
                "(did you mean 'postgresql'?)\n"
                "  url = \"postgress://u:***@h/d\"\n"
                "        ^");
  // The quoted line is masked whatever the error, and the caret still points at the fault.
  dir.write("retort.toml", "[database]\nurl = \"postgresql://u:S3cr3t@h/d\" trailing\n");
  EXPECT_EQ(config_error(dir.str()),
            dir.str() +
                "/retort.toml:2:35: invalid TOML: Error while parsing key-value pair: expected a "
                "comment or whitespace, saw 't'\n"
                "  url = \"postgresql://u:***@h/d\" trailing\n"
                "                                 ^");
  dir.write("retort.toml", "[database]\nurl = \"postgresql://u:S3cr3t@127.0.0.1:99999/db\"\n");
  EXPECT_EQ(config_error(dir.str()).find("S3cr3t"), std::string::npos);
}

TEST(Config, UnknownSectionsAndKeys) {
  testing::LoaderTempDir dir;
  dir.write("retort.toml", "[migrations]\ndrectory = \"m\"\n");
  EXPECT_EQ(config_error(dir.str()), dir.str() +
                                         "/retort.toml:2:1: unknown key 'drectory' in "
                                         "[migrations]\n"
                                         "  drectory = \"m\"\n"
                                         "  ^\n"
                                         "  did you mean 'directory'?");
  dir.write("retort.toml", "[database]\nurl = \"sqlite:///a.db\"\npassword = \"x\"\n");
  EXPECT_EQ(config_error(dir.str()), dir.str() +
                                         "/retort.toml:3:1: unknown key 'password' in "
                                         "[database]\n"
                                         "  password = \"x\"\n"
                                         "  ^\n"
                                         "  expected one of: url, schema");
  dir.write("retort.toml", "\n[model]\npath = \"m\"\n");
  EXPECT_EQ(config_error(dir.str()), dir.str() +
                                         "/retort.toml:2:2: unknown section 'model'\n"
                                         "  [model]\n"
                                         "   ^\n"
                                         "  did you mean 'models'?");
  dir.write("retort.toml", "[alembic]\n");
  EXPECT_EQ(config_error(dir.str()), dir.str() +
                                         "/retort.toml:1:2: unknown section 'alembic'\n"
                                         "  [alembic]\n"
                                         "   ^\n"
                                         "  expected one of: database, migrations, "
                                         "models, autogenerate, postgresql, targets");
}

TEST(Config, DatabaseSchemaAppliesToTheUrlFromAnySource) {
  testing::LoaderTempDir dir;
  dir.write("retort.toml", "[database]\nurl = \"postgresql://u@h/db\"\nschema = \"tenant_1\"\n");
  Config c = load_config(std::nullopt, env_of({}), std::nullopt, dir.str());
  EXPECT_EQ(c.schema, "tenant_1");
  EXPECT_EQ(c.database_url->schema, "tenant_1");
  c = load_config(std::nullopt, env_of({{"DATABASE_URL", "postgresql://other/db"}}), std::nullopt,
                  dir.str());
  EXPECT_EQ(c.database_url->host, "other");
  EXPECT_EQ(c.database_url->schema, "tenant_1");
  dir.write("retort.toml", "[database]\nurl = \"sqlite:///a.db\"\nschema = \"s\"\n");
  EXPECT_EQ(config_error(dir.str()),
            dir.str() +
                "/retort.toml:3:10: database.schema is for PostgreSQL, and the database url is an "
                "SQLite database\n"
                "  schema = \"s\"\n"
                "           ^\n"
                "  remove it");
}

TEST(Config, Targets) {
  testing::LoaderTempDir dir;
  dir.write("proj/retort.toml", R"([[targets]]
name = "tenants"
url = "postgresql://app:${PGPASS}@db/saas"
schemas_query = "SELECT nspname FROM pg_namespace"
[[targets]]
name = "eu"
url = "${EU_URL}"
schema = "app"
[[targets]]
name = "devices"
sqlite_glob = "data/*.db"
[[targets]]
name = "one"
url = "sqlite:///one.db"
)");
  Config c = load_config(std::nullopt,
                         env_of({{"PGPASS", "s3cret"}, {"EU_URL", "postgresql://eu-host/app"}}),
                         std::nullopt, dir.str() + "/proj");
  ASSERT_EQ(c.targets.size(), 4u);
  EXPECT_EQ(c.targets[0].name, "tenants");
  EXPECT_EQ(c.targets[0].url->password, "s3cret");
  EXPECT_EQ(c.targets[0].schemas_query, "SELECT nspname FROM pg_namespace");
  EXPECT_EQ(c.targets[0].where.str(), dir.str() + "/proj/retort.toml:2:8");
  EXPECT_EQ(c.targets[1].url->host, "eu-host");
  EXPECT_EQ(c.targets[1].url->schema, "app");
  EXPECT_EQ(c.targets[2].sqlite_glob, dir.str() + "/proj/data/*.db");
  EXPECT_EQ(c.targets[3].url->path, dir.str() + "/proj/one.db");
  EXPECT_FALSE(c.database_url.has_value());
}

TEST(Config, BadTargets) {
  testing::LoaderTempDir dir;
  const std::string file = dir.str() + "/retort.toml";
  auto error_for = [&](const std::string& text, std::map<std::string, std::string> vars = {}) {
    dir.write("retort.toml", text);
    return config_error(dir.str(), std::nullopt, std::move(vars));
  };
  EXPECT_EQ(error_for("[[targets]]\nname = \"a\"\nurl = \"sqlite:///a.db\"\nsqlite_glob = "
                      "\"*.db\"\n"),
            file +
                ":4:15: target 'a' has both url and sqlite_glob: give one of them\n"
                "  sqlite_glob = \"*.db\"\n"
                "                ^\n"
                "  a url is one database (with schemas_query: one per schema); sqlite_glob is one "
                "per file");
  EXPECT_EQ(error_for("[[targets]]\nname = \"a\"\nurl = \"sqlite:///a.db\"\nschemas_query = "
                      "\"SELECT 1\"\n"),
            file +
                ":4:17: schemas_query is for PostgreSQL, and target 'a' is an SQLite database\n"
                "  schemas_query = \"SELECT 1\"\n"
                "                  ^\n"
                "  remove it, or use sqlite_glob for one target per file");
  EXPECT_EQ(error_for("[[targets]]\nname = \"a\"\nurl = \"sqlite:///a.db\"\nschemas = \"x\"\n"),
            file +
                ":4:1: unknown key 'schemas' in [[targets]]\n"
                "  schemas = \"x\"\n"
                "  ^\n"
                "  did you mean 'schema'?");
  EXPECT_EQ(error_for("[[targets]]\nurl = \"sqlite:///a.db\"\n"),
            file +
                ":1:1: a [[targets]] entry has no name\n"
                "  [[targets]]\n"
                "  ^\n"
                "  add name = \"...\": the name --target selects and the summary shows");
  EXPECT_EQ(error_for("[[targets]]\nname = \"a\"\n"),
            file +
                ":2:8: target 'a' has neither url nor sqlite_glob\n"
                "  name = \"a\"\n"
                "         ^\n"
                "  add url = \"postgresql://...\" or sqlite_glob = \"data/*.db\"");
  EXPECT_EQ(error_for("[[targets]]\nname = \"a\"\nsqlite_glob = \"x\"\n[[targets]]\nname = "
                      "\"a\"\nsqlite_glob = \"y\"\n"),
            file +
                ":5:8: duplicate target name 'a'\n"
                "  name = \"a\"\n"
                "         ^\n"
                "  the first is at " +
                file + ":2:8");
  EXPECT_EQ(error_for("[[targets]]\nname = \"a/b\"\nsqlite_glob = \"x\"\n"),
            file +
                ":2:8: invalid target name 'a/b'\n"
                "  name = \"a/b\"\n"
                "         ^\n"
                "  use letters, digits, '_', '-' and '.' (at most 64)");
  // An unset variable, and never the password of a URL that fails to parse.
  EXPECT_EQ(error_for("[[targets]]\nname = \"a\"\nurl = \"${NOPE}\"\n"),
            file +
                ":3:7: environment variable 'NOPE' is not set (used in the url)\n"
                "  url = \"${NOPE}\"\n"
                "        ^\n"
                "  set it, or write the url without ${NOPE}");
  std::string bad = error_for("[[targets]]\nname = \"a\"\nurl = \"postgresql://u:${P}@h:x/db\"\n",
                              {{"P", "hunter2"}});
  EXPECT_EQ(bad.find("hunter2"), std::string::npos) << bad;
  EXPECT_NE(bad.find(file + ":3:7: "), std::string::npos) << bad;
  EXPECT_EQ(error_for("targets = 3\n"),
            file +
                ":1:11: expected [[targets]] entries (an array of "
                "tables), found an integer\n"
                "  targets = 3\n"
                "            ^\n"
                "  write each target as a [[targets]] table with a name");
}

TEST(Config, BadValues) {
  testing::LoaderTempDir dir;
  auto error_for = [&](const std::string& text) {
    dir.write("retort.toml", text);
    return config_error(dir.str());
  };
  const std::string file = dir.str() + "/retort.toml";
  EXPECT_EQ(error_for("[migrations]\nversion_table = 5\n"),
            file +
                ":2:17: expected a string for migrations.version_table, found an integer\n"
                "  version_table = 5\n"
                "                  ^");
  EXPECT_EQ(error_for("[migrations]\nrevision_ids = \"sequental\"\n"),
            file +
                ":2:16: invalid revision_ids 'sequental'\n"
                "  revision_ids = \"sequental\"\n"
                "                 ^\n"
                "  did you mean 'sequential'?");
  EXPECT_EQ(error_for("[migrations]\ntransaction = \"per_revision\"\n"),
            file +
                ":2:15: invalid transaction 'per_revision'\n"
                "  transaction = \"per_revision\"\n"
                "                ^\n"
                "  did you mean 'per-revision'?");
  EXPECT_EQ(error_for("[migrations]\ndirectory = \"a\"\ndirectories = [\"b\"]\n"),
            file +
                ":3:15: give either migrations.directory or migrations.directories, not both\n"
                "  directories = [\"b\"]\n"
                "                ^");
  EXPECT_EQ(error_for("[migrations]\ndirectories = [\"a\", 1]\n"),
            file +
                ":2:21: expected a string in migrations.directories, found an integer\n"
                "  directories = [\"a\", 1]\n"
                "                      ^");
  EXPECT_EQ(error_for("[migrations]\nversion_table = \"bad name\"\n"),
            file +
                ":2:17: invalid version_table 'bad name'\n"
                "  version_table = \"bad name\"\n"
                "                  ^\n"
                "  use a table name such as alembic_version, or schema.table");
  EXPECT_EQ(error_for("[migrations]\nversion_table = \"a.b.c\"\n"),
            file +
                ":2:17: invalid version_table 'a.b.c'\n"
                "  version_table = \"a.b.c\"\n"
                "                  ^\n"
                "  use a table name such as alembic_version, or schema.table");
  EXPECT_EQ(error_for("[migrations]\nfile_template = \"{revision}_{slug}\"\n"),
            file +
                ":2:17: unknown placeholder '{revision}' in file_template\n"
                "  file_template = \"{revision}_{slug}\"\n"
                "                  ^\n"
                "  use {rev} and {slug}");
  EXPECT_EQ(error_for("[postgresql]\nlock_timeout = \"10 seconds\"\n"),
            file +
                ":2:16: invalid lock_timeout '10 seconds'\n"
                "  lock_timeout = \"10 seconds\"\n"
                "                 ^\n"
                "  write a number with an optional unit (ms, s, min, h, d), e.g. \"10s\", or \"\"");
  EXPECT_EQ(error_for("[database]\nurl = \"sqlite:///a.db\"\n[database]\n"),
            file +
                ":3:1: invalid TOML: Error while parsing table header: cannot redefine existing "
                "table 'database'\n"
                "  [database]\n"
                "  ^");
  EXPECT_EQ(error_for("database = 5\n"),
            file +
                ":1:12: expected a table [database], found an integer\n"
                "  database = 5\n"
                "             ^");
}

TEST(Config, SchemaQualifiedVersionTable) {
  testing::LoaderTempDir dir;
  dir.write("retort.toml",
            "[migrations]\nversion_table = \"ops.alembic_version\"\n"
            "[postgresql]\nlock_timeout = \"\"\nstatement_timeout = \"30000\"\n");
  Config c = load_config(std::nullopt, env_of({}), std::nullopt, dir.str());
  EXPECT_EQ(c.version_table, "ops.alembic_version");
  EXPECT_EQ(c.lock_timeout, "");
  EXPECT_EQ(c.statement_timeout, "30000");
}

}  // namespace
}  // namespace retort
