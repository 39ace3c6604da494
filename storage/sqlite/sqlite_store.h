// The SQLite backend of storage::Store: one database file holding the whole
// catalog, opened with OpenSqliteStore().
//
// Concurrency: one writer connection, serialised by a mutex (BeginWrite waits
// up to the busy timeout, then Aborted), and a pool of reader connections that
// run beside the writer on WAL snapshots. Several processes may open the same
// file; SQLite's file locks and the busy timeout arbitrate between them.
//
// Durability: WAL with synchronous=FULL by default, so an acknowledged Commit
// survives a process kill and also an OS crash or power loss. NORMAL would
// survive only process crashes. Measured on the 2-core development VM
// (SqliteDurabilityTest): FULL costs one WAL fsync, about 5 ms, per commit:
// batches of 1000 partitions insert at ~60-78k/s (NORMAL ~97k/s), but
// single-row commits drop to ~200/s (NORMAL ~10k/s). Catalog writes are
// batched or rare, and losing an acknowledged DDL is worse than that cost, so
// FULL is the default; see SqliteStoreOptions::sync_every_commit.
//
// Opening: a file whose recorded schema version is newer than this binary is
// refused before anything is written to it (it is first opened read-only, so
// not even the journal mode changes). Pending migrations are applied.
//
// Thread safety: the Store is thread-safe; each transaction belongs to one
// thread at a time and must be destroyed before the Store.
#ifndef ALMANAC_STORAGE_SQLITE_SQLITE_STORE_H_
#define ALMANAC_STORAGE_SQLITE_SQLITE_STORE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/store.h"

namespace almanac::storage {

struct SqliteStoreOptions {
  std::string path;  // the database file; created when missing (unless read_only)
  // How long a writer waits for the writer slot or a file lock before Aborted.
  absl::Duration busy_timeout = absl::Seconds(5);
  // Reader connections; BeginRead waits up to busy_timeout when all are busy.
  int reader_pool_size = 4;
  // Opens without writing anything: BeginWrite fails with FailedPrecondition,
  // and a file with pending migrations is refused (FailedPrecondition).
  bool read_only = false;
  // true: synchronous=FULL (commits survive power loss). false: NORMAL (commits
  // survive a process crash; the last ones may be lost on an OS crash).
  bool sync_every_commit = true;
  // Each reader connection keeps decoded tables, storage descriptors and
  // complete name lists between read transactions, dropped at any commit
  // (storage/sqlite/read_cache.h). false reads everything from the file every
  // time: for comparing the two in tests and benchmarks.
  bool read_cache = true;
  // With the read cache: the names and typed keys of tables of at least
  // key_columns_min_rows partitions are held in memory, shared by the reader
  // connections, within this many bytes in all (storage/sqlite/key_columns.h);
  // 0 holds none. A filter no index can bound is then evaluated in memory.
  size_t key_columns_bytes = size_t{256} << 20;
  size_t key_columns_min_rows = 10'001;
  // Testing only: apply migrations up to this version (0: all), to build files
  // as an older almanac left them.
  int migrate_up_to_version = 0;
};

// Opens (creating if needed) and migrates the catalog file.
// FailedPrecondition: the file's schema is newer than this binary, or it
// cannot be opened; DataLoss: it is not a SQLite database; Aborted: it stayed
// locked past the busy timeout; InvalidArgument: bad options.
absl::StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const SqliteStoreOptions& options);

}  // namespace almanac::storage

#endif  // ALMANAC_STORAGE_SQLITE_SQLITE_STORE_H_
