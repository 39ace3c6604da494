#include "common/owner_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace almanac {
namespace {

std::string LockPath(const std::string& dir, std::string_view id) {
  std::string path = dir;
  path += '/';
  path += id;
  path += ".lock";
  return path;
}

// 32 lower-case hex digits.
std::string RandomId() {
  std::random_device device;
  std::string id;
  constexpr char kHex[] = "0123456789abcdef";
  for (int i = 0; i < 8; ++i) {
    uint32_t word = device();
    for (int j = 0; j < 4; ++j, word >>= 4) id.push_back(kHex[word & 0xF]);
  }
  return id;
}

bool ValidId(std::string_view id) {
  if (id.size() != 32) return false;
  for (char c : id) {
    if (!absl::ascii_isxdigit(c) || absl::ascii_isupper(c)) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<OwnerLock> OwnerLock::Acquire(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return absl::UnavailableError(
        absl::StrCat("cannot create the lock directory '", dir, "': ", ec.message()));
  }
  const std::string id = RandomId();
  const std::string path = LockPath(dir, id);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot create the lock file '", path, "': ", std::strerror(errno)));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd);
    return absl::UnavailableError(
        absl::StrCat("cannot lock '", path, "': ", std::strerror(err)));
  }
  return OwnerLock(path, id, fd);
}

bool OwnerLock::IsHeld(const std::string& dir, std::string_view id) {
  if (!ValidId(id)) return false;
  const std::string path = LockPath(dir, id);
  const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return false;  // no such owner (any more)
  // flock locks belong to the open file description, so this probe conflicts
  // with a lock held through another descriptor even in the same process.
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return true;
  }
  ::unlink(path.c_str());  // its owner is gone: tidy up while holding it
  ::close(fd);
  return false;
}

OwnerLock::OwnerLock(OwnerLock&& other) noexcept
    : path_(std::move(other.path_)), id_(std::move(other.id_)), fd_(std::exchange(other.fd_, -1)) {}

OwnerLock& OwnerLock::operator=(OwnerLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) {
      ::unlink(path_.c_str());
      ::close(fd_);
    }
    path_ = std::move(other.path_);
    id_ = std::move(other.id_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

OwnerLock::~OwnerLock() {
  if (fd_ < 0) return;
  ::unlink(path_.c_str());
  ::close(fd_);
}

}  // namespace almanac
