#include "importer/alembic_script.hpp"

#include <algorithm>
#include <charconv>
#include <functional>
#include <memory>
#include <set>

#include "base/strings.hpp"
#include "dialect/dialect.hpp"

namespace retort::importer {

namespace {

using json = nlohmann::json;

// ---------------------------------------------------------------------------------------------
// Values: what a Python expression of a revision script evaluates to, as far as retort follows.

struct PyValue {
  enum class Kind {
    none,
    boolean,
    integer,
    real,
    string,
    sequence,
    dict,
    call,       // text: the callee ("sa.Column", ".create" for a method of `self`)
    ref,        // text: a dotted name ("sa.Integer", "op", "bind", "inspector", "batch:TABLE")
    dialect,    // the database's dialect name (bind.dialect.name)
    inspected,  // inspector.get_columns(t) …: what, table
    names,      // the names of an inspected list ([c["name"] for c in …]): what, table
    predicate,  // a condition: on the dialect (dialects) or on a database object (what/table/name)
    unknown,    // text: why it cannot be followed
  };
  Kind kind = Kind::unknown;
  std::string text;
  bool flag = false;
  std::vector<PyValue> items;  // sequence items, dict values, call positional arguments
  std::vector<PyValue> keys;   // dict keys
  std::vector<std::string> kw_names;
  std::vector<PyValue> kw_values;
  std::shared_ptr<PyValue> self;  // a method call's receiver
  std::string what, table, name;  // inspected, names, predicate
  bool on_dialect = false;        // predicate: true = `dialects` holds where it is true
  std::set<Dialect> dialects;
  bool negated = false;  // predicate on an object: true = "does not exist"
  int line = 0;

