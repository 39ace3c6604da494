#include "catalog/service/page_token.h"

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "gtest/gtest.h"

namespace almanac::service {
namespace {

TEST(PageTokenTest, RoundTrip) {
  const uint64_t fp = ListingFingerprint({"tables", "sales", "s*"});
  const std::string token = EncodePageToken(fp, "orders");
  absl::StatusOr<std::string> last = DecodePageToken(token, fp);
  ASSERT_TRUE(last.ok()) << last.status();
  EXPECT_EQ(*last, "orders");
}

TEST(PageTokenTest, RoundTripPartitionName) {
  const uint64_t fp = ListingFingerprint({"partitions", "db", "t", "year > 2020"});
  const std::string name = "year=2024/city=S%2FF";
  absl::StatusOr<std::string> last = DecodePageToken(EncodePageToken(fp, name), fp);
  ASSERT_TRUE(last.ok()) << last.status();
  EXPECT_EQ(*last, name);
}

TEST(PageTokenTest, EmptyTokenIsFirstPage) {
  absl::StatusOr<std::string> last = DecodePageToken("", 42);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(*last, "");
}

TEST(PageTokenTest, OtherListingIsRejected) {
  const uint64_t fp = ListingFingerprint({"tables", "sales", ""});
  const std::string token = EncodePageToken(fp, "orders");
  absl::StatusOr<std::string> last =
      DecodePageToken(token, ListingFingerprint({"tables", "sales", "o*"}));
  EXPECT_EQ(last.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(last.status().message(), "invalid page token");
}

TEST(PageTokenTest, GarbageIsRejected) {
  const uint64_t fp = ListingFingerprint({"databases", ""});
  for (const std::string& token :
       {std::string("not a token!"), absl::WebSafeBase64Escape("{"),
        absl::WebSafeBase64Escape("[1,2]"), absl::WebSafeBase64Escape(R"({"v":1})"),
        absl::WebSafeBase64Escape(R"({"v":2,"f":"0","a":"x"})")}) {
    EXPECT_EQ(DecodePageToken(token, fp).status().code(), absl::StatusCode::kInvalidArgument)
        << token;
  }
}

TEST(PageTokenTest, FingerprintCountsBoundaries) {
  EXPECT_NE(ListingFingerprint({"ab", "c"}), ListingFingerprint({"a", "bc"}));
  EXPECT_EQ(ListingFingerprint({"a", "bc"}), ListingFingerprint({"a", "bc"}));
}

TEST(PageTokenTest, EffectivePageSize) {
  EXPECT_EQ(EffectivePageSize(0, 1000), 1000);
  EXPECT_EQ(EffectivePageSize(-1, 1000), 1000);
  EXPECT_EQ(EffectivePageSize(1001, 1000), 1000);
  EXPECT_EQ(EffectivePageSize(10, 1000), 10);
  EXPECT_EQ(EffectivePageSize(1000, 1000), 1000);
}

}  // namespace
}  // namespace almanac::service
