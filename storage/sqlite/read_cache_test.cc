// The reader connections' cache (read_cache.h): what it answers is what the
// file holds at the transaction's snapshot, after commits by this store, by
// another store on the same file and by a plain SQLite connection; and the
// answers it replays (name pages, scan counts, resume positions) are those a
// store without the cache gives.
#include "storage/sqlite/read_cache.h"

#include <sqlite3.h>

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/sqlite/test_util.h"

namespace almanac::storage {
namespace {

using sqlite::testing::MakeDatabase;
using sqlite::testing::MakePartition;
using sqlite::testing::MakeTable;
using sqlite::testing::TempDir;
using Names = std::vector<std::string>;

// Everything one scan reports: the names visited and its statistics.
struct ScanResult {
  Names names;
  std::vector<model::Partition> partitions;  // full scans only
  int64_t rows_examined = 0;
  int64_t rows_returned = 0;
  bool complete = false;
  std::string last_name;
  std::string plan;

  void Keep(const ScanStats& stats) {
    rows_examined = stats.rows_examined;
    rows_returned = stats.rows_returned;
    complete = stats.complete;
    last_name = stats.last_name;
    plan = stats.plan;
  }
  bool operator==(const ScanResult&) const = default;
};

void PrintTo(const ScanResult& r, std::ostream* os) {
  *os << r.names.size() << " names, " << r.partitions.size() << " partitions, examined " << r.rows_examined << ", returned "
      << r.rows_returned << ", complete " << r.complete << ", last '" << r.last_name
      << "', plan '" << r.plan << "'";
}

class ReadCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("catalog.db");
    cached_ = Open(true);
    // A second store on the same file reads everything from the file: the
    // reference the cached answers must equal.
    uncached_ = Open(false);
    table_ = MakeTable("db", "t", {{"n", "int"}});
    auto w = Write(cached_.get());
    ASSERT_TRUE(w->tables().CreateDatabase(MakeDatabase("db")).ok());
    ASSERT_TRUE(w->tables().CreateTable(table_).ok());
    std::vector<model::Partition> parts;
    for (int i = 0; i < 30; ++i) parts.push_back(MakePartition(table_, {absl::StrCat(i)}));
    ASSERT_TRUE(w->partitions().CreatePartitions("db", "t", parts).ok());
    for (int i = 0; i < 20; ++i) {
      ASSERT_TRUE(w->tables().CreateTable(MakeTable("db", absl::StrFormat("t%02d", i), {})).ok());
    }
    ASSERT_TRUE(w->Commit().ok());
  }

