// Table history in the SQLite backend. Real files.
#include <memory>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/sqlite/test_util.h"

namespace almanac::storage {
namespace {

using sqlite::testing::MakeDatabase;
using sqlite::testing::MakeTable;
using sqlite::testing::TempDir;

model::TableVersionInfo Info(const std::string& summary, int64_t time = 1700000000) {
  return model::TableVersionInfo{.time = time,
                                 .principal = "alice",
                                 .front_end = model::FrontEnd::kThrift,
                                 .request_id = "r-" + summary,
                                 .summary = summary};
}

class SqliteVersionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Reopen();
    auto txn = Write();
    ASSERT_TRUE(txn->tables().CreateDatabase(MakeDatabase("db")).ok());
    table_ = MakeTable("db", "t", {{"ds", "string"}});
    table_.update_time = 1700000000;
    ASSERT_TRUE(txn->tables().CreateTable(table_).ok());
    ASSERT_TRUE(txn->Commit().ok());
  }
  void Reopen() {
    store_.reset();
    auto store = OpenSqliteStore({.path = dir_.File("catalog.db"), .sync_every_commit = false});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }
  std::unique_ptr<WriteTransaction> Write() { return std::move(*store_->BeginWrite()); }
  std::unique_ptr<ReadTransaction> Read() { return std::move(*store_->BeginRead()); }

  // Version i of an Iceberg-like table: metadata_location moves each time.
  model::Table Commit(int i) {
    model::Table t = table_;
    t.parameters["table_type"] = "ICEBERG";
    t.parameters["metadata_location"] = "s3://w/t/metadata/" + std::to_string(i) + ".json";
    if (i > 1) {
      t.parameters["previous_metadata_location"] =
          "s3://w/t/metadata/" + std::to_string(i - 1) + ".json";
    }
    if (i % 7 == 0) t.parameters["every_seventh"] = std::to_string(i);
    t.update_time = 1700000000 + i;
    return t;
  }

  int64_t HistoryId() {
    auto h = Read()->versions().LiveHistory("db", "t");
    EXPECT_TRUE(h.ok() && h->has_value());
    return h.ok() && h->has_value() ? (*h)->id : 0;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  model::Table table_;
};

TEST_F(SqliteVersionsTest, AppendedVersionsReadBackExactlyThroughDeltaChains) {
  auto txn = Write();
  EXPECT_FALSE(txn->versions().LiveHistory("db", "t")->has_value());
  EXPECT_EQ(txn->versions().LiveHistory("db", "nope").status().code(), absl::StatusCode::kNotFound);
  for (int i = 1; i <= 40; ++i) {
    auto v = txn->versions().AppendVersion("db", "t", Info("commit " + std::to_string(i), 1700000000 + i),
                                           Commit(i), 0);
    ASSERT_TRUE(v.ok()) << v.status();
    EXPECT_EQ(*v, i);
  }
  ASSERT_TRUE(txn->Commit().ok());
  Reopen();
  const int64_t id = HistoryId();
  auto read = Read();
  for (int i = 1; i <= 40; ++i) {
    auto v = read->versions().GetVersion(id, i);
    ASSERT_TRUE(v.ok()) << v.status();
    EXPECT_EQ(v->table, Commit(i)) << i;
    EXPECT_EQ(v->info.summary, "commit " + std::to_string(i));
    EXPECT_EQ(v->info.front_end, model::FrontEnd::kThrift);
  }
  EXPECT_EQ(read->versions().GetVersion(id, 41).status().code(), absl::StatusCode::kNotFound);
  auto h = read->versions().GetHistory(id);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->version_count, 40);
  EXPECT_EQ(h->latest_version, 40);
  EXPECT_EQ(h->oldest_version, 1);
  EXPECT_FALSE(h->dropped);
}

TEST_F(SqliteVersionsTest, ListsNewestFirstInPages) {
  auto txn = Write();
  for (int i = 1; i <= 25; ++i) ASSERT_TRUE(txn->versions().AppendVersion("db", "t", Info("x", 1700000000 + i), Commit(i), 0).ok());
  ASSERT_TRUE(txn->Commit().ok());
  const int64_t id = HistoryId();
  auto page = Read()->versions().ListVersions(id, 0, 10);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 10u);
  EXPECT_EQ(page->front().version, 25);
  EXPECT_EQ(page->back().version, 16);
  page = Read()->versions().ListVersions(id, 16, 100);
  ASSERT_EQ(page->size(), 15u);
  EXPECT_EQ(page->back().version, 1);
}

