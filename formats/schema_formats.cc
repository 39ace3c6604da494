#include "formats/schema_formats.h"

#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/absl_view.h"
#include "formats/avro/avro_format.h"
#include "formats/json_schema/json_schema_format.h"
#include "formats/protobuf/protobuf_format.h"

namespace almanac::formats {

absl::StatusOr<SchemaFormat> ParseSchemaFormat(std::string_view name) {
  std::string upper = absl::AsciiStrToUpper(std::string(name));
  if (upper == "AVRO") return SchemaFormat::kAvro;
  if (upper == "JSON") return SchemaFormat::kJson;
  if (upper == "PROTOBUF") return SchemaFormat::kProtobuf;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown schema format '", AbslView(name), "': expected AVRO, JSON or PROTOBUF"));
}

std::string_view SchemaFormatName(SchemaFormat format) {
  switch (format) {
    case SchemaFormat::kAvro:
      return "AVRO";
    case SchemaFormat::kJson:
      return "JSON";
    case SchemaFormat::kProtobuf:
      return "PROTOBUF";
  }
  return "?";
}

absl::StatusOr<std::unique_ptr<ParsedSchema>> ParseSchema(SchemaFormat format,
                                                          std::string_view text) {
  switch (format) {
    case SchemaFormat::kAvro:
      return avro::Parse(text);
    case SchemaFormat::kJson:
      return json_schema::Parse(text);
    case SchemaFormat::kProtobuf:
      return protobuf::Parse(text);
  }
  return absl::InvalidArgumentError("unknown schema format");
}

std::vector<Incompatibility> CheckCompatibility(const ParsedSchema& old_schema,
                                                const ParsedSchema& new_schema,
                                                Direction direction) {
  if (old_schema.format() != new_schema.format()) {
    return {{"", absl::StrCat("the data format changed from ", AbslView(SchemaFormatName(old_schema.format())),
                              " to ", AbslView(SchemaFormatName(new_schema.format())))}};
  }
  switch (new_schema.format()) {
    case SchemaFormat::kAvro:
      return avro::Check(old_schema, new_schema, direction);
    case SchemaFormat::kJson:
      return json_schema::Check(old_schema, new_schema, direction);
    case SchemaFormat::kProtobuf:
      return protobuf::Check(old_schema, new_schema, direction);
  }
  return {};
}

std::string_view DiffKindName(SchemaDiffEntry::Kind kind) {
  switch (kind) {
    case SchemaDiffEntry::Kind::kAdded:
      return "added";
    case SchemaDiffEntry::Kind::kRemoved:
      return "removed";
    case SchemaDiffEntry::Kind::kChanged:
      return "changed";
  }
  return "?";
}

std::vector<SchemaDiffEntry> DiffSchemas(const ParsedSchema& from, const ParsedSchema& to) {
  std::vector<SchemaField> before = from.Fields();
  std::vector<SchemaField> after = to.Fields();
  std::map<std::string, const SchemaField*> after_by_path;
  for (const SchemaField& f : after) after_by_path.emplace(f.path, &f);
  std::map<std::string, const SchemaField*> before_by_path;
  for (const SchemaField& f : before) before_by_path.emplace(f.path, &f);

  std::vector<SchemaDiffEntry> diff;
  for (const SchemaField& f : before) {
    auto it = after_by_path.find(f.path);
    if (it == after_by_path.end()) {
      diff.push_back({SchemaDiffEntry::Kind::kRemoved, f.path, f.description, ""});
    } else if (it->second->description != f.description) {
      diff.push_back(
          {SchemaDiffEntry::Kind::kChanged, f.path, f.description, it->second->description});
    }
  }
  for (const SchemaField& f : after) {
    if (!before_by_path.contains(f.path)) {
      diff.push_back({SchemaDiffEntry::Kind::kAdded, f.path, "", f.description});
    }
  }
  return diff;
}

}  // namespace almanac::formats
