// Field-by-field equality of ops, tables and schemas, for the loader's round-trip tests (the
// shared structs compare their parts, not whole ops or tables). `where` locations are ignored.
#pragma once

#include <variant>

#include "ops/op.hpp"
#include "ops/spec.hpp"

namespace retort::testing {

inline bool same_table(const TableSpec& a, const TableSpec& b) {
  return a.name == b.name && a.columns == b.columns && a.primary_key == b.primary_key &&
         a.foreign_keys == b.foreign_keys && a.unique == b.unique && a.checks == b.checks &&
         a.indexes == b.indexes && a.comment == b.comment;
}

inline bool same_schema(const Schema& a, const Schema& b) {
  if (a.tables.size() != b.tables.size() || a.enums != b.enums) return false;
  for (size_t i = 0; i < a.tables.size(); ++i)
    if (!same_table(a.tables[i], b.tables[i])) return false;
  return true;
}

inline bool same_body(const OpBody& x, const OpBody& y) {
  if (x.index() != y.index()) return false;
  struct Compare {
    const OpBody& other;
    bool operator()(const CreateTable& a) const {
      const auto& b = std::get<CreateTable>(other);
      return same_table(a.table, b.table) && a.if_not_exists == b.if_not_exists;
    }
    bool operator()(const DropTable& a) const {
      const auto& b = std::get<DropTable>(other);
      return a.table == b.table && a.if_exists == b.if_exists;
    }
    bool operator()(const RenameTable& a) const {
      const auto& b = std::get<RenameTable>(other);
      return a.table == b.table && a.to == b.to;
    }
    bool operator()(const AddColumn& a) const {
      const auto& b = std::get<AddColumn>(other);
      return a.table == b.table && a.column == b.column && a.if_not_exists == b.if_not_exists;
    }
    bool operator()(const DropColumn& a) const {
      const auto& b = std::get<DropColumn>(other);
      return a.table == b.table && a.column == b.column && a.if_exists == b.if_exists;
    }
    bool operator()(const AlterColumn& a) const {
      const auto& b = std::get<AlterColumn>(other);
      return a.table == b.table && a.column == b.column && a.rename_to == b.rename_to &&
             a.type == b.type && a.nullable == b.nullable && a.server_default == b.server_default &&
             a.comment == b.comment && a.using_ == b.using_;
    }
    bool operator()(const CreateIndex& a) const {
      const auto& b = std::get<CreateIndex>(other);
      return a.index == b.index && a.table == b.table && a.concurrently == b.concurrently &&
             a.if_not_exists == b.if_not_exists;
    }
    bool operator()(const DropIndex& a) const {
      const auto& b = std::get<DropIndex>(other);
      return a.name == b.name && a.table == b.table && a.concurrently == b.concurrently &&
             a.if_exists == b.if_exists;
    }
    bool operator()(const CreateForeignKey& a) const {
      const auto& b = std::get<CreateForeignKey>(other);
      return a.table == b.table && a.fk == b.fk && a.if_not_exists == b.if_not_exists;
    }
    bool operator()(const CreateUniqueConstraint& a) const {
      const auto& b = std::get<CreateUniqueConstraint>(other);
      return a.table == b.table && a.unique == b.unique && a.if_not_exists == b.if_not_exists;
    }
    bool operator()(const CreateCheckConstraint& a) const {
      const auto& b = std::get<CreateCheckConstraint>(other);
      return a.table == b.table && a.check == b.check && a.if_not_exists == b.if_not_exists;
    }
    bool operator()(const CreatePrimaryKey& a) const {
      const auto& b = std::get<CreatePrimaryKey>(other);
      return a.table == b.table && a.pk == b.pk && a.if_not_exists == b.if_not_exists;
    }
    bool operator()(const DropConstraint& a) const {
      const auto& b = std::get<DropConstraint>(other);
      return a.name == b.name && a.table == b.table && a.type == b.type &&
             a.if_exists == b.if_exists;
    }
    bool operator()(const CreateEnum& a) const {
      const auto& b = std::get<CreateEnum>(other);
      return a.spec == b.spec && a.if_not_exists == b.if_not_exists;
    }
    bool operator()(const DropEnum& a) const {
      const auto& b = std::get<DropEnum>(other);
      return a.name == b.name && a.if_exists == b.if_exists;
    }
    bool operator()(const AddEnumValue& a) const {
      const auto& b = std::get<AddEnumValue>(other);
      return a.name == b.name && a.value == b.value && a.before == b.before && a.after == b.after;
    }
    bool operator()(const Execute& a) const {
      const auto& b = std::get<Execute>(other);
      return a.sql == b.sql && a.repeat_until_zero == b.repeat_until_zero;
    }
    bool operator()(const Assert& a) const {
      const auto& b = std::get<Assert>(other);
      return a.sql == b.sql && a.message == b.message;
    }
    bool operator()(const BulkInsert& a) const {
      const auto& b = std::get<BulkInsert>(other);
      return a.table == b.table && a.columns == b.columns && a.rows == b.rows;
    }
    bool operator()(const Call& a) const { return a.name == std::get<Call>(other).name; }
    bool operator()(const Irreversible& a) const {
      return a.reason == std::get<Irreversible>(other).reason;
    }
    bool operator()(const RenameIndex& a) const {
      const auto& b = std::get<RenameIndex>(other);
      return a.name == b.name && a.to == b.to && a.table == b.table;
    }
    bool operator()(const ValidateConstraint& a) const {
      const auto& b = std::get<ValidateConstraint>(other);
      return a.name == b.name && a.table == b.table;
    }
    bool operator()(const SetTableComment& a) const {
      const auto& b = std::get<SetTableComment>(other);
      return a.table == b.table && a.comment == b.comment;
    }
    bool operator()(const CreateView& a) const {
      return a.view == std::get<CreateView>(other).view;
    }
    bool operator()(const ReplaceView& a) const {
      return a.view == std::get<ReplaceView>(other).view;
    }
    bool operator()(const DropView& a) const {
      const auto& b = std::get<DropView>(other);
      return a.name == b.name && a.materialized == b.materialized && a.if_exists == b.if_exists;
    }
    bool operator()(const RefreshMaterializedView& a) const {
      const auto& b = std::get<RefreshMaterializedView>(other);
      return a.name == b.name && a.concurrently == b.concurrently;
    }
    bool operator()(const CreateFunction& a) const {
      return a.function == std::get<CreateFunction>(other).function;
    }
    bool operator()(const ReplaceFunction& a) const {
      return a.function == std::get<ReplaceFunction>(other).function;
    }
    bool operator()(const DropFunction& a) const {
      const auto& b = std::get<DropFunction>(other);
      return a.name == b.name && a.arguments == b.arguments && a.if_exists == b.if_exists;
    }
    bool operator()(const CreateTrigger& a) const {
      return a.trigger == std::get<CreateTrigger>(other).trigger;
    }
    bool operator()(const DropTrigger& a) const {
      const auto& b = std::get<DropTrigger>(other);
      return a.name == b.name && a.table == b.table && a.if_exists == b.if_exists;
    }
    bool operator()(const CreateSequence& a) const {
      const auto& b = std::get<CreateSequence>(other);
      return a.sequence == b.sequence && a.if_not_exists == b.if_not_exists;
    }
    bool operator()(const AlterSequence& a) const {
      const auto& b = std::get<AlterSequence>(other);
      return a.name == b.name && a.increment == b.increment && a.min_value == b.min_value &&
             a.max_value == b.max_value && a.start == b.start && a.restart == b.restart &&
             a.cache == b.cache && a.cycle == b.cycle;
    }
    bool operator()(const DropSequence& a) const {
      const auto& b = std::get<DropSequence>(other);
      return a.name == b.name && a.if_exists == b.if_exists;
    }
    bool operator()(const CreateExtension& a) const {
      const auto& b = std::get<CreateExtension>(other);
      return a.extension == b.extension && a.if_not_exists == b.if_not_exists;
    }
    bool operator()(const DropExtension& a) const {
      const auto& b = std::get<DropExtension>(other);
      return a.name == b.name && a.if_exists == b.if_exists;
    }
    bool operator()(const CreateSchema& a) const {
      const auto& b = std::get<CreateSchema>(other);
      return a.name == b.name && a.if_not_exists == b.if_not_exists;
    }
    bool operator()(const DropSchema& a) const {
      const auto& b = std::get<DropSchema>(other);
      return a.name == b.name && a.if_exists == b.if_exists;
    }
  };
  return std::visit(Compare{y}, x);
}

inline bool same_op(const Op& a, const Op& b) {
  return same_body(a.body, b.body) && a.dialects == b.dialects && a.lint_allow == b.lint_allow &&
         a.only_if == b.only_if && a.unless == b.unless;
}

inline bool same_ops(const std::vector<Op>& a, const std::vector<Op>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (!same_op(a[i], b[i])) return false;
  return true;
}

}  // namespace retort::testing
