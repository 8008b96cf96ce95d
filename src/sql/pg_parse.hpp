// PostgreSQL's own grammar on SQL text: libpg_query (the server's parser as a library) says
// whether a script parses, where it fails, and what each of its statements changes — for the
// loader's syntax check (sql_syntax.hpp) and for lint's rules on the DDL inside `execute`
// (docs/lint.md, "SQL in execute"). pg_parse.cpp is the one file that includes libpg_query's
// header and reads its JSON parse tree (with nlohmann-json): the rest of the program sees only
// the plain structs below.
//
// libpg_query is loaded (dlopen of its soname, libpg_query.so.1504.0 on Debian 12) on the first
// parse, not linked: the parser's tables are ~50 pages of pointers the dynamic loader would
// relocate at every start-up, in every run — SQLite projects and the commands that parse no
// PostgreSQL SQL (graph commands, a no-op `upgrade`) included. Functions that parse throw
// Error(failure), naming the Debian package, when it cannot be loaded.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace retort {

// A script or expression that does not parse: the parser's message and the byte offset in the
// text where it stopped.
struct SqlSyntaxError {
  std::string message;  // "syntax error at or near \"FORM\""
  size_t offset = 0;    // byte offset into the text given to the parser
};

// What a query reads (a view's definition): the relations it names, as written ("s.t" or "t"),
// the column names it references (the last part of each reference: `o.total` → "total"), and
// whether it selects `*` (then it reads every column of its relations).
struct SqlReads {
  std::vector<std::string> relations;
  std::vector<std::string> columns;
  bool star = false;
};

// One schema or data change a statement makes, as lint's rules read it. lint describes its typed
// ops the same way, so that one rule reads both (docs/lint.md, "SQL in execute").
struct SqlChange {
  enum class Kind {
    create_table,         // table
    drop_table,           // table
    rename_table,         // table → new_name
    rename_column,        // table.column → new_name
    drop_column,          // table.column
    add_column,           // table.column with its column facts
    alter_column_type,    // table.column, type
    set_not_null,         // table.column
    add_constraint,       // table, name, constraint, not_valid, using_index
    validate_constraint,  // table, name
    create_index,         // table, name, concurrently, unique
    drop_index,           // name, concurrently
    truncate,             // table, cascade
    update,               // table, has_where
    delete_rows,          // table, has_where
    set_lock_timeout,     // SET [LOCAL] lock_timeout
    create_view,          // name (the view, materialized or not), reads
    drop_view,            // name
    create_function,      // name, replace, arguments, type (what it returns)
    drop_function,        // name
    create_extension,     // name, if_not_exists
  };
  enum class Constraint { none, foreign_key, check, unique, primary_key, exclusion };

  Kind kind = Kind::create_table;
  std::string table;  // as written, schema-qualified when it was ("s.t")
  std::string column;
  std::string name;      // constraint or index
  std::string new_name;  // renames
  Constraint constraint = Constraint::none;
  bool concurrently = false;
  bool not_valid = false;    // a constraint added NOT VALID
  bool using_index = false;  // UNIQUE / PRIMARY KEY USING INDEX (an index built beforehand)
  bool unique = false;       // a unique index
  bool cascade = false;      // TRUNCATE … CASCADE
  bool has_where = false;    // UPDATE / DELETE with a WHERE clause
  // Column facts (add_column, alter_column_type; create_table lists its columns in `columns`).
  bool not_null = false;
  bool primary_key = false;
  bool has_default = false;
  bool volatile_default = false;   // the default calls a function that differs per row
  std::string type;                // PostgreSQL's type name: "int4", "bpchar", "timestamp", …
  std::vector<SqlChange> columns;  // create_table: one add_column per column
  SqlReads reads;                  // create_view: what its query reads
  // create_function: OR REPLACE; the arguments as PostgreSQL reads them, each "name type" or
  // "type", with its mode when not IN ("out c int4"), typmods left out as PostgreSQL ignores
  // them; `type` then says what it returns ("int4", "setof int8", "trigger").
  bool replace = false;
  std::string arguments;
  bool if_not_exists = false;  // create_extension
  size_t offset = 0;           // the statement's byte offset in the text
};

// One top-level statement of a script.
struct PgStatement {
  size_t offset = 0;  // bytes of the statement in the text (without its `;`)
  size_t length = 0;
  std::string node;  // the parse tree's statement node: "AlterTableStmt", "SelectStmt", …
  std::vector<SqlChange> changes;
};

struct PgParse {
  std::optional<SqlSyntaxError> error;  // set: the script does not parse, no statements
  std::vector<PgStatement> statements;
};

// `sql` (one or more statements) parsed with PostgreSQL 15's grammar. Never throws (an
// allocation failure aside); thread-safe.
PgParse pg_parse(std::string_view sql);

// What the query `sql` (a SELECT, VALUES, …, as a view's definition is written) reads; nullopt
// when it does not parse as one query. Never throws; thread-safe.
std::optional<SqlReads> pg_query_reads(std::string_view sql);

// The first error in the body of a function written as parts (create_function /
// replace_function): a `sql` body is parsed as statements (the offset exact); a `plpgsql` body
// is compiled by PL/pgSQL's own parser with the function's arguments and return type, which
// places an error only roughly ("near line N", said in the message): the offset is that of a
// token the message quotes when it occurs once in the body, else 0. nullopt when it parses, or
// for another language. Never throws; thread-safe.
std::optional<SqlSyntaxError> pg_function_body_error(std::string_view language,
                                                     std::string_view arguments,
                                                     std::string_view returns,
                                                     std::string_view body);

// The `arguments` and `type` of create_function for a function written as parts (a typed
// create_function / replace_function): `arguments` and `returns` as SQL; nullopt when they do
// not parse. Never throws; thread-safe.
std::optional<SqlChange> pg_function_signature(std::string_view arguments,
                                               std::string_view returns);

// The functions a default may call that return a different value per row (gen_random_uuid(),
// random(), clock_timestamp(), …): such a default on an added column makes PostgreSQL rewrite the
// table. `name` is the function's last name part, lower case.
bool pg_volatile_function(std::string_view name);

}  // namespace retort
