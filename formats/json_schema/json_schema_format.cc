#include "formats/json_schema/json_schema_format.h"

#include "absl/status/status.h"

namespace almanac::formats::json_schema {

// Placeholder until the JSON Schema parser lands: refuses rather than pretending.
absl::StatusOr<std::unique_ptr<ParsedSchema>> Parse(std::string_view text) {
  return absl::UnimplementedError("JSON Schema schemas are not supported yet");
}

std::vector<Incompatibility> Check(const ParsedSchema& old_schema, const ParsedSchema& new_schema,
                                   Direction direction) {
  return {{"", "JSON Schema compatibility is not supported yet"}};
}

}  // namespace almanac::formats::json_schema
