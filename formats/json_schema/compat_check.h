// The JSON Schema compatibility rules: can every instance valid under the
// writer's schema be read (validated) by the reader's schema?
//
// The rules follow Confluent Schema Registry's judgement of JSON Schema
// changes (REFERENCE.md section 5), checked structurally on the two models:
//
//   * content model: an object without `additionalProperties: false` is open.
//     A property the reader names but the writer does not is fine when the
//     writer is closed, breaks when it is open (writer data may hold that name
//     with any value) unless the reader's property schema accepts anything,
//     and is checked against the writer's additionalProperties /
//     patternProperties schema when the writer is partially open. A property
//     the writer names but the reader does not is fine when the reader is
//     open, breaks when the reader is closed (unless the writer's property
//     schema is `false`), and is checked against the reader's
//     additionalProperties schema otherwise.
//   * required: a name the reader requires and the writer does not breaks,
//     unless the reader's property has a `default` (Confluent's choice: a
//     required property with a default may be added even though validation
//     ignores defaults).
//   * types widen (integer to number, a type added to a list), never narrow;
//     enums and const may gain values; numeric, string, array and object size
//     bounds may loosen; `pattern`, `multipleOf`, `uniqueItems`, `not`,
//     `if/then/else` and `dependencies` may be dropped by the reader, not added
//     or changed (a property-list dependency may name fewer properties).
//     `format` is treated as an annotation, as Confluent's checker does:
//     changing it is not judged. A bound on a type the writer's data never has
//     is ignored (minLength on an integer).
//   * patternProperties: a reader pattern also constrains the writer's named
//     properties it matches and the names an open writer leaves free; a
//     writer pattern the reader lacks meets the reader's additionalProperties.
//     Regular expressions are compared by text, never by language, so two
//     different patterns covering the same names are judged strictly.
//   * oneOf/anyOf: every writer branch must be accepted by some reader branch
//     (branches may be added; oneOf's exclusivity is not checked, as Confluent
//     does not: a new branch overlapping an old one is accepted even though a
//     value matching both then fails a oneOf). allOf: every reader branch must be satisfied by the
//     writer (branches may be removed).
//   * schemas with identical JSON and no `$ref` inside are equal without a
//     walk, which keeps the usual check (a few changes in a large schema)
//     cheap.
//   * `$ref` is followed; each (writer node, reader node) pair is checked once
//     and a pair met again while it is being checked is assumed compatible, so
//     recursive schemas terminate and the check stays near-linear.
//
// Pure; thread-safe.
#ifndef ALMANAC_FORMATS_JSON_SCHEMA_COMPAT_CHECK_H_
#define ALMANAC_FORMATS_JSON_SCHEMA_COMPAT_CHECK_H_

#include <vector>

#include "formats/json_schema/schema_model.h"
#include "formats/schema_formats.h"

namespace almanac::formats::json_schema {

// Reasons data valid under `writer` is not valid under `reader`, worded in the
// old-to-new terms of the change: `writer_is_old` is true for BACKWARD.
std::vector<Incompatibility> CheckModels(const SchemaModel& writer, const SchemaModel& reader,
                                         bool writer_is_old);

}  // namespace almanac::formats::json_schema

#endif  // ALMANAC_FORMATS_JSON_SCHEMA_COMPAT_CHECK_H_