  std::unique_ptr<Store> Open(bool read_cache) {
    // One reader each, so consecutive reads share a connection and its cache.
    auto store =
        OpenSqliteStore({.path = path_, .reader_pool_size = 1, .read_cache = read_cache});
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? std::move(*store) : nullptr;
  }
  static std::unique_ptr<WriteTransaction> Write(Store* store) {
    auto txn = store->BeginWrite();
    EXPECT_TRUE(txn.ok()) << txn.status();
    return std::move(*txn);
  }
  static std::unique_ptr<ReadTransaction> Read(Store* store) {
    auto txn = store->BeginRead();
    EXPECT_TRUE(txn.ok()) << txn.status();
    return std::move(*txn);
  }
  static Names TableNames(Store* store, const PageRequest& page = {}) {
    auto names = Read(store)->tables().ListTableNames("db", page);
    EXPECT_TRUE(names.ok()) << names.status();
    return names.ok() ? *names : Names{};
  }
  // `stop_after`: the visitor declines the name after this many (-1: never).
  static ScanResult Scan(Store* store, const PartitionScan& scan, int stop_after = -1) {
    ScanResult result;
    ScanStats stats;
    absl::Status status = Read(store)->partitions().ScanPartitionNames(
        "db", "t", scan,
        [&](std::string_view name) {
          if (stop_after >= 0 && static_cast<int>(result.names.size()) >= stop_after) return false;
          result.names.emplace_back(name);
          return true;
        },
        &stats);
    EXPECT_TRUE(status.ok()) << status;
    result.Keep(stats);
    return result;
  }
  // The same through ScanPartitions, keeping each partition (copied: the
  // visitor only reads, as the Thrift encoder does) and its first value.
  static ScanResult FullScan(Store* store, const PartitionScan& scan, int stop_after = -1) {
    ScanResult result;
    ScanStats stats;
    absl::Status status = Read(store)->partitions().ScanPartitions(
        "db", "t", scan,
        [&](model::Partition&& p) {
          if (stop_after >= 0 && static_cast<int>(result.names.size()) >= stop_after) return false;
          result.names.push_back("n=" + p.values.at(0));
          result.partitions.push_back(p);
          return true;
        },
        &stats);
    EXPECT_TRUE(status.ok()) << status;
    result.Keep(stats);
    return result;
  }
  static PartitionScan NameScan(std::string after = "", int64_t limit = 0, int64_t budget = 0) {
    PartitionScan scan;
    scan.filter = PartitionFilter::True();
    scan.after_name = std::move(after);
    scan.limit = limit;
    scan.max_rows_examined = budget;
    return scan;
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<Store> cached_;
  std::unique_ptr<Store> uncached_;
  model::Table table_;
};

TEST_F(ReadCacheTest, ValidateKeepsEntriesOnlyForTheSameVersion) {
  sqlite::ReadCache cache;
  cache.Validate(7);
  cache.PutTableNames(1, {"a", "b"});
  cache.Validate(7);
  ASSERT_NE(cache.FindTableNames(1), nullptr);
  EXPECT_EQ(*cache.FindTableNames(1), (Names{"a", "b"}));
  cache.Validate(8);
  EXPECT_EQ(cache.FindTableNames(1), nullptr);
  EXPECT_EQ(cache.invalidations(), 1);
}

TEST_F(ReadCacheTest, NameListsBeyondTheBoundAreNotKept) {
  sqlite::ReadCache cache;
  cache.Validate(1);
  cache.PutPartitionNames(1, Names(sqlite::ReadCache::kMaxNames + 1, "x"));
  EXPECT_EQ(cache.FindPartitionNames(1), nullptr);
  // Lists that together pass the bound start the cache over.
  cache.PutPartitionNames(1, Names(sqlite::ReadCache::kMaxNames / 2 + 1, "x"));
  cache.PutPartitionNames(2, Names(sqlite::ReadCache::kMaxNames / 2 + 1, "y"));
  EXPECT_EQ(cache.FindPartitionNames(1), nullptr);
  ASSERT_NE(cache.FindPartitionNames(2), nullptr);
}

TEST_F(ReadCacheTest, TableNamePagesEqualTheFiles) {
  // The first full listing fills the cache; every page after it comes from it.
  EXPECT_EQ(TableNames(cached_.get()), TableNames(uncached_.get()));
  for (const PageRequest& page :
       {PageRequest{}, PageRequest{.limit = 5}, PageRequest{.after = "t", .limit = 3},
        PageRequest{.after = "t05"}, PageRequest{.after = "t05", .limit = 100},
        PageRequest{.after = "zzz"}, PageRequest{.after = "t19", .limit = 1}}) {
    EXPECT_EQ(TableNames(cached_.get(), page), TableNames(uncached_.get(), page))
        << "after '" << page.after << "' limit " << page.limit;
  }
}

TEST_F(ReadCacheTest, PartitionNameScansEqualTheFiles) {
  ASSERT_EQ(Scan(cached_.get(), NameScan()), Scan(uncached_.get(), NameScan()));
  const std::vector<std::pair<PartitionScan, int>> cases = {
      {NameScan(), -1},          {NameScan("", 10), -1},      {NameScan("n=15"), -1},
      {NameScan("n=15", 4), -1}, {NameScan("", 0, 7), -1},    {NameScan("n=2", 5, 3), -1},
      {NameScan(), 0},           {NameScan("n=1", 0, 0), 6},  {NameScan("n=9"), -1},
      {NameScan("", 30), -1},    {NameScan("", 31), -1}};
  for (const auto& [scan, stop_after] : cases) {
    EXPECT_EQ(Scan(cached_.get(), scan, stop_after), Scan(uncached_.get(), scan, stop_after))
        << "after '" << scan.after_name << "' limit " << scan.limit << " budget "
        << scan.max_rows_examined << " stop after " << stop_after;
  }
  PartitionScan none = NameScan("n=3", 4);
  none.index_hint = "none";
  EXPECT_EQ(Scan(cached_.get(), none), Scan(uncached_.get(), none));
}

TEST_F(ReadCacheTest, FullPartitionScansEqualTheFiles) {
  ASSERT_EQ(FullScan(cached_.get(), NameScan()), FullScan(uncached_.get(), NameScan()));
  const std::vector<std::pair<PartitionScan, int>> cases = {
      {NameScan(), -1},          {NameScan("", 10), -1},     {NameScan("n=15"), -1},
      {NameScan("n=15", 4), -1}, {NameScan("", 0, 7), -1},   {NameScan("n=2", 5, 3), -1},
      {NameScan(), 0},           {NameScan("n=1", 0, 0), 6}, {NameScan("", 30), -1},
      {NameScan("", 31), -1}};
  for (const auto& [scan, stop_after] : cases) {
    EXPECT_EQ(FullScan(cached_.get(), scan, stop_after),
              FullScan(uncached_.get(), scan, stop_after))
        << "after '" << scan.after_name << "' limit " << scan.limit << " budget "
        << scan.max_rows_examined << " stop after " << stop_after;
  }
}

// Filtered name-order scans: the first goes to SQLite, the second reads the
// table's whole list into the cache, the next are answered from memory;
// every one returns what the file holds, in the same order, stopping and
// resuming at the same names.
TEST_F(ReadCacheTest, FilteredScansFromTheHeldListEqualTheFiles) {
  using Op = PartitionFilter::Op;
  auto n = [](int64_t v) { return model::KeyValue(std::in_place_type<int64_t>, v); };
  const std::vector<PartitionFilter> filters = {
      PartitionFilter::And({PartitionFilter::Compare(0, Op::kGe, n(10)),
                            PartitionFilter::Compare(0, Op::kLt, n(20))}),
      PartitionFilter::In(0, {n(3), n(7), n(100), model::KeyValue{}}),
      PartitionFilter::Or({PartitionFilter::Compare(0, Op::kEq, n(29)),
                           PartitionFilter::Compare(0, Op::kLe, n(1)),
                           PartitionFilter::Compare(0, Op::kNe, n(5))}),
      PartitionFilter::Compare(0, Op::kLe, n(1)),
      PartitionFilter::Compare(0, Op::kLt, n(2)),
      PartitionFilter::Compare(0, Op::kGe, n(28)),
      PartitionFilter::Compare(0, Op::kGt, n(27)),
      PartitionFilter::Compare(0, Op::kNe, n(5)),
      PartitionFilter::Compare(0, Op::kEq, model::KeyValue(std::string("7"))),  // text: none
      {.kind = PartitionFilter::Kind::kIsNull, .key_index = 0},
      PartitionFilter::False(),
  };
  struct Shape {
    std::string after;
    int64_t limit;
    int stop_after;
  };
  const std::vector<Shape> shapes = {{"", 0, -1}, {"", 3, -1}, {"n=15", 0, -1},
                                     {"n=15", 2, -1}, {"", 0, 2}};
  int from_memory = 0;
  for (size_t f = 0; f < filters.size(); ++f) {
    for (const Shape& shape : shapes) {
      PartitionScan scan = NameScan(shape.after, shape.limit);
      scan.filter = filters[f];
      const ScanResult want = FullScan(uncached_.get(), scan, shape.stop_after);
      const ScanResult got = FullScan(cached_.get(), scan, shape.stop_after);
      const std::string context = absl::StrCat("filter ", f, " after '", shape.after, "' limit ",
                                               shape.limit, " stop after ", shape.stop_after);
      EXPECT_EQ(got.names, want.names) << context;
      EXPECT_EQ(got.partitions, want.partitions) << context;
      EXPECT_EQ(got.rows_returned, want.rows_returned) << context;
      EXPECT_EQ(got.complete, want.complete) << context;
      // Where a stopped scan resumes is the last row it kept. A complete
      // scan's position may differ (SQLite read only the matches through
      // the built-in index, memory read every row), but nothing follows it.
      if (!want.complete) {
        EXPECT_EQ(got.last_name, want.last_name) << context;
      }
      if (absl::StrContains(got.plan, "held in memory")) {
        ++from_memory;
        if (shape.after.empty() && got.complete) {
          EXPECT_EQ(got.rows_examined, 30) << context;
        }
      }
    }
  }
  // All but the very first scan come from memory.
  EXPECT_EQ(from_memory, static_cast<int>(filters.size() * shapes.size()) - 1);

  // A filter storage cannot evaluate fails the same way from memory.
  PartitionScan bad = NameScan();
  bad.filter = PartitionFilter::Compare(9, Op::kEq, n(1));
  absl::Status status = Read(cached_.get())
                            ->partitions()
                            .ScanPartitions("db", "t", bad,
                                            [](model::Partition&&) { return true; }, nullptr);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
}

// Lookups by name: the second reads the table's list, the next are answered
// from it; every one equals what the file holds (order, repeats, misses).
TEST_F(ReadCacheTest, LookupsByNameFromTheHeldListEqualTheFiles) {
  const std::vector<std::vector<std::string>> asks = {
      {"n=7", "n=3", "n=99", "n=7", "n=29", "n=0"}, {"n=15"}, {"n=nope"}, {"n=1", "n=10"}};
  for (int round = 0; round < 3; ++round) {
    for (const std::vector<std::string>& names : asks) {
      auto want = Read(uncached_.get())->partitions().GetPartitionsByNames("db", "t", names);
      auto got = Read(cached_.get())->partitions().GetPartitionsByNames("db", "t", names);
      ASSERT_TRUE(want.ok()) << want.status();
      ASSERT_TRUE(got.ok()) << got.status();
      EXPECT_EQ(*got, *want) << "round " << round << ", " << names.size() << " names";
    }
  }
  // The list is held now: a filtered scan is answered from it at once.
  PartitionScan scan = NameScan();
  scan.filter = PartitionFilter::Compare(0, PartitionFilter::Op::kEq,
                                         model::KeyValue(std::in_place_type<int64_t>, 7));
  EXPECT_TRUE(absl::StrContains(FullScan(cached_.get(), scan).plan, "held in memory"));
}

TEST_F(ReadCacheTest, AVisitorThatMovesThePartitionAwayDoesNotEmptyTheCache) {
  auto moving_scan = [&] {
    std::vector<model::Partition> kept;
    EXPECT_TRUE(Read(cached_.get())
                    ->partitions()
                    .ScanPartitions(
                        "db", "t", NameScan(),
                        [&](model::Partition&& p) {
                          kept.push_back(std::move(p));
                          return true;
                        },
                        nullptr)
                    .ok());
    return kept;
  };
  std::vector<model::Partition> first = moving_scan();   // fills the cache
  std::vector<model::Partition> second = moving_scan();  // answered from it
  ASSERT_EQ(second.size(), 30u);
  EXPECT_EQ(first, second);
  EXPECT_EQ(moving_scan(), first);
}

TEST_F(ReadCacheTest, PartitionChangesReachCachedScans) {
  ASSERT_EQ(FullScan(cached_.get(), NameScan()).partitions.size(), 30u);
  model::Partition changed = MakePartition(table_, {"7"});
  changed.parameters["numRows"] = "42";
  auto w = Write(cached_.get());
  ASSERT_TRUE(w->partitions().UpdatePartition("db", "t", {"7"}, changed).ok());
  ASSERT_TRUE(w->Commit().ok());
  ScanResult after = FullScan(cached_.get(), NameScan());
  ASSERT_EQ(after, FullScan(uncached_.get(), NameScan()));
  bool seen = false;
  for (const model::Partition& p : after.partitions) {
    if (p.values == Names{"7"}) seen = p.parameters.contains("numRows");
  }
  EXPECT_TRUE(seen);
}

TEST_F(ReadCacheTest, SeesCommitsOfItsOwnStore) {
  ASSERT_EQ(TableNames(cached_.get()).size(), 21u);
  ASSERT_EQ(Scan(cached_.get(), NameScan()).names.size(), 30u);
  auto before = Read(cached_.get())->tables().GetTable("db", "t");
  ASSERT_TRUE(before.ok());

  auto w = Write(cached_.get());
  ASSERT_TRUE(w->tables().CreateTable(MakeTable("db", "new_table", {})).ok());
  ASSERT_TRUE(w->partitions().CreatePartitions("db", "t", {MakePartition(table_, {"99"})}).ok());
  model::Table changed = table_;
  changed.parameters["comment"] = "changed";
  ASSERT_TRUE(w->tables().UpdateTable(changed).ok());
  ASSERT_TRUE(w->Commit().ok());

  Names tables = TableNames(cached_.get());
  EXPECT_EQ(tables.size(), 22u);
  EXPECT_NE(std::find(tables.begin(), tables.end(), "new_table"), tables.end());
  EXPECT_EQ(Scan(cached_.get(), NameScan()).names.size(), 31u);
  auto after = Read(cached_.get())->tables().GetTable("db", "t");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->parameters.at("comment"), "changed");
}

