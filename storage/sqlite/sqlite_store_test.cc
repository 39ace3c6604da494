// Store-level behaviour of the SQLite backend: opening, transactions,
// databases and tables. Real files in a temporary directory.
#include "storage/sqlite/sqlite_store.h"

#include <atomic>
#include <thread>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "storage/sqlite/test_util.h"

namespace almanac::storage {
namespace {

using sqlite::testing::MakeDatabase;
using sqlite::testing::MakePartition;
using sqlite::testing::MakeTable;
using sqlite::testing::TempDir;

class SqliteStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<Store> Open(SqliteStoreOptions options = {}) {
    if (options.path.empty()) options.path = dir_.File("catalog.db");
    absl::StatusOr<std::unique_ptr<Store>> store = OpenSqliteStore(options);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? std::move(*store) : nullptr;
  }

  std::unique_ptr<WriteTransaction> Write(Store& store) {
    auto txn = store.BeginWrite();
    EXPECT_TRUE(txn.ok()) << txn.status();
    return std::move(*txn);
  }

  std::unique_ptr<ReadTransaction> Read(Store& store) {
    auto txn = store.BeginRead();
    EXPECT_TRUE(txn.ok()) << txn.status();
    return std::move(*txn);
  }

  TempDir dir_;
};

TEST_F(SqliteStoreTest, RejectsBadOptions) {
  EXPECT_EQ(OpenSqliteStore({}).status().code(), absl::StatusCode::kInvalidArgument);
  SqliteStoreOptions options{.path = dir_.File("x.db"), .reader_pool_size = 0};
  EXPECT_EQ(OpenSqliteStore(options).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(SqliteStoreTest, MissingDirectoryIsFailedPrecondition) {
  SqliteStoreOptions options{.path = dir_.File("no/such/dir/x.db")};
  EXPECT_EQ(OpenSqliteStore(options).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(SqliteStoreTest, NotADatabaseIsDataLoss) {
  const std::string path = dir_.File("junk.db");
  FILE* f = fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  for (int i = 0; i < 1000; ++i) fputs("this is not a database file ", f);
  fclose(f);
  EXPECT_EQ(OpenSqliteStore({.path = path}).status().code(), absl::StatusCode::kDataLoss);
}

TEST_F(SqliteStoreTest, DatabaseCrud) {
  auto store = Open();
  auto w = Write(*store);
  model::Database db = MakeDatabase("sales");
  ASSERT_TRUE(w->tables().CreateDatabase(db).ok());
  absl::Status dup = w->tables().CreateDatabase(db);
  EXPECT_EQ(dup.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(dup.message(), "database 'sales' already exists");

  auto got = w->tables().GetDatabase("sales");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(*got, db);

  db.description = "changed";
  db.parameters["k"] = "v";
  ASSERT_TRUE(w->tables().UpdateDatabase(db).ok());
  EXPECT_EQ(*w->tables().GetDatabase("sales"), db);
  EXPECT_EQ(w->tables().UpdateDatabase(MakeDatabase("nope")).code(), absl::StatusCode::kNotFound);

  absl::Status missing = w->tables().GetDatabase("nope").status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.message(), "database 'nope' not found");

  ASSERT_TRUE(w->tables().CreateTable(MakeTable("sales", "orders", {})).ok());
  EXPECT_EQ(w->tables().DeleteDatabase("sales").code(), absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(w->tables().DeleteTable("sales", "orders").ok());
  ASSERT_TRUE(w->tables().DeleteDatabase("sales").ok());
  EXPECT_EQ(w->tables().DeleteDatabase("sales").code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(w->Commit().ok());
}

TEST_F(SqliteStoreTest, ListingsPageByName) {
  auto store = Open();
  auto w = Write(*store);
  for (const char* name : {"d", "a", "c", "b", "e"}) {
    ASSERT_TRUE(w->tables().CreateDatabase(MakeDatabase(name)).ok());
  }
  for (const char* name : {"t3", "t1", "t2"}) {
    ASSERT_TRUE(w->tables().CreateTable(MakeTable("a", name, {})).ok());
  }
  ASSERT_TRUE(w->Commit().ok());

  auto r = Read(*store);
  EXPECT_EQ(*r->tables().ListDatabaseNames({}),
            (std::vector<std::string>{"a", "b", "c", "d", "e"}));
  EXPECT_EQ(*r->tables().ListDatabaseNames({.limit = 2}), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(*r->tables().ListDatabaseNames({.after = "b", .limit = 2}),
            (std::vector<std::string>{"c", "d"}));
  EXPECT_EQ(*r->tables().ListDatabaseNames({.after = "e"}), std::vector<std::string>{});
  EXPECT_EQ(*r->tables().ListTableNames("a", {.after = "t1"}),
            (std::vector<std::string>{"t2", "t3"}));
  EXPECT_EQ(*r->tables().ListTableNames("b", {}), std::vector<std::string>{});
  EXPECT_EQ(r->tables().ListTableNames("zz", {}).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(*r->tables().CountTables("a"), 3);
  EXPECT_EQ(r->tables().CountTables("zz").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(SqliteStoreTest, TableCrud) {
  auto store = Open();
  auto w = Write(*store);
  model::Table t = MakeTable("sales", "orders", {{"year", "int"}});
  EXPECT_EQ(w->tables().CreateTable(t).code(), absl::StatusCode::kNotFound);  // no database yet
  ASSERT_TRUE(w->tables().CreateDatabase(MakeDatabase("sales")).ok());
  ASSERT_TRUE(w->tables().CreateTable(t).ok());
  absl::Status dup = w->tables().CreateTable(t);
  EXPECT_EQ(dup.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(dup.message(), "table 'sales.orders' already exists");
  EXPECT_EQ(*w->tables().GetTable("sales", "orders"), t);

  absl::Status missing = w->tables().GetTable("sales", "nope").status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.message(), "table 'sales.nope' not found");
  EXPECT_EQ(w->tables().GetTable("nodb", "orders").status().code(), absl::StatusCode::kNotFound);

  t.parameters["comment"] = "orders table";
  t.sd.columns.push_back({"extra", "map<string,int>", "c"});
  t.view_original_text = "select 1";
  ASSERT_TRUE(w->tables().UpdateTable(t).ok());
  EXPECT_EQ(*w->tables().GetTable("sales", "orders"), t);
  model::Table other = MakeTable("sales", "nope", {});
  EXPECT_EQ(w->tables().UpdateTable(other).code(), absl::StatusCode::kNotFound);

  EXPECT_EQ(w->tables().DeleteTable("sales", "nope").code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(w->tables().DeleteTable("sales", "orders").ok());
  EXPECT_EQ(w->tables().GetTable("sales", "orders").status().code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(w->Commit().ok());
}

TEST_F(SqliteStoreTest, RenameTableAcrossDatabases) {
  auto store = Open();
  auto w = Write(*store);
  ASSERT_TRUE(w->tables().CreateDatabase(MakeDatabase("a")).ok());
  ASSERT_TRUE(w->tables().CreateDatabase(MakeDatabase("b")).ok());
  model::Table t = MakeTable("a", "t", {{"k", "string"}});
  ASSERT_TRUE(w->tables().CreateTable(t).ok());
  ASSERT_TRUE(w->tables().CreateTable(MakeTable("b", "taken", {})).ok());
  ASSERT_TRUE(w->partitions().CreatePartitions("a", "t", {MakePartition(t, {"x"})}).ok());

  EXPECT_EQ(w->tables().RenameTable("a", "nope", "b", "t2", "").code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(w->tables().RenameTable("a", "t", "nodb", "t2", "").code(),
            absl::StatusCode::kNotFound);
  absl::Status taken = w->tables().RenameTable("a", "t", "b", "taken", "");
  EXPECT_EQ(taken.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(taken.message(), "table 'b.taken' already exists");

  ASSERT_TRUE(w->tables().RenameTable("a", "t", "b", "t2", "").ok());
  EXPECT_EQ(w->tables().GetTable("a", "t").status().code(), absl::StatusCode::kNotFound);
  auto moved = w->tables().GetTable("b", "t2");
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->database, "b");
  EXPECT_EQ(moved->name, "t2");
  EXPECT_EQ(moved->sd.location, t.sd.location);  // no new location given
  auto p = w->partitions().GetPartition("b", "t2", {"x"});
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->database, "b");
  EXPECT_EQ(p->table, "t2");
  EXPECT_EQ(p->sd.location, t.sd.location + "/k=x");
  ASSERT_TRUE(w->Commit().ok());
}

TEST_F(SqliteStoreTest, UncommittedWriteIsRolledBack) {
  auto store = Open();
  {
    auto w = Write(*store);
    ASSERT_TRUE(w->tables().CreateDatabase(MakeDatabase("gone")).ok());
  }
  auto r = Read(*store);
  EXPECT_EQ(r->tables().GetDatabase("gone").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(SqliteStoreTest, FailedCallInsideTransactionLeavesEarlierWorkIntact) {
  auto store = Open();
  auto w = Write(*store);
  ASSERT_TRUE(w->tables().CreateDatabase(MakeDatabase("a")).ok());
  model::Table t = MakeTable("a", "t", {{"k", "string"}});
  ASSERT_TRUE(w->tables().CreateTable(t).ok());
  // The second batch fails on its last partition: none of it may stay.
  ASSERT_TRUE(w->partitions().CreatePartitions("a", "t", {MakePartition(t, {"1"})}).ok());
  absl::Status dup = w->partitions().CreatePartitions(
      "a", "t", {MakePartition(t, {"2"}), MakePartition(t, {"1"})});
  EXPECT_EQ(dup.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(dup.message(), "partition 'a.t/k=1' already exists");
  EXPECT_EQ(*w->partitions().CountPartitions("a", "t", PartitionFilter::True()), 1);
  ASSERT_TRUE(w->Commit().ok());
}

TEST_F(SqliteStoreTest, CommitTwiceIsFailedPrecondition) {
  auto store = Open();
  auto w = Write(*store);
  ASSERT_TRUE(w->Commit().ok());
  EXPECT_EQ(w->Commit().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(w->tables().CreateDatabase(MakeDatabase("a")).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(SqliteStoreTest, PersistsAcrossReopen) {
  const std::string path = dir_.File("persist.db");
  model::Table t = MakeTable("a", "t", {{"year", "int"}});
  {
    auto store = Open({.path = path});
    auto w = Write(*store);
    ASSERT_TRUE(w->tables().CreateDatabase(MakeDatabase("a")).ok());
    ASSERT_TRUE(w->tables().CreateTable(t).ok());
    ASSERT_TRUE(w->partitions().CreatePartitions("a", "t", {MakePartition(t, {"2024"})}).ok());
    ASSERT_TRUE(w->Commit().ok());
  }
  auto store = Open({.path = path});
  auto r = Read(*store);
  EXPECT_EQ(*r->tables().GetDatabase("a"), MakeDatabase("a"));
  EXPECT_EQ(*r->tables().GetTable("a", "t"), t);
  EXPECT_EQ(*r->partitions().GetPartition("a", "t", {"2024"}), MakePartition(t, {"2024"}));
}

TEST_F(SqliteStoreTest, SecondWriterWaitsThenAborts) {
  auto store = Open({.busy_timeout = absl::Milliseconds(100)});
  auto w = Write(*store);
  absl::Time start = absl::Now();
  auto second = store->BeginWrite();
  EXPECT_EQ(second.status().code(), absl::StatusCode::kAborted);
  // Clients see this message: it names no server file path.
  EXPECT_EQ(second.status().message(), "the catalog is busy: another write is in progress");
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(90));
  ASSERT_TRUE(w->Commit().ok());
  // The slot is free again as soon as the first commits.
  EXPECT_TRUE(store->BeginWrite().ok());
}

TEST_F(SqliteStoreTest, WriterInAnotherProcessStoreIsAborted) {
  // Two stores on one file stand for two processes: SQLite's file lock, not
  // our mutex, arbitrates.
  const std::string path = dir_.File("shared.db");
  auto a = Open({.path = path, .busy_timeout = absl::Milliseconds(100)});
  auto b = Open({.path = path, .busy_timeout = absl::Milliseconds(100)});
  auto w = Write(*a);
  const absl::Status busy = b->BeginWrite().status();
  EXPECT_EQ(busy.code(), absl::StatusCode::kAborted);
  // SQLite's own error reaches clients too: it names no server file path.
  EXPECT_EQ(busy.message().find("shared.db"), absl::string_view::npos) << busy;
  EXPECT_EQ(busy.message().find("catalog database: "), 0u) << busy;
}

TEST_F(SqliteStoreTest, ReadersSeeASnapshotAndRunBesideTheWriter) {
  auto store = Open();
  {
    auto w = Write(*store);
    ASSERT_TRUE(w->tables().CreateDatabase(MakeDatabase("before")).ok());
    ASSERT_TRUE(w->Commit().ok());
  }
  auto r = Read(*store);
  auto w = Write(*store);
  ASSERT_TRUE(w->tables().CreateDatabase(MakeDatabase("during")).ok());
  // The reader is not blocked by the open write transaction...
  EXPECT_EQ(*r->tables().ListDatabaseNames({}), std::vector<std::string>{"before"});
  ASSERT_TRUE(w->Commit().ok());
  // ...and keeps its snapshot after the commit.
  EXPECT_EQ(*r->tables().ListDatabaseNames({}), std::vector<std::string>{"before"});
  auto fresh = Read(*store);
  EXPECT_EQ(*fresh->tables().ListDatabaseNames({}), (std::vector<std::string>{"before", "during"}));
}

TEST_F(SqliteStoreTest, ReaderPoolExhaustionIsAborted) {
  auto store = Open({.busy_timeout = absl::Milliseconds(50), .reader_pool_size = 2});
  auto r1 = Read(*store);
  auto r2 = Read(*store);
  const absl::Status busy = store->BeginRead().status();
  EXPECT_EQ(busy.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(busy.message(), "the catalog is busy: all 2 reader connections are in use");
  r1.reset();
  EXPECT_TRUE(store->BeginRead().ok());
}

TEST_F(SqliteStoreTest, ConcurrentReadersAndWriters) {
  auto store = Open({.reader_pool_size = 3});
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i) {
    threads.emplace_back([&, i] {
      for (int j = 0; j < 20; ++j) {
        auto w = store->BeginWrite();
        if (!w.ok() ||
            !(*w)->tables().CreateDatabase(MakeDatabase(absl::StrCat("w", i, "_", j))).ok() ||
            !(*w)->Commit().ok()) {
          ++failures;
        }
        auto r = store->BeginRead();
        if (!r.ok() || !(*r)->tables().ListDatabaseNames({}).ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Read(*store)->tables().ListDatabaseNames({})->size(), 60u);
}

TEST_F(SqliteStoreTest, ReadOnlyStore) {
  const std::string path = dir_.File("ro.db");
  {
    auto store = Open({.path = path});
    auto w = Write(*store);
    ASSERT_TRUE(w->tables().CreateDatabase(MakeDatabase("a")).ok());
    ASSERT_TRUE(w->Commit().ok());
  }
  auto store = Open({.path = path, .read_only = true});
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->BeginWrite().status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store->BeginWrite().status().message(), "the catalog is open read-only");
  EXPECT_TRUE(Read(*store)->tables().GetDatabase("a").ok());
  // A missing file cannot be opened read-only.
  EXPECT_EQ(OpenSqliteStore({.path = dir_.File("missing.db"), .read_only = true}).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(SqliteStoreTest, ReadTransactionRejectsNothingButWritesAreNotOffered) {
  // A ReadTransaction has no write methods; the same object behind BeginRead
  // must refuse writes if ever cast.
  auto store = Open();
  auto r = Read(*store);
  auto* as_write = dynamic_cast<WriteTransaction*>(r.get());
  ASSERT_NE(as_write, nullptr);
  EXPECT_EQ(as_write->tables().CreateDatabase(MakeDatabase("x")).code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace almanac::storage
