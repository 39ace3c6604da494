#include "thrift/statistics_convert.h"

#include "gtest/gtest.h"

namespace almanac::hms {
namespace {

TEST(StatisticsConvertTest, EveryFamilyRoundTrips) {
  model::DecimalColumnStats dec;
  dec.low = model::StatsDecimal{std::string("\xff\x01", 2), 3};
  dec.num_dvs = 4;
  model::DateColumnStats date;
  date.high = 19000;
  model::TimestampColumnStats ts;
  ts.low = 1;
  model::LongColumnStats lng;
  lng.low = -1;
  lng.high = 1;
  lng.bit_vectors = std::string("\0\1", 2);
  model::DoubleColumnStats dbl;
  dbl.high = 2.5;
  std::vector<model::ColumnStatisticsObj> objs = {
      {"a", "boolean", model::BooleanColumnStats{.num_trues = 1, .num_falses = 2}},
      {"b", "bigint", lng},
      {"c", "double", dbl},
      {"d", "string", model::StringColumnStats{.max_col_len = 3, .avg_col_len = 1.5}},
      {"e", "binary", model::BinaryColumnStats{.max_col_len = 3}},
      {"f", "decimal(10,3)", dec},
      {"g", "date", date},
      {"h", "timestamp", ts},
  };
  for (const auto& obj : objs) {
    auto back = FromThrift(ToThrift(obj));
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(*back, obj) << obj.column_name;
  }
}

TEST(StatisticsConvertTest, EmptyUnionIsInvalid) {
  ColumnStatisticsObj obj;
  obj.__set_colName("x");
  EXPECT_EQ(FromThrift(obj).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(StatisticsConvertTest, DescriptorAndEngine) {
  ColumnStatistics cs;
  cs.statsDesc.__set_isTblLevel(false);
  cs.statsDesc.__set_dbName("@hive#Sales");
  cs.statsDesc.__set_tableName("t");
  cs.statsDesc.__set_partName("ds=1");
  auto stats = FromThrift(cs, "impala");
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->desc.database, "Sales");
  EXPECT_EQ(stats->desc.partition_name, "ds=1");
  // The struct's default engine ("hive") is not "set" until a client sets it.
  EXPECT_EQ(stats->engine, "impala");
  cs.statsDesc.__set_catName("spark");
  EXPECT_EQ(FromThrift(cs, "").status().code(), absl::StatusCode::kNotFound);
}

TEST(StatisticsConvertTest, FunctionRoundTripAndBadTypes) {
  model::Function f;
  f.database = "db";
  f.name = "f";
  f.class_name = "C";
  f.owner_name = "bob";
  f.owner_type = model::PrincipalType::kGroup;
  f.create_time = 7;
  f.resources = {{model::ResourceType::kArchive, "file:/a.zip"}};
  auto back = FromThrift(ToThrift(f));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, f);
  Function w = ToThrift(f);
  w.resourceUris[0].__set_resourceType(static_cast<ResourceType::type>(9));
  EXPECT_EQ(FromThrift(w).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace almanac::hms
