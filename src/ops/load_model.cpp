#include "ops/load_model.hpp"

#include <algorithm>
#include <filesystem>
#include <vector>

#include "base/read_file.hpp"
#include "ops/load_objects.hpp"
#include "ops/load_spec.hpp"
#include "yaml/parser.hpp"

namespace retort {

namespace {

// Adds the tables, enums and other objects of `part` (loaded from one file, whose text is `text`)
// to `into`, rejecting a name defined twice. Errors point into `part`'s file.
void merge_into(Schema& into, Schema&& part, const std::string& path, std::string_view text) {
  LoadContext ctx(path, text);
  for (TableSpec& t : part.tables) {
    if (const TableSpec* first = into.find_table(t.name))
      ctx.fail(yaml::Mark{t.where.line, t.where.column},
               "table '" + t.name + "' is defined twice (first at " + first->where.str() + ")");
    into.tables.push_back(std::move(t));
  }
  for (EnumSpec& e : part.enums) {
    auto first = std::find_if(into.enums.begin(), into.enums.end(),
                              [&](const EnumSpec& x) { return x.name == e.name; });
    if (first != into.enums.end())
      ctx.fail(yaml::Mark{e.where.line, e.where.column},
               "enum '" + e.name + "' is defined twice (first at " + first->where.str() + ")");
    into.enums.push_back(std::move(e));
  }
  // Views, functions, triggers, sequences, extensions: each known by its key (a function by
  // its name and arguments, a trigger by its name and table).
  auto merge = [&](auto& into_list, auto& part_list, const char* what, auto key) {
    for (auto& spec : part_list) {
      auto first = std::find_if(into_list.begin(), into_list.end(),
                                [&](const auto& x) { return key(x) == key(spec); });
      if (first != into_list.end())
        ctx.fail(yaml::Mark{spec.where.line, spec.where.column},
                 std::string(what) + " '" + key(spec) + "' is defined twice (first at " +
                     first->where.str() + ")");
      into_list.push_back(std::move(spec));
    }
  };
  auto by_name = [](const auto& x) { return x.name; };
  merge(into.extensions, part.extensions, "extension", by_name);
  merge(into.sequences, part.sequences, "sequence", by_name);
  merge(into.views, part.views, "view", by_name);
  merge(into.functions, part.functions, "function",
        [](const FunctionSpec& f) { return f.name + "(" + f.arguments + ")"; });
  merge(into.triggers, part.triggers, "trigger",
        [](const TriggerSpec& t) { return t.name + " on " + t.table; });
  for (LongIdentifier& id : part.long_identifiers) into.long_identifiers.push_back(std::move(id));
}

// A column typed `{enum: NAME}` without `values` takes them from the model's `enums:` entry of that
// name (SQLite checks them with a CHECK constraint; without them it would have none to check).
// Values written in both places must agree.
void resolve_enum_columns(Schema& schema) {
  for (TableSpec& t : schema.tables)
    for (ColumnSpec& c : t.columns) {
      if (c.type.kind != Type::Kind::enum_) continue;
      auto e = std::find_if(schema.enums.begin(), schema.enums.end(),
                            [&](const EnumSpec& x) { return x.name == c.type.enum_name; });
      if (e == schema.enums.end()) continue;
      if (c.type.enum_values.empty()) {
        c.type.enum_values = e->values;
      } else if (c.type.enum_values != e->values) {
        auto list = [](const std::vector<std::string>& v) {
          std::string s;
          for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
          return "(" + s + ")";
        };
        throw Error(
            ErrorKind::input, c.where,
            "column " + t.name + "." + c.name + ": enum '" + e->name + "' has values " +
                list(c.type.enum_values) + " here but " + list(e->values) + " in enums: at " +
                e->where.str() +
                "\n  write the values once, in enums:, and the column as {enum: " + e->name + "}");
      }
    }
}

Schema parse_document(const std::string& path, std::string_view text,
                      std::optional<Dialect> dialect) {
  LoadContext ctx(path, text, dialect);
  yaml::Node root = yaml::parse_yaml(path, text);
  Schema schema;
  if (root.is_null()) return schema;
  std::vector<std::string_view> keys = {"tables",   "enums",     "views",     "functions",
                                        "triggers", "sequences", "extensions"};
  if (root.is_mapping())
    for (const yaml::MapEntry& e : root.entries)
      if (e.key.value.starts_with("x-")) keys.push_back(e.key.value);
  MapReader r(ctx, root, "model", keys, root.mark, "a model file");

  if (const yaml::Node* enums = r.list("enums", false)) {
    for (const yaml::Node& item : enums->items) {
      MapReader er(ctx, item, "enum", {"name", "values"}, item.mark,
                   r.field("enums").prefixed("each item of "));
      EnumSpec e;
      e.where = ctx.where(item.mark);
      e.name = er.identifier("name", NameKind::qualified);
      e.values = er.names("values");
      schema.enums.push_back(std::move(e));
    }
  }
  if (const yaml::Node* tables = r.list("tables", false)) {
    for (const yaml::Node& item : tables->items) {
      MapReader tr(ctx, item, "table", table_spec_keys(), item.mark,
                   r.field("tables").prefixed("each item of "));
      schema.tables.push_back(parse_table_spec(tr));
    }
  }
  auto objects = [&](const char* key, const char* what,
                     const std::vector<std::string_view>& spec_keys, auto& list, auto parse) {
    if (const yaml::Node* items = r.list(key, false))
      for (const yaml::Node& item : items->items)
        list.push_back(parse(MapReader(ctx, item, what, spec_keys, item.mark,
                                       r.field(key).prefixed("each item of "))));
  };
  objects("views", "view", view_spec_keys(), schema.views, parse_view_spec);
  objects("functions", "function", function_spec_keys(), schema.functions, parse_function_spec);
  objects("triggers", "trigger", trigger_spec_keys(), schema.triggers, parse_trigger_spec);
  objects("sequences", "sequence", sequence_spec_keys(), schema.sequences, parse_sequence_spec);
  objects("extensions", "extension", extension_spec_keys(), schema.extensions,
          parse_extension_spec);
  schema.long_identifiers = ctx.long_identifiers();
  return schema;
}

}  // namespace

Schema parse_model(const std::string& path, std::string_view text, std::optional<Dialect> dialect) {
  Schema schema;
  merge_into(schema, parse_document(path, text, dialect), path, text);
  resolve_enum_columns(schema);
  return schema;
}

Schema load_model(const std::string& path, std::optional<Dialect> dialect) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(path, ec))
    throw Error(ErrorKind::input, "model path '" + path + "' does not exist");
  std::vector<std::string> files;
  if (fs::is_directory(path, ec))
    files = list_yaml_files(path);
  else
    files.push_back(path);
  Schema schema;
  for (const std::string& file : files) {
    std::string text = read_text_file(file);
    merge_into(schema, parse_document(file, text, dialect), file, text);
  }
  resolve_enum_columns(schema);
  return schema;
}

}  // namespace retort
