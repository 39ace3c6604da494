// HiveType: a parsed, validated Hive column type string such as
// "map<string,array<struct<a:int,b:decimal(10,2)>>>". Parse() accepts what Hive
// accepts (case-insensitive keywords, optional spaces, synonyms such as
// "integer" and "dec"), ToString() prints the normalised form that Almanac
// stores and serves. Immutable after construction; safe to share across threads.
#ifndef ALMANAC_CATALOG_MODEL_HIVE_TYPE_H_
#define ALMANAC_CATALOG_MODEL_HIVE_TYPE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace almanac::model {

enum class TypeKind {
  kVoid,
  kBoolean,
  kTinyint,
  kSmallint,
  kInt,
  kBigint,
  kFloat,
  kDouble,
  kDecimal,
  kString,
  kChar,
  kVarchar,
  kDate,
  kTimestamp,
  kTimestampLocalTz,
  kIntervalYearMonth,
  kIntervalDayTime,
  kBinary,
  kArray,
  kMap,
  kStruct,
  kUnion,
};

class HiveType {
 public:
  // Parses a type string. Fails with InvalidArgument naming the problem and the
  // 1-based column, e.g. "invalid type 'map<string>': expected ',' at column 11",
  // "invalid type 'decimal(40,2)': precision 40 is out of range 1..38".
  static absl::StatusOr<HiveType> Parse(std::string_view text);

  // Normalised text: lower case, no spaces, synonyms resolved, defaults filled
  // ("decimal" -> "decimal(10,0)"), struct field names as given.
  std::string ToString() const;

  TypeKind kind() const { return kind_; }
  bool is_primitive() const;
  // decimal: precision 1..38 and scale 0..precision; char: 1..255; varchar: 1..65535.
  int precision() const { return precision_; }
  int scale() const { return scale_; }
  int length() const { return length_; }
  // array: 1 child; map: key, value; struct: one per field; uniontype: its members.
  const std::vector<HiveType>& children() const { return children_; }
  // struct only: field names, parallel to children().
  const std::vector<std::string>& field_names() const { return field_names_; }

  friend bool operator==(const HiveType&, const HiveType&) = default;

 private:
  TypeKind kind_ = TypeKind::kVoid;
  int precision_ = 0;
  int scale_ = 0;
  int length_ = 0;
  std::vector<HiveType> children_;
  std::vector<std::string> field_names_;

  friend class HiveTypeParser;
};

// Convenience: Parse(text) then ToString(). Same errors as Parse().
absl::StatusOr<std::string> NormalizeTypeString(std::string_view text);

}  // namespace almanac::model

#endif  // ALMANAC_CATALOG_MODEL_HIVE_TYPE_H_
