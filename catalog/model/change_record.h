// ChangeRecord: how one mutation describes itself. Every write the catalog
// makes produces one (or, for a batch, one per object it changes) inside its
// own write transaction, through service::WriteScope::Record. The things that
// follow from a change (the notification log today; table versions, the audit
// trail and crawler statistics next) are derived from these records in one
// place, the gate's commit, never from hooks placed beside each mutation.
//
// Plain aggregate; not synchronised, thread-compatible.
#ifndef ALMANAC_CATALOG_MODEL_CHANGE_RECORD_H_
#define ALMANAC_CATALOG_MODEL_CHANGE_RECORD_H_

#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "catalog/model/authorization.h"
#include "catalog/model/column_statistics.h"
#include "catalog/model/database.h"
#include "catalog/model/function.h"
#include "catalog/model/lock.h"
#include "catalog/model/partition.h"
#include "catalog/model/table.h"

namespace almanac::model {

enum class ChangeKind {
  kCreateDatabase,
  kAlterDatabase,
  kDropDatabase,
  kCreateTable,
  kAlterTable,  // a rename too: before and after then carry different names
  kDropTable,
  kAddPartitions,  // one record for a batch: after holds every added partition
  kAlterPartition,
  kDropPartition,
  kCreatePartitionIndex,
  kDropPartitionIndex,
  kUpdateColumnStatistics,
  kDeleteColumnStatistics,
  kCreateFunction,
  kAlterFunction,
  kDropFunction,
  kCreateRole,
  kDropRole,
  kGrantRole,
  kRevokeRole,
  kGrantPrivilege,
  kRevokePrivilege,
  kAcquireLock,  // a new lock (waiting or acquired)
  kUpdateLock,   // a lock acquired after waiting, or a heartbeat
  kReleaseLock,  // unlocked, or expired without heartbeat
  kExpireNotifications,
  kDeleteTableVersions,   // versions deleted or purged from a table's history
  kExpireTableHistories,  // histories of long-dropped tables deleted
  kPutPolicy,             // a resource or identity policy stored (object: its target)
  kDeletePolicy,
  // Schema registry (object: "shop", "shop/orders", "shop/orders v3").
  kCreateRegistry,
  kUpdateRegistry,
  kDeleteRegistry,
  kCreateSchema,
  kUpdateSchema,  // compatibility mode, checkpoint or description
  kDeleteSchema,
  kRegisterSchemaVersion,
  kDeleteSchemaVersion,
  // Crawlers (object: the crawler's or classifier's name; a run: "NAME run ID").
  kCreateClassifier,
  kUpdateClassifier,
  kDeleteClassifier,
  kCreateCrawler,
  kUpdateCrawler,
  kDeleteCrawler,
  kStartCrawl,
  kStopCrawl,  // a stop asked of a running crawl
  kFinishCrawl,  // a run ended: SUCCEEDED, FAILED or CANCELLED
};

// "create_table", "alter_partition", ...: stable names for logs and audit.
std::string_view ChangeKindName(ChangeKind kind);

// The object before or after a change, where one exists.
using ChangeValue = std::variant<std::monostate, Database, Table, Partition, std::vector<Partition>,
                                 Function, ColumnStatistics, Role, RoleGrant, PrivilegeGrant, Lock>;

struct ChangeRecord {
  ChangeKind kind = ChangeKind::kCreateDatabase;
  // How messages and the audit trail name the object: "sales",
  // "sales.orders", "sales.orders/ds=2024-01-01", "role analysts", "lock 7".
  std::string object;
  ChangeValue before;  // monostate for a creation, or when not read
  ChangeValue after;   // monostate for a deletion
  // For partition, statistics and index changes: the table they belong to,
  // shared by every record of one call.
  std::shared_ptr<const Table> table;
  // False when Hive appends no notification event for the change (the
  // default database created at first start).
  bool notify = true;
  // Table changes: false when the caller asked that the previous definition
  // not be kept as a version (Glue's SkipArchive; gRPC `skip_archive`, the
  // Thrift environment key `almanac.skip_archive`).
  bool archive = true;
  // Table changes the catalog made on its own account rather than from a
  // definition the caller sent ("restored version 3", "undropped"); table
  // versions begin their summary with it.
  std::string note;
};

}  // namespace almanac::model

#endif  // ALMANAC_CATALOG_MODEL_CHANGE_RECORD_H_
