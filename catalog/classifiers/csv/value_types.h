// Column typing for delimited text: what one value looks like (an integer,
// a decimal number, a boolean, a date, a timestamp, or just a string), the
// statistics a column gathers over its sampled values, and the Hive type
// those resolve to.
//
// Glue's built-in CSV classifier knows bigint, double, boolean and string.
// A custom CSV classifier with custom data types configured also detects
// smallint/int, dates (yyyy-MM-dd) and timestamps (yyyy-MM-dd HH:mm:ss[.f])
// and maps each column into the set of types it allows.
//
// Thread-safe: values and pure functions.
#ifndef ALMANAC_CATALOG_CLASSIFIERS_CSV_VALUE_TYPES_H_
#define ALMANAC_CATALOG_CLASSIFIERS_CSV_VALUE_TYPES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace almanac::classifiers::csv {

// Glue's custom data type names (CsvClassifierSpec::custom_datatypes).
enum class DataType {
  kBinary,
  kBoolean,
  kDate,
  kDecimal,
  kDouble,
  kFloat,
  kInt,
  kLong,
  kShort,
  kString,
  kTimestamp,
};

// The data type named `name` (upper case, as Glue's API spells it; lower
// case is accepted too). InvalidArgument listing the names when unknown.
absl::StatusOr<DataType> ParseDataType(std::string_view name);

// A set of DataType, as a bit mask.
class DataTypeSet {
 public:
  void Add(DataType t) { bits_ |= Bit(t); }
  bool Has(DataType t) const { return (bits_ & Bit(t)) != 0; }

 private:
  static uint32_t Bit(DataType t) { return 1u << static_cast<int>(t); }
  uint32_t bits_ = 0;
};

// How values are typed: the built-in classifier's four types, or the
// richer detection of a custom classifier with custom data types, mapped
// into `allowed`.
struct TypePolicy {
  bool rich = false;
  DataTypeSet allowed;
};

// What one non-empty value looks like.
enum class ValueKind { kBoolean, kInteger, kDecimal, kDate, kTimestamp, kString };

// The kind of `value` (already trimmed as the classifier trims). Dates and
// timestamps are only recognised when `rich`; otherwise they are strings.
ValueKind KindOf(std::string_view value, bool rich);

// What a column's sampled values looked like. Empty values decide nothing.
class ColumnStats {
 public:
  void Observe(std::string_view value, bool rich);
  // The column's Hive type under `policy`: the widest type its values
  // share (bigint with double gives double; anything with a string, or
  // numbers with booleans, gives string), mapped into the policy's allowed
  // types when rich. A column with no values is a string.
  std::string Resolve(const TypePolicy& policy) const;

 private:
  std::string ResolveNumber(const TypePolicy& policy) const;

  bool boolean_ = false;
  bool integer_ = false;
  bool decimal_ = false;
  bool exponent_ = false;  // 1e5: not representable as decimal(p,s) here
  bool big_ = false;       // an integer beyond int64
  bool date_ = false;
  bool timestamp_ = false;
  bool string_ = false;
  int64_t min_ = 0;
  int64_t max_ = 0;
  int integer_digits_ = 0;
  int scale_ = 0;
};

}  // namespace almanac::classifiers::csv

#endif  // ALMANAC_CATALOG_CLASSIFIERS_CSV_VALUE_TYPES_H_
