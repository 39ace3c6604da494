#include "catalog/service/schema_reference.h"

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/absl_view.h"
#include "common/status_macros.h"
#include "formats/schema_formats.h"

namespace almanac::service {

absl::StatusOr<SchemaReference> ParseSchemaReference(std::string_view text) {
  auto bad = [&] {
    return absl::InvalidArgumentError(absl::StrCat(
        "invalid ", AbslView(kSchemaReferenceKey), " '", AbslView(text),
        "': expected REGISTRY/SCHEMA, REGISTRY/SCHEMA@latest or REGISTRY/SCHEMA@N"));
  };
  SchemaReference ref;
  std::string_view rest = text;
  if (size_t at = rest.rfind('@'); at != std::string_view::npos) {
    std::string_view v = rest.substr(at + 1);
    rest = rest.substr(0, at);
    if (v != "latest" && (!absl::SimpleAtoi(AbslView(v), &ref.version) || ref.version < 1)) {
      return bad();
    }
  }
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == rest.size() ||
      rest.find('/', slash + 1) != std::string_view::npos) {
    return bad();
  }
  ref.registry = std::string(rest.substr(0, slash));
  ref.schema = std::string(rest.substr(slash + 1));
  return ref;
}

absl::Status ApplySchemaReference(storage::WriteTransaction& txn, model::Table* table) {
  auto it = table->parameters.find(std::string(kSchemaReferenceKey));
  if (it == table->parameters.end()) {
    table->parameters.erase(std::string(kSchemaVersionKey));
    table->parameters.erase(std::string(kSchemaVersionIdKey));
    return absl::OkStatus();
  }
  ASSIGN_OR_RETURN(SchemaReference ref, ParseSchemaReference(it->second));
  ASSIGN_OR_RETURN(model::RegistrySchema schema,
                   txn.registry().GetSchema(ref.registry, ref.schema));
  int64_t number = ref.version != 0 ? ref.version : schema.latest_version;
  if (number == 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "schema '", ref.registry, "/", ref.schema, "' has no version for the table to follow"));
  }
  ASSIGN_OR_RETURN(model::SchemaVersion version,
                   txn.registry().GetSchemaVersion(ref.registry, ref.schema, number));
  ASSIGN_OR_RETURN(formats::SchemaFormat format, formats::ParseSchemaFormat(schema.data_format));
  ASSIGN_OR_RETURN(std::unique_ptr<formats::ParsedSchema> parsed,
                   formats::ParseSchema(format, version.definition));
  absl::StatusOr<std::vector<formats::HiveColumn>> columns = parsed->ToHiveColumns();
  if (!columns.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("schema '", ref.registry, "/", ref.schema,
                                                   "' version ", number,
                                                   " cannot describe a table: ",
                                                   columns.status().message()));
  }
  table->sd.columns.clear();
  for (formats::HiveColumn& c : *columns) {
    table->sd.columns.push_back(
        model::Column{std::move(c.name), std::move(c.type), std::move(c.comment)});
  }
  table->parameters[std::string(kSchemaVersionKey)] = absl::StrCat(number);
  table->parameters[std::string(kSchemaVersionIdKey)] = version.id;
  return absl::OkStatus();
}

}  // namespace almanac::service
