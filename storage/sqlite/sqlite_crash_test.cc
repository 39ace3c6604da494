// Durability under kill -9: a child process commits batches of 1000
// partitions and acknowledges each committed batch through a pipe; the parent
// kills it at a random moment, reopens the file and checks that every
// acknowledged batch is there in full, no batch is there in part, and SQLite's
// integrity check passes.
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>
#include <set>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/sqlite/sqlite_store.h"
#include "storage/sqlite/test_util.h"

namespace almanac::storage {
namespace {

using sqlite::testing::MakeDatabase;
using sqlite::testing::MakePartition;
using sqlite::testing::MakeTable;
using sqlite::testing::TempDir;

constexpr int kBatch = 1000;

const model::Table& CrashTable() {
  static const model::Table* t =
      new model::Table(MakeTable("db", "t", {{"batch", "int"}, {"item", "int"}}));
  return *t;
}

// Runs in the child: never returns.
[[noreturn]] void WriteBatchesForever(const std::string& path, int first_batch, int ack_fd) {
  auto store = OpenSqliteStore({.path = path});
  if (!store.ok()) _exit(2);
  for (int b = first_batch;; ++b) {
    std::vector<model::Partition> parts;
    parts.reserve(kBatch);
    for (int i = 0; i < kBatch; ++i) {
      parts.push_back(MakePartition(CrashTable(), {absl::StrCat(b), absl::StrCat(i)}));
    }
    auto w = (*store)->BeginWrite();
    if (!w.ok() || !(*w)->partitions().CreatePartitions("db", "t", parts).ok() ||
        !(*w)->Commit().ok()) {
      _exit(3);
    }
    // Only now is the batch acknowledged.
    if (write(ack_fd, &b, sizeof(b)) != sizeof(b)) _exit(4);
  }
}

std::string IntegrityCheck(const std::string& path) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  std::string result = "no result";
  if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    result = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return result;
}

TEST(SqliteCrashTest, AcknowledgedBatchesSurviveKill9) {
  TempDir dir;
  const std::string path = dir.File("crash.db");
  {
    auto store = OpenSqliteStore({.path = path});
    ASSERT_TRUE(store.ok()) << store.status();
    auto w = (*store)->BeginWrite();
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->tables().CreateDatabase(MakeDatabase("db")).ok());
    ASSERT_TRUE((*w)->tables().CreateTable(CrashTable()).ok());
    ASSERT_TRUE((*w)->Commit().ok());
  }
  std::mt19937 rng(std::random_device{}());
  std::set<int> acknowledged;
  int next_batch = 0;
  for (int round = 0; round < 4; ++round) {
    SCOPED_TRACE(absl::StrCat("round ", round));
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      close(fds[0]);
      WriteBatchesForever(path, next_batch, fds[1]);
    }
    close(fds[1]);
    // Wait for a random number of acknowledgements, then a random extra
    // delay so the kill lands anywhere in the next commit.
    const int wait_for = std::uniform_int_distribution<int>(1, 6)(rng);
    for (int got = 0; got < wait_for; ++got) {
      int b;
      ASSERT_EQ(read(fds[0], &b, sizeof(b)), static_cast<ssize_t>(sizeof(b)));
      acknowledged.insert(b);
    }
    usleep(std::uniform_int_distribution<int>(0, 30000)(rng));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "child exited on its own with " << WEXITSTATUS(status);
    // Acknowledgements sent before the kill are still in the pipe.
    int b;
    while (read(fds[0], &b, sizeof(b)) == static_cast<ssize_t>(sizeof(b))) acknowledged.insert(b);
    close(fds[0]);

    ASSERT_EQ(IntegrityCheck(path), "ok");
    auto store = OpenSqliteStore({.path = path});
    ASSERT_TRUE(store.ok()) << store.status();
    auto r = (*store)->BeginRead();
    ASSERT_TRUE(r.ok());
    int highest_present = -1;
    for (int batch = 0; batch < next_batch + 1000; ++batch) {
      auto n = (*r)->partitions().CountPartitions(
          "db", "t", PartitionFilter::Compare(0, PartitionFilter::Op::kEq, int64_t{batch}));
      ASSERT_TRUE(n.ok()) << n.status();
      if (acknowledged.count(batch)) {
        EXPECT_EQ(*n, kBatch) << "acknowledged batch " << batch << " is incomplete";
      } else {
        EXPECT_TRUE(*n == 0 || *n == kBatch) << "batch " << batch << " is half there: " << *n;
      }
      if (*n > 0) highest_present = batch;
      if (*n == 0 && batch > *acknowledged.rbegin() + 1) break;
    }
    std::printf("[ crash   ] round %d: %zu batches acknowledged in total, highest present %d\n",
                round, acknowledged.size(), highest_present);
    next_batch = highest_present + 1;
  }
  EXPECT_EQ(IntegrityCheck(path), "ok");
}

}  // namespace
}  // namespace almanac::storage
