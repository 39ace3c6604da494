#include "tools/bench/hms_bench/hms_connection.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace almanac::bench::hms {
namespace {

TEST(ParseMetastoreUriTest, AcceptsSchemeAndBareForms) {
  absl::StatusOr<HostPort> a = ParseMetastoreUri("thrift://127.0.0.1:9083");
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 9083);
  absl::StatusOr<HostPort> b = ParseMetastoreUri("localhost:19083");
  ASSERT_TRUE(b.ok()) << b.status();
  EXPECT_EQ(b->host, "localhost");
  EXPECT_EQ(b->port, 19083);
}

TEST(ParseMetastoreUriTest, RejectsMalformed) {
  for (const char* uri : {"", "thrift://", "host", ":9083", "host:", "host:x", "host:0",
                          "host:70000"}) {
    EXPECT_EQ(ParseMetastoreUri(uri).status().code(), absl::StatusCode::kInvalidArgument) << uri;
  }
}

TEST(HmsConnectionTest, UnreachableIsUnavailable) {
  // A port that was just free: bind, read the port, close.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  socklen_t len = sizeof(addr);
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  close(fd);
  absl::StatusOr<std::unique_ptr<HmsConnection>> c =
      HmsConnection::Open({"127.0.0.1", ntohs(addr.sin_port)});
  EXPECT_EQ(c.status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace almanac::bench::hms