TEST_F(SqliteVersionsTest, DeletingAndPruningKeepEveryOtherVersionIntact) {
  auto txn = Write();
  for (int i = 1; i <= 50; ++i) ASSERT_TRUE(txn->versions().AppendVersion("db", "t", Info("x", 1700000000 + i), Commit(i), 0).ok());
  const int64_t id = (*txn->versions().LiveHistory("db", "t"))->id;
  const std::vector<int64_t> gone = {3, 4, 17, 30};
  ASSERT_TRUE(txn->versions().DeleteVersions(id, gone).ok());
  // A missing one: nothing deleted.
  const std::vector<int64_t> bad = {5, 4};
  EXPECT_EQ(txn->versions().DeleteVersions(id, bad).code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(txn->versions().GetVersion(id, 5).ok());
  auto pruned = txn->versions().PruneVersions(id, 40);
  ASSERT_TRUE(pruned.ok()) << pruned.status();
  EXPECT_EQ(*pruned, 6);  // 46 left, the 6 oldest go: 1, 2, 5, 6, 7, 8
  ASSERT_TRUE(txn->Commit().ok());
  auto read = Read();
  EXPECT_EQ(read->versions().GetHistory(id)->version_count, 40);
  EXPECT_EQ(read->versions().GetHistory(id)->oldest_version, 9);
  for (int i = 1; i <= 50; ++i) {
    auto v = read->versions().GetVersion(id, i);
    if (i <= 8 || i == 17 || i == 30) {
      EXPECT_EQ(v.status().code(), absl::StatusCode::kNotFound) << i;
    } else {
      ASSERT_TRUE(v.ok()) << i << " " << v.status();
      EXPECT_EQ(v->table, Commit(i)) << i;
    }
  }
}

TEST_F(SqliteVersionsTest, TheCapPrunesExactlyTheOldest) {
  auto txn = Write();
  for (int i = 1; i <= 12; ++i) {
    ASSERT_EQ(*txn->versions().AppendVersion("db", "t", Info("x", 1700000000 + i), Commit(i), 5), i);
  }
  ASSERT_TRUE(txn->Commit().ok());
  const int64_t id = HistoryId();
  auto listed = Read()->versions().ListVersions(id, 0, 0);
  ASSERT_TRUE(listed.ok());
  std::vector<int64_t> numbers;
  for (const auto& v : *listed) numbers.push_back(v.version);
  EXPECT_EQ(numbers, (std::vector<int64_t>{12, 11, 10, 9, 8}));
  for (int i = 8; i <= 12; ++i) EXPECT_EQ(Read()->versions().GetVersion(id, i)->table, Commit(i));
}

TEST_F(SqliteVersionsTest, ReplaceLatestKeepsTheNumber) {
  auto txn = Write();
  ASSERT_EQ(*txn->versions().ReplaceLatestVersion("db", "t", Info("first"), Commit(1)), 1);
  ASSERT_EQ(*txn->versions().AppendVersion("db", "t", Info("second"), Commit(2), 0), 2);
  ASSERT_EQ(*txn->versions().ReplaceLatestVersion("db", "t", Info("third", 1700000003), Commit(3)), 2);
  ASSERT_TRUE(txn->Commit().ok());
  const int64_t id = HistoryId();
  auto v = Read()->versions().GetVersion(id, 2);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->table, Commit(3));
  EXPECT_EQ(v->info.summary, "third");
  EXPECT_EQ(Read()->versions().GetHistory(id)->version_count, 2);
}

