// SqliteTransactionCore: what one SQLite transaction's concern classes
// (SqliteTables, SqlitePartitions, ...) share: the connection, whether the
// transaction may write, the SAVEPOINT every write method runs in, and the
// per-transaction caches of tables and storage descriptors, with the lookups
// that fill them (DatabaseId, LoadTable, InternSd, LoadSd). SqliteTransaction
// owns it and the concern objects, which hold a reference to it.
//
// The caches live here rather than in one concern because every concern reads
// tables, and because a savepoint that rolls back must drop all of them at
// once: a cached row may be one the rollback removed.
//
// Thread safety: not thread-safe; one thread at a time, like the connection.
#ifndef ALMANAC_STORAGE_SQLITE_SQLITE_TRANSACTION_CORE_H_
#define ALMANAC_STORAGE_SQLITE_SQLITE_TRANSACTION_CORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "catalog/model/storage_descriptor.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/read_cache.h"

namespace almanac::storage::sqlite {

// Partition name as "db.t/k=v" for messages.
std::string PartitionDisplay(std::string_view table_display, std::string_view name);

// True when `stmt` failed on a UNIQUE or PRIMARY KEY constraint: the row
// exists already, which callers report as AlreadyExists.
inline bool IsUniqueViolation(const Statement& stmt) {
  return stmt.last_error() == SQLITE_CONSTRAINT_UNIQUE ||
         stmt.last_error() == SQLITE_CONSTRAINT_PRIMARYKEY;
}

class SqliteTransactionCore {
 public:
  // `read_cache` (read transactions only; may be null) is the reader
  // connection's ReadCache; a write transaction never has one, since the cache
  // must never see its uncommitted rows.
  SqliteTransactionCore(Connection* conn, bool writable, ReadCache* read_cache)
      : conn_(conn), writable_(writable), read_cache_(read_cache) {}
  SqliteTransactionCore(const SqliteTransactionCore&) = delete;
  SqliteTransactionCore& operator=(const SqliteTransactionCore&) = delete;

  Connection* conn() const { return conn_; }
  ReadCache* read_cache() const { return read_cache_; }
  bool ended() const { return ended_; }
  // After COMMIT or ROLLBACK (SqliteTransaction's lifecycle).
  void set_ended() { ended_ = true; }

  // Runs `body` inside a SAVEPOINT: on error everything it did is undone and
  // the caches that may hold rolled-back rows are dropped. FailedPrecondition
  // (before running `body`) in a read-only or ended transaction.
  absl::Status Atomically(const std::function<absl::Status()>& body);
  // FailedPrecondition: "transaction is read-only", or it has already ended.
  absl::Status CheckWritable() const;

  // NotFound: "database 'x' not found".
  absl::StatusOr<int64_t> DatabaseId(std::string_view db);
  // The table with its id and key categories, from this transaction's cache,
  // the connection's ReadCache or the file. NotFound for the database or
  // table; DataLoss for a corrupt row.
  absl::StatusOr<TableRef> LoadTable(std::string_view db, std::string_view table);
  // Every write to a table or database row calls this, so that no later call
  // of the transaction reads the table as it was.
  void ForgetTables() { table_cache_.clear(); }

  // Storage descriptors are immutable rows shared by content: InternSd
  // returns the id of the row with this content, inserting it when new.
  absl::StatusOr<int64_t> InternSd(const model::StorageDescriptor& sd);
  // DataLoss when the row is missing or corrupt.
  absl::StatusOr<std::shared_ptr<const model::StorageDescriptor>> LoadSd(int64_t id);

 private:
  Connection* const conn_;
  const bool writable_;
  bool ended_ = false;
  // The reader connection's cache across transactions; null in a write
  // transaction, whose own writes the cache must never see.
  ReadCache* const read_cache_;
  // Per transaction, so rows rolled back elsewhere never leak in; cleared when
  // a savepoint rolls back.
  absl::flat_hash_map<int64_t, std::shared_ptr<const model::StorageDescriptor>> sd_by_id_;
  absl::flat_hash_map<std::string, int64_t> sd_id_by_body_;
  // Tables this transaction has loaded, by "db\0table": a batch of partition
  // calls would otherwise parse the table's JSON once per partition. Cleared
  // by every write to a table or database row and when a savepoint rolls back.
  absl::flat_hash_map<std::string, TableRef> table_cache_;
};

}  // namespace almanac::storage::sqlite

#endif  // ALMANAC_STORAGE_SQLITE_SQLITE_TRANSACTION_CORE_H_
