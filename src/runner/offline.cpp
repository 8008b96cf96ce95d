#include "runner/offline.hpp"

#include <memory>
#include <retort/version.hpp>

#include "base/overloaded.hpp"
#include "base/strings.hpp"
#include "db/pg_lock.hpp"
#include "db/sqlite_connection.hpp"
#include "dialect/dialect.hpp"
#include "runner/migrator.hpp"
#include "runner/table_state.hpp"
#include "sql/text.hpp"

namespace retort {

namespace {

// Puts "-- " before every line of `text`.
std::string commented(const std::string& text) {
  std::string out = "-- ";
  for (char c : text) {
    out += c;
    if (c == '\n') out += "-- ";
  }
  return out;
}

std::string terminated(std::string sql) {
  while (!sql.empty() && (sql.back() == '\n' || sql.back() == ' ')) sql.pop_back();
  if (!sql.empty() && sql.back() != ';') sql += ';';
  return sql;
}

// `sql` without trailing blanks and semicolons (a statement placed inside EXECUTE).
std::string statement_text(std::string sql) {
  while (!sql.empty() && (sql.back() == ';' || sql.back() == ' ' || sql.back() == '\n' ||
                          sql.back() == '\t' || sql.back() == '\r'))
    sql.pop_back();
  return sql;
}

// A guarded op for a PostgreSQL script: an anonymous block that checks the guards and runs the
// op's statements (each dollar-quoted, with a tag its text does not contain) only when they
// allow it (docs/migration-files.md, "Guards").
std::string guarded_block(const std::vector<GuardQuery>& guards,
                          const std::vector<std::string>& statements) {
  std::string condition;
  for (const GuardQuery& g : guards) {
    if (!condition.empty()) condition += "\n     AND ";
    condition += std::string(g.run_when_row ? "" : "NOT ") + "EXISTS (" + g.query + ")";
    condition += "  -- " + g.label;
  }
  std::string body = "BEGIN\n  IF " + condition + "\n  THEN\n";
  for (const std::string& sql : statements) {
    const std::string text = statement_text(sql);
    const std::string tag = dollar_tag("retort_sql", text);
    body += "    EXECUTE " + tag + text + tag + ";\n";
  }
  body += "  END IF;\nEND\n";
  const std::string tag = dollar_tag("retort_guard", body);
  return "DO " + tag + "\n" + body + tag + ";\n";
}

// The schema an SQLite script has built so far, on a private in-memory database: what a table
// rebuild reads the table's definition from. Only DDL matters; statements that fail on its
// empty tables (an UPDATE of data, an INSERT whose foreign key finds no row) are ignored.
class ShadowSchema {
 public:
  ShadowSchema()
      : conn_(SqliteConnection::open(":memory:", SqliteConnection::OpenMode::read_write_create)) {
    conn_->execute("PRAGMA foreign_keys=OFF");
  }

  RenderContext context() {
    RenderContext ctx;
    ctx.offline = true;
    ctx.lookup_table = [this](const std::string& table) {
      return reflect_table_state(*conn_, table);
    };
    return ctx;
  }

  void run(const std::string& sql) {
    try {
      conn_->execute(sql);
    } catch (const Error&) {
      // Data statements on empty tables; the schema is what is followed.
    }
  }

  // Brings the shadow through one step: the statements the step's ops render, and the SQL of
  // its `execute` ops (DDL in them counts too).
  void apply(const SqlDialect& dialect, const MigrationStep& step) {
    for (const Op& op : ops_of(step)) {
      if (!op.runs_on(Dialect::sqlite)) continue;
      if (const auto* ex = std::get_if<Execute>(&op.body)) {
        if (const std::string* sql = ex->sql.for_dialect(Dialect::sqlite)) run(*sql);
        continue;
      }
      if (std::holds_alternative<Assert>(op.body) || std::holds_alternative<Call>(op.body) ||
          std::holds_alternative<Irreversible>(op.body))
        continue;
      for (const std::string& sql : dialect.render(op, context())) run(sql);
    }
  }

