// StatisticsService against a real SQLite store: validation with exact codes,
// COLUMN_STATS_ACCURATE bookkeeping, aggregation across partitions, merge,
// deletes, and statistics following renames and drops.
#include "catalog/service/statistics_service.h"

#include "catalog/service/service_test_util.h"
#include "common/testing/status_matchers.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace almanac::service {
namespace {

model::ColumnStatisticsObj LongObj(const std::string& column, int64_t low, int64_t high,
                                   int64_t nulls, int64_t dvs) {
  model::LongColumnStats s;
  s.low = low;
  s.high = high;
  s.num_nulls = nulls;
  s.num_dvs = dvs;
  s.bit_vectors = "FMSketch";
  return {column, "bigint", s};
}

model::StatsDecimal Dec(int64_t unscaled, int16_t scale) {
  std::string bytes(8, '\0');
  for (int i = 7; i >= 0; --i) {
    bytes[i] = static_cast<char>(unscaled & 0xff);
    unscaled >>= 8;
  }
  return {bytes, scale};
}

model::ColumnStatisticsObj DecObj(int64_t low, int64_t high, int16_t scale) {
  model::DecimalColumnStats s;
  s.low = Dec(low, scale);
  s.high = Dec(high, scale);
  s.num_nulls = 1;
  s.num_dvs = 2;
  return {"price", "decimal(10,2)", s};
}

model::ColumnStatistics Stats(const std::string& partition,
                              std::vector<model::ColumnStatisticsObj> columns) {
  model::ColumnStatistics stats;
  stats.desc.is_table_level = partition.empty();
  stats.desc.database = "Sales";
  stats.desc.table = "Orders";
  stats.desc.partition_name = partition;
  stats.desc.last_analyzed = 1000;
  stats.columns = std::move(columns);
  return stats;
}

class StatisticsServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    CreateDatabase("sales");
    model::Table t = MakeTable("sales", "orders", {{"ds", "string", ""}});
    t.sd.columns.push_back({"name", "varchar(20)", ""});
    t.sd.columns.push_back({"tags", "array<string>", ""});
    t.parameters["numRows"] = "42";
    t.parameters[kColumnStatsAccurate] = R"({"BASIC_STATS":"true"})";
    CreateTable(t);
    for (const char* ds : {"2024-01-01", "2024-01-02", "2024-01-03"}) {
      ASSERT_TRUE(service_->partitions().AddPartitions(ctx_, "sales", "orders", {MakePartition({ds})}, false)
                      .ok());
    }
  }
  StatisticsService& stats() { return service_->statistics(); }
};

TEST_F(StatisticsServiceTest, TableStatsStoredAndMarkedAccurate) {
  ASSERT_TRUE(stats().UpdateColumnStatistics(ctx_, Stats("", {LongObj("ID", 1, 9, 0, 9)})).ok());
  auto got = stats().GetTableColumnStatistics(ctx_, "sales", "orders", {"id"}, "");
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_EQ(got->columns.size(), 1u);
  EXPECT_EQ(got->columns[0].column_name, "id");
  EXPECT_EQ(got->columns[0].column_type, "bigint");
  EXPECT_EQ(got->desc.last_analyzed, 1000);
  EXPECT_EQ(got->engine, "hive");

  auto table = service_->tables().GetTable(ctx_, "sales", "orders");
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->parameters.at(kColumnStatsAccurate),
            R"({"BASIC_STATS":"true","COLUMN_STATS":{"id":"true"}})");
  EXPECT_EQ(table->parameters.at("numRows"), "42");

  ASSERT_TRUE(stats().DeleteTableColumnStatistics(ctx_, "sales", "orders", "id", "hive").ok());
  table = service_->tables().GetTable(ctx_, "sales", "orders");
  EXPECT_EQ(table->parameters.at(kColumnStatsAccurate), R"({"BASIC_STATS":"true"})");
  EXPECT_EQ(stats().DeleteTableColumnStatistics(ctx_, "sales", "orders", "id", "hive").code(),
            absl::StatusCode::kNotFound);
  // Deleting "all" when there is nothing is not an error.
  EXPECT_TRUE(stats().DeleteTableColumnStatistics(ctx_, "sales", "orders", "", "").ok());
}

