#include "tools/bench/hms_bench/latency_summary.h"

#include <gtest/gtest.h>

namespace almanac::bench::hms {
namespace {

TEST(LatencySummaryTest, EmptyIsAllZero) {
  LatencySummary s = Summarize({});
  EXPECT_EQ(s.count, 0u);
  EXPECT_EQ(s.mean_ms, 0);
  EXPECT_EQ(s.median_ms, 0);
  EXPECT_EQ(s.p99_ms, 0);
}

TEST(LatencySummaryTest, UnsortedInputIsSummarised) {
  LatencySummary s = Summarize({5, 1, 4, 2, 3});
  EXPECT_EQ(s.count, 5u);
  EXPECT_DOUBLE_EQ(s.mean_ms, 3);
  EXPECT_DOUBLE_EQ(s.median_ms, 3);
  // Five samples: the 99th percentile by nearest rank is the maximum.
  EXPECT_DOUBLE_EQ(s.p99_ms, 5);
}

TEST(LatencySummaryTest, NearestRankPicksObservedValues) {
  std::vector<double> sorted;
  for (int i = 1; i <= 100; ++i) sorted.push_back(i);
  EXPECT_DOUBLE_EQ(NearestRankPercentile(sorted, 0), 1);
  EXPECT_DOUBLE_EQ(NearestRankPercentile(sorted, 50), 50);
  EXPECT_DOUBLE_EQ(NearestRankPercentile(sorted, 99), 99);
  EXPECT_DOUBLE_EQ(NearestRankPercentile(sorted, 100), 100);
  // Even count: the median is the lower middle sample, not an average.
  EXPECT_DOUBLE_EQ(NearestRankPercentile({1, 2, 3, 4}, 50), 2);
}

TEST(LatencySummaryTest, Formatting) {
  EXPECT_EQ(FormatMs(0.1234), "0.123");
  EXPECT_EQ(FormatMs(12.345), "12.35");
  EXPECT_EQ(FormatMs(123.45), "123.5");
  EXPECT_EQ(FormatMs(3016.4), "3016");
  EXPECT_EQ(FormatRatio(30, 10), "3.00x");
  EXPECT_EQ(FormatRatio(250, 10), "25.0x");
  EXPECT_EQ(FormatRatio(1, 0), "-");
}

}  // namespace
}  // namespace almanac::bench::hms
