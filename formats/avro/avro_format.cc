#include "formats/avro/avro_format.h"

#include "absl/status/status.h"

namespace almanac::formats::avro {

// Placeholder until the Avro parser lands: refuses rather than pretending.
absl::StatusOr<std::unique_ptr<ParsedSchema>> Parse(std::string_view text) {
  return absl::UnimplementedError("Avro schemas are not supported yet");
}

std::vector<Incompatibility> Check(const ParsedSchema& old_schema, const ParsedSchema& new_schema,
                                   Direction direction) {
  return {{"", "Avro compatibility is not supported yet"}};
}

}  // namespace almanac::formats::avro
