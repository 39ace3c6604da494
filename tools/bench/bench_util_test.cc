// Tests of the helpers only: the benchmarks themselves are never run as
// timed assertions.
#include "tools/bench/bench_util.h"

#include <gtest/gtest.h>

namespace almanac::bench {
namespace {

TEST(NearestRankTest, PicksObservedValues) {
  const std::vector<int64_t> v = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
  EXPECT_EQ(NearestRank(v, 0), 10);
  EXPECT_EQ(NearestRank(v, 50), 50);
  EXPECT_EQ(NearestRank(v, 51), 60);
  EXPECT_EQ(NearestRank(v, 90), 90);
  EXPECT_EQ(NearestRank(v, 99), 100);
  EXPECT_EQ(NearestRank(v, 100), 100);
}

TEST(NearestRankTest, EmptyAndSingle) {
  EXPECT_EQ(NearestRank({}, 50), 0);
  EXPECT_EQ(NearestRank({7}, 0), 7);
  EXPECT_EQ(NearestRank({7}, 99), 7);
}

TEST(LatencySamplesTest, SortsOnDemandAndMerges) {
  LatencySamples a;
  a.Add(absl::Microseconds(30));
  a.Add(absl::Microseconds(10));
  LatencySamples b;
  b.Add(absl::Microseconds(20));
  EXPECT_EQ(a.Max(), absl::Microseconds(30));
  a.Merge(b);
  EXPECT_EQ(a.count(), 3u);
  EXPECT_EQ(a.Percentile(50), absl::Microseconds(20));
  EXPECT_EQ(a.Min(), absl::Microseconds(10));
  EXPECT_EQ(LatencySamples().Percentile(50), absl::ZeroDuration());
}

TEST(FormatTest, Units) {
  EXPECT_EQ(FormatLatency(absl::Nanoseconds(123456)), "123.5 us");
  EXPECT_EQ(FormatLatency(absl::Microseconds(4560)), "4.56 ms");
  EXPECT_EQ(FormatLatency(absl::Milliseconds(1230)), "1.23 s");
  EXPECT_EQ(FormatBytes(812), "812 B");
  EXPECT_EQ(FormatBytes(1536), "1.5 KiB");
  EXPECT_EQ(FormatBytes(3 * 1024 * 1024), "3.0 MiB");
  EXPECT_EQ(FormatCount(0), "0");
  EXPECT_EQ(FormatCount(999), "999");
  EXPECT_EQ(FormatCount(1234567), "1,234,567");
  EXPECT_EQ(FormatCount(-1000), "-1,000");
  EXPECT_EQ(FormatDouble(3.14159, 1), "3.1");
}

TEST(TableTest, PadsColumns) {
  Table t({"a", "long header"});
  t.AddRow({"wide cell", "x"});
  EXPECT_EQ(t.ToString(),
            "| a         | long header |\n"
            "|-----------|-------------|\n"
            "| wide cell | x           |\n");
}

}  // namespace
}  // namespace almanac::bench
