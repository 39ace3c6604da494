// Unit tests of the Server's free helpers (the Server itself is tested through
// the real binary in tests/integration/).
#include "tools/almanac/server.h"

#include "gtest/gtest.h"

namespace almanac::tools {
namespace {

TEST(IsLoopbackAddressTest, OnlyLoopbackHostsAre) {
  for (const char* address : {"127.0.0.1:9083", "127.1.2.3:0", "localhost:9083",
                              "LOCALHOST:1", "[::1]:9083", "::1:9083"}) {
    EXPECT_TRUE(IsLoopbackAddress(address)) << address;
  }
  for (const char* address : {"0.0.0.0:9083", "[::]:9083", ":9083", "10.0.0.5:9083",
                              "metastore.example.com:9083", "128.0.0.1:1", "[::2]:1"}) {
    EXPECT_FALSE(IsLoopbackAddress(address)) << address;
  }
}

}  // namespace
}  // namespace almanac::tools
