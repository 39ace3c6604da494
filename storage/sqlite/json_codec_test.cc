#include "storage/sqlite/json_codec.h"

#include "gtest/gtest.h"

#include "catalog/model/testing/sample_objects.h"

namespace almanac::storage::sqlite {
namespace {

TEST(JsonCodecTest, DatabaseRoundTrips) {
  const model::Database db = model::testing::FullDatabase();
  auto back = DatabaseFromJson(DatabaseToJson(db), "sales");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, db);
}

TEST(JsonCodecTest, TableRoundTrips) {
  model::Table t;
  t.database = "db";
  t.name = "t";
  t.owner = "o";
  t.owner_type = model::PrincipalType::kGroup;
  t.create_time = 1;
  t.update_time = 2;
  t.last_access_time = 3;
  t.retention = 4;
  t.sd = model::testing::FullStorageDescriptor();
  t.partition_keys = {{"ds", "date", "day"}};
  t.parameters = {{"EXTERNAL", "TRUE"}};
  t.view_original_text = "select *";
  t.view_expanded_text = "select `a`";
  t.table_type = model::TableType::kVirtualView;
  t.temporary = true;
  t.rewrite_enabled = true;
  auto back = TableFromJson(TableToJson(t), "db", "t");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, t);
}

TEST(JsonCodecTest, StorageDescriptorIsCanonical) {
  const std::string a = StorageDescriptorToJson(model::testing::FullStorageDescriptor());
  EXPECT_EQ(a, StorageDescriptorToJson(model::testing::FullStorageDescriptor()));
  auto back = StorageDescriptorFromJson(a, "sd 1");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, model::testing::FullStorageDescriptor());
  model::StorageDescriptor other = model::testing::FullStorageDescriptor();
  other.num_buckets = 5;
  EXPECT_NE(StorageDescriptorToJson(other), a);
}

TEST(JsonCodecTest, ParametersEmptyIsEmptyText) {
  EXPECT_EQ(ParametersToJson({}), "");
  EXPECT_TRUE(ParametersFromJson("", "x")->empty());
  model::Parameters p = {{"a", "1"}, {"b", "\xff"}};  // invalid UTF-8 does not throw
  auto back = ParametersFromJson(ParametersToJson(p), "x");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->at("a"), "1");
}

TEST(JsonCodecTest, CorruptBodiesAreDataLoss) {
  EXPECT_EQ(DatabaseFromJson("{", "d").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(DatabaseFromJson("{}", "d").status().message(), "stored database 'd' is corrupt");
  EXPECT_EQ(TableFromJson("[1]", "db", "t").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(StorageDescriptorFromJson("{\"columns\": 3}", "storage descriptor 9")
                .status()
                .message(),
            "stored storage descriptor 9 is corrupt");
  EXPECT_EQ(ParametersFromJson("[1]", "x").status().code(), absl::StatusCode::kDataLoss);
}

TEST(JsonCodecTest, StableHashIsFnv1a) {
  EXPECT_EQ(StableHash(""), 14695981039346656037ull);
  EXPECT_EQ(StableHash("a"), 0xaf63dc4c8601ec8cull);
}

}  // namespace
}  // namespace almanac::storage::sqlite