 private:
  std::unique_ptr<SqliteConnection> conn_;
};

}  // namespace

std::string render_offline_script(const std::vector<MigrationStep>& steps,
                                  const OfflineOptions& options) {
  if (options.one_transaction) require_one_transaction(steps);
  const SqlDialect& dialect = dialect_for(options.dialect);
  const std::string table = dialect.quote_identifier(options.version_table);
  std::string out = "-- retort " + std::string(version()) + " offline script for " +
                    std::string(dialect_name(options.dialect)) + "\n\n";
  if (options.dialect == Dialect::postgresql) {
    // What the online run sets for each transaction (runner/migration_lock.hpp), set here once
    // for the script's session. The value is the validated duration in milliseconds.
    const auto settings =
        pg_timeout_settings(options.pg_lock_timeout, options.pg_statement_timeout);
    for (const PgSetting& s : settings)
      out += "SET " + s.name + " = " + dialect.quote_literal(s.value) + ";\n";
    if (!settings.empty()) out += "\n";
  }
  // Followed only when some step rebuilds a table (SQLite); otherwise nothing is needed.
  std::unique_ptr<ShadowSchema> shadow;
  if (options.dialect == Dialect::sqlite) {
    for (const MigrationStep& step : steps) {
      if (!dialect.any_needs_table_state(ops_of(step))) continue;
      shadow = std::make_unique<ShadowSchema>();
      for (const MigrationStep& before : options.steps_before) shadow->apply(dialect, before);
      break;
    }
  }
  // --transaction all: one transaction from the version table to the last version row; SQLite's
  // rebuild procedure then wraps the whole script (foreign keys cannot change inside it).
  const bool one = options.one_transaction;
  if (one) {
    out += "-- --transaction all: every revision in one transaction\n";
    if (shadow) out += "PRAGMA foreign_keys=OFF;\n";
    out += "BEGIN;\n\n";
  }
  if (options.create_version_table)
    out += terminated(dialect.create_version_table(options.version_table)) + "\n\n";

  for (const MigrationStep& step : steps) {
    const Revision* rev = step.revision;
    const bool stamp = step.direction == MigrationStep::Direction::stamp;
    const char* word = stamp                                                 ? "stamp"
                       : step.direction == MigrationStep::Direction::upgrade ? "upgrade"
                                                                             : "downgrade";
    out += "-- Running " + std::string(word) + " " + join(step.from_revisions, ", ") + " -> " +
           join(step.to_revisions, ", ") + (rev ? ", " + rev->message : "") + "\n";
    const bool transactional = !rev || rev->transactional || stamp;
    std::string body;
    if (rev && !stamp) {
      const auto& ops = ops_of(step);
      for (size_t i = 0; i < ops.size(); ++i) {
        const Op& op = ops[i];
        if (std::string why = skip_reason(op, options.dialect); !why.empty()) {
          body += "-- skipped on " + std::string(dialect_name(options.dialect)) + ": " +
                  std::string(op_name(op.body)) +
                  (op.runs_on(options.dialect) ? " (" + why + ")" : "") + "\n";
          continue;
        }
        const std::vector<GuardQuery> guards = dialect.guard_queries(op);
        auto place = [&] {
          return "revision " + rev->id + ", op " + std::to_string(i + 1) + " (" +
                 std::string(op_name(op.body)) + (op.where.empty() ? "" : " at " + op.where.str()) +
                 ")";
        };
        if (options.dialect == Dialect::sqlite &&
            (!guards.empty() || dialect.existence_form(op) == ExistenceForm::table_definition)) {
          const std::string what =
              guards.empty() ? std::string(existence_guard(op.body)) : guards.front().label;
          throw Error(ErrorKind::usage,
                      place() + " has a guard (" + what +
                          ") that must be checked against the database when the op runs, and "
                          "SQLite has no conditional statement an offline script could write "
                          "it with; run `retort upgrade` against the database instead, or "
                          "drop the guard (docs/migration-files.md, \"Guards\")");
        }
        if (!guards.empty()) {
          // PostgreSQL: the guards and the op's statements in one DO block.
          const bool concurrent =
              std::visit(Overloaded{[](const CreateIndex& o) { return o.concurrently; },
                                    [](const DropIndex& o) { return o.concurrently; },
                                    [](const auto&) { return false; }},
                         op.body);
          if (concurrent)
            throw Error(ErrorKind::usage,
                        place() +
                            " is guarded and runs CONCURRENTLY, which PostgreSQL cannot "
                            "run inside the DO block an offline script checks guards in; "
                            "run `retort upgrade` against the database instead");
          std::vector<std::string> statements;
          if (const auto* ex = std::get_if<Execute>(&op.body)) {
            if (ex->repeat_until_zero)
              body += "-- repeat_until_zero: run this block until it changes no rows\n";
            statements.push_back(*ex->sql.for_dialect(options.dialect));
          } else if (!std::holds_alternative<Assert>(op.body) &&
                     !std::holds_alternative<Call>(op.body) &&
                     !std::holds_alternative<Irreversible>(op.body)) {
            RenderContext ctx;
            ctx.offline = true;
            statements = dialect.render(op, ctx);
          }
          if (!statements.empty()) {
            body += guarded_block(guards, statements);
            continue;
          }
        }
        std::visit(
            Overloaded{
                [&](const Execute& ex) {
                  const std::string* sql = ex.sql.for_dialect(options.dialect);
                  if (!sql) return;
                  if (ex.repeat_until_zero)
                    body += "-- repeat_until_zero: run this statement until it changes no rows\n";
                  body += terminated(*sql) + "\n";
                  if (shadow) shadow->run(*sql);
                },
                [&](const Assert& as) {
                  if (auto* sql = as.sql.for_dialect(options.dialect))
                    body +=
                        commented("assert (not evaluated offline): " + as.message + "\n" + *sql) +
                        "\n";
                },
                [&](const Call& call) {
                  throw Error(ErrorKind::usage,
                              "revision " + rev->id + ": `call: " + call.name +
                                  "` runs C++ code registered by an embedding program and "
                                  "cannot be written as offline SQL");
                },
                [&](const Irreversible& irr) {
                  throw Error(ErrorKind::failure,
                              "cannot downgrade past revision " + rev->id +
                                  ": its downgrade is irreversible: " + irr.reason);
                },
                [&](const auto&) {
                  RenderContext ctx;
                  ctx.offline = true;
                  if (shadow) ctx = shadow->context();
                  for (const auto& sql : dialect.render(op, ctx)) {
                    body += terminated(sql) + "\n";
                    if (shadow) shadow->run(sql);
                  }
                },
            },
            op.body);
      }
    }
    std::string rows;
    for (const auto& r : step.rows.deleted)
      rows += "DELETE FROM " + table + " WHERE version_num = " + dialect.quote_literal(r) + ";\n";
    for (const auto& [from, to] : step.rows.updated)
      rows += "UPDATE " + table + " SET version_num = " + dialect.quote_literal(to) +
              " WHERE version_num = " + dialect.quote_literal(from) + ";\n";
    for (const auto& r : step.rows.inserted)
      rows +=
          "INSERT INTO " + table + " (version_num) VALUES (" + dialect.quote_literal(r) + ");\n";
    if (one) {
      out += body + rows + "\n";
    } else if (transactional && shadow && dialect.any_needs_table_state(ops_of(step))) {
      // As the runner does it (SQLite's documented procedure): foreign keys off around the
      // transaction, the whole database checked before COMMIT.
      out += "PRAGMA foreign_keys=OFF;\nBEGIN;\n" + body + rows +
             "PRAGMA foreign_key_check;  -- must return no rows\nCOMMIT;\n"
             "PRAGMA foreign_keys=ON;\n\n";
    } else if (transactional) {
      out += "BEGIN;\n" + body + rows + "COMMIT;\n\n";
    } else {
      out += "-- transactional: false: these statements run outside a transaction\n" + body +
             "BEGIN;\n" + rows + "COMMIT;\n\n";
    }
  }
  if (one) {
    if (shadow) out += "PRAGMA foreign_key_check;  -- must return no rows\n";
    out += "COMMIT;\n";
    if (shadow) out += "PRAGMA foreign_keys=ON;\n";
  }
  return out;
}

}  // namespace retort
