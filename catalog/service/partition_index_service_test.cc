#include <algorithm>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "catalog/service/catalog_service.h"
#include "catalog/service/service_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/partitions.h"

namespace almanac::service {
namespace {

class PartitionIndexesTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    CreateDatabase("db");
    CreateTable(MakeTable("db", "t",
                          {{"region", "string", ""},
                           {"year", "int", ""},
                           {"day", "date", ""},
                           {"flag", "boolean", ""},
                           {"ts", "timestamp", ""}}));
  }

  absl::Status Create(const std::string& name, std::vector<std::string> keys) {
    return service_->partition_indexes().CreatePartitionIndex(ctx_, "db", "t",
                                          model::PartitionIndex{.name = name, .keys = keys});
  }
};

TEST_F(PartitionIndexesTest, CreateListDrop) {
  ASSERT_TRUE(Create("by_year", {"YEAR"}).ok());
  ASSERT_TRUE(Create("by_region_day", {"region", "day"}).ok());
  absl::StatusOr<std::vector<model::PartitionIndex>> indexes =
      service_->partition_indexes().ListPartitionIndexes(ctx_, "DB", "T");
  ASSERT_TRUE(indexes.ok()) << indexes.status();
  ASSERT_EQ(indexes->size(), 2u);
  std::vector<std::string> names = {(*indexes)[0].name, (*indexes)[1].name};
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"by_region_day", "by_year"}));
  for (const model::PartitionIndex& index : *indexes) {
    if (index.name == "by_year") {
      EXPECT_EQ(index.keys, (std::vector<std::string>{"year"}));
    }
  }

  ASSERT_TRUE(service_->partition_indexes().DropPartitionIndex(ctx_, "db", "t", "by_year").ok());
  indexes = service_->partition_indexes().ListPartitionIndexes(ctx_, "db", "t");
  ASSERT_TRUE(indexes.ok());
  EXPECT_EQ(indexes->size(), 1u);
  EXPECT_EQ(service_->partition_indexes().DropPartitionIndex(ctx_, "db", "t", "by_year").code(),
            absl::StatusCode::kNotFound);
}

TEST_F(PartitionIndexesTest, AtMostThree) {
  ASSERT_TRUE(Create("a", {"region"}).ok());
  ASSERT_TRUE(Create("b", {"year"}).ok());
  ASSERT_TRUE(Create("c", {"day"}).ok());
  absl::Status s = Create("d", {"region", "year"});
  EXPECT_EQ(s.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(s.message(), "table 'db.t' already has 3 partition indexes");
}

TEST_F(PartitionIndexesTest, KeyRules) {
  absl::Status s = Create("x", {"id"});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "'id' is not a partition key of table 'db.t' (keys: region, year, day, flag, ts)");
  s = Create("x", {"flag"});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "partition key 'flag' of type 'boolean' cannot be indexed; only string, numeric and "
            "date keys can");
  EXPECT_EQ(Create("x", {"ts"}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Create("x", {}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Create("x", {"region", "year", "day", "region"}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Create("x", {"year", "YEAR"}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Create("bad name", {"year"}).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Create("", {"year"}).code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(PartitionIndexesTest, DuplicateNameAndMissingTable) {
  ASSERT_TRUE(Create("a", {"region"}).ok());
  absl::Status s = Create("a", {"year"});
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(s.message(), "partition index 'a' of table 'db.t' already exists");
  s = service_->partition_indexes().CreatePartitionIndex(ctx_, "db", "nope",
                                     model::PartitionIndex{.name = "a", .keys = {"x"}});
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
}

TEST_F(PartitionIndexesTest, ListingUsesAnIndexForItsFirstKey) {
  std::vector<model::Partition> parts;
  for (int y = 2000; y < 2040; ++y) {
    for (const char* region : {"eu", "us"}) {
      parts.push_back(MakePartition({region, std::to_string(y), "2024-01-01", "true",
                                     "2024-01-01 00:00:00"}));
    }
  }
  ASSERT_TRUE(service_->partitions().AddPartitions(ctx_, "db", "t", parts, false).ok());
  ASSERT_TRUE(Create("by_year", {"year"}).ok());

  PartitionListRequest request{.filter = "year BETWEEN 2010 AND 2012", .explain = true};
  absl::StatusOr<PartitionListResult> page = service_->partitions().ListPartitions(ctx_, "db", "t", request);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->partitions.size(), 6u);
  ASSERT_TRUE(page->explain.has_value());
  EXPECT_EQ(page->explain->index_used, "by_year");
  EXPECT_EQ(page->explain->rows_returned, 6);
  // The index narrows the scan to the matching years.
  EXPECT_LE(page->explain->rows_examined, 6);

  // by_year's key is not constrained, the table's first key is: the
  // built-in index on the leading keys (region, year) seeks.
  request.filter = "region = 'eu'";
  page = service_->partitions().ListPartitions(ctx_, "db", "t", request);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->partitions.size(), 40u);
  EXPECT_EQ(page->explain->index_used, storage::kLeadingKeysIndex);
  EXPECT_EQ(page->explain->rows_examined, 40);
  EXPECT_THAT(page->explain->plan, ::testing::HasSubstr("built-in index on the leading keys"));

  // A user index Glue's rule can use is used, as before the built-in one
  // existed.
  request.filter = "region = 'eu' AND year = 2011";
  page = service_->partitions().ListPartitions(ctx_, "db", "t", request);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->partitions.size(), 1u);
  EXPECT_EQ(page->explain->index_used, "by_year");

  // Neither the first key nor an index's key: name order, every row read.
  request.filter = "flag = true";
  page = service_->partitions().ListPartitions(ctx_, "db", "t", request);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->partitions.size(), 80u);
  EXPECT_EQ(page->explain->index_used, "");
  EXPECT_EQ(page->explain->rows_examined, 80);
}

}  // namespace
}  // namespace almanac::service
