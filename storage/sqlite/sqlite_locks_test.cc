// Lock rows of the SQLite backend: components round trip in order, updates,
// deletes cascade to components, ids are never reused, locks survive reopening.
#include <memory>
#include <vector>

#include "gtest/gtest.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/sqlite/test_util.h"

namespace almanac::storage {
namespace {

using sqlite::testing::TempDir;

model::Lock TwoComponentLock() {
  model::Lock lock;
  lock.components = {
      {.type = model::LockType::kExclusive, .level = model::LockLevel::kTable,
       .database = "db", .table = "t"},
      {.type = model::LockType::kSharedRead, .level = model::LockLevel::kPartition,
       .database = "db", .table = "u", .partition = "year=2024"},
  };
  lock.state = model::LockState::kWaiting;
  lock.user = "alice";
  lock.host = "h1";
  lock.agent_info = "Iceberg-1234";
  lock.created_at_ms = 1000;
  lock.last_heartbeat_ms = 1000;
  return lock;
}

class SqliteLocksTest : public ::testing::Test {
 protected:
  std::unique_ptr<Store> Open() {
    auto store = OpenSqliteStore({.path = dir_.File("c.db"), .sync_every_commit = false});
    EXPECT_TRUE(store.ok()) << store.status();
    return std::move(*store);
  }
  std::vector<model::Lock> List(Store& store) {
    auto txn = store.BeginRead();
    auto locks = (*txn)->locks().ListLocks();
    EXPECT_TRUE(locks.ok()) << locks.status();
    return *locks;
  }
  TempDir dir_;
};

TEST_F(SqliteLocksTest, InsertListUpdateDeleteAndReopen) {
  model::Lock lock = TwoComponentLock();
  {
    std::unique_ptr<Store> store = Open();
    auto txn = store->BeginWrite();
    auto id = (*txn)->locks().InsertLock(lock);
    ASSERT_TRUE(id.ok()) << id.status();
    EXPECT_EQ(*id, 1);
    lock.id = *id;
    ASSERT_TRUE((*txn)->Commit().ok());
    EXPECT_EQ(List(*store), std::vector<model::Lock>{lock});

    lock.state = model::LockState::kAcquired;
    lock.acquired_at_ms = 2000;
    lock.last_heartbeat_ms = 2500;
    lock.heartbeat_count = 3;
    auto update = store->BeginWrite();
    ASSERT_TRUE((*update)->locks().UpdateLock(lock).ok());
    ASSERT_TRUE((*update)->Commit().ok());
  }
  std::unique_ptr<Store> store = Open();
  EXPECT_EQ(List(*store), std::vector<model::Lock>{lock});

  auto txn = store->BeginWrite();
  ASSERT_TRUE((*txn)->locks().DeleteLock(lock.id).ok());
  EXPECT_EQ((*txn)->locks().DeleteLock(lock.id).code(), absl::StatusCode::kNotFound);
  model::Lock missing = lock;
  missing.id = 99;
  EXPECT_EQ((*txn)->locks().UpdateLock(missing).code(), absl::StatusCode::kNotFound);
  // A released id is never handed out again.
  auto next = (*txn)->locks().InsertLock(TwoComponentLock());
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(*next, 2);
  ASSERT_TRUE((*txn)->Commit().ok());
  std::vector<model::Lock> left = List(*store);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].id, 2);
  EXPECT_EQ(left[0].components.size(), 2u);
}

}  // namespace
}  // namespace almanac::storage
