// Parquet's flattened schema (the footer's depth-first list of schema
// elements) to Hive columns, the way Hive's ParquetHiveSerDe and Spark read
// it: physical types with their converted and logical annotations to Hive
// primitives, groups to struct<...>, LIST groups (the standard three-level
// layout and the older two-level ones) to array<...>, MAP groups to
// map<k,v>, and repeated fields outside a LIST to array<...>.
//
// Independent of Thrift: the classifier copies the decoded footer into
// SchemaNode values, so the rules here are tested with hand-built schemas.
//
// Thread-safe: free functions over their arguments.
#ifndef ALMANAC_CATALOG_CLASSIFIERS_PARQUET_PARQUET_SCHEMA_H_
#define ALMANAC_CATALOG_CLASSIFIERS_PARQUET_PARQUET_SCHEMA_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "catalog/model/storage_descriptor.h"

namespace almanac::classifiers::parquet {

// Values of the format's enumerations (parquet.thrift), as numbers so that
// one the format adds later is carried, not lost.
enum PhysicalType : int32_t {
  kBoolean = 0,
  kInt32 = 1,
  kInt64 = 2,
  kInt96 = 3,
  kFloat = 4,
  kDouble = 5,
  kByteArray = 6,
  kFixedLenByteArray = 7,
};

enum Repetition : int32_t { kRequired = 0, kOptional = 1, kRepeated = 2 };

enum ConvertedType : int32_t {
  kUtf8 = 0,
  kMap = 1,
  kMapKeyValue = 2,
  kList = 3,
  kEnum = 4,
  kDecimal = 5,
  kDate = 6,
  kTimeMillis = 7,
  kTimeMicros = 8,
  kTimestampMillis = 9,
  kTimestampMicros = 10,
  kUint8 = 11,
  kUint16 = 12,
  kUint32 = 13,
  kUint64 = 14,
  kInt8 = 15,
  kInt16 = 16,
  kInt32Converted = 17,
  kInt64Converted = 18,
  kJson = 19,
  kBson = 20,
  kInterval = 21,
};

// The member of the LogicalType union a schema element carries.
enum class Logical {
  kNone,
  kString,
  kMap,
  kList,
  kEnum,
  kDecimal,
  kDate,
  kTime,
  kTimestamp,
  kInteger,
  kUnknown,
  kJson,
  kBson,
  kUuid,
  kFloat16,
  kOther,  // a member this reader does not interpret (variant, geometry, ...)
};

// One element of the footer's schema list.
struct SchemaNode {
  std::string name;
  // Unset for a group.
  std::optional<int32_t> type;
  int32_t type_length = 0;
  // Unset on the root.
  std::optional<int32_t> repetition;
  // Set for a group (the root included).
  std::optional<int32_t> num_children;
  std::optional<int32_t> converted_type;
  // The converted DECIMAL's, or the logical DECIMAL's when that is set.
  std::optional<int32_t> scale;
  std::optional<int32_t> precision;
  Logical logical = Logical::kNone;
  // Logical INTEGER only.
  int32_t bit_width = 0;
  bool is_signed = true;
};

// The columns (the root's children) of `schema`, types normalised as
// catalog/model/hive_type.h prints them. Field names are kept as written;
// an empty one becomes `_c<index>`, control characters become '_'.
// DataLoss naming `path` when the list is not a tree (children counts that
// do not add up, a negative count, elements left over), nests deeper than
// 100 levels, or holds a LIST or MAP group of the wrong shape, a decimal
// without a valid precision and scale, or a group without fields.
absl::StatusOr<std::vector<model::Column>> ColumnsFromSchema(absl::Span<const SchemaNode> schema,
                                                             std::string_view path);

}  // namespace almanac::classifiers::parquet

#endif  // ALMANAC_CATALOG_CLASSIFIERS_PARQUET_PARQUET_SCHEMA_H_
