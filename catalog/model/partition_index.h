// PartitionIndex: a Glue-style partition index, an ordered list of a table's
// partition keys that storage keeps an index over so that filters on those keys
// read only the matching partitions. The service validates and normalises it,
// storage creates and backfills it, and both edges carry it on the wire, so it
// is a model type rather than a storage one.
//
// Plain aggregate; not synchronised, thread-compatible.
#ifndef ALMANAC_CATALOG_MODEL_PARTITION_INDEX_H_
#define ALMANAC_CATALOG_MODEL_PARTITION_INDEX_H_

#include <string>
#include <vector>

namespace almanac::model {

struct PartitionIndex {
  std::string name;
  std::vector<std::string> keys;  // partition key names, in index order
  std::string state;              // "ACTIVE" once backfilled
};

}  // namespace almanac::model

#endif  // ALMANAC_CATALOG_MODEL_PARTITION_INDEX_H_
