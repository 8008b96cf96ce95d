#include "lint/lint.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "base/overloaded.hpp"
#include "base/strings.hpp"

namespace retort {

const std::vector<std::pair<std::string, std::string>>& lint_rules() {
  static const std::vector<std::pair<std::string, std::string>> kRules = {
      {"R101", "drop_table"},
      {"R102", "drop_column"},
      {"R103", "rename_table"},
      {"R104", "rename_column"},
      {"R105", "alter column type (rewrite / incompatible)"},
      {"R106", "set NOT NULL on an existing column"},
      {"R107", "add NOT NULL column without server_default"},
      {"R108", "create_index without concurrently on PostgreSQL on an existing table"},
      {"R109", "foreign key without not_valid on an existing table"},
      {"R110", "concurrently inside a transactional revision"},
      {"R111", "downgrade missing or [] while upgrade changes schema"},
      {"R112", "execute without guard on data (UPDATE/DELETE without WHERE)"},
      {"R113", "irreversible downgrade"},
      {"R114", "identifier longer than PostgreSQL's 63 bytes"},
  };
  return kRules;
}

namespace {

// Whether `word` occurs in `sql` as a whole word outside string literals (case-insensitive).
bool has_keyword(const std::string& sql, const std::string& word) {
  const std::string u = upper(sql);
  bool in_string = false;
  for (size_t i = 0; i < u.size(); ++i) {
    char c = u[i];
    if (c == '\'') in_string = !in_string;
    if (in_string) continue;
    if (u.compare(i, word.size(), word) == 0) {
      bool left =
          i == 0 || !(std::isalnum(static_cast<unsigned char>(u[i - 1])) || u[i - 1] == '_');
      size_t end = i + word.size();
      bool right =
          end >= u.size() || !(std::isalnum(static_cast<unsigned char>(u[end])) || u[end] == '_');
      if (left && right) return true;
    }
  }
  return false;
}

// UPDATE or DELETE with no WHERE: touches every row.
bool unbounded_dml(const std::string& sql) {
  return (has_keyword(sql, "UPDATE") || has_keyword(sql, "DELETE")) && !has_keyword(sql, "WHERE");
}

// validate_constraint checks rows and changes no definition: there is nothing to undo.
bool changes_schema(const Op& op) {
  return !std::holds_alternative<Execute>(op.body) && !std::holds_alternative<Assert>(op.body) &&
         !std::holds_alternative<BulkInsert>(op.body) && !std::holds_alternative<Call>(op.body) &&
         !std::holds_alternative<ValidateConstraint>(op.body);
}

bool runs_on_postgresql(const Op& op) {
  return op.runs_on(Dialect::postgresql);
}

class RevisionLinter {
 public:
  RevisionLinter(const Revision& rev, const LintOptions& options, std::vector<LintFinding>& out)
      : rev_(rev), options_(options), out_(out) {}

  void run() {
    bool schema_change = false;
    for (const Op& op : rev_.upgrade) {
      check_upgrade_op(op);
      schema_change |= changes_schema(op);
      if (auto* ct = std::get_if<CreateTable>(&op.body)) created_.insert(ct->table.name);
    }
    bool irreversible = false;
    for (const Op& op : rev_.downgrade) {
      if (auto* irr = std::get_if<Irreversible>(&op.body)) {
        irreversible = true;
        report(op, "R113",
               "the downgrade of revision " + rev_.id + " is irreversible: " + irr->reason,
               "keep what the downgrade would need (a backup table or column) so it can be undone, "
               "or accept it after review with lint_allow: [R113]");
      }
    }
    check_long_identifiers();
    if (schema_change && rev_.downgrade.empty() && !irreversible)
      report_revision(
          "R111",
          "revision " + rev_.id + " changes the schema but its downgrade is [] (nothing to undo)",
          "write the inverse ops in downgrade, or say why not with "
          "`- irreversible: \"reason\"`",
          "make the downgrade `- irreversible: \"reason\"` and put lint_allow: [R113] "
          "on that op");
  }

 private:
  bool existing(const std::string& table) const { return !created_.count(table); }

