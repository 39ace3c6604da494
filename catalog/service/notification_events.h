// The notification events CatalogService appends for its changes, one helper
// per kind of change. Each appends through the caller's write transaction, so
// the event commits or rolls back with the change it describes.
//
// Event shapes follow what Hive's metastore emits: one ADD_PARTITION event
// for a batch of added partitions, one ALTER_PARTITION and one DROP_PARTITION
// per partition, ALTER_TABLE for a rename (before and after), and a
// DROP_TABLE per table before the DROP_DATABASE of a cascading drop.
//
// Stateless functions; thread-safe. Errors are the store's.
#ifndef ALMANAC_CATALOG_SERVICE_NOTIFICATION_EVENTS_H_
#define ALMANAC_CATALOG_SERVICE_NOTIFICATION_EVENTS_H_

#include <vector>

#include "absl/status/status.h"
#include "catalog/model/database.h"
#include "catalog/model/partition.h"
#include "catalog/model/table.h"
#include "storage/store.h"

namespace almanac::service::internal {

absl::Status NotifyCreateDatabase(storage::WriteTransaction* txn, const model::Database& db);
absl::Status NotifyAlterDatabase(storage::WriteTransaction* txn, const model::Database& before,
                                 const model::Database& after);
absl::Status NotifyDropDatabase(storage::WriteTransaction* txn, const model::Database& db);

absl::Status NotifyCreateTable(storage::WriteTransaction* txn, const model::Table& table);
// Also for renames: the event names the table by its new name.
absl::Status NotifyAlterTable(storage::WriteTransaction* txn, const model::Table& before,
                              const model::Table& after);
absl::Status NotifyDropTable(storage::WriteTransaction* txn, const model::Table& table);

absl::Status NotifyAddPartitions(storage::WriteTransaction* txn, const model::Table& table,
                                 const std::vector<model::Partition>& partitions);
absl::Status NotifyAlterPartition(storage::WriteTransaction* txn, const model::Table& table,
                                  const model::Partition& before, const model::Partition& after);
absl::Status NotifyDropPartition(storage::WriteTransaction* txn, const model::Table& table,
                                 const model::Partition& partition);

}  // namespace almanac::service::internal

#endif  // ALMANAC_CATALOG_SERVICE_NOTIFICATION_EVENTS_H_
