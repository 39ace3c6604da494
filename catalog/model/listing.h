// Listing types shared by the service and the front ends: pages of names or
// objects with their continuation token, and the requests and results of
// partition listings (filtered, paged, segmented, explained).
//
// Plain aggregates; not synchronised, thread-compatible.
#ifndef ALMANAC_CATALOG_MODEL_LISTING_H_
#define ALMANAC_CATALOG_MODEL_LISTING_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "catalog/model/partition.h"

namespace almanac::model {

// One page of names or objects plus the token for the next page ("" at the end).
template <typename T>
struct Page {
  std::vector<T> items;
  std::string next_page_token;
};

enum class FilterDialect { kHive, kGlue };

struct PartitionListRequest {
  std::string filter;  // empty: all partitions
  FilterDialect dialect = FilterDialect::kGlue;
  std::string page_token;
  int64_t page_size = 0;  // 0 or above the maximum: the maximum
  int segment_number = 0;
  int total_segments = 1;  // 1..10
  bool explain = false;    // fill PartitionListResult::explain
};

struct PartitionListExplain {
  std::string index_used;  // "" when none
  std::string plan;        // human-readable
  int64_t rows_examined = 0;
  int64_t rows_returned = 0;
};

struct PartitionListResult {
  std::vector<Partition> partitions;
  std::string next_page_token;
  std::optional<PartitionListExplain> explain;
};

// A page of partition names; a Page<std::string> with the explain of
// PartitionListResult.
struct PartitionNamePage : Page<std::string> {
  std::optional<PartitionListExplain> explain;
};

// A streaming partition listing (PartitionService::ScanPartitions): no page
// token, no page size; the visitor sees every matching partition in name
// order.
struct PartitionScanRequest {
  std::string filter;  // empty: all partitions
  FilterDialect dialect = FilterDialect::kGlue;
  int segment_number = 0;
  int total_segments = 1;      // 1..10
  int64_t max_partitions = 0;  // 0 or negative: no limit (Hive's max_parts = -1)
  // Hive's partial specification (get_partitions_ps and friends): one value
  // per leading partition key, "" matching any value; empty: no restriction.
  std::vector<std::string> partial_values;
};

// Visitors return false to stop early (not an error).
using PartitionVisitor = std::function<bool(Partition&&)>;

}  // namespace almanac::model

#endif  // ALMANAC_CATALOG_MODEL_LISTING_H_
