#include <algorithm>
#include <set>
#include <utility>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "catalog/service/catalog_service.h"
#include "catalog/service/service_test_util.h"
#include "gtest/gtest.h"

namespace almanac::service {
namespace {

// db.t partitioned by (year int, day string): years 1000..1099 x days 01..25,
// 2,500 partitions.
class PartitionListingTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    CreateDatabase("db");
    CreateTable(MakeTable("db", "t", {{"year", "int", ""}, {"day", "string", ""}}));
    std::vector<model::Partition> parts;
    for (int year = 1000; year < 1100; ++year) {
      for (int day = 1; day <= 25; ++day) {
        parts.push_back(MakePartition({std::to_string(year), absl::StrFormat("%02d", day)}));
      }
    }
    absl::StatusOr<std::vector<model::Partition>> added =
        service_->partitions().AddPartitions(ctx_, "db", "t", std::move(parts), false);
    ASSERT_TRUE(added.ok()) << added.status();
  }

  // Follows next-page tokens to the end; returns partition names in order.
  std::vector<std::string> ListAll(PartitionListRequest request, int* pages = nullptr) {
    std::vector<std::string> names;
    int n = 0;
    do {
      absl::StatusOr<PartitionListResult> page = service_->partitions().ListPartitions(ctx_, "db", "t", request);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      for (const model::Partition& p : page->partitions) {
        names.push_back(absl::StrFormat("year=%s/day=%s", p.values[0], p.values[1]));
      }
      request.page_token = page->next_page_token;
      ++n;
    } while (!request.page_token.empty() && n < 10000);
    if (pages != nullptr) *pages = n;
    return names;
  }
};

TEST_F(PartitionListingTest, PagesThrough2500WithPageSize1000) {
  PartitionListRequest request{.page_size = 1000};
  absl::StatusOr<PartitionListResult> first = service_->partitions().ListPartitions(ctx_, "db", "t", request);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->partitions.size(), 1000u);
  EXPECT_NE(first->next_page_token, "");

  int pages = 0;
  std::vector<std::string> names = ListAll(request, &pages);
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(names.size(), 2500u);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), 2500u);
  EXPECT_EQ(names.front(), "year=1000/day=01");
  EXPECT_EQ(names.back(), "year=1099/day=25");
}

TEST_F(PartitionListingTest, PageSizeIsClamped) {
  for (int64_t size : {int64_t{0}, int64_t{5000}}) {
    absl::StatusOr<PartitionListResult> page =
        service_->partitions().ListPartitions(ctx_, "db", "t", PartitionListRequest{.page_size = size});
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_EQ(page->partitions.size(), 1000u) << size;
  }
}

TEST_F(PartitionListingTest, FilterGlue) {
  PartitionListRequest request{.filter = "year >= 1090 AND day IN ('07', '08')",
                               .dialect = FilterDialect::kGlue,
                               .page_size = 7,
                               .explain = true};
  absl::StatusOr<PartitionListResult> page = service_->partitions().ListPartitions(ctx_, "db", "t", request);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->partitions.size(), 7u);
  ASSERT_TRUE(page->explain.has_value());
  EXPECT_EQ(page->explain->rows_returned, 7);
  EXPECT_GE(page->explain->rows_examined, 7);
  EXPECT_NE(page->explain->plan, "");

  std::vector<std::string> names = ListAll(request);
  ASSERT_EQ(names.size(), 20u);
  EXPECT_EQ(names.front(), "year=1090/day=07");
  EXPECT_EQ(names.back(), "year=1099/day=08");
  absl::StatusOr<int64_t> count =
      service_->partitions().CountPartitions(ctx_, "db", "t", request.filter, FilterDialect::kGlue);
  ASSERT_TRUE(count.ok()) << count.status();
  EXPECT_EQ(*count, 20);
}

TEST_F(PartitionListingTest, FilterHiveComparesByDeclaredType) {
  // year is an int key: 999 < year < 1002 compares numerically.
  PartitionListRequest request{.filter = "year > 999 and year < 1002 and day like '2.*'",
                               .dialect = FilterDialect::kHive};
  std::vector<std::string> names = ListAll(request);
  // days 20..25 of years 1000 and 1001
  EXPECT_EQ(names.size(), 12u);
}

