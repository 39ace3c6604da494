#include "formats/protobuf/protobuf_format.h"

#include "formats/protobuf/protobuf_schema.h"

namespace almanac::formats::protobuf {

absl::StatusOr<std::unique_ptr<ParsedSchema>> Parse(std::string_view text) {
  auto parsed = ProtobufSchema::Parse(text);
  if (!parsed.ok()) return parsed.status();
  return std::unique_ptr<ParsedSchema>(std::move(*parsed));
}

std::vector<Incompatibility> Check(const ParsedSchema& old_schema, const ParsedSchema& new_schema,
                                   Direction direction) {
  const auto* old_proto = dynamic_cast<const ProtobufSchema*>(&old_schema);
  const auto* new_proto = dynamic_cast<const ProtobufSchema*>(&new_schema);
  if (old_proto == nullptr || new_proto == nullptr) {
    return {{"", "both schemas must be Protobuf schemas made by the Protobuf parser"}};
  }
  return CheckWire(*old_proto, *new_proto, direction);
}

}  // namespace almanac::formats::protobuf