TEST_F(StatisticsServiceTest, ValidationCodes) {
  auto code = [&](model::ColumnStatistics s) {
    return stats().UpdateColumnStatistics(ctx_, std::move(s)).code();
  };
  EXPECT_EQ(code(Stats("", {LongObj("nope", 1, 2, 0, 1)})), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(code(Stats("", {LongObj("id", 1, 2, 0, 1), LongObj("id", 1, 2, 0, 1)})),
            absl::StatusCode::kInvalidArgument);
  // Wrong family: long statistics on a varchar column.
  EXPECT_EQ(code(Stats("", {LongObj("name", 1, 2, 0, 1)})), absl::StatusCode::kInvalidArgument);
  // Complex types have no statistics.
  EXPECT_EQ(code(Stats("", {{"tags", "array<string>", model::StringColumnStats{}}})),
            absl::StatusCode::kInvalidArgument);
  // Partition keys are not data columns.
  EXPECT_EQ(code(Stats("", {{"ds", "string", model::StringColumnStats{}}})),
            absl::StatusCode::kInvalidArgument);
  // A decimal without unscaled bytes.
  model::DecimalColumnStats bad;
  bad.low = model::StatsDecimal{"", 2};
  EXPECT_EQ(code(Stats("", {{"price", "decimal(10,2)", bad}})),
            absl::StatusCode::kInvalidArgument);
  // Inconsistent descriptors.
  model::ColumnStatistics s = Stats("", {LongObj("id", 1, 2, 0, 1)});
  s.desc.partition_name = "ds=2024-01-01";
  EXPECT_EQ(code(s), absl::StatusCode::kInvalidArgument);
  s = Stats("", {LongObj("id", 1, 2, 0, 1)});
  s.desc.is_table_level = false;
  EXPECT_EQ(code(s), absl::StatusCode::kInvalidArgument);
  // Missing objects.
  s = Stats("", {LongObj("id", 1, 2, 0, 1)});
  s.desc.table = "nope";
  EXPECT_EQ(code(s), absl::StatusCode::kNotFound);
  EXPECT_EQ(code(Stats("ds=1999-01-01", {LongObj("id", 1, 2, 0, 1)})),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(code(Stats("month=1", {LongObj("id", 1, 2, 0, 1)})),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(stats().GetTableColumnStatistics(ctx_, "sales", "nope", {}, "").status().code(),
            absl::StatusCode::kNotFound);
  // Nothing was stored by the failed calls.
  auto got = stats().GetTableColumnStatistics(ctx_, "sales", "orders", {}, "");
  ASSERT_TRUE(got.ok());
  EXPECT_TRUE(got->columns.empty());
}

TEST_F(StatisticsServiceTest, AggregatesAcrossPartitionsAsHive) {
  model::StringColumnStats a{.max_col_len = 10, .avg_col_len = 3.0, .num_nulls = 1, .num_dvs = 4};
  model::StringColumnStats b{.max_col_len = 7, .avg_col_len = 5.5, .num_nulls = 2, .num_dvs = 9};
  ASSERT_TRUE(stats()
                  .UpdateColumnStatisticsBatch(
                      ctx_,
                      {Stats("ds=2024-01-01", {LongObj("id", 5, 10, 1, 6), {"name", "", a},
                                               DecObj(150, 900, 2)}),
                       Stats("ds=2024-01-02", {LongObj("id", -3, 7, 2, 4), {"name", "", b},
                                               DecObj(-5, 10, 0)}),
                       Stats("ds=2024-01-03", {LongObj("id", 0, 100, 4, 2)})})
                  .ok());
  auto agg = stats().AggregatePartitionColumnStatistics(
      ctx_, "sales", "orders", {"ds=2024-01-01", "ds=2024-01-02", "ds=2024-01-03", "ds=x"},
      {"id", "name", "price"}, "hive");
  ASSERT_TRUE(agg.ok()) << agg.status();
  EXPECT_EQ(agg->partitions_found, 2);
  ASSERT_EQ(agg->columns.size(), 3u);
  const auto& id = std::get<model::LongColumnStats>(agg->columns[0].data);
  EXPECT_EQ(agg->columns[0].column_name, "id");
  EXPECT_EQ(id.low, -3);
  EXPECT_EQ(id.high, 100);
  EXPECT_EQ(id.num_nulls, 7);
  EXPECT_EQ(id.num_dvs, 6);
  EXPECT_TRUE(id.bit_vectors.empty());
  const auto& name = std::get<model::StringColumnStats>(agg->columns[1].data);
  EXPECT_EQ(name.max_col_len, 10);
  EXPECT_EQ(name.avg_col_len, 5.5);
  EXPECT_EQ(name.num_nulls, 3);
  EXPECT_EQ(name.num_dvs, 9);
  // 1.50 vs -5 and 9.00 vs 10: low -5 (scale 0), high 10 (scale 0).
  const auto& price = std::get<model::DecimalColumnStats>(agg->columns[2].data);
  EXPECT_EQ(price.low, Dec(-5, 0));
  EXPECT_EQ(price.high, Dec(10, 0));

  // Hive answers an empty aggregate for empty lists.
  agg = stats().AggregatePartitionColumnStatistics(ctx_, "sales", "orders", {}, {"id"}, "");
  ASSERT_TRUE(agg.ok());
  EXPECT_EQ(agg->partitions_found, 0);
  EXPECT_TRUE(agg->columns.empty());

  // The partition's parameters are marked, the table's are not.
  auto p = service_->partitions().GetPartition(ctx_, "sales", "orders", {"2024-01-03"});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->parameters.at(kColumnStatsAccurate), R"({"COLUMN_STATS":{"id":"true"}})");
}

TEST_F(StatisticsServiceTest, BatchIsAllOrNothing) {
  EXPECT_EQ(stats()
                .UpdateColumnStatisticsBatch(ctx_, {Stats("ds=2024-01-01", {LongObj("id", 1, 2, 0, 1)}),
                                                    Stats("ds=1999-01-01", {LongObj("id", 1, 2, 0, 1)})})
                .code(),
            absl::StatusCode::kNotFound);
  auto got = stats().GetPartitionColumnStatistics(ctx_, "sales", "orders", {"ds=2024-01-01"}, {},
                                                  "");
  ASSERT_TRUE(got.ok());
  EXPECT_TRUE(got->empty());
}

TEST_F(StatisticsServiceTest, MergeCombinesWithStoredStats) {
  ASSERT_TRUE(stats().UpdateColumnStatistics(ctx_, Stats("", {LongObj("id", 5, 10, 1, 6)})).ok());
  ASSERT_TRUE(
      stats().UpdateColumnStatistics(ctx_, Stats("", {LongObj("id", 1, 8, 2, 3)}), true).ok());
  auto got = stats().GetTableColumnStatistics(ctx_, "sales", "orders", {"id"}, "");
  ASSERT_TRUE(got.ok());
  const auto& id = std::get<model::LongColumnStats>(got->columns[0].data);
  EXPECT_EQ(id.low, 1);
  EXPECT_EQ(id.high, 10);
  EXPECT_EQ(id.num_nulls, 3);
  EXPECT_EQ(id.num_dvs, 6);
}

TEST_F(StatisticsServiceTest, EnginesAreSeparate) {
  model::ColumnStatistics s = Stats("", {LongObj("id", 1, 2, 0, 1)});
  s.engine = "impala";
  ASSERT_TRUE(stats().UpdateColumnStatistics(ctx_, s).ok());
  EXPECT_TRUE(stats().GetTableColumnStatistics(ctx_, "sales", "orders", {}, "")->columns.empty());
  EXPECT_EQ(stats().GetTableColumnStatistics(ctx_, "sales", "orders", {}, "impala")->columns.size(),
            1u);
}

TEST_F(StatisticsServiceTest, StatsFollowRenamesAndGoWithDrops) {
  ASSERT_TRUE(stats().UpdateColumnStatistics(ctx_, Stats("", {LongObj("id", 1, 2, 0, 1)})).ok());
  ASSERT_TRUE(
      stats().UpdateColumnStatistics(ctx_, Stats("ds=2024-01-01", {LongObj("id", 1, 2, 0, 1)}))
          .ok());
  ASSERT_TRUE(service_->tables().RenameTable(ctx_, "sales", "orders", "sales", "orders2").ok());
  EXPECT_EQ(stats().GetTableColumnStatistics(ctx_, "sales", "orders2", {}, "")->columns.size(), 1u);
  model::Partition renamed = MakePartition({"2024-02-01"});
  ASSERT_TRUE(
      service_->partitions().RenamePartition(ctx_, "sales", "orders2", {"2024-01-01"}, renamed).ok());
  auto parts = stats().GetPartitionColumnStatistics(ctx_, "sales", "orders2", {"ds=2024-02-01"},
                                                    {}, "");
  ASSERT_TRUE(parts.ok()) << parts.status();
  EXPECT_EQ(parts->size(), 1u);

  ASSERT_TRUE(service_->tables().DropTable(ctx_, "sales", "orders2").ok());
  CreateTable(MakeTable("sales", "orders2", {{"ds", "string", ""}}));
  EXPECT_TRUE(stats().GetTableColumnStatistics(ctx_, "sales", "orders2", {}, "")->columns.empty());
}

TEST_F(StatisticsServiceTest, DeletePartitionStats) {
  ASSERT_TRUE(
      stats().UpdateColumnStatistics(ctx_, Stats("ds=2024-01-01", {LongObj("id", 1, 2, 0, 1)}))
          .ok());
  EXPECT_EQ(stats()
                .DeletePartitionColumnStatistics(ctx_, "sales", "orders", "ds=2024-01-02", "id", "")
                .code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(stats()
                .DeletePartitionColumnStatistics(ctx_, "sales", "orders", "ds=1999-01-01", "", "")
                .code(),
            absl::StatusCode::kNotFound);
  ASSERT_TRUE(
      stats().DeletePartitionColumnStatistics(ctx_, "sales", "orders", "", "", "").ok());
  auto p = service_->partitions().GetPartition(ctx_, "sales", "orders", {"2024-01-01"});
  ASSERT_TRUE(p.ok());
  EXPECT_FALSE(p->parameters.contains(kColumnStatsAccurate));
}

TEST(StatsDecimalTest, ComparesAcrossScales) {
  auto cmp = [](model::StatsDecimal a, model::StatsDecimal b) {
    return *CompareStatsDecimals(a, b);
  };
  EXPECT_EQ(cmp(Dec(150, 2), Dec(15, 1)), 0);
  EXPECT_EQ(cmp(Dec(-5, 0), Dec(150, 2)), -1);
  EXPECT_EQ(cmp(Dec(1, 0), Dec(99, 2)), 1);
  EXPECT_EQ(cmp(Dec(1, 0), Dec(0x7fffffffffffffff, 30)), 1);
  EXPECT_EQ(cmp({std::string("\xff", 1), 0}, {std::string("\x00", 1), 0}), -1);
  EXPECT_EQ(CompareStatsDecimals({"", 0}, Dec(1, 0)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(StatisticsServiceTest, UnknownColumnListsTheColumns) {
  EXPECT_THAT(stats().UpdateColumnStatistics(ctx_, Stats("", {LongObj("nmae", 1, 2, 0, 1)})),
              almanac::testing::StatusIs(
                  absl::StatusCode::kInvalidArgument,
                  "column 'nmae' not found in table 'sales.orders' (columns: id, price, name, "
                  "tags)"));
}

}  // namespace
}  // namespace almanac::service
