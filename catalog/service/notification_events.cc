#include "catalog/service/notification_events.h"

#include <utility>

#include "catalog/model/notification.h"
#include "catalog/service/service_internal.h"

namespace almanac::service::internal {
namespace {

absl::Status Append(storage::WriteTransaction* txn, model::NotificationEvent event) {
  event.event_time = NowSeconds();
  return txn->events().AppendNotification(event).status();
}

model::NotificationEvent TableEvent(const char* type, const model::Table& table) {
  model::NotificationEvent e;
  e.event_type = type;
  e.database = table.database;
  e.table = table.name;
  return e;
}

}  // namespace

absl::Status NotifyCreateDatabase(storage::WriteTransaction* txn, const model::Database& db) {
  model::NotificationEvent e;
  e.event_type = model::kCreateDatabaseEvent;
  e.database = db.name;
  e.database_after = db;
  return Append(txn, std::move(e));
}

absl::Status NotifyAlterDatabase(storage::WriteTransaction* txn, const model::Database& before,
                                 const model::Database& after) {
  model::NotificationEvent e;
  e.event_type = model::kAlterDatabaseEvent;
  e.database = after.name;
  e.database_before = before;
  e.database_after = after;
  return Append(txn, std::move(e));
}

absl::Status NotifyDropDatabase(storage::WriteTransaction* txn, const model::Database& db) {
  model::NotificationEvent e;
  e.event_type = model::kDropDatabaseEvent;
  e.database = db.name;
  e.database_before = db;
  return Append(txn, std::move(e));
}

absl::Status NotifyCreateTable(storage::WriteTransaction* txn, const model::Table& table) {
  model::NotificationEvent e = TableEvent(model::kCreateTableEvent, table);
  e.table_after = table;
  return Append(txn, std::move(e));
}

absl::Status NotifyAlterTable(storage::WriteTransaction* txn, const model::Table& before,
                              const model::Table& after) {
  model::NotificationEvent e = TableEvent(model::kAlterTableEvent, after);
  e.table_before = before;
  e.table_after = after;
  return Append(txn, std::move(e));
}

absl::Status NotifyDropTable(storage::WriteTransaction* txn, const model::Table& table) {
  model::NotificationEvent e = TableEvent(model::kDropTableEvent, table);
  e.table_before = table;
  return Append(txn, std::move(e));
}

absl::Status NotifyAddPartitions(storage::WriteTransaction* txn, const model::Table& table,
                                 const std::vector<model::Partition>& partitions) {
  model::NotificationEvent e = TableEvent(model::kAddPartitionEvent, table);
  e.table_after = table;
  e.partitions_after = partitions;
  return Append(txn, std::move(e));
}

absl::Status NotifyAlterPartition(storage::WriteTransaction* txn, const model::Table& table,
                                  const model::Partition& before, const model::Partition& after) {
  model::NotificationEvent e = TableEvent(model::kAlterPartitionEvent, table);
  e.table_after = table;
  e.partitions_before = {before};
  e.partitions_after = {after};
  return Append(txn, std::move(e));
}

absl::Status NotifyDropPartition(storage::WriteTransaction* txn, const model::Table& table,
                                 const model::Partition& partition) {
  model::NotificationEvent e = TableEvent(model::kDropPartitionEvent, table);
  e.table_after = table;
  e.partitions_before = {partition};
  return Append(txn, std::move(e));
}

}  // namespace almanac::service::internal