TEST_F(ReadCacheTest, SeesCommitsOfAnotherStoreOnTheSameFile) {
  ASSERT_EQ(TableNames(cached_.get()).size(), 21u);
  auto w = Write(uncached_.get());
  ASSERT_TRUE(w->tables().DeleteTable("db", "t00").ok());
  ASSERT_TRUE(w->partitions().DeletePartition("db", "t", {"0"}).ok());
  ASSERT_TRUE(w->Commit().ok());
  EXPECT_EQ(TableNames(cached_.get()).size(), 20u);
  EXPECT_EQ(Scan(cached_.get(), NameScan()).names.size(), 29u);
}

TEST_F(ReadCacheTest, SeesCommitsOfAPlainSqliteConnection) {
  ASSERT_EQ(TableNames(cached_.get()).size(), 21u);
  // Another process's view: a connection that knows nothing of the store.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE tables SET name = 'renamed' WHERE name = 't01'", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  Names tables = TableNames(cached_.get());
  EXPECT_NE(std::find(tables.begin(), tables.end(), "renamed"), tables.end());
  EXPECT_EQ(std::find(tables.begin(), tables.end(), "t01"), tables.end());
}

TEST_F(ReadCacheTest, ATransactionKeepsItsSnapshot) {
  // Two readers: the first holds its snapshot while a commit lands.
  auto store = OpenSqliteStore({.path = path_, .reader_pool_size = 2});
  ASSERT_TRUE(store.ok());
  auto old_txn = Read(store->get());
  ASSERT_EQ(old_txn->tables().ListTableNames("db", {})->size(), 21u);
  auto w = Write(store->get());
  ASSERT_TRUE(w->tables().CreateTable(MakeTable("db", "later", {})).ok());
  ASSERT_TRUE(w->Commit().ok());
  EXPECT_EQ(TableNames(store->get()).size(), 22u);
  EXPECT_EQ(old_txn->tables().ListTableNames("db", {})->size(), 21u);
  old_txn.reset();
  EXPECT_EQ(TableNames(store->get()).size(), 22u);
}

TEST_F(ReadCacheTest, WriteTransactionsReadTheirOwnWrites) {
  ASSERT_EQ(TableNames(cached_.get()).size(), 21u);
  auto w = Write(cached_.get());
  ASSERT_TRUE(w->tables().CreateTable(MakeTable("db", "pending", {})).ok());
  auto names = w->tables().ListTableNames("db", {});
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(names->size(), 22u);
  // Rolled back: readers never saw it.
  w.reset();
  EXPECT_EQ(TableNames(cached_.get()).size(), 21u);
}

}  // namespace
}  // namespace almanac::storage
