// LockReader / LockWriter: Hive Metastore style lock requests and their
// components, as one transaction sees them (ReadTransaction::locks(),
// WriteTransaction::locks()).
//
// Contract: storage only keeps locks; which lock is granted, and when one
// expires, is the lock manager's business (catalog/service/lock_manager.h),
// which reads every lock and writes its decision in one write transaction.
// Lock ids are never reused. NotFound: "lock 7 not found"; a writer method
// that fails leaves the transaction as it was before the call.
//
// Thread safety: as its transaction: one thread at a time. The reference a
// transaction hands out lives as long as the transaction.
#ifndef ALMANAC_STORAGE_LOCKS_H_
#define ALMANAC_STORAGE_LOCKS_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog/model/lock.h"

namespace almanac::storage {

class LockReader {
 public:
  // Every stored lock with its components, in id order.
  virtual absl::StatusOr<std::vector<model::Lock>> ListLocks() = 0;

 protected:
  // Owned by the transaction, never deleted through this interface.
  ~LockReader() = default;
};

class LockWriter : public LockReader {
 public:
  // Stores a new lock (its id is ignored) and returns its id; ids are never
  // reused, so a stale id can never name another holder's lock.
  virtual absl::StatusOr<int64_t> InsertLock(const model::Lock& lock) = 0;
  // Rewrites the state, acquisition time and heartbeat of lock `lock.id`
  // (components never change). NotFound: "lock 7 not found".
  virtual absl::Status UpdateLock(const model::Lock& lock) = 0;
  // NotFound: "lock 7 not found".
  virtual absl::Status DeleteLock(int64_t id) = 0;

 protected:
  ~LockWriter() = default;
};

}  // namespace almanac::storage

#endif  // ALMANAC_STORAGE_LOCKS_H_
