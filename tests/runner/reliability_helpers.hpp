// Small helpers shared by the runner's reliability tests (tests/runner/*_test.cpp).
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "base/dialect_name.hpp"
#include "graph/revision_graph.hpp"
#include "ops/load_revision.hpp"
#include "runner/history_table.hpp"
#include "runner/migrator.hpp"
#include "support/project_dir.hpp"

namespace retort::testing {

// The Sales Agent example's configuration (examples/salesagent/retort.toml).
inline const std::string kSalesAgentConfig =
    std::string(RETORT_SOURCE_DIR) + "/examples/salesagent/retort.toml";

// The names of the Sqlite and Postgres instances of a test parameterised by Dialect.
inline std::string dialect_label(const ::testing::TestParamInfo<Dialect>& info) {
  return info.param == Dialect::sqlite ? "Sqlite" : "Postgres";
}

// "001", "002", …: the id of the nth revision of a generated history.
inline std::string rev_id(int n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%03d", n);
  return buf;
}

// `files` and one more (file name, YAML).
inline std::vector<std::pair<std::string, std::string>> with(
    std::vector<std::pair<std::string, std::string>> files, std::string name, std::string yaml) {
  files.emplace_back(std::move(name), std::move(yaml));
  return files;
}

// "path:line:column" of the first occurrence of `needle` in `text` (1-based), as the loader
// reports the place of an op whose key starts there. Throws when `needle` is absent.
inline std::string place_of(const std::string& path, const std::string& text,
                            const std::string& needle) {
  size_t at = text.find(needle);
  if (at == std::string::npos) throw std::runtime_error("place_of: '" + needle + "' not found");
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < at; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return path + ":" + std::to_string(line) + ":" + std::to_string(at - line_start + 1);
}

// Writes each (file name, YAML) into the project's migrations/versions and parses it with
// parse_revision under its full path; returns the graph of all of them.
inline RevisionGraph write_and_build(
    const ProjectDir& dir, const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<Revision> revisions;
  for (const auto& [name, yaml] : files)
    revisions.push_back(parse_revision(dir.write_revision(name, yaml), yaml));
  return RevisionGraph::build(std::move(revisions));
}

// Records what a Migrator reports, as text lines.
class RecordingObserver : public MigrationObserver {
 public:
  void step_started(const MigrationStep& s) override {
    lines.push_back(std::string("started ") + direction_name(s.direction) + " " + s.revision->id);
  }
  void step_finished(const MigrationStep& s, int64_t) override {
    lines.push_back(std::string("finished ") + direction_name(s.direction) + " " + s.revision->id);
  }
  void op_skipped(const MigrationStep& s, const Op& op, const std::string& why) override {
    lines.push_back("skipped " + s.revision->id + " " + std::string(op_name(op.body)) + " at " +
                    op.where.str() + ": " + why);
  }
  void step_already_applied(const MigrationStep& s) override {
    lines.push_back("already applied " + s.revision->id);
  }

  std::vector<std::string> lines;
};

}  // namespace retort::testing

