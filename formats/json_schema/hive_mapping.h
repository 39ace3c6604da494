// Hive columns and the flattened field list of a JSON Schema model.
//
// The Hive mapping, applied to each property of the top-level object:
//
//   JSON Schema                                   Hive type
//   --------------------------------------------  ---------------------------------
//   integer                                       bigint
//   number (also integer and number together)     double
//   string                                        string
//   string, format "date"                         date
//   string, format "date-time"                    timestamp
//   boolean                                       boolean
//   array with an `items` schema T                array<T>
//   array in tuple form, all items one type T     array<T>; mixed: array<string>
//   array without items                           array<string>
//   object with properties                        struct<name:T,...>
//   object with only additionalProperties T       map<string,T>
//   object with neither (free-form)               string (the JSON text)
//   ["null", T], or a oneOf/anyOf of null and T   T (Hive columns are nullable)
//   several non-null types                        string (the JSON text)
//   oneOf/anyOf whose branches map to one type T  T; different types: string
//   allOf                                         the branches' properties merged
//                                                 into one struct (or the first
//                                                 branch's type when none has any)
//   enum / const without a type                   the type of the values
//   null alone, no type at all                    string
//   $ref                                          the target's type; a recursive
//                                                 reference: string
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
