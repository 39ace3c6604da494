// LockManager against a real SQLite file: the compatibility matrix, object
// overlap, waiting in request order, all-or-none requests, heartbeats and
// expiry with an injected clock, persistence across reopening.
#include "catalog/service/lock_manager.h"

#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "catalog/service/service_test_util.h"
#include "gtest/gtest.h"

namespace almanac::service {
namespace {

using model::LockLevel;
using model::LockState;
using model::LockType;

constexpr LockType kSR = LockType::kSharedRead;
constexpr LockType kSW = LockType::kSharedWrite;
constexpr LockType kEW = LockType::kExclWrite;
constexpr LockType kEX = LockType::kExclusive;

model::LockComponent TableLock(LockType type, std::string table, std::string db = "db") {
  return {.type = type, .level = LockLevel::kTable, .database = db, .table = table};
}
model::LockComponent DbLock(LockType type, std::string db = "db") {
  return {.type = type, .level = LockLevel::kDb, .database = db};
}
model::LockComponent PartLock(LockType type, std::string table, std::string part) {
  return {.type = type, .level = LockLevel::kPartition, .database = "db", .table = table,
          .partition = part};
}

class LockManagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() /
           absl::StrCat("almanac_lock_test_", rd(), "_", rd());
    std::filesystem::create_directories(dir_);
    Reopen();
  }
  void TearDown() override {
    locks_.reset();
    core_.reset();
    store_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  // A new manager over a newly opened store on the same file: a restart.
  void Reopen() {
    locks_.reset();
    core_.reset();
    store_.reset();
    auto store = testing::OpenTestStore((dir_ / "catalog.db").string());
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    core_ = std::make_unique<ServiceCore>(store_.get(), CatalogOptions{});
    locks_ = std::make_unique<LockManager>(
        core_.get(), LockManagerOptions{.timeout = absl::Seconds(300),
                                        .clock = [this] { return now_; }});
  }

  model::Lock Take(std::vector<model::LockComponent> components) {
    auto lock = locks_->Lock(ctx_, LockRequest{.components = std::move(components), .user = "u",
                                         .host = "h", .agent_info = "Iceberg-test"});
    EXPECT_TRUE(lock.ok()) << lock.status();
    return lock.ok() ? *lock : model::Lock{};
  }
  LockState Check(int64_t id) {
    auto lock = locks_->CheckLock(ctx_, id);
    EXPECT_TRUE(lock.ok()) << lock.status();
    return lock.ok() ? lock->state : LockState::kAbort;
  }

  std::filesystem::path dir_;
  absl::Time now_ = absl::FromUnixSeconds(1700000000);
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<ServiceCore> core_;
  std::unique_ptr<LockManager> locks_;
  model::RequestContext ctx_ = model::RequestContext::Internal();
};

TEST(LockMatrixTest, MatchesHive) {
  const LockType types[] = {kSR, kSW, kEW, kEX};
  // Rows held, columns requested, in the order above.
  const bool expected[4][4] = {
      {true, true, true, false},
      {true, true, false, false},
      {true, false, false, false},
      {false, false, false, false},
  };
  for (int h = 0; h < 4; ++h) {
    for (int r = 0; r < 4; ++r) {
      EXPECT_EQ(LockTypesCompatible(types[h], types[r]), expected[h][r])
          << model::LockTypeName(types[h]) << " vs " << model::LockTypeName(types[r]);
    }
  }
}

TEST(LockOverlapTest, DatabaseTableAndPartitionLevels) {
  EXPECT_TRUE(LockObjectsOverlap(DbLock(kEX), TableLock(kEX, "t")));
  EXPECT_TRUE(LockObjectsOverlap(TableLock(kEX, "t"), PartLock(kEX, "t", "p=1")));
  EXPECT_TRUE(LockObjectsOverlap(PartLock(kEX, "t", "p=1"), PartLock(kEX, "t", "p=1")));
  EXPECT_FALSE(LockObjectsOverlap(PartLock(kEX, "t", "p=1"), PartLock(kEX, "t", "p=2")));
  EXPECT_FALSE(LockObjectsOverlap(TableLock(kEX, "t"), TableLock(kEX, "u")));
  EXPECT_FALSE(LockObjectsOverlap(DbLock(kEX, "a"), DbLock(kEX, "b")));
}

TEST_F(LockManagerTest, EveryPairOfTypesOnOneTable) {
  const LockType types[] = {kSR, kSW, kEW, kEX};
  for (LockType held : types) {
    for (LockType requested : types) {
      SCOPED_TRACE(std::string(model::LockTypeName(held)) + " then " +
                   std::string(model::LockTypeName(requested)));
      model::Lock first = Take({TableLock(held, "t")});
      ASSERT_EQ(first.state, LockState::kAcquired);
      model::Lock second = Take({TableLock(requested, "t")});
      EXPECT_EQ(second.state, LockTypesCompatible(held, requested) ? LockState::kAcquired
                                                                   : LockState::kWaiting);
      ASSERT_TRUE(locks_->Unlock(ctx_, first.id).ok());
      EXPECT_EQ(Check(second.id), LockState::kAcquired);
      ASSERT_TRUE(locks_->Unlock(ctx_, second.id).ok());
    }
  }
}

TEST_F(LockManagerTest, NamesAreCaseInsensitiveAndLevelsNest) {
  model::Lock table = Take({TableLock(kEX, "Orders", "Sales")});
  EXPECT_EQ(Take({TableLock(kSR, "orders", "sales")}).state, LockState::kWaiting);
  EXPECT_EQ(Take({DbLock(kSR, "sales")}).state, LockState::kWaiting);
  // Behind the waiting database-level reader, even on another table.
  EXPECT_EQ(Take({TableLock(kEX, "other", "sales")}).state, LockState::kWaiting);
  EXPECT_EQ(Take({TableLock(kEX, "other", "hr")}).state, LockState::kAcquired);
  EXPECT_EQ(table.components[0].database, "sales");
}

TEST_F(LockManagerTest, WaitersAreGrantedInRequestOrder) {
  model::Lock holder = Take({TableLock(kEX, "t")});
  model::Lock writer = Take({TableLock(kEX, "t")});
  model::Lock reader = Take({TableLock(kSR, "t")});
  ASSERT_EQ(writer.state, LockState::kWaiting);
  ASSERT_EQ(reader.state, LockState::kWaiting);
  // The reader's check does not jump the queue while the writer waits.
  EXPECT_EQ(Check(reader.id), LockState::kWaiting);
  ASSERT_TRUE(locks_->Unlock(ctx_, holder.id).ok());
  EXPECT_EQ(Check(reader.id), LockState::kWaiting);
  EXPECT_EQ(Check(writer.id), LockState::kAcquired);
  ASSERT_TRUE(locks_->Unlock(ctx_, writer.id).ok());
  EXPECT_EQ(Check(reader.id), LockState::kAcquired);
}

TEST_F(LockManagerTest, WaitersBlockLaterConflictingRequests) {
  model::Lock exclusive = Take({PartLock(kEX, "t", "p=1")});
  model::Lock table_reader = Take({TableLock(kSR, "t")});  // waits for the partition
  model::Lock other_part = Take({PartLock(kEX, "t", "p=2")});  // no conflict with p=1
  ASSERT_EQ(table_reader.state, LockState::kWaiting);
  // other_part waits too: it conflicts with the earlier waiting table reader.
  EXPECT_EQ(other_part.state, LockState::kWaiting);
  ASSERT_TRUE(locks_->Unlock(ctx_, exclusive.id).ok());
  EXPECT_EQ(Check(table_reader.id), LockState::kAcquired);
  EXPECT_EQ(Check(other_part.id), LockState::kWaiting);
}

TEST_F(LockManagerTest, MultiComponentRequestsAreAllOrNone) {
  model::Lock held = Take({TableLock(kEX, "b")});
  model::Lock both = Take({TableLock(kEX, "a"), TableLock(kEX, "b")});
  EXPECT_EQ(both.state, LockState::kWaiting);
  // Nothing of `both` was granted: "a" is still free for others.
  model::Lock a_reader = Take({TableLock(kSR, "c"), TableLock(kSR, "a")});
  EXPECT_EQ(a_reader.state, LockState::kWaiting);  // behind the earlier waiter on "a"
  model::Lock unrelated = Take({TableLock(kEX, "d")});
  EXPECT_EQ(unrelated.state, LockState::kAcquired);
  ASSERT_TRUE(locks_->Unlock(ctx_, held.id).ok());
  EXPECT_EQ(Check(both.id), LockState::kAcquired);
  auto shown = locks_->ShowLocks(ctx_, {.table = "a"});
  ASSERT_TRUE(shown.ok());
  ASSERT_EQ(shown->size(), 2u);
  EXPECT_EQ((*shown)[0].id, both.id);
}

TEST_F(LockManagerTest, MalformedRequestsAreInvalidArgument) {
  auto no_components = locks_->Lock(ctx_, LockRequest{});
  EXPECT_EQ(no_components.status().code(), absl::StatusCode::kInvalidArgument);
  auto no_table = locks_->Lock(ctx_, LockRequest{.components = {TableLock(kEX, "")}});
  EXPECT_EQ(no_table.status().code(), absl::StatusCode::kInvalidArgument);
  auto no_db = locks_->Lock(ctx_, LockRequest{.components = {DbLock(kEX, "")}});
  EXPECT_EQ(no_db.status().code(), absl::StatusCode::kInvalidArgument);
  auto no_part = locks_->Lock(ctx_, LockRequest{.components = {PartLock(kEX, "t", "")}});
  EXPECT_EQ(no_part.status().code(), absl::StatusCode::kInvalidArgument);
  auto txn = locks_->Lock(ctx_, LockRequest{.components = {TableLock(kEX, "t")}, .txn_id = 5});
  EXPECT_EQ(txn.status().code(), absl::StatusCode::kNotFound);
}

TEST_F(LockManagerTest, UnknownIdsAreNotFound) {
  EXPECT_EQ(locks_->CheckLock(ctx_, 42).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(locks_->Unlock(ctx_, 42).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(locks_->Heartbeat(ctx_, 42).code(), absl::StatusCode::kNotFound);
  model::Lock lock = Take({TableLock(kEX, "t")});
  ASSERT_TRUE(locks_->Unlock(ctx_, lock.id).ok());
  EXPECT_EQ(locks_->Unlock(ctx_, lock.id).code(), absl::StatusCode::kNotFound);
  // Ids are never reused.
  EXPECT_GT(Take({TableLock(kEX, "t")}).id, lock.id);
}

TEST_F(LockManagerTest, HeartbeatsKeepALockAndSilenceExpiresIt) {
  model::Lock kept = Take({TableLock(kEX, "t")});
  model::Lock dropped = Take({TableLock(kEX, "u")});
  model::Lock waiter = Take({TableLock(kEX, "u")});
  ASSERT_EQ(waiter.state, LockState::kWaiting);
  now_ += absl::Seconds(200);
  ASSERT_TRUE(locks_->Heartbeat(ctx_, kept.id).ok());
  EXPECT_EQ(Check(waiter.id), LockState::kWaiting);  // checking keeps the waiter alive
  now_ += absl::Seconds(200);
  ASSERT_TRUE(locks_->Heartbeat(ctx_, kept.id).ok());
  // `dropped` has been silent for 400 s > 300 s: released, the waiter gets in.
  EXPECT_EQ(locks_->CheckLock(ctx_, dropped.id).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Check(waiter.id), LockState::kAcquired);
  now_ += absl::Seconds(200);
  ASSERT_TRUE(locks_->Heartbeat(ctx_, kept.id).ok());
  auto shown = locks_->ShowLocks(ctx_, {});
  ASSERT_TRUE(shown.ok());
  ASSERT_EQ(shown->size(), 2u);
  EXPECT_EQ((*shown)[0].heartbeat_count, 3);
  // Exactly at the timeout a lock is still alive; past it, gone.
  now_ += absl::Seconds(300);
  EXPECT_TRUE(locks_->Heartbeat(ctx_, kept.id).ok());
  now_ += absl::Seconds(301);
  EXPECT_EQ(locks_->Heartbeat(ctx_, kept.id).code(), absl::StatusCode::kNotFound);
  // An expired lock is not shown even before a change removes it.
  EXPECT_TRUE(locks_->ShowLocks(ctx_, {})->empty());
}

TEST_F(LockManagerTest, LocksSurviveARestart) {
  model::Lock held = Take({TableLock(kEX, "t"), PartLock(kSR, "u", "p=1")});
  model::Lock waiter = Take({TableLock(kEX, "t")});
  Reopen();
  auto shown = locks_->ShowLocks(ctx_, {});
  ASSERT_TRUE(shown.ok());
  ASSERT_EQ(shown->size(), 2u);
  EXPECT_EQ((*shown)[0], held);
  EXPECT_EQ((*shown)[1].state, LockState::kWaiting);
  EXPECT_EQ(Check(waiter.id), LockState::kWaiting);
  ASSERT_TRUE(locks_->Unlock(ctx_, held.id).ok());
  Reopen();
  EXPECT_EQ(Check(waiter.id), LockState::kAcquired);
  EXPECT_GT(Take({TableLock(kSR, "x")}).id, waiter.id);
}

}  // namespace
}  // namespace almanac::service
