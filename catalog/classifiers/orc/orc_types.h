// ORC's type tree (the footer's flat, pre-order list of types, each naming
// its children by index) to Hive columns: the root struct's fields are the
// columns; kinds map one to one to Hive's (list -> array, union ->
// uniontype, timestamp with local time zone -> timestamp).
//
// Independent of Protobuf: the classifier copies the decoded footer into
// OrcType values, so the rules here are tested with hand-built lists.
//
// Thread-safe: free functions over their arguments.
#ifndef ALMANAC_CATALOG_CLASSIFIERS_ORC_ORC_TYPES_H_
#define ALMANAC_CATALOG_CLASSIFIERS_ORC_ORC_TYPES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "catalog/model/storage_descriptor.h"

namespace almanac::classifiers::orc {

// The specification's Type.Kind values.
enum TypeKind : uint32_t {
  kBoolean = 0,
  kByte = 1,
  kShort = 2,
  kInt = 3,
  kLong = 4,
  kFloat = 5,
  kDouble = 6,
  kString = 7,
  kBinary = 8,
  kTimestamp = 9,
  kList = 10,
  kMap = 11,
  kStruct = 12,
  kUnion = 13,
  kDecimal = 14,
  kDate = 15,
  kVarchar = 16,
  kChar = 17,
  kTimestampInstant = 18,
};

struct OrcType {
  uint32_t kind = kStruct;
  std::vector<uint32_t> subtypes;
  std::vector<std::string> field_names;
  std::optional<uint32_t> maximum_length;
  std::optional<uint32_t> precision;
  std::optional<uint32_t> scale;
};

// The columns of `types` (types[0] is the root), types normalised as
// catalog/model/hive_type.h prints them. A root that is not a struct is one
// column `_col0`. Field names are kept as written; an empty one becomes
// `_c<index>`, control characters become '_'. A decimal without a
// precision is decimal(38,10) (ORC's default); a char or varchar without a
// length Hive accepts is a string. DataLoss naming `path` when the list is
// empty or not a tree (a child index that is not after its parent, past the
// end, or used twice), a kind is unknown, a list, map or struct has the
// wrong number of children or names, the nesting is deeper than 100 levels,
// or a decimal's scale exceeds its precision.
absl::StatusOr<std::vector<model::Column>> ColumnsFromTypes(absl::Span<const OrcType> types,
                                                            std::string_view path);

}  // namespace almanac::classifiers::orc

#endif  // ALMANAC_CATALOG_CLASSIFIERS_ORC_ORC_TYPES_H_
