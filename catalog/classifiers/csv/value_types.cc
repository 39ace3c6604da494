#include "catalog/classifiers/csv/value_types.h"

#include <algorithm>
#include <array>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/absl_view.h"

namespace almanac::classifiers::csv {
namespace {

struct NamedType {
  std::string_view name;
  DataType type;
};

constexpr std::array<NamedType, 11> kDataTypes = {{
    {"BINARY", DataType::kBinary},
    {"BOOLEAN", DataType::kBoolean},
    {"DATE", DataType::kDate},
    {"DECIMAL", DataType::kDecimal},
    {"DOUBLE", DataType::kDouble},
    {"FLOAT", DataType::kFloat},
    {"INT", DataType::kInt},
    {"LONG", DataType::kLong},
    {"SHORT", DataType::kShort},
    {"STRING", DataType::kString},
    {"TIMESTAMP", DataType::kTimestamp},
}};

// Hive's decimal holds at most 38 digits.
constexpr int kMaxDecimalPrecision = 38;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The shape of a number as Hive's LazyLong / LazyDouble read it:
// [+-]digits[.digits][(e|E)[+-]digits], at least one digit before the
// exponent.
struct NumberShape {
  bool fraction = false;
  bool exponent = false;
  int integer_digits = 0;  // without leading zeros
  int scale = 0;
};

std::optional<NumberShape> ParseNumber(std::string_view v) {
  NumberShape shape;
  size_t i = 0;
  if (i < v.size() && (v[i] == '+' || v[i] == '-')) ++i;
  const size_t int_start = i;
  while (i < v.size() && IsDigit(v[i])) ++i;
  size_t first_significant = int_start;
  while (first_significant < i && v[first_significant] == '0') ++first_significant;
  shape.integer_digits = static_cast<int>(i - first_significant);
  bool digits = i > int_start;
  if (i < v.size() && v[i] == '.') {
    shape.fraction = true;
    ++i;
    const size_t frac_start = i;
    while (i < v.size() && IsDigit(v[i])) ++i;
    shape.scale = static_cast<int>(i - frac_start);
    digits = digits || i > frac_start;
  }
  if (!digits) return std::nullopt;
  if (i < v.size() && (v[i] == 'e' || v[i] == 'E')) {
    shape.exponent = true;
    ++i;
    if (i < v.size() && (v[i] == '+' || v[i] == '-')) ++i;
    const size_t exp_start = i;
    while (i < v.size() && IsDigit(v[i])) ++i;
    if (i == exp_start) return std::nullopt;
  }
  if (i != v.size()) return std::nullopt;
  return shape;
}

int TwoDigits(std::string_view v, size_t at) { return (v[at] - '0') * 10 + (v[at + 1] - '0'); }

bool Matches(std::string_view v, std::string_view pattern) {
  if (v.size() != pattern.size()) return false;
  for (size_t i = 0; i < v.size(); ++i) {
    if (pattern[i] == 'd' ? !IsDigit(v[i]) : v[i] != pattern[i]) return false;
  }
  return true;
}

// yyyy-MM-dd with a real month and day.
bool IsDate(std::string_view v) {
  if (!Matches(v, "dddd-dd-dd")) return false;
  const int year = TwoDigits(v, 0) * 100 + TwoDigits(v, 2);
  const int month = TwoDigits(v, 5);
  const int day = TwoDigits(v, 8);
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

// yyyy-MM-dd HH:mm:ss[.f{1,9}], the form Hive's timestamp reads.
bool IsTimestamp(std::string_view v) {
  if (v.size() < 19 || !IsDate(v.substr(0, 10))) return false;
  std::string_view time = v.substr(10, 9);
  if (!Matches(time, " dd:dd:dd")) return false;
  if (TwoDigits(time, 1) > 23 || TwoDigits(time, 4) > 59 || TwoDigits(time, 7) > 59) return false;
  std::string_view fraction = v.substr(19);
  if (fraction.empty()) return true;
  if (fraction[0] != '.' || fraction.size() < 2 || fraction.size() > 10) return false;
  return std::all_of(fraction.begin() + 1, fraction.end(), IsDigit);
}

bool IsBoolean(std::string_view v) {
  return absl::EqualsIgnoreCase(AbslView(v), "true") ||
         absl::EqualsIgnoreCase(AbslView(v), "false");
}

}  // namespace

absl::StatusOr<DataType> ParseDataType(std::string_view name) {
  const std::string upper = absl::AsciiStrToUpper(AbslView(name));
  for (const NamedType& t : kDataTypes) {
    if (upper == t.name) return t.type;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown data type '", AbslView(name),
      "' (types: BINARY, BOOLEAN, DATE, DECIMAL, DOUBLE, FLOAT, INT, LONG, SHORT, STRING, "
      "TIMESTAMP)"));
}

ValueKind KindOf(std::string_view value, bool rich) {
  if (IsBoolean(value)) return ValueKind::kBoolean;
  if (std::optional<NumberShape> n = ParseNumber(value)) {
    return n->fraction || n->exponent ? ValueKind::kDecimal : ValueKind::kInteger;
  }
  if (rich) {
    if (IsDate(value)) return ValueKind::kDate;
    if (IsTimestamp(value)) return ValueKind::kTimestamp;
  }
  return ValueKind::kString;
}

void ColumnStats::Observe(std::string_view value, bool rich) {
  if (value.empty()) return;
  switch (KindOf(value, rich)) {
    case ValueKind::kBoolean:
      boolean_ = true;
      return;
    case ValueKind::kDate:
      date_ = true;
      return;
    case ValueKind::kTimestamp:
      timestamp_ = true;
      return;
    case ValueKind::kString:
      string_ = true;
      return;
    case ValueKind::kInteger:
    case ValueKind::kDecimal:
      break;
  }
  const NumberShape shape = *ParseNumber(value);
  integer_digits_ = std::max(integer_digits_, shape.integer_digits);
  scale_ = std::max(scale_, shape.scale);
  if (shape.exponent) exponent_ = true;
  if (shape.fraction || shape.exponent) {
    decimal_ = true;
    return;
  }
  int64_t v = 0;
  if (!absl::SimpleAtoi(AbslView(value), &v)) {
    big_ = true;
    return;
  }
  if (!integer_) {
    min_ = max_ = v;
  } else {
    min_ = std::min(min_, v);
    max_ = std::max(max_, v);
  }
  integer_ = true;
}

std::string ColumnStats::ResolveNumber(const TypePolicy& policy) const {
  const bool whole = !decimal_ && !big_;
  if (!policy.rich) return whole ? "bigint" : "double";
  const DataTypeSet& a = policy.allowed;
  const int precision = std::max(1, integer_digits_ + scale_);
  const bool fits_decimal = !exponent_ && precision <= kMaxDecimalPrecision;
  const std::string decimal = absl::StrCat("decimal(", precision, ",", scale_, ")");
  if (whole) {
    // Whole numbers prefer exact types: the narrowest integer that holds
    // every value, then decimal, then the floating types.
    if (a.Has(DataType::kShort) && min_ >= INT16_MIN && max_ <= INT16_MAX) return "smallint";
    if (a.Has(DataType::kInt) && min_ >= INT32_MIN && max_ <= INT32_MAX) return "int";
    if (a.Has(DataType::kLong)) return "bigint";
    if (a.Has(DataType::kDecimal) && fits_decimal) return decimal;
    if (a.Has(DataType::kDouble)) return "double";
    if (a.Has(DataType::kFloat)) return "float";
    return "string";
  }
  // Fractions follow the built-in classifier (double) when allowed.
  if (a.Has(DataType::kDouble)) return "double";
  if (a.Has(DataType::kDecimal) && fits_decimal) return decimal;
  if (a.Has(DataType::kFloat)) return "float";
  return "string";
}

std::string ColumnStats::Resolve(const TypePolicy& policy) const {
  const bool number = integer_ || decimal_ || big_;
  const bool temporal = date_ || timestamp_;
  const int families = int{boolean_} + int{number} + int{temporal} + int{string_};
  if (families != 1 || string_) return "string";
  if (boolean_) {
    return !policy.rich || policy.allowed.Has(DataType::kBoolean) ? "boolean" : "string";
  }
  if (number) return ResolveNumber(policy);
  // A column mixing dates and timestamps stays a string: Hive's timestamp
  // does not read a bare date.
  if (date_ && timestamp_) return "string";
  if (date_) return policy.allowed.Has(DataType::kDate) ? "date" : "string";
  return policy.allowed.Has(DataType::kTimestamp) ? "timestamp" : "string";
}

}  // namespace almanac::classifiers::csv
