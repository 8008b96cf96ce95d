// <retort/retort.hpp> — retort's public API in one header (docs/embedding.md): every other header
// of include/retort/.
//
//   retort::Project project = retort::Project::open("retort.toml");
//   auto conn = project.connect();
//   retort::Migrator migrator(project, *conn);
//   migrator.register_call("backfill_pricing", [](retort::Connection& c) { ... });
//   migrator.upgrade("head");
//
//   retort::SessionPool pool([&] { return project.connect(); });
//   {
//     retort::Session s = pool.session();
//     s.query("INSERT INTO media_buys (...) VALUES (" + s.placeholder(1) + ", ...)", {...});
//     s.commit();          // leaving the scope without commit() rolls back
//   }
//
// Every failure is a retort::Error; its kind() says what went wrong (input, revision,
// connection, lock, database, failure).
#pragma once

#include <retort/checks.hpp>
#include <retort/connection.hpp>
#include <retort/dialect.hpp>
#include <retort/error.hpp>
#include <retort/interrupt.hpp>
#include <retort/migration_step.hpp>
#include <retort/migrator.hpp>
#include <retort/progress.hpp>
#include <retort/project.hpp>
#include <retort/session_pool.hpp>
#include <retort/version.hpp>
