#include "dialect/dialect.hpp"

#include "dialect/postgresql_dialect.hpp"
#include "dialect/sqlite_dialect.hpp"

namespace retort {

bool SqlDialect::any_needs_table_state(const std::vector<Op>& ops) const {
  for (const Op& op : ops)
    if (op.runs_on(name()) && needs_table_state(op)) return true;
  return false;
}

std::vector<GuardQuery> SqlDialect::guard_queries(const Op& op) const {
  std::vector<GuardQuery> out;
  if (const std::string* q = op.only_if.for_dialect(name())) out.push_back({"only_if", *q, true});
  if (const std::string* q = op.unless.for_dialect(name())) out.push_back({"unless", *q, false});
  if (auto g = catalog_guard(op)) {
    g->run_when_row = existence_guard(op.body) == "if_exists";
    g->label = std::string(existence_guard(op.body));
    out.push_back(std::move(*g));
  }
  return out;
}

std::vector<std::string> SqlDialect::describe_guards(const Op& op) const {
  std::vector<std::string> out;
  if (const std::string* q = op.only_if.for_dialect(name())) out.push_back("only_if: " + *q);
  if (const std::string* q = op.unless.for_dialect(name())) out.push_back("unless: " + *q);
  const std::string kind(existence_guard(op.body));
  switch (existence_form(op)) {
    case ExistenceForm::none:
      break;
    case ExistenceForm::in_statement:
      out.push_back(kind + " (" + (kind == "if_exists" ? "IF EXISTS" : "IF NOT EXISTS") +
                    " in the statement)");
      break;
    case ExistenceForm::catalog_query:
      out.push_back(kind + " (checked first: " + catalog_guard(op)->query + ")");
      break;
    case ExistenceForm::table_definition:
      out.push_back(kind + " (checked in the table's current definition)");
      break;
  }
  return out;
}

const SqlDialect& dialect_for(Dialect d) {
  return d == Dialect::sqlite ? sqlite_dialect() : postgresql_dialect();
}

}  // namespace retort
