// LockManager: Hive Metastore style named locks without transactions, the
// commit lock Iceberg's HiveCatalog takes (lock, check_lock, heartbeat,
// unlock, show_locks).
//
// Semantics (those of Hive's TxnHandler):
// - A lock request names components (database, table or partition, each with
//   a lock type) and is granted all-or-none.
// - Two components conflict when their objects overlap (same database, and a
//   database-level component or the same table, and a table-level component or
//   the same partition) and their types are incompatible:
//                  SHARED_READ  SHARED_WRITE  EXCL_WRITE  EXCLUSIVE
//     SHARED_READ      yes          yes          yes         no
//     SHARED_WRITE     yes          yes          no          no
//     EXCL_WRITE       yes          no           no          no
//     EXCLUSIVE        no           no           no          no
// - A request waits (WAITING) while it conflicts with any granted lock or any
//   earlier waiting lock, so locks are granted in request order and a stream
//   of readers cannot starve a writer. Waiting locks are re-evaluated in id
//   order whenever a lock is checked, released or expires.
// - A lock whose holder neither heartbeats nor checks it for `timeout`
//   (Hive's hive.txn.timeout, 300 s by default) expires and is released; its
//   id then answers NotFound. Lock ids are never reused.
// - Locks are persisted (storage::Store) and survive a restart.
//
// Thread-safe: one mutex serialises the lock table; each change is one write
// transaction, applied to memory only after it committed.
//
// Errors: InvalidArgument for a malformed request; NotFound "lock 7 not found"
// for an unknown, released or expired lock id, and "transaction 5 not found"
// for a request that names a transaction (Almanac runs none); Aborted and
// others from storage.
#ifndef ALMANAC_CATALOG_SERVICE_LOCK_MANAGER_H_
#define ALMANAC_CATALOG_SERVICE_LOCK_MANAGER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "catalog/model/lock.h"
#include "catalog/model/request_context.h"
#include "catalog/service/service_core.h"
#include "storage/store.h"

namespace almanac::service {

struct LockManagerOptions {
  // A lock not heartbeaten (or checked) for this long is released.
  absl::Duration timeout = absl::ZeroDuration();  // zero: the core's lock_timeout_seconds
  // The clock; empty means absl::Now. Tests inject a fake one.
  std::function<absl::Time()> clock;
};

struct LockRequest {
  std::vector<model::LockComponent> components;
  int64_t txn_id = 0;  // must be 0: Almanac has no transactions
  std::string user;
  std::string host;
  std::string agent_info;
};

// show_locks filter: empty fields match everything.
struct LockFilter {
  std::string database;
  std::string table;
  std::string partition;
};

// True when a granted `held` lock of this type lets `requested` be granted
// on an overlapping object (the matrix above; it is symmetric).
bool LockTypesCompatible(model::LockType held, model::LockType requested);
// True when the two components' objects overlap (see above).
bool LockObjectsOverlap(const model::LockComponent& a, const model::LockComponent& b);

class LockManager {
 public:
  // `core` must outlive the manager. Stored locks are loaded on first use.
  // The timeout comes from the core's options (lock_timeout_seconds) unless
  // `options` sets one.
  explicit LockManager(ServiceCore* core, LockManagerOptions options = {});

  LockManager(const LockManager&) = delete;
  LockManager& operator=(const LockManager&) = delete;

  // Stores the request and grants it at once when nothing conflicts; returns
  // the lock with its id and state (ACQUIRED or WAITING).
  absl::StatusOr<model::Lock> Lock(const model::RequestContext& ctx, const LockRequest& request);
  // Renews the lock's heartbeat, re-evaluates waiting locks and returns the
  // lock's state. NotFound when unknown or expired.
  absl::StatusOr<model::Lock> CheckLock(const model::RequestContext& ctx, int64_t id);
  // Releases a lock (granted or waiting). NotFound when unknown or expired.
  absl::Status Unlock(const model::RequestContext& ctx, int64_t id);
  // Renews the lock's heartbeat. NotFound when unknown or expired.
  // A zero id renews nothing (Hive's heartbeat without a lock); a non-zero
  // `txn_id` is NotFound, as Almanac runs no transactions.
  absl::Status Heartbeat(const model::RequestContext& ctx, int64_t id, int64_t txn_id = 0);
  // Live locks in id order with at least one component on an object the
  // filter names (all locks for an empty filter).
  absl::StatusOr<std::vector<model::Lock>> ShowLocks(const model::RequestContext& ctx,
                                                     const LockFilter& filter);

 private:
  using LockTable = std::map<int64_t, model::Lock>;
  // One change: `change` edits the copy of the table it is given (after
  // expired locks were dropped) through `txn`, waiting locks are then
  // re-evaluated, and the result replaces the table once committed.
  using Change =
      std::function<absl::Status(WriteScope& txn, int64_t now_ms, LockTable* table)>;
  absl::Status Apply(const model::RequestContext& ctx, std::string_view action,
                     const Change& change) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Loads the stored locks through `txn` on first use.
  absl::Status LoadIfNeeded(storage::ReadTransaction* txn) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  int64_t NowMs() const;
  bool Expired(const model::Lock& lock, int64_t now_ms) const;

  ServiceCore* const core_;
  LockManagerOptions options_;

  absl::Mutex mu_;
  bool loaded_ ABSL_GUARDED_BY(mu_) = false;
  LockTable locks_ ABSL_GUARDED_BY(mu_);
};

}  // namespace almanac::service

#endif  // ALMANAC_CATALOG_SERVICE_LOCK_MANAGER_H_
