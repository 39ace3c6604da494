// Hive columns and the flattened field list of a JSON Schema model.
//
// The mapping is the table in json_schema_format.h.
//
// Struct field names that are not identifiers are quoted with backticks. A
// property's `description` becomes its column comment.
//
// Fields: the root as "(root)", then each property by dotted path, array
// items as `name[]` (tuple positions `name[0]`), map values as `name.*`,
// combinator branches as `name<oneOf 1>`; nested fields after their parent,
// in definition order. A recursive `$ref` is listed once, not expanded again.
// Pure; thread-safe.
#ifndef ALMANAC_FORMATS_JSON_SCHEMA_HIVE_MAPPING_H_
#define ALMANAC_FORMATS_JSON_SCHEMA_HIVE_MAPPING_H_

#include <vector>

#include "absl/status/statusor.h"
#include "formats/json_schema/schema_model.h"
#include "formats/schema_formats.h"

namespace almanac::formats::json_schema {

// InvalidArgument when the top level is not an object schema with properties.
absl::StatusOr<std::vector<HiveColumn>> HiveColumnsOf(const SchemaModel& model);

std::vector<SchemaField> FieldsOf(const SchemaModel& model);

}  // namespace almanac::formats::json_schema

#endif  // ALMANAC_FORMATS_JSON_SCHEMA_HIVE_MAPPING_H_
