// Column statistics in the SQLite backend: upsert, get, delete, and that the
// rows follow their table or partition through rename and drop. Real files.
#include <sqlite3.h>

#include <memory>
#include <set>
#include <string>

#include "gtest/gtest.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/sqlite/test_util.h"

namespace almanac::storage {
namespace {

using sqlite::testing::MakeDatabase;
using sqlite::testing::MakePartition;
using sqlite::testing::MakeTable;
using sqlite::testing::TempDir;

model::ColumnStatisticsObj LongObj(const std::string& column, int64_t low, int64_t high) {
  model::LongColumnStats s;
  s.low = low;
  s.high = high;
  s.num_nulls = 1;
  s.num_dvs = 5;
  s.bit_vectors = std::string("\x00\xffHLL", 5);
  return {column, "bigint", s};
}

model::ColumnStatistics TableStats(std::vector<model::ColumnStatisticsObj> columns,
                                   int64_t analyzed = 100) {
  model::ColumnStatistics stats;
  stats.desc = {.is_table_level = true, .database = "db", .table = "t", .last_analyzed = analyzed};
  stats.columns = std::move(columns);
  return stats;
}

model::ColumnStatistics PartitionStats(const std::string& name,
                                       std::vector<model::ColumnStatisticsObj> columns) {
  model::ColumnStatistics stats = TableStats(std::move(columns));
  stats.desc.is_table_level = false;
  stats.desc.partition_name = name;
  return stats;
}

class SqliteStatisticsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Reopen();
    auto txn = Write();
    ASSERT_TRUE(txn->tables().CreateDatabase(MakeDatabase("db")).ok());
    table_ = MakeTable("db", "t", {{"ds", "string"}});
    table_.sd.columns = {{"id", "bigint", ""}, {"name", "string", ""}};
    ASSERT_TRUE(txn->tables().CreateTable(table_).ok());
    ASSERT_TRUE(txn->partitions()
                    .CreatePartitions("db", "t",
                                      {MakePartition(table_, {"a"}), MakePartition(table_, {"b"})})
                    .ok());
    ASSERT_TRUE(txn->Commit().ok());
  }

  void Reopen() {
    store_.reset();
    auto store = OpenSqliteStore({.path = dir_.File("catalog.db"), .sync_every_commit = false});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }

  std::unique_ptr<WriteTransaction> Write() {
    auto txn = store_->BeginWrite();
    EXPECT_TRUE(txn.ok()) << txn.status();
    return std::move(*txn);
  }

  std::unique_ptr<ReadTransaction> Read() {
    auto txn = store_->BeginRead();
    EXPECT_TRUE(txn.ok()) << txn.status();
    return std::move(*txn);
  }

  void Commit(std::unique_ptr<WriteTransaction> txn) { ASSERT_TRUE(txn->Commit().ok()); }

  // Rows of an internal table, read from the file directly.
  int64_t RawCount(const std::string& table) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(dir_.File("catalog.db").c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* stmt = nullptr;
    int64_t value = -1;
    const std::string sql = "SELECT count(*) FROM " + table;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      value = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return value;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  model::Table table_;
};

TEST_F(SqliteStatisticsTest, TableStatsUpsertGetAndSurviveReopen) {
  auto txn = Write();
  ASSERT_TRUE(txn->statistics().UpsertTableColumnStats(TableStats({LongObj("id", 1, 9)})).ok());
  Commit(std::move(txn));
  txn = Write();
  // Replaces id, adds name; the first call's id row must not survive.
  model::StringColumnStats s{.max_col_len = 10, .avg_col_len = 4.5, .num_nulls = 2, .num_dvs = 3};
  ASSERT_TRUE(
      txn->statistics()
          .UpsertTableColumnStats(TableStats({LongObj("id", -5, 50), {"name", "string", s}}, 200))
          .ok());
  Commit(std::move(txn));
  Reopen();
  int64_t analyzed = 0;
  auto got = Read()->statistics().GetTableColumnStats("db", "t", "hive", {}, &analyzed);
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_EQ(got->size(), 2u);
  EXPECT_EQ((*got)[0], LongObj("id", -5, 50));
  EXPECT_EQ((*got)[1].column_name, "name");
  EXPECT_EQ(std::get<model::StringColumnStats>((*got)[1].data), s);
  EXPECT_EQ(analyzed, 200);

  auto only =
      Read()->statistics().GetTableColumnStats("db", "t", "hive", {"name", "nope"}, nullptr);
  ASSERT_TRUE(only.ok());
  ASSERT_EQ(only->size(), 1u);
  EXPECT_EQ((*only)[0].column_name, "name");
  // Another engine sees nothing.
  auto other = Read()->statistics().GetTableColumnStats("db", "t", "impala", {}, nullptr);
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->empty());
}

