// ProtobufSchema: one parsed .proto file, the ParsedSchema of the Protobuf
// format. Internal to formats/protobuf/ (it exposes Protobuf's descriptor
// types, which must not reach the facade); the rest of Almanac sees it only as
// a formats::ParsedSchema.
//
// Parsing runs Protobuf's own compiler: io::Tokenizer and compiler::Parser
// turn the text into a FileDescriptorProto, then a private DescriptorPool
// builds it, so protoc's semantic checks apply (duplicate numbers, reserved
// conflicts, unknown types, proto3 rules). The pool falls back to the
// descriptors compiled into libprotobuf (DescriptorPool::generated_pool()), so
// Google's well-known types resolve without any file on disk; every other
// import is refused, since the registry has no schema references.
//
// Immutable once made, so thread-safe: the pool is only read after Parse, and
// the lookup tables the compatibility check uses are built once in Parse.
#ifndef ALMANAC_FORMATS_PROTOBUF_PROTOBUF_SCHEMA_H_
#define ALMANAC_FORMATS_PROTOBUF_PROTOBUF_SCHEMA_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "formats/schema_formats.h"
#include "google/protobuf/descriptor.h"

namespace almanac::formats::protobuf {

// A message of the file with its fields indexed by number (oneof members
// included), for checks that must stay linear in the number of fields.
struct MessageIndex {
  const google::protobuf::Descriptor* descriptor = nullptr;
  absl::flat_hash_map<int, const google::protobuf::FieldDescriptor*> by_number;
};

class ProtobufSchema : public ParsedSchema {
 public:
  // InvalidArgument with "line L, column C: ..." (1-based) for a syntax or
  // validity error, or naming an import that is not a well-known type.
  static absl::StatusOr<std::unique_ptr<ProtobufSchema>> Parse(std::string_view text);

  SchemaFormat format() const override { return SchemaFormat::kProtobuf; }
  const std::string& canonical() const override { return canonical_; }
  absl::StatusOr<std::vector<HiveColumn>> ToHiveColumns() const override;
  std::vector<SchemaField> Fields() const override;

  const google::protobuf::FileDescriptor& file() const { return *file_; }
  // Messages of this file by local name (the full name without the package:
  // "Order", "Order.Item"), map entries left out; definition order in
  // `messages_in_order()`.
  const MessageIndex* FindMessage(std::string_view local_name) const;
  const std::vector<const google::protobuf::Descriptor*>& messages_in_order() const {
    return messages_in_order_;
  }
  // The full name without this file's package ("shop.v1.Order" -> "Order");
  // names from other files (well-known types) stay whole.
  std::string LocalName(const google::protobuf::Descriptor& message) const;

 private:
  ProtobufSchema() = default;
  void Index(const google::protobuf::Descriptor& message);

  std::unique_ptr<google::protobuf::DescriptorPool> pool_;
  const google::protobuf::FileDescriptor* file_ = nullptr;
  std::string canonical_;
  absl::flat_hash_map<std::string, MessageIndex> messages_;
  std::vector<const google::protobuf::Descriptor*> messages_in_order_;
};

// The type of a field as a person reads it in a reason or a diff: "int64",
// "enum 'Status'", "message 'Item'", "map<string, int64>".
std::string TypeText(const ProtobufSchema& schema, const google::protobuf::FieldDescriptor& field);

// The wire check behind protobuf::Check (protobuf_compat.cc).
std::vector<Incompatibility> CheckWire(const ProtobufSchema& old_schema,
                                       const ProtobufSchema& new_schema, Direction direction);

}  // namespace almanac::formats::protobuf

#endif  // ALMANAC_FORMATS_PROTOBUF_PROTOBUF_SCHEMA_H_
