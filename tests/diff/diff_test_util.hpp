// Helpers shared by the differ's tests: one line per op, to assert whole plans at once.
#pragma once

#include <string>
#include <vector>

#include "base/overloaded.hpp"
#include "diff/diff_text.hpp"
#include "ops/op.hpp"

namespace retort::testing {

inline std::string sql_of(const SqlText& text) {
  if (text.common) return *text.common;
  std::string out;
  for (const auto& [d, t] : text.per_dialect)
    out += std::string(d == Dialect::sqlite ? "sqlite" : "postgresql") + ":" + t + ";";
  return out;
}

// "create_table users", "add_column users.email", "drop_constraint fk_x on t (foreign_key)", …
inline std::string op_line(const Op& op) {
  auto kind = [](ConstraintType t) {
    switch (t) {
      case ConstraintType::foreign_key:
        return "foreign_key";
      case ConstraintType::unique:
        return "unique";
      case ConstraintType::check:
        return "check";
      case ConstraintType::primary_key:
        return "primary_key";
    }
    return "?";
  };
  return std::visit(
      Overloaded{
          [](const CreateTable& o) {
            std::string fks;
            for (const auto& fk : o.table.foreign_keys) fks += " fk->" + fk.ref_table;
            return "create_table " + o.table.name + fks;
          },
          [](const DropTable& o) { return "drop_table " + o.table; },
          [](const RenameTable& o) { return "rename_table " + o.table + " " + o.to; },
          [](const AddColumn& o) {
            return "add_column " + o.table + "." + o.column.name + " " +
                   type_text(o.column.type, Dialect::postgresql) +
                   (o.column.nullable ? "" : " not null");
          },
          [](const DropColumn& o) { return "drop_column " + o.table + "." + o.column; },
          [](const AlterColumn& o) {
            std::string out = "alter_column " + o.table + "." + o.column;
            if (o.type) out += " type=" + type_text(*o.type, Dialect::postgresql);
            if (o.using_) out += " using=" + *o.using_;
            if (o.nullable) out += std::string(" nullable=") + (*o.nullable ? "true" : "false");
            if (o.server_default)
              out += " default=" + default_text(*o.server_default, Dialect::postgresql);
            if (o.comment) out += " comment=" + comment_text(*o.comment);
            return out;
          },
          [](const CreateIndex& o) {
            return "create_index " + o.index.name + " on " + o.table + " " + index_text(o.index);
          },
          [](const DropIndex& o) { return "drop_index " + o.name + " on " + o.table; },
          [](const CreateForeignKey& o) {
            return "create_foreign_key " + o.fk.name + " on " + o.table + " " +
                   foreign_key_text(o.fk);
          },
          [](const CreateUniqueConstraint& o) {
            return "create_unique_constraint " + o.unique.name + " on " + o.table + " " +
                   columns_text(o.unique.columns);
          },
          [](const CreateCheckConstraint& o) {
            return "create_check_constraint " + o.check.name + " on " + o.table + ": " +
                   sql_of(o.check.expression);
          },
          [](const CreatePrimaryKey& o) {
            return "create_primary_key " + o.pk.name + " on " + o.table + " " +
                   columns_text(o.pk.columns);
          },
          [&](const DropConstraint& o) {
            return "drop_constraint " + o.name + " on " + o.table + " (" + kind(o.type) + ")";
          },
          [](const CreateEnum& o) {
            std::string v;
            for (const auto& x : o.spec.values) v += (v.empty() ? "" : ",") + x;
            return "create_enum " + o.spec.name + " (" + v + ")";
          },
          [](const DropEnum& o) { return "drop_enum " + o.name; },
          [](const AddEnumValue& o) {
            return "add_enum_value " + o.name + " " + o.value +
                   (o.after.empty() ? "" : " after " + o.after) +
                   (o.before.empty() ? "" : " before " + o.before);
          },
          [](const Execute& o) { return "execute " + sql_of(o.sql); },
          [](const SetTableComment& o) {
            return "set_table_comment " + o.table + " " + comment_text(o.comment);
          },
          [](const CreateView& o) { return "create_view " + o.view.name; },
          [](const DropView& o) { return "drop_view " + o.name; },
          [](const ReplaceView& o) { return "replace_view " + o.view.name; },
          [](const CreateFunction& o) {
            return "create_function " + o.function.name + "(" + o.function.arguments + ")";
          },
          [](const ReplaceFunction& o) {
            return "replace_function " + o.function.name + "(" + o.function.arguments + ")";
          },
          [](const DropFunction& o) { return "drop_function " + o.name + "(" + o.arguments + ")"; },
          [](const CreateTrigger& o) {
            return "create_trigger " + o.trigger.name + " on " + o.trigger.table;
          },
          [](const DropTrigger& o) { return "drop_trigger " + o.name + " on " + o.table; },
          [](const CreateSequence& o) { return "create_sequence " + o.sequence.name; },
          [](const AlterSequence& o) { return "alter_sequence " + o.name; },
          [](const DropSequence& o) { return "drop_sequence " + o.name; },
          [](const CreateExtension& o) { return "create_extension " + o.extension.name; },
          [](const DropExtension& o) { return "drop_extension " + o.name; },
          [](const auto& o) { return std::string(op_name(OpBody(o))); },
      },
      op.body);
}

inline std::vector<std::string> op_lines(const std::vector<Op>& ops) {
  std::vector<std::string> out;
  for (const Op& op : ops) out.push_back(op_line(op));
  return out;
}

}  // namespace retort::testing