TEST_F(SqliteVersionsTest, DroppedHistoriesSurviveAndReattach) {
  auto txn = Write();
  ASSERT_TRUE(txn->versions().AppendVersion("db", "t", Info("v1"), Commit(1), 0).ok());
  ASSERT_TRUE(txn->versions().AppendVersion("db", "t", Info("v2"), Commit(2), 0).ok());
  const int64_t id = (*txn->versions().LiveHistory("db", "t"))->id;
  ASSERT_TRUE(txn->tables().DeleteTable("db", "t").ok());
  ASSERT_TRUE(txn->versions().RecordDrop(Info("drop", 1700009999), Commit(2)).ok());
  // A new table under the name (SQLite may reuse the row id) starts afresh.
  ASSERT_TRUE(txn->tables().CreateTable(table_).ok());
  EXPECT_FALSE(txn->versions().LiveHistory("db", "t")->has_value());
  ASSERT_TRUE(txn->Commit().ok());
  Reopen();

  auto dropped = Read()->versions().DroppedHistories("db", "t");
  ASSERT_TRUE(dropped.ok());
  ASSERT_EQ(dropped->size(), 1u);
  EXPECT_EQ((*dropped)[0].id, id);
  EXPECT_TRUE((*dropped)[0].dropped);
  EXPECT_EQ((*dropped)[0].dropped_time, 1700009999);
  EXPECT_EQ((*dropped)[0].dropped_by, "alice");
  EXPECT_EQ((*dropped)[0].latest_version, 2);
  EXPECT_EQ(Read()->versions().DroppedHistories("db", "")->size(), 1u);

  // Undrop: the table is re-created and takes the history back.
  txn = Write();
  ASSERT_TRUE(txn->tables().DeleteTable("db", "t").ok());
  ASSERT_TRUE(txn->versions().RecordDrop(Info("drop again"), table_).ok());  // no history: kept
  auto two = txn->versions().DroppedHistories("db", "t");
  ASSERT_EQ(two->size(), 2u);
  const int64_t second = (*two)[0].id == id ? (*two)[1].id : (*two)[0].id;
  EXPECT_EQ(txn->versions().GetVersion(second, 1)->table, table_);
  ASSERT_TRUE(txn->tables().CreateTable(Commit(2)).ok());
  ASSERT_TRUE(txn->versions().AttachHistory(id, "db", "t").ok());
  EXPECT_EQ(txn->versions().AttachHistory(second, "db", "t").code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(*txn->versions().AppendVersion("db", "t", Info("undropped"), Commit(2), 0), 3);
  EXPECT_EQ(txn->versions().DeleteHistory(id).code(), absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(txn->versions().DeleteHistory(second).ok());
  EXPECT_EQ(txn->versions().GetHistory(second).status().code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(txn->Commit().ok());
  EXPECT_EQ(HistoryId(), id);
}

TEST_F(SqliteVersionsTest, RenamedTablesKeepTheirHistory) {
  auto txn = Write();
  ASSERT_TRUE(txn->versions().AppendVersion("db", "t", Info("v1"), Commit(1), 0).ok());
  ASSERT_TRUE(txn->tables().RenameTable("db", "t", "db", "t2", "").ok());
  model::Table renamed = Commit(2);
  renamed.name = "t2";
  ASSERT_EQ(*txn->versions().AppendVersion("db", "t2", Info("renamed"), renamed, 0), 2);
  ASSERT_TRUE(txn->Commit().ok());
  auto h = Read()->versions().LiveHistory("db", "t2");
  ASSERT_TRUE(h.ok() && h->has_value());
  EXPECT_EQ((*h)->name, "t2");
  EXPECT_EQ(Read()->versions().GetVersion((*h)->id, 1)->table.name, "t");
  EXPECT_EQ(Read()->versions().GetVersion((*h)->id, 2)->table.name, "t2");
}

TEST_F(SqliteVersionsTest, ExpiresOnlyOldDrops) {
  auto txn = Write();
  ASSERT_TRUE(txn->versions().AppendVersion("db", "t", Info("v1"), Commit(1), 0).ok());
  ASSERT_TRUE(txn->tables().DeleteTable("db", "t").ok());
  ASSERT_TRUE(txn->versions().RecordDrop(Info("drop", 1000), Commit(1)).ok());
  ASSERT_TRUE(txn->tables().CreateTable(table_).ok());
  ASSERT_TRUE(txn->versions().AppendVersion("db", "t", Info("v1"), table_, 0).ok());
  ASSERT_TRUE(txn->tables().DeleteTable("db", "t").ok());
  ASSERT_TRUE(txn->versions().RecordDrop(Info("drop", 5000), table_).ok());
  EXPECT_EQ(*txn->versions().ExpireDroppedHistories(2000), 1);
  ASSERT_TRUE(txn->Commit().ok());
  auto left = Read()->versions().DroppedHistories("db", "t");
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ((*left)[0].dropped_time, 5000);
}

}  // namespace
}  // namespace almanac::storage
