// InferredType: the type a text classifier infers for one value, merged
// across records, and its Hive type string. Shared by the JSON and XML
// classifiers, whose values follow the same rules:
//
//   integers that fit in 32 bits -> int, larger -> bigint (beyond 64 bits:
//   double); decimals -> double; true/false -> boolean; text -> string;
//   null alone -> string; objects -> struct<...> (fields in first-seen order,
//   names lower case, the first of two names equal after lower-casing wins);
//   arrays -> array<merged element> (empty: array<string>).
//   Merging: int + bigint -> bigint; int/bigint + double -> double; null + x
//   -> x; structs field by field; arrays by element; anything else -> string.
//
// Plain values; not synchronised (each belongs to one Classify call).
#ifndef ALMANAC_CATALOG_CLASSIFIERS_JSON_INFERRED_TYPE_H_
#define ALMANAC_CATALOG_CLASSIFIERS_JSON_INFERRED_TYPE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"

namespace almanac::classifiers::json {

// Nesting deeper than this is typed `string` as a whole: Hive type strings
// that deep are of no use to a reader, and it bounds every recursion here.
inline constexpr int kMaxNestingDepth = 32;

enum class Kind { kNull, kBoolean, kInt, kBigint, kDouble, kString, kStruct, kArray };

class InferredType {
 public:
  InferredType() = default;
  explicit InferredType(Kind kind) : kind_(kind) {}

  static InferredType Struct() { return InferredType(Kind::kStruct); }
  // An array whose element type is not known yet (no element seen).
  static InferredType Array() { return InferredType(Kind::kArray); }
  // The type of an integer literal.
  static InferredType Integer(int64_t v);
  // The type a piece of text reads as: JSON's number grammar (int, bigint,
  // double), true/false in any case (boolean), blank (null), else string.
  static InferredType FromText(std::string_view text);

  Kind kind() const { return kind_; }
  const std::vector<std::pair<std::string, InferredType>>& fields() const { return fields_; }
  // kArray: the merged element type, or null when no element was seen.
  const InferredType* element() const { return element_.empty() ? nullptr : &element_[0]; }

  // kStruct: adds field `name` (lower-cased; control characters become '_')
  // unless a field of that lower-cased name is there already, in which case
  // `type` is dropped (one object's duplicate key). Empty names are dropped.
  void AddField(std::string_view name, InferredType type);
  // kArray: merges `type` into the element type.
  void AddElement(InferredType type, bool promote_to_array = false);

  // Merges `other` into this by the rules above. With `promote_to_array`
  // (XML, where one occurrence of an element and several are the same
  // field), array<T> + U gives array<merge(T, U)> instead of string.
  void Merge(InferredType other, bool promote_to_array = false);

  // The Hive type string, normalised (catalog/model/hive_type.h).
  // Internal only if the built text does not parse (a bug).
  absl::StatusOr<std::string> ToHiveType() const;

 private:
  void AppendRaw(std::string* out) const;
  // kStruct: index in fields_ of a lower-cased name, or npos.
  size_t Find(const std::string& name) const;

  Kind kind_ = Kind::kNull;
  std::vector<std::pair<std::string, InferredType>> fields_;
  absl::flat_hash_map<std::string, size_t> index_;
  std::vector<InferredType> element_;  // at most one
};

// A name as a Hive column or field name: lower case, control characters
// replaced by '_'.
std::string HiveName(std::string_view name);

}  // namespace almanac::classifiers::json

#endif  // ALMANAC_CATALOG_CLASSIFIERS_JSON_INFERRED_TYPE_H_
