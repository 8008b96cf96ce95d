#include "ops/op.hpp"

#include "base/overloaded.hpp"

namespace retort {

OpBody::OpBody() = default;
OpBody::OpBody(const OpBody& other) = default;
OpBody::OpBody(OpBody&& other) noexcept = default;
OpBody& OpBody::operator=(const OpBody& other) = default;
OpBody& OpBody::operator=(OpBody&& other) noexcept = default;
OpBody::~OpBody() = default;

std::string_view op_name(const OpBody& body) {
  return std::visit(Overloaded{
                        [](const CreateTable&) { return "create_table"; },
                        [](const DropTable&) { return "drop_table"; },
                        [](const RenameTable&) { return "rename_table"; },
                        [](const AddColumn&) { return "add_column"; },
                        [](const DropColumn&) { return "drop_column"; },
                        [](const AlterColumn&) { return "alter_column"; },
                        [](const CreateIndex&) { return "create_index"; },
                        [](const DropIndex&) { return "drop_index"; },
                        [](const CreateForeignKey&) { return "create_foreign_key"; },
                        [](const CreateUniqueConstraint&) { return "create_unique_constraint"; },
                        [](const CreateCheckConstraint&) { return "create_check_constraint"; },
                        [](const CreatePrimaryKey&) { return "create_primary_key"; },
                        [](const DropConstraint&) { return "drop_constraint"; },
                        [](const CreateEnum&) { return "create_enum"; },
                        [](const DropEnum&) { return "drop_enum"; },
                        [](const AddEnumValue&) { return "add_enum_value"; },
                        [](const Execute&) { return "execute"; },
                        [](const Assert&) { return "assert"; },
                        [](const BulkInsert&) { return "bulk_insert"; },
                        [](const Call&) { return "call"; },
                        [](const Irreversible&) { return "irreversible"; },
                        [](const RenameIndex&) { return "rename_index"; },
                        [](const ValidateConstraint&) { return "validate_constraint"; },
                        [](const SetTableComment&) { return "set_table_comment"; },
                        [](const CreateView&) { return "create_view"; },
                        [](const DropView&) { return "drop_view"; },
                        [](const ReplaceView&) { return "replace_view"; },
                        [](const RefreshMaterializedView&) { return "refresh_materialized_view"; },
                        [](const CreateFunction&) { return "create_function"; },
                        [](const ReplaceFunction&) { return "replace_function"; },
                        [](const DropFunction&) { return "drop_function"; },
                        [](const CreateTrigger&) { return "create_trigger"; },
                        [](const DropTrigger&) { return "drop_trigger"; },
                        [](const CreateSequence&) { return "create_sequence"; },
                        [](const AlterSequence&) { return "alter_sequence"; },
                        [](const DropSequence&) { return "drop_sequence"; },
                        [](const CreateExtension&) { return "create_extension"; },
                        [](const DropExtension&) { return "drop_extension"; },
                        [](const CreateSchema&) { return "create_schema"; },
                        [](const DropSchema&) { return "drop_schema"; },
                    },
                    body);
}

std::string skip_reason(const Op& op, Dialect d) {
  const std::string name(dialect_name(d));
  if (!op.runs_on(d)) return "its dialect list leaves out " + name;
  if (const auto* ex = std::get_if<Execute>(&op.body); ex && !ex->sql.for_dialect(d))
    return "no SQL for " + name;
  if (!op.only_if.empty() && !op.only_if.for_dialect(d))
    return "its only_if guard has no " + name + " form";
  if (!op.unless.empty() && !op.unless.for_dialect(d))
    return "its unless guard has no " + name + " form";
  if (const auto* as = std::get_if<Assert>(&op.body); as && !as->sql.for_dialect(d))
    return "no SQL for " + name;
  return "";
}

std::string_view existence_guard(const OpBody& body) {
  return std::visit(
      Overloaded{
          [](const CreateTable& o) { return o.if_not_exists ? "if_not_exists" : ""; },
          [](const DropTable& o) { return o.if_exists ? "if_exists" : ""; },
          [](const AddColumn& o) { return o.if_not_exists ? "if_not_exists" : ""; },
          [](const DropColumn& o) { return o.if_exists ? "if_exists" : ""; },
          [](const CreateIndex& o) { return o.if_not_exists ? "if_not_exists" : ""; },
          [](const DropIndex& o) { return o.if_exists ? "if_exists" : ""; },
          [](const CreateForeignKey& o) { return o.if_not_exists ? "if_not_exists" : ""; },
          [](const CreateUniqueConstraint& o) { return o.if_not_exists ? "if_not_exists" : ""; },
          [](const CreateCheckConstraint& o) { return o.if_not_exists ? "if_not_exists" : ""; },
          [](const CreatePrimaryKey& o) { return o.if_not_exists ? "if_not_exists" : ""; },
          [](const DropConstraint& o) { return o.if_exists ? "if_exists" : ""; },
          [](const CreateEnum& o) { return o.if_not_exists ? "if_not_exists" : ""; },
          [](const DropEnum& o) { return o.if_exists ? "if_exists" : ""; },
          [](const DropView& o) { return o.if_exists ? "if_exists" : ""; },
          [](const DropFunction& o) { return o.if_exists ? "if_exists" : ""; },
          [](const DropTrigger& o) { return o.if_exists ? "if_exists" : ""; },
          [](const CreateSequence& o) { return o.if_not_exists ? "if_not_exists" : ""; },
          [](const DropSequence& o) { return o.if_exists ? "if_exists" : ""; },
          [](const CreateExtension& o) { return o.if_not_exists ? "if_not_exists" : ""; },
          [](const DropExtension& o) { return o.if_exists ? "if_exists" : ""; },
          [](const CreateSchema& o) { return o.if_not_exists ? "if_not_exists" : ""; },
          [](const DropSchema& o) { return o.if_exists ? "if_exists" : ""; },
          [](const auto&) { return ""; },
      },
      body);
}

}  // namespace retort
