#include "catalog/versions/version_id.h"

#include "gtest/gtest.h"

namespace almanac::versions {
namespace {

TEST(VersionIdTest, ParsesPositiveDecimals) {
  EXPECT_EQ(ParseVersionId("1"), 1);
  EXPECT_EQ(ParseVersionId("100000"), 100000);
  EXPECT_EQ(ParseVersionId("9223372036854775807"), INT64_MAX);
}

TEST(VersionIdTest, RefusesEverythingElse) {
  for (const char* bad : {"", "0", "-1", "+1", "01", " 1", "1 ", "1.0", "abc", "1e3",
                          "9223372036854775808", "99999999999999999999"}) {
    EXPECT_EQ(ParseVersionId(bad), std::nullopt) << bad;
  }
}

TEST(VersionIdTest, PruneKeepsTheCap) {
  EXPECT_EQ(VersionsToPrune(5, 0), 0);
  EXPECT_EQ(VersionsToPrune(5, 5), 0);
  EXPECT_EQ(VersionsToPrune(6, 5), 1);
  EXPECT_EQ(VersionsToPrune(100001, 100000), 1);
  EXPECT_EQ(VersionsToPrune(10, 1), 9);
}

}  // namespace
}  // namespace almanac::versions
