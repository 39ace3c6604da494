#include "proto/convert.h"

#include <gtest/gtest.h>

#include <limits>

#include "catalog/model/testing/sample_objects.h"

namespace almanac::proto {
namespace {

TEST(ConvertTest, DatabaseRoundTrip) {
  const model::Database db = model::testing::FullDatabase();
  v1::Database wire = ToProto(db);
  EXPECT_EQ(wire.owner_type(), v1::PRINCIPAL_TYPE_ROLE);
  absl::StatusOr<model::Database> back = FromProto(wire);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, db);
}

TEST(ConvertTest, TableRoundTripEveryField) {
  model::Table table;
  table.database = "sales";
  table.name = "orders";
  table.owner = "alice";
  table.owner_type = model::PrincipalType::kGroup;
  table.create_time = 1;
  table.update_time = 2;
  table.last_access_time = 3;
  table.retention = 7;
  table.sd = model::testing::FullStorageDescriptor();
  table.partition_keys = {{.name = "year", .type = "int", .comment = "y"},
                          {.name = "day", .type = "date", .comment = ""}};
  table.parameters = {{"metadata_location", "s3://b/m.json"}};
  table.view_original_text = "select 1";
  table.view_expanded_text = "select 1 as `_c0`";
  table.table_type = model::TableType::kMaterializedView;
  table.temporary = true;
  table.rewrite_enabled = true;

  v1::Table wire = ToProto(table);
  EXPECT_EQ(wire.table_type(), v1::TABLE_TYPE_MATERIALIZED_VIEW);
  absl::StatusOr<model::Table> back = FromProto(wire);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, table);
}

TEST(ConvertTest, EveryTableTypeRoundTrips) {
  for (model::TableType type :
       {model::TableType::kManaged, model::TableType::kExternal, model::TableType::kVirtualView,
        model::TableType::kMaterializedView}) {
    model::Table table{.database = "d", .name = "t", .table_type = type};
    absl::StatusOr<model::Table> back = FromProto(ToProto(table));
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(back->table_type, type);
  }
}

TEST(ConvertTest, UnspecifiedEnumsAndMissingDescriptorReadAsModelDefaults) {
  v1::Table wire;
  wire.set_database("d");
  wire.set_name("t");
  absl::StatusOr<model::Table> table = FromProto(wire);
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(table->table_type, model::TableType::kManaged);
  EXPECT_EQ(table->owner_type, model::PrincipalType::kUser);
  EXPECT_EQ(table->sd.num_buckets, -1);
}

TEST(ConvertTest, UnknownEnumNumberIsInvalidArgumentNamingTheObject) {
  v1::Table wire;
  wire.set_database("sales");
  wire.set_name("orders");
  wire.set_table_type(static_cast<v1::TableType>(42));
  absl::StatusOr<model::Table> table = FromProto(wire);
  EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(table.status().message(), "invalid table type 42 for table 'sales.orders'");

  v1::Database db;
  db.set_name("sales");
  db.set_owner_type(static_cast<v1::PrincipalType>(9));
  EXPECT_EQ(FromProto(db).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ConvertTest, PartitionRoundTrip) {
  model::Partition partition{.database = "sales",
                             .table = "orders",
                             .values = {"2024", model::kDefaultPartitionName},
                             .create_time = 10,
                             .last_access_time = 11,
                             .sd = model::testing::FullStorageDescriptor(),
                             .parameters = {{"numRows", "12"}}};
  EXPECT_EQ(FromProto(ToProto(partition)), partition);
}

TEST(ConvertTest, PartitionIndexAndExplain) {
  model::PartitionIndex index{.name = "by_year", .keys = {"year", "month"}, .state = "ACTIVE"};
  model::PartitionIndex back = FromProto(ToProto(index));
  EXPECT_EQ(back.name, index.name);
  EXPECT_EQ(back.keys, index.keys);
  EXPECT_EQ(back.state, index.state);

  v1::Explain explain = ToProto(model::PartitionListExplain{
      .index_used = "by_year", .plan = "index range", .rows_examined = 5, .rows_returned = 3});
  EXPECT_EQ(explain.index_used(), "by_year");
  EXPECT_EQ(explain.plan(), "index range");
  EXPECT_EQ(explain.rows_examined(), 5);
  EXPECT_EQ(explain.rows_returned(), 3);
}

TEST(ConvertTest, ListPartitionsRequest) {
  v1::ListPartitionsRequest wire;
  wire.set_filter("year > 2020");
  wire.set_dialect(v1::FILTER_DIALECT_HIVE);
  wire.set_page_size(50);
  wire.set_page_token("tok");
  wire.mutable_segment()->set_segment_number(2);
  wire.mutable_segment()->set_total_segments(4);
  wire.set_explain(true);
  absl::StatusOr<model::PartitionListRequest> request = FromProto(wire);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->filter, "year > 2020");
  EXPECT_EQ(request->dialect, model::FilterDialect::kHive);
  EXPECT_EQ(request->page_size, 50);
  EXPECT_EQ(request->page_token, "tok");
  EXPECT_EQ(request->segment_number, 2);
  EXPECT_EQ(request->total_segments, 4);
  EXPECT_TRUE(request->explain);

  // No segment and no dialect: the whole table, Glue's language.
  absl::StatusOr<model::PartitionListRequest> plain = FromProto(v1::ListPartitionsRequest());
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->total_segments, 1);
  EXPECT_EQ(plain->dialect, model::FilterDialect::kGlue);

  wire.set_dialect(static_cast<v1::FilterDialect>(7));
  EXPECT_EQ(FromProto(wire).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace almanac::proto
