#include "proto/grpc_auth.h"

#include <gtest/gtest.h>

#include <optional>
#include <string_view>

namespace almanac::proto {
namespace {

TEST(GrpcAuthTest, BearerTokenTakesTheTokenOfABearerValue) {
  EXPECT_EQ(BearerToken("Bearer abc"), std::optional<std::string_view>("abc"));
  EXPECT_EQ(BearerToken("bearer abc"), std::optional<std::string_view>("abc"));
  EXPECT_EQ(BearerToken("  BEARER   abc-_9  "), std::optional<std::string_view>("abc-_9"));
}

TEST(GrpcAuthTest, BearerTokenRefusesOtherForms) {
  for (std::string_view value :
       {"", "Bearer", "Bearer ", "Bearer    ", "Basic YWxpY2U6cHc=", "abc", "Bearerabc"}) {
    EXPECT_EQ(BearerToken(value), std::nullopt) << value;
  }
}

}  // namespace
}  // namespace almanac::proto