TEST_F(SqliteStatisticsTest, EveryFamilyRoundTrips) {
  model::DecimalColumnStats dec;
  dec.low = model::StatsDecimal{std::string("\xff\x38", 2), 2};
  dec.high = model::StatsDecimal{std::string("\x01\x00", 2), 2};
  dec.num_dvs = 7;
  dec.histogram = "kll";
  model::DoubleColumnStats dbl;
  dbl.low = -0.125;
  dbl.num_nulls = 3;
  model::DateColumnStats date;
  date.low = 19000;
  date.high = 19500;
  model::TimestampColumnStats ts;
  ts.high = 1700000000;
  std::vector<model::ColumnStatisticsObj> objs = {
      {"b", "boolean", model::BooleanColumnStats{.num_trues = 1, .num_falses = 2, .num_nulls = 3}},
      {"bin", "binary", model::BinaryColumnStats{.max_col_len = 9, .avg_col_len = 1.5}},
      {"d", "date", date},
      {"dbl", "double", dbl},
      {"dec", "decimal(10,2)", dec},
      {"ts", "timestamp", ts},
  };
  auto txn = Write();
  ASSERT_TRUE(txn->statistics().UpsertTableColumnStats(TableStats(objs)).ok());
  Commit(std::move(txn));
  auto got = Read()->statistics().GetTableColumnStats("db", "t", "hive", {}, nullptr);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, objs);
}

