// BinaryPartitionEncoder must write exactly what the generated writer writes
// for ToThrift(partition): every partition below goes through both and the
// bytes are compared, in sequences that reuse, change and return to a
// storage descriptor.
#include "thrift/partition_encoder.h"

#include <thrift/protocol/TBinaryProtocol.h>
#include <thrift/transport/TBufferTransports.h>

#include <memory>
#include <string>
#include <vector>

#include "catalog/model/testing/sample_objects.h"
#include "gtest/gtest.h"
#include "thrift/convert.h"

namespace almanac::hms {
namespace {

std::string Generated(const model::Partition& p) {
  auto buffer = std::make_shared<apache::thrift::transport::TMemoryBuffer>();
  apache::thrift::protocol::TBinaryProtocol protocol(buffer);
  ToThrift(model::Partition(p)).write(&protocol);
  return buffer->getBufferAsString();
}

model::Partition Sample(const std::string& year, const model::StorageDescriptor& sd) {
  model::Partition p;
  p.database = "sales";
  p.table = "orders";
  p.values = {year, "eu"};
  p.create_time = 1700000000;
  p.last_access_time = 0;
  p.sd = sd;
  p.sd.location = "file:/warehouse/sales.db/orders/year=" + year + "/region=eu";
  p.parameters = {{"numFiles", "3"}, {"transient_lastDdlTime", "1700000000"}};
  return p;
}

// Encodes `parts` with one encoder, as a reply does, checking each.
void ExpectSameBytes(const std::vector<model::Partition>& parts) {
  BinaryPartitionEncoder encoder;
  for (size_t i = 0; i < parts.size(); ++i) {
    std::string encoded;
    encoder.Append(parts[i], &encoded);
    EXPECT_EQ(encoded, Generated(parts[i])) << "partition " << i;
  }
}

TEST(BinaryPartitionEncoderTest, SharedDescriptorMatchesTheGeneratedWriter) {
  const model::StorageDescriptor sd = model::testing::FullStorageDescriptor();
  std::vector<model::Partition> parts;
  for (int year = 2000; year < 2010; ++year) parts.push_back(Sample(std::to_string(year), sd));
  ExpectSameBytes(parts);
}

TEST(BinaryPartitionEncoderTest, ChangingDescriptorsMatchTheGeneratedWriter) {
  const model::StorageDescriptor full = model::testing::FullStorageDescriptor();
  model::StorageDescriptor plain;  // defaults everywhere: empty lists and maps
  model::StorageDescriptor more_columns = full;
  more_columns.columns.push_back({.name = "added", .type = "string", .comment = ""});
  model::StorageDescriptor other_serde = full;
  other_serde.serde.parameters["field.delim"] = ",";
  model::StorageDescriptor not_skewed = full;
  not_skewed.skewed = {};
  not_skewed.stored_as_sub_directories = false;
  not_skewed.num_buckets = -1;
  std::vector<model::Partition> parts = {
      Sample("1", full),        Sample("2", full),        Sample("3", plain),
      Sample("4", more_columns), Sample("5", full),       Sample("6", other_serde),
      Sample("7", not_skewed),  Sample("8", not_skewed), Sample("9", full)};
  ExpectSameBytes(parts);
}

TEST(BinaryPartitionEncoderTest, UnusualValuesMatchTheGeneratedWriter) {
  const model::StorageDescriptor sd = model::testing::FullStorageDescriptor();
  model::Partition no_location = Sample("x", sd);
  no_location.sd.location.clear();  // not written at all, as ToThrift leaves it unset
  model::Partition empty = Sample("y", sd);
  empty.values.clear();
  empty.parameters.clear();
  empty.database.clear();
  model::Partition odd = Sample("__HIVE_DEFAULT_PARTITION__", sd);
  odd.values.push_back("caf\xc3\xa9 / \"quoted\" \n");
  odd.parameters[""] = std::string("nul\0byte", 8);
  odd.create_time = -5;
  odd.last_access_time = 2147483647;
  std::string long_value(100000, 'v');
  model::Partition big = Sample(long_value, sd);
  ExpectSameBytes({no_location, empty, odd, big, no_location});
}

}  // namespace
}  // namespace almanac::hms
