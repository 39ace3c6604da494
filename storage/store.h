// Store: the persistence interface the catalog uses. Backends live in
// subdirectories (sqlite/ today, postgres/ later) and are the only code that
// sees a database driver.
//
// All access goes through transactions. A ReadTransaction sees one consistent
// snapshot; a WriteTransaction is the only writer while it lives (writers are
// serialised; readers are not blocked). Destroying a WriteTransaction without
// Commit() rolls everything back, which is how the service makes batch
// operations all-or-nothing.
//
// A transaction is split by concern, LevelDB-sized: each concern is a small
// reader interface and a writer interface that extends it, in its own header
// with its contract (tables.h, partitions.h, statistics.h, functions.h,
// grants.h, locks.h, events.h, versions.h), reached from the transaction by
// one accessor: `txn->tables().GetTable(db, table)`. A read transaction hands
// out the readers, a write transaction the writers, all over the same
// snapshot or writer slot. Effects that cross concerns (a table delete takes
// its partitions, statistics and grants, and detaches its history) are the
// backend's, never the caller's.
//
// Thread safety: Store is thread-safe. A transaction object belongs to one
// thread at a time, and so do the concern objects it hands out, which live as
// long as the transaction.
//
// Errors: NotFound / AlreadyExists name the object ("table 'sales.orders' not
// found"); FailedPrecondition for state that forbids the call (dropping a
// non-empty database, writing through a read transaction); Aborted when the
// writer slot could not be had within the busy timeout; DataLoss for
// corruption; Internal for broken invariants. No message contains query text.
#ifndef ALMANAC_STORAGE_STORE_H_
#define ALMANAC_STORAGE_STORE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/audit.h"
#include "storage/crawlers.h"
#include "storage/events.h"
#include "storage/functions.h"
#include "storage/grants.h"
#include "storage/locks.h"
#include "storage/partition_filter.h"
#include "storage/partitions.h"
#include "storage/policies.h"
#include "storage/schema_registry.h"
#include "storage/statistics.h"
#include "storage/tables.h"
#include "storage/versions.h"

namespace almanac::storage {

// Listings are ordered by name; `after` is an exclusive lower bound (the last
// name of the previous page, or empty), `limit` 0 means no limit.
struct PageRequest {
  std::string after;
  int64_t limit = 0;
};

// Later concerns attach in the same pattern: a header with a reader and a
// writer interface and its contract, one accessor below on each transaction,
// one class per concern in each backend over its shared transaction core.
class ReadTransaction {
 public:
  virtual ~ReadTransaction() = default;

  virtual TableReader& tables() = 0;
  virtual PartitionReader& partitions() = 0;
  virtual StatisticsReader& statistics() = 0;
  virtual FunctionReader& functions() = 0;
  virtual GrantReader& grants() = 0;
  virtual LockReader& locks() = 0;
  virtual EventReader& events() = 0;
  virtual VersionReader& versions() = 0;
  virtual PolicyReader& policies() = 0;
  virtual AuditReader& audit() = 0;
  virtual SchemaRegistryReader& registry() = 0;
  virtual CrawlerReader& crawlers() = 0;
};

class WriteTransaction : public ReadTransaction {
 public:
  TableWriter& tables() override = 0;
  PartitionWriter& partitions() override = 0;
  StatisticsWriter& statistics() override = 0;
  FunctionWriter& functions() override = 0;
  GrantWriter& grants() override = 0;
  LockWriter& locks() override = 0;
  EventWriter& events() override = 0;
  VersionWriter& versions() override = 0;
  PolicyWriter& policies() override = 0;
  AuditWriter& audit() override = 0;
  SchemaRegistryWriter& registry() override = 0;
  CrawlerWriter& crawlers() override = 0;

  // Makes every change durable. After a failed Commit nothing was applied.
  // FailedPrecondition when the transaction has already ended.
  virtual absl::Status Commit() = 0;
};

struct SchemaStep {
  int version = 0;
  std::string name;  // file name, e.g. "0001_initial.sql"
  bool applied = false;
  int64_t applied_at = 0;  // seconds since the epoch; 0 when pending
};

class Store {
 public:
  virtual ~Store() = default;

  virtual absl::StatusOr<std::unique_ptr<ReadTransaction>> BeginRead() = 0;
  // Waits for the writer slot up to the backend's busy timeout, then Aborted.
  virtual absl::StatusOr<std::unique_ptr<WriteTransaction>> BeginWrite() = 0;

  // Migration steps known to this binary, with which are applied.
  virtual absl::StatusOr<std::vector<SchemaStep>> SchemaStatus() = 0;
};

}  // namespace almanac::storage

#endif  // ALMANAC_STORAGE_STORE_H_
