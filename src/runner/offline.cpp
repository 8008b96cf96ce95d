#include "runner/offline.hpp"

#include "base/overloaded.hpp"
#include "base/strings.hpp"
#include "dialect/dialect.hpp"

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

}  // namespace

std::string render_offline_script(const std::vector<MigrationStep>& steps,
                                  const OfflineOptions& options) {
  const SqlDialect& dialect = dialect_for(options.dialect);
  const std::string table = dialect.quote_identifier(options.version_table);
  std::string out = "-- retort " RETORT_VERSION " offline script for " +
                    std::string(dialect_name(options.dialect)) + "\n\n";
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
      const auto& ops =
          step.direction == MigrationStep::Direction::upgrade ? rev->upgrade : rev->downgrade;
      for (size_t i = 0; i < ops.size(); ++i) {
        const Op& op = ops[i];
        if (!op.runs_on(options.dialect)) {
          body += "-- skipped on " + std::string(dialect_name(options.dialect)) + ": " +
                  std::string(op_name(op.body)) + "\n";
          continue;
        }
        std::visit(
            Overloaded{
                [&](const Execute& ex) {
                  const std::string* sql = ex.sql.for_dialect(options.dialect);
                  if (!sql) return;
                  if (auto* g = ex.only_if.for_dialect(options.dialect))
                    body += commented("only_if (not evaluated offline): " + *g) + "\n";
                  if (auto* g = ex.unless.for_dialect(options.dialect))
                    body += commented("unless (not evaluated offline): " + *g) + "\n";
                  if (ex.repeat_until_zero)
                    body += "-- repeat_until_zero: run this statement until it changes no rows\n";
                  body += terminated(*sql) + "\n";
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
                  if (dialect.needs_table_state(op))
                    throw Error(ErrorKind::usage,
                                "revision " + rev->id + ", op " + std::to_string(i + 1) + " (" +
                                    std::string(op_name(op.body)) +
                                    (op.where.empty() ? "" : " at " + op.where.str()) +
                                    "): SQLite must rebuild the table for this op, which needs "
                                    "the table's current definition; offline SQL cannot do "
                                    "that. Run it against the database (try --dry-run first)");
                  RenderContext ctx;
                  ctx.offline = true;
                  for (const auto& sql : dialect.render(op, ctx)) body += terminated(sql) + "\n";
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
    if (transactional) {
      out += "BEGIN;\n" + body + rows + "COMMIT;\n\n";
    } else {
      out += "-- transactional: false: these statements run outside a transaction\n" + body +
             "BEGIN;\n" + rows + "COMMIT;\n\n";
    }
  }
  return out;
}

}  // namespace retort