  void check_upgrade_op(const Op& op) {
    std::visit(
        Overloaded{
            [&](const DropTable& o) {
              report(op, "R101", "drops table " + o.table + " and every row in it",
                     "stop using the table in the application first, deploy, then drop it in a "
                     "later revision (keep a backup)");
            },
            [&](const DropColumn& o) {
              report(op, "R102", "drops column " + o.table + "." + o.column + " and its data",
                     "stop reading and writing the column in the application first, deploy, "
                     "then drop it in a later revision");
            },
            [&](const RenameTable& o) {
              report(op, "R103",
                     "renames table " + o.table + " to " + o.to +
                         ": running application code still uses the old name",
                     "create the new table (or a view under the new name), write to both, "
                     "move readers, then drop the old one");
            },
            [&](const AlterColumn& o) {
              if (o.rename_to)
                report(op, "R104",
                       "renames column " + o.table + "." + o.column + " to " + *o.rename_to +
                           ": running application code still uses the old name",
                       "add the new column, write to both, backfill, move readers, then drop the "
                       "old column");
              if (o.type)
                report(op, "R105",
                       "changes the type of " + o.table + "." + o.column +
                           ": may rewrite the table under an exclusive lock, and fail "
                           "on values that do not convert",
                       "add a new column of the new type, backfill it in batches "
                       "(repeat_until_zero), switch the application, then drop the old column");
              if (o.nullable && !*o.nullable && existing(o.table))
                report(op, "R106",
                       "sets " + o.table + "." + o.column +
                           " NOT NULL: scans the whole table under an exclusive lock "
                           "and fails if any row is NULL",
                       "backfill the NULLs in batches first; on PostgreSQL add a CHECK (" +
                           o.column +
                           " IS NOT NULL) NOT VALID constraint, VALIDATE it, then set "
                           "NOT NULL");
            },
            [&](const AddColumn& o) {
              if (!o.column.nullable && !o.column.server_default && !o.column.primary_key &&
                  existing(o.table))
                report(op, "R107",
                       "adds NOT NULL column " + o.table + "." + o.column.name +
                           " without a server_default: fails on a table that has rows",
                       "add it nullable, backfill in batches, then set NOT NULL (or give it a "
                       "server_default)");
            },
            [&](const CreateIndex& o) {
              if (!o.concurrently && runs_on_postgresql(op) && existing(o.table))
                report(op, "R108",
                       "creates index " + o.index.name + " on existing table " + o.table +
                           " without concurrently: PostgreSQL blocks writes "
                           "to the table while it builds",
                       "use concurrently: true in a revision with transactional: false");
            },
            [&](const CreateForeignKey& o) {
              if (!o.fk.not_valid && runs_on_postgresql(op) && existing(o.table))
                report(op, "R109",
                       "adds foreign key " + o.fk.name + " on existing table " + o.table +
                           " without not_valid: PostgreSQL scans the table "
                           "under a lock that blocks writes",
                       "add it with not_valid: true, then validate it in a later revision "
                       "(validate_constraint: {name: …, table: …})");
            },
            [&](const Execute& o) {
              if (!op.only_if.empty() || !op.unless.empty()) return;
              std::vector<const std::string*> texts;
              if (o.sql.common) texts.push_back(&*o.sql.common);
              for (const auto& [d, sql] : o.sql.per_dialect) texts.push_back(&sql);
              for (const std::string* sql : texts)
                if (unbounded_dml(*sql)) {
                  report(op, "R112",
                         "execute runs UPDATE/DELETE without WHERE and without a "
                         "guard: it touches every row, every time it runs",
                         "add a WHERE clause, a guard (only_if/unless), or batch it with "
                         "repeat_until_zero");
                  return;
                }
            },
            [&](const auto&) {},
        },
        op.body);
    if (!rev_.transactional) return;
    bool concurrent = false;
    if (auto* ci = std::get_if<CreateIndex>(&op.body)) concurrent = ci->concurrently;
    if (auto* di = std::get_if<DropIndex>(&op.body)) concurrent = di->concurrently;
    if (concurrent)
      report(op, "R110",
             "concurrently inside a transactional revision: PostgreSQL refuses "
             "CREATE/DROP INDEX CONCURRENTLY in a transaction",
             "set transactional: false on the revision (and keep its other ops idempotent)");
  }

  // R114: a name PostgreSQL would cut to 63 bytes, in an op that may run there (loading for a
  // PostgreSQL project already refuses it; this finds it in files written for SQLite or for
  // both). Reported at the name itself; the op that holds it may `lint_allow` it.
  void check_long_identifiers() {
    for (const LongIdentifier& id : rev_.long_identifiers) {
      const Op* holder = nullptr;
      for (const std::vector<Op>* list : {&rev_.upgrade, &rev_.downgrade})
        for (const Op& op : *list)
          if (op.where.line <= id.where.line && (!holder || op.where.line > holder->where.line))
            holder = &op;
      if (holder && !runs_on_postgresql(*holder)) continue;
      if (ignored("R114", holder)) continue;
      out_.push_back({"R114",
                      "identifier '" + id.name + "' is " + std::to_string(id.name.size()) +
                          " bytes long: PostgreSQL silently cuts names to 63 bytes, so the "
                          "database would not have the name this file says (and two names that "
                          "share their first 63 bytes collide)",
                      "shorten it to at most 63 bytes, or give the op `dialect: sqlite`",
                      "lint_allow: [R114] on the op", rev_.id, id.where});
    }
  }

  bool ignored(const std::string& code, const Op* op) const {
    if (std::find(options_.ignore.begin(), options_.ignore.end(), code) != options_.ignore.end())
      return true;
    return op &&
           std::find(op->lint_allow.begin(), op->lint_allow.end(), code) != op->lint_allow.end();
  }

  void report(const Op& op, const std::string& code, const std::string& message,
              const std::string& recipe) {
    if (ignored(code, &op)) return;
    out_.push_back({code, message, recipe, "lint_allow: [" + code + "] on the op", rev_.id,
                    op.where.empty() ? rev_.where : op.where});
  }
  // A finding about the revision as a whole has no op to carry lint_allow: `allow` says what
  // accepts it instead.
  void report_revision(const std::string& code, const std::string& message,
                       const std::string& recipe, const std::string& allow) {
    if (ignored(code, nullptr)) return;
    out_.push_back({code, message, recipe, allow, rev_.id, rev_.where});
  }

  const Revision& rev_;
  const LintOptions& options_;
  std::vector<LintFinding>& out_;
  std::set<std::string> created_;  // tables created earlier in this revision
};

}  // namespace

std::vector<LintFinding> lint_revisions(const std::vector<const Revision*>& revisions,
                                        const LintOptions& options) {
  std::vector<LintFinding> out;
  for (const Revision* rev : revisions) RevisionLinter(*rev, options, out).run();
  return out;
}

}  // namespace retort
