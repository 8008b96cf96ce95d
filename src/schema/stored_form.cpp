#include "schema/stored_form.hpp"

#include <unordered_map>

#include "base/error.hpp"
#include "db/pg_connection.hpp"
#include "dialect/dialect.hpp"
#include "schema/pg_reflect.hpp"

namespace retort {

namespace {

constexpr const char* kSavepoint = "retort_stored_form";

// Opens a transaction (or a savepoint inside the caller's) and rolls it back when it goes out of
// scope, whatever happened in between.
class RolledBack {
 public:
  explicit RolledBack(Connection& conn) : conn_(conn), nested_(conn.in_transaction()) {
    conn_.execute(nested_ ? std::string("SAVEPOINT ") + kSavepoint : "BEGIN");
  }
  ~RolledBack() {
    try {
      if (nested_)
        conn_.execute(std::string("ROLLBACK TO SAVEPOINT ") + kSavepoint + "; RELEASE SAVEPOINT " +
                      kSavepoint);
      else
        conn_.execute("ROLLBACK");
    } catch (...) {
      // The connection is gone: the server rolls the transaction back itself.
    }
  }
  RolledBack(const RolledBack&) = delete;
  RolledBack& operator=(const RolledBack&) = delete;

 private:
  Connection& conn_;
  bool nested_;
};

bool qualified(const std::string& name) {
  return name.find('.') != std::string::npos;
}

std::string check_name(size_t i) {
  return "retort_check_" + std::to_string(i);
}
std::string index_name(size_t table, size_t i) {
  return "retort_index_" + std::to_string(table) + "_" + std::to_string(i);
}

constexpr const char* kWhy =
    "check and autogenerate create the model's tables as temporary tables in a rolled-back "
    "transaction, to compare their expressions as the database stores them";

// Runs the statements that create `op`. A statement the server (or the renderer) refuses is the
// model's fault: Error(input) at `where`, naming `what` — unless the server cannot create
// temporary tables at all (a read-only standby, no TEMPORARY privilege): Error(database).
void create(Connection& conn, const SqlDialect& sql, const Op& op, const SourceLocation& where,
            const std::string& what) {
  try {
    for (const std::string& statement : sql.render(op, RenderContext{})) conn.execute(statement);
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::database && e.kind() != ErrorKind::input) throw;
    const auto* pg = dynamic_cast<const PgDatabaseError*>(&e);
    const std::string message = e.what();
    if (pg && (pg->sqlstate() == "25006" ||
               (pg->sqlstate() == "42501" && message.find("temporary") != std::string::npos)))
      throw Error(ErrorKind::database,
                  "cannot compare the model with this database: " + message + "\n  " + kWhy +
                      ": this needs a writable server (not a standby) and the TEMPORARY "
                      "privilege on the database");
    throw Error(ErrorKind::input, where,
                what + ": the database refuses the model's definition (" + kWhy + "): " + message);
  }
}

std::string function_name(size_t i) {
  return "retort_function_" + std::to_string(i);
}
std::string trigger_name(size_t i) {
  return "retort_trigger_" + std::to_string(i);
}
constexpr const char* kTriggerStub = "pg_temp.retort_trigger_stub";

// The model's functions (under names of their own, by position), views (under their own names,
// which later views read; a materialized view as a plain one, which prints the same query) and
// PostgreSQL's triggers that have a WHEN (on their temporary table, running a stub function), as
// temporary objects, for their stored text: arguments and result types, view queries and
// WHEN conditions. Objects with a schema-qualified name are left out.
void create_objects(Connection& conn, const SqlDialect& sql, const Schema& model) {
  for (size_t i = 0; i < model.functions.size(); ++i) {
    const FunctionSpec& f = model.functions[i];
    if (qualified(f.name)) continue;
    FunctionSpec temp = f;
    temp.name = "pg_temp." + function_name(i);
    Op op;
    op.body = CreateFunction{std::move(temp)};
    create(conn, sql, op, f.where, "function " + f.name);
  }
  for (const ViewSpec& v : model.views) {
    if (qualified(v.name) || !v.definition.for_dialect(Dialect::postgresql)) continue;
    ViewSpec temp = v;
    temp.name = "pg_temp." + v.name;
    temp.materialized = false;
    Op op;
    op.body = CreateView{std::move(temp)};
    create(conn, sql, op, v.where, "view " + v.name);
  }
  bool stub = false;
  for (size_t i = 0; i < model.triggers.size(); ++i) {
    const TriggerSpec& t = model.triggers[i];
    // A trigger without a function is not PostgreSQL's (an SQLite trigger's `body` only).
    if (qualified(t.table) || t.function.empty() || !t.when.for_dialect(Dialect::postgresql))
      continue;
    if (!stub) {
      conn.execute(std::string("CREATE FUNCTION ") + kTriggerStub +
                   "() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END'");
      stub = true;
    }
    TriggerSpec temp = t;
    temp.name = trigger_name(i);
    temp.table = "pg_temp." + t.table;
    temp.function = kTriggerStub;
    Op op;
    op.body = CreateTrigger{std::move(temp)};
    create(conn, sql, op, t.where, "trigger " + t.name);
  }
}

// The stored texts of create_objects' objects, from their reflection `stored`, into `out`.
void copy_objects(const Schema& stored, Schema& out) {
  for (size_t i = 0; i < out.functions.size(); ++i) {
    FunctionSpec& f = out.functions[i];
    if (qualified(f.name)) continue;
    for (const FunctionSpec& sf : stored.functions) {
      if (sf.name != function_name(i)) continue;
      f.arguments = sf.arguments;
      f.returns = sf.returns;
      f.body = sf.body;
    }
  }
  for (ViewSpec& v : out.views) {
    if (qualified(v.name) || !v.definition.for_dialect(Dialect::postgresql)) continue;
    for (const ViewSpec& sv : stored.views)
      if (sv.name == v.name) v.definition = sv.definition;
  }
  for (size_t i = 0; i < out.triggers.size(); ++i) {
    TriggerSpec& t = out.triggers[i];
    // A trigger without a function is not PostgreSQL's (an SQLite trigger's `body` only).
    if (qualified(t.table) || t.function.empty() || !t.when.for_dialect(Dialect::postgresql))
      continue;
    for (const TriggerSpec& st : stored.triggers)
      if (st.name == trigger_name(i)) t.when = st.when;
  }
}

Schema postgresql_stored_form(Connection& conn, const Schema& model) {
  const SqlDialect& sql = dialect_for(Dialect::postgresql);
  Schema out = model;
  RolledBack transaction(conn);

  // The model's extensions (an index may use their operator classes, a column their types) and
  // sequences (a default may call nextval() on one), the sequences as temporary ones.
  for (const ExtensionSpec& e : model.extensions) {
    Op op;
    op.body = CreateExtension{ExtensionSpec{e.name, e.schema, {}}, true};
    create(conn, sql, op, e.where, "extension " + e.name);
  }
  for (const SequenceSpec& q : model.sequences) {
    if (qualified(q.name)) continue;
    SequenceSpec temp = q;
    temp.name = "pg_temp." + q.name;
    Op op;
    op.body = CreateSequence{std::move(temp), false};
    create(conn, sql, op, q.where, "sequence " + q.name);
  }

  // Enum types first: the model's, and those its columns name without listing them in `enums:`.
  std::unordered_map<std::string, bool> created_enums;
  auto create_enum = [&](const EnumSpec& e) {
    if (qualified(e.name) || created_enums.count(e.name)) return;
    created_enums[e.name] = true;
    Op op;
    op.body = CreateEnum{EnumSpec{"pg_temp." + e.name, e.values, {}}};
    create(conn, sql, op, e.where, "enum " + e.name);
  };
  for (const EnumSpec& e : model.enums) create_enum(e);
  for (const TableSpec& t : model.tables)
    for (const ColumnSpec& c : t.columns)
      if (c.type.kind == Type::Kind::enum_)
        create_enum(EnumSpec{c.type.enum_name, c.type.enum_values, c.where});

  // The tables, under their own names (a check may name its table) in the temporary schema.
  // Checks and indexes get names of their own, by position, to be found again.
  // Objects, or a table with a bare name: something to put through the server.
  bool any = !model.functions.empty() || !model.views.empty() || !model.triggers.empty();
  for (size_t ti = 0; ti < model.tables.size(); ++ti) {
    const TableSpec& t = model.tables[ti];
    if (qualified(t.name)) continue;
    TableSpec temp = t;
    temp.name = "pg_temp." + t.name;
    temp.foreign_keys.clear();
    temp.comment.reset();
    for (ColumnSpec& c : temp.columns) c.comment.reset();
    for (size_t i = 0; i < temp.checks.size(); ++i) temp.checks[i].name = check_name(i);
    for (size_t i = 0; i < temp.indexes.size(); ++i) temp.indexes[i].name = index_name(ti, i);
    Op op;
    op.body = CreateTable{std::move(temp), false};
    create(conn, sql, op, t.where, "table " + t.name);
    any = true;
  }
  if (!any) return out;
  // A function's body is not the comparison's business (and an SQL function may read tables
  // the model leaves out): only its declaration is checked.
  conn.execute("SET LOCAL check_function_bodies = off");
  create_objects(conn, sql, model);

  std::optional<std::string> temp_schema =
      conn.query("SELECT nspname FROM pg_namespace WHERE oid = pg_my_temp_schema()").scalar();
  if (!temp_schema) throw Error(ErrorKind::database, "the session has no temporary schema");
  Schema stored = reflect_postgresql(conn, *temp_schema);

  for (size_t ti = 0; ti < out.tables.size(); ++ti) {
    TableSpec& t = out.tables[ti];
    if (qualified(t.name)) continue;
    const TableSpec* s = stored.find_table(t.name);
    if (!s) continue;
    for (ColumnSpec& c : t.columns)
      if (const ColumnSpec* sc = s->find_column(c.name)) {
        c.server_default = sc->server_default;
        if (c.generated && sc->generated) c.generated->expression = sc->generated->expression;
      }
    for (size_t i = 0; i < t.checks.size(); ++i) {
      for (const CheckSpec& sc : s->checks) {
        if (sc.name != check_name(i)) continue;
        t.checks[i].expression = SqlText{};
        t.checks[i].expression.common = sc.expression.common;
      }
    }
    for (size_t i = 0; i < t.indexes.size(); ++i) {
      IndexSpec& ix = t.indexes[i];
      for (const IndexSpec& si : s->indexes) {
        if (si.name != index_name(ti, i) || si.columns.size() != ix.columns.size()) continue;
        for (size_t k = 0; k < ix.columns.size(); ++k) {
          ix.columns[k].name = si.columns[k].name;
          ix.columns[k].expression = si.columns[k].expression;
        }
        ix.where = si.where;
      }
    }
  }
  copy_objects(stored, out);
  return out;
}

}  // namespace

Schema model_as_stored(Connection& conn, const Schema& model) {
  if (conn.dialect() != Dialect::postgresql) return model;
  return postgresql_stored_form(conn, model);
}

}  // namespace retort
