// CatalogService: reading the notification log. Events are written by the
// mutating operations themselves (notification_events.h).
#include <string>
#include <vector>

#include "catalog/model/names.h"
#include "catalog/service/catalog_service.h"
#include "common/status_macros.h"

namespace almanac::service {

absl::StatusOr<std::vector<model::NotificationEvent>> CatalogService::ListNotifications(
    const model::RequestContext& ctx, int64_t after_id, int64_t max_events,
    const model::NotificationFilter& filter) {
  model::NotificationFilter lowered = filter;
  lowered.database = model::ToLowerName(filter.database);
  for (std::string& t : lowered.tables) t = model::ToLowerName(t);
  ASSIGN_OR_RETURN(std::unique_ptr<storage::ReadTransaction> txn, store_->BeginRead());
  return txn->events().ListNotifications(after_id, max_events > 0 ? max_events : 0, lowered);
}

absl::StatusOr<int64_t> CatalogService::CurrentNotificationId(const model::RequestContext& ctx) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::ReadTransaction> txn, store_->BeginRead());
  return txn->events().CurrentNotificationId();
}

absl::StatusOr<int64_t> CatalogService::CountNotifications(const model::RequestContext& ctx,
                                                           int64_t from_id, int64_t to_id,
                                                           std::string_view db) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::ReadTransaction> txn, store_->BeginRead());
  return txn->events().CountNotifications(from_id, to_id, model::ToLowerName(db));
}

absl::StatusOr<int64_t> CatalogService::ExpireNotifications(absl::Time now) {
  if (options_.notification_ttl_seconds <= 0) return 0;
  constexpr int64_t kBatch = 10'000;
  const int64_t cutoff = absl::ToUnixSeconds(now) - options_.notification_ttl_seconds;
  int64_t total = 0;
  while (true) {
    ASSIGN_OR_RETURN(std::unique_ptr<storage::WriteTransaction> txn, store_->BeginWrite());
    ASSIGN_OR_RETURN(int64_t deleted, txn->events().DeleteNotificationsBefore(cutoff, kBatch));
    RETURN_IF_ERROR(txn->Commit());
    total += deleted;
    if (deleted < kBatch) return total;
  }
}

}  // namespace almanac::service