  bool is(Kind k) const { return kind == k; }
  bool is_string() const { return kind == Kind::string; }
  const PyValue* kwarg(const std::string& key) const {
    for (size_t i = 0; i < kw_names.size(); ++i)
      if (kw_names[i] == key) return &kw_values[i];
    return nullptr;
  }
};

PyValue unknown(const std::string& why, int line) {
  PyValue v;
  v.kind = PyValue::Kind::unknown;
  v.text = why;
  v.line = line;
  return v;
}
PyValue make(PyValue::Kind kind, std::string text = "", int line = 0) {
  PyValue v;
  v.kind = kind;
  v.text = std::move(text);
  v.line = line;
  return v;
}

// A statement that cannot be translated exactly: becomes a placeholder with this reason.
struct Unconvertible {
  std::string reason;
};

[[noreturn]] void fail(const std::string& reason) {
  throw Unconvertible{reason};
}

const std::set<Dialect> kAllDialects{Dialect::sqlite, Dialect::postgresql};

std::string node_type(const json& n) {
  return n.is_object() ? n.value("_", "") : "";
}
int line_of(const json& n) {
  return n.is_object() ? n.value("line", 0) : 0;
}

// Canonical dotted prefix for an imported module: "sa", "postgresql", "sqlite", "op", …
std::string canonical_module(const std::string& module) {
  if (module == "sqlalchemy" || module == "sqlalchemy.types" || module == "sqlalchemy.sql" ||
      module == "sqlalchemy.schema" || module == "sqlalchemy.sql.expression" ||
      module == "sqlalchemy.sql.sqltypes" || module == "sqlalchemy.sql.schema" ||
      module == "sqlalchemy.engine.reflection" || module == "sqlalchemy.engine" ||
      module == "sqlalchemy.sql.functions")
    return module == "sqlalchemy.sql.functions" ? "sa.func" : "sa";
  if (module == "sqlalchemy.dialects.postgresql" ||
      module.rfind("sqlalchemy.dialects.postgresql.", 0) == 0)
    return "postgresql";
  if (module == "sqlalchemy.dialects.sqlite") return "sqlite";
  if (module == "sqlalchemy.dialects") return "sa.dialects";
  if (module == "alembic.op") return "op";
  if (module == "alembic.context") return "context";
  if (module == "alembic") return "alembic";
  return "module:" + module;
}

// The ref a dotted name stands for after `alembic.op` and `sa.dialects.postgresql` are folded.
std::string fold_ref(const std::string& name) {
  if (name == "alembic.op") return "op";
  if (name == "alembic.context") return "context";
  if (name == "sa.dialects.postgresql") return "postgresql";
  if (name == "sa.dialects.sqlite") return "sqlite";
  if (name == "sa.sql") return "sa";
  if (name.rfind("sa.sql.", 0) == 0) return "sa." + name.substr(7);
  if (name.rfind("sa.types.", 0) == 0) return "sa." + name.substr(9);
  if (name.rfind("sa.schema.", 0) == 0) return "sa." + name.substr(10);
  if (name.rfind("sa.engine.reflection.", 0) == 0) return "sa." + name.substr(21);
  return name;
}

// A Python integer literal's text as a long; nullopt when it does not fit.
std::optional<long> parse_long(const std::string& text) {
  long value = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

std::string sql_literal(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

// SQLAlchemy's text(): `\:` is an escaped colon.
std::string unescape_text_clause(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == ':') continue;
    out += s[i];
  }
  return out;
}

std::string json_text(const PyValue& v);

// Python's json.dumps text of a literal (what SQLAlchemy's JSON type stores).
std::string json_text(const PyValue& v) {
  using K = PyValue::Kind;
  switch (v.kind) {
    case K::none:
      return "null";
    case K::boolean:
      return v.flag ? "true" : "false";
    case K::integer:
    case K::real:
      return v.text;
    case K::string: {
      std::string out = "\"";
      for (unsigned char c : v.text) {
        if (c == '"' || c == '\\') {
          out += '\\';
          out += static_cast<char>(c);
        } else if (c == '\n') {
          out += "\\n";
        } else if (c < 0x20) {
          char buf[8];
          snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
      }
      return out + "\"";
    }
    case K::sequence: {
      std::vector<std::string> parts;
      for (const auto& i : v.items) parts.push_back(json_text(i));
      return "[" + join(parts, ", ") + "]";
    }
    case K::dict: {
      std::vector<std::string> parts;
      for (size_t i = 0; i < v.items.size(); ++i) {
        if (!v.keys[i].is_string())
          fail("a dictionary key that is not a string in bulk_insert data");
        parts.push_back(json_text(v.keys[i]) + ": " + json_text(v.items[i]));
      }
      return "{" + join(parts, ", ") + "}";
    }
    default:
      fail("a value retort cannot write as data (" +
           (v.is(K::unknown)
                ? v.text
                : std::string("a ") + (v.is(K::call) ? v.text + "(…)" : "Python object")) +
           ")");
  }
}

// ---------------------------------------------------------------------------------------------

class ScriptTranslator {
 public:
  ScriptTranslator(const json& module, const std::string& source, const TranslateOptions& options,
                   HistoryFacts& facts)
      : module_(module), options_(options), facts_(facts) {
    size_t start = 0;
    while (start <= source.size()) {
      size_t end = source.find('\n', start);
      if (end == std::string::npos) end = source.size();
      std::string line = source.substr(start, end - start);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lines_.push_back(line);
      start = end + 1;
    }
  }

  ScriptTranslation run() {
    out_.revision.where.file = options_.display_path;
    const json& body = module_["body"];
    // Module level: docstring, imports, constants, helper functions, the identity.
    for (size_t i = 0; i < body.size(); ++i) {
      const json& s = body[i];
      std::string t = node_type(s);
      if (i == 0 && t == "Expr" && node_type(s["value"]) == "Constant" &&
          s["value"]["value"].value("t", "") == "str") {
        docstring_ = s["value"]["value"].value("v", "");
      } else if (t == "Import") {
        for (const json& a : s["names"]) {
          std::string name = a["name"].get<std::string>();
          std::string as = a["asname"].is_string() ? a["asname"].get<std::string>()
                                                   : name.substr(0, name.find('.'));
          module_env_[as] =
              make(PyValue::Kind::ref,
                   a["asname"].is_string() ? canonical_module(name) : canonical_module(as));
        }
      } else if (t == "ImportFrom") {
        std::string from = s["module"].is_string() ? s["module"].get<std::string>() : "";
        std::string prefix = canonical_module(from);
        for (const json& a : s["names"]) {
          std::string name = a["name"].get<std::string>();
          std::string as = a["asname"].is_string() ? a["asname"].get<std::string>() : name;
          std::string ref = prefix.rfind("module:", 0) == 0 ? canonical_module(from + "." + name)
                                                            : fold_ref(prefix + "." + name);
          if (ref.rfind("module:sqlalchemy.dialects.postgresql", 0) == 0)
            ref = "postgresql." + name;
          module_env_[as] = make(PyValue::Kind::ref, ref);
        }
      } else if (t == "FunctionDef") {
        functions_[s["name"].get<std::string>()] = &s;
      } else if (t == "Assign" || t == "AnnAssign") {
        Env env{&module_env_, nullptr};
        PyValue v = s.contains("value") && !s["value"].is_null() ? eval(s["value"], env)
                                                                 : make(PyValue::Kind::none);
        if (t == "Assign") {
          for (const json& target : s["targets"]) bind(target, v, module_env_);
        } else {
          bind(s["target"], v, module_env_);
        }
      }
    }
    identity();
    translate_function("upgrade", out_.revision.upgrade);
    translate_function("downgrade", out_.revision.downgrade);
    if (uses_autocommit_) out_.revision.transactional = false;
    return std::move(out_);
  }

 private:
  using Vars = std::map<std::string, PyValue>;
  struct Env {
    Vars* module;
    Vars* local;
  };

  struct StmtContext {
    std::set<Dialect> dialects = kAllDialects;
    const PyValue* guard = nullptr;  // an existence predicate the statements run under
    std::string batch_var;           // `with op.batch_alter_table(T) as batch_var:`
    std::string batch_table;
    int depth = 0;
  };

  // ---- identity ----

  std::vector<std::string> id_list(const std::string& key, bool& ok) {
    ok = true;
    auto it = module_env_.find(key);
    if (it == module_env_.end() || it->second.is(PyValue::Kind::none)) return {};
    const PyValue& v = it->second;
    if (v.is_string()) return {v.text};
    if (v.is(PyValue::Kind::sequence)) {
      std::vector<std::string> out;
      for (const auto& i : v.items) {
        if (!i.is_string())
          ok = false;
        else
          out.push_back(i.text);
      }
      return out;
    }
    ok = false;
    return {};
  }

  void identity() {
    Revision& r = out_.revision;
    auto it = module_env_.find("revision");
    if (it == module_env_.end() || !it->second.is_string()) {
      review(1, it == module_env_.end()
                    ? "no `revision = \"…\"` at the top level: not an Alembic revision script"
                    : "`revision` is not a plain string");
      return;
    }
    out_.has_identity = true;
    r.id = it->second.text;
    bool ok = true;
    r.down_revisions = id_list("down_revision", ok);
    if (!ok)
      review(line_for("down_revision"),
             "`down_revision` is not a string, a tuple of strings or None");
    r.branch_labels = id_list("branch_labels", ok);
    if (!ok)
      review(line_for("branch_labels"),
             "`branch_labels` is not a string, a tuple of strings or None");
    r.depends_on = id_list("depends_on", ok);
    if (!ok)
      review(line_for("depends_on"), "`depends_on` is not a string, a tuple of strings or None");
    // Alembic's message is the docstring's first paragraph; the template writes the create date
    // as a "Create Date: …" line of the docstring.
    std::string doc = docstring_;
    auto trim = [](std::string s) {
      size_t a = s.find_first_not_of(" \t\r\n");
      if (a == std::string::npos) return std::string();
      size_t b = s.find_last_not_of(" \t\r\n");
      return s.substr(a, b - a + 1);
    };
    doc = trim(doc);
    r.message = doc.substr(0, doc.find("\n\n"));
    if (size_t p = doc.find("Create Date:"); p != std::string::npos) {
      size_t end = doc.find('\n', p);
      r.created =
          trim(doc.substr(p + 12, end == std::string::npos ? std::string::npos : end - p - 12));
    }
  }

  int line_for(const std::string& name) {
    for (const json& s : module_["body"])
      if (node_type(s) == "Assign")
        for (const json& t : s["targets"])
          if (node_type(t) == "Name" && t["id"] == name) return line_of(s);
    return 1;
  }

  void review(int line, const std::string& reason) { out_.review.push_back({line, reason}); }

  // ---- functions ----

  void translate_function(const std::string& name, std::vector<Op>& ops) {
    auto it = functions_.find(name);
    if (it == functions_.end()) {
      if (out_.has_identity) review(1, "no `def " + name + "():` in the script");
      return;
    }
    const json& fn = *it->second;
    if (!fn["args"]["args"].empty() || !fn["args"]["kwonlyargs"].empty() ||
        fn["args"]["vararg"].is_object() || fn["args"]["kwarg"].is_object()) {
      placeholder(fn, "`" + name + "()` takes arguments (a multi-database template?)", ops, {});
      return;
    }
    Vars locals;
    Env env{&module_env_, &locals};
    StmtContext ctx;
    statements(fn["body"], env, ctx, ops);
  }

  void statements(const json& body, Env& env, const StmtContext& ctx, std::vector<Op>& ops) {
    for (const json& s : body) statement(s, env, ctx, ops);
  }

  // The statement's Python source, line by line.
  std::vector<std::string> python_of(const json& s) {
    std::vector<std::string> out;
    int first = line_of(s), last = s.value("end_line", first);
    for (int l = first; l <= last && l >= 1 && l <= static_cast<int>(lines_.size()); ++l)
      out.push_back(lines_[static_cast<size_t>(l - 1)]);
    // Strip the common indentation.
    size_t indent = std::string::npos;
    for (const auto& l : out)
      if (l.find_first_not_of(' ') != std::string::npos)
        indent = std::min(indent, l.find_first_not_of(' '));
    if (indent != std::string::npos)
      for (auto& l : out) l = l.size() >= indent ? l.substr(indent) : "";
    return out;
  }

  void placeholder(const json& s, const std::string& reason, std::vector<Op>& ops,
                   const StmtContext& ctx) {
    int line = line_of(s);
    review(line, reason);
    std::string marker = options_.display_path + ":" + std::to_string(line);
    Op op;
    op.body = Assert{SqlText{std::string("SELECT 1 = 0"), {}},
                     "not converted from Alembic (" + marker + "): " + reason +
                         ". Replace this op with what the Python in the comment above does "
                         "(docs/alembic-import.md)"};
    set_dialects(op, ctx.dialects);
    ops.push_back(std::move(op));
    out_.placeholders.push_back({marker, python_of(s)});
  }

  static void set_dialects(Op& op, const std::set<Dialect>& dialects) {
    if (dialects == kAllDialects) return;
    op.dialects.assign(dialects.begin(), dialects.end());
  }

  void statement(const json& s, Env& env, const StmtContext& ctx, std::vector<Op>& ops) {
    std::string t = node_type(s);
    if (ctx.depth > 16) {
      placeholder(s, "helpers nested too deeply to follow", ops, ctx);
      return;
    }
    try {
      if (t == "Pass") return;
      if (t == "Expr") {
        const json& value = s["value"];
        if (node_type(value) == "Constant") return;  // a docstring or a bare literal
        expression_statement(s, value, env, ctx, ops);
        return;
      }
      if (t == "Assign" || t == "AnnAssign") {
        if (s.contains("value") && s["value"].is_null()) return;
        PyValue v = eval(s["value"], env);
        if (t == "Assign") {
          for (const json& target : s["targets"]) bind(target, v, *env.local);
        } else {
          bind(s["target"], v, *env.local);
        }
        return;
      }
      if (t == "For") {
        for_loop(s, env, ctx, ops);
        return;
      }
      if (t == "If") {
        if_statement(s, env, ctx, ops);
        return;
      }
      if (t == "With") {
        with_statement(s, env, ctx, ops);
        return;
      }
      if (t == "Return" && s["value"].is_null() && ctx.depth > 0) return;
      if (t == "Return" && s["value"].is_null()) {
        // A bare return ends the function: allowed only as its last statement.
        return;
      }
      fail("a `" + describe_statement(t) + "` statement is Python retort does not run");
    } catch (const Unconvertible& u) {
      placeholder(s, u.reason, ops, ctx);
    }
  }

  static std::string describe_statement(const std::string& t) {
    if (t == "Try") return "try";
    if (t == "While") return "while";
    if (t == "Raise") return "raise";
    if (t == "AugAssign") return "+=";
    if (t == "Return") return "return";
    if (t == "FunctionDef") return "def";
    if (t == "ClassDef") return "class";
    if (t == "Delete") return "del";
    if (t == "Global" || t == "Nonlocal") return "global";
    if (t == "Import" || t == "ImportFrom") return "import";
    if (t == "Assert") return "assert";
    return t;
  }

  void bind(const json& target, const PyValue& v, Vars& vars) {
    std::string t = node_type(target);
    if (t == "Name") {
      vars[target["id"].get<std::string>()] = v;
    } else if (t == "Tuple" || t == "List") {
      const json& elts = target["elts"];
      if (v.is(PyValue::Kind::sequence) && v.items.size() == elts.size()) {
        for (size_t i = 0; i < elts.size(); ++i) bind(elts[i], v.items[i], vars);
      } else {
        for (const json& e : elts)
          bind(e, unknown("a value unpacked from something retort cannot follow", line_of(target)),
               vars);
      }
    }
    // Attribute and subscript targets change objects retort does not model; a later use of the
    // object is what fails.
  }

  void for_loop(const json& s, Env& env, const StmtContext& ctx, std::vector<Op>& ops) {
    PyValue iter = eval(s["iter"], env);
    if (iter.is(PyValue::Kind::dict)) iter.items = iter.keys;
    if (!iter.is(PyValue::Kind::sequence) && !iter.is(PyValue::Kind::dict))
      fail("a loop over " + describe(iter) + ": only loops over literal lists are unrolled");
    if (!s["orelse"].empty()) fail("a `for … else` loop");
    for (const PyValue& item : iter.items) {
      bind(s["target"], item, *env.local);
      for (const json& b : s["body"]) {
        std::string bt = node_type(b);
        if (bt == "Break" || bt == "Continue") fail("`break`/`continue` in a loop");
      }
      statements(s["body"], env, ctx, ops);
    }
  }

  std::string describe(const PyValue& v) {
    switch (v.kind) {
      case PyValue::Kind::unknown:
        return v.text;
      case PyValue::Kind::call:
        return "the result of `" + v.text + "(…)`";
      case PyValue::Kind::ref:
        return "`" + v.text + "`";
      case PyValue::Kind::inspected:
      case PyValue::Kind::names:
        return "what the inspector reads from the database";
      case PyValue::Kind::none:
        return "None";
      default:
        return "a value";
    }
  }

  void if_statement(const json& s, Env& env, const StmtContext& ctx, std::vector<Op>& ops) {
    PyValue cond = eval(s["test"], env);
    if (cond.is(PyValue::Kind::boolean) || cond.is(PyValue::Kind::none) ||
        cond.is(PyValue::Kind::string) || cond.is(PyValue::Kind::integer)) {
      bool truth = cond.is(PyValue::Kind::boolean)   ? cond.flag
                   : cond.is(PyValue::Kind::string)  ? !cond.text.empty()
                   : cond.is(PyValue::Kind::integer) ? cond.text != "0"
                                                     : false;
      statements(truth ? s["body"] : s["orelse"], env, ctx, ops);
      return;
    }
    if (cond.is(PyValue::Kind::predicate) && cond.on_dialect) {
      StmtContext yes = ctx, no = ctx;
      yes.dialects.clear();
      no.dialects.clear();
      for (Dialect d : ctx.dialects) (cond.dialects.count(d) ? yes : no).dialects.insert(d);
      // A branch that no dialect retort supports takes (MySQL, …) is left out.
      if (!yes.dialects.empty()) statements(s["body"], env, yes, ops);
      if (!no.dialects.empty()) statements(s["orelse"], env, no, ops);
      return;
    }
    if (cond.is(PyValue::Kind::predicate)) {
      if (ctx.guard) fail("a check of the database inside another such check");
      PyValue negation = cond;
      negation.negated = !cond.negated;
      StmtContext yes = ctx, no = ctx;
      yes.guard = &cond;
      no.guard = &negation;
      statements(s["body"], env, yes, ops);
      statements(s["orelse"], env, no, ops);
      return;
    }
    fail("a condition retort cannot evaluate (" + describe(cond) + ")");
  }

  void with_statement(const json& s, Env& env, const StmtContext& ctx, std::vector<Op>& ops) {
    if (s["items"].size() != 1) fail("a `with` statement of several contexts");
    const json& item = s["items"][0];
    PyValue cm = eval(item["context_expr"], env);
    if (cm.is(PyValue::Kind::call) && (cm.text == "op.batch_alter_table")) {
      std::string table = string_arg(cm, 0, "table_name", "batch_alter_table's table name");
      table = qualified(table, cm);
      for (const auto& k : cm.kw_names)
        if (k != "schema" && k != "recreate" && k != "table_args" && k != "table_kwargs" &&
            k != "reflect_args" && k != "reflect_kwargs" && k != "naming_convention" &&
            k != "partial_reordering" && k != "copy_from")
          fail("batch_alter_table(" + k + "=…)");
      if (cm.kwarg("copy_from") || cm.kwarg("partial_reordering") || cm.kwarg("table_args") ||
          cm.kwarg("reflect_args"))
        fail(
            "batch_alter_table with copy_from/partial_reordering/table_args/reflect_args: the "
            "table's new definition is given by hand");
      StmtContext inner = ctx;
      inner.batch_table = table;
      if (item["optional_vars"].is_object()) {
        if (node_type(item["optional_vars"]) != "Name")
          fail("batch_alter_table bound to a pattern");
        inner.batch_var = item["optional_vars"]["id"].get<std::string>();
        (*env.local)[inner.batch_var] = make(PyValue::Kind::ref, "batch:" + table);
      }
      statements(s["body"], env, inner, ops);
      return;
    }
    if (cm.is(PyValue::Kind::call) && cm.text == "ctx.autocommit_block") {
      uses_autocommit_ = true;
      statements(s["body"], env, ctx, ops);
      return;
    }
    fail("a `with` block other than op.batch_alter_table or get_context().autocommit_block()");
  }

  // ---- expression statements: op calls, helper calls, enum create/drop ----

  void expression_statement(const json& s, const json& value, Env& env, const StmtContext& ctx,
                            std::vector<Op>& ops) {
    if (node_type(value) != "Call") fail("an expression statement that is not a call");
    // A helper function of the script called as a statement: its body is followed inline.
    const json& func = value["func"];
    if (node_type(func) == "Name") {
      std::string name = func["id"].get<std::string>();
      if (env.local->count(name) == 0 && functions_.count(name)) {
        inline_helper(*functions_[name], value, env, ctx, ops);
        return;
      }
      if (name == "print") return;
    }
    PyValue call = eval(value, env);
    if (call.is(PyValue::Kind::unknown)) fail(call.text);
    if (!call.is(PyValue::Kind::call)) {
      if (call.is(PyValue::Kind::ref)) return;  // op.get_bind() and the like, for nothing
      fail("an expression statement retort cannot follow");
    }
    if (is_logging(call)) return;
    std::vector<Op> produced = op_call(call, ctx, line_of(s));
    for (Op& op : produced) {
      apply_guard(op, ctx);
      std::set<Dialect> ds = ctx.dialects;
      if (!op.dialects.empty()) {
        std::set<Dialect> own(op.dialects.begin(), op.dialects.end());
        std::set<Dialect> both;
        for (Dialect d : ds)
          if (own.count(d)) both.insert(d);
        ds = both;
      }
      if (ds.empty()) continue;
      op.dialects.clear();
      set_dialects(op, ds);
      ops.push_back(std::move(op));
    }
  }

  bool is_logging(const PyValue& call) {
    const std::string& f = call.text;
    if (f.rfind("module:logging", 0) == 0) return true;
    if (call.self && call.self->is(PyValue::Kind::call) &&
        call.self->text.find("getLogger") != std::string::npos)
      return true;
    if (call.self && call.self->is(PyValue::Kind::ref) && call.self->text == "logger") return true;
    return false;
  }

  void inline_helper(const json& fn, const json& call_node, Env& env, const StmtContext& ctx,
                     std::vector<Op>& ops) {
    Vars locals = bind_arguments(fn, call_node, env);
    Env inner{env.module, &locals};
    StmtContext c = ctx;
    c.depth = ctx.depth + 1;
    statements(fn["body"], inner, c, ops);
  }

  Vars bind_arguments(const json& fn, const json& call_node, Env& env) {
    const json& a = fn["args"];
    if (a["vararg"].is_object() || a["kwarg"].is_object())
      fail("a call of helper `" + fn["name"].get<std::string>() + "`, which takes *args/**kwargs");
    Vars locals;
    const json& params = a["args"];
    const json& defaults = a["defaults"];
    size_t first_default = params.size() - defaults.size();
    std::vector<bool> set(params.size(), false);
    const json& args = call_node["args"];
    if (args.size() > params.size())
      fail("a call of helper `" + fn["name"].get<std::string>() + "` with too many arguments");
    for (size_t i = 0; i < args.size(); ++i) {
      if (node_type(args[i]) == "Starred") fail("a call with *arguments");
      locals[params[i]["arg"].get<std::string>()] = eval(args[i], env);
      set[i] = true;
    }
    for (const json& kw : call_node["keywords"]) {
      if (!kw["arg"].is_string()) fail("a call with **arguments");
      std::string k = kw["arg"].get<std::string>();
      bool found = false;
      for (size_t i = 0; i < params.size(); ++i)
        if (params[i]["arg"] == k) {
          locals[k] = eval(kw["value"], env);
          set[i] = true;
          found = true;
        }
      for (size_t i = 0; i < a["kwonlyargs"].size(); ++i)
        if (a["kwonlyargs"][i]["arg"] == k) {
          locals[k] = eval(kw["value"], env);
          found = true;
        }
      if (!found)
        fail("a call of helper `" + fn["name"].get<std::string>() + "` with argument " + k);
    }
    Env module_only{env.module, &locals};
    for (size_t i = 0; i < params.size(); ++i) {
      if (set[i]) continue;
      if (i < first_default)
        fail("a call of helper `" + fn["name"].get<std::string>() + "` missing an argument");
      locals[params[i]["arg"].get<std::string>()] = eval(defaults[i - first_default], module_only);
    }
    for (size_t i = 0; i < a["kwonlyargs"].size(); ++i) {
      std::string k = a["kwonlyargs"][i]["arg"].get<std::string>();
      if (locals.count(k)) continue;
      const json& d = a["kw_defaults"][i];
      if (d.is_null())
        fail("a call of helper `" + fn["name"].get<std::string>() + "` missing " + k);
      locals[k] = eval(d, module_only);
    }
    return locals;
  }

  // A guard from an inspector check, attached to the op when retort has the matching flag.
  void apply_guard(Op& op, const StmtContext& ctx) {
    if (!ctx.guard) return;
    const PyValue& g = *ctx.guard;
    bool absent = g.negated;
    bool ok = false;
    std::visit(
        [&](auto& o) {
          using T = std::decay_t<decltype(o)>;
          if constexpr (std::is_same_v<T, CreateTable>) {
            ok = absent && g.what == "table" && g.name == o.table.name;
            if (ok) o.if_not_exists = true;
          } else if constexpr (std::is_same_v<T, DropTable>) {
            ok = !absent && g.what == "table" && g.name == o.table;
            if (ok) o.if_exists = true;
          } else if constexpr (std::is_same_v<T, AddColumn>) {
            ok = absent && g.what == "column" && g.table == o.table && g.name == o.column.name;
            if (ok) o.if_not_exists = true;
          } else if constexpr (std::is_same_v<T, DropColumn>) {
            ok = !absent && g.what == "column" && g.table == o.table && g.name == o.column;
            if (ok) o.if_exists = true;
          } else if constexpr (std::is_same_v<T, CreateIndex>) {
            ok = absent && g.what == "index" && g.name == o.index.name;
            if (ok) o.if_not_exists = true;
          } else if constexpr (std::is_same_v<T, DropIndex>) {
            ok = !absent && g.what == "index" && g.name == o.name;
            if (ok) o.if_exists = true;
          } else if constexpr (std::is_same_v<T, CreateForeignKey>) {
            ok = absent && g.what == "constraint" && g.name == o.fk.name;
            if (ok) o.if_not_exists = true;
          } else if constexpr (std::is_same_v<T, CreateUniqueConstraint>) {
            ok = absent && g.what == "constraint" && g.name == o.unique.name;
            if (ok) o.if_not_exists = true;
          } else if constexpr (std::is_same_v<T, CreateCheckConstraint>) {
            ok = absent && g.what == "constraint" && g.name == o.check.name;
            if (ok) o.if_not_exists = true;
          } else if constexpr (std::is_same_v<T, DropConstraint>) {
            ok = !absent && g.what == "constraint" && g.name == o.name && !o.name.empty();
            if (ok) o.if_exists = true;
          }
        },
        op.body);
    if (ok) return;
    // Any other op: the check as the op's own only_if / unless (docs/migration-files.md,
    // "Guards").
    if (!op.only_if.empty() || !op.unless.empty())
      fail("`" + std::string(op_name(op.body)) + "` under two checks of the database");
    (absent ? op.unless : op.only_if) = existence_query(g);
  }

  // A query that returns a row when the object the predicate names exists.
  static SqlText existence_query(const PyValue& g) {
    SqlText q;
    const std::string t = sql_literal(g.table), n = sql_literal(g.name);
    if (g.what == "table") {
      q.per_dialect[Dialect::postgresql] =
          "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND "
          "table_name = " +
          n;
      q.per_dialect[Dialect::sqlite] =
          "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = " + n;
    } else if (g.what == "column") {
      q.per_dialect[Dialect::postgresql] =
          "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND "
          "table_name = " +
          t + " AND column_name = " + n;
      q.per_dialect[Dialect::sqlite] =
          "SELECT 1 FROM pragma_table_info(" + t + ") WHERE name = " + n;
    } else if (g.what == "index") {
      q.per_dialect[Dialect::postgresql] =
          "SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND indexname = " + n;
      q.per_dialect[Dialect::sqlite] =
          "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = " + n;
    } else {
      q.per_dialect[Dialect::postgresql] =
          "SELECT 1 FROM information_schema.table_constraints WHERE table_schema = "
          "current_schema() AND table_name = " +
          t + " AND constraint_name = " + n;
      fail("a check of a constraint's existence on SQLite (no catalog of constraint names)");
    }
    return q;
  }

  // ---- op.* calls ----

  std::vector<Op> op_call(const PyValue& call, const StmtContext& ctx, int line) {
    std::string name;
    std::string batch_table;
    if (call.text.rfind("op.", 0) == 0) {
      name = call.text.substr(3);
    } else if (call.text.rfind("batch:", 0) == 0) {
      size_t dot = call.text.rfind('.');
      batch_table = call.text.substr(6, dot - 6);
      name = call.text.substr(dot + 1);
    } else if (call.text == ".create" || call.text == ".drop") {
      return enum_create_drop(call);
    } else {
      fail("a call of `" + call.text + "` (not an Alembic op)");
    }
    (void)ctx;
    (void)line;
    PyValue c = call;
    if (!batch_table.empty()) {
      // batch_op.X(…) is op.X(table, …) for the ops that take the table first.
      static const std::set<std::string> table_first{"add_column",
                                                     "drop_column",
                                                     "alter_column",
                                                     "create_unique_constraint",
                                                     "create_check_constraint",
                                                     "create_primary_key",
                                                     "drop_constraint",
                                                     "create_index",
                                                     "drop_index",
                                                     "create_foreign_key",
                                                     "create_table_comment",
                                                     "drop_table_comment"};
      if (!table_first.count(name)) fail("batch_op." + name + "()");
      PyValue table = make(PyValue::Kind::string, batch_table);
      if (name == "add_column" || name == "drop_column" || name == "alter_column" ||
          name == "create_table_comment" || name == "drop_table_comment") {
        c.items.insert(c.items.begin(), table);
      } else if (name == "drop_index") {
        c.kw_names.push_back("table_name");
        c.kw_values.push_back(table);
      } else if (name == "create_foreign_key") {
        // batch: create_foreign_key(name, referent_table, local_cols, remote_cols)
        c.items.insert(c.items.begin() + std::min<size_t>(1, c.items.size()), table);
      } else {
        // (name, table, …): the table goes second
        c.items.insert(c.items.begin() + std::min<size_t>(1, c.items.size()), table);
      }
    }
    if (name == "create_table") return create_table(c);
    if (name == "drop_table")
      return one(DropTable{qualified(string_arg(c, 0, "table_name", "the table"), c), false}, c,
                 {"table_name", "schema"});
    if (name == "rename_table")
      return one(RenameTable{qualified(string_arg(c, 0, "old_table_name", "the table"), c),
                             string_arg(c, 1, "new_table_name", "the new name")},
                 c, {"old_table_name", "new_table_name", "schema"});
    if (name == "add_column") return add_column(c);
    if (name == "drop_column")
      return one(DropColumn{qualified(string_arg(c, 0, "table_name", "the table"), c),
                            string_arg(c, 1, "column_name", "the column"), false},
                 c, {"table_name", "column_name", "schema"});
    if (name == "alter_column") return alter_column(c);
    if (name == "create_index") return create_index(c);
    if (name == "drop_index") return drop_index(c);
    if (name == "create_foreign_key") return create_foreign_key(c);
    if (name == "create_unique_constraint") {
      UniqueSpec u;
      u.name = optional_name(c, 0, "constraint_name");
      std::string table = qualified(string_arg(c, 1, "table_name", "the table"), c);
      u.columns = string_list(arg(c, 2, "columns"), "the columns");
      no_other_kwargs(c, {"constraint_name", "table_name", "columns", "schema",
                          "postgresql_nulls_not_distinct", "postgresql_include"});
      remember(u.name, ConstraintType::unique);
      UniqueSpec pg = u;
      unique_options(c, pg);
      if (pg == u) return {op_of(CreateUniqueConstraint{table, u})};
      // PostgreSQL's options apply there only: one op per database.
      Op a = op_of(CreateUniqueConstraint{table, pg}), b = op_of(CreateUniqueConstraint{table, u});
      a.dialects = {Dialect::postgresql};
      b.dialects = {Dialect::sqlite};
      return {a, b};
    }
    if (name == "create_check_constraint") {
      CheckSpec k;
      k.name = optional_name(c, 0, "constraint_name");
      std::string table = qualified(string_arg(c, 1, "table_name", "the table"), c);
      k.expression.common = sql_of(arg(c, 2, "condition"), "the check condition");
      no_other_kwargs(
          c, {"constraint_name", "table_name", "condition", "schema", "postgresql_not_valid"});
      k.not_valid = bool_kwarg(c, "postgresql_not_valid", false);
      remember(k.name, ConstraintType::check);
      return {op_of(CreateCheckConstraint{table, k})};
    }
    if (name == "create_primary_key") {
      PrimaryKeySpec pk;
      pk.name = optional_name(c, 0, "constraint_name");
      std::string table = qualified(string_arg(c, 1, "table_name", "the table"), c);
      pk.columns = string_list(arg(c, 2, "columns"), "the columns");
      no_other_kwargs(c, {"constraint_name", "table_name", "columns", "schema"});
      remember(pk.name, ConstraintType::primary_key);
      return {op_of(CreatePrimaryKey{table, pk})};
    }
    if (name == "drop_constraint") return drop_constraint(c);
    if (name == "execute") return execute(c);
    if (name == "bulk_insert") return bulk_insert(c);
    if (name == "get_bind" || name == "get_context") return {};
    if (name == "create_table_comment")
      return one(SetTableComment{qualified(string_arg(c, 0, "table_name", "the table"), c),
                                 string_arg(c, 1, "comment", "the comment")},
                 c, {"table_name", "comment", "existing_comment", "schema"});
    if (name == "drop_table_comment")
      return one(
          SetTableComment{qualified(string_arg(c, 0, "table_name", "the table"), c), std::nullopt},
          c, {"table_name", "existing_comment", "schema"});
    if (name == "create_exclude_constraint")
      fail("op.create_exclude_constraint(): retort has no exclusion constraints");
    fail("op." + name + "()");
  }

  static Op op_of(OpBody body) {
    Op op;
    op.body = std::move(body);
    return op;
  }

  std::vector<Op> one(OpBody body, const PyValue& c, std::initializer_list<const char*> allowed) {
    no_other_kwargs(c, allowed);
    return {op_of(std::move(body))};
  }

  void no_other_kwargs(const PyValue& c, std::initializer_list<const char*> allowed) {
    for (const std::string& k : c.kw_names) {
      bool ok = false;
      for (const char* a : allowed)
        if (k == a) ok = true;
      if (!ok) fail(c.text + "(" + k + "=…): an argument retort has no equivalent for");
    }
  }

  void remember(const std::string& name, ConstraintType type) {
    if (!name.empty()) facts_.constraint_types[name] = type;
  }

  // Positional argument `i`, or keyword `key`; an unknown value fails with its reason.
  const PyValue& arg(const PyValue& c, size_t i, const std::string& key) {
    if (i < c.items.size()) return checked(c.items[i]);
    if (const PyValue* v = c.kwarg(key)) return checked(*v);
    fail(c.text + "() without its `" + key + "` argument");
  }
  const PyValue* opt_arg(const PyValue& c, size_t i, const std::string& key) {
    if (i < c.items.size()) return &checked(c.items[i]);
    if (const PyValue* v = c.kwarg(key)) return &checked(*v);
    return nullptr;
  }
  const PyValue& checked(const PyValue& v) {
    if (v.is(PyValue::Kind::unknown)) fail(v.text);
    return v;
  }
  std::string string_arg(const PyValue& c, size_t i, const std::string& key,
                         const std::string& what) {
    const PyValue& v = arg(c, i, key);
    if (!v.is_string()) fail(what + " is " + describe(v) + ", not a string");
    return v.text;
  }
  std::string optional_name(const PyValue& c, size_t i, const std::string& key) {
    const PyValue* v = opt_arg(c, i, key);
    if (!v || v->is(PyValue::Kind::none)) return "";
    if (!v->is_string()) fail("a constraint name that is " + describe(*v));
    return v->text;
  }
  std::vector<std::string> string_list(const PyValue& v, const std::string& what) {
    if (v.is_string()) return {v.text};
    if (!v.is(PyValue::Kind::sequence))
      fail(what + " are " + describe(v) + ", not a list of names");
    std::vector<std::string> out;
    for (const PyValue& i : v.items) {
      if (!i.is_string()) fail(what + " include " + describe(i) + ", not a name");
      out.push_back(i.text);
    }
    return out;
  }
  std::string qualified(const std::string& table, const PyValue& c) {
    const PyValue* schema = c.kwarg("schema");
    if (!schema || schema->is(PyValue::Kind::none)) return table;
    if (!schema->is_string()) fail("a schema that is " + describe(*schema));
    return schema->text + "." + table;
  }
  bool bool_kwarg(const PyValue& c, const std::string& key, bool fallback) {
    const PyValue* v = c.kwarg(key);
    if (!v || v->is(PyValue::Kind::none)) return fallback;
    if (!v->is(PyValue::Kind::boolean))
      fail(key + "= that is " + describe(*v) + ", not True/False");
    return v->flag;
  }

  // SQL text from a string or sa.text("…").
  std::string sql_of(const PyValue& v, const std::string& what) {
    if (v.is_string()) return v.text;
    if (v.is(PyValue::Kind::call) && v.text == "sa.text" && v.items.size() == 1 &&
        v.items[0].is_string() && v.kw_names.empty())
      return unescape_text_clause(v.items[0].text);
    if (v.is(PyValue::Kind::call) && v.text == ".bindparams")
      fail(what + " with bound parameters (text(…).bindparams)");
    fail(what + " is " + describe(v) + ", not SQL text");
  }

  // ---- types ----

  Type type_of(const PyValue& v) {
    if (v.is(PyValue::Kind::unknown)) fail(v.text);
    std::string name;
    const PyValue* call = nullptr;
    if (v.is(PyValue::Kind::ref)) {
      name = v.text;
    } else if (v.is(PyValue::Kind::call)) {
      name = v.text;
      call = &v;
    } else {
      fail("a column type that is " + describe(v));
    }
    std::string base = name;
    bool pg = false;
    if (base.rfind("sa.", 0) == 0) {
      base = base.substr(3);
    } else if (base.rfind("postgresql.", 0) == 0) {
      base = base.substr(11);
      pg = true;
    } else if (base.rfind("sqlite.", 0) == 0) {
      base = base.substr(7);
    } else {
      fail("the column type `" + name + "` (not a SQLAlchemy type retort knows)");
    }
    static const PyValue kNone = make(PyValue::Kind::none);
    auto a = [&](size_t i, const std::string& key) -> const PyValue& {
      if (!call) return kNone;
      const PyValue* x = opt_arg(*call, i, key);
      return x ? *x : kNone;
    };
    auto int_of = [&](const PyValue& x, const std::string& what) -> std::optional<int> {
      if (x.is(PyValue::Kind::none)) return std::nullopt;
      if (!x.is(PyValue::Kind::integer)) fail(what + " that is " + describe(x));
      std::optional<long> n = parse_long(x.text);
      if (!n || *n < 0 || *n > 1'000'000'000) fail(what + " out of range (" + x.text + ")");
      return static_cast<int>(*n);
    };
    auto custom = [](const std::string& pg_sql, const std::string& sqlite_sql) {
      Type t;
      t.kind = Type::Kind::custom;
      if (pg_sql == sqlite_sql) {
        t.custom_sql.common = pg_sql;
      } else {
        if (!pg_sql.empty()) t.custom_sql.per_dialect[Dialect::postgresql] = pg_sql;
        if (!sqlite_sql.empty()) t.custom_sql.per_dialect[Dialect::sqlite] = sqlite_sql;
      }
      return t;
    };
    auto only = [&](std::initializer_list<const char*> keys) {
      if (call) {
        for (const std::string& k : call->kw_names) {
          bool ok = false;
          for (const char* x : keys)
            if (k == x) ok = true;
          if (!ok) fail(name + "(" + k + "=…) (an argument retort has no equivalent for)");
        }
      }
    };
    Type t;
    using K = Type::Kind;
    if (base == "Integer" || base == "INTEGER" || base == "INT") {
      t.kind = K::integer;
    } else if (base == "BigInteger" || base == "BIGINT") {
      t.kind = K::bigint;
    } else if (base == "SmallInteger" || base == "SMALLINT") {
      t.kind = K::smallint;
    } else if (base == "Boolean" || base == "BOOLEAN") {
      only({"create_constraint", "name"});
      if (call && bool_kwarg(*call, "create_constraint", false))
        fail("sa.Boolean(create_constraint=True) (a CHECK retort does not write)");
      t.kind = K::boolean;
    } else if (base == "Float" || base == "FLOAT") {
      only({"precision", "asdecimal", "decimal_return_scale"});
      auto p = int_of(a(0, "precision"), "a float precision");
      // SQLAlchemy writes FLOAT (PostgreSQL: double precision) on both databases.
      return custom(p ? "FLOAT(" + std::to_string(*p) + ")" : "FLOAT",
                    p ? "FLOAT(" + std::to_string(*p) + ")" : "FLOAT");
    } else if (base == "REAL") {
      return custom("REAL", "REAL");
    } else if (base == "DOUBLE_PRECISION" || base == "Double" || base == "DOUBLE") {
      return custom("DOUBLE PRECISION", base == "DOUBLE_PRECISION" ? "DOUBLE PRECISION" : "DOUBLE");
    } else if (base == "Numeric" || base == "NUMERIC" || base == "DECIMAL") {
      only({"precision", "scale", "asdecimal", "decimal_return_scale"});
      auto p = int_of(a(0, "precision"), "a numeric precision");
      auto s = int_of(a(1, "scale"), "a numeric scale");
      if (base == "DECIMAL") {
        std::string sql = "DECIMAL";
        if (p) sql += "(" + std::to_string(*p) + (s ? ", " + std::to_string(*s) : "") + ")";
        return custom(sql, sql);
      }
      t.kind = K::numeric;
      t.precision = p;
      t.scale = p ? s : std::nullopt;
    } else if (base == "String" || base == "VARCHAR" || base == "Unicode" || base == "NVARCHAR") {
      only({"length", "_expect_unicode", "unicode_error", "_warn_on_bytestring"});
      if (call && call->kwarg("collation")) fail(name + "(collation=…)");
      t.kind = K::string;
      t.length = int_of(a(0, "length"), "a string length");
    } else if (base == "CHAR" || base == "NCHAR") {
      only({"length"});
      auto n = int_of(a(0, "length"), "a CHAR length");
      std::string sql = n ? "CHAR(" + std::to_string(*n) + ")" : "CHAR";
      return custom(sql, sql);
    } else if (base == "Text" || base == "TEXT" || base == "UnicodeText" || base == "CLOB") {
      only({"length"});
      if (a(0, "length").kind != PyValue::Kind::none) fail(name + " with a length");
      t.kind = K::text;
    } else if (base == "Date" || base == "DATE") {
      t.kind = K::date;
    } else if (base == "Time" || base == "TIME") {
      only({"timezone", "precision"});
      if (call && call->kwarg("precision")) fail(name + "(precision=…)");
      if (call && bool_kwarg(*call, "timezone", false))
        return custom("TIME WITH TIME ZONE", "TIME");
      t.kind = K::time;
    } else if (base == "DateTime") {
      only({"timezone"});
      t.kind = K::datetime;
      t.timezone = call && (a(0, "timezone").is(PyValue::Kind::boolean) && a(0, "timezone").flag);
    } else if (base == "TIMESTAMP" || base == "DATETIME") {
      only({"timezone", "precision"});
      if (call && call->kwarg("precision")) fail(name + "(precision=…)");
      bool tz = call && (a(0, "timezone").is(PyValue::Kind::boolean) && a(0, "timezone").flag);
      if (base == "DATETIME") {
        t.kind = K::datetime;
        t.timezone = tz;
      } else {
        return custom(tz ? "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP WITHOUT TIME ZONE", "TIMESTAMP");
      }
    } else if (base == "Interval" || base == "INTERVAL") {
      only({"native", "second_precision", "day_precision", "fields", "precision"});
      if (call && !call->kw_names.empty()) fail(name + " with arguments");
      return custom("INTERVAL", "DATETIME");
    } else if (base == "JSON") {
      only({"none_as_null", "astext_type"});
      t.kind = K::json;
    } else if (base == "JSONB") {
      only({"none_as_null", "astext_type"});
      t.kind = K::jsonb;
    } else if (base == "UUID" || base == "Uuid") {
      only({"as_uuid", "native_uuid"});
      t.kind = K::uuid;
    } else if (base == "LargeBinary" || base == "BYTEA" || base == "BLOB" ||
               base == "LargeBinary") {
      only({"length"});
      t.kind = K::binary;
    } else if (base == "Enum" || (pg && base == "ENUM")) {
      only({"name", "create_type", "native_enum", "create_constraint", "length", "metadata",
            "inherit_schema", "validate_strings", "values_callable", "schema"});
      if (call && call->kwarg("values_callable")) fail(name + "(values_callable=…)");
      if (call && call->kwarg("schema")) fail(name + "(schema=…)");
      if (call && bool_kwarg(*call, "create_constraint", false))
        fail(name + "(create_constraint=True) (a CHECK on SQLite retort does not write)");
      std::vector<std::string> values;
      if (call)
        for (const PyValue& x : call->items) {
          if (x.is(PyValue::Kind::sequence) && call->items.size() == 1) {
            values = string_list(x, "the enum values");
            break;
          }
          if (!x.is_string())
            fail("enum values given as " + describe(x) + " (a Python enum class?)");
          values.push_back(x.text);
        }
      const PyValue* n = call ? call->kwarg("name") : nullptr;
      bool native = !call || bool_kwarg(*call, "native_enum", true);
      if (!native) {
        t.kind = K::string;
        size_t longest = 0;
        for (const auto& x : values) longest = std::max(longest, x.size());
        if (const PyValue* len = call->kwarg("length"))
          longest = static_cast<size_t>(*int_of(*len, "an enum length"));
        t.length = static_cast<int>(longest);
        return t;
      }
      if (!n || !n->is_string()) fail(name + " without a name= (PostgreSQL needs the type's name)");
      t.kind = K::enum_;
      t.enum_name = n->text;
      t.enum_values = values;
    } else if (base == "ARRAY") {
      only({"dimensions", "as_tuple", "zero_indexes"});
      const PyValue& item = a(0, "item_type");
      Type inner = type_of(item);
      std::string sql = pg_sql(inner);
      auto dims =
          int_of(call ? (call->kwarg("dimensions") ? *call->kwarg("dimensions") : kNone) : kNone,
                 "dimensions");
      std::string suffix;
      for (int i = 0; i < (dims ? *dims : 1); ++i) suffix += "[]";
      return custom(sql + suffix, "");
    } else if (pg && (base == "INET" || base == "CIDR" || base == "MACADDR" || base == "MACADDR8" ||
                      base == "TSVECTOR" || base == "MONEY" || base == "OID" || base == "CITEXT" ||
                      base == "INT4RANGE" || base == "INT8RANGE" || base == "NUMRANGE" ||
                      base == "DATERANGE" || base == "TSRANGE" || base == "TSTZRANGE" ||
                      base == "REGCLASS" || base == "HSTORE")) {
      if (call && (!call->items.empty() || !call->kw_names.empty())) fail(name + " with arguments");
      return custom(base == "HSTORE" ? "HSTORE" : base, "");
    } else {
      fail("the column type `" + name + "` (not a SQLAlchemy type retort knows)");
    }
    if (call && base != "Enum" && base != "ENUM" && base != "ARRAY") {
      // Positional arguments beyond what was read above are not understood.
      size_t max_positional = (t.kind == K::numeric)                           ? 2
                              : (t.kind == K::string || t.kind == K::datetime) ? 1
                                                                               : 0;
      if (call->items.size() > max_positional)
        fail(name + " with more arguments than retort reads");
    }
    return t;
  }

  // The PostgreSQL text of a type, for ARRAY items: the dialect's own rendering.
  std::string pg_sql(const Type& t) {
    try {
      return dialect_for(Dialect::postgresql).render_type(t);
    } catch (const Error&) {
      fail("an ARRAY of a type retort cannot write for PostgreSQL");
    }
  }

  // ---- defaults ----

  DefaultValue default_of(const PyValue& v) {
    DefaultValue d;
    d.kind = DefaultValue::Kind::sql;
    if (v.is_string()) {
      d.sql.common = sql_literal(v.text);
      return d;
    }
    if (v.is(PyValue::Kind::call)) {
      if (v.text == "sa.text") {
        d.sql.common = sql_of(v, "the server default");
        return d;
      }
      if (v.text == "sa.false" || v.text == "sa.true" || v.text == "sa.sql.expression.false") {
        d.kind = DefaultValue::Kind::boolean;
        d.boolean = v.text == "sa.true";
        return d;
      }
      if (v.text == "sa.null") {
        d.sql.common = "NULL";
        return d;
      }
      if (v.text == "sa.DefaultClause" && v.items.size() == 1) return default_of(v.items[0]);
      if (v.text.rfind("sa.func.", 0) == 0) {
        d.sql = function_sql(v);
        return d;
      }
      if (v.text == "sa.literal_column" && v.items.size() == 1 && v.items[0].is_string()) {
        d.sql.common = v.items[0].text;
        return d;
      }
    }
    fail("a server_default that is " + describe(v) +
         " (a string, sa.text(…), sa.func.…(), "
         "sa.true() or sa.false() is expected)");
  }

  // sa.func.NAME(args) as SQLAlchemy renders it on each database.
  SqlText function_sql(const PyValue& v) {
    std::string fname = v.text.substr(8);
    std::string lower = fname;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    SqlText out;
    static const std::set<std::string> ansi{
        "current_timestamp", "current_date", "current_time", "localtime",
        "localtimestamp",    "current_user", "session_user", "user"};
    if (ansi.count(lower)) {
      if (!v.items.empty()) fail("sa.func." + fname + "() with arguments");
      std::string up = lower;
      std::transform(up.begin(), up.end(), up.begin(), ::toupper);
      out.common = up;
      return out;
    }
    if (lower == "now" && v.items.empty()) {
      out.per_dialect[Dialect::postgresql] = "now()";
      out.per_dialect[Dialect::sqlite] = "CURRENT_TIMESTAMP";
      return out;
    }
    if (!v.kw_names.empty()) fail("sa.func." + fname + "() with keyword arguments");
    std::vector<std::string> args;
    for (const PyValue& a : v.items) {
      if (a.is_string())
        args.push_back(sql_literal(a.text));
      else if (a.is(PyValue::Kind::integer) || a.is(PyValue::Kind::real))
        args.push_back(a.text);
      else if (a.is(PyValue::Kind::call) && a.text == "sa.text")
        args.push_back(sql_of(a, "an argument"));
      else if (a.is(PyValue::Kind::call) && a.text.rfind("sa.func.", 0) == 0) {
        SqlText inner = function_sql(a);
        if (!inner.common)
          fail("sa.func." + fname + "() of a function SQLAlchemy renders per database");
        args.push_back(*inner.common);
      } else {
        fail("sa.func." + fname + "() with an argument that is " + describe(a));
      }
    }
    out.common = fname + "(" + join(args, ", ") + ")";
    return out;
  }

  // ---- columns and tables ----

  struct ColumnParts {
    ColumnSpec column;
    std::vector<ForeignKeySpec> fks;  // from sa.ForeignKey(…) arguments
    bool index = false;               // index=True
    bool unique_index = false;        // index=True, unique=True
    bool autoincrement_explicit = false;
    std::optional<bool> autoincrement;
    bool has_fk = false;
    std::optional<EnumSpec> creates_enum;  // an sa.Enum/ENUM whose type SQLAlchemy creates
  };

  ForeignKeySpec fk_target(const std::string& target, ForeignKeySpec fk) {
    size_t dot = target.rfind('.');
    if (dot == std::string::npos) fail("a foreign key target `" + target + "` without a table");
    fk.ref_table = target.substr(0, dot);
    fk.ref_columns.push_back(target.substr(dot + 1));
    return fk;
  }

  std::string fk_action(const PyValue* v, const std::string& what) {
    if (!v || v->is(PyValue::Kind::none)) return "";
    if (!v->is_string()) fail(what + " that is " + describe(*v));
    std::string s = v->text;
    std::transform(s.begin(), s.end(), s.begin(), ::toupper);
    return s;
  }

  void fk_options(const PyValue& c, ForeignKeySpec& fk) {
    fk.on_delete = fk_action(c.kwarg("ondelete"), "ondelete=");
    fk.on_update = fk_action(c.kwarg("onupdate"), "onupdate=");
    for (const char* k : {"deferrable", "initially", "match", "use_alter", "link_to_name"})
      if (const PyValue* v = c.kwarg(k);
          v && !v->is(PyValue::Kind::none) && !(v->is(PyValue::Kind::boolean) && !v->flag))
        fail(c.text + "(" + k + "=…): retort's foreign keys have no such option");
  }

  ColumnParts column_of(const PyValue& v, const std::string& table) {
    if (v.is(PyValue::Kind::unknown)) fail(v.text);
    if (!v.is(PyValue::Kind::call) || v.text != "sa.Column")
      fail("a column that is " + describe(v) + " (sa.Column(…) is expected)");
    ColumnParts p;
    ColumnSpec& c = p.column;
    c.name = string_arg(v, 0, "name", "the column name");
    bool have_type = false;
    for (size_t i = 1; i < v.items.size(); ++i) {
      const PyValue& a = checked(v.items[i]);
      if (a.is(PyValue::Kind::call) && a.text == "sa.ForeignKey") {
        ForeignKeySpec fk;
        fk.columns = {c.name};
        fk.name = optional_name(a, 99, "name");
        fk = fk_target(string_arg(a, 0, "column", "the foreign key target"), fk);
        fk_options(a, fk);
        remember(fk.name, ConstraintType::foreign_key);
        p.fks.push_back(fk);
        p.has_fk = true;
      } else if (a.is(PyValue::Kind::call) && a.text == "sa.Identity") {
        c.identity = identity_of(a, c.name);
      } else if (a.is(PyValue::Kind::call) && a.text == "sa.Computed") {
        GeneratedSpec g;
        g.expression.common = sql_of(arg(a, 0, "sqltext"), "the computed expression");
        // SQLAlchemy writes STORED on PostgreSQL (the only kind it has) unless persisted=False;
        // retort's one setting for both databases is STORED (docs/alembic-import.md).
        g.stored = bool_kwarg(a, "persisted", true);
        no_other_kwargs(a, {"sqltext", "persisted"});
        c.generated = std::move(g);
      } else if (a.is(PyValue::Kind::call) && a.text == "sa.Sequence") {
        fail(a.text + "() on column " + c.name + ": retort has no sequence column option");
      } else if (!have_type && i == 1) {
        if (const PyValue* tk = v.kwarg("type_")) (void)tk;
        c.type = type_of(a);
        have_type = true;
      } else {
        fail("sa.Column(" + c.name + ", …) with an argument that is " + describe(a));
      }
    }
    if (const PyValue* tk = v.kwarg("type_")) {
      c.type = type_of(checked(*tk));
      have_type = true;
    }
    if (!have_type)
      fail("column " + c.name + " without a type (taken from its foreign key by SQLAlchemy)");
    for (const std::string& k : v.kw_names) {
      static const std::set<std::string> known{
          "type_", "nullable", "primary_key", "server_default",  "autoincrement", "unique",
          "index", "comment",  "default",     "onupdate",        "doc",           "info",
          "key",   "quote",    "name",        "server_onupdate", "system"};
      if (!known.count(k)) fail("sa.Column(" + c.name + ", " + k + "=…)");
      if ((k == "server_onupdate" || k == "system" || k == "quote") &&
          !v.kwarg(k)->is(PyValue::Kind::none))
        fail("sa.Column(" + c.name + ", " + k + "=…)");
    }
    c.primary_key = bool_kwarg(v, "primary_key", false);
    c.nullable = bool_kwarg(v, "nullable", !c.primary_key);
    if (c.identity) c.nullable = false;  // PostgreSQL makes an identity column NOT NULL
    if (const PyValue* sd = v.kwarg("server_default"); sd && !sd->is(PyValue::Kind::none))
      c.server_default = default_of(checked(*sd));
    if (const PyValue* ai = v.kwarg("autoincrement")) {
      if (ai->is(PyValue::Kind::boolean))
        p.autoincrement = ai->flag;
      else if (!(ai->is_string() && ai->text == "auto"))
        fail("autoincrement= that is " + describe(*ai));
    }
    const bool unique = bool_kwarg(v, "unique", false);
    p.index = bool_kwarg(v, "index", false);
    if (p.index)
      p.unique_index = unique;
    else
      c.unique = unique;
    if (const PyValue* cm = v.kwarg("comment"); cm && !cm->is(PyValue::Kind::none)) {
      if (!cm->is_string()) fail("a column comment that is " + describe(*cm));
      c.comment = cm->text;
    }
    if (c.type.kind == Type::Kind::enum_) {
      const PyValue& tv = v.items.size() > 1 ? v.items[1] : *v.kwarg("type_");
      bool create_type = !tv.is(PyValue::Kind::call) || bool_kwarg(tv, "create_type", true);
      if (create_type) p.creates_enum = EnumSpec{c.type.enum_name, c.type.enum_values, {}};
    }
    (void)table;
    return p;
  }

  // sa.Identity(always=, start=, increment=) (other sequence options are not translated).
  IdentitySpec identity_of(const PyValue& a, const std::string& column) {
    IdentitySpec id;
    id.always = bool_kwarg(a, "always", false);
    auto number = [&](const char* key) -> std::optional<int64_t> {
      const PyValue* v = a.kwarg(key);
      if (!v || v->is(PyValue::Kind::none)) return std::nullopt;
      if (!v->is(PyValue::Kind::integer)) fail(std::string(key) + "= that is " + describe(*v));
      std::optional<long> n = parse_long(v->text);
      if (!n) fail(std::string(key) + "= out of range (" + v->text + ")");
      return *n;
    };
    id.start = number("start");
    id.increment = number("increment");
    if (id.increment == 0) fail("sa.Identity(increment=0) on column " + column);
    if (!a.items.empty()) fail("sa.Identity() with positional arguments on column " + column);
    no_other_kwargs(a, {"always", "start", "increment"});
    return id;
  }

  static bool integer_kind(const Type& t) {
    return t.kind == Type::Kind::integer || t.kind == Type::Kind::bigint ||
           t.kind == Type::Kind::smallint;
  }

  std::vector<Op> create_table(const PyValue& c) {
    TableSpec t;
    t.name = qualified(string_arg(c, 0, "table_name", "the table name"), c);
    std::string bare = string_arg(c, 0, "table_name", "the table name");
    std::vector<Op> before;
    std::vector<Op> after;
    std::vector<ColumnParts> parts;
    for (size_t i = 1; i < c.items.size(); ++i) {
      const PyValue& a = checked(c.items[i]);
      if (!a.is(PyValue::Kind::call)) fail("a create_table argument that is " + describe(a));
      if (a.text == "sa.Column") {
        parts.push_back(column_of(a, t.name));
      } else if (a.text == "sa.PrimaryKeyConstraint") {
        PrimaryKeySpec pk;
        pk.name = optional_name(a, 9999, "name");
        for (const PyValue& x : a.items)
          pk.columns.push_back(
              x.is_string() ? x.text : (fail("a primary key column that is " + describe(x)), ""));
        remember(pk.name, ConstraintType::primary_key);
        t.primary_key = pk;
      } else if (a.text == "sa.ForeignKeyConstraint") {
        ForeignKeySpec fk;
        fk.name = optional_name(a, 9999, "name");
        fk.columns = string_list(arg(a, 0, "columns"), "the foreign key columns");
        for (const std::string& target :
             string_list(arg(a, 1, "refcolumns"), "the referenced columns")) {
          ForeignKeySpec one_target = fk_target(target, {});
          if (!fk.ref_table.empty() && fk.ref_table != one_target.ref_table)
            fail("a foreign key referencing two tables");
          fk.ref_table = one_target.ref_table;
          fk.ref_columns.push_back(one_target.ref_columns[0]);
        }
        fk_options(a, fk);
        remember(fk.name, ConstraintType::foreign_key);
        t.foreign_keys.push_back(fk);
      } else if (a.text == "sa.UniqueConstraint") {
        UniqueSpec u;
        u.name = optional_name(a, 9999, "name");
        for (const PyValue& x : a.items)
          u.columns.push_back(x.is_string() ? x.text
                                            : (fail("a unique column that is " + describe(x)), ""));
        for (const std::string& k : a.kw_names)
          if (k != "name" && k != "postgresql_nulls_not_distinct" && k != "postgresql_include")
            fail("sa.UniqueConstraint(" + k + "=…)");
        remember(u.name, ConstraintType::unique);
        UniqueSpec pg = u;
        unique_options(a, pg);
        if (pg == u) {
          t.unique.push_back(u);
        } else {
          // PostgreSQL's options apply there only: the constraint is added after the table,
          // one op per database.
          Op with = op_of(CreateUniqueConstraint{t.name, pg});
          Op without = op_of(CreateUniqueConstraint{t.name, u});
          with.dialects = {Dialect::postgresql};
          without.dialects = {Dialect::sqlite};
          after.push_back(std::move(with));
          after.push_back(std::move(without));
        }
      } else if (a.text == "sa.CheckConstraint") {
        CheckSpec k;
        k.name = optional_name(a, 9999, "name");
        k.expression.common = sql_of(arg(a, 0, "sqltext"), "the check condition");
        remember(k.name, ConstraintType::check);
        t.checks.push_back(k);
      } else if (a.text == "sa.Index") {
        t.indexes.push_back(index_of(a));
      } else {
        fail("a create_table argument `" + a.text + "(…)`");
      }
    }
    for (const std::string& k : c.kw_names)
      if (k != "schema" && k != "comment" && k != "table_name")
        fail("op.create_table(" + k + "=…): a table option retort has no equivalent for");
    if (const PyValue* cm = c.kwarg("comment"); cm && !cm->is(PyValue::Kind::none)) {
      if (!cm->is_string()) fail("a table comment that is " + describe(*cm));
      t.comment = cm->text;
    }
    // SQLAlchemy's autoincrement: the one integer primary-key column without a foreign key,
    // unless autoincrement=False; with several key columns only where autoincrement=True.
    std::vector<std::string> pk_cols;
    if (t.primary_key) pk_cols = t.primary_key->columns;
    for (auto& p : parts)
      if (p.column.primary_key) pk_cols.push_back(p.column.name);
    for (auto& p : parts) {
      bool in_pk = std::find(pk_cols.begin(), pk_cols.end(), p.column.name) != pk_cols.end();
      if (in_pk && t.primary_key) p.column.nullable = false;
      if (in_pk && integer_kind(p.column.type) && !p.column.identity) {
        if (pk_cols.size() == 1)
          p.column.autoincrement = p.autoincrement.value_or(!p.has_fk);
        else if (p.autoincrement.value_or(false))
          fail("autoincrement=True on one column of a composite primary key");
      }
      if (p.creates_enum) {
        bool seen = false;
        for (const Op& b : before)
          if (std::get<CreateEnum>(b.body).spec.name == p.creates_enum->name) seen = true;
        if (!seen) before.push_back(op_of(CreateEnum{*p.creates_enum}));
      }
      for (auto& fk : p.fks) t.foreign_keys.push_back(fk);
      if (p.index) {
        IndexSpec ix;
        ix.name = "ix_" + bare + "_" + p.column.name;
        ix.columns.push_back(IndexColumn{p.column.name, ""});
        ix.unique = p.unique_index;
        t.indexes.push_back(ix);
      }
      t.columns.push_back(p.column);
    }
    if (t.primary_key) {
      // Keep the columns' own flags out: the table-level key says it.
      for (auto& col : t.columns) col.primary_key = false;
    }
    std::vector<Op> out = std::move(before);
    out.push_back(op_of(CreateTable{t, false}));
    for (Op& op : after) out.push_back(std::move(op));
    return out;
  }

  // `postgresql_nulls_not_distinct=` and `postgresql_include=` of a unique constraint into `u`.
  void unique_options(const PyValue& c, UniqueSpec& u) {
    u.nulls_not_distinct = bool_kwarg(c, "postgresql_nulls_not_distinct", false);
    if (const PyValue* v = c.kwarg("postgresql_include"); v && !v->is(PyValue::Kind::none))
      u.include = string_list(checked(*v), "postgresql_include columns");
  }

  IndexSpec index_of(const PyValue& a) {
    IndexSpec ix;
    ix.name = string_arg(a, 0, "name", "the index name");
    for (size_t i = 1; i < a.items.size(); ++i) {
      const PyValue& x = checked(a.items[i]);
      if (x.is_string())
        ix.columns.push_back(IndexColumn{x.text, ""});
      else if (x.is(PyValue::Kind::call) && x.text == "sa.text")
        ix.columns.push_back(IndexColumn{"", sql_of(x, "an index expression")});
      else
        fail("an index column that is " + describe(x));
    }
    ix.unique = bool_kwarg(a, "unique", false);
    for (size_t i = 0; i < a.kw_names.size(); ++i) {
      const std::string& k = a.kw_names[i];
      const PyValue& v = checked(a.kw_values[i]);
      if (k == "unique" || v.is(PyValue::Kind::none) || (v.is(PyValue::Kind::boolean) && !v.flag))
        continue;
      // Operator classes and INCLUDE columns change nothing on SQLite, which does not render
      // them: they can stay in the table spec. NULLS NOT DISTINCT would be an error there.
      if (k == "postgresql_ops" || k == "postgresql_include")
        postgresql_index_option(ix, k, v);
      else
        fail("sa.Index(" + k + "=…) inside create_table");
    }
    return ix;
  }

  std::vector<Op> add_column(const PyValue& c) {
    std::string table = qualified(string_arg(c, 0, "table_name", "the table"), c);
    std::string bare = string_arg(c, 0, "table_name", "the table");
    no_other_kwargs(c, {"table_name", "column", "schema"});
    ColumnParts p = column_of(arg(c, 1, "column"), table);
    if (p.autoincrement.value_or(false) && p.column.primary_key) p.column.autoincrement = true;
    std::vector<Op> out;
    out.push_back(op_of(AddColumn{table, p.column, false}));
    for (auto& fk : p.fks) out.push_back(op_of(CreateForeignKey{table, fk}));
    if (p.index) {
      IndexSpec ix;
      ix.name = "ix_" + bare + "_" + p.column.name;
      ix.columns.push_back(IndexColumn{p.column.name, ""});
      ix.unique = p.unique_index;
      out.push_back(op_of(CreateIndex{ix, table, false, false}));
    }
    return out;
  }

  std::vector<Op> alter_column(const PyValue& c) {
    AlterColumn a;
    a.table = qualified(string_arg(c, 0, "table_name", "the table"), c);
    a.column = string_arg(c, 1, "column_name", "the column");
    for (const std::string& k : c.kw_names) {
      static const std::set<std::string> known{"table_name",
                                               "column_name",
                                               "nullable",
                                               "comment",
                                               "server_default",
                                               "new_column_name",
                                               "type_",
                                               "existing_type",
                                               "existing_server_default",
                                               "existing_nullable",
                                               "existing_comment",
                                               "schema",
                                               "postgresql_using",
                                               "existing_autoincrement",
                                               "autoincrement"};
      if (!known.count(k)) fail("op.alter_column(" + k + "=…)");
    }
    if (const PyValue* v = c.kwarg("autoincrement"); v && !v->is(PyValue::Kind::none))
      fail("op.alter_column(autoincrement=…)");
    if (const PyValue* v = c.kwarg("nullable"); v && !v->is(PyValue::Kind::none))
      a.nullable = bool_kwarg(c, "nullable", true);
    if (const PyValue* v = c.kwarg("new_column_name"); v && !v->is(PyValue::Kind::none)) {
      if (!v->is_string()) fail("new_column_name that is " + describe(*v));
      a.rename_to = v->text;
    }
    if (const PyValue* v = c.kwarg("type_"); v && !v->is(PyValue::Kind::none))
      a.type = type_of(checked(*v));
    // Alembic's "no change" for server_default and comment is False; None removes.
    if (const PyValue* v = c.kwarg("server_default");
        v && !(v->is(PyValue::Kind::boolean) && !v->flag)) {
      if (v->is(PyValue::Kind::none))
        a.server_default = std::optional<DefaultValue>();
      else
        a.server_default = std::optional<DefaultValue>(default_of(checked(*v)));
    }
    if (const PyValue* v = c.kwarg("comment"); v && !(v->is(PyValue::Kind::boolean) && !v->flag)) {
      if (v->is(PyValue::Kind::none))
        a.comment = std::optional<std::string>();
      else if (v->is_string())
        a.comment = std::optional<std::string>(v->text);
      else
        fail("a comment that is " + describe(*v));
    }
    if (const PyValue* v = c.kwarg("postgresql_using"); v && !v->is(PyValue::Kind::none)) {
      if (!a.type) fail("postgresql_using without type_");
      a.using_ = sql_of(checked(*v), "postgresql_using");
    }
    if (!a.rename_to && !a.type && !a.nullable && !a.server_default && !a.comment) return {};
    Op op = op_of(a);
    if (a.using_) {
      // Alembic uses USING only on PostgreSQL: the SQLite form is the same change without it.
      Op sqlite_form = op;
      std::get<AlterColumn>(sqlite_form.body).using_.reset();
      sqlite_form.dialects = {Dialect::sqlite};
      op.dialects = {Dialect::postgresql};
      return {op, sqlite_form};
    }
    return {op};
  }

  std::vector<Op> create_index(const PyValue& c) {
    CreateIndex ci;
    ci.index.name = string_arg(c, 0, "index_name", "the index name");
    ci.table = qualified(string_arg(c, 1, "table_name", "the table"), c);
    const PyValue& cols = arg(c, 2, "columns");
    std::vector<PyValue> list =
        cols.is(PyValue::Kind::sequence) ? cols.items : std::vector<PyValue>{cols};
    for (const PyValue& x : list) {
      checked(x);
      if (x.is_string())
        ci.index.columns.push_back(IndexColumn{x.text, ""});
      else if (x.is(PyValue::Kind::call) && x.text == "sa.text")
        ci.index.columns.push_back(IndexColumn{"", sql_of(x, "an index expression")});
      else
        fail("an index column that is " + describe(x));
    }
    ci.index.unique = bool_kwarg(c, "unique", false);
    std::string pg_where, sqlite_where, using_;
    bool concurrently = false;
    // PostgreSQL's options of the index, applied to the PostgreSQL op only (as SQLAlchemy does).
    IndexSpec pg_options = ci.index;
    for (size_t i = 0; i < c.kw_names.size(); ++i) {
      const std::string& k = c.kw_names[i];
      const PyValue& v = checked(c.kw_values[i]);
      if (k == "index_name" || k == "table_name" || k == "columns" || k == "unique" ||
          k == "schema")
        continue;
      if (v.is(PyValue::Kind::none) || (v.is(PyValue::Kind::boolean) && !v.flag)) continue;
      if (k == "postgresql_where")
        pg_where = sql_of(v, "postgresql_where");
      else if (k == "sqlite_where")
        sqlite_where = sql_of(v, "sqlite_where");
      else if (k == "postgresql_using") {
        if (!v.is_string()) fail("postgresql_using that is " + describe(v));
        using_ = v.text;
      } else if (k == "postgresql_concurrently")
        concurrently = bool_kwarg(c, k, false);
      else if (k == "postgresql_ops" || k == "postgresql_include" ||
               k == "postgresql_nulls_not_distinct")
        postgresql_index_option(pg_options, k, v);
      else if (k == "quote")
        continue;
      else
        fail("create_index(" + k + "=…): an index option retort has no equivalent for");
    }
    if (ci.index.name.empty()) fail("an index without a name");
    bool pg_only_options = pg_options != ci.index;
    if (pg_where.empty() && sqlite_where.empty() && using_.empty() && !concurrently &&
        !pg_only_options)
      return {op_of(ci)};
    // Dialect options apply on their database only: one op per database.
    CreateIndex pg = ci, lite = ci;
    pg.index = pg_options;
    pg.index.where = pg_where;
    pg.index.using_ = using_;
    pg.concurrently = concurrently;
    lite.index.where = sqlite_where;
    Op a = op_of(pg), b = op_of(lite);
    a.dialects = {Dialect::postgresql};
    b.dialects = {Dialect::sqlite};
    return {a, b};
  }

  // `postgresql_ops={column: opclass}`, `postgresql_include=[…]` or
  // `postgresql_nulls_not_distinct=True` of an index, into `ix` (SQLAlchemy applies them on
  // PostgreSQL only). An opclass for a name that is not a column of the index is not translated.
  void postgresql_index_option(IndexSpec& ix, const std::string& k, const PyValue& v) {
    if (k == "postgresql_ops") {
      if (!v.is(PyValue::Kind::dict)) fail("postgresql_ops that is " + describe(v));
      for (size_t i = 0; i < v.keys.size(); ++i) {
        if (!v.keys[i].is_string() || !v.items[i].is_string())
          fail("postgresql_ops with an entry that is not a column name and an operator class");
        bool found = false;
        for (IndexColumn& col : ix.columns)
          if (!col.name.empty() && col.name == v.keys[i].text) {
            col.opclass = v.items[i].text;
            found = true;
          }
        if (!found)
          fail("postgresql_ops names '" + v.keys[i].text +
               "', which is not a column of the index (an operator class of an expression is "
               "keyed by a label retort does not follow)");
      }
    } else if (k == "postgresql_include") {
      ix.include = string_list(v, "postgresql_include columns");
    } else if (k == "postgresql_nulls_not_distinct") {
      if (!v.is(PyValue::Kind::boolean)) fail(k + "= that is " + describe(v));
      if (v.flag && !ix.unique) fail(k + "=True on an index that is not unique");
      ix.nulls_not_distinct = v.flag;
    }
  }

  std::vector<Op> drop_index(const PyValue& c) {
    DropIndex d;
    d.name = string_arg(c, 0, "index_name", "the index name");
    if (const PyValue* t = opt_arg(c, 1, "table_name"); t && !t->is(PyValue::Kind::none)) {
      if (!t->is_string()) fail("a table name that is " + describe(*t));
      d.table = qualified(t->text, c);
    }
    d.concurrently = bool_kwarg(c, "postgresql_concurrently", false);
    no_other_kwargs(c, {"index_name", "table_name", "schema", "postgresql_concurrently"});
    if (const PyValue* s = c.kwarg("schema"); s && s->is_string()) d.name = s->text + "." + d.name;
    if (!d.concurrently) return {op_of(d)};
    DropIndex lite = d;
    lite.concurrently = false;
    Op a = op_of(d), b = op_of(lite);
    a.dialects = {Dialect::postgresql};
    b.dialects = {Dialect::sqlite};
    return {a, b};
  }

  std::vector<Op> create_foreign_key(const PyValue& c) {
    ForeignKeySpec fk;
    fk.name = optional_name(c, 0, "constraint_name");
    std::string table = string_arg(c, 1, "source_table", "the table");
    fk.ref_table = string_arg(c, 2, "referent_table", "the referenced table");
    fk.columns = string_list(arg(c, 3, "local_cols"), "the columns");
    fk.ref_columns = string_list(arg(c, 4, "remote_cols"), "the referenced columns");
    fk_options(c, fk);
    for (const std::string& k : c.kw_names) {
      static const std::set<std::string> known{
          "constraint_name", "source_table",    "referent_table",      "local_cols", "remote_cols",
          "onupdate",        "ondelete",        "deferrable",          "initially",  "match",
          "source_schema",   "referent_schema", "postgresql_not_valid"};
      if (!known.count(k)) fail("op.create_foreign_key(" + k + "=…)");
    }
    fk.not_valid = bool_kwarg(c, "postgresql_not_valid", false);
    if (const PyValue* s = c.kwarg("source_schema"); s && s->is_string())
      table = s->text + "." + table;
    if (const PyValue* s = c.kwarg("referent_schema"); s && s->is_string())
      fk.ref_table = s->text + "." + fk.ref_table;
    remember(fk.name, ConstraintType::foreign_key);
    return {op_of(CreateForeignKey{table, fk})};
  }

  std::vector<Op> drop_constraint(const PyValue& c) {
    DropConstraint d;
    d.name = string_arg(c, 0, "constraint_name", "the constraint name");
    d.table = qualified(string_arg(c, 1, "table_name", "the table"), c);
    no_other_kwargs(c, {"constraint_name", "table_name", "type_", "schema"});
    const PyValue* t = opt_arg(c, 2, "type_");
    if (t && !t->is(PyValue::Kind::none)) {
      if (!t->is_string()) fail("type_ that is " + describe(*t));
      if (t->text == "foreignkey")
        d.type = ConstraintType::foreign_key;
      else if (t->text == "unique")
        d.type = ConstraintType::unique;
      else if (t->text == "check")
        d.type = ConstraintType::check;
      else if (t->text == "primary")
        d.type = ConstraintType::primary_key;
      else
        fail("drop_constraint(type_=\"" + t->text + "\")");
    } else {
      auto it = facts_.constraint_types.find(d.name);
      if (it == facts_.constraint_types.end())
        fail("drop_constraint(\"" + d.name +
             "\") without type_, and no script of the history "
             "creates a constraint of that name: retort needs the type (foreignkey, unique, "
             "check or primary)");
      d.type = it->second;
    }
    return {op_of(d)};
  }

  std::vector<Op> execute(const PyValue& c) {
    no_other_kwargs(c, {"sqltext", "execution_options"});
    if (const PyValue* eo = c.kwarg("execution_options"); eo && !eo->is(PyValue::Kind::none))
      fail("op.execute(execution_options=…)");
    const PyValue& v = arg(c, 0, "sqltext");
    Execute e;
    std::string sql = sql_of(v, "the statement");
    if (options_.dialect_hint)
      e.sql.per_dialect[*options_.dialect_hint] = sql;
    else
      e.sql.common = sql;
    return {op_of(e)};
  }

  std::vector<Op> bulk_insert(const PyValue& c) {
    no_other_kwargs(c, {"table", "rows", "multiinsert"});
    const PyValue& t = arg(c, 0, "table");
    if (!t.is(PyValue::Kind::call) || (t.text != "sa.table" && t.text != "sa.Table"))
      fail("bulk_insert into " + describe(t) + " (sa.table(\"name\", …) is expected)");
    BulkInsert b;
    b.table = string_arg(t, 0, "name", "the table name");
    if (const PyValue* s = t.kwarg("schema"); s && s->is_string())
      b.table = s->text + "." + b.table;
    const PyValue& rows = arg(c, 1, "rows");
    if (!rows.is(PyValue::Kind::sequence)) fail("bulk_insert rows that are " + describe(rows));
    for (const PyValue& row : rows.items) {
      if (!row.is(PyValue::Kind::dict)) fail("a bulk_insert row that is " + describe(row));
      for (const PyValue& k : row.keys) {
        if (!k.is_string()) fail("a bulk_insert row key that is not a string");
        if (std::find(b.columns.begin(), b.columns.end(), k.text) == b.columns.end())
          b.columns.push_back(k.text);
      }
    }
    for (const PyValue& row : rows.items) {
      std::vector<Value> values(b.columns.size());
      for (size_t i = 0; i < row.keys.size(); ++i) {
        size_t col = static_cast<size_t>(
            std::find(b.columns.begin(), b.columns.end(), row.keys[i].text) - b.columns.begin());
        values[col] = value_of(row.items[i]);
      }
      b.rows.push_back(std::move(values));
    }
    return {op_of(b)};
  }

  Value value_of(const PyValue& v) {
    Value out;
    using K = PyValue::Kind;
    switch (v.kind) {
      case K::none:
        out.kind = Value::Kind::null;
        break;
      case K::boolean:
        out.kind = Value::Kind::boolean;
        out.text = v.flag ? "true" : "false";
        break;
      case K::integer:
        out.kind = Value::Kind::integer;
        out.text = v.text;
        break;
      case K::real:
        out.kind = Value::Kind::real;
        out.text = v.text;
        break;
      case K::string:
        out.kind = Value::Kind::string;
        out.text = v.text;
        break;
      case K::sequence:
      case K::dict:
        out.kind = Value::Kind::json;
        out.text = json_text(v);
        break;
      default:
        fail("a bulk_insert value that is " + describe(v));
    }
    return out;
  }

  // sa.Enum(…).create(bind, checkfirst=…) / .drop(bind, …)
  std::vector<Op> enum_create_drop(const PyValue& call) {
    if (!call.self) fail("a call of ." + call.text);
    Type t = type_of(*call.self);
    if (t.kind != Type::Kind::enum_) fail("`" + call.self->text + "(…)" + call.text + "(…)`");
    if (call.text == ".create")
      return {op_of(CreateEnum{EnumSpec{t.enum_name, t.enum_values, {}}})};
    return {op_of(DropEnum{t.enum_name})};
  }

  // ---- expressions ----

  PyValue lookup(const std::string& name, const Env& env, int line) {
    if (env.local)
      if (auto it = env.local->find(name); it != env.local->end()) return it->second;
    if (auto it = env.module->find(name); it != env.module->end()) return it->second;
    if (functions_.count(name)) return make(PyValue::Kind::ref, "function:" + name, line);
    return unknown("`" + name + "` is not defined in the script", line);
  }

  PyValue eval(const json& n, Env& env) {
    const std::string t = node_type(n);
    const int line = line_of(n);
    if (t == "Constant") {
      const json& c = n["value"];
      std::string k = c.value("t", "");
      if (k == "none") return make(PyValue::Kind::none, "", line);
      if (k == "bool") {
        PyValue v = make(PyValue::Kind::boolean, "", line);
        v.flag = c["v"].get<bool>();
        return v;
      }
      if (k == "int") return make(PyValue::Kind::integer, c["v"].get<std::string>(), line);
      if (k == "float") return make(PyValue::Kind::real, c["v"].get<std::string>(), line);
      if (k == "str") return make(PyValue::Kind::string, c["v"].get<std::string>(), line);
      return unknown("a " + k + " literal", line);
    }
    if (t == "Name") return lookup(n["id"].get<std::string>(), env, line);
    if (t == "Attribute") {
      PyValue base = eval(n["value"], env);
      std::string attr = n["attr"].get<std::string>();
      if (base.is(PyValue::Kind::unknown)) return base;
      if (base.is(PyValue::Kind::ref)) {
        std::string ref = fold_ref(base.text + "." + attr);
        if (ref == "bind.dialect.name" || ref == "bind.engine.name" || ref == "bind.name" ||
            ref == "bind.engine.dialect.name" || ref == "ctx.dialect.name" ||
            ref == "bind.dialect.driver")
          return make(PyValue::Kind::dialect, "", line);
        return make(PyValue::Kind::ref, ref, line);
      }
      return unknown("the attribute `" + attr + "` of " + describe(base), line);
    }
    if (t == "Call") return eval_call(n, env);
    if (t == "Tuple" || t == "List" || t == "Set") {
      PyValue v = make(PyValue::Kind::sequence, "", line);
      for (const json& e : n["elts"]) {
        if (node_type(e) == "Starred") {
          PyValue inner = eval(e["value"], env);
          if (!inner.is(PyValue::Kind::sequence)) return unknown("a *unpacked value", line);
          for (auto& x : inner.items) v.items.push_back(x);
          continue;
        }
        v.items.push_back(eval(e, env));
      }
      return v;
    }
    if (t == "Dict") {
      PyValue v = make(PyValue::Kind::dict, "", line);
      for (size_t i = 0; i < n["keys"].size(); ++i) {
        if (n["keys"][i].is_null()) return unknown("a **unpacked dictionary", line);
        v.keys.push_back(eval(n["keys"][i], env));
        v.items.push_back(eval(n["values"][i], env));
      }
      return v;
    }
    if (t == "JoinedStr") {
      std::string out;
      for (const json& part : n["values"]) {
        PyValue p =
            node_type(part) == "FormattedValue" ? eval(part["value"], env) : eval(part, env);
        if (node_type(part) == "FormattedValue" &&
            (part["conversion"].get<int>() != -1 || part["format_spec"].is_object()))
          return unknown("an f-string with a conversion or format", line);
        if (p.is_string() || p.is(PyValue::Kind::integer))
          out += p.text;
        else
          return unknown("an f-string with " + describe(p), line);
      }
      return make(PyValue::Kind::string, out, line);
    }
    if (t == "BinOp") {
      PyValue l = eval(n["left"], env), r = eval(n["right"], env);
      std::string op = node_type(n["op"]);
      if (op == "Add" && l.is_string() && r.is_string())
        return make(PyValue::Kind::string, l.text + r.text, line);
      if (op == "Add" && l.is(PyValue::Kind::sequence) && r.is(PyValue::Kind::sequence)) {
        l.items.insert(l.items.end(), r.items.begin(), r.items.end());
        return l;
      }
      return unknown("a computed value (" + op + ")", line);
    }
    if (t == "UnaryOp") {
      PyValue v = eval(n["operand"], env);
      std::string op = node_type(n["op"]);
      if (op == "Not") {
        if (v.is(PyValue::Kind::boolean)) {
          v.flag = !v.flag;
          return v;
        }
        if (v.is(PyValue::Kind::none)) {
          PyValue b = make(PyValue::Kind::boolean, "", line);
          b.flag = true;
          return b;
        }
        if (v.is(PyValue::Kind::predicate)) return negate(v);
      }
      if (op == "USub" && (v.is(PyValue::Kind::integer) || v.is(PyValue::Kind::real))) {
        v.text = v.text[0] == '-' ? v.text.substr(1) : "-" + v.text;
        return v;
      }
      if (v.is(PyValue::Kind::unknown)) return v;
      return unknown("a computed value", line);
    }
    if (t == "Compare") return eval_compare(n, env);
    if (t == "BoolOp") {
      bool is_and = node_type(n["op"]) == "And";
      std::vector<PyValue> parts;
      for (const json& x : n["values"]) parts.push_back(eval(x, env));
      PyValue acc = parts[0];
      for (size_t i = 1; i < parts.size(); ++i) {
        const PyValue& b = parts[i];
        if (acc.is(PyValue::Kind::boolean) && b.is(PyValue::Kind::boolean)) {
          acc.flag = is_and ? (acc.flag && b.flag) : (acc.flag || b.flag);
        } else if (acc.is(PyValue::Kind::predicate) && acc.on_dialect &&
                   b.is(PyValue::Kind::predicate) && b.on_dialect) {
          std::set<Dialect> s;
          for (Dialect d : kAllDialects)
            if (is_and ? (acc.dialects.count(d) && b.dialects.count(d))
                       : (acc.dialects.count(d) || b.dialects.count(d)))
              s.insert(d);
          acc.dialects = s;
        } else {
          return unknown("a condition combining checks retort cannot follow", line);
        }
      }
      return acc;
    }
    if (t == "ListComp" || t == "SetComp" || t == "GeneratorExp") return eval_comprehension(n, env);
    if (t == "Subscript") {
      PyValue base = eval(n["value"], env);
      const json& sl = node_type(n["slice"]) == "Index" ? n["slice"]["value"] : n["slice"];
      PyValue key = eval(sl, env);
      if (base.is(PyValue::Kind::dict) && key.is_string())
        for (size_t i = 0; i < base.keys.size(); ++i)
          if (base.keys[i].is_string() && base.keys[i].text == key.text) return base.items[i];
      if (base.is(PyValue::Kind::sequence) && key.is(PyValue::Kind::integer)) {
        long i = parse_long(key.text).value_or(static_cast<long>(base.items.size()));
        if (i < 0) i += static_cast<long>(base.items.size());
        if (i >= 0 && i < static_cast<long>(base.items.size()))
          return base.items[static_cast<size_t>(i)];
      }
      if (base.is(PyValue::Kind::unknown)) return base;
      return unknown("an indexed value retort cannot follow", line);
    }
    if (t == "IfExp") {
      PyValue c = eval(n["test"], env);
      if (c.is(PyValue::Kind::boolean)) return eval(c.flag ? n["body"] : n["orelse"], env);
      return unknown("a conditional expression on " + describe(c), line);
    }
    return unknown("a Python " + t + " expression", line);
  }

  static PyValue negate(PyValue v) {
    if (v.on_dialect) {
      std::set<Dialect> s;
      for (Dialect d : kAllDialects)
        if (!v.dialects.count(d)) s.insert(d);
      v.dialects = s;
    } else {
      v.negated = !v.negated;
    }
    return v;
  }

  PyValue eval_compare(const json& n, Env& env) {
    const int line = line_of(n);
    if (n["ops"].size() != 1) return unknown("a chained comparison", line);
    std::string op = node_type(n["ops"][0]);
    PyValue l = eval(n["left"], env), r = eval(n["comparators"][0], env);
    auto dialect_set = [&](const PyValue& names, bool& ok) {
      std::set<Dialect> s;
      ok = true;
      std::vector<PyValue> list =
          names.is(PyValue::Kind::sequence) ? names.items : std::vector<PyValue>{names};
      for (const PyValue& x : list) {
        if (!x.is_string()) {
          ok = false;
          continue;
        }
        if (x.text == "postgresql" || x.text == "postgres")
          s.insert(Dialect::postgresql);
        else if (x.text == "sqlite")
          s.insert(Dialect::sqlite);
      }
      return s;
    };
    if (l.is(PyValue::Kind::dialect) || r.is(PyValue::Kind::dialect)) {
      const PyValue& other = l.is(PyValue::Kind::dialect) ? r : l;
      bool ok = false;
      PyValue p = make(PyValue::Kind::predicate, "", line);
      p.on_dialect = true;
      p.dialects = dialect_set(other, ok);
      if (!ok) return unknown("a comparison of the dialect name with " + describe(other), line);
      if (op == "Eq" || op == "In") return p;
      if (op == "NotEq" || op == "NotIn") return negate(p);
      return unknown("a comparison of the dialect name", line);
    }
    if ((op == "In" || op == "NotIn") &&
        (r.is(PyValue::Kind::names) || r.is(PyValue::Kind::inspected))) {
      if (!l.is_string()) return unknown("a check of the database for " + describe(l), line);
      if (r.is(PyValue::Kind::inspected) && r.what != "table")
        return unknown("`in` on the inspector's list of dictionaries", line);
      PyValue p = make(PyValue::Kind::predicate, "", line);
      p.what = r.what;
      p.table = r.table;
      p.name = l.text;
      p.negated = op == "NotIn";
      return p;
    }
    auto literal = [](const PyValue& v) {
      return v.is_string() || v.is(PyValue::Kind::integer) || v.is(PyValue::Kind::none) ||
             v.is(PyValue::Kind::boolean);
    };
    if (literal(l) && literal(r) && (op == "Eq" || op == "NotEq" || op == "Is" || op == "IsNot")) {
      bool same = l.kind == r.kind && l.text == r.text && l.flag == r.flag;
      PyValue b = make(PyValue::Kind::boolean, "", line);
      b.flag = (op == "Eq" || op == "Is") ? same : !same;
      return b;
    }
    if (literal(l) && r.is(PyValue::Kind::sequence) && (op == "In" || op == "NotIn")) {
      bool found = false;
      for (const auto& x : r.items)
        if (x.kind == l.kind && x.text == l.text) found = true;
      PyValue b = make(PyValue::Kind::boolean, "", line);
      b.flag = op == "In" ? found : !found;
      return b;
    }
    if (l.is(PyValue::Kind::unknown)) return l;
    if (r.is(PyValue::Kind::unknown)) return r;
    return unknown("a comparison retort cannot evaluate", line);
  }

  PyValue eval_comprehension(const json& n, Env& env) {
    const int line = line_of(n);
    if (n["generators"].size() != 1) return unknown("a comprehension with several `for`s", line);
    const json& gen = n["generators"][0];
    PyValue iter = eval(gen["iter"], env);
    if (iter.is(PyValue::Kind::inspected)) {
      // [c["name"] for c in inspector.get_columns("t")]
      const json& elt = n["elt"];
      if (!gen["ifs"].empty() || node_type(gen["target"]) != "Name" ||
          node_type(elt) != "Subscript" || node_type(elt["value"]) != "Name" ||
          elt["value"]["id"] != gen["target"]["id"])
        return unknown("a comprehension over the inspector other than [x[\"name\"] for x in …]",
                       line);
      const json& sl = node_type(elt["slice"]) == "Index" ? elt["slice"]["value"] : elt["slice"];
      PyValue key = eval(sl, env);
      if (!key.is_string() || key.text != "name")
        return unknown("a comprehension over the inspector other than [x[\"name\"] for x in …]",
                       line);
      PyValue v = iter;
      v.kind = PyValue::Kind::names;
      return v;
    }
    if (!iter.is(PyValue::Kind::sequence))
      return unknown("a comprehension over " + describe(iter), line);
    Vars locals = env.local ? *env.local : Vars{};
    Env inner{env.module, &locals};
    PyValue out = make(PyValue::Kind::sequence, "", line);
    for (const PyValue& item : iter.items) {
      bind(gen["target"], item, locals);
      bool keep = true;
      for (const json& cond : gen["ifs"]) {
        PyValue c = eval(cond, inner);
        if (!c.is(PyValue::Kind::boolean))
          return unknown("a comprehension filter retort cannot evaluate", line);
        keep = keep && c.flag;
      }
      if (keep) out.items.push_back(eval(n["elt"], inner));
    }
    return out;
  }

  PyValue eval_call(const json& n, Env& env) {
    const int line = line_of(n);
    const json& func = n["func"];
    PyValue callee;
    PyValue self;
    bool method = false;
    if (node_type(func) == "Attribute") {
      PyValue base = eval(func["value"], env);
      std::string attr = func["attr"].get<std::string>();
      if (base.is(PyValue::Kind::unknown)) return base;
      if (base.is(PyValue::Kind::ref)) {
        callee = make(PyValue::Kind::ref, fold_ref(base.text + "." + attr), line);
      } else {
        method = true;
        self = base;
        callee = make(PyValue::Kind::ref, "." + attr, line);
      }
    } else {
      callee = eval(func, env);
    }
    if (callee.is(PyValue::Kind::unknown) && node_type(func) == "Name") {
      // A few built-ins over literals: reversed/list/tuple/sorted of a list, str/int of a value.
      std::string b = func["id"].get<std::string>();
      if (n["args"].size() == 1 && n["keywords"].empty() &&
          (b == "reversed" || b == "list" || b == "tuple" || b == "sorted" || b == "str" ||
           b == "int")) {
        PyValue a = eval(n["args"][0], env);
        if (a.is(PyValue::Kind::sequence) && (b == "reversed" || b == "list" || b == "tuple")) {
          if (b == "reversed") std::reverse(a.items.begin(), a.items.end());
          return a;
        }
        if (a.is(PyValue::Kind::sequence) && b == "sorted") {
          for (const auto& x : a.items)
            if (!x.is_string()) return unknown("sorted() of values other than strings", line);
          std::sort(a.items.begin(), a.items.end(),
                    [](const PyValue& x, const PyValue& y) { return x.text < y.text; });
          return a;
        }
        if (b == "str" && (a.is_string() || a.is(PyValue::Kind::integer)))
          return make(PyValue::Kind::string, a.text, line);
        if (b == "int" && a.is(PyValue::Kind::integer)) return a;
      }
      return unknown("the Python built-in or undefined name `" + b + "`", line);
    }
    if (callee.is(PyValue::Kind::unknown)) return callee;
    if (!callee.is(PyValue::Kind::ref)) return unknown("a call of " + describe(callee), line);
    std::string name = callee.text;
    // A helper of the script used as an expression: `def f(…): return EXPR`.
    if (name.rfind("function:", 0) == 0) {
      const json& fn = *functions_[name.substr(9)];
      const json& body = fn["body"];
      size_t k = 0;
      while (k < body.size() && node_type(body[k]) == "Expr" &&
             node_type(body[k]["value"]) == "Constant")
        ++k;
      std::vector<const json*> rest;
      for (size_t i = k; i < body.size(); ++i) rest.push_back(&body[i]);
      // Local assignments then one return.
      try {
        Vars locals = bind_arguments(fn, n, env);
        Env inner{env.module, &locals};
        for (size_t i = 0; i + 1 < rest.size(); ++i) {
          if (node_type(*rest[i]) != "Assign")
            return unknown("helper `" + name.substr(9) + "()` does more than compute a value",
                           line);
          PyValue v = eval((*rest[i])["value"], inner);
          for (const json& target : (*rest[i])["targets"]) bind(target, v, locals);
        }
        if (rest.empty() || node_type(*rest.back()) != "Return" ||
            rest.back()->at("value").is_null())
          return unknown("helper `" + name.substr(9) + "()` does more than return a value", line);
        if (call_depth_ > 16) return unknown("helpers nested too deeply", line);
        ++call_depth_;
        PyValue v = eval((*rest.back())["value"], inner);
        --call_depth_;
        return v;
      } catch (const Unconvertible& u) {
        return unknown(u.reason, line);
      }
    }
    PyValue call = make(PyValue::Kind::call, name, line);
    if (method) call.self = std::make_shared<PyValue>(self);
    for (const json& a : n["args"]) {
      if (node_type(a) == "Starred") {
        PyValue inner = eval(a["value"], env);
        if (!inner.is(PyValue::Kind::sequence)) return unknown("a call with *arguments", line);
        for (auto& x : inner.items) call.items.push_back(x);
        continue;
      }
      call.items.push_back(eval(a, env));
    }
    for (const json& kw : n["keywords"]) {
      if (!kw["arg"].is_string()) {
        PyValue d = eval(kw["value"], env);
        if (!d.is(PyValue::Kind::dict)) return unknown("a call with **arguments", line);
        for (size_t i = 0; i < d.keys.size(); ++i) {
          if (!d.keys[i].is_string()) return unknown("a call with **arguments", line);
          call.kw_names.push_back(d.keys[i].text);
          call.kw_values.push_back(d.items[i]);
        }
        continue;
      }
      call.kw_names.push_back(kw["arg"].get<std::string>());
      call.kw_values.push_back(eval(kw["value"], env));
    }
    // Calls whose value retort knows.
    auto is_op = [&](const char* op_method) {
      const std::string m = std::string(".") + op_method;
      return name == "op" + m || (name.rfind("batch:", 0) == 0 && name.size() > m.size() &&
                                  name.compare(name.size() - m.size(), m.size(), m) == 0);
    };
    if (is_op("f") && call.items.size() == 1) return call.items[0];
    if (is_op("inline_literal") && call.items.size() >= 1) return call.items[0];
    if (name == "op.get_bind" || name == "context.get_bind" || name == "ctx.connection")
      return make(PyValue::Kind::ref, "bind", line);
    if (name == "op.get_context" || name == "context.get_context")
      return make(PyValue::Kind::ref, "ctx", line);
    if (name == "sa.inspect" || name == "sa.Inspector.from_engine" ||
        name == "sa.inspection.inspect") {
      if (call.items.size() == 1 && call.items[0].is(PyValue::Kind::ref) &&
          (call.items[0].text == "bind" || call.items[0].text == "bind.engine"))
        return make(PyValue::Kind::ref, "inspector", line);
      return unknown("an inspector of something other than op.get_bind()", line);
    }
    if (name.rfind("inspector.", 0) == 0) {
      std::string m = name.substr(10);
      PyValue v = make(PyValue::Kind::inspected, "", line);
      auto table_arg = [&]() -> bool {
        if (call.items.empty() || !call.items[0].is_string()) return false;
        v.table = call.items[0].text;
        if (const PyValue* s = call.kwarg("schema"); s && s->is_string())
          v.table = s->text + "." + v.table;
        return true;
      };
      if (m == "get_table_names") {
        v.what = "table";
        return v;
      }
      if (m == "has_table") {
        if (!table_arg()) return unknown("inspector.has_table of a computed name", line);
        PyValue p = make(PyValue::Kind::predicate, "", line);
        p.what = "table";
        p.name = v.table;
        return p;
      }
      if (m == "get_columns")
        v.what = "column";
      else if (m == "get_indexes")
        v.what = "index";
      else if (m == "get_foreign_keys" || m == "get_unique_constraints" ||
               m == "get_check_constraints")
        v.what = "constraint";
      else
        return unknown("inspector." + m + "()", line);
      if (!table_arg()) return unknown("inspector." + m + " of a computed table name", line);
      return v;
    }
    if (name.rfind("batch:", 0) == 0 || name.rfind("op.", 0) == 0 || name.rfind("sa.", 0) == 0 ||
        name.rfind("ctx.", 0) == 0 || name.rfind("bind.", 0) == 0 ||
        name.rfind("postgresql.", 0) == 0 || name.rfind("sqlite.", 0) == 0 || method ||
        name.rfind("module:logging", 0) == 0 || name == "logger.info" || name == "print")
      return call;
    if (name.rfind("module:", 0) == 0)
      return unknown("`" + name.substr(7) + "(…)` (code imported from outside the script)", line);
    if (name == "str" && call.items.size() == 1 && call.items[0].is_string()) return call.items[0];
    return unknown("a call of `" + name + "(…)`", line);
  }

  const json& module_;
  TranslateOptions options_;
  HistoryFacts& facts_;
  std::vector<std::string> lines_;
  std::string docstring_;
  Vars module_env_;
  std::map<std::string, const json*> functions_;
  bool uses_autocommit_ = false;
  int call_depth_ = 0;
  ScriptTranslation out_;
};

}  // namespace

ScriptTranslation translate_script(const nlohmann::json& module, const std::string& source,
                                   const TranslateOptions& options, HistoryFacts& facts) {
  return ScriptTranslator(module, source, options, facts).run();
}

std::map<std::string, std::string> configure_string_arguments(const nlohmann::json& module) {
  std::map<std::string, std::string> out;
  std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& n) {
    if (n.is_array()) {
      for (const auto& x : n) walk(x);
      return;
    }
    if (!n.is_object()) return;
    if (node_type(n) == "Call" && node_type(n["func"]) == "Attribute" &&
        n["func"]["attr"] == "configure") {
      for (const auto& kw : n["keywords"])
        if (kw["arg"].is_string() && node_type(kw["value"]) == "Constant" &&
            kw["value"]["value"].value("t", "") == "str")
          out[kw["arg"].get<std::string>()] = kw["value"]["value"]["v"].get<std::string>();
    }
    for (auto it = n.begin(); it != n.end(); ++it)
      if (it->is_structured()) walk(*it);
  };
  walk(module);
  return out;
}

}  // namespace retort::importer