TEST_F(SqliteStatisticsTest, MissingTableOrPartitionIsNotFound) {
  auto txn = Write();
  model::ColumnStatistics stats = TableStats({LongObj("id", 1, 2)});
  stats.desc.table = "nope";
  EXPECT_EQ(txn->statistics().UpsertTableColumnStats(stats).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(txn->statistics()
                .UpsertPartitionColumnStats(PartitionStats("ds=zz", {LongObj("id", 1, 2)}))
                .code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(txn->statistics().DeleteTableColumnStats("db", "nope", "", "").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(
      txn->statistics().DeletePartitionColumnStats("db", "t", "ds=zz", "", "").status().code(),
      absl::StatusCode::kNotFound);
  EXPECT_EQ(txn->statistics().GetTableColumnStats("nodb", "t", "hive", {}, nullptr).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(SqliteStatisticsTest, PartitionStatsGetAndDelete) {
  auto txn = Write();
  ASSERT_TRUE(txn->statistics()
                  .UpsertPartitionColumnStats(PartitionStats("ds=b", {LongObj("id", 5, 6)}))
                  .ok());
  ASSERT_TRUE(txn->statistics()
                  .UpsertPartitionColumnStats(
                      PartitionStats("ds=a", {LongObj("id", 1, 2), LongObj("name", 0, 0)}))
                  .ok());
  Commit(std::move(txn));

  auto all = Read()->statistics().GetPartitionColumnStats("db", "t", "hive", {}, {});
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].partition_name, "ds=a");
  EXPECT_EQ((*all)[0].columns.size(), 2u);
  EXPECT_EQ((*all)[0].last_analyzed, 100);
  EXPECT_EQ((*all)[1].partition_name, "ds=b");

  // Named partitions, one missing, restricted to one column.
  auto some = Read()->statistics().GetPartitionColumnStats("db", "t", "hive",
                                                           {"ds=b", "ds=x", "ds=a"}, {"id"});
  ASSERT_TRUE(some.ok());
  ASSERT_EQ(some->size(), 2u);
  EXPECT_EQ((*some)[0].partition_name, "ds=a");
  ASSERT_EQ((*some)[0].columns.size(), 1u);
  EXPECT_EQ((*some)[0].columns[0], LongObj("id", 1, 2));

  txn = Write();
  auto deleted = txn->statistics().DeletePartitionColumnStats("db", "t", "ds=a", "hive", "name");
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(*deleted, 1);
  deleted = txn->statistics().DeletePartitionColumnStats("db", "t", "", "", "");
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(*deleted, 2);
  Commit(std::move(txn));
  all = Read()->statistics().GetPartitionColumnStats("db", "t", "hive", {}, {});
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->empty());
}

TEST_F(SqliteStatisticsTest, DeleteTableStatsByColumnAndAll) {
  auto txn = Write();
  ASSERT_TRUE(txn->statistics()
                  .UpsertTableColumnStats(TableStats({LongObj("id", 1, 2), LongObj("name", 1, 2)}))
                  .ok());
  auto deleted = txn->statistics().DeleteTableColumnStats("db", "t", "hive", "id");
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(*deleted, 1);
  deleted = txn->statistics().DeleteTableColumnStats("db", "t", "hive", "id");
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(*deleted, 0);
  deleted = txn->statistics().DeleteTableColumnStats("db", "t", "", "");
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(*deleted, 1);
}

TEST_F(SqliteStatisticsTest, RenamesKeepStatsAndDropsRemoveThem) {
  auto txn = Write();
  ASSERT_TRUE(txn->statistics().UpsertTableColumnStats(TableStats({LongObj("id", 1, 2)})).ok());
  ASSERT_TRUE(txn->statistics()
                  .UpsertPartitionColumnStats(PartitionStats("ds=a", {LongObj("id", 1, 2)}))
                  .ok());
  ASSERT_TRUE(txn->tables().CreateDatabase(MakeDatabase("other")).ok());
  ASSERT_TRUE(txn->tables().RenameTable("db", "t", "other", "t2", "").ok());
  model::Partition renamed = MakePartition(table_, {"c"});
  renamed.database = "other";
  renamed.table = "t2";
  ASSERT_TRUE(txn->partitions().UpdatePartition("other", "t2", {"a"}, renamed).ok());
  Commit(std::move(txn));

  auto table_stats = Read()->statistics().GetTableColumnStats("other", "t2", "hive", {}, nullptr);
  ASSERT_TRUE(table_stats.ok());
  EXPECT_EQ(table_stats->size(), 1u);
  auto part_stats =
      Read()->statistics().GetPartitionColumnStats("other", "t2", "hive", {"ds=c"}, {});
  ASSERT_TRUE(part_stats.ok());
  ASSERT_EQ(part_stats->size(), 1u);
  EXPECT_EQ((*part_stats)[0].partition_name, "ds=c");

  // Dropping the partition drops its statistics; a new partition of the same
  // name starts without any.
  txn = Write();
  ASSERT_TRUE(txn->partitions().DeletePartition("other", "t2", {"c"}).ok());
  ASSERT_TRUE(txn->partitions().CreatePartitions("other", "t2", {renamed}).ok());
  Commit(std::move(txn));
  part_stats = Read()->statistics().GetPartitionColumnStats("other", "t2", "hive", {}, {});
  ASSERT_TRUE(part_stats.ok());
  EXPECT_TRUE(part_stats->empty());

  // Dropping the table drops its rows: a new table of the same name has none.
  txn = Write();
  ASSERT_TRUE(txn->statistics()
                  .UpsertPartitionColumnStats(PartitionStats("ds=c", {LongObj("id", 1, 2)}))
                  .code() == absl::StatusCode::kNotFound);  // desc still names db.t
  ASSERT_TRUE(txn->tables().DeleteTable("other", "t2").ok());
  model::Table again = table_;
  again.database = "other";
  again.name = "t2";
  ASSERT_TRUE(txn->tables().CreateTable(again).ok());
  Commit(std::move(txn));
  table_stats = Read()->statistics().GetTableColumnStats("other", "t2", "hive", {}, nullptr);
  ASSERT_TRUE(table_stats.ok());
  EXPECT_TRUE(table_stats->empty());
}

// Partition statistics have no foreign key to their partition (migration
// 0012): every way a partition goes deletes its rows, so a later partition
// that reuses the row id never inherits them.
TEST_F(SqliteStatisticsTest, PartitionStatisticsGoWithEveryDelete) {
  auto txn = Write();
  std::vector<model::Partition> more;
  for (int i = 0; i < 200; ++i) more.push_back(MakePartition(table_, {"p" + std::to_string(i)}));
  ASSERT_TRUE(txn->partitions().CreatePartitions("db", "t", more).ok());
  for (const char* name : {"ds=a", "ds=b", "ds=p0", "ds=p150", "ds=p199"}) {
    ASSERT_TRUE(txn->statistics()
                    .UpsertPartitionColumnStats(
                        PartitionStats(name, {LongObj("id", 1, 2), LongObj("name", 0, 1)}))
                    .ok());
  }
  Commit(std::move(txn));
  EXPECT_EQ(RawCount("partition_column_stats"), 10);

  // A batch across several statements.
  txn = Write();
  std::vector<std::vector<std::string>> doomed;
  for (int i = 0; i < 199; ++i) doomed.push_back({"p" + std::to_string(i)});
  auto dropped = txn->partitions().DeletePartitions("db", "t", doomed, false);
  ASSERT_TRUE(dropped.ok()) << dropped.status();
  EXPECT_EQ(dropped->size(), 199u);
  Commit(std::move(txn));
  EXPECT_EQ(RawCount("partition_column_stats"), 6);
  auto left = Read()->statistics().GetPartitionColumnStats("db", "t", "hive", {}, {});
  ASSERT_TRUE(left.ok());
  std::set<std::string> names;
  for (const auto& s : *left) names.insert(s.partition_name);
  EXPECT_EQ(names, (std::set<std::string>{"ds=a", "ds=b", "ds=p199"}));

  // A refused batch deletes nothing, statistics included.
  txn = Write();
  EXPECT_EQ(txn->partitions().DeletePartitions("db", "t", {{"a"}, {"zz"}}, false).status().code(),
            absl::StatusCode::kNotFound);
  Commit(std::move(txn));
  EXPECT_EQ(RawCount("partition_column_stats"), 6);

  // One partition, then the table with the rest.
  txn = Write();
  ASSERT_TRUE(txn->partitions().DeletePartition("db", "t", {"p199"}).ok());
  Commit(std::move(txn));
  EXPECT_EQ(RawCount("partition_column_stats"), 4);
  txn = Write();
  ASSERT_TRUE(txn->tables().DeleteTable("db", "t").ok());
  Commit(std::move(txn));
  EXPECT_EQ(RawCount("partition_column_stats"), 0);
}

}  // namespace
}  // namespace almanac::storage
