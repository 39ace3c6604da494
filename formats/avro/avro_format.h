// Avro schemas for the schema registry: parsing, canonical form, Hive columns,
// and the compatibility rules of the format (see formats/schema_formats.h for
// the shared types). Reached only through formats/schema_formats.cc.
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
std::vector<Incompatibility> Check(const ParsedSchema& old_schema, const ParsedSchema& new_schema,
                                   Direction direction);

}  // namespace almanac::formats::avro

#endif  // ALMANAC_FORMATS_AVRO_AVRO_FORMAT_H_
