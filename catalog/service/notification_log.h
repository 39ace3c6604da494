// NotificationLog: derives Hive's notification events from change records,
// the one place where events are made. It runs as a change observer of the
// gate (gate.h), inside each write's transaction, so an event commits or
// rolls back with the change it describes and ids stay contiguous.
//
// Event shapes follow what Hive's metastore emits: one ADD_PARTITION event
// for a batch of added partitions, one ALTER_PARTITION per partition,
// ALTER_TABLE for a rename (before and after), a DROP_TABLE
// per table before the DROP_DATABASE of a cascading drop, and nothing for
// statistics, functions, indexes, grants or locks, nor for the default
// database created at first start (records with notify = false).
//
// One difference: a call that drops several partitions of a table yields ONE
// DROP_PARTITION event listing them all (consecutive kDropPartition records
// of the same table are merged), where Hive's metastore emits one per
// partition. Hive's DropPartitionMessage carries a list of partitions, so
// consumers that read the list (Impala's catalogd, Hive replication) see the
// same partitions go; a consumer that counts events sees fewer. The 1,000
// events of a 1,000-partition drop were about 45% of its time (BENCHMARKS.md).
//
// Stateless; thread-safe. Errors are the store's.
#ifndef ALMANAC_CATALOG_SERVICE_NOTIFICATION_LOG_H_
#define ALMANAC_CATALOG_SERVICE_NOTIFICATION_LOG_H_

#include <optional>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "catalog/model/change_record.h"
#include "catalog/model/notification.h"
#include "catalog/service/gate.h"

namespace almanac::service {

// The event a change record yields, without id and time; nullopt when Hive
// emits none for it.
std::optional<model::NotificationEvent> EventFor(const model::ChangeRecord& change);

class NotificationLog final : public ChangeObserver {
 public:
  absl::Status BeforeCommit(storage::WriteTransaction& txn, const model::RequestContext& context,
                            absl::Span<const model::ChangeRecord> changes) override;
};

}  // namespace almanac::service

#endif  // ALMANAC_CATALOG_SERVICE_NOTIFICATION_LOG_H_
