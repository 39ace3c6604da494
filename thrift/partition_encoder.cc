#include "thrift/partition_encoder.h"

#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/transport/TBufferTransports.h>

#include <memory>
#include <type_traits>
#include <utility>

#include "hive_metastore_types.h"
#include "thrift/convert.h"

namespace almanac::hms {
namespace {

using apache::thrift::protocol::TType;

// The binary protocol's encodings (TBinaryProtocol, strict or not: structs
// and their fields are encoded the same way).
void PutByte(std::string* out, uint8_t b) { out->push_back(static_cast<char>(b)); }
// Big-endian, appended in one call (a byte at a time was a tenth of a
// 1,000-partition reply).
template <typename T>
void PutBigEndian(std::string* out, T v) {
  using U = std::make_unsigned_t<T>;
  const U u = static_cast<U>(v);
  char bytes[sizeof(T)];
  for (size_t i = 0; i < sizeof(T); ++i) {
    bytes[i] = static_cast<char>(u >> (8 * (sizeof(T) - 1 - i)));
  }
  out->append(bytes, sizeof(T));
}
void PutI32(std::string* out, int32_t v) { PutBigEndian(out, v); }
void PutI64(std::string* out, int64_t v) { PutBigEndian(out, v); }
void PutField(std::string* out, TType type, int16_t id) {
  const char header[3] = {static_cast<char>(type), static_cast<char>(static_cast<uint16_t>(id) >> 8),
                          static_cast<char>(id & 0xff)};
  out->append(header, 3);
}
void PutString(std::string* out, std::string_view s) {
  PutI32(out, static_cast<int32_t>(s.size()));
  out->append(s);
}

std::string Bytes(apache::thrift::transport::TMemoryBuffer& buffer) {
  return buffer.getBufferAsString();
}

}  // namespace

void BinaryPartitionEncoder::EncodeDescriptor(const model::StorageDescriptor& sd) {
  using apache::thrift::protocol::TBinaryProtocol;
  using apache::thrift::transport::TMemoryBuffer;
  model::StorageDescriptor without_location = sd;
  without_location.location.clear();
  const StorageDescriptor generated = ToThrift(std::move(without_location));

  // Everything the generated writer writes when location is absent (it is
  // optional, so nothing is written for it) ...
  auto whole_buffer = std::make_shared<TMemoryBuffer>();
  TBinaryProtocol whole(whole_buffer);
  generated.write(&whole);
  const std::string all = Bytes(*whole_buffer);
  // ... split where location goes: after field 1, the columns.
  auto head_buffer = std::make_shared<TMemoryBuffer>();
  TBinaryProtocol head(head_buffer);
  head.writeStructBegin("StorageDescriptor");
  head.writeFieldBegin("cols", apache::thrift::protocol::T_LIST, 1);
  head.writeListBegin(apache::thrift::protocol::T_STRUCT,
                      static_cast<uint32_t>(generated.cols.size()));
  for (const FieldSchema& column : generated.cols) column.write(&head);
  head.writeListEnd();
  head.writeFieldEnd();
  sd_head_ = Bytes(*head_buffer);
  // The generated writer starts with the columns; the encoder's test holds it
  // to that.
  sd_tail_ = all.substr(sd_head_.size());
  sd_ = sd;
}

void BinaryPartitionEncoder::Append(const model::Partition& p, std::string* out) {
  using apache::thrift::protocol::T_I32;
  using apache::thrift::protocol::T_LIST;
  using apache::thrift::protocol::T_MAP;
  using apache::thrift::protocol::T_STOP;
  using apache::thrift::protocol::T_STRING;
  using apache::thrift::protocol::T_STRUCT;
  if (!sd_.has_value() || !model::SameExceptLocation(*sd_, p.sd)) EncodeDescriptor(p.sd);

  // Field ids and order as in hive_metastore.thrift's Partition. Of the
  // optional fields, ToThrift sets catName, and writeId is set to its default
  // (-1) in every generated Partition; privileges, isStatsCompliant,
  // colStats and fileMetadata are left unset and not written.
  PutField(out, T_LIST, 1);
  PutByte(out, T_STRING);
  PutI32(out, static_cast<int32_t>(p.values.size()));
  for (const std::string& value : p.values) PutString(out, value);
  PutField(out, T_STRING, 2);
  PutString(out, p.database);
  PutField(out, T_STRING, 3);
  PutString(out, p.table);
  PutField(out, T_I32, 4);
  PutI32(out, static_cast<int32_t>(p.create_time));
  PutField(out, T_I32, 5);
  PutI32(out, static_cast<int32_t>(p.last_access_time));
  PutField(out, T_STRUCT, 6);
  out->append(sd_head_);
  if (!p.sd.location.empty()) {  // ToThrift leaves an empty location unset
    PutField(out, T_STRING, 2);
    PutString(out, p.sd.location);
  }
  out->append(sd_tail_);
  PutField(out, T_MAP, 7);
  PutByte(out, T_STRING);
  PutByte(out, T_STRING);
  PutI32(out, static_cast<int32_t>(p.parameters.size()));
  for (const auto& [key, value] : p.parameters) {
    PutString(out, key);
    PutString(out, value);
  }
  PutField(out, T_STRING, 9);
  PutString(out, kHiveCatalog);
  PutField(out, apache::thrift::protocol::T_I64, 10);
  PutI64(out, -1);
  PutByte(out, T_STOP);
}

}  // namespace almanac::hms
