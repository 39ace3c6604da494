// Value kinds and the column types they resolve to, built-in and custom.
#include "catalog/classifiers/csv/value_types.h"

#include <initializer_list>
#include <string>

#include "gtest/gtest.h"

namespace almanac::classifiers::csv {
namespace {

std::string TypeOf(std::initializer_list<std::string_view> values, const TypePolicy& policy = {}) {
  ColumnStats stats;
  for (std::string_view v : values) stats.Observe(v, policy.rich);
  return stats.Resolve(policy);
}

TypePolicy Allow(std::initializer_list<DataType> types) {
  TypePolicy p;
  p.rich = true;
  for (DataType t : types) p.allowed.Add(t);
  return p;
}

TEST(ValueTypes, Kinds) {
  EXPECT_EQ(KindOf("42", false), ValueKind::kInteger);
  EXPECT_EQ(KindOf("-7", false), ValueKind::kInteger);
  EXPECT_EQ(KindOf("+7", false), ValueKind::kInteger);
  EXPECT_EQ(KindOf("3.25", false), ValueKind::kDecimal);
  EXPECT_EQ(KindOf(".5", false), ValueKind::kDecimal);
  EXPECT_EQ(KindOf("1e5", false), ValueKind::kDecimal);
  EXPECT_EQ(KindOf("TRUE", false), ValueKind::kBoolean);
  EXPECT_EQ(KindOf("false", false), ValueKind::kBoolean);
  EXPECT_EQ(KindOf("1,000", false), ValueKind::kString);
  EXPECT_EQ(KindOf("e5", false), ValueKind::kString);
  EXPECT_EQ(KindOf(".", false), ValueKind::kString);
  EXPECT_EQ(KindOf("NaN", false), ValueKind::kString);
  EXPECT_EQ(KindOf("2024-02-29", false), ValueKind::kString);
  EXPECT_EQ(KindOf("2024-02-29", true), ValueKind::kDate);
  EXPECT_EQ(KindOf("2023-02-29", true), ValueKind::kString);
  EXPECT_EQ(KindOf("2024-13-01", true), ValueKind::kString);
  EXPECT_EQ(KindOf("2024-01-02 03:04:05", true), ValueKind::kTimestamp);
  EXPECT_EQ(KindOf("2024-01-02 03:04:05.123456789", true), ValueKind::kTimestamp);
  EXPECT_EQ(KindOf("2024-01-02 24:00:00", true), ValueKind::kString);
  EXPECT_EQ(KindOf("2024-01-02T03:04:05", true), ValueKind::kString);
}

TEST(ValueTypes, BuiltinTypes) {
  EXPECT_EQ(TypeOf({"1", "2"}), "bigint");
  EXPECT_EQ(TypeOf({"1", "2.5"}), "double");
  EXPECT_EQ(TypeOf({"99999999999999999999"}), "double");
  EXPECT_EQ(TypeOf({"true", "False"}), "boolean");
  EXPECT_EQ(TypeOf({"1", "true"}), "string");
  EXPECT_EQ(TypeOf({"1", "x"}), "string");
  EXPECT_EQ(TypeOf({"1", "", "3"}), "bigint");
  EXPECT_EQ(TypeOf({"", ""}), "string");
  EXPECT_EQ(TypeOf({"2024-01-01"}), "string");
}

TEST(ValueTypes, CustomIntegersTakeTheNarrowestAllowed) {
  const TypePolicy all = Allow(
      {DataType::kShort, DataType::kInt, DataType::kLong, DataType::kDouble, DataType::kString});
  EXPECT_EQ(TypeOf({"1", "-32768"}, all), "smallint");
  EXPECT_EQ(TypeOf({"1", "32768"}, all), "int");
  EXPECT_EQ(TypeOf({"1", "3000000000"}, all), "bigint");
  EXPECT_EQ(TypeOf({"1", "2"}, Allow({DataType::kLong})), "bigint");
  EXPECT_EQ(TypeOf({"1", "2"}, Allow({DataType::kInt})), "int");
  EXPECT_EQ(TypeOf({"1", "3000000000"}, Allow({DataType::kInt})), "string");
  EXPECT_EQ(TypeOf({"12", "345"}, Allow({DataType::kDecimal})), "decimal(3,0)");
  EXPECT_EQ(TypeOf({"1", "2"}, Allow({DataType::kString})), "string");
}

TEST(ValueTypes, CustomFractions) {
  EXPECT_EQ(TypeOf({"1", "2.5"}, Allow({DataType::kInt, DataType::kDouble})), "double");
  EXPECT_EQ(TypeOf({"12.5", "-0.125"}, Allow({DataType::kDecimal})), "decimal(5,3)");
  EXPECT_EQ(TypeOf({"1.5"}, Allow({DataType::kFloat})), "float");
  EXPECT_EQ(TypeOf({"1e5"}, Allow({DataType::kDecimal})), "string");
  EXPECT_EQ(TypeOf({"1.5"}, Allow({DataType::kInt})), "string");
}

TEST(ValueTypes, CustomDatesTimestampsBooleans) {
  const TypePolicy all = Allow({DataType::kDate, DataType::kTimestamp, DataType::kBoolean});
  EXPECT_EQ(TypeOf({"2024-01-01", "1999-12-31"}, all), "date");
  EXPECT_EQ(TypeOf({"2024-01-01 10:00:00"}, all), "timestamp");
  EXPECT_EQ(TypeOf({"2024-01-01", "2024-01-01 10:00:00"}, all), "string");
  EXPECT_EQ(TypeOf({"true"}, all), "boolean");
  EXPECT_EQ(TypeOf({"2024-01-01"}, Allow({DataType::kString})), "string");
  EXPECT_EQ(TypeOf({"true"}, Allow({DataType::kString})), "string");
}

TEST(ValueTypes, ParseDataType) {
  EXPECT_EQ(*ParseDataType("LONG"), DataType::kLong);
  EXPECT_EQ(*ParseDataType("timestamp"), DataType::kTimestamp);
  absl::StatusOr<DataType> bad = ParseDataType("VARCHAR");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("'VARCHAR'"), std::string::npos);
}

}  // namespace
}  // namespace almanac::classifiers::csv
