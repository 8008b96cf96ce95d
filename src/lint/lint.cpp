#include "lint/lint.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "base/overloaded.hpp"
#include "base/strings.hpp"
#include "sql/lexer.hpp"
#include "sql/pg_parse.hpp"
#include "sql/sql_syntax.hpp"

namespace retort {

const std::vector<LintRule>& lint_rules() {
  static const std::vector<LintRule> kRules = {
      {"R101", "`drop_table`", "data loss",
       "stop using the table in the application first, deploy, then drop it in a later revision "
       "(keep a backup)"},
      {"R102", "`drop_column`", "data loss",
       "stop reading and writing the column in the application first, deploy, then drop it in a "
       "later revision"},
      {"R103", "`rename_table`", "breaks running code",
       "create the new table (or a view under the new name), write to both, move readers, then "
       "drop the old one"},
      {"R104", "`alter_column` with `rename_to`", "breaks running code",
       "add the new column, write to both, backfill, move readers, then drop the old column"},
      {"R105", "`alter_column` with `type`", "rewrite under lock, conversion failure",
       "add a new column of the new type, backfill it in batches (repeat_until_zero), switch the "
       "application, then drop the old column"},
      {"R106", "`alter_column` with `nullable: false` on an existing table",
       "scan under lock, failure on NULLs",
       "backfill the NULLs in batches first; on PostgreSQL add a CHECK (column IS NOT NULL) NOT "
       "VALID constraint, VALIDATE it, then set NOT NULL"},
      {"R107", "`add_column` NOT NULL without `server_default` on an existing table",
       "failure on a table with rows",
       "add it nullable, backfill in batches, then set NOT NULL (or give it a server_default)"},
      {"R108", "`create_index` without `concurrently` on an existing table (PostgreSQL)",
       "writes blocked while it builds",
       "use concurrently: true in a revision with transactional: false"},
      {"R109", "`create_foreign_key` without `not_valid` on an existing table (PostgreSQL)",
       "writes blocked while it scans",
       "add it with not_valid: true, then validate it in a later revision "
       "(validate_constraint: {name: …, table: …})"},
      {"R110", "`concurrently: true` in a transactional revision", "PostgreSQL refuses it",
       "set transactional: false on the revision (and keep its other ops idempotent)"},
      {"R111", "a schema change whose `downgrade` is `[]`", "no way back",
       "write the inverse ops in downgrade, or say why not with `- irreversible: \"reason\"`"},
      {"R112", "`execute` with `UPDATE`/`DELETE` without `WHERE` and without a guard",
       "touches every row, on every run",
       "add a WHERE clause, a guard (only_if/unless), or batch it with repeat_until_zero"},
      {"R113", "an `irreversible` downgrade", "no way back",
       "keep what the downgrade would need (a backup table or column) so it can be undone, or "
       "accept it after review with lint_allow: [R113]"},
      {"R114", "a name over 63 bytes in an op that may run on PostgreSQL",
       "silently cut: the database holds another name",
       "shorten it to at most 63 bytes, or give the op `dialect: sqlite`"},
      {"R120", "`create_check_constraint` without `not_valid` on an existing table (PostgreSQL)",
       "writes blocked while it scans",
       "add it with not_valid: true (new rows are checked at once), then validate_constraint in "
       "a later revision: VALIDATE scans without blocking writes"},
      {"R121", "a unique constraint or primary key added to an existing table (PostgreSQL)",
       "writes blocked while its index builds",
       "build the index first with create_index (unique, concurrently: true) in a revision with "
       "transactional: false, then add the constraint on it: ALTER TABLE … ADD CONSTRAINT … "
       "UNIQUE USING INDEX … (or PRIMARY KEY USING INDEX) in an execute"},
      {"R122", "`validate_constraint` in the same transaction as the `not_valid` it validates",
       "writes blocked while it scans",
       "validate it in a later revision: in the same transaction the scan runs under the lock "
       "that adding the constraint took, which blocks writes until the commit"},
      {"R123",
       "a volatile default (`{uuid: true}`, `gen_random_uuid()`, …) on a column added "
       "to an existing table (PostgreSQL)",
       "table rewritten under lock",
       "add the column without a default (or with a constant one), give it the default for new "
       "rows with alter_column server_default, then backfill the existing rows in batches"},
      {"R124", "`drop_index` without `concurrently` (PostgreSQL)", "reads and writes blocked",
       "use concurrently: true in a revision with transactional: false"},
      {"R125", "`TRUNCATE … CASCADE` in an `execute`", "empties tables it does not name",
       "name every table to empty, without CASCADE"},
      {"R126", "a `char(n)` column", "space-padded values, no gain over text",
       "use string(n) (varchar) or text"},
      {"R127", "an `integer` primary key (opt-in)", "overflows at 2^31 rows; widening rewrites",
       "use bigint (the change later is a rewrite of the table under lock)", true},
      {"R128", "`datetime` without time zone (opt-in)", "ambiguous instants",
       "use datetime(tz) (timestamptz): it stores an instant", true},
      {"R129",
       "a change that locks an existing table (ACCESS EXCLUSIVE) while `[postgresql] "
       "lock_timeout` is `\"\"`, in a revision that sets none (PostgreSQL)",
       "every query on the table queues behind it",
       "keep a lock_timeout in retort.toml ([postgresql] lock_timeout, 10s by default), or start "
       "the revision with `- execute: \"SET LOCAL lock_timeout = '5s'\"`"},
      {"R130",
       "`replace_function` with other arguments or another return type than the function "
       "it replaces (PostgreSQL)",
       "a second function beside the old one, or a failure",
       "CREATE OR REPLACE keeps a function's signature: other argument types make a new "
       "overload beside the old function (callers still reach the old one), other argument "
       "names or another return type fail. Use drop_function then create_function (and update "
       "what calls it), or give the new signature a new name"},
      {"R131",
       "dropping, renaming or changing the type of a table, column or view that a view reads",
       "a failure, or a view that no longer says what its definition says",
       "in the same revision, drop_view the views that read it first and create them again "
       "after the change (replace_view when only the definition changes); PostgreSQL refuses "
       "to drop or retype what a view reads, and follows a rename silently"},
      {"R132", "`create_extension` without `if_not_exists` (PostgreSQL)",
       "a failure where the extension is already installed",
       "add if_not_exists: true: extensions are per database and often installed by the "
       "platform (or an earlier tool) before the first migration"},
  };
  return kRules;
}

const LintRule* find_lint_rule(std::string_view code) {
  for (const LintRule& r : lint_rules())
    if (r.code == code) return &r;
  return nullptr;
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

// UPDATE or DELETE with no WHERE: touches every row (SQL that PostgreSQL's parser did not read).
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

// PostgreSQL's name of a type written as SQL (`char(3)` → "bpchar", `timestamp` → "timestamp"),
// read by its parser; "" when it does not parse as a type.
std::string pg_type_of_sql(const std::string& sql) {
  PgParse p = pg_parse("CREATE TABLE t (c " + sql + ")");
  if (p.error || p.statements.size() != 1 || p.statements[0].changes.size() != 1 ||
      p.statements[0].changes[0].columns.size() != 1)
    return "";
  return p.statements[0].changes[0].columns[0].type;
}

// PostgreSQL's name of a typed column type, for the rules about types (R126–R128).
std::string pg_type_of(const Type& t) {
  switch (t.kind) {
    case Type::Kind::integer:
      return "int4";
    case Type::Kind::bigint:
      return "int8";
    case Type::Kind::datetime:
      return t.timezone ? "timestamptz" : "timestamp";
    case Type::Kind::custom:
      if (const std::string* sql = t.custom_sql.for_dialect(Dialect::postgresql))
        return pg_type_of_sql(*sql);
      return "";
    default:
      return "";
  }
}

// Whether a server default gives each row its own value (PostgreSQL then rewrites the table to
// add the column): `{uuid: true}`, or SQL that calls such a function.
bool volatile_default(const DefaultValue& d) {
  if (d.kind == DefaultValue::Kind::uuid) return true;
  if (d.kind != DefaultValue::Kind::sql) return false;
  const std::string* sql = d.sql.for_dialect(Dialect::postgresql);
  if (sql == nullptr) return false;
  const std::vector<SqlToken> tokens = tokenize_sql(*sql, false);
  for (size_t i = 0; i + 1 < tokens.size(); ++i)
    if (tokens[i].kind == SqlToken::Kind::word && tokens[i + 1].is("(") &&
        pg_volatile_function(tokens[i].text))
      return true;
  return false;
}

SqlChange column_change(const ColumnSpec& c, const std::string& table) {
  SqlChange s;
  s.kind = SqlChange::Kind::add_column;
  s.table = table;
  s.column = c.name;
  s.not_null = !c.nullable;
  s.primary_key = c.primary_key;
  s.has_default = c.server_default || c.identity || c.generated;
  s.volatile_default = c.server_default && volatile_default(*c.server_default);
  s.type = pg_type_of(c.type);
  return s;
}

// A typed view as the parser describes CREATE VIEW: its PostgreSQL definition's reads (none
// when it has no PostgreSQL text, or the text is not one query).
void view_change(const ViewSpec& v, SqlChange& c) {
  c.name = v.name;
  if (const std::string* sql = v.definition.for_dialect(Dialect::postgresql))
    if (auto reads = pg_query_reads(*sql)) c.reads = std::move(*reads);
}

// A typed function as the parser describes CREATE [OR REPLACE] FUNCTION (nothing when its
// arguments or return type do not parse: the loader has said so already).
void function_change(const FunctionSpec& f, bool replace, std::vector<SqlChange>& out) {
  if (auto c = pg_function_signature(f.arguments, f.returns)) {
    c->name = f.name;
    c->replace = replace;
    out.push_back(std::move(*c));
  }
}

// A name without the `public.` schema PostgreSQL puts unqualified names in.
std::string unqualified(const std::string& name) {
  return name.starts_with("public.") ? name.substr(7) : name;
}

// What the revisions linted so far have created, for the rules that compare an op with an
// earlier one (R130, R131): kept across revisions, oldest first.
struct LintHistory {
  std::map<std::string, SqlReads> views;  // view name (without `public.`) → what it reads
  struct Function {
    std::string arguments;  // as SqlChange::arguments says them
    std::string returns;
  };
  std::map<std::string, Function> functions;  // function name (without `public.`)
};

// What a typed op changes, described as the SQL parser describes a statement.
std::vector<SqlChange> changes_of(const Op& op) {
  std::vector<SqlChange> out;
  auto add = [&](SqlChange::Kind kind, std::string table) -> SqlChange& {
    SqlChange& c = out.emplace_back();
    c.kind = kind;
    c.table = std::move(table);
    return c;
  };
  using K = SqlChange::Kind;
  std::visit(
      Overloaded{
          [&](const CreateTable& o) {
            SqlChange& c = add(K::create_table, o.table.name);
            for (const ColumnSpec& col : o.table.columns)
              c.columns.push_back(column_change(col, o.table.name));
          },
          [&](const DropTable& o) { add(K::drop_table, o.table); },
          [&](const RenameTable& o) { add(K::rename_table, o.table).new_name = o.to; },
          [&](const DropColumn& o) { add(K::drop_column, o.table).column = o.column; },
          [&](const AddColumn& o) { out.push_back(column_change(o.column, o.table)); },
          [&](const AlterColumn& o) {
            // The rename last: the other changes name the column by its old name.
            if (o.type) {
              SqlChange& c = add(K::alter_column_type, o.table);
              c.column = o.column;
              c.type = pg_type_of(*o.type);
            }
            if (o.nullable && !*o.nullable) add(K::set_not_null, o.table).column = o.column;
            if (o.rename_to) {
              SqlChange& c = add(K::rename_column, o.table);
              c.column = o.column;
              c.new_name = *o.rename_to;
            }
          },
          [&](const CreateIndex& o) {
            SqlChange& c = add(K::create_index, o.table);
            c.name = o.index.name;
            c.concurrently = o.concurrently;
            c.unique = o.index.unique;
          },
          [&](const DropIndex& o) {
            SqlChange& c = add(K::drop_index, o.table);
            c.name = o.name;
            c.concurrently = o.concurrently;
          },
          [&](const CreateForeignKey& o) {
            SqlChange& c = add(K::add_constraint, o.table);
            c.name = o.fk.name;
            c.constraint = SqlChange::Constraint::foreign_key;
            c.not_valid = o.fk.not_valid;
          },
          [&](const CreateCheckConstraint& o) {
            SqlChange& c = add(K::add_constraint, o.table);
            c.name = o.check.name;
            c.constraint = SqlChange::Constraint::check;
            c.not_valid = o.check.not_valid;
          },
          [&](const CreateUniqueConstraint& o) {
            SqlChange& c = add(K::add_constraint, o.table);
            c.name = o.unique.name;
            c.constraint = SqlChange::Constraint::unique;
          },
          [&](const CreatePrimaryKey& o) {
            SqlChange& c = add(K::add_constraint, o.table);
            c.name = o.pk.name;
            c.constraint = SqlChange::Constraint::primary_key;
          },
          [&](const ValidateConstraint& o) { add(K::validate_constraint, o.table).name = o.name; },
          [&](const CreateView& o) { view_change(o.view, add(K::create_view, "")); },
          [&](const ReplaceView& o) { view_change(o.view, add(K::create_view, "")); },
          [&](const DropView& o) { add(K::drop_view, "").name = o.name; },
          [&](const CreateFunction& o) { function_change(o.function, false, out); },
          [&](const ReplaceFunction& o) { function_change(o.function, true, out); },
          [&](const DropFunction& o) { add(K::drop_function, "").name = o.name; },
          [&](const CreateExtension& o) {
            SqlChange& c = add(K::create_extension, "");
            c.name = o.extension.name;
            c.if_not_exists = o.if_not_exists;
          },
          [&](const auto&) {},
      },
      op.body);
  return out;
}

class RevisionLinter {
 public:
  RevisionLinter(const Revision& rev, const LintOptions& options, LintHistory& history,
                 std::vector<LintFinding>& out)
      : rev_(rev), options_(options), history_(history), out_(out) {}

  void run() {
    bool schema_change = false;
    for (const Op& op : rev_.upgrade) {
      check_upgrade_op(op);
      schema_change |= changes_schema(op);
    }
    bool irreversible = false;
    for (const Op& op : rev_.downgrade) {
      if (auto* irr = std::get_if<Irreversible>(&op.body)) {
        irreversible = true;
        report(op, "R113",
               "the downgrade of revision " + rev_.id + " is irreversible: " + irr->reason);
      }
    }
    check_long_identifiers();
    if (schema_change && rev_.downgrade.empty() && !irreversible)
      report_revision(
          "R111",
          "revision " + rev_.id + " changes the schema but its downgrade is [] (nothing to undo)",
          "make the downgrade `- irreversible: \"reason\"` and put lint_allow: [R113] "
          "on that op");
  }

 private:
  bool existing(const std::string& table) const { return !created_.count(table); }

  void check_upgrade_op(const Op& op) {
    if (auto* ex = std::get_if<Execute>(&op.body)) {
      check_execute(op, *ex);
    } else {
      for (const SqlChange& c : changes_of(op)) check_change(op, c, "");
    }
    if (!rev_.transactional) return;
    bool concurrent = false;
    if (auto* ci = std::get_if<CreateIndex>(&op.body)) concurrent = ci->concurrently;
    if (auto* di = std::get_if<DropIndex>(&op.body)) concurrent = di->concurrently;
    if (concurrent)
      report(op, "R110",
             "concurrently inside a transactional revision: PostgreSQL refuses "
             "CREATE/DROP INDEX CONCURRENTLY in a transaction");
  }

  // An execute's SQL: the text that runs on PostgreSQL is read by PostgreSQL's parser and each
  // statement's changes go through the same rules as typed ops; text the parser cannot read
  // (SQLite's, or SQL that does not parse) is only searched for UPDATE/DELETE without WHERE.
  void check_execute(const Op& op, const Execute& ex) {
    const bool guarded = !op.only_if.empty() || !op.unless.empty();
    std::vector<const std::string*> unparsed;
    const std::string* pg_text =
        runs_on_postgresql(op) ? ex.sql.for_dialect(Dialect::postgresql) : nullptr;
    for (const std::string* text : {ex.sql.common ? &*ex.sql.common : nullptr})
      if (text && text != pg_text) unparsed.push_back(text);
    for (const auto& [d, sql] : ex.sql.per_dialect)
      if (&sql != pg_text) unparsed.push_back(&sql);
    bool dml_reported = false;
    if (pg_text) {
      PgParse parsed = pg_parse(*pg_text);
      if (parsed.error) {
        unparsed.push_back(pg_text);
      } else {
        for (const PgStatement& s : parsed.statements) {
          const std::string where = " (the statement at line " +
                                    std::to_string(sql_position(*pg_text, s.offset).line) +
                                    " of the execute's SQL)";
          for (const SqlChange& c : s.changes) {
            if ((c.kind == SqlChange::Kind::update || c.kind == SqlChange::Kind::delete_rows) &&
                !c.has_where && !guarded && !dml_reported) {
              report_r112(op, where);
              dml_reported = true;
            }
            check_change(op, c, where);
          }
        }
      }
    }
    if (guarded || dml_reported) return;
    for (const std::string* sql : unparsed)
      if (unbounded_dml(*sql)) {
        report_r112(op, "");
        return;
      }
  }

  void report_r112(const Op& op, const std::string& where) {
    report(op, "R112",
           "execute runs UPDATE/DELETE without WHERE and without a guard: it touches every row, "
           "every time it runs" +
               where);
  }

  // Whether a change takes an ACCESS EXCLUSIVE lock on its table (PostgreSQL's "Explicit
  // Locking": most ALTER TABLE forms, DROP, TRUNCATE, a plain DROP INDEX; not CREATE INDEX, a
  // foreign key or VALIDATE, which take weaker locks).
  static bool access_exclusive(const SqlChange& c) {
    using K = SqlChange::Kind;
    switch (c.kind) {
      case K::drop_table:
      case K::rename_table:
      case K::rename_column:
      case K::drop_column:
      case K::add_column:
      case K::alter_column_type:
      case K::set_not_null:
      case K::truncate:
        return true;
      case K::add_constraint:
        return c.constraint != SqlChange::Constraint::foreign_key;
      case K::drop_index:
        return !c.concurrently;
      default:
        return false;
    }
  }

  // R129: the first change of the revision that locks an existing table while no lock_timeout
  // is set (neither by the configuration nor by a `SET lock_timeout` earlier in the revision).
  void check_lock_timeout(const Op& op, const SqlChange& c, const std::string& where) {
    if (c.kind == SqlChange::Kind::set_lock_timeout) lock_timeout_set_ = true;
    if (lock_timeout_set_ || lock_timeout_reported_ || !runs_on_postgresql(op) ||
        !access_exclusive(c) || (!c.table.empty() && !existing(c.table)))
      return;
    lock_timeout_reported_ = true;
    report(op, "R129",
           "takes an ACCESS EXCLUSIVE lock on " + (c.table.empty() ? c.name : c.table) +
               " with no lock_timeout: waiting behind a long transaction, it makes every query "
               "on the table wait too" +
               where);
  }

  // R130: CREATE OR REPLACE of a function known from this or an earlier revision with another
  // signature. The function is then known by its new one.
  void check_function(const Op& op, const SqlChange& c, const std::string& where) {
    const std::string name = unqualified(c.name);
    auto before = history_.functions.find(name);
    if (c.replace && before != history_.functions.end() && runs_on_postgresql(op)) {
      const LintHistory::Function& was = before->second;
      if (was.arguments != c.arguments)
        report(op, "R130",
               "replaces function " + c.name + "(" + was.arguments + ") with " + c.name + "(" +
                   c.arguments +
                   "): PostgreSQL creates a second function beside the old one when the argument "
                   "types differ, and refuses other argument names or modes" +
                   where);
      else if (was.returns != c.type)
        report(op, "R130",
               "replaces function " + c.name + " returning " + was.returns +
                   " with one returning " + c.type +
                   ": PostgreSQL refuses to change a function's return type" + where);
    }
    history_.functions[name] = {c.arguments, c.type};
  }

  // R131: the views (known from this and earlier revisions) that read what `c` drops, renames
  // or retypes; `column` empty for a whole table or view.
  void check_view_readers(const Op& op, const SqlChange& c, const std::string& relation,
                          const std::string& column, const std::string& what,
                          const std::string& where) {
    const std::string target = unqualified(relation);
    std::vector<std::string> readers;
    for (const auto& [view, reads] : history_.views) {
      if (view == target) continue;
      bool reads_relation = false;
      for (const std::string& r : reads.relations) reads_relation |= unqualified(r) == target;
      if (!reads_relation) continue;
      if (!column.empty() && !reads.star &&
          std::find(reads.columns.begin(), reads.columns.end(), column) == reads.columns.end())
        continue;
      readers.push_back(view);
    }
    if (readers.empty()) return;
    const bool drop = c.kind == SqlChange::Kind::drop_table ||
                      c.kind == SqlChange::Kind::drop_column ||
                      c.kind == SqlChange::Kind::drop_view;
    const bool rename =
        c.kind == SqlChange::Kind::rename_table || c.kind == SqlChange::Kind::rename_column;
    report(op, "R131",
           what + " that view" + (readers.size() > 1 ? "s " : " ") + join(readers, ", ") +
               (readers.size() > 1 ? " read" : " reads") +
               (rename ? ": PostgreSQL's view follows the rename, but its definition in the "
                         "migration files and the model still names the old one"
                : drop ? ": PostgreSQL refuses the drop while a view depends on it (the "
                         "migration fails there)"
                       : ": PostgreSQL refuses to change the type of a column a view reads") +
               where);
  }

  // A PostgreSQL view holds the relations it reads, not their names, so it follows a rename of
  // a table, view or column: what the known views read is renamed here too, and a later drop of
  // the new name is still seen by R131. `column` empty: `relation` itself was renamed.
  void follow_rename(const std::string& relation, const std::string& column,
                     const std::string& new_name) {
    const std::string target = unqualified(relation);
    if (column.empty()) {
      if (auto node = history_.views.extract(target)) {
        node.key() = unqualified(new_name);
        history_.views.insert(std::move(node));
      }
    }
    for (auto& [view, reads] : history_.views) {
      bool reads_relation = false;
      for (std::string& r : reads.relations) {
        if (unqualified(r) != target) continue;
        reads_relation = true;
        if (column.empty()) r = new_name;
      }
      if (reads_relation && !column.empty())
        std::replace(reads.columns.begin(), reads.columns.end(), column, new_name);
    }
  }

  // The rules on one change, from a typed op or from a statement of an execute (`where` then
  // says which statement).
  void check_change(const Op& op, const SqlChange& c, const std::string& where) {
    using K = SqlChange::Kind;
    using C = SqlChange::Constraint;
    const bool pg = runs_on_postgresql(op);
    check_lock_timeout(op, c, where);
    auto type_rules = [&](const SqlChange& col) {
      if (!pg || col.type.empty()) return;
      if (col.type == "bpchar")
        report(op, "R126",
               "column " + col.table + "." + col.column +
                   " is char(n): values are padded with spaces, and it is no faster than text" +
                   where);
      if (col.primary_key && (col.type == "int4" || col.type == "serial" || col.type == "serial4"))
        report(op, "R127",
               "primary key " + col.table + "." + col.column +
                   " is an integer: it overflows at 2^31 rows, and widening it later rewrites "
                   "the table under lock" +
                   where);
      if (col.type == "timestamp")
        report(op, "R128",
               "column " + col.table + "." + col.column +
                   " is a timestamp without time zone: its values are not instants" + where);
    };
    switch (c.kind) {
      case K::drop_table:
      case K::rename_table:
        check_view_readers(op, c, c.table, "",
                           (c.kind == K::drop_table ? "drops table " : "renames table ") + c.table,
                           where);
        if (c.kind == K::rename_table) follow_rename(c.table, "", c.new_name);
        break;
      case K::drop_column:
      case K::rename_column:
      case K::alter_column_type:
        check_view_readers(
            op, c, c.table, c.column,
            std::string(c.kind == K::drop_column     ? "drops column "
                        : c.kind == K::rename_column ? "renames column "
                                                     : "changes the type of column ") +
                c.table + "." + c.column,
            where);
        if (c.kind == K::rename_column) follow_rename(c.table, c.column, c.new_name);
        break;
      case K::drop_view:
        check_view_readers(op, c, c.name, "", "drops view " + c.name, where);
        history_.views.erase(unqualified(c.name));
        break;
      case K::create_view:
        history_.views[unqualified(c.name)] = c.reads;
        break;
      case K::create_function:
        check_function(op, c, where);
        break;
      case K::drop_function:
        history_.functions.erase(unqualified(c.name));
        break;
      case K::create_extension:
        if (pg && !c.if_not_exists)
          report(op, "R132",
                 "creates extension " + c.name +
                     " without if_not_exists: it fails on a database where the extension is "
                     "already installed" +
                     where);
        break;
      default:
        break;
    }
    switch (c.kind) {
      case K::create_table:
        created_.insert(c.table);
        for (const SqlChange& col : c.columns) type_rules(col);
        break;
      case K::drop_table:
        report(op, "R101", "drops table " + c.table + " and every row in it" + where);
        break;
      case K::drop_column:
        report(op, "R102", "drops column " + c.table + "." + c.column + " and its data" + where);
        break;
      case K::rename_table:
        report(op, "R103",
               "renames table " + c.table + " to " + c.new_name +
                   ": running application code still uses the old name" + where);
        break;
      case K::rename_column:
        report(op, "R104",
               "renames column " + c.table + "." + c.column + " to " + c.new_name +
                   ": running application code still uses the old name" + where);
        break;
      case K::alter_column_type:
        report(op, "R105",
               "changes the type of " + c.table + "." + c.column +
                   ": may rewrite the table under an exclusive lock, and fail on values that do "
                   "not convert" +
                   where);
        type_rules(c);
        break;
      case K::set_not_null:
        if (existing(c.table))
          report(op, "R106",
                 "sets " + c.table + "." + c.column +
                     " NOT NULL: scans the whole table under an exclusive lock and fails if any "
                     "row is NULL" +
                     where);
        break;
      case K::add_column:
        if (existing(c.table)) {
          if (c.not_null && !c.has_default && !c.primary_key)
            report(op, "R107",
                   "adds NOT NULL column " + c.table + "." + c.column +
                       " without a server_default: fails on a table that has rows" + where);
          if (c.volatile_default && pg)
            report(op, "R123",
                   "adds column " + c.table + "." + c.column +
                       " with a volatile default: PostgreSQL rewrites the whole table under an "
                       "exclusive lock to give every row its own value" +
                       where);
        }
        type_rules(c);
        break;
      case K::create_index:
        created_indexes_.insert(c.name);
        concurrently_in_transaction(op, c, where);
        if (!c.concurrently && pg && existing(c.table))
          report(op, "R108",
                 "creates index " + c.name + " on existing table " + c.table +
                     " without concurrently: PostgreSQL blocks writes to the table while it "
                     "builds" +
                     where);
        break;
      case K::drop_index:
        concurrently_in_transaction(op, c, where);
        if (!c.concurrently && pg && !created_indexes_.count(c.name))
          report(op, "R124",
                 "drops index " + c.name +
                     " without concurrently: PostgreSQL blocks reads and writes of its table "
                     "until the drop commits" +
                     where);
        break;
      case K::add_constraint:
        if (c.not_valid) not_valid_.insert(c.name);
        if (!pg || !existing(c.table)) break;
        if (c.constraint == C::foreign_key && !c.not_valid)
          report(op, "R109",
                 "adds foreign key " + c.name + " on existing table " + c.table +
                     " without not_valid: PostgreSQL scans the table under a lock that blocks "
                     "writes" +
                     where);
        if (c.constraint == C::check && !c.not_valid)
          report(op, "R120",
                 "adds check constraint " + label(c.name) + "on existing table " + c.table +
                     " without not_valid: PostgreSQL scans the table under an exclusive lock" +
                     where);
        if ((c.constraint == C::unique || c.constraint == C::primary_key) && !c.using_index)
          report(op, "R121",
                 std::string(c.constraint == C::unique ? "adds unique constraint "
                                                       : "adds primary key ") +
                     label(c.name) + "on existing table " + c.table +
                     ": PostgreSQL builds its index under a lock that blocks writes" + where);
        break;
      case K::validate_constraint:
        if (rev_.transactional && not_valid_.count(c.name))
          report(op, "R122",
                 "validates constraint " + c.name +
                     " in the transaction that added it NOT VALID: the scan runs under the "
                     "lock taken to add it, blocking writes" +
                     where);
        break;
      case K::truncate:
        if (c.cascade)
          report(op, "R125",
                 "truncates " + c.table +
                     " with CASCADE: also empties every table that references it" + where);
        break;
      case K::update:
      case K::delete_rows:
      case K::set_lock_timeout:
      case K::create_view:
      case K::drop_view:
      case K::create_function:
      case K::drop_function:
      case K::create_extension:
        break;
    }
  }

  // R110 for SQL (a typed op's is in check_upgrade_op): the loader refuses `concurrently: true`
  // in a transactional revision, but not CREATE/DROP INDEX CONCURRENTLY written in an execute.
  void concurrently_in_transaction(const Op& op, const SqlChange& c, const std::string& where) {
    if (c.concurrently && rev_.transactional && !where.empty())
      report(op, "R110",
             "concurrently inside a transactional revision: PostgreSQL refuses "
             "CREATE/DROP INDEX CONCURRENTLY in a transaction" +
                 where);
  }

  static std::string label(const std::string& name) { return name.empty() ? "" : name + " "; }

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
                      std::string(find_lint_rule("R114")->recipe), "lint_allow: [R114] on the op",
                      rev_.id, id.where});
    }
  }

  bool ignored(const std::string& code, const Op* op) const {
    if (std::find(options_.ignore.begin(), options_.ignore.end(), code) != options_.ignore.end())
      return true;
    const LintRule* rule = find_lint_rule(code);
    if (rule && rule->opt_in &&
        std::find(options_.enable.begin(), options_.enable.end(), code) == options_.enable.end())
      return true;
    return op &&
           std::find(op->lint_allow.begin(), op->lint_allow.end(), code) != op->lint_allow.end();
  }

  void report(const Op& op, const std::string& code, const std::string& message) {
    if (ignored(code, &op)) return;
    out_.push_back({code, message, std::string(find_lint_rule(code)->recipe),
                    "lint_allow: [" + code + "] on the op", rev_.id,
                    op.where.empty() ? rev_.where : op.where});
  }
  // A finding about the revision as a whole has no op to carry lint_allow: `allow` says what
  // accepts it instead.
  void report_revision(const std::string& code, const std::string& message,
                       const std::string& allow) {
    if (ignored(code, nullptr)) return;
    out_.push_back(
        {code, message, std::string(find_lint_rule(code)->recipe), allow, rev_.id, rev_.where});
  }

  const Revision& rev_;
  const LintOptions& options_;
  LintHistory& history_;
  std::vector<LintFinding>& out_;
  std::set<std::string> created_;                  // tables created earlier in this revision
  std::set<std::string> created_indexes_;          // indexes created earlier in this revision
  std::set<std::string> not_valid_;                // constraints added NOT VALID earlier in it
  bool lock_timeout_set_ = options_.lock_timeout;  // by the configuration or the revision
  bool lock_timeout_reported_ = false;
};

}  // namespace

std::vector<LintFinding> lint_revisions(const std::vector<const Revision*>& revisions,
                                        const LintOptions& options) {
  std::vector<LintFinding> out;
  LintHistory history;
  for (const Revision* rev : revisions) {
    const std::vector<std::string>& only = options.report_only;
    if (only.empty() || std::find(only.begin(), only.end(), rev->id) != only.end()) {
      RevisionLinter(*rev, options, history, out).run();
    } else {
      std::vector<LintFinding> unreported;
      RevisionLinter(*rev, options, history, unreported).run();
    }
  }
  return out;
}

}  // namespace retort
