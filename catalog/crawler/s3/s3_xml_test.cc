#include "catalog/crawler/s3/s3_xml.h"

#include "gtest/gtest.h"

namespace almanac::crawler::s3 {
namespace {

TEST(S3XmlTest, ListPageWithPrefixesTokenAndEscapes) {
  auto page = ParseListObjectsV2(R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>data</Name><Prefix>sales/</Prefix><KeyCount>3</KeyCount><MaxKeys>1000</MaxKeys>
  <Delimiter>/</Delimiter><IsTruncated>true</IsTruncated>
  <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
  <Contents><Key>sales/a&amp;b &lt;1&gt;.csv</Key><LastModified>2009-10-12T17:50:30.000Z</LastModified>
    <ETag>"fba9dede5f27731c9771645a39863328"</ETag><Size>434234</Size><StorageClass>STANDARD</StorageClass></Contents>
  <Contents><Key>sales/</Key><LastModified>2009-10-12T17:50:30.000Z</LastModified><Size>0</Size></Contents>
  <CommonPrefixes><Prefix>sales/year=2024/</Prefix></CommonPrefixes>
  <CommonPrefixes><Prefix>sales/year=2025/</Prefix></CommonPrefixes>
</ListBucketResult>)");
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->truncated);
  EXPECT_EQ(page->next_continuation_token,
            "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=");
  ASSERT_EQ(page->objects.size(), 2u);
  EXPECT_EQ(page->objects[0].key, "sales/a&b <1>.csv");
  EXPECT_EQ(page->objects[0].size, 434234);
  EXPECT_EQ(page->objects[0].mtime, 1255369830);
  EXPECT_EQ(page->objects[0].etag, "\"fba9dede5f27731c9771645a39863328\"");
  EXPECT_EQ(page->objects[1].etag, "");
  EXPECT_EQ(page->common_prefixes,
            (std::vector<std::string>{"sales/year=2024/", "sales/year=2025/"}));
}

TEST(S3XmlTest, LastPage) {
  auto page = ParseListObjectsV2(
      "<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>");
  ASSERT_TRUE(page.ok());
  EXPECT_FALSE(page->truncated);
  EXPECT_TRUE(page->objects.empty());
}

TEST(S3XmlTest, Malformed) {
  EXPECT_EQ(ParseListObjectsV2("<ListBucketResult><Contents>").status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(ParseListObjectsV2("<Error><Code>x</Code></Error>").status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(
      ParseListObjectsV2("<ListBucketResult><Contents><Size>x</Size></Contents>"
                         "</ListBucketResult>")
          .status()
          .code(),
      absl::StatusCode::kDataLoss);
}

TEST(S3XmlTest, ErrorBody) {
  S3ErrorBody e = ParseErrorBody(
      "<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code><Message>The "
      "resource you requested "
      "does not exist</Message><Resource>/b/k</Resource></Error>");
  EXPECT_EQ(e.code, "NoSuchKey");
  EXPECT_EQ(e.message, "The resource you requested does not exist");
  EXPECT_EQ(ParseErrorBody("not xml").code, "");
}

TEST(S3XmlTest, Time) {
  EXPECT_EQ(*ParseS3Time("1970-01-01T00:00:01.000Z"), 1);
  EXPECT_EQ(ParseS3Time("yesterday").status().code(),
            absl::StatusCode::kInvalidArgument);
}

} // namespace
} // namespace almanac::crawler::s3
