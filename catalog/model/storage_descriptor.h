// Column, SerDe and storage-descriptor value types shared by tables and
// partitions. Plain aggregates with value semantics; not synchronised (copy
// them or guard them externally when shared across threads).
#ifndef ALMANAC_CATALOG_MODEL_STORAGE_DESCRIPTOR_H_
#define ALMANAC_CATALOG_MODEL_STORAGE_DESCRIPTOR_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace almanac::model {

using Parameters = std::map<std::string, std::string>;

// A column or partition key. `type` is a normalised Hive type string (see
// hive_type.h); the service normalises it before anything is stored.
struct Column {
  std::string name;
  std::string type;
  std::string comment;

  friend bool operator==(const Column&, const Column&) = default;
};

// A sort column of a bucketed table: order 1 is ascending, 0 descending (Hive's
// convention on the wire).
struct SortColumn {
  std::string column;
  int32_t order = 1;

  friend bool operator==(const SortColumn&, const SortColumn&) = default;
};

struct SerDeInfo {
  std::string name;
  std::string serialization_library;
  Parameters parameters;

  friend bool operator==(const SerDeInfo&, const SerDeInfo&) = default;
};

// Skewed-column information, kept so that a client's table round-trips.
struct SkewedInfo {
  std::vector<std::string> column_names;
  std::vector<std::vector<std::string>> column_values;
  // Each entry maps a list of skewed values to the location holding them.
  std::vector<std::pair<std::vector<std::string>, std::string>> value_locations;

  friend bool operator==(const SkewedInfo&, const SkewedInfo&) = default;
};

struct StorageDescriptor {
  std::vector<Column> columns;
  std::string location;
  std::string input_format;
  std::string output_format;
  bool compressed = false;
  int32_t num_buckets = -1;
  SerDeInfo serde;
  std::vector<std::string> bucket_columns;
  std::vector<SortColumn> sort_columns;
  Parameters parameters;
  SkewedInfo skewed;
  bool stored_as_sub_directories = false;

  friend bool operator==(const StorageDescriptor&, const StorageDescriptor&) = default;
};

// Equal apart from `location`: partitions whose descriptors are the same but
// for it share one stored (and one encoded) copy. Field by field rather than
// copy-and-compare, as it runs once per partition; keep in step with
// StorageDescriptor.
inline bool SameExceptLocation(const StorageDescriptor& a, const StorageDescriptor& b) {
  return a.columns == b.columns && a.input_format == b.input_format &&
         a.output_format == b.output_format && a.compressed == b.compressed &&
         a.num_buckets == b.num_buckets && a.serde == b.serde &&
         a.bucket_columns == b.bucket_columns && a.sort_columns == b.sort_columns &&
         a.parameters == b.parameters && a.skewed == b.skewed &&
         a.stored_as_sub_directories == b.stored_as_sub_directories;
}

}  // namespace almanac::model

#endif  // ALMANAC_CATALOG_MODEL_STORAGE_DESCRIPTOR_H_
