#include "catalog/service/page_token.h"

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace almanac::service {
namespace {

using ::almanac::testing::StatusIs;

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
  EXPECT_THAT(DecodePageToken(token, ListingFingerprint({"tables", "sales", "o*"})),
              StatusIs(absl::StatusCode::kInvalidArgument, "invalid page token"));
}

TEST(PageTokenTest, GarbageIsRejected) {
  const uint64_t fp = ListingFingerprint({"databases", ""});
  for (const std::string& token :
       {std::string("not a token!"), absl::WebSafeBase64Escape("{"),
        absl::WebSafeBase64Escape("[1,2]"), absl::WebSafeBase64Escape(R"({"v":1})"),
        absl::WebSafeBase64Escape(R"({"v":2,"f":"0","a":"x"})")}) {
    EXPECT_THAT(DecodePageToken(token, fp), StatusIs(absl::StatusCode::kInvalidArgument)) << token;
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

TEST(PartitionPageTokenTest, IndexCursorRoundTripsExactly) {
  const uint64_t fp = ListingFingerprint({"partitions", "db", "t", "year > 2020"});
  const PartitionPageCursor cursor{
      .after_key = {.index = "by_year",
                    .keys = {model::KeyValue{}, int64_t{-9223372036854775807 - 1},
                             int64_t{9223372036854775807}, 0.1, -1e300,
                             std::string("\xff\x00z", 3), std::string("")},
                    .id = 123456789012}};
  const std::string token = EncodePartitionPageToken(fp, cursor);
  absl::StatusOr<PartitionPageCursor> back = DecodePartitionPageToken(token, fp);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->after_name, "");
  EXPECT_EQ(back->after_key, cursor.after_key);
  // Bound to its listing like every token.
  EXPECT_THAT(DecodePartitionPageToken(token, fp + 1),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(PartitionPageTokenTest, NameCursorIsANameToken) {
  const uint64_t fp = ListingFingerprint({"partitions", "db", "t", ""});
  const std::string token =
      EncodePartitionPageToken(fp, PartitionPageCursor{.after_name = "year=2024"});
  // Readable by the name decoder, and name tokens read as name cursors.
  EXPECT_EQ(*DecodePageToken(token, fp), "year=2024");
  absl::StatusOr<PartitionPageCursor> back =
      DecodePartitionPageToken(EncodePageToken(fp, "year=2025"), fp);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->after_name, "year=2025");
  EXPECT_TRUE(back->after_key.empty());
  back = DecodePartitionPageToken("", fp);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->after_name, "");
  EXPECT_TRUE(back->after_key.empty());
}

TEST(PartitionPageTokenTest, MalformedIndexCursorsAreRejected) {
  const uint64_t fp = ListingFingerprint({"partitions", "db", "t", ""});
  const std::string f = absl::StrFormat("%016x", fp);
  for (const std::string& json : {
           absl::StrCat(R"({"v":1,"f":")", f, R"(","x":"i","k":[],"i":1})"),
           absl::StrCat(R"({"v":1,"f":")", f, R"(","x":"","k":[{"n":0}],"i":1})"),
           absl::StrCat(R"({"v":1,"f":")", f, R"(","x":"i","k":[{"q":1}],"i":1})"),
           absl::StrCat(R"({"v":1,"f":")", f, R"(","x":"i","k":[{"i":"1"}],"i":1})"),
           absl::StrCat(R"({"v":1,"f":")", f, R"(","x":"i","k":[{"d":"zz"}],"i":1})"),
           absl::StrCat(R"({"v":1,"f":")", f, R"(","x":"i","k":[{"s":"***"}],"i":1})"),
           absl::StrCat(R"({"v":1,"f":")", f, R"(","x":"i","k":[{"n":0,"i":1}],"i":1})"),
           absl::StrCat(R"({"v":1,"f":")", f, R"(","x":"i","k":[{"n":0}]})"),
           absl::StrCat(R"({"v":1,"f":")", f, R"(","a":""})"),
       }) {
    EXPECT_THAT(DecodePartitionPageToken(absl::WebSafeBase64Escape(json), fp),
                StatusIs(absl::StatusCode::kInvalidArgument, "invalid page token"))
        << json;
  }
  // The well-formed version of the same token is accepted.
  EXPECT_TRUE(DecodePartitionPageToken(
                  absl::WebSafeBase64Escape(
                      absl::StrCat(R"({"v":1,"f":")", f, R"(","x":"i","k":[{"n":0}],"i":1})")),
                  fp)
                  .ok());
}

}  // namespace
}  // namespace almanac::service
