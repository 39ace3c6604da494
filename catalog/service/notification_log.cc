#include "catalog/service/notification_log.h"

#include <utility>
#include <variant>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/status_macros.h"

namespace almanac::service {
namespace {

using model::ChangeKind;

model::NotificationEvent TableEvent(const char* type, const model::Table& table) {
  model::NotificationEvent e;
  e.event_type = type;
  e.database = table.database;
  e.table = table.name;
  return e;
}

template <typename T>
const T& As(const model::ChangeValue& value) {
  return std::get<T>(value);
}

}  // namespace

std::optional<model::NotificationEvent> EventFor(const model::ChangeRecord& c) {
  if (!c.notify) return std::nullopt;
  model::NotificationEvent e;
  switch (c.kind) {
    case ChangeKind::kCreateDatabase:
      e.event_type = model::kCreateDatabaseEvent;
      e.database = As<model::Database>(c.after).name;
      e.database_after = As<model::Database>(c.after);
      return e;
    case ChangeKind::kAlterDatabase:
      e.event_type = model::kAlterDatabaseEvent;
      e.database = As<model::Database>(c.after).name;
      e.database_before = As<model::Database>(c.before);
      e.database_after = As<model::Database>(c.after);
      return e;
    case ChangeKind::kDropDatabase:
      e.event_type = model::kDropDatabaseEvent;
      e.database = As<model::Database>(c.before).name;
      e.database_before = As<model::Database>(c.before);
      return e;
    case ChangeKind::kCreateTable:
      e = TableEvent(model::kCreateTableEvent, As<model::Table>(c.after));
      e.table_after = As<model::Table>(c.after);
      return e;
    case ChangeKind::kAlterTable:
      // A rename too: the event names the table by its new name.
      e = TableEvent(model::kAlterTableEvent, As<model::Table>(c.after));
      e.table_before = As<model::Table>(c.before);
      e.table_after = As<model::Table>(c.after);
      return e;
    case ChangeKind::kDropTable:
      e = TableEvent(model::kDropTableEvent, As<model::Table>(c.before));
      e.table_before = As<model::Table>(c.before);
      return e;
    case ChangeKind::kAddPartitions:
      e = TableEvent(model::kAddPartitionEvent, *c.table);
      e.table_after = *c.table;
      e.partitions_after = As<std::vector<model::Partition>>(c.after);
      return e;
    case ChangeKind::kAlterPartition:
      e = TableEvent(model::kAlterPartitionEvent, *c.table);
      e.table_after = *c.table;
      e.partitions_before = {As<model::Partition>(c.before)};
      e.partitions_after = {As<model::Partition>(c.after)};
      return e;
    case ChangeKind::kDropPartition:
      e = TableEvent(model::kDropPartitionEvent, *c.table);
      e.table_after = *c.table;
      e.partitions_before = {As<model::Partition>(c.before)};
      return e;
    default:
      return std::nullopt;
  }
}

absl::Status NotificationLog::BeforeCommit(storage::WriteTransaction& txn,
                                           const model::RequestContext& context,
                                           absl::Span<const model::ChangeRecord> changes) {
  if (changes.empty()) return absl::OkStatus();
  const int64_t now = absl::ToUnixSeconds(absl::Now());
  // The event made last and not appended yet: consecutive DROP_PARTITION
  // records of one table join it (one event per drop call).
  std::optional<model::NotificationEvent> pending;
  for (const model::ChangeRecord& change : changes) {
    if (pending.has_value() && change.notify && change.kind == ChangeKind::kDropPartition &&
        pending->event_type == model::kDropPartitionEvent && change.table != nullptr &&
        pending->database == change.table->database && pending->table == change.table->name) {
      pending->partitions_before.push_back(As<model::Partition>(change.before));
      continue;
    }
    std::optional<model::NotificationEvent> event = EventFor(change);
    if (!event.has_value()) continue;
    if (pending.has_value()) RETURN_IF_ERROR(txn.events().AppendNotification(*pending).status());
    event->event_time = now;
    pending = std::move(event);
  }
  if (pending.has_value()) RETURN_IF_ERROR(txn.events().AppendNotification(*pending).status());
  return absl::OkStatus();
}

}  // namespace almanac::service
