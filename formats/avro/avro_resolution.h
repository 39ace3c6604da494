// Avro schema resolution (the specification's "Schema Resolution"): can data
// written with one schema be read with another, and if not, every reason why.
//
// The rules, as applied here:
//   - Primitives match themselves and the promotions int -> long, float,
//     double; long -> float, double; float -> double; string <-> bytes.
//   - Records, enums and fixed match by unqualified name, or when one of the
//     READER's aliases names the writer's type (by full name or by its
//     unqualified part); the writer's aliases never count. Fixed sizes must be
//     equal.
//   - Record fields match by name or by a reader field alias. A reader field
//     that matches no writer field needs a default; writer fields the reader
//     lacks are skipped.
//   - Enums: a writer symbol the reader lacks is an error unless the reader's
//     enum has a default.
//   - Unions: each writer branch (or the writer's single type) goes to the
//     first reader branch that matches it in the specification's shallow
//     sense (same primitive or a promotion, same name, arrays/maps whose
//     items/values match), which is then resolved recursively; a non-union
//     reader must read every writer branch.
//   - Logical types: resolution is on the underlying type, as the
//     specification defines it, except that two decimals must have equal
//     precision and scale (the decimal section of the specification says so).
//   - Recursive types terminate: each (reader, writer) pair of named types is
//     resolved once; a pair met again is assumed fine (it is being checked).
//
// Reasons are worded in old-to-new terms: for kNewReadsOld the writer is the
// old schema, for kOldReadsNew the reader is. Linear in the size of the two
// schemas (field lookups are hash maps). Pure; thread-safe.
#ifndef ALMANAC_FORMATS_AVRO_AVRO_RESOLUTION_H_
#define ALMANAC_FORMATS_AVRO_AVRO_RESOLUTION_H_

#include <vector>

#include "formats/avro/avro_schema.h"
#include "formats/schema_formats.h"

namespace almanac::formats::avro {

// Why data written with `writer` cannot be read with `reader`; empty when it
// can. `direction` only chooses the wording (which side is old).
std::vector<Incompatibility> Resolve(const Node &reader, const Node &writer, Direction direction);

}  // namespace almanac::formats::avro

#endif  // ALMANAC_FORMATS_AVRO_AVRO_RESOLUTION_H_
