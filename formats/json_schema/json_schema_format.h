// JSON Schema schemas for the schema registry: parsing, canonical form, Hive columns,
// and the compatibility rules of the format (see formats/schema_formats.h for
// the shared types). Reached only through formats/schema_formats.cc.
//
// Drafts 4, 6 and 7, chosen by `$schema` (draft 7 when it is absent). The
// keywords the library interprets are checked (schema_model.h); others are
// kept in the canonical form and ignored. Only local references (`#`,
// `#/definitions/...`, any `#/...` JSON pointer) are followed. The canonical
// form is the document with sorted keys and no whitespace.
//
// Compatibility follows Confluent Schema Registry's judgement of JSON Schema
// (rules in compat_check.h); fields for diffs are described in hive_mapping.h.
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
// Struct field names that are not identifiers are quoted with backticks; a
// property's `description` becomes its column comment. The top level must be
// an object schema with properties (InvalidArgument saying why otherwise).
//
// Thread-safe: a parsed schema is immutable.
#ifndef ALMANAC_FORMATS_JSON_SCHEMA_JSON_SCHEMA_FORMAT_H_
#define ALMANAC_FORMATS_JSON_SCHEMA_JSON_SCHEMA_FORMAT_H_

#include <memory>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "formats/schema_formats.h"

namespace almanac::formats::json_schema {

// InvalidArgument saying where the text is wrong: "line L, column C: invalid
// JSON: ..." for syntax, "/properties/price/type: ..." (a JSON pointer) for a
// keyword, and an unknown `$schema`, a remote or dangling `$ref`, or nesting
// deeper than 256 levels by name.
absl::StatusOr<std::unique_ptr<ParsedSchema>> Parse(std::string_view text);

// Both arguments were made by Parse above (otherwise one reason saying so).
// kNewReadsOld: data valid under the old schema must be valid under the new;
// kOldReadsNew: the reverse. Every reason names its path and rule.
std::vector<Incompatibility> Check(const ParsedSchema& old_schema, const ParsedSchema& new_schema,
                                   Direction direction);

}  // namespace almanac::formats::json_schema

#endif  // ALMANAC_FORMATS_JSON_SCHEMA_JSON_SCHEMA_FORMAT_H_
