#include "formats/protobuf/protobuf_format.h"

#include "absl/status/status.h"

namespace almanac::formats::protobuf {

// Placeholder until the Protobuf parser lands: refuses rather than pretending.
absl::StatusOr<std::unique_ptr<ParsedSchema>> Parse(std::string_view text) {
  return absl::UnimplementedError("Protobuf schemas are not supported yet");
}

std::vector<Incompatibility> Check(const ParsedSchema& old_schema, const ParsedSchema& new_schema,
                                   Direction direction) {
  return {{"", "Protobuf compatibility is not supported yet"}};
}

}  // namespace almanac::formats::protobuf
