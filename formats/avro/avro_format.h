// Avro schemas for the schema registry: parsing, canonical form, Hive columns,
// and the compatibility rules of the format (see formats/schema_formats.h for
// the shared types). Reached only through formats/schema_formats.cc.
//
// Parsing and its validation rules: formats/avro/avro_schema.h. Compatibility:
// formats/avro/avro_resolution.h (Check runs it with reader = new, writer = old
// for kNewReadsOld, and reader = old, writer = new for kOldReadsNew).
//
// canonical(): the parsed JSON dumped compactly with object keys sorted. It
// keeps everything written, docs and unknown attributes included, so only
// whitespace and key order are normalised: a schema re-formatted or with its
// keys reordered is the same version; any other edit (even a doc) is a new one.
//
// ToHiveColumns(): the top-level type must be a record; one column per field,
// the field's doc as the column comment. Types map as follows:
//
//   Avro                                    Hive
//   -------------------------------------- ------------------------------------
//   null                                    void
//   boolean, int, float, double, string     the same name
//   long                                    bigint
//   bytes, fixed                            binary
//   enum                                    string
//   array<T>                                array<T>
//   map<T>                                  map<string,T>
//   record                                  struct<field:type,...>
//   union of null and one type T            T (Hive columns are nullable)
//   other unions                            uniontype<...> of the non-null
//   branches decimal(p,s), p <= 38                   decimal(p,s) decimal(p,s),
//   p > 38                    binary (beyond Hive's decimal) date date
//   timestamp-*, local-timestamp-*          timestamp
//   time-millis / time-micros               int / bigint (Hive has no time
//   type) uuid                                    string duration binary a
//   record inside itself (recursion)      string (the nested value as JSON)
//
// Fields(): every record field as `parent.child`; array items add `[]`, map
// values `{}` (`items[].sku`, `attrs{}.value`); a union of null and a record
// is transparent, other unions with several record branches add the branch
// name (`payload[Card].number`). A recursive record is described once, where
// it is first entered. The description holds the type, default, aliases,
// order and doc.
#ifndef ALMANAC_FORMATS_AVRO_AVRO_FORMAT_H_
#define ALMANAC_FORMATS_AVRO_AVRO_FORMAT_H_

#include <memory>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "formats/schema_formats.h"

namespace almanac::formats::avro {

// InvalidArgument saying where the text is wrong.
absl::StatusOr<std::unique_ptr<ParsedSchema>> Parse(std::string_view text);

// Both arguments were made by Parse above.
std::vector<Incompatibility> Check(const ParsedSchema &old_schema, const ParsedSchema &new_schema,
                                   Direction direction);

}  // namespace almanac::formats::avro

#endif  // ALMANAC_FORMATS_AVRO_AVRO_FORMAT_H_
