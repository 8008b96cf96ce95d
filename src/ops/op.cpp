#include "ops/op.hpp"

#include "base/overloaded.hpp"

namespace retort {

std::string_view op_name(const OpBody& body) {
  return std::visit(
      Overloaded{
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
      },
      body);
}

}  // namespace retort
