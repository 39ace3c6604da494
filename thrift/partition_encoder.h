// BinaryPartitionEncoder: model partitions straight to the bytes of Thrift
// binary-protocol Partition structs, exactly the bytes that
// ToThrift(partition).write(TBinaryProtocol) produces, without building the
// generated objects. Listing replies of a thousand partitions spent most of
// their time converting to and serialising those objects.
//
// Partitions of one table nearly always share their storage descriptor apart
// from its location: the encoder encodes the rest of a descriptor once (with
// the generated code, so nested structs keep the generated layout) and reuses
// those bytes while consecutive partitions carry the same descriptor.
//
// Only the binary protocol: it has no state between fields, so encoded bytes
// can be written into its transport directly. The compact protocol encodes
// field ids relative to the previous field and goes through the generated
// objects instead.
//
// Thread safety: one encoder per reply; not synchronised.
#ifndef ALMANAC_THRIFT_PARTITION_ENCODER_H_
#define ALMANAC_THRIFT_PARTITION_ENCODER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "catalog/model/partition.h"

namespace almanac::hms {

class BinaryPartitionEncoder {
 public:
  // Appends `partition` as one Partition struct (fields through the stop
  // byte) to `out`.
  void Append(const model::Partition& partition, std::string* out);

 private:
  // Encodes `sd` without its location into sd_head_ (struct start and cols)
  // and sd_tail_ (the fields after location and the stop byte).
  void EncodeDescriptor(const model::StorageDescriptor& sd);

  std::optional<model::StorageDescriptor> sd_;  // what sd_head_/sd_tail_ encode
  std::string sd_head_;
  std::string sd_tail_;
};

}  // namespace almanac::hms

#endif  // ALMANAC_THRIFT_PARTITION_ENCODER_H_
