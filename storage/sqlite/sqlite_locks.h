// SqliteLocks: lock requests and their components in the SQLite store
// (LockWriter; lock_requests and lock_components, 0003), one object per
// transaction over its SqliteTransactionCore. Storage only keeps locks; which
// lock is granted is the lock manager's business
// (catalog/service/lock_manager.h).
//
// Thread safety: not thread-safe; one thread at a time, like its transaction.
#ifndef ALMANAC_STORAGE_SQLITE_SQLITE_LOCKS_H_
#define ALMANAC_STORAGE_SQLITE_SQLITE_LOCKS_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/sqlite_transaction_core.h"
#include "storage/store.h"

namespace almanac::storage::sqlite {

class SqliteLocks final : public LockWriter {
 public:
  // `core` outlives this object (SqliteTransaction owns both).
  explicit SqliteLocks(SqliteTransactionCore& core) : core_(core), conn_(core.conn()) {}
  SqliteLocks(const SqliteLocks&) = delete;
  SqliteLocks& operator=(const SqliteLocks&) = delete;

  // LockReader.
  absl::StatusOr<std::vector<model::Lock>> ListLocks() override;

  // LockWriter.
  absl::StatusOr<int64_t> InsertLock(const model::Lock& lock) override;
  absl::Status UpdateLock(const model::Lock& lock) override;
  absl::Status DeleteLock(int64_t id) override;

 private:
  SqliteTransactionCore& core_;
  Connection* const conn_;
};

}  // namespace almanac::storage::sqlite

#endif  // ALMANAC_STORAGE_SQLITE_SQLITE_LOCKS_H_
