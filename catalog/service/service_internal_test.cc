// Tests of the helpers in service_internal.cc; the concern classes have their
// own test files (database_service_test.cc, ...).
#include <algorithm>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "catalog/service/name_pattern.h"
#include "catalog/service/page_token.h"
#include "catalog/service/service_internal.h"
#include "gtest/gtest.h"

namespace almanac::service::internal {
namespace {

TEST(ServiceInternalTest, JoinPath) {
  EXPECT_EQ(JoinPath("file:/wh", "db.db"), "file:/wh/db.db");
  EXPECT_EQ(JoinPath("file:/wh/", "db.db"), "file:/wh/db.db");
  EXPECT_EQ(JoinPath("s3://b/wh//", "/t"), "s3://b/wh/t");
}

TEST(ServiceInternalTest, DefaultLocations) {
  EXPECT_EQ(DefaultDatabaseLocation("file:/wh", "sales"), "file:/wh/sales.db");
  model::Database db{.name = "sales", .location = "s3://b/sales"};
  EXPECT_EQ(DefaultTableLocation(db, "orders"), "s3://b/sales/orders");
  db.managed_location = "s3://b/managed/sales";
  EXPECT_EQ(DefaultTableLocation(db, "orders"), "s3://b/managed/sales/orders");
}

TEST(ServiceInternalTest, PartitionDisplayName) {
  EXPECT_EQ(PartitionDisplayName("db", "t", "year=2024/month=01"), "db.t/year=2024/month=01");
}

// An in-memory name source standing in for a store listing.
NameFetcher FetchFrom(const std::vector<std::string>& names, int* calls) {
  return [&names, calls](const storage::PageRequest& request)
             -> absl::StatusOr<std::vector<std::string>> {
    ++*calls;
    std::vector<std::string> out;
    for (const std::string& n : names) {
      if (n <= request.after) continue;
      if (request.limit > 0 && static_cast<int64_t>(out.size()) == request.limit) break;
      out.push_back(n);
    }
    return out;
  };
}

TEST(ServiceInternalTest, PageOfMatchingNamesPagesExactly) {
  std::vector<std::string> names;
  for (int i = 0; i < 25; ++i) names.push_back(absl::StrFormat("t%02d", i));
  int calls = 0;
  const uint64_t fp = ListingFingerprint({"test"});
  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    absl::StatusOr<model::Page<std::string>> page =
        PageOfMatchingNames(FetchFrom(names, &calls), NamePattern(""), nullptr, fp, token, 10);
    ASSERT_TRUE(page.ok()) << page.status();
    seen.insert(seen.end(), page->items.begin(), page->items.end());
    token = page->next_page_token;
    ++pages;
  } while (!token.empty());
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, names);
}

TEST(ServiceInternalTest, PageOfMatchingNamesNoTokenWhenExactlyFull) {
  std::vector<std::string> names = {"a", "b", "c"};
  int calls = 0;
  absl::StatusOr<model::Page<std::string>> page = PageOfMatchingNames(
      FetchFrom(names, &calls), NamePattern(""), nullptr, ListingFingerprint({"x"}), "", 3);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.size(), 3u);
  EXPECT_EQ(page->next_page_token, "");
}

TEST(ServiceInternalTest, PageOfMatchingNamesFiltersAcrossChunks) {
  // 3000 names, only every 100th matches: the matches span several chunks.
  std::vector<std::string> names;
  for (int i = 0; i < 3000; ++i) {
    names.push_back(absl::StrFormat("%s%04d", i % 100 == 0 ? "hit" : "miss", i));
  }
  std::sort(names.begin(), names.end());
  int calls = 0;
  const uint64_t fp = ListingFingerprint({"y"});
  absl::StatusOr<model::Page<std::string>> page =
      PageOfMatchingNames(FetchFrom(names, &calls), NamePattern("hit*"), nullptr, fp, "", 20);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.size(), 20u);
  ASSERT_NE(page->next_page_token, "");
  page = PageOfMatchingNames(FetchFrom(names, &calls), NamePattern("hit*"), nullptr, fp,
                             page->next_page_token, 20);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.size(), 10u);
  EXPECT_EQ(page->items.front(), "hit2000");
  EXPECT_EQ(page->next_page_token, "");
}

TEST(ServiceInternalTest, PageOfMatchingNamesRejectsForeignToken) {
  std::vector<std::string> names = {"a", "b", "c"};
  int calls = 0;
  const std::string token = EncodePageToken(ListingFingerprint({"other"}), "a");
  absl::StatusOr<model::Page<std::string>> page = PageOfMatchingNames(
      FetchFrom(names, &calls), NamePattern(""), nullptr, ListingFingerprint({"x"}), token, 3);
  EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(page.status().message(), "invalid page token");
}

// A listing filter (the gate's per-item question) hides items without
// shortening pages or breaking tokens.
TEST(ServiceInternalTest, PageOfMatchingNamesSkipsHiddenItems) {
  std::vector<std::string> names;
  for (int i = 0; i < 30; ++i) names.push_back(absl::StrFormat("t%02d", i));
  int calls = 0;
  const uint64_t fp = ListingFingerprint({"hidden"});
  const ItemFilter odd_hidden = [](std::string_view name) { return (name.back() - '0') % 2 == 0; };
  std::vector<std::string> seen;
  std::string token;
  do {
    absl::StatusOr<model::Page<std::string>> page =
        PageOfMatchingNames(FetchFrom(names, &calls), NamePattern(""), odd_hidden, fp, token, 4);
    ASSERT_TRUE(page.ok()) << page.status();
    seen.insert(seen.end(), page->items.begin(), page->items.end());
    token = page->next_page_token;
  } while (!token.empty());
  ASSERT_EQ(seen.size(), 15u);
  for (const std::string& name : seen) EXPECT_EQ((name.back() - '0') % 2, 0) << name;
}

}  // namespace
}  // namespace almanac::service::internal