TEST_F(PartitionListingTest, RejectedCandidatesStillMakeProgress) {
  // A pattern without a literal prefix cannot be pushed: storage returns all
  // 2,500 candidates and the catalog rejects most. With a small examination
  // budget, pages come back short (even empty) but each moves forward.
  CatalogOptions options = Options();
  options.max_rows_examined_per_page = 100;
  CatalogService small(store_.get(), options);
  PartitionListRequest request{.filter = "day LIKE '%5' AND year < 1010",
                               .dialect = FilterDialect::kGlue};
  std::vector<std::string> names;
  int pages = 0;
  do {
    absl::StatusOr<PartitionListResult> page = small.partitions().ListPartitions(ctx_, "db", "t", request);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const model::Partition& p : page->partitions) names.push_back(p.values[0] + p.values[1]);
    request.page_token = page->next_page_token;
    ++pages;
  } while (!request.page_token.empty() && pages < 1000);
  EXPECT_GT(pages, 1);
  // days 05, 15, 25 of years 1000..1009
  ASSERT_EQ(names.size(), 30u);
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), 30u);
}

TEST_F(PartitionListingTest, FullFilteredPageWithoutFurtherMatchesHasNoToken) {
  // The LIKE branch cannot be pushed down, so storage hands over all 2,500
  // candidates; only the first 25 match and fill the page exactly.
  PartitionListRequest request{.filter = "year = 1000 OR day LIKE '%zz'",
                               .dialect = FilterDialect::kGlue,
                               .page_size = 25,
                               .explain = true};
  absl::StatusOr<PartitionListResult> page = service_->partitions().ListPartitions(ctx_, "db", "t", request);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->partitions.size(), 25u);
  EXPECT_EQ(page->next_page_token, "");
  EXPECT_EQ(page->explain->rows_returned, 25);
  EXPECT_EQ(page->explain->rows_examined, 2500);
}

TEST_F(PartitionListingTest, BadFilter) {
  absl::Status s =
      service_->partitions().ListPartitions(ctx_, "db", "t", PartitionListRequest{.filter = "yeer = 1"})
          .status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  s = service_->partitions().ListPartitions(ctx_, "db", "t", PartitionListRequest{.filter = "year = 'abc'"})
          .status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  s = service_->partitions().ListPartitions(ctx_, "db", "t", PartitionListRequest{.filter = "year = ("})
          .status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  s = service_->partitions().CountPartitions(ctx_, "db", "t", "year >", FilterDialect::kHive).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(PartitionListingTest, PageTokenMisuse) {
  PartitionListRequest request{.filter = "year < 1050", .page_size = 10};
  absl::StatusOr<PartitionListResult> page = service_->partitions().ListPartitions(ctx_, "db", "t", request);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_NE(page->next_page_token, "");

  // Same token, different filter.
  PartitionListRequest other = request;
  other.filter = "year < 1060";
  other.page_token = page->next_page_token;
  absl::Status s = service_->partitions().ListPartitions(ctx_, "db", "t", other).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "invalid page token");

  // Same token, different table.
  CreateTable(MakeTable("db", "t2", {{"year", "int", ""}, {"day", "string", ""}}));
  request.page_token = page->next_page_token;
  s = service_->partitions().ListPartitions(ctx_, "db", "t2", request).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);

  // Same token, another segment.
  PartitionListRequest segmented = request;
  segmented.total_segments = 2;
  s = service_->partitions().ListPartitions(ctx_, "db", "t", segmented).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);

  // A partition listing's token is not a names listing's.
  s = service_->partitions().ListPartitionNames(ctx_, "db", "t", request).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);

  request.page_token = "bm90IGEgdG9rZW4";
  s = service_->partitions().ListPartitions(ctx_, "db", "t", request).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "invalid page token");
}

TEST_F(PartitionListingTest, Segments) {
  std::set<std::string> all;
  size_t total = 0;
  for (int segment = 0; segment < 3; ++segment) {
    std::vector<std::string> names =
        ListAll(PartitionListRequest{.segment_number = segment, .total_segments = 3});
    EXPECT_GT(names.size(), 0u);
    total += names.size();
    all.insert(names.begin(), names.end());
  }
  EXPECT_EQ(total, 2500u);  // disjoint
  EXPECT_EQ(all.size(), 2500u);  // covering

  for (auto [segment, of] :
       {std::pair{3, 3}, std::pair{-1, 2}, std::pair{0, 11}, std::pair{0, 0}}) {
    absl::Status s = service_
                         ->partitions().ListPartitions(ctx_, "db", "t",
                                          PartitionListRequest{.segment_number = segment,
                                                               .total_segments = of})
                         .status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << segment << "/" << of;
  }
}

TEST_F(PartitionListingTest, PartitionNames) {
  std::vector<std::string> names;
  PartitionListRequest request{.page_size = 1000};
  int pages = 0;
  do {
    absl::StatusOr<Page<std::string>> page =
        service_->partitions().ListPartitionNames(ctx_, "db", "t", request);
    ASSERT_TRUE(page.ok()) << page.status();
    names.insert(names.end(), page->items.begin(), page->items.end());
    request.page_token = page->next_page_token;
    ++pages;
  } while (!request.page_token.empty());
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(names.size(), 2500u);
  EXPECT_EQ(names[0], "year=1000/day=01");

  absl::StatusOr<Page<std::string>> filtered = service_->partitions().ListPartitionNames(
      ctx_, "db", "t", PartitionListRequest{.filter = "year = 1042 and day < '03'"});
  ASSERT_TRUE(filtered.ok()) << filtered.status();
  EXPECT_EQ(filtered->items,
            (std::vector<std::string>{"year=1042/day=01", "year=1042/day=02"}));
}

