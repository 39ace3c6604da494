#include "catalog/model/key_value.h"

#include <cstdint>
#include <limits>
#include <string>

#include "absl/status/status.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace almanac::model {
namespace {

using ::almanac::testing::StatusIs;

HiveType T(std::string_view s) { return *HiveType::Parse(s); }

TEST(KeyValueTest, CategoryOfMapsTypeKinds) {
  EXPECT_EQ(CategoryOf(T("string")), KeyCategory::kString);
  EXPECT_EQ(CategoryOf(T("char(3)")), KeyCategory::kString);
  EXPECT_EQ(CategoryOf(T("varchar(10)")), KeyCategory::kString);
  EXPECT_EQ(CategoryOf(T("tinyint")), KeyCategory::kIntegral);
  EXPECT_EQ(CategoryOf(T("smallint")), KeyCategory::kIntegral);
  EXPECT_EQ(CategoryOf(T("int")), KeyCategory::kIntegral);
  EXPECT_EQ(CategoryOf(T("bigint")), KeyCategory::kIntegral);
  EXPECT_EQ(CategoryOf(T("float")), KeyCategory::kFloating);
  EXPECT_EQ(CategoryOf(T("double")), KeyCategory::kFloating);
  EXPECT_EQ(CategoryOf(T("decimal(10,2)")), KeyCategory::kDecimal);
  EXPECT_EQ(CategoryOf(T("date")), KeyCategory::kDate);
  EXPECT_EQ(CategoryOf(T("timestamp")), KeyCategory::kTimestamp);
  EXPECT_EQ(CategoryOf(T("boolean")), KeyCategory::kBoolean);
  EXPECT_EQ(CategoryOf(T("binary")), KeyCategory::kOther);
  EXPECT_EQ(CategoryOf(T("array<int>")), KeyCategory::kOther);
}

TEST(KeyValueTest, ParseIntegral) {
  EXPECT_EQ(*ParseIntegral("0"), 0);
  EXPECT_EQ(*ParseIntegral("2024"), 2024);
  EXPECT_EQ(*ParseIntegral("+7"), 7);
  EXPECT_EQ(*ParseIntegral("-7"), -7);
  EXPECT_EQ(*ParseIntegral("007"), 7);
  EXPECT_EQ(*ParseIntegral("9223372036854775807"), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(*ParseIntegral("-9223372036854775808"), std::numeric_limits<int64_t>::min());
  for (const char* bad : {"", "+", "-", "+-1", "1.0", " 1", "1 ", "0x10", "abc",
                          "9223372036854775808", "-9223372036854775809", "1e3"}) {
    EXPECT_THAT(ParseIntegral(bad), StatusIs(absl::StatusCode::kInvalidArgument)) << bad;
  }
  EXPECT_THAT(ParseIntegral("abc"),
              StatusIs(absl::StatusCode::kInvalidArgument, "'abc' is not an integer"));
}

TEST(KeyValueTest, ParseFloating) {
  EXPECT_EQ(*ParseFloating("1.5"), 1.5);
  EXPECT_EQ(*ParseFloating("-1.5"), -1.5);
  EXPECT_EQ(*ParseFloating("+2"), 2.0);
  EXPECT_EQ(*ParseFloating(".5"), 0.5);
  EXPECT_EQ(*ParseFloating("5."), 5.0);
  EXPECT_EQ(*ParseFloating("1e3"), 1000.0);
  EXPECT_EQ(*ParseFloating("1.5E-1"), 0.15);
  for (const char* bad : {"", ".", "-", "inf", "nan", "Infinity", "0x1p3", "1e", "1e+",
                          "1e400", "1.2.3", " 1", "abc"}) {
    EXPECT_THAT(ParseFloating(bad), StatusIs(absl::StatusCode::kInvalidArgument)) << bad;
  }
  EXPECT_THAT(ParseFloating("x"),
              StatusIs(absl::StatusCode::kInvalidArgument, "'x' is not a number"));
}

TEST(KeyValueTest, ParseDateDays) {
  EXPECT_EQ(*ParseDateDays("1970-01-01"), 0);
  EXPECT_EQ(*ParseDateDays("1970-01-02"), 1);
  EXPECT_EQ(*ParseDateDays("1969-12-31"), -1);
  EXPECT_EQ(*ParseDateDays("2000-03-01"), 11017);
  EXPECT_EQ(*ParseDateDays("2024-02-29"), 19782);
  EXPECT_EQ(*ParseDateDays("2024-2-9"), *ParseDateDays("2024-02-09"));
  EXPECT_EQ(*ParseDateDays("0001-01-01"), -719162);
  for (const char* bad : {"", "2023-02-29", "2024-13-01", "2024-00-10", "2024-01-00",
                          "2024-04-31", "1900-02-29", "24-01-01", "2024/01/01", "2024-01-01x",
                          "2024-001-01", "0000-01-01", "2024-01"}) {
    EXPECT_THAT(ParseDateDays(bad), StatusIs(absl::StatusCode::kInvalidArgument)) << bad;
  }
  EXPECT_EQ(*ParseDateDays("2000-02-29"), 11016);
  EXPECT_THAT(ParseDateDays("nope"),
              StatusIs(absl::StatusCode::kInvalidArgument, "'nope' is not a date (yyyy-MM-dd)"));
}

TEST(KeyValueTest, ParseTimestampMicros) {
  EXPECT_EQ(*ParseTimestampMicros("1970-01-01 00:00:00"), 0);
  EXPECT_EQ(*ParseTimestampMicros("1970-01-01"), 0);
  EXPECT_EQ(*ParseTimestampMicros("1970-01-01T00:00:01"), 1000000);
  EXPECT_EQ(*ParseTimestampMicros("1970-01-01 00:00:01.5"), 1500000);
  EXPECT_EQ(*ParseTimestampMicros("1970-01-01 00:00:00.123456789"), 123456);
  EXPECT_EQ(*ParseTimestampMicros("1969-12-31 23:59:59"), -1000000);
  EXPECT_EQ(*ParseTimestampMicros("2024-01-31 10:20:30"), 1706696430000000);
  for (const char* bad : {"", "1970-01-01 24:00:00", "1970-01-01 00:60:00",
                          "1970-01-01 00:00:60", "1970-01-01 0:00:00", "1970-01-01 00:00",
                          "1970-01-01 00:00:00.", "1970-01-01 00:00:00.1234567890",
                          "1970-01-01 00:00:00Z", "1970-01-01X00:00:00"}) {
    EXPECT_THAT(ParseTimestampMicros(bad), StatusIs(absl::StatusCode::kInvalidArgument)) << bad;
  }
}

TEST(KeyValueTest, ParseBoolean) {
  EXPECT_TRUE(*ParseBoolean("true"));
  EXPECT_TRUE(*ParseBoolean("TRUE"));
  EXPECT_FALSE(*ParseBoolean("False"));
  EXPECT_THAT(ParseBoolean("1"), StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseBoolean("yes"),
              StatusIs(absl::StatusCode::kInvalidArgument, "'yes' is not a boolean"));
}

TEST(KeyValueTest, ErrorMessagesAreShortAndPrintable) {
  std::string huge(1 << 20, 'x');
  auto s = ParseIntegral(huge).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_LT(s.message().size(), 100u);
  EXPECT_EQ(ParseIntegral(std::string("a\0b", 3)).status().message(),
            "'a\\x00\\x62' is not an integer");
}

TEST(KeyValueTest, EncodeKeyValue) {
  EXPECT_EQ(EncodeKeyValue(KeyCategory::kIntegral, "42"), KeyValue(int64_t{42}));
  EXPECT_EQ(EncodeKeyValue(KeyCategory::kIntegral, "4x"), KeyValue(std::string("4x")));
  EXPECT_EQ(EncodeKeyValue(KeyCategory::kFloating, "1.5"), KeyValue(1.5));
  EXPECT_EQ(EncodeKeyValue(KeyCategory::kDecimal, "10.25"), KeyValue(10.25));
  EXPECT_EQ(EncodeKeyValue(KeyCategory::kDecimal, "1e999"), KeyValue(std::string("1e999")));
  EXPECT_EQ(EncodeKeyValue(KeyCategory::kDate, "1970-01-11"), KeyValue(int64_t{10}));
  EXPECT_EQ(EncodeKeyValue(KeyCategory::kTimestamp, "1970-01-01 00:00:02"),
            KeyValue(int64_t{2000000}));
  EXPECT_EQ(EncodeKeyValue(KeyCategory::kBoolean, "TRUE"), KeyValue(int64_t{1}));
  EXPECT_EQ(EncodeKeyValue(KeyCategory::kBoolean, "false"), KeyValue(int64_t{0}));
  EXPECT_EQ(EncodeKeyValue(KeyCategory::kString, "42"), KeyValue(std::string("42")));
  EXPECT_EQ(EncodeKeyValue(KeyCategory::kOther, "x"), KeyValue(std::string("x")));
  for (auto c : {KeyCategory::kString, KeyCategory::kIntegral, KeyCategory::kDate,
                 KeyCategory::kDecimal, KeyCategory::kBoolean}) {
    EXPECT_EQ(EncodeKeyValue(c, "__HIVE_DEFAULT_PARTITION__"), KeyValue(std::monostate{}));
  }
}

}  // namespace
}  // namespace almanac::model
