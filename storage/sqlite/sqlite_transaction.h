// The transaction objects of the SQLite store. One class serves both kinds: a
// read transaction is a DEFERRED transaction on a pooled reader connection
// whose snapshot is taken at once; a write transaction is an IMMEDIATE
// transaction on the single writer connection. Each write method runs inside a
// SAVEPOINT, so a failed call leaves the transaction as it was before the call;
// destroying the object without Commit() rolls everything back.
//
// SqliteTransaction owns the shared per-transaction state
// (SqliteTransactionCore) and one object per concern over it, which its
// accessors hand out: SqliteTables, SqlitePartitions, SqliteStatistics,
// SqliteFunctions, SqliteGrants, SqliteLocks, SqliteEvents, SqliteVersions,
// SqlitePolicies, SqliteAudit.
// Itself it only begins, commits and ends the transaction.
//
// Thread safety: not thread-safe; one thread at a time, like the connection.
#ifndef ALMANAC_STORAGE_SQLITE_SQLITE_TRANSACTION_H_
#define ALMANAC_STORAGE_SQLITE_SQLITE_TRANSACTION_H_

#include <functional>
#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/sqlite/connection.h"
#include "storage/sqlite/read_cache.h"
#include "storage/sqlite/sqlite_events.h"
#include "storage/sqlite/sqlite_functions.h"
#include "storage/sqlite/sqlite_grants.h"
#include "storage/sqlite/sqlite_locks.h"
#include "storage/sqlite/sqlite_partitions.h"
#include "storage/sqlite/sqlite_policies.h"
#include "storage/sqlite/sqlite_crawlers.h"
#include "storage/sqlite/sqlite_schema_registry.h"
#include "storage/sqlite/sqlite_statistics.h"
#include "storage/sqlite/sqlite_tables.h"
#include "storage/sqlite/sqlite_transaction_core.h"
#include "storage/sqlite/sqlite_versions.h"
#include "storage/store.h"

namespace almanac::storage::sqlite {

class SqliteTransaction final : public WriteTransaction {
 public:
  // Begins the transaction on `conn`. `release` runs once the transaction has
  // ended (after COMMIT or ROLLBACK), to hand the connection back.
  // `read_cache` (read transactions only; may be null) is the connection's
  // ReadCache, validated against the snapshot taken here.
  static absl::StatusOr<std::unique_ptr<SqliteTransaction>> Begin(Connection* conn, bool writable,
                                                                  std::function<void()> release,
                                                                  ReadCache* read_cache = nullptr);
  ~SqliteTransaction() override;

  // The concern objects; a read transaction hands out the same objects, whose
  // write methods fail with FailedPrecondition.
  SqliteTables& tables() override { return tables_; }
  SqlitePartitions& partitions() override { return partitions_; }
  SqliteStatistics& statistics() override { return statistics_; }
  SqliteFunctions& functions() override { return functions_; }
  SqliteGrants& grants() override { return grants_; }
  SqliteLocks& locks() override { return locks_; }
  SqliteEvents& events() override { return events_; }
  SqliteVersions& versions() override { return versions_; }
  SqlitePolicies& policies() override { return policies_; }
  SqliteAudit& audit() override { return audit_; }
  SqliteSchemaRegistry& registry() override { return registry_; }
  SqliteCrawlers& crawlers() override { return crawlers_; }

  absl::Status Commit() override;

 private:
  SqliteTransaction(Connection* conn, bool writable, std::function<void()> release,
                    ReadCache* read_cache)
      : release_(std::move(release)),
        core_(conn, writable, read_cache),
        grants_(core_),
        versions_(core_),
        partitions_(core_, grants_),
        tables_(core_, partitions_, grants_, versions_),
        statistics_(core_, partitions_),
        functions_(core_),
        locks_(core_),
        events_(core_),
        policies_(core_),
        audit_(core_),
        registry_(core_),
        crawlers_(core_) {}

  void End();

  std::function<void()> release_;
  SqliteTransactionCore core_;
  // Each concern is declared after the ones it calls into, so that it is
  // constructed after them (it keeps references to them).
  SqliteGrants grants_;
  SqliteVersions versions_;
  SqlitePartitions partitions_;
  SqliteTables tables_;
  SqliteStatistics statistics_;
  SqliteFunctions functions_;
  SqliteLocks locks_;
  SqliteEvents events_;
  SqlitePolicies policies_;
  SqliteAudit audit_;
  SqliteSchemaRegistry registry_;
  SqliteCrawlers crawlers_;
};

}  // namespace almanac::storage::sqlite

#endif  // ALMANAC_STORAGE_SQLITE_SQLITE_TRANSACTION_H_
