// Key columns: the in-memory evaluation agrees with FilterMatches on random
// filters and values; the cache builds on the second miss, keeps its budget
// and forgets an entry whose epoch moved; and through a real store, scans
// answered from key columns equal the same scans read from the file (names,
// partitions, paging positions, row budgets), every write to a table's
// partitions changes its epoch, writes to other tables and reads through
// another store leave the entry valid, and writes through another store on
// the same file are seen.
#include "storage/sqlite/key_columns.h"

#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "storage/sqlite/filter_sql.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/sqlite/test_util.h"

namespace almanac::storage::sqlite {
namespace {

using testing::MakeDatabase;
using testing::MakePartition;
using testing::MakeTable;
using Op = PartitionFilter::Op;

model::KeyValue RandomValue(std::mt19937& rng) {
  switch (std::uniform_int_distribution<int>(0, 5)(rng)) {
    case 0:
      return std::monostate{};
    case 1:
    case 2:
      return static_cast<int64_t>(std::uniform_int_distribution<int>(-3, 3)(rng));
    case 3:
      return std::uniform_int_distribution<int>(-6, 6)(rng) / 2.0;
    default: {
      static const char* kTexts[] = {"", "a", "ab", "b", "1", "-1", "\xc3\xa9"};
      return std::string(kTexts[std::uniform_int_distribution<int>(0, 6)(rng)]);
    }
  }
}

PartitionFilter RandomFilter(std::mt19937& rng, int keys, int depth) {
  const int roll = std::uniform_int_distribution<int>(0, 9)(rng);
  const int key = std::uniform_int_distribution<int>(0, keys - 1)(rng);
  if (depth < 3 && roll < 3) {
    std::vector<PartitionFilter> children;
    const int n = std::uniform_int_distribution<int>(0, 3)(rng);
    for (int i = 0; i < n; ++i) children.push_back(RandomFilter(rng, keys, depth + 1));
    return roll == 0 ? PartitionFilter::And(std::move(children))
                     : PartitionFilter::Or(std::move(children));
  }
  switch (roll) {
    case 3:
      return PartitionFilter{.kind = PartitionFilter::Kind::kIsNull, .key_index = key};
    case 4:
      return PartitionFilter{.kind = PartitionFilter::Kind::kIsNotNull, .key_index = key};
    case 5: {
      std::vector<model::KeyValue> values;
      const int n = std::uniform_int_distribution<int>(0, 3)(rng);
      for (int i = 0; i < n; ++i) values.push_back(RandomValue(rng));
      return PartitionFilter::In(key, std::move(values));
    }
    case 6:
      return std::uniform_int_distribution<int>(0, 1)(rng) == 0 ? PartitionFilter::True()
                                                                : PartitionFilter::False();
    default: {
      const Op op = static_cast<Op>(std::uniform_int_distribution<int>(0, 5)(rng));
      return PartitionFilter::Compare(key, op, RandomValue(rng));
    }
  }
}

TEST(KeyColumnsTest, SelectAgreesWithFilterMatches) {
  std::mt19937 rng(20261204);
  constexpr int kKeys = 3;
  std::vector<std::vector<model::KeyValue>> rows;
  KeyColumns columns(kKeys);
  for (int i = 0; i < 500; ++i) {
    std::vector<model::KeyValue> keys;
    for (int k = 0; k < kKeys; ++k) keys.push_back(RandomValue(rng));
    columns.Add(i, absl::StrFormat("%05d", i), keys);
    rows.push_back(keys);
  }
  columns.Finish();
  ASSERT_EQ(columns.rows(), rows.size());
  std::vector<uint8_t> selected;
  int some = 0;
  for (int f = 0; f < 3000; ++f) {
    const PartitionFilter filter = RandomFilter(rng, kKeys, 0);
    columns.Select(filter, &selected);
    ASSERT_EQ(selected.size(), rows.size());
    int matched = 0;
    for (size_t i = 0; i < rows.size(); ++i) {
      ASSERT_EQ(selected[i] != 0, FilterMatches(filter, rows[i])) << "filter " << f << " row " << i;
      matched += selected[i];
    }
    some += matched > 0 && matched < static_cast<int>(rows.size()) ? 1 : 0;
  }
  // The filters told rows apart, not only all or none.
  EXPECT_GT(some, 1000);
}

// Codes are 8, 16 or 32 bits wide by the number of distinct values; each
// width selects the same rows.
TEST(KeyColumnsTest, EveryCodeWidthSelectsTheSame) {
  constexpr int64_t kRows = 70'000;
  KeyColumns columns(3);
  for (int64_t i = 0; i < kRows; ++i) {
    columns.Add(i, absl::StrFormat("%06d", i),
                {model::KeyValue(i), model::KeyValue(i % 300), model::KeyValue(i % 3)});
  }
  columns.Finish();
  // 4 + 2 + 1 bytes of codes a row, not 3 x 4: below 8 + 4 + 6 (id, name end,
  // name) + 4 + 2 + 1 + 2 (each of the 70,000 values) bytes a row.
  EXPECT_LT(columns.bytes(), static_cast<size_t>(kRows) * (8 + 4 + 6 + 4 + 2 + 1 + 2) +
                                 70'300 * sizeof(model::KeyValue));
  std::vector<uint8_t> selected;
  for (int key = 0; key < 3; ++key) {
    const int64_t modulus = key == 0 ? kRows : key == 1 ? 300 : 3;
    columns.Select(PartitionFilter::Compare(key, Op::kEq, int64_t{2}), &selected);
    int64_t matched = 0;
    for (int64_t i = 0; i < kRows; ++i) {
      ASSERT_EQ(selected[i] != 0, i % modulus == 2) << "key " << key << " row " << i;
      matched += selected[i];
    }
    EXPECT_EQ(matched, (kRows - 3) / modulus + 1) << "key " << key;
  }
}

TEST(KeyColumnsTest, NamesAndUpperBound) {
  KeyColumns columns(1);
  for (const char* name : {"a", "a/b", "b", "bb"}) columns.Add(1, name, {model::KeyValue{}});
  columns.Finish();
  EXPECT_EQ(columns.stored_name(0), "a");
  EXPECT_EQ(columns.stored_name(3), "bb");
  EXPECT_EQ(columns.UpperBound(""), 0u);
  EXPECT_EQ(columns.UpperBound("a"), 1u);
  EXPECT_EQ(columns.UpperBound("a/"), 1u);
  EXPECT_EQ(columns.UpperBound("b"), 3u);
  EXPECT_EQ(columns.UpperBound("zz"), 4u);
}

std::shared_ptr<KeyColumns> Rows(int n) {
  auto columns = std::make_shared<KeyColumns>(1);
  for (int i = 0; i < n; ++i) {
    columns->Add(i, absl::StrFormat("%06d", i), {model::KeyValue(static_cast<int64_t>(i))});
  }
  columns->Finish();
  return columns;
}

TEST(KeyColumnCacheTest, BuildsOnTheSecondMissAndForgetsAnOldEpoch) {
  KeyColumnCache cache(1 << 20, 10);
  EXPECT_FALSE(cache.ShouldBuild(1, 100));
  EXPECT_TRUE(cache.ShouldBuild(1, 100));
  cache.Put(1, 100, Rows(50));
  EXPECT_NE(cache.Find(1, 100), nullptr);
  EXPECT_EQ(cache.Find(1, 101), nullptr);
  EXPECT_EQ(cache.Find(2, 100), nullptr);
  EXPECT_FALSE(cache.ShouldBuild(1, 100));  // held
  // A new epoch: the old entry goes, and the new one is built on its own
  // second miss.
  EXPECT_FALSE(cache.ShouldBuild(1, 101));
  EXPECT_EQ(cache.held_tables(), 0u);
  EXPECT_EQ(cache.held_bytes(), 0u);
  EXPECT_TRUE(cache.ShouldBuild(1, 101));
}

TEST(KeyColumnCacheTest, SmallTablesAreNotHeldAndReadAgainRarely) {
  KeyColumnCache cache(1 << 20, 10);
  EXPECT_FALSE(cache.ShouldBuild(1, 1));
  EXPECT_TRUE(cache.ShouldBuild(1, 1));
  cache.Put(1, 1, Rows(5));
  EXPECT_EQ(cache.Find(1, 1), nullptr);
  EXPECT_FALSE(cache.ShouldBuild(1, 1));
  // At the next epoch, the eighth miss reads it again.
  int misses = 0;
  while (!cache.ShouldBuild(1, 2)) ASSERT_LT(++misses, 20);
  EXPECT_EQ(misses, 7);
  cache.Put(1, 2, Rows(20));  // it grew
  EXPECT_NE(cache.Find(1, 2), nullptr);
}

TEST(KeyColumnCacheTest, KeepsItsBudgetDroppingTheLeastRecentlyUsed) {
  const size_t one = Rows(1000)->bytes();
  KeyColumnCache cache(one * 2 + one / 2, 0);
  cache.Put(1, 1, Rows(1000));
  cache.Put(2, 1, Rows(1000));
  ASSERT_NE(cache.Find(1, 1), nullptr);  // 1 is now more recent than 2
  cache.Put(3, 1, Rows(1000));
  EXPECT_NE(cache.Find(1, 1), nullptr);
  EXPECT_EQ(cache.Find(2, 1), nullptr);
  EXPECT_NE(cache.Find(3, 1), nullptr);
  EXPECT_LE(cache.held_bytes(), one * 2 + one / 2);
  // An entry larger than the whole budget is not held, nor built again at
  // that epoch.
  cache.Put(4, 1, Rows(3000));
  EXPECT_EQ(cache.Find(4, 1), nullptr);
  EXPECT_FALSE(cache.ShouldBuild(4, 1));
  EXPECT_FALSE(cache.ShouldBuild(4, 1));
  // Nothing is held with a budget of 0.
  KeyColumnCache none(0, 0);
  EXPECT_FALSE(none.ShouldBuild(1, 1));
  EXPECT_FALSE(none.ShouldBuild(1, 1));
}

// Through a real store: `held` keeps key columns of every table (no minimum
// size), `file` reads everything from SQLite; both on one file.
class KeyColumnsStoreTest : public ::testing::Test {
 protected:
  struct Result {
    std::vector<std::string> names;
    std::vector<model::Partition> partitions;
    int64_t rows_examined = 0;
    bool complete = false;
    std::string last_name;
    std::string plan;
  };

  void SetUp() override {
    path_ = dir_.File("catalog.db");
    held_ = Open(/*key_columns=*/true);
    file_ = Open(/*key_columns=*/false);
    table_ = MakeTable("db", "t", {{"ds", "string"}, {"hr", "int"}, {"b", "int"}});
    auto w = Write(held_.get());
    ASSERT_TRUE(w->tables().CreateDatabase(MakeDatabase("db")).ok());
    ASSERT_TRUE(w->tables().CreateTable(table_).ok());
    ASSERT_TRUE(w->tables().CreateTable(MakeTable("db", "other", {{"x", "string"}})).ok());
    std::vector<model::Partition> parts;
    for (int d = 1; d <= 4; ++d) {
      for (int hr = 0; hr < 6; ++hr) {
        for (int b = 0; b < 5; ++b) {
          parts.push_back(MakePartition(
              table_, {absl::StrFormat("2024-01-%02d", d), absl::StrCat(hr), absl::StrCat(b)}));
        }
      }
    }
    // A value an int key cannot read (NULL typed copy) and the default partition.
    parts.push_back(MakePartition(table_, {"2024-01-09", "x", "3"}));
    parts.push_back(MakePartition(table_, {"2024-01-09", "", "3"}));
    ASSERT_TRUE(w->partitions().CreatePartitions("db", "t", parts).ok());
    ASSERT_TRUE(w->Commit().ok());
  }

  std::unique_ptr<Store> Open(bool key_columns) {
    auto store = OpenSqliteStore({.path = path_,
                                  .reader_pool_size = 2,
                                  .read_cache = key_columns,
                                  .key_columns_min_rows = 0});
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? std::move(*store) : nullptr;
  }
  static std::unique_ptr<WriteTransaction> Write(Store* store) {
    auto txn = store->BeginWrite();
    EXPECT_TRUE(txn.ok()) << txn.status();
    return std::move(*txn);
  }
  static Result Names(Store* store, const PartitionScan& scan, int stop_after = -1) {
    Result r;
    ScanStats stats;
    auto txn = store->BeginRead();
    EXPECT_TRUE(txn.ok()) << txn.status();
    absl::Status status = (*txn)->partitions().ScanPartitionNames(
        "db", "t", scan,
        [&](std::string_view name) {
          if (stop_after >= 0 && static_cast<int>(r.names.size()) >= stop_after) return false;
          r.names.emplace_back(name);
          return true;
        },
        &stats);
    EXPECT_TRUE(status.ok()) << status;
    r.rows_examined = stats.rows_examined;
    r.complete = stats.complete;
    r.last_name = stats.last_name;
    r.plan = stats.plan;
    return r;
  }
  static Result Partitions(Store* store, const PartitionScan& scan, int stop_after = -1) {
    Result r;
    ScanStats stats;
    auto txn = store->BeginRead();
    EXPECT_TRUE(txn.ok()) << txn.status();
    absl::Status status = (*txn)->partitions().ScanPartitions(
        "db", "t", scan,
        [&](model::Partition&& p) {
          if (stop_after >= 0 && static_cast<int>(r.partitions.size()) >= stop_after) {
            return false;
          }
          r.partitions.push_back(p);
          return true;
        },
        &stats);
    EXPECT_TRUE(status.ok()) << status;
    r.rows_examined = stats.rows_examined;
    r.complete = stats.complete;
    r.last_name = stats.last_name;
    r.plan = stats.plan;
    return r;
  }
  static int64_t Count(Store* store, const PartitionFilter& filter) {
    auto txn = store->BeginRead();
    EXPECT_TRUE(txn.ok()) << txn.status();
    absl::StatusOr<int64_t> n = (*txn)->partitions().CountPartitions("db", "t", filter);
    EXPECT_TRUE(n.ok()) << n.status();
    return n.ok() ? *n : -1;
  }
  static bool FromMemory(const Result& r) { return absl::StrContains(r.plan, "held in memory"); }

  // b = 3: a key that is not leading, so every row would be read.
  static PartitionScan OnB(int64_t b) {
    return PartitionScan{.filter = PartitionFilter::Compare(2, Op::kEq, b)};
  }

  testing::TempDir dir_;
  std::string path_;
  std::unique_ptr<Store> held_;
  std::unique_ptr<Store> file_;
  model::Table table_;
};

TEST_F(KeyColumnsStoreTest, ScansEqualTheFileAndComeFromMemoryFromTheSecond) {
  const std::vector<PartitionFilter> filters = {
      PartitionFilter::Compare(2, Op::kEq, int64_t{3}),
      PartitionFilter::Compare(1, Op::kGe, int64_t{4}),
      PartitionFilter::Or({PartitionFilter::Compare(1, Op::kEq, int64_t{0}),
                           PartitionFilter::Compare(2, Op::kLt, int64_t{1})}),
      PartitionFilter::In(1, {int64_t{2}, std::string("x"), model::KeyValue{}}),
      PartitionFilter{.kind = PartitionFilter::Kind::kIsNull, .key_index = 1},
      PartitionFilter::And({PartitionFilter::Compare(2, Op::kNe, int64_t{3}),
                            PartitionFilter{.kind = PartitionFilter::Kind::kIsNotNull,
                                            .key_index = 1}}),
  };
  struct Shape {
    std::string after;
    int64_t limit = 0;
    int64_t budget = 0;
    int stop_after = -1;
  };
  const std::vector<Shape> shapes = {
      {},
      {.limit = 7},
      {.budget = 11},
      {.stop_after = 4},
      {.after = "ds=2024-01-02/hr=3/b=1"},
      {.after = "ds=2024-01-02/hr=3"},
      {.after = "ds=2024-01-02/hr=3/b=1", .limit = 3},
      {.after = "ds=2024-01-03/zz"},
      {.after = "zz"},
  };
  int from_memory = 0;
  int scans = 0;
  for (size_t f = 0; f < filters.size(); ++f) {
    for (const Shape& shape : shapes) {
      PartitionScan scan{.filter = filters[f],
                         .after_name = shape.after,
                         .limit = shape.limit,
                         .max_rows_examined = shape.budget};
      const std::string context = absl::StrCat("filter ", f, " after '", shape.after, "' limit ",
                                               shape.limit, " budget ", shape.budget, " stop ",
                                               shape.stop_after);
      for (int round = 0; round < 2; ++round) {
        const Result want = Names(file_.get(), scan, shape.stop_after);
        const Result got = Names(held_.get(), scan, shape.stop_after);
        EXPECT_EQ(got.names, want.names) << context;
        EXPECT_EQ(got.complete, want.complete) << context;
        if (!want.complete) {
          EXPECT_EQ(got.last_name, want.last_name) << context;
        }
        from_memory += FromMemory(got);
        ++scans;
        const Result want_p = Partitions(file_.get(), scan, shape.stop_after);
        const Result got_p = Partitions(held_.get(), scan, shape.stop_after);
        EXPECT_EQ(got_p.partitions, want_p.partitions) << context;
        EXPECT_EQ(got_p.complete, want_p.complete) << context;
        if (!want_p.complete) {
          EXPECT_EQ(got_p.last_name, want_p.last_name) << context;
        }
        from_memory += FromMemory(got_p);
        ++scans;
        if (shape.after.empty() && shape.limit == 0 && shape.budget == 0 &&
            shape.stop_after < 0) {
          EXPECT_EQ(Count(held_.get(), filters[f]), static_cast<int64_t>(want.names.size()))
              << context;
        }
      }
    }
  }
  // Only the very first scan read the file (the first miss); the second
  // built the entry, and every later one, names or partitions, used it.
  EXPECT_EQ(from_memory, scans - 1);
}

TEST_F(KeyColumnsStoreTest, AFilterAnIndexBoundsIsNotAnsweredFromMemory) {
  PartitionScan on_day{.filter = PartitionFilter::Compare(0, Op::kEq, std::string("2024-01-02"))};
  for (int i = 0; i < 3; ++i) {
    const Result r = Names(held_.get(), on_day);
    EXPECT_FALSE(FromMemory(r)) << r.plan;
    EXPECT_EQ(r.names.size(), 30u);
  }
}

TEST_F(KeyColumnsStoreTest, EveryPartitionWriteIsSeenAndOtherWritesKeepTheEntry) {
  auto warm = [&]() {
    Names(held_.get(), OnB(3));
    const Result r = Names(held_.get(), OnB(3));
    ASSERT_TRUE(FromMemory(r)) << r.plan;
  };
  auto agree = [&](const std::string& what) {
    const Result want = Names(file_.get(), OnB(3));
    const Result got = Names(held_.get(), OnB(3));
    EXPECT_EQ(got.names, want.names) << what;
    // The entry of the old epoch is gone: this scan is the new epoch's
    // first miss and reads the file.
    EXPECT_FALSE(FromMemory(got)) << what << ": " << got.plan;
  };
  auto write = [&](Store* store, const std::function<absl::Status(WriteTransaction&)>& body) {
    auto w = Write(store);
    ASSERT_TRUE(body(*w).ok());
    ASSERT_TRUE(w->Commit().ok());
  };

  warm();
  write(held_.get(), [&](WriteTransaction& w) {
    return w.partitions().CreatePartitions("db", "t",
                                           {MakePartition(table_, {"2024-02-01", "1", "3"})});
  });
  agree("add");

  warm();
  write(held_.get(), [&](WriteTransaction& w) {
    model::Partition moved = MakePartition(table_, {"2024-02-02", "1", "3"});
    return w.partitions().UpdatePartition("db", "t", {"2024-02-01", "1", "3"}, moved);
  });
  agree("alter (rename)");

  warm();
  write(held_.get(), [&](WriteTransaction& w) {
    return w.partitions().DeletePartition("db", "t", {"2024-02-02", "1", "3"});
  });
  agree("drop one");

  warm();
  write(held_.get(), [&](WriteTransaction& w) {
    return w.partitions()
        .DeletePartitions("db", "t", {{"2024-01-01", "0", "3"}, {"2024-01-01", "1", "3"}}, false)
        .status();
  });
  agree("drop several");

  warm();
  write(held_.get(), [&](WriteTransaction& w) {
    // hr becomes a string: its typed copies are re-encoded.
    model::Table changed = table_;
    changed.partition_keys[1].type = "string";
    return w.tables().UpdateTable(changed);
  });
  {
    // Typed as strings, hr = 'x' now matches a row.
    PartitionScan on_x{.filter = PartitionFilter::Compare(1, Op::kEq, std::string("x"))};
    Names(held_.get(), on_x);
    const Result got = Names(held_.get(), on_x);
    EXPECT_TRUE(FromMemory(got)) << got.plan;
    EXPECT_EQ(got.names, Names(file_.get(), on_x).names);
    EXPECT_EQ(got.names.size(), 1u);
  }

  // Writes elsewhere keep the entry: another table's partitions, a table.
  warm();
  write(held_.get(), [&](WriteTransaction& w) {
    model::Table other = MakeTable("db", "other", {{"x", "string"}});
    return w.partitions().CreatePartitions("db", "other", {MakePartition(other, {"v"})});
  });
  write(held_.get(), [&](WriteTransaction& w) {
    return w.tables().CreateTable(MakeTable("db", "third", {}));
  });
  {
    const Result got = Names(held_.get(), OnB(3));
    EXPECT_TRUE(FromMemory(got)) << got.plan;
    EXPECT_EQ(got.names, Names(file_.get(), OnB(3)).names);
  }

  // A write through another store on the file (another process) is seen.
  warm();
  write(file_.get(), [&](WriteTransaction& w) {
    return w.partitions().CreatePartitions("db", "t",
                                           {MakePartition(table_, {"2024-03-01", "1", "3"})});
  });
  agree("add through another store");

  // Dropping the table, then a new one of the same name (and, SQLite
  // permitting, the same id) with other partitions.
  warm();
  write(held_.get(), [&](WriteTransaction& w) { return w.tables().DeleteTable("db", "t"); });
  write(held_.get(), [&](WriteTransaction& w) {
    absl::Status created = w.tables().CreateTable(table_);
    if (!created.ok()) return created;
    return w.partitions().CreatePartitions("db", "t",
                                           {MakePartition(table_, {"2030-01-01", "1", "3"})});
  });
  {
    const Result got = Names(held_.get(), OnB(3));
    EXPECT_EQ(got.names, std::vector<std::string>{"ds=2030-01-01/hr=1/b=3"}) << got.plan;
  }
}

}  // namespace
}  // namespace almanac::storage::sqlite
