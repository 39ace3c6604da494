// OwnerLock: held while its owner lives, in another process too, and not
// after the owner ends, however it ends.
#include "common/owner_lock.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "gtest/gtest.h"

namespace almanac {
namespace {

std::string TempDir() {
  std::string pattern = ::testing::TempDir() + "/owner_lock_XXXXXX";
  char* made = ::mkdtemp(pattern.data());
  EXPECT_NE(made, nullptr);
  return pattern + "/owners";  // Acquire creates it
}

TEST(OwnerLockTest, HeldWhileItsOwnerLives) {
  const std::string dir = TempDir();
  std::string id;
  {
    absl::StatusOr<OwnerLock> lock = OwnerLock::Acquire(dir);
    ASSERT_TRUE(lock.ok()) << lock.status();
    id = lock->id();
    EXPECT_EQ(id.size(), 32u);
    EXPECT_TRUE(OwnerLock::IsHeld(dir, id));
    EXPECT_TRUE(OwnerLock::IsHeld(dir, id));  // probing does not take it away
    absl::StatusOr<OwnerLock> other = OwnerLock::Acquire(dir);
    ASSERT_TRUE(other.ok());
    EXPECT_NE(other->id(), id);
    OwnerLock moved = std::move(*lock);
    EXPECT_TRUE(OwnerLock::IsHeld(dir, id));
  }
  EXPECT_FALSE(OwnerLock::IsHeld(dir, id));
  EXPECT_FALSE(std::filesystem::exists(dir + "/" + id + ".lock"));
}

TEST(OwnerLockTest, UnknownAndMalformedIdsAreNotHeld) {
  const std::string dir = TempDir();
  absl::StatusOr<OwnerLock> lock = OwnerLock::Acquire(dir);
  ASSERT_TRUE(lock.ok());
  EXPECT_FALSE(OwnerLock::IsHeld(dir, "0123456789abcdef0123456789abcdef"));
  EXPECT_FALSE(OwnerLock::IsHeld(dir, ""));
  EXPECT_FALSE(OwnerLock::IsHeld(dir, "../" + lock->id().substr(3)));
  EXPECT_FALSE(OwnerLock::IsHeld(dir, lock->id() + "/x"));
}

// A child process holds a lock; killed with SIGKILL, it holds it no more.
TEST(OwnerLockTest, AKilledOwnerLosesItsLock) {
  const std::string dir = TempDir();
  int ids[2];
  ASSERT_EQ(::pipe(ids), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    absl::StatusOr<OwnerLock> lock = OwnerLock::Acquire(dir);
    if (!lock.ok()) ::_exit(1);
    (void)!::write(ids[1], lock->id().data(), lock->id().size());
    while (true) ::pause();
  }
  char buf[32];
  ASSERT_EQ(::read(ids[0], buf, sizeof buf), 32);
  const std::string id(buf, sizeof buf);
  EXPECT_TRUE(OwnerLock::IsHeld(dir, id));
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_FALSE(OwnerLock::IsHeld(dir, id));
  ::close(ids[0]);
  ::close(ids[1]);
}

}  // namespace
}  // namespace almanac
