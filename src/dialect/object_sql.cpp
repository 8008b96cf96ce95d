#include "dialect/object_sql.hpp"

#include "base/error.hpp"
#include "base/overloaded.hpp"
#include "base/strings.hpp"
#include "sql/text.hpp"

namespace retort {

namespace {

using ObjectStatements = std::vector<std::string>;

// "before" -> "BEFORE", "instead_of" -> "INSTEAD OF".
std::string trigger_words(std::string_view name) {
  std::string out = upper(name);
  for (char& c : out)
    if (c == '_') c = ' ';
  return out;
}

// `name` of a language or type written bare when it is a simple lower-case word, else quoted.
bool is_plain_language(std::string_view s) {
  if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

// A trigger body as the statements between BEGIN and END, the last one ended by `;`.
std::string sqlite_trigger_body(std::string_view body) {
  std::string text(trim_sql(body));
  if (!text.empty() && text.back() != ';') text += ';';
  return text;
}

class ObjectRenderer {
 public:
  ObjectRenderer(const SqlDialect& d, const Op& op) : d_(d), op_(op) {}

  ObjectStatements render() const {
    return std::visit(
        Overloaded{
            [&](const CreateView& o) { return create_view(o.view, false); },
            [&](const ReplaceView& o) { return create_view(o.view, true); },
            [&](const DropView& o) -> ObjectStatements {
              if (o.materialized) postgresql_only("materialized views");
              return {std::string(o.materialized ? "DROP MATERIALIZED VIEW " : "DROP VIEW ") +
                      (o.if_exists ? "IF EXISTS " : "") + q(o.name)};
            },
            [&](const RefreshMaterializedView& o) -> ObjectStatements {
              postgresql_only("materialized views");
              return {std::string("REFRESH MATERIALIZED VIEW ") +
                      (o.concurrently ? "CONCURRENTLY " : "") + q(o.name)};
            },
            [&](const CreateFunction& o) { return create_function(o.function, false); },
            [&](const ReplaceFunction& o) { return create_function(o.function, true); },
            [&](const DropFunction& o) -> ObjectStatements {
              postgresql_only("functions");
              return {std::string("DROP FUNCTION ") + (o.if_exists ? "IF EXISTS " : "") +
                      q(o.name) + "(" + o.arguments + ")"};
            },
            [&](const CreateTrigger& o) { return create_trigger(o.trigger); },
            [&](const DropTrigger& o) -> ObjectStatements {
              std::string head = std::string("DROP TRIGGER ") + (o.if_exists ? "IF EXISTS " : "");
              if (pg()) return {head + q(o.name) + " ON " + q(o.table)};
              return {head + q(sqlite_trigger_name(o.name, o.table))};
            },
            [&](const CreateSequence& o) { return create_sequence(o); },
            [&](const AlterSequence& o) { return alter_sequence(o); },
            [&](const DropSequence& o) -> ObjectStatements {
              postgresql_only("sequences");
              return {std::string("DROP SEQUENCE ") + (o.if_exists ? "IF EXISTS " : "") +
                      q(o.name)};
            },
            [&](const CreateExtension& o) -> ObjectStatements {
              postgresql_only("extensions");
              std::string sql = std::string("CREATE EXTENSION ") +
                                (o.if_not_exists ? "IF NOT EXISTS " : "") + q(o.extension.name);
              if (!o.extension.schema.empty()) sql += " SCHEMA " + q(o.extension.schema);
              return {sql};
            },
            [&](const DropExtension& o) -> ObjectStatements {
              postgresql_only("extensions");
              return {std::string("DROP EXTENSION ") + (o.if_exists ? "IF EXISTS " : "") +
                      q(o.name)};
            },
            [&](const CreateSchema& o) -> ObjectStatements {
              postgresql_only("schemas (an attached database is SQLite's nearest thing)");
              return {std::string("CREATE SCHEMA ") + (o.if_not_exists ? "IF NOT EXISTS " : "") +
                      q(o.name)};
            },
            [&](const DropSchema& o) -> ObjectStatements {
              postgresql_only("schemas (an attached database is SQLite's nearest thing)");
              return {std::string("DROP SCHEMA ") + (o.if_exists ? "IF EXISTS " : "") + q(o.name)};
            },
            [](const auto&) -> ObjectStatements { return {}; },
        },
        op_.body);
  }

 private:
  bool pg() const { return d_.name() == Dialect::postgresql; }
  std::string q(std::string_view name) const { return d_.quote_identifier(name); }
  std::string op_name_text() const { return std::string(op_name(op_.body)); }

  [[noreturn]] void fail(const std::string& message) const {
    throw Error(ErrorKind::input, op_.where, op_name_text() + ": " + message);
  }
  void postgresql_only(std::string_view what) const {
    if (!pg())
      fail("SQLite has no " + std::string(what) +
           "; give the op `dialect: postgresql` (docs/migration-files.md, \"Views, functions, "
           "triggers, sequences, extensions\")");
  }

  // SQLite puts a trigger in its table's schema: the schema qualifies the trigger's name.
  static std::string sqlite_trigger_name(const std::string& name, const std::string& table) {
    size_t dot = table.find('.');
    return dot == std::string::npos ? name : table.substr(0, dot) + "." + name;
  }

  ObjectStatements create_view(const ViewSpec& v, bool replace) const {
    if (v.materialized) postgresql_only("materialized views");
    const std::string* definition = v.definition.for_dialect(d_.name());
    if (!definition) return {};
    std::string body = " AS\n" + std::string(trim_sql(*definition));
    if (v.materialized) {
      ObjectStatements out;
      if (replace) out.push_back("DROP MATERIALIZED VIEW " + q(v.name));
      out.push_back("CREATE MATERIALIZED VIEW " + q(v.name) + body);
      return out;
    }
    if (pg())
      return {std::string(replace ? "CREATE OR REPLACE VIEW " : "CREATE VIEW ") + q(v.name) + body};
    // SQLite has no CREATE OR REPLACE: the view is dropped and created again.
    ObjectStatements out;
    if (replace) out.push_back("DROP VIEW " + q(v.name));
    out.push_back("CREATE VIEW " + q(v.name) + body);
    return out;
  }

  ObjectStatements create_function(const FunctionSpec& f, bool replace) const {
    postgresql_only("functions");
    std::string sql = std::string(replace ? "CREATE OR REPLACE FUNCTION " : "CREATE FUNCTION ") +
                      q(f.name) + "(" + f.arguments + ")\n  RETURNS " + f.returns +
                      "\n  LANGUAGE " +
                      (is_plain_language(f.language) ? f.language : q(f.language));
    if (!f.volatility.empty()) sql += "\n  " + upper(f.volatility);
    const std::string tag = dollar_tag("body", f.body);
    sql += "\nAS " + tag + f.body + tag;
    return {sql};
  }

  ObjectStatements create_trigger(const TriggerSpec& t) const {
    std::string events;
    for (const std::string& e : t.events) {
      if (!events.empty()) events += " OR ";
      events += trigger_words(e);
      if (e == "update" && !t.update_of.empty()) {
        std::vector<std::string> cols;
        for (const std::string& c : t.update_of) cols.push_back(q(c));
        events += " OF " + join(cols, ", ");
      }
    }
    const std::string* when = t.when.for_dialect(d_.name());
    if (pg()) {
      if (t.function.empty())
        fail("trigger " + t.name +
             " has no `function`: a PostgreSQL trigger runs a function (give `function:`, or "
             "`dialect: sqlite` for a trigger with only a `body`)");
      std::string sql = "CREATE TRIGGER " + q(t.name) + " " + trigger_words(t.timing) + " " +
                        events + " ON " + q(t.table) +
                        (t.for_each_row ? " FOR EACH ROW" : " FOR EACH STATEMENT");
      if (when) sql += " WHEN (" + *when + ")";
      sql += " EXECUTE FUNCTION " + q(t.function) + "()";
      return {sql};
    }
    if (t.body.empty())
      fail("trigger " + t.name +
           " has no `body`: an SQLite trigger runs the statements of its body (give `body:`, or "
           "`dialect: postgresql` for a trigger that only runs a function)");
    if (t.events.size() != 1)
      fail("trigger " + t.name +
           " has several events: an SQLite trigger has one (write one trigger per event)");
    if (t.events[0] == "truncate") fail("trigger " + t.name + ": SQLite has no TRUNCATE");
    if (!t.for_each_row)
      fail("trigger " + t.name + ": SQLite triggers are row-level (for_each_row: true)");
    size_t dot = t.table.find('.');
    std::string table = dot == std::string::npos ? t.table : t.table.substr(dot + 1);
    std::string sql = "CREATE TRIGGER " + q(sqlite_trigger_name(t.name, t.table)) + " " +
                      trigger_words(t.timing) + " " + events + " ON " + q(table) + " FOR EACH ROW";
    if (when) sql += " WHEN " + *when;
    sql += "\nBEGIN\n" + sqlite_trigger_body(t.body) + "\nEND";
    return {sql};
  }

  static std::string number(const char* clause, const std::optional<int64_t>& v) {
    return v ? std::string(" ") + clause + " " + std::to_string(*v) : "";
  }

  ObjectStatements create_sequence(const CreateSequence& o) const {
    postgresql_only("sequences");
    const SequenceSpec& s = o.sequence;
    std::string sql =
        std::string("CREATE SEQUENCE ") + (o.if_not_exists ? "IF NOT EXISTS " : "") + q(s.name);
    if (!s.type.empty()) sql += " AS " + upper(s.type);
    sql += number("INCREMENT BY", s.increment) + number("MINVALUE", s.min_value) +
           number("MAXVALUE", s.max_value) + number("START WITH", s.start) +
           number("CACHE", s.cache);
    if (s.cycle) sql += " CYCLE";
    return {sql};
  }

  ObjectStatements alter_sequence(const AlterSequence& o) const {
    postgresql_only("sequences");
    std::string sql = "ALTER SEQUENCE " + q(o.name) + number("INCREMENT BY", o.increment) +
                      number("MINVALUE", o.min_value) + number("MAXVALUE", o.max_value) +
                      number("START WITH", o.start) + number("RESTART WITH", o.restart) +
                      number("CACHE", o.cache);
    if (o.cycle) sql += *o.cycle ? " CYCLE" : " NO CYCLE";
    return {sql};
  }

  const SqlDialect& d_;
  const Op& op_;
};

}  // namespace

std::vector<std::string> render_object_op(const SqlDialect& dialect, const Op& op) {
  return ObjectRenderer(dialect, op).render();
}

}  // namespace retort