TEST_F(PartitionListingTest, CountPartitions) {
  absl::StatusOr<int64_t> n = service_->partitions().CountPartitions(ctx_, "db", "t", "", FilterDialect::kGlue);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 2500);
  n = service_->partitions().CountPartitions(ctx_, "db", "t", "year BETWEEN 1010 AND 1019",
                                FilterDialect::kGlue);
  ASSERT_TRUE(n.ok()) << n.status();
  EXPECT_EQ(*n, 250);
  EXPECT_EQ(service_->partitions().CountPartitions(ctx_, "db", "nope", "", FilterDialect::kGlue).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(PartitionListingTest, ScanPartitionsStreams) {
  int64_t seen = 0;
  std::string last;
  bool ordered = true;
  absl::Status s = service_->partitions().ScanPartitions(ctx_, "db", "t", PartitionScanRequest{},
                                            [&](model::Partition&& p) {
                                              std::string name = p.values[0] + "/" + p.values[1];
                                              if (name <= last) ordered = false;
                                              last = name;
                                              ++seen;
                                              return true;
                                            });
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(seen, 2500);
  EXPECT_TRUE(ordered);

  seen = 0;
  s = service_->partitions().ScanPartitions(ctx_, "db", "t",
                               PartitionScanRequest{.filter = "day = '25'", .max_partitions = 10},
                               [&](model::Partition&& p) {
                                 EXPECT_EQ(p.values[1], "25");
                                 ++seen;
                                 return true;
                               });
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(seen, 10);

  seen = 0;
  s = service_->partitions().ScanPartitions(ctx_, "db", "t", PartitionScanRequest{},
                               [&](model::Partition&&) { return ++seen < 5; });
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(seen, 5);

  s = service_->partitions().ScanPartitions(ctx_, "db", "t", PartitionScanRequest{.filter = "nokey = 1"},
                               [&](model::Partition&&) { return true; });
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(PartitionListingTest, MissingTableAndUnpartitionedTable) {
  EXPECT_EQ(service_->partitions().ListPartitions(ctx_, "db", "nope", {}).status().code(),
            absl::StatusCode::kNotFound);
  CreateTable(MakeTable("db", "flat"));
  absl::StatusOr<PartitionListResult> page = service_->partitions().ListPartitions(ctx_, "db", "flat", {});
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->partitions.empty());
  EXPECT_EQ(page->next_page_token, "");
}

// Listings a partition index answers come in the index's order, page by page.
TEST_F(PartitionListingTest, IndexListingPagesInIndexOrder) {
  ASSERT_TRUE(service_->partition_indexes().CreatePartitionIndex(ctx_, "db", "t", {.name = "by_day", .keys = {"day"}})
                  .ok());
  PartitionListRequest request{.filter = "day >= '20'", .page_size = 7, .explain = true};
  absl::StatusOr<PartitionListResult> first = service_->partitions().ListPartitions(ctx_, "db", "t", request);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->explain->index_used, "by_day");
  EXPECT_NE(first->explain->plan.find("index order"), std::string::npos) << first->explain->plan;
  // A seek on the index reads a page plus the one row that shows more exist.
  EXPECT_LE(first->explain->rows_examined, 8);

  int pages = 0;
  std::vector<std::string> names = ListAll(request, &pages);
  EXPECT_EQ(pages, 600 / 7 + 1);
  ASSERT_EQ(names.size(), 600u);
  // (day, then insertion order, which is year order here)
  std::vector<std::string> expected;
  for (int day = 20; day <= 25; ++day) {
    for (int year = 1000; year < 1100; ++year) {
      expected.push_back(absl::StrFormat("year=%d/day=%02d", year, day));
    }
  }
  EXPECT_EQ(names, expected);

  // Names page the same way and explain the same way.
  PartitionListRequest names_request = request;
  std::vector<std::string> listed;
  do {
    absl::StatusOr<PartitionNamePage> page =
        service_->partitions().ListPartitionNames(ctx_, "db", "t", names_request);
    ASSERT_TRUE(page.ok()) << page.status();
    ASSERT_TRUE(page->explain.has_value());
    EXPECT_EQ(page->explain->index_used, "by_day");
    EXPECT_EQ(page->explain->rows_returned, static_cast<int64_t>(page->items.size()));
    EXPECT_LE(page->explain->rows_examined, 8);
    listed.insert(listed.end(), page->items.begin(), page->items.end());
    names_request.page_token = page->next_page_token;
  } while (!names_request.page_token.empty());
  EXPECT_EQ(listed, expected);
  names_request.explain = false;
  EXPECT_FALSE(service_->partitions().ListPartitionNames(ctx_, "db", "t", names_request)->explain.has_value());
}