namespace retort::testing {

using RevisionFiles = std::vector<std::pair<std::string, std::string>>;

// A four-revision history that exercises most ops, including (on SQLite) table rebuilds of a
// table other tables reference: for the upgrade → downgrade → upgrade round trips.
inline RevisionFiles roundtrip_history() {
  return {
      {"001_customers.yaml", R"Y(revision: "001"
down_revision: null
message: customers
upgrade:
  - create_enum: {name: customer_status, values: [active, closed]}
  - create_table:
      table: customers
      columns:
        - {name: id, type: integer, primary_key: true, autoincrement: true}
        - {name: email, type: string(100), nullable: false}
        - {name: status, type: {enum: customer_status, values: [active, closed]}, nullable: false, server_default: "'active'"}
        - {name: legacy_code, type: text}
        - {name: created_at, type: datetime, nullable: false, server_default: CURRENT_TIMESTAMP}
      unique: [{name: uq_customers_email, columns: [email]}]
      indexes: [{name: ix_customers_status, columns: [status]}]
  - bulk_insert: {table: customers, rows: [{id: 1, email: a@example.com, status: active}, {id: 2, email: b@example.com, status: closed}]}
downgrade:
  - drop_table: {table: customers}
  - drop_enum: {name: customer_status}
)Y"},
      {"002_orders.yaml", R"Y(revision: "002"
down_revision: "001"
message: orders
upgrade:
  - create_table:
      table: orders
      columns:
        - {name: id, type: integer, primary_key: true, autoincrement: true}
        - {name: customer_id, type: integer, nullable: false}
        - {name: total, type: "numeric(10,2)", nullable: false, server_default: 0}
        - {name: note, type: text}
      foreign_keys:
        - {name: fk_orders_customer, columns: [customer_id], references: {table: customers, columns: [id]}, on_delete: CASCADE}
      checks: [{name: ck_orders_total, expression: "total >= 0"}]
      indexes: [{name: ix_orders_customer, columns: [customer_id]}]
  - bulk_insert: {table: orders, rows: [{id: 1, customer_id: 1, total: 10.5}, {id: 2, customer_id: 2, total: 3}]}
downgrade:
  - drop_table: {table: orders}
)Y"},
      {"003_priority.yaml", R"Y(revision: "003"
down_revision: "002"
message: widen email, order priority
upgrade:
  - add_column: {table: orders, column: {name: priority, type: integer, nullable: false, server_default: 0}}
  - alter_column: {table: customers, column: email, type: string(200)}
  - create_index: {name: ix_orders_priority, table: orders, columns: [priority], where: "priority > 0"}
downgrade:
  - drop_index: {name: ix_orders_priority, table: orders}
  - alter_column: {table: customers, column: email, type: string(100)}
  - drop_column: {table: orders, column: priority}
)Y"},
      {"004_purchases.yaml", R"Y(revision: "004"
down_revision: "003"
message: rename orders, check priority
upgrade:
  - rename_table: {table: orders, to: purchases}
  - create_check_constraint: {name: ck_purchases_priority, table: purchases, expression: "priority >= 0"}
  - drop_column: {table: customers, column: legacy_code}
downgrade:
  - add_column: {table: customers, column: {name: legacy_code, type: text}}
  - drop_constraint: {name: ck_purchases_priority, table: purchases, type: check}
  - rename_table: {table: purchases, to: orders}
)Y"},
  };
}

// Two revisions with data, the base of the failure-atomicity tests; a failing "003" goes on top.
inline RevisionFiles failure_base_history() {
  return {
      {"001_items.yaml", R"Y(revision: "001"
down_revision: null
message: items
upgrade:
  - create_table:
      table: items
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: name, type: string(50), nullable: false}
        - {name: qty, type: integer}
  - bulk_insert: {table: items, rows: [{id: 1, name: bolt, qty: 10}, {id: 2, name: "nut's", qty: 5}, {id: 3, name: washer, qty: 7}]}
downgrade:
  - drop_table: {table: items}
)Y"},
      {"002_tags.yaml", R"Y(revision: "002"
down_revision: "001"
message: tags
upgrade:
  - create_table:
      table: tags
      columns:
        - {name: id, type: integer, primary_key: true}
        - {name: item_id, type: integer, nullable: false}
        - {name: label, type: text}
      foreign_keys:
        - {name: fk_tags_item, columns: [item_id], references: {table: items, columns: [id]}}
      indexes: [{name: ix_tags_item, columns: [item_id]}]
  - bulk_insert: {table: tags, rows: [{id: 1, item_id: 1, label: metal}, {id: 2, item_id: 2, label: null}]}
downgrade:
  - drop_table: {table: tags}
)Y"},
  };
}

// Revision 003 whose third op is bad SQL (the first two change schema and data).
inline constexpr const char* kBadSqlRevision = R"Y(revision: "003"
down_revision: "002"
message: bad sql
upgrade:
  - add_column: {table: items, column: {name: price, type: "numeric(10,2)"}}
  - execute: "UPDATE items SET price = qty * 2"
  - execute: "UPDATE no_such_table SET x = 1"
  - create_table: {table: never_created, columns: [{name: id, type: integer}]}
downgrade: []
)Y";

// Revision 003 whose `assert` fails after two ops changed data.
inline constexpr const char* kFailingAssertRevision = R"Y(revision: "003"
down_revision: "002"
message: failing assert
upgrade:
  - execute: "DELETE FROM tags"
  - execute: "UPDATE items SET qty = 0"
  - assert: {sql: "SELECT count(*) = 0 FROM items WHERE qty = 0", message: every item must keep its quantity}
downgrade: []
)Y";

// Revision 003 that rebuilds `items` on SQLite (nullability and default change), adds an index,
// then fails on a duplicate primary key.
inline constexpr const char* kFailAfterRebuildRevision = R"Y(revision: "003"
down_revision: "002"
message: fail after rebuild
upgrade:
  - alter_column: {table: items, column: qty, nullable: false, server_default: 0}
  - create_index: {name: ix_items_qty, table: items, columns: [qty]}
  - execute: "INSERT INTO items (id, name, qty) VALUES (1, 'duplicate', 1)"
downgrade: []
)Y";

// What both databases must report when kFailingAssertRevision's assert fails on top of 002
// (`e` is the error the upgrade threw; the project is `dir`, the database `conn`).
inline void expect_failing_assert_reported(const Error& e, const ProjectDir& dir,
                                           Connection& conn) {
  const std::string path = dir.file("migrations/versions/003_fail.yaml");
  const std::string failure =
      "assert failed: every item must keep its quantity\n"
      "  query: SELECT count(*) = 0 FROM items WHERE qty = 0";
  EXPECT_EQ(e.kind(), ErrorKind::failure);
  EXPECT_EQ(std::string(e.what()),
            "revision 003 (" + path + "), upgrade op 3 (assert at " +
                place_of(path, kFailingAssertRevision, "assert:") + "): " + failure +
                "\n  the revision was rolled back; the database is as it was before it");
  EXPECT_EQ(HistoryTable(conn, "retort_history").read().back().entry.error, failure);
  EXPECT_EQ(conn.query("SELECT count(*) FROM tags").scalar(), "2");
}

}  // namespace retort::testing
