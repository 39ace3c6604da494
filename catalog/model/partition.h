// The Partition value type. Plain aggregate; not synchronised.
#ifndef ALMANAC_CATALOG_MODEL_PARTITION_H_
#define ALMANAC_CATALOG_MODEL_PARTITION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "catalog/model/storage_descriptor.h"

namespace almanac::model {

// The value Hive uses for a partition whose key is null.
inline constexpr char kDefaultPartitionName[] = "__HIVE_DEFAULT_PARTITION__";

struct Partition {
  std::string database;  // lower case
  std::string table;     // lower case
  // One value per partition key of the table, in key order.
  std::vector<std::string> values;
  int64_t create_time = 0;       // seconds since the epoch
  int64_t last_access_time = 0;  // seconds since the epoch
  // The partition's storage descriptor. Most partitions share the table's
  // descriptor except for the location; storage keeps only the difference.
  StorageDescriptor sd;
  Parameters parameters;

  friend bool operator==(const Partition&, const Partition&) = default;
};

}  // namespace almanac::model

#endif  // ALMANAC_CATALOG_MODEL_PARTITION_H_
