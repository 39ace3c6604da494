// OwnerLock: a process says "I am alive" to other processes on the same
// machine by holding an exclusive flock(2) on <dir>/<id>.lock for as long as
// it runs. The kernel drops the lock when the process ends, however it ends
// (kill -9 included), so another process learns exactly whether the owner of
// an id is still running by trying the lock: no lease to time out, no clock.
//
// Almanac's servers use it to own crawl runs: two servers sharing one SQLite
// catalog are on one machine (SQLite's locking needs that), so each can tell
// a RUNNING run of a live peer from one its crashed owner left behind.
//
// Thread safety: an OwnerLock is immutable after Acquire; IsHeld may be called
// from any thread.
#ifndef ALMANAC_COMMON_OWNER_LOCK_H_
#define ALMANAC_COMMON_OWNER_LOCK_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace almanac {

class OwnerLock {
 public:
  // Creates `dir` if needed and <dir>/<random id>.lock, and holds it.
  static absl::StatusOr<OwnerLock> Acquire(const std::string& dir);

  // True while the process that acquired `id` in `dir` runs (including this
  // one). False when it ended or never existed; then its lock file is removed.
  // An id that is not one Acquire makes is never held.
  static bool IsHeld(const std::string& dir, std::string_view id);

  OwnerLock(OwnerLock&& other) noexcept;
  OwnerLock& operator=(OwnerLock&& other) noexcept;
  OwnerLock(const OwnerLock&) = delete;
  OwnerLock& operator=(const OwnerLock&) = delete;
  // Releases the lock and removes the file.
  ~OwnerLock();

  const std::string& id() const { return id_; }

 private:
  OwnerLock(std::string path, std::string id, int fd)
      : path_(std::move(path)), id_(std::move(id)), fd_(fd) {}
  std::string path_;
  std::string id_;
  int fd_ = -1;
};

}  // namespace almanac

#endif  // ALMANAC_COMMON_OWNER_LOCK_H_
