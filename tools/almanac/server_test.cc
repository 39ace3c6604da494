#include "tools/almanac/server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "tools/almanac/cli_support.h"

namespace almanac::tools {
namespace {

using ::testing::HasSubstr;

TEST(ServerTest, LoopbackListenAddresses) {
  for (const char* address : {"127.0.0.1:9084", "127.1.2.3:0", "localhost:9083", "[::1]:9084"}) {
    EXPECT_TRUE(IsLoopbackListenAddress(address)) << address;
  }
  for (const char* address :
       {"0.0.0.0:9084", "[::]:9084", ":9084", "10.0.0.5:9083", "catalog.example:9083",
        "127.0.0.1.example:1", "1270.0.0.1:1", "127.0.0:1"}) {
    EXPECT_FALSE(IsLoopbackListenAddress(address)) << address;
  }
}

class FakeFrontEnd final : public FrontEnd {
 public:
  FakeFrontEnd(std::string name, std::string address, bool authenticates)
      : name_(std::move(name)), address_(std::move(address)), authenticates_(authenticates) {}
  std::string_view name() const override { return name_; }
  bool authenticates() const override { return authenticates_; }
  absl::Status Start(service::CatalogService*) override { return absl::OkStatus(); }
  std::string listen_address() const override { return address_; }
  int port() const override { return 0; }
  void Shutdown(absl::Time) override {}

 private:
  std::string name_;
  std::string address_;
  bool authenticates_;
};

TEST(ServerTest, UnauthenticatedFrontEndsStayOnLoopback) {
  std::vector<std::unique_ptr<FrontEnd>> front_ends;
  front_ends.push_back(std::make_unique<FakeFrontEnd>("grpc", "0.0.0.0:9084", true));
  front_ends.push_back(std::make_unique<FakeFrontEnd>("thrift", "127.0.0.1:9083", false));
  EXPECT_TRUE(CheckUnauthenticatedRemote(front_ends, false).ok());

  front_ends.push_back(std::make_unique<FakeFrontEnd>("thrift", "0.0.0.0:9083", false));
  absl::Status status = CheckUnauthenticatedRemote(front_ends, false);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ExitCodeFor(status), kExitUsage);
  EXPECT_THAT(status.message(), HasSubstr("the thrift front end would accept unauthenticated "
                                          "calls from other machines on '0.0.0.0:9083'"));
  EXPECT_THAT(status.message(), HasSubstr("--allow-unauthenticated-remote"));
  EXPECT_TRUE(CheckUnauthenticatedRemote(front_ends, true).ok());
}

}  // namespace
}  // namespace almanac::tools