TEST_F(PartitionListingTest, TokenKeepsTheAccessPathItStartedOn) {
  PartitionListRequest request{.filter = "day >= '20'", .page_size = 50, .explain = true};
  // Started in name order (no index yet) ...
  absl::StatusOr<PartitionListResult> page = service_->partitions().ListPartitions(ctx_, "db", "t", request);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->explain->index_used, "");
  std::vector<std::string> names;
  for (const model::Partition& p : page->partitions) names.push_back(p.values[0] + p.values[1]);
  // ... an index appears: the listing goes on in name order.
  ASSERT_TRUE(service_->partition_indexes().CreatePartitionIndex(ctx_, "db", "t", {.name = "by_day", .keys = {"day"}})
                  .ok());
  request.page_token = page->next_page_token;
  while (!request.page_token.empty()) {
    page = service_->partitions().ListPartitions(ctx_, "db", "t", request);
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_EQ(page->explain->index_used, "");
    for (const model::Partition& p : page->partitions) names.push_back(p.values[0] + p.values[1]);
    request.page_token = page->next_page_token;
  }
  ASSERT_EQ(names.size(), 600u);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));

  // An index-order token fails once its index is gone.
  request.page_token.clear();
  page = service_->partitions().ListPartitions(ctx_, "db", "t", request);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->explain->index_used, "by_day");
  ASSERT_TRUE(service_->partition_indexes().DropPartitionIndex(ctx_, "db", "t", "by_day").ok());
  request.page_token = page->next_page_token;
  absl::Status s = service_->partitions().ListPartitions(ctx_, "db", "t", request).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(),
            "partition index 'by_day' of the page token no longer exists on table 'db.t'; "
            "restart the listing");
  // An index of the same name but other keys takes the token's key count
  // only if it matches; here it does not.
  ASSERT_TRUE(service_->partition_indexes().CreatePartitionIndex(ctx_, "db", "t",
                                             {.name = "by_day", .keys = {"day", "year"}})
                  .ok());
  s = service_->partitions().ListPartitions(ctx_, "db", "t", request).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(PartitionListingTest, RowBudgetCountsRowsStorageRejects) {
  // year = 1042 OR year = 1077 pushes down as an OR, which no index seeks:
  // storage reads all 2,500 rows in name order and rejects all but 50. With
  // a budget of 300 rows, every call reads at most 300 and most pages are
  // empty, yet the names and the token loop deliver every match.
  CatalogOptions options = Options();
  options.max_rows_examined_per_page = 300;
  CatalogService small(store_.get(), options);
  PartitionListRequest request{.filter = "year = 1042 OR year = 1077", .explain = true};
  std::vector<std::string> names;
  int pages = 0, empty = 0;
  do {
    absl::StatusOr<PartitionNamePage> page = small.partitions().ListPartitionNames(ctx_, "db", "t", request);
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_LE(page->explain->rows_examined, 300);
    if (page->items.empty() && !page->next_page_token.empty()) ++empty;
    names.insert(names.end(), page->items.begin(), page->items.end());
    request.page_token = page->next_page_token;
    ++pages;
  } while (!request.page_token.empty() && pages < 100);
  EXPECT_EQ(pages, 9);  // 2,500 rows / 300
  EXPECT_GE(empty, 6);
  ASSERT_EQ(names.size(), 50u);
  EXPECT_EQ(names.front(), "year=1042/day=01");
  EXPECT_EQ(names.back(), "year=1077/day=25");
}

// Hive's streamed listings keep name order through an index, and a limit
// keeps the first names.
TEST_F(PartitionListingTest, StreamedListingStaysInNameOrderThroughAnIndex) {
  ASSERT_TRUE(service_->partition_indexes().CreatePartitionIndex(ctx_, "db", "t", {.name = "by_day", .keys = {"day"}})
                  .ok());
  std::vector<std::string> names;
  absl::Status s = service_->partitions().ScanPartitions(
      ctx_, "db", "t",
      PartitionScanRequest{.filter = "day >= '24'", .dialect = FilterDialect::kHive,
                           .max_partitions = 5},
      [&](model::Partition&& p) {
        names.push_back(absl::StrFormat("year=%s/day=%s", p.values[0], p.values[1]));
        return true;
      });
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(names, (std::vector<std::string>{"year=1000/day=24", "year=1000/day=25",
                                             "year=1001/day=24", "year=1001/day=25",
                                             "year=1002/day=24"}));
}

}  // namespace
}  // namespace almanac::service
