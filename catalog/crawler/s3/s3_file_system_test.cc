#include "catalog/crawler/s3/s3_file_system.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "catalog/crawler/s3/fake_transport.h"
#include "gtest/gtest.h"

namespace almanac::crawler::s3 {
namespace {

struct Harness {
  std::shared_ptr<FakeLog> log = std::make_shared<FakeLog>();
  std::unique_ptr<FileSystem> fs;
  Harness() {
    S3Config c;
    c.endpoint = "http://127.0.0.1:9";
    c.region = "us-east-1";
    c.addressing = AddressingStyle::kPath;
    fs = NewS3FileSystem(std::make_shared<const S3Client>(
        c, std::make_unique<FakeTransport>(log), [](absl::Duration) {}));
  }
};

std::string Page(const std::string &contents, const std::string &token) {
  return absl::StrCat("<ListBucketResult><IsTruncated>",
                      token.empty() ? "false" : "true", "</IsTruncated>",
                      token.empty() ? ""
                                    : "<NextContinuationToken>" + token +
                                          "</NextContinuationToken>",
                      contents, "</ListBucketResult>");
}

std::string Object(const std::string &key, int size) {
  return absl::StrCat("<Contents><Key>", key, "</Key><Size>", size,
                      "</Size><LastModified>1970-01-01T00:00:10.000Z</"
                      "LastModified></Contents>");
}

TEST(S3FileSystemTest, ListFollowsContinuationTokensAndSkipsMarkers) {
  Harness h;
  h.log->queued.push_back(Reply(
      200,
      Page(Object("t/", 0) + Object("t/b.csv", 5) +
               "<CommonPrefixes><Prefix>t/year=2024/</Prefix></CommonPrefixes>",
           "tok+1/=")));
  h.log->queued.push_back(Reply(200, Page(Object("t/a.csv", 7), "")));
  auto entries = h.fs->List("s3://data/t");
  ASSERT_TRUE(entries.ok()) << entries.status();
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ((*entries)[0].name, "a.csv");
  EXPECT_EQ((*entries)[0].size, 7);
  EXPECT_EQ((*entries)[0].mtime, 10);
  EXPECT_EQ((*entries)[1].name, "b.csv");
  EXPECT_EQ((*entries)[2].name, "year=2024");
  EXPECT_TRUE((*entries)[2].is_dir);
  ASSERT_EQ(h.log->requests.size(), 2u);
  EXPECT_EQ(h.log->requests[0].url,
            "http://127.0.0.1:9/data?delimiter=%2F&list-type=2&prefix=t%2F");
  EXPECT_TRUE(absl::StrContains(h.log->requests[1].url,
                                "continuation-token=tok%2B1%2F%3D"))
      << h.log->requests[1].url;
}

TEST(S3FileSystemTest, MissingFolderIsNotFoundButMarkedEmptyFolderIsEmpty) {
  Harness h;
  h.log->queued.push_back(Reply(200, Page("", "")));
  EXPECT_EQ(h.fs->List("s3://data/nothing/").status().code(),
            absl::StatusCode::kNotFound);
  h.log->queued.push_back(Reply(200, Page(Object("empty/", 0), "")));
  auto entries = h.fs->List("s3://data/empty");
  ASSERT_TRUE(entries.ok());
  EXPECT_TRUE(entries->empty());
  h.log->queued.push_back(Reply(200, Page("", "")));
  EXPECT_TRUE(h.fs->List("s3://data").ok());
  EXPECT_EQ(h.fs->List("file:///x").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(S3FileSystemTest, OpenHeadsThenReadsRanges) {
  Harness h;
  h.log->queued.push_back(
      Reply(200, "", {{"content-length", "1000000"}, {"etag", "\"e1\""}}));
  auto file = h.fs->Open("s3://data/t/x.parquet");
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ((*file)->Size(), 1000000);
  EXPECT_EQ(h.log->requests[0].method, "HEAD");
  h.log->queued.push_back(Reply(206, "abcd"));
  auto bytes = (*file)->ReadAt(999996, 10);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, "abcd");
  bool range = false;
  for (const auto &[name, value] : h.log->requests[1].headers) {
    range |= name == "Range" && value == "bytes=999996-999999";
  }
  EXPECT_TRUE(range);
  EXPECT_EQ(*(*file)->ReadAt(1000000, 10), "");
  EXPECT_EQ((*file)->ReadAt(1000001, 1).status().code(),
            absl::StatusCode::kOutOfRange);
  EXPECT_EQ(h.log->requests.size(),
            2u); // no request for an empty or out-of-range read
  // Replaced since it was opened: If-Match fails.
  h.log->queued.push_back(
      Reply(412, "<Error><Code>PreconditionFailed</Code></Error>"));
  EXPECT_EQ((*file)->ReadAt(0, 4).status().code(),
            absl::StatusCode::kUnavailable);
}

TEST(S3FileSystemTest, ASmallObjectIsFetchedOnceWhole) {
  Harness h;
  h.log->queued.push_back(
      Reply(200, "", {{"content-length", "10"}, {"etag", "\"e2\""}}));
  auto file = h.fs->Open("s3://data/t/small.csv");
  ASSERT_TRUE(file.ok()) << file.status();
  h.log->queued.push_back(Reply(206, "0123456789"));
  EXPECT_EQ(*(*file)->ReadAt(0, 4), "0123");     // the magic bytes
  EXPECT_EQ(*(*file)->ReadAt(0, 1 << 20), "0123456789");  // the sample
  EXPECT_EQ(*(*file)->ReadAt(6, 4), "6789");     // a footer
  EXPECT_EQ(*(*file)->ReadAt(10, 4), "");
  EXPECT_EQ((*file)->ReadAt(11, 1).status().code(), absl::StatusCode::kOutOfRange);
  ASSERT_EQ(h.log->requests.size(), 2u);  // the HEAD and one GET
  bool range = false;
  for (const auto &[name, value] : h.log->requests[1].headers) {
    range |= name == "Range" && value == "bytes=0-9";
  }
  EXPECT_TRUE(range);
}

TEST(S3FileSystemTest, OpenListedTakesTheListingsSizeAndVersion) {
  Harness h;
  DirEntry listed;
  listed.name = "x.csv";
  listed.size = 10;
  listed.etag = "\"e3\"";
  auto file = h.fs->OpenListed("s3://data/t/x.csv", listed);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ((*file)->Size(), 10);
  EXPECT_TRUE(h.log->requests.empty());  // no HEAD
  h.log->queued.push_back(Reply(206, "0123456789"));
  EXPECT_EQ(*(*file)->ReadAt(0, 4), "0123");
  ASSERT_EQ(h.log->requests.size(), 1u);
  bool if_match = false;
  for (const auto &[name, value] : h.log->requests[0].headers) {
    if_match |= name == "If-Match" && value == "\"e3\"";
  }
  EXPECT_TRUE(if_match);
  // Without a listed ETag it asks with a HEAD, as Open does.
  listed.etag.clear();
  h.log->queued.push_back(Reply(200, "", {{"content-length", "10"}, {"etag", "\"e4\""}}));
  ASSERT_TRUE(h.fs->OpenListed("s3://data/t/x.csv", listed).ok());
  EXPECT_EQ(h.log->requests.back().method, "HEAD");
}

TEST(S3FileSystemTest, OpenMissingObject) {
  Harness h;
  h.log->queued.push_back(Reply(404));
  auto file = h.fs->Open("s3://data/t/gone.csv");
  EXPECT_EQ(file.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(
      absl::StrContains(file.status().message(), "s3://data/t/gone.csv"));
}

TEST(S3FileSystemTest, FolderIdIsThePath) {
  Harness h;
  EXPECT_EQ(*h.fs->FolderId("s3://data/t/"), "s3://data/t");
  EXPECT_EQ(*h.fs->FolderId("s3://data"), "s3://data");
}

} // namespace
} // namespace almanac::crawler::s3
