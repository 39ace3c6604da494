#include "thrift/method_counters.h"

#include <map>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace almanac::hms {
namespace {

TEST(MethodCountersTest, CountsPerMethodAcrossThreads) {
  MethodCounters counters;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) counters.Count("get_table");
      counters.Count("get_partitions_by_filter");
    });
  }
  for (std::thread& t : threads) t.join();
  std::map<std::string, int64_t> out{{"hms.calls", 7}};
  counters.AppendTo(&out);
  EXPECT_EQ(out, (std::map<std::string, int64_t>{
                     {"get_partitions_by_filter", 4}, {"get_table", 4000}, {"hms.calls", 7}}));
}

TEST(MethodCountersTest, NothingCalledNothingListed) {
  MethodCounters counters;
  std::map<std::string, int64_t> out;
  counters.AppendTo(&out);
  EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace almanac::hms
