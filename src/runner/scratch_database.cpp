#include "runner/scratch_database.hpp"

#include <unistd.h>

#include <random>

#include "db/connect.hpp"
#include "dialect/dialect.hpp"

namespace retort {

ScratchDatabase::ScratchDatabase(const DatabaseUrl& url) : admin_url_(url) {
  if (url.dialect == Dialect::sqlite) {
    DatabaseUrl mem;
    mem.dialect = Dialect::sqlite;
    mem.memory = true;
    mem.path = ":memory:";
    conn_ = connect(mem, {.create = true});
    describe_ = "sqlite:///:memory:";
    return;
  }
  std::random_device rd;
  name_ = "retort_scratch_" + std::to_string(::getpid()) + "_" + std::to_string(rd() % 100000);
  {
    auto admin = connect(admin_url_, {});
    try {
      admin->execute("CREATE DATABASE " + dialect_for(Dialect::postgresql).quote_identifier(name_));
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::database) throw;
      throw Error(e.kind(), std::string(e.what()) +
                                "\n  check --scratch and test build a temporary database on the "
                                "server: its user needs the CREATEDB privilege");
    }
  }
  DatabaseUrl scratch = url;
  scratch.database = name_;
  try {
    conn_ = connect(scratch, {});
  } catch (...) {
    drop();  // the destructor does not run for a constructor that throws
    throw;
  }
  describe_ = scratch.redacted();
}

ScratchDatabase::~ScratchDatabase() {
  drop();
}

void ScratchDatabase::drop() noexcept {
  conn_.reset();
  if (name_.empty()) return;
  try {
    auto admin = connect(admin_url_, {});
    const std::string drop =
        "DROP DATABASE IF EXISTS " + dialect_for(Dialect::postgresql).quote_identifier(name_);
    try {
      admin->execute(drop + " WITH (FORCE)");
    } catch (const Error&) {
      admin->execute(drop);  // servers before PostgreSQL 13 have no FORCE; ours is closed
    }
  } catch (...) {
    // Best effort: the name says what it is if it is ever left behind.
  }
  name_.clear();
}

MigratorOptions scratch_migrator_options(const Config& config) {
  MigratorOptions o = migrator_options(config);
  o.transaction = RunTransaction::per_revision;
  return o;
}

}  // namespace retort
