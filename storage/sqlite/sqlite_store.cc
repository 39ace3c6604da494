#include "storage/sqlite/sqlite_store.h"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "storage/sqlite/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/status_macros.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/key_columns.h"
#include "storage/sqlite/read_cache.h"
#include "storage/sqlite/migrator.h"
#include "storage/sqlite/sqlite_transaction.h"

namespace almanac::storage {
namespace {

using sqlite::Connection;
using sqlite::ReadCache;
using sqlite::SqliteTransaction;
using sqlite::StrCat;

constexpr int kReadFlags = SQLITE_OPEN_READONLY;
constexpr int kWriteFlags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;

absl::Status ConfigureWriter(Connection& conn, bool sync_every_commit) {
  RETURN_IF_ERROR(conn.Exec("PRAGMA journal_mode = WAL"));
  RETURN_IF_ERROR(conn.Exec(sync_every_commit ? "PRAGMA synchronous = FULL"
                                              : "PRAGMA synchronous = NORMAL"));
  return conn.Exec("PRAGMA foreign_keys = ON");
}

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(SqliteStoreOptions options)
      : options_(std::move(options)),
        key_columns_(std::min(options_.key_columns_bytes, kMaxKeyColumnsBytes),
                     options_.key_columns_min_rows) {}

  absl::Status Open() {
    // Look before touching: a file from a newer almanac is refused while it is
    // still byte-for-byte as we found it (no WAL conversion, no migration).
    std::error_code ec;
    const bool exists = std::filesystem::exists(options_.path, ec);
    if (exists || options_.read_only) {
      ASSIGN_OR_RETURN(std::unique_ptr<Connection> probe,
                       Connection::Open(options_.path, kReadFlags, options_.busy_timeout));
      ASSIGN_OR_RETURN(int version, sqlite::ReadSchemaVersion(*probe));
      RETURN_IF_ERROR(sqlite::CheckSchemaNotNewer(version, *probe));
      if (options_.read_only) {
        const int wanted = options_.migrate_up_to_version > 0 ? options_.migrate_up_to_version
                                                              : sqlite::LatestSchemaVersion();
        if (version < wanted) {
          return absl::FailedPreconditionError(
              StrCat(probe->Describe(), " has schema version ", version,
                           " and needs migrating; open it read-write once"));
        }
      }
    }
    if (!options_.read_only) {
      ASSIGN_OR_RETURN(writer_,
                       Connection::Open(options_.path, kWriteFlags, options_.busy_timeout));
      RETURN_IF_ERROR(ConfigureWriter(*writer_, options_.sync_every_commit));
      RETURN_IF_ERROR(sqlite::ApplyMigrations(*writer_, options_.migrate_up_to_version));
    }
    for (int i = 0; i < options_.reader_pool_size; ++i) {
      Reader reader;
      ASSIGN_OR_RETURN(reader.conn,
                       Connection::Open(options_.path, kReadFlags, options_.busy_timeout));
      reader.cache = std::make_unique<ReadCache>();
      reader.cache->set_key_columns(&key_columns_);
      absl::MutexLock lock(&mu_);
      idle_readers_.push_back(std::move(reader));
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::unique_ptr<ReadTransaction>> BeginRead() override {
    Reader reader;
    {
      absl::MutexLock lock(&mu_);
      auto available = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return !idle_readers_.empty();
      };
      if (!mu_.AwaitWithTimeout(absl::Condition(&available), options_.busy_timeout)) {
        return absl::AbortedError(StrCat("the catalog is busy: all ", options_.reader_pool_size,
                                         " reader connections are in use"));
      }
      // The most recently returned reader: its cache is the likeliest warm.
      reader = std::move(idle_readers_.back());
      idle_readers_.pop_back();
    }
    Connection* conn = reader.conn.release();
    ReadCache* cache = reader.cache.release();
    ASSIGN_OR_RETURN(std::unique_ptr<SqliteTransaction> txn,
                     SqliteTransaction::Begin(
                         conn, /*writable=*/false,
                         [this, conn, cache]() {
                           absl::MutexLock lock(&mu_);
                           idle_readers_.push_back(Reader{std::unique_ptr<Connection>(conn),
                                                          std::unique_ptr<ReadCache>(cache)});
                         },
                         options_.read_cache ? cache : nullptr));
    return txn;
  }

  absl::StatusOr<std::unique_ptr<WriteTransaction>> BeginWrite() override {
    if (writer_ == nullptr) {
      // Reaches remote clients: no server file path.
      return absl::FailedPreconditionError("the catalog is open read-only");
    }
    {
      absl::MutexLock lock(&mu_);
      auto free = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !writer_busy_; };
      if (!mu_.AwaitWithTimeout(absl::Condition(&free), options_.busy_timeout)) {
        return absl::AbortedError("the catalog is busy: another write is in progress");
      }
      writer_busy_ = true;
    }
    ASSIGN_OR_RETURN(std::unique_ptr<SqliteTransaction> txn,
                     SqliteTransaction::Begin(writer_.get(), /*writable=*/true, [this]() {
                       absl::MutexLock lock(&mu_);
                       writer_busy_ = false;
                     }));
    return txn;
  }

  absl::StatusOr<std::vector<SchemaStep>> SchemaStatus() override {
    // A private read-only connection: cheap, rare, and keeps the pool for
    // transactions.
    ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn,
                     Connection::Open(options_.path, kReadFlags, options_.busy_timeout));
    return sqlite::ReadSchemaSteps(*conn);
  }

 private:
  // Key column entries index their names with 32-bit offsets.
  static constexpr size_t kMaxKeyColumnsBytes = size_t{2} << 30;

  const SqliteStoreOptions options_;
  sqlite::KeyColumnCache key_columns_;
  std::unique_ptr<Connection> writer_;  // null when read-only; used by one txn at a time

  absl::Mutex mu_;
  bool writer_busy_ ABSL_GUARDED_BY(mu_) = false;
  // A pooled reader connection and what it remembers between transactions.
  struct Reader {
    std::unique_ptr<Connection> conn;
    std::unique_ptr<ReadCache> cache;
  };
  std::vector<Reader> idle_readers_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

absl::StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const SqliteStoreOptions& options) {
  if (options.path.empty()) return absl::InvalidArgumentError("database file path is empty");
  if (options.reader_pool_size < 1) {
    return absl::InvalidArgumentError("reader pool size must be at least 1");
  }
  if (options.busy_timeout < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("busy timeout must not be negative");
  }
  auto store = std::make_unique<SqliteStore>(options);
  RETURN_IF_ERROR(store->Open());
  return store;
}

}  // namespace almanac::storage
