#include "catalog/policy/condition.h"

#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace almanac::policy::internal {
namespace {

TEST(ParseDateTest, Forms) {
  const absl::Time day = absl::FromUnixSeconds(1767225600);  // 2026-01-01T00:00:00Z
  EXPECT_EQ(ParseDate("2026-01-01"), day);
  EXPECT_EQ(ParseDate("2026-01-01T00:00:00Z"), day);
  EXPECT_EQ(ParseDate("2026-01-01T00:00Z"), day);
  EXPECT_EQ(ParseDate("2026-01-01T00:00:00"), day);
  EXPECT_EQ(ParseDate("2026-01-01T02:00:00+02:00"), day);
  EXPECT_EQ(ParseDate("2025-12-31T19:00:00-05:00"), day);
  EXPECT_EQ(ParseDate("1767225600"), day);
  EXPECT_EQ(ParseDate("2026-01-01T00:00:00.5Z"), day + absl::Milliseconds(500));
  for (const char* bad : {"", "yesterday", "2026-13-01", "2026-01-01T25:00:00Z", "1e400", "--1"}) {
    EXPECT_FALSE(ParseDate(bad).has_value()) << bad;
  }
}

TEST(ParseNumberTest, Forms) {
  EXPECT_EQ(ParseNumber("10"), 10.0);
  EXPECT_EQ(ParseNumber("-1.5"), -1.5);
  EXPECT_EQ(ParseNumber("1e3"), 1000.0);
  for (const char* bad : {"", "ten", "0x10", "inf", "nan", " 1", "1 ", "1e999"}) {
    EXPECT_FALSE(ParseNumber(bad).has_value()) << bad;
  }
}

TEST(ParseBoolTest, Forms) {
  EXPECT_EQ(ParseBool("true"), true);
  EXPECT_EQ(ParseBool("FALSE"), false);
  EXPECT_FALSE(ParseBool("yes").has_value());
  EXPECT_FALSE(ParseBool("1").has_value());
}

TEST(ParseCidrTest, Forms) {
  auto v4 = ParseCidr("10.1.2.3/8");
  ASSERT_TRUE(v4.has_value());
  EXPECT_EQ(v4->family, 4);
  EXPECT_EQ(v4->prefix, 8);
  auto host = ParseCidr("10.1.2.3");
  ASSERT_TRUE(host.has_value());
  EXPECT_EQ(host->prefix, 32);
  auto v6 = ParseCidr("2001:db8::/32");
  ASSERT_TRUE(v6.has_value());
  EXPECT_EQ(v6->family, 6);
  EXPECT_EQ(v6->prefix, 32);
  EXPECT_EQ(ParseCidr("::1")->prefix, 128);
  for (const char* bad : {"", "10.1.2.3/33", "10.1.2/8", "10.1.2.3/", "10.1.2.3/-1",
                          "2001:db8::/129", "host", "10.1.2.3/8/8", "1.2.3.4/ 8"}) {
    EXPECT_FALSE(ParseCidr(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace almanac::policy::internal
