// retort's public API: the one header a program that embeds retort includes (docs/embedding.md).
//
//   retort::Project project = retort::Project::open("retort.toml");
//   auto conn = project.connect();
//   retort::Migrator migrator(project.graph(), *conn, retort::migrator_options(project.config()));
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
// connection, lock, database, failure). See docs/embedding.md.
#pragma once

#include "base/error.hpp"
#include "config/config.hpp"
#include "db/connect.hpp"
#include "db/connection.hpp"
#include "db/database_url.hpp"
#include "db/interrupt.hpp"
#include "graph/migration_step.hpp"
#include "graph/revision_graph.hpp"
#include "ops/load_revision.hpp"
#include "runner/migrator.hpp"
#include "runner/progress.hpp"
#include "runner/project.hpp"
#include "session/session_pool.hpp"
